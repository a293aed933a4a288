// Package srcfile maps byte offsets in source text to the lines and
// columns an editor shows: LF, CRLF and a lone CR each end a line, and
// columns count UTF-16 code units.
package srcfile

import (
	"unicode/utf8"
)

// Lines is the line table of one file's content.
type Lines struct {
	src []byte
	// starts holds the byte offset of the first byte of each line.
	starts []int
}

// NewLines builds the line table of src.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, len(src)/32+1)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &Lines{src: src, starts: starts}
}

// Starts returns the byte offset of the start of every line, suitable for
// token.File.SetLines.
func (l *Lines) Starts() []int { return l.starts }

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// Line returns the 1-based line that holds byte offset off.
func (l *Lines) Line(off int) int {
	lo, hi := 0, len(l.starts)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// Position returns the 1-based line and the 1-based UTF-16 column of byte
// offset off. An offset inside a multi-byte character counts the
// character as started; invalid UTF-8 bytes count one unit each.
func (l *Lines) Position(off int) (line, col int) {
	if off > len(l.src) {
		off = len(l.src)
	}
	if off < 0 {
		off = 0
	}
	line = l.Line(off)
	start := l.starts[line-1]
	return line, 1 + UTF16Len(l.src[start:off])
}

// Text returns the text of 1-based line n without its line terminator.
func (l *Lines) Text(n int) string {
	if n < 1 || n > len(l.starts) {
		return ""
	}
	start := l.starts[n-1]
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n]
	}
	for end > start && (l.src[end-1] == '\n' || l.src[end-1] == '\r') {
		end--
	}
	return string(l.src[start:end])
}

// UTF16Len counts the UTF-16 code units that b encodes. Each invalid
// UTF-8 byte counts as one unit, as editors show it as one replacement
// character.
func UTF16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}
