package fingerprint

import "testing"

// logoutInput is a finding of localscopelogout whose expected
// fingerprint was computed with Python's hashlib, not with this package:
//
//	parts = ["sessionlint/v1", "localscopelogout", "src/auth.ts",
//	         "AuthProvider.logout", "supabase.auth.signOut({scope:'local'})"]
//	sha256(b"".join(p.encode() + b"\0" for p in parts)).hexdigest()[:32]
var logoutInput = CodeInput{
	Rule:       "localscopelogout",
	File:       "src/auth.ts",
	Code:       "supabase.auth.signOut({ scope: 'local' })",
	Function:   "AuthProvider.logout",
	Occurrence: 1,
}

const logoutFingerprint = "86e357c8fafba6b33f76b8bde36a071c:1"

func TestCodeKnownValue(t *testing.T) {
	if got := Code(logoutInput); got != logoutFingerprint {
		t.Errorf("Code = %q, want %q", got, logoutFingerprint)
	}
}

func TestCodeIgnoresWhiteSpace(t *testing.T) {
	in := logoutInput
	in.Code = "supabase.auth\n    .signOut({\tscope:   'local'\r\n})"
	if got := Code(in); got != logoutFingerprint {
		t.Errorf("Code of the reformatted call = %q, want %q", got, logoutFingerprint)
	}
}

func TestCodeChangesWithEachPart(t *testing.T) {
	changes := map[string]func(*CodeInput){
		"rule":       func(in *CodeInput) { in.Rule = "clientonlylogout" },
		"file":       func(in *CodeInput) { in.File = "src/other.ts" },
		"code":       func(in *CodeInput) { in.Code = "supabase.auth.signOut({ scope: 'others' })" },
		"function":   func(in *CodeInput) { in.Function = "AuthProvider.signOut" },
		"occurrence": func(in *CodeInput) { in.Occurrence = 2 },
	}
	for part, change := range changes {
		in := logoutInput
		change(&in)
		if got := Code(in); got == logoutFingerprint {
			t.Errorf("changing the %s kept the fingerprint %q", part, got)
		}
	}
}

// TestCodePartsDoNotRunTogether checks that moving text from one part to
// the next changes the fingerprint: the parts are separated, not joined.
func TestCodePartsDoNotRunTogether(t *testing.T) {
	a := CodeInput{Rule: "r", File: "ab", Function: "c", Code: "x", Occurrence: 1}
	b := CodeInput{Rule: "r", File: "a", Function: "bc", Code: "x", Occurrence: 1}
	if Code(a) == Code(b) {
		t.Errorf("file %q + function %q and file %q + function %q share the fingerprint %q",
			a.File, a.Function, b.File, b.Function, Code(a))
	}
}

func TestNormalizeCode(t *testing.T) {
	cases := map[string]string{
		"":                         "",
		"a b":                      "ab",
		" signOut ( { scope } ) ":  "signOut({scope})",
		"line1\nline2\r\n\tline3":  "line1line2line3",
		"no\u00a0break\u2003space": "nobreakspace",
	}
	for in, want := range cases {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}
