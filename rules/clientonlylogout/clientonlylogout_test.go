package clientonlylogout_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/clientonlylogout"
)

var rules = []analyzer.Rule{{Analyzer: clientonlylogout.Analyzer, Doc: clientonlylogout.Doc}}

// app is the Vite app of the fixtures, relative to the repository root as
// finding paths are.
const app = "fixtures/clientonlylogout/lovable"

func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/clientonlylogout", rules)
}

// TestFixInsertsSignOut applies the suggested fix of each listed finding
// and compares the lines from the finding on: the inserted sign-out and the
// statement it now precedes. Each case names the finding by its file and a
// unique part of its line. A case without lines means the finding must
// carry no fix: the function is not async, so `await` is not valid there.
func TestFixInsertsSignOut(t *testing.T) {
	res := scan(t, app)
	cases := []struct {
		file, line string
		fixed      []string
	}{
		{"src/components/StorageOnlyLogouts.tsx", "localStorage.clear(); // want", nil},
		{"src/components/StorageOnlyLogouts.tsx", `localStorage.removeItem("sb-abcdefghijklmnop-auth-token"); // want`, nil},
		{"src/components/StorageOnlyLogouts.tsx", "document.cookie = 'sb-x-auth-token=; Max-Age=0';", nil},
		{"src/components/StorageOnlyLogouts.tsx", `sessionStorage.removeItem("sb-abcdefghijklmnop-auth-token");`, []string{
			"    await supabase.auth.signOut();",
			`    sessionStorage.removeItem("sb-abcdefghijklmnop-auth-token");`,
		}},
		{"src/lib/forceLogout.ts", `localStorage.removeItem("sb-abcdefghijklmnop-auth-token");`, nil},
		// A sign-out right after the clearing moves in front of it.
		{"src/components/ClearBeforeSignOut.tsx", "clearSupabaseKeys(); // want", []string{
			"    await supabase.auth.signOut();",
			"    clearSupabaseKeys();",
			`    navigate("/login");`,
		}},
		{"src/components/ClearBeforeSignOut.tsx", `localStorage.removeItem("sb-abcdefghijklmnop-auth-token"); // want`, []string{
			`    await supabase.auth.signOut({ scope: "global" });`,
			`    localStorage.removeItem("sb-abcdefghijklmnop-auth-token");`,
			`    navigate("/login");`,
		}},
	}
	for _, c := range cases {
		f, ok := analyzertest.FindingOn(res, app+"/"+c.file, c.line)
		if !ok {
			t.Errorf("%s: no finding on the line with %s", c.file, c.line)
			continue
		}
		where := fmt.Sprintf("%s:%d", c.file, f.Start.Line)
		if c.fixed == nil {
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
		wantMessage := "sign out on the server before clearing storage"
		if c.file == "src/components/ClearBeforeSignOut.tsx" {
			wantMessage = "sign out before clearing storage, so the sign-out still finds the session"
		}
		if fix.Message != wantMessage {
			t.Errorf("%s: fix message = %q", where, fix.Message)
		}
		lines := strings.Split(analyzertest.ApplyFileEdits(t, filepath.Join(res.Root, f.File), fix.Edits), "\n")
		for i, want := range c.fixed {
			code, _, _ := strings.Cut(lines[f.Start.Line-1+i], " //")
			if code != want {
				t.Errorf("%s: fixed line %d = %q, want %q", where, f.Start.Line+i, code, want)
			}
		}
	}
}

// TestRelatedPointsAtSignOut checks that a clear before the sign-out links
// to the sign-out that revokes nothing, on the line after the clear.
func TestRelatedPointsAtSignOut(t *testing.T) {
	res := scan(t, app+"/src/components/ClearBeforeSignOut.tsx")
	if len(res.Findings) != 2 {
		t.Fatalf("got %d findings, want 2", len(res.Findings))
	}
	for _, f := range res.Findings {
		if len(f.Related) != 1 {
			t.Errorf("line %d: got %d related locations, want 1", f.Start.Line, len(f.Related))
			continue
		}
		r := f.Related[0]
		if r.Start.Line != f.Start.Line+1 {
			t.Errorf("line %d: related line = %d, want the sign-out on line %d", f.Start.Line, r.Start.Line, f.Start.Line+1)
		}
		if r.Message != "this sign-out revokes nothing because the session is already gone" {
			t.Errorf("line %d: related message = %q", f.Start.Line, r.Message)
		}
	}
}

// TestLevelIsError checks the level every finding of the rule carries.
func TestLevelIsError(t *testing.T) {
	res := scan(t, app)
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if f.Level != analyzer.LevelError {
			t.Errorf("%s:%d: level = %s, want error", f.File, f.Start.Line, f.Level)
		}
	}
}

// scan runs the rule on a file or folder given relative to the repository root.
func scan(t *testing.T, path string) *analyzer.Result {
	t.Helper()
	return analyzertest.Scan(t, rules, "../../"+path)
}
