package localscopelogout_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/localscopelogout"
)

var rules = []analyzer.Rule{{Analyzer: localscopelogout.Analyzer, Doc: localscopelogout.Doc}}

// onlyLocalApp is the app without a revoking sign-out, relative to the
// repository root as finding paths are.
const onlyLocalApp = "fixtures/localscopelogout/onlylocal"

func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/localscopelogout", rules)
}

// TestFixDropsLocalScope applies the suggested fix of each finding in the
// app without a revoking sign-out and compares the code of the fixed line.
// Each case names the finding by its file and a unique part of its line. An
// empty fixed line means the finding must carry no fix, because the
// argument is not a lone inline `{ scope: 'local' }` literal.
func TestFixDropsLocalScope(t *testing.T) {
	res := scan(t, onlyLocalApp)
	cases := []struct{ file, line, fixed string }{
		{"src/components/AccountMenu.tsx", `await supabase.auth.signOut({ scope: "local" });`, "    await supabase.auth.signOut();"},
		{"src/components/AccountMenu.tsx", `rememberDevice ? "local"`, ""},
		{"src/components/AccountMenu.tsx", `scope: everywhere ? "global" : "local"`, ""},
		{"src/components/AccountMenu.tsx", `signOut({ scope: "local" }) // want`, "          supabase.auth.signOut()"},
		{"src/lib/AuthService.ts", `this.sb.auth.signOut({ scope: "local" })`, "    await this.sb.auth.signOut();"},
		{"src/lib/session.ts", `signOut(SIGN_OUT_OPTIONS)`, ""},
		{"src/lib/session.ts", `.signOut({ scope: "local" }) //`, "    .signOut()"},
		{"src/lib/session.ts", `supabase.auth.signOut({ scope: "local" }),`, "    supabase.auth.signOut(),"},
		{"src/lib/session.ts", `scope: LOGOUT_SCOPE`, ""},
		{"src/lib/session.ts", `supabase?.auth.signOut({ scope: "local" })`, `export const logoutIfConfigured = () => supabase?.auth.signOut();`},
		{"src/lib/scopeParams.ts", `// want "supabase\\.auth\\.signOut uses scope`, ""},
		{"src/lib/scopeParams.ts", `// want "supabase\\.auth\\.signOut\\(\\{ scope \\}\\)`, ""},
	}
	if len(res.Findings) != len(cases) {
		t.Errorf("got %d findings, want %d", len(res.Findings), len(cases))
	}
	for _, c := range cases {
		f, ok := analyzertest.FindingOn(res, onlyLocalApp+"/"+c.file, c.line)
		if !ok {
			t.Errorf("%s: no finding on the line with %s", c.file, c.line)
			continue
		}
		where := fmt.Sprintf("%s:%d", c.file, f.Start.Line)
		if c.fixed == "" {
			if len(f.Fixes) != 0 {
				t.Errorf("%s: got %d fixes, want none", where, len(f.Fixes))
			}
			continue
		}
		if len(f.Fixes) != 1 {
			t.Errorf("%s: got %d fixes, want 1", where, len(f.Fixes))
			continue
		}
		fix := f.Fixes[0]
		if fix.Message != "remove the scope option so the sign-out revokes every session" {
			t.Errorf("%s: fix message = %q", where, fix.Message)
		}
		fixed := analyzertest.ApplyFileEdits(t, filepath.Join(res.Root, f.File), fix.Edits)
		line := strings.Split(fixed, "\n")[f.Start.Line-1]
		code, _, _ := strings.Cut(line, " //")
		if code != c.fixed {
			t.Errorf("%s: fixed line = %q, want %q", where, code, c.fixed)
		}
	}
}

// TestTernaryScopeSpan checks that a condition written inside the call is
// reported at its 'local' string, with no related location.
func TestTernaryScopeSpan(t *testing.T) {
	file := onlyLocalApp + "/src/components/AccountMenu.tsx"
	res := scan(t, file)
	f, ok := analyzertest.FindingOn(res, file, `rememberDevice ? "local"`)
	if !ok {
		t.Fatal("no finding on the rememberDevice line")
	}
	src, err := os.ReadFile(filepath.Join(res.Root, f.File))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(src[f.Start.Offset:f.End.Offset]); got != `"local"` {
		t.Errorf("reported span = %s, want \"local\"", got)
	}
	if len(f.Related) != 0 {
		t.Errorf("related = %+v, want none", f.Related)
	}
}

// TestLevelIsWarning checks the level every finding of the rule carries.
func TestLevelIsWarning(t *testing.T) {
	res := scan(t, onlyLocalApp)
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if f.Level != analyzer.LevelWarning {
			t.Errorf("%s:%d: level = %s, want warning", f.File, f.Start.Line, f.Level)
		}
	}
}

// scan runs the rule on a file or folder given relative to the repository root.
func scan(t *testing.T, path string) *analyzer.Result {
	t.Helper()
	return analyzertest.Scan(t, rules, "../../"+path)
}
