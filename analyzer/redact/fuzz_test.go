package redact

import (
	"testing"
	"unicode/utf8"
)

func FuzzRedact(f *testing.F) {
	for _, seed := range []string{
		"", jwt, "x " + jwt + " y", "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"eyJ.eyJ.", "eyJaaaa.bbbb.eyJcccc.dddd.", "AKIAIOSFODNN7EXAMPLEAKIAIOSFODNN7EXAMPLE",
		"-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		redacted := String(s)
		if Contains(redacted) {
			t.Fatalf("String(%q) = %q still contains a secret", s, redacted)
		}
		if again := String(redacted); again != redacted {
			t.Fatalf("String is not idempotent: %q, then %q", redacted, again)
		}
		masked := Mask(s)
		if len(masked) != len(s) {
			t.Fatalf("len(Mask(%q)) = %d, want %d", s, len(masked), len(s))
		}
		if utf8.ValidString(s) && utf8.RuneCountInString(masked) != utf8.RuneCountInString(s) {
			t.Fatalf("Mask(%q) = %q changes the number of characters", s, masked)
		}
		if Contains(masked) {
			t.Fatalf("Mask(%q) = %q still contains a secret", s, masked)
		}
		if Contains(s) == (redacted == s) {
			t.Fatalf("Contains(%q) = %v, but String changed it: %v", s, Contains(s), redacted != s)
		}
	})
}
