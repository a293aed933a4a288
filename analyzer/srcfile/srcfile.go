// Package srcfile maps byte offsets in source text to the lines and
// columns an editor shows. LF, CRLF and a lone CR each end a line, and
// columns count UTF-16 code units. A UTF-8 byte-order mark at the start
// of the file takes no column.
package srcfile

import (
	"bytes"
	"unicode/utf8"
)

// BOM is the UTF-8 encoding of the byte-order mark U+FEFF.
var BOM = []byte{0xEF, 0xBB, 0xBF}

// Lines is the line table of one file's content.
type Lines struct {
	src []byte
	// starts holds the byte offset of the first byte of each line.
	starts []int
	// textStart is the offset where the text of line 1 starts: 3 after a
	// byte-order mark, else 0. Editors hide the mark and do not count it
	// as a column.
	textStart int
}

// NewLines builds the line table of src.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, len(src)/32+1)
	textStart := 0
	if bytes.HasPrefix(src, BOM) {
		textStart = len(BOM)
	}
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
	return &Lines{src: src, starts: starts, textStart: textStart}
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
// character as started; invalid UTF-8 bytes count one unit each. The
// byte-order mark and any offset inside it are column 1.
func (l *Lines) Position(off int) (line, col int) {
	if off > len(l.src) {
		off = len(l.src)
	}
	if off < 0 {
		off = 0
	}
	line = l.Line(off)
	start := l.lineStart(line)
	if off < start {
		return line, 1
	}
	return line, 1 + UTF16Len(l.src[start:off])
}

// lineStart returns the offset of the first character of 1-based line n,
// which for line 1 is after the byte-order mark.
func (l *Lines) lineStart(n int) int {
	if n == 1 {
		return l.textStart
	}
	return l.starts[n-1]
}

// lineBounds returns the byte span of 1-based line n without the
// byte-order mark and the line terminator.
func (l *Lines) lineBounds(n int) (start, end int) {
	start = l.lineStart(n)
	end = len(l.src)
	if n < len(l.starts) {
		end = l.starts[n]
	}
	for end > start && (l.src[end-1] == '\n' || l.src[end-1] == '\r') {
		end--
	}
	return start, end
}

// Text returns the text of 1-based line n without its line terminator,
// and for line 1 without the byte-order mark.
func (l *Lines) Text(n int) string {
	if n < 1 || n > len(l.starts) {
		return ""
	}
	start, end := l.lineBounds(n)
	return string(l.src[start:end])
}

// Len returns the length in bytes of the text Text(n) returns, without
// copying it.
func (l *Lines) Len(n int) int {
	if n < 1 || n > len(l.starts) {
		return 0
	}
	start, end := l.lineBounds(n)
	return end - start
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
