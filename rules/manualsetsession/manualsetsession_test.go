package manualsetsession_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/manualsetsession"
)

const fixtures = "../../fixtures/manualsetsession"

var rules = []analyzer.Rule{{Analyzer: manualsetsession.Analyzer, Doc: manualsetsession.Doc}}

func TestFixtures(t *testing.T) {
	res := analyzertest.Run(t, fixtures, rules)
	if res == nil {
		return
	}
	// Every fixture file must parse, or part of it would go unanalysed.
	for _, n := range res.Notices {
		t.Errorf("unexpected notice: %s:%d: %s", n.File, n.Line, n.Message)
	}
}

// lineOf returns the 1-based number of the first line of a fixture file
// that contains text.
func lineOf(t *testing.T, rel, text string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, rel))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, text) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line containing %q", rel, text)
	return 0
}

// findingAt returns the finding that starts on line of file, failing
// the test when there is none.
func findingAt(t *testing.T, res *analyzer.Result, file string, line int) analyzer.Finding {
	t.Helper()
	for _, f := range res.Findings {
		if strings.HasSuffix(f.File, file) && f.Start.Line == line {
			return f
		}
	}
	t.Fatalf("no finding at %s:%d", file, line)
	return analyzer.Finding{}
}

func TestRelatedPointsAtStorageRead(t *testing.T) {
	res, err := analyzer.Run(analyzer.Config{Paths: []string{fixtures}, Rules: rules, Jobs: 2})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	const file = "webapp/src/lib/restoreSession.ts"
	f := findingAt(t, res, file, lineOf(t, file, "await supabase.auth.setSession({ access_token, refresh_token });"))

	if f.Level != analyzer.LevelWarning {
		t.Errorf("level = %q, want %q", f.Level, analyzer.LevelWarning)
	}
	if len(f.Fixes) != 0 {
		t.Errorf("got %d fixes, want none: the rule cannot know where the app should get its tokens", len(f.Fixes))
	}
	if len(f.Related) != 1 {
		t.Fatalf("got %d related locations, want 1", len(f.Related))
	}
	rel := f.Related[0]
	if rel.Message != "the token is read from storage here" {
		t.Errorf("related message = %q", rel.Message)
	}
	if want := lineOf(t, file, "const refresh_token = localStorage.getItem('sb_refresh');"); rel.Start.Line != want {
		t.Errorf("related line = %d, want %d (the sb_refresh read)", rel.Start.Line, want)
	}
	if !strings.HasSuffix(rel.File, file) {
		t.Errorf("related file = %q, want %s", rel.File, file)
	}
}

func TestRelatedFollowsSameFileHelper(t *testing.T) {
	res, err := analyzer.Run(analyzer.Config{Paths: []string{fixtures}, Rules: rules, Jobs: 2})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	const file = "webapp/src/lib/restoreSession.ts"
	f := findingAt(t, res, file, lineOf(t, file, "refresh_token: tokens.refresh_token"))
	if len(f.Related) != 1 {
		t.Fatalf("got %d related locations, want 1", len(f.Related))
	}
	// The read sits inside readStoredTokens, not at the call site.
	if want := lineOf(t, file, "window.localStorage.getItem('auth_tokens')"); f.Related[0].Start.Line != want {
		t.Errorf("related line = %d, want %d (inside readStoredTokens)", f.Related[0].Start.Line, want)
	}
}
