package report

import (
	"testing"
	"unicode/utf8"
)

// FuzzEscapeTerminal checks that escaped text holds nothing a terminal
// acts on: no C0 or C1 control (a tab only where kept), no DEL, no
// bidirectional formatting character and no invalid UTF-8.
func FuzzEscapeTerminal(f *testing.F) {
	for _, seed := range []string{"", "plain", "a\tb", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\r\n", "\xff\xfe", "\u202eevil", "\u0085", "é😀"} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, s string, keepTab bool) {
		out := escapeTerminal(s, keepTab)
		if !utf8.ValidString(out) {
			t.Fatalf("escapeTerminal(%q) = %q is not valid UTF-8", s, out)
		}
		for _, r := range out {
			switch {
			case r == '\t' && keepTab:
			case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F, isBidiControl(r):
				t.Fatalf("escapeTerminal(%q, %v) = %q holds %U", s, keepTab, out, r)
			}
		}
		if !needsEscape(s, keepTab) && out != s {
			t.Fatalf("escapeTerminal(%q) = %q changed text that needs no escape", s, out)
		}
	})
}
