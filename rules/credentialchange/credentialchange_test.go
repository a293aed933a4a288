package credentialchange_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/credentialchange"
)

var rules = []analyzer.Rule{{Analyzer: credentialchange.Analyzer, Doc: credentialchange.Doc}}

// app is the fixture app, relative to the repository root as finding paths
// are.
const app = "fixtures/credentialchange/app"

func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/credentialchange", rules)
}

// TestLevelsByCategory checks that a password change is a note and an
// email change or MFA enrolment a warning. Each case names the finding by
// its file and a unique part of its line.
func TestLevelsByCategory(t *testing.T) {
	res := scan(t, app)
	cases := []struct {
		file, line string
		category   string
		level      analyzer.Level
	}{
		{"src/pages/AccountSettings.tsx", "updateUser({ password: newPassword }); // want", credentialchange.CategoryPassword, analyzer.LevelNote},
		{"src/pages/ResetPassword.tsx", "updateUser({ password })", credentialchange.CategoryPassword, analyzer.LevelNote},
		{"src/pages/Security.tsx", "auth.updateUser({ password })", credentialchange.CategoryPassword, analyzer.LevelNote},
		{"src/pages/AccountSettings.tsx", "updateUser({ // want", credentialchange.CategoryEmail, analyzer.LevelWarning},
		{"src/pages/ChangeEmail.tsx", "updateUser({ ...emailForm })", credentialchange.CategoryEmail, analyzer.LevelWarning},
		{"src/components/EnrollMfa.tsx", "mfa.verify(", credentialchange.CategoryMFA, analyzer.LevelWarning},
		{"src/components/EnrollMfa.tsx", "mfa.challengeAndVerify(", credentialchange.CategoryMFA, analyzer.LevelWarning},
	}
	for _, c := range cases {
		f, ok := analyzertest.FindingOn(res, app+"/"+c.file, c.line)
		if !ok {
			t.Errorf("%s: no finding on the line with %s", c.file, c.line)
			continue
		}
		where := fmt.Sprintf("%s:%d", c.file, f.Start.Line)
		if f.Category != c.category {
			t.Errorf("%s: category = %q, want %q", where, f.Category, c.category)
		}
		if f.Level != c.level {
			t.Errorf("%s: level = %q, want %q", where, f.Level, c.level)
		}
	}
}

// TestFixAfterErrorGuard checks that the sign-out goes after an
// `if (error) { ...; return; }` guard that follows the update.
func TestFixAfterErrorGuard(t *testing.T) {
	file := app + "/src/pages/AccountSettings.tsx"
	res := scan(t, file)
	f, ok := analyzertest.FindingOn(res, file, "updateUser({ // want")
	if !ok {
		t.Fatal("no finding on the email change with the guard")
	}

	if len(f.Fixes) != 1 {
		t.Fatalf("got %d fixes, want 1", len(f.Fixes))
	}
	fix := f.Fixes[0]
	if fix.Message != "sign out the other sessions after the change succeeds" {
		t.Errorf("fix message = %q", fix.Message)
	}
	if len(fix.Edits) != 1 {
		t.Fatalf("got %d edits, want 1", len(fix.Edits))
	}
	// The file writes strings in double quotes, and so does the fix.
	if got, want := fix.Edits[0].NewText, "\n    await supabase.auth.signOut({ scope: \"others\" });"; got != want {
		t.Errorf("new text = %q, want %q", got, want)
	}

	lines := strings.Split(analyzertest.ApplyFileEdits(t, filepath.Join(res.Root, f.File), fix.Edits), "\n")
	want := []string{
		"      email: newEmail,",
		"    });",
		"    if (error) {",
		"      toast.error(error.message);",
		"      return;",
		"    }",
		`    await supabase.auth.signOut({ scope: "others" });`,
		`    toast.success("Check both inboxes to confirm the new address");`,
	}
	for i, w := range want {
		if got := lines[f.Start.Line+i]; got != w {
			t.Errorf("fixed line %d = %q, want %q", f.Start.Line+1+i, got, w)
		}
	}
}

// TestNoFixForThenChain checks that an update whose result goes to a
// `.then` callback gets no fix, since there is no awaited statement to
// insert after.
func TestNoFixForThenChain(t *testing.T) {
	file := app + "/src/pages/Security.tsx"
	res := scan(t, file)
	f, ok := analyzertest.FindingOn(res, file, "auth.updateUser({ email }).then(")
	if !ok {
		t.Fatal("no finding on the .then chain")
	}
	if len(f.Fixes) != 0 {
		t.Errorf("got %d fixes, want none", len(f.Fixes))
	}
}

// scan runs the rule on a file or folder given relative to the repository root.
func scan(t *testing.T, path string) *analyzer.Result {
	t.Helper()
	return analyzertest.Scan(t, rules, "../../"+path)
}
