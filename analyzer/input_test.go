package analyzer

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestUndecodable(t *testing.T) {
	utf16 := []byte{'c', 0, 'o', 0, 'n', 0, 's', 0, 't', 0}
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"empty", nil, ""},
		{"UTF-8", []byte("const é = '😀';\n"), ""},
		{"UTF-8 with byte-order mark", []byte("\xEF\xBB\xBFconst a = 1;"), ""},
		{"invalid UTF-8", []byte("const a = '\xff\xfe';"), ""},
		{"UTF-16 LE mark", append([]byte{0xFF, 0xFE}, utf16...), "not analysed: the file is UTF-16 encoded; save it as UTF-8 to have it checked"},
		{"UTF-16 BE mark", []byte{0xFE, 0xFF, 0, 'a'}, "not analysed: the file is UTF-16 encoded; save it as UTF-8 to have it checked"},
		{"UTF-32 LE mark", []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, "not analysed: the file is UTF-32 encoded; save it as UTF-8 to have it checked"},
		{"UTF-32 BE mark", []byte{0, 0, 0xFE, 0xFF, 0, 0, 0, 'a'}, "not analysed: the file is UTF-32 encoded; save it as UTF-8 to have it checked"},
		{"UTF-16 LE without mark", utf16, "not analysed: the file is UTF-16 encoded without a byte-order mark; save it as UTF-8 to have it checked"},
		{"UTF-16 BE without mark", append([]byte{0}, utf16[:len(utf16)-1]...), "not analysed: the file is UTF-16 encoded without a byte-order mark; save it as UTF-8 to have it checked"},
		{"NUL after text", []byte("const a = 1;\x00"), "not analysed: binary file (it contains NUL bytes)"},
		{"NUL far into the file", []byte(strings.Repeat("x", 100000) + "\x00"), "not analysed: binary file (it contains NUL bytes)"},
		{"zeros in both positions", []byte{0, 0, 'a', 0, 0, 'b'}, "not analysed: binary file (it contains NUL bytes)"},
	}
	for _, c := range cases {
		if got := undecodable(c.content); got != c.want {
			t.Errorf("%s: undecodable = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLongestLine(t *testing.T) {
	cases := []struct {
		content      string
		line, length int
	}{
		{"", 1, 0},
		{"abc", 1, 3},
		{"a\nbcd\nef", 2, 3},
		{"a\r\nbcd\r\nefgh\r\n", 3, 4},
		{"a\rbcd\ref", 2, 3},
		{"ab\n\n\nabc", 4, 3},
		{"same\nsize", 1, 4}, // the first longest line
	}
	for _, c := range cases {
		line, length := longestLine([]byte(c.content))
		if line != c.line || length != c.length {
			t.Errorf("longestLine(%q) = %d, %d; want %d, %d", c.content, line, length, c.line, c.length)
		}
	}
}

func TestWalkErrorNotice(t *testing.T) {
	removed := walkErrorNotice("src/gone", &fs.PathError{Op: "open", Path: "/x/src/gone", Err: fs.ErrNotExist})
	if want := (Notice{File: "src/gone", Message: "not scanned: removed during the scan"}); removed != want {
		t.Errorf("removed folder: %+v, want %+v", removed, want)
	}
	denied := walkErrorNotice("src/locked", &fs.PathError{Op: "open", Path: "/x/src/locked", Err: fs.ErrPermission})
	if want := (Notice{File: "src/locked", Message: "cannot read: permission denied", Incomplete: true}); denied != want {
		t.Errorf("unreadable folder: %+v, want %+v", denied, want)
	}
}

func TestReadNoticeOfOtherErrors(t *testing.T) {
	src := &source{rel: "src/a.ts", reported: true}
	got := readNotice(src, &fs.PathError{Op: "read", Path: "/x/src/a.ts", Err: errors.New("input/output error")})
	if want := (Notice{File: "src/a.ts", Message: "cannot read: input/output error", Incomplete: true}); *got != want {
		t.Errorf("readNotice = %+v, want %+v", *got, want)
	}
	src.reported = false
	if got := readNotice(src, fs.ErrPermission); got.Incomplete {
		t.Errorf("readNotice for a context file = %+v, want it not to mark the scan incomplete", *got)
	}
}

func TestUniqueNotices(t *testing.T) {
	a := Notice{File: "a", Message: "m"}
	b := Notice{File: "b", Message: "m"}
	got := uniqueNotices([]Notice{a, a, b, b, b})
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("uniqueNotices = %+v, want [a b]", got)
	}
}
