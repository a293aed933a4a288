package srcfile

import (
	"bytes"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// referencePositions computes the editor position of every byte offset of
// src (and of len(src)) another way: it walks the runes of each line and
// adds their UTF-16 lengths. An offset inside a multi-byte character
// counts each byte before it as one unit, as decoding the cut bytes does.
func referencePositions(src []byte) (lines, cols []int, texts []string) {
	lines = make([]int, len(src)+1)
	cols = make([]int, len(src)+1)
	start := 0
	if bytes.HasPrefix(src, BOM) {
		start = len(BOM)
		for off := 0; off < start; off++ {
			lines[off], cols[off] = 1, 1
		}
	}
	for line := 1; ; line++ {
		end := start
		for end < len(src) && src[end] != '\n' && src[end] != '\r' {
			end++
		}
		units := 0
		for p := start; p < end; {
			r, size := utf8.DecodeRune(src[p:end])
			for k := 0; k < size; k++ {
				lines[p+k], cols[p+k] = line, 1+units+k
			}
			units += len(utf16.Encode([]rune{r}))
			p += size
		}
		lines[end], cols[end] = line, 1+units // the terminator, or the end of the file
		texts = append(texts, string(src[start:end]))
		if end == len(src) {
			return lines, cols, texts
		}
		start = end + 1
		if src[end] == '\r' && start < len(src) && src[start] == '\n' {
			lines[start], cols[start] = line, 2+units
			start++
		}
	}
}

func FuzzLines(f *testing.F) {
	for _, seed := range []string{
		"", "a", "\n", "\r", "\r\n", "a\r\nb\rc\nd", "\xEF\xBB\xBFx\r\ny", "\xEF\xBB",
		"é😀x\n", "\xff\xfe\x00a", "\n\r\r\n\n", "\xEF\xBB\xBF",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// Position costs O(column), so the check of every offset is quadratic;
		// short inputs keep each run fast.
		if len(src) > 1024 {
			src = src[:1024]
		}
		l := NewLines(src)
		wantLines, wantCols, wantTexts := referencePositions(src)
		if l.Count() != len(wantTexts) {
			t.Fatalf("Count = %d, want %d for %q", l.Count(), len(wantTexts), src)
		}
		for off := 0; off <= len(src); off++ {
			line, col := l.Position(off)
			if line != wantLines[off] || col != wantCols[off] {
				t.Fatalf("Position(%d) = %d:%d, want %d:%d for %q", off, line, col, wantLines[off], wantCols[off], src)
			}
			if got := l.Line(off); got != line {
				t.Fatalf("Line(%d) = %d, want %d", off, got, line)
			}
		}
		for n, want := range wantTexts {
			if got := l.Text(n + 1); got != want {
				t.Fatalf("Text(%d) = %q, want %q for %q", n+1, got, want, src)
			}
			if got := l.Len(n + 1); got != len(want) {
				t.Fatalf("Len(%d) = %d, want %d", n+1, got, len(want))
			}
			if utf8.ValidString(want) && UTF16Len([]byte(want)) != len(utf16.Encode([]rune(want))) {
				t.Fatalf("UTF16Len(%q) disagrees with utf16.Encode", want)
			}
		}
	})
}
