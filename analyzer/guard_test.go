package analyzer

import (
	"strings"
	"testing"
)

const testJWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl"

func TestFinishResultRedacts(t *testing.T) {
	res := &Result{
		Findings: []Finding{{
			Rule:     "r",
			Message:  "getItem('" + testJWT + "')",
			LineText: "  const k = '" + testJWT + "';",
			Related:  []Related{{Message: "read here: " + testJWT}},
			Fixes: []Fix{
				{Message: "drop " + testJWT, Edits: []Edit{{NewText: "signOut()"}}},
				{Message: "copy", Edits: []Edit{{NewText: "use('" + testJWT + "')"}}},
			},
			Suppression: &Suppression{Justification: "key " + testJWT + " is a test key"},
		}},
		Notices: []Notice{{File: "a.ts", Message: "quoted " + testJWT}},
	}
	finishResult(res)
	f := res.Findings[0]
	if f.Message != "getItem('<redacted>')" {
		t.Errorf("Message = %q, want %q", f.Message, "getItem('<redacted>')")
	}
	if want := "  const k = '<redacted>" + strings.Repeat("*", len(testJWT)-len("<redacted>")) + "';"; f.LineText != want {
		t.Errorf("LineText = %q, want %q", f.LineText, want)
	}
	if f.Related[0].Message != "read here: <redacted>" {
		t.Errorf("Related message = %q, want %q", f.Related[0].Message, "read here: <redacted>")
	}
	if len(f.Fixes) != 1 || f.Fixes[0].Message != "drop <redacted>" {
		t.Errorf("Fixes = %+v, want only the fix without a secret in its edits, with its message redacted", f.Fixes)
	}
	if f.Suppression.Justification != "key <redacted> is a test key" {
		t.Errorf("Justification = %q, want %q", f.Suppression.Justification, "key <redacted> is a test key")
	}
	if res.Notices[0].Message != "quoted <redacted>" {
		t.Errorf("notice = %q, want %q", res.Notices[0].Message, "quoted <redacted>")
	}
}

func TestFinishResultDropsFixesWithSecrets(t *testing.T) {
	res := &Result{Findings: []Finding{{Fixes: []Fix{{Edits: []Edit{{NewText: testJWT}}}}}}}
	finishResult(res)
	if res.Findings[0].Fixes != nil {
		t.Errorf("Fixes = %+v, want nil", res.Findings[0].Fixes)
	}
}
