package srcfile

import "testing"

func TestPositionLineEndings(t *testing.T) {
	src := []byte("a\nbb\r\ncc\rd")
	l := NewLines(src)
	if got := l.Count(); got != 4 {
		t.Fatalf("Count = %d, want 4", got)
	}
	cases := []struct {
		off, line, col int
	}{
		{0, 1, 1},
		{2, 2, 1},  // b after LF
		{3, 2, 2},  // second b
		{6, 3, 1},  // c after CRLF
		{9, 4, 1},  // d after lone CR
		{10, 4, 2}, // end of file
	}
	for _, c := range cases {
		line, col := l.Position(c.off)
		if line != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
	}
	if got := l.Text(2); got != "bb" {
		t.Errorf("Text(2) = %q, want %q", got, "bb")
	}
	if got := l.Text(3); got != "cc" {
		t.Errorf("Text(3) = %q, want %q", got, "cc")
	}
}

func TestPositionUTF16Columns(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
	src := []byte("é😀x")
	l := NewLines(src)
	_, col := l.Position(len("é😀"))
	if col != 4 {
		t.Errorf("column of x = %d, want 4", col)
	}
	if got := UTF16Len([]byte{0xff, 'a'}); got != 2 {
		t.Errorf("UTF16Len(invalid byte + a) = %d, want 2", got)
	}
}
