// Package fingerprint computes the primaryLocationLineHash partial
// fingerprints that GitHub code scanning uses to track an alert while the
// code around it moves.
//
// The values match what the upload-sarif step of github/codeql-action
// computes in src/fingerprints.ts (read at commit f3f1edb, June 2026) for
// results that arrive without one. Writing them into the SARIF file keeps
// the alert identity the same when the file is uploaded without that step.
//
// The algorithm, restated:
//
//   - The file is decoded as UTF-8 and read as a sequence of UTF-16 code
//     units, as JavaScript strings are.
//   - Spaces and tabs are dropped. A CR becomes LF, and an LF right after a
//     CR is dropped, so LF, CRLF and a lone CR each end one line.
//   - The value 0xFFFF marks the end of the file. If the file is empty or
//     ends with a line break, this marker starts one last, empty line.
//   - The hash of a line covers the first 100 units of that sequence from
//     the line's first unit on, running into the following lines and
//     padded with zeros after the end marker. It is the polynomial
//     sum of unit[k] * 37^(99-k) for k = 0..99, in 64-bit wrapping
//     arithmetic, written as lowercase hexadecimal without leading zeros.
//   - A line's fingerprint is "hash:n", where n counts how many lines up
//     to and including this one have the same hash.
package fingerprint

import (
	"strconv"
	"unicode/utf16"
)

// PrimaryLocationLineHash is the key of the partial fingerprint that
// LineHashes computes, as SARIF result.partialFingerprints spells it.
const PrimaryLocationLineHash = "primaryLocationLineHash"

const (
	// blockSize is the number of code units that each line hash covers.
	blockSize = 100
	// multiplier is the base of the polynomial hash.
	multiplier = 37
	// endOfFile is the code unit appended after the last character.
	endOfFile = 0xFFFF
)

// LineHashes returns the primaryLocationLineHash of every line of content:
// element 0 is line 1. Lines are counted as editors count them (LF, CRLF
// and a lone CR each end a line), so a file that ends with a line break
// has one more, empty, line, and an empty file has one line.
func LineHashes(content []byte) []string {
	units, lineStarts := normalize(decodeUTF16(content))

	hashes := make([]string, len(lineStarts))
	counts := make(map[uint64]int, len(lineStarts))
	for i, start := range lineStarts {
		h := hashBlock(units, start)
		counts[h]++
		hashes[i] = strconv.FormatUint(h, 16) + ":" + strconv.Itoa(counts[h])
	}
	return hashes
}

// normalize drops spaces, tabs and the LF of each CRLF, turns every CR
// into LF, appends the end-of-file marker, and returns the resulting
// units with the index at which each line starts.
func normalize(units []uint16) (normalized []uint16, lineStarts []int) {
	normalized = make([]uint16, 0, len(units)+1)
	atLineStart := true
	afterCR := false

	add := func(u uint16) {
		if u == ' ' || u == '\t' || (afterCR && u == '\n') {
			afterCR = false
			return
		}
		afterCR = u == '\r'
		if u == '\r' {
			u = '\n'
		}
		if atLineStart {
			lineStarts = append(lineStarts, len(normalized))
			atLineStart = false
		}
		if u == '\n' {
			atLineStart = true
		}
		normalized = append(normalized, u)
	}

	for _, u := range units {
		add(u)
	}
	add(endOfFile)
	return normalized, lineStarts
}

// hashBlock hashes the blockSize units from start on, treating units past
// the end of the slice as zero.
func hashBlock(units []uint16, start int) uint64 {
	var h uint64
	for k := 0; k < blockSize; k++ {
		var u uint64
		if start+k < len(units) {
			u = uint64(units[start+k])
		}
		h = h*multiplier + u
	}
	return h
}

// decodeUTF16 decodes b as UTF-8 into UTF-16 code units. Each maximal
// invalid subsequence becomes one U+FFFD, as in the UTF-8 decoder of the
// WHATWG Encoding Standard. The output was compared with what Node.js 20
// fs.createReadStream(file, "utf8") yields, which upload-sarif reads, for
// about 300 invalid inputs, including sequences split across its 64 KiB
// read chunks, and matched in every case.
func decodeUTF16(b []byte) []uint16 {
	units := make([]uint16, 0, len(b))
	emit := func(r rune) {
		if r >= 0x10000 {
			high, low := utf16.EncodeRune(r)
			units = append(units, uint16(high), uint16(low))
			return
		}
		units = append(units, uint16(r))
	}

	var (
		codePoint rune
		needed    int  // continuation bytes still expected
		seen      int  // continuation bytes read so far
		lower     byte = 0x80
		upper     byte = 0xBF
	)
	for i := 0; i < len(b); {
		c := b[i]
		if needed == 0 {
			switch {
			case c <= 0x7F:
				emit(rune(c))
			case c >= 0xC2 && c <= 0xDF:
				needed, codePoint = 1, rune(c&0x1F)
			case c >= 0xE0 && c <= 0xEF:
				if c == 0xE0 {
					lower = 0xA0 // rejects overlong forms
				}
				if c == 0xED {
					upper = 0x9F // rejects surrogates
				}
				needed, codePoint = 2, rune(c&0x0F)
			case c >= 0xF0 && c <= 0xF4:
				if c == 0xF0 {
					lower = 0x90 // rejects overlong forms
				}
				if c == 0xF4 {
					upper = 0x8F // rejects code points above U+10FFFF
				}
				needed, codePoint = 3, rune(c&0x07)
			default:
				emit(0xFFFD)
			}
			i++
			continue
		}

		if c < lower || c > upper {
			// The sequence ends early: replace what was read and decode
			// this byte again as the start of a new sequence.
			codePoint, needed, seen = 0, 0, 0
			lower, upper = 0x80, 0xBF
			emit(0xFFFD)
			continue
		}
		lower, upper = 0x80, 0xBF
		codePoint = codePoint<<6 | rune(c&0x3F)
		seen++
		i++
		if seen == needed {
			emit(codePoint)
			codePoint, needed, seen = 0, 0, 0
		}
	}
	if needed != 0 {
		emit(0xFFFD)
	}
	return units
}
