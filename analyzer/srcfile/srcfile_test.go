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

func TestPositionByteOrderMark(t *testing.T) {
	// Editors hide the mark, so x is column 1 and y column 3 of line 1.
	src := []byte("\xEF\xBB\xBFx y\r\nz")
	l := NewLines(src)
	cases := []struct {
		off, line, col int
	}{
		{0, 1, 1}, // inside the mark
		{2, 1, 1}, // inside the mark
		{3, 1, 1}, // x
		{5, 1, 3}, // y
		{8, 2, 1}, // z after CRLF
	}
	for _, c := range cases {
		line, col := l.Position(c.off)
		if line != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
	}
	if got := l.Text(1); got != "x y" {
		t.Errorf("Text(1) = %q, want %q without the mark", got, "x y")
	}
	if got := l.Len(1); got != 3 {
		t.Errorf("Len(1) = %d, want 3", got)
	}
}

func TestPositionMarkOnlyInFirstLine(t *testing.T) {
	// A U+FEFF after the start of the file is an ordinary character of
	// one UTF-16 unit.
	src := []byte("a\n\xEF\xBB\xBFb")
	l := NewLines(src)
	if _, col := l.Position(5); col != 2 {
		t.Errorf("column of b = %d, want 2", col)
	}
	if got := l.Text(2); got != "\uFEFFb" {
		t.Errorf("Text(2) = %q, want the mark kept", got)
	}
}

func TestLinesEmptyFile(t *testing.T) {
	l := NewLines(nil)
	if got := l.Count(); got != 1 {
		t.Errorf("Count = %d, want 1", got)
	}
	if line, col := l.Position(0); line != 1 || col != 1 {
		t.Errorf("Position(0) = %d:%d, want 1:1", line, col)
	}
	if got := l.Text(1); got != "" {
		t.Errorf("Text(1) = %q, want empty", got)
	}
	if got := l.Len(2); got != 0 {
		t.Errorf("Len(2) = %d, want 0 for a line past the end", got)
	}
}

func TestLenMatchesText(t *testing.T) {
	l := NewLines([]byte("one\r\ntwo\rthree\n"))
	for n := 1; n <= l.Count(); n++ {
		if got, want := l.Len(n), len(l.Text(n)); got != want {
			t.Errorf("Len(%d) = %d, want %d", n, got, want)
		}
	}
}
