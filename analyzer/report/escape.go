package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// escapeTerminal returns s with every character that a terminal could act
// on replaced by a visible escape, so that file names, messages and source
// text from a scanned repository cannot move the cursor, change colours or
// reorder the text around them:
//
//   - \t, \n and \r become those two-character escapes, except that a
//     tab stays a tab when keepTab is set, for source lines.
//   - Other C0 controls and DEL become \xNN.
//   - C1 controls (U+0080 to U+009F) become \uNNNN.
//   - The Unicode bidirectional formatting characters (U+200E, U+200F,
//     U+202A to U+202E, U+2066 to U+2069) become \uNNNN.
//   - Each byte of invalid UTF-8 becomes \xNN.
//
// A backslash is not escaped, so the output is for people to read, not
// for a program to decode.
func escapeTerminal(s string, keepTab bool) string {
	if !needsEscape(s, keepTab) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(escapeRune(r, keepTab))
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string, keepTab bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && (c != '\t' || !keepTab)) || c == 0x7F {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || r <= 0x9F || isBidiControl(r) {
			return true // invalid UTF-8, C1 control or bidi control
		}
		i += size
	}
	return false
}

// escapeRune returns the escape for one valid rune, or the rune itself.
func escapeRune(r rune, keepTab bool) string {
	switch {
	case r == '\t' && keepTab:
		return "\t"
	case r == '\t':
		return `\t`
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r < 0x20 || r == 0x7F:
		return fmt.Sprintf(`\x%02x`, r)
	case r >= 0x80 && r <= 0x9F, isBidiControl(r):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return string(r)
}

func isBidiControl(r rune) bool {
	return r == 0x200E || r == 0x200F ||
		(r >= 0x202A && r <= 0x202E) ||
		(r >= 0x2066 && r <= 0x2069)
}
