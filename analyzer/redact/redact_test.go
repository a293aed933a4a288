package redact

import (
	"strings"
	"testing"
)

// jwt is a structurally valid JWT (header {"alg":"HS256","typ":"JWT"}) with a
// made-up payload and signature.
const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLW5vdC1yZWFs"

func TestStringRedactsSecrets(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"jwt in call", "createClient(url, '" + jwt + "')", "createClient(url, '<redacted>')"},
		{"jwt with empty signature", "x eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. y", "x <redacted> y"},
		{"supabase secret key", "key sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz here", "key <redacted> here"},
		{"supabase publishable key", "'sb_publishable_ZAEgrfOCyQz2kg_7XcYKjA_MTFrLl5E'", "'<redacted>'"},
		{"supabase access token", "sbp_0102030405060708090a0b0c0d0e0f1011121314", "<redacted>"},
		{"stripe key", "sk_live_51HqTzLKj3vGxQ2", "<redacted>"},
		{"github token", "ghp_1234567890abcdefghijABCDEFGHIJ123456", "<redacted>"},
		{"aws key id", "AKIAIOSFODNN7EXAMPLE", "<redacted>"},
		{"google key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "<redacted>"},
		{"pem header", "-----BEGIN RSA PRIVATE KEY-----", "<redacted>"},
		{"long hex", "token 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.", "token <redacted>."},
		{"base64 with slash", "k=Zm9vYmFyYmF6cXV4/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==", "<redacted>"},
		{"jwt cut in the payload", "getItem('eyJhbGciOiJIUzI1NiJ9.eyJyb2xl…", "getItem('<redacted>…"},
		{"two secrets", jwt + " and " + jwt, "<redacted> and <redacted>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := String(c.in); got != c.want {
				t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
			}
			if !Contains(c.in) {
				t.Errorf("Contains(%q) = false, want true", c.in)
			}
		})
	}
}

func TestStringKeepsOrdinaryText(t *testing.T) {
	for _, in := range []string{
		"supabase.auth.signOut({ scope: 'local' }) ends this device's session only",
		"localStorage.setItem('sb-abcdefghijklmnopqrst-auth-token', value)",
		"src/components/account/settings/SecuritySettings.tsx",
		"supabase-auth-token-v2-session-storage-key-for-the-browser",
		"NEXT_PUBLIC_SUPABASE_ANON_KEY",
		"a short key abc123",
		"0123456789012345678901234567890123456789", // digits only
		"é😀 non-ASCII text stays as it is",
		"",
	} {
		if got := String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
		if Contains(in) {
			t.Errorf("Contains(%q) = true, want false", in)
		}
	}
}

func TestMaskKeepsLength(t *testing.T) {
	in := "  const key = '" + jwt + "'; signOut()"
	got := Mask(in)
	if len(got) != len(in) {
		t.Fatalf("len(Mask) = %d, want %d", len(got), len(in))
	}
	want := "  const key = '<redacted>" + strings.Repeat("*", len(jwt)-len(Placeholder)) + "'; signOut()"
	if got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
	if strings.Contains(got, "eyJ") {
		t.Errorf("Mask = %q still contains the token", got)
	}
}

func TestOverlappingMatchesMerge(t *testing.T) {
	// The generic rule and the JWT rule both match; the output has one
	// placeholder.
	in := "Bearer " + jwt
	if got, want := String(in), "Bearer <redacted>"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
