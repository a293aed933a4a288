package duplicatetokenstorage_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/duplicatetokenstorage"
)

const fixtures = "../../fixtures/duplicatetokenstorage"

var rules = []analyzer.Rule{{Analyzer: duplicatetokenstorage.Analyzer, Doc: duplicatetokenstorage.Doc}}

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

func scan(t *testing.T) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: []string{fixtures}, Rules: rules, Jobs: 2})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return res
}

// position returns the 1-based line and byte column of the first
// occurrence of text in a fixture file. The fixture lines it is used on
// are ASCII, so byte and UTF-16 columns agree.
func position(t *testing.T, rel, text string) (line, column int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, rel))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if c := strings.Index(l, text); c >= 0 {
			return i + 1, c + 1
		}
	}
	t.Fatalf("%s has no line containing %q", rel, text)
	return 0, 0
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

func TestMixedClientsRelatedLocation(t *testing.T) {
	res := scan(t)
	const file = "mixed/src/lib/supabase.ts"
	line, col := position(t, file, "createBrowserClient(url, anonKey)")
	f := findingAt(t, res, file, line)

	if f.Start.Column != col {
		t.Errorf("finding starts at column %d, want %d (the createBrowserClient call)", f.Start.Column, col)
	}
	if f.Level != analyzer.LevelWarning {
		t.Errorf("level = %q, want %q", f.Level, analyzer.LevelWarning)
	}
	if len(f.Fixes) != 0 {
		t.Errorf("got %d fixes, want none", len(f.Fixes))
	}
	if len(f.Related) != 1 {
		t.Fatalf("got %d related locations, want 1", len(f.Related))
	}
	rel := f.Related[0]
	if rel.Message != "the supabase-js client is created here" {
		t.Errorf("related message = %q", rel.Message)
	}
	wantLine, wantCol := position(t, file, "createClient(url, anonKey)")
	if rel.Start.Line != wantLine || rel.Start.Column != wantCol {
		t.Errorf("related starts at %d:%d, want %d:%d (the createClient call)", rel.Start.Line, rel.Start.Column, wantLine, wantCol)
	}
}

func TestCookieAssignmentRange(t *testing.T) {
	res := scan(t)
	const file = "webapp/src/pages/Login.tsx"
	line, col := position(t, file, "document.cookie = `token=")
	f := findingAt(t, res, file, line)

	// The finding covers the whole assignment, from document.cookie to
	// the end of the template literal.
	if f.Start.Column != col {
		t.Errorf("finding starts at column %d, want %d", f.Start.Column, col)
	}
	_, endCol := position(t, file, "SameSite=Lax`")
	endCol += len("SameSite=Lax`")
	if f.End.Line != line || f.End.Column != endCol {
		t.Errorf("finding ends at %d:%d, want %d:%d", f.End.Line, f.End.Column, line, endCol)
	}
	// The evidence is the sign-in call that returned the session.
	if len(f.Related) != 1 {
		t.Fatalf("got %d related locations, want 1", len(f.Related))
	}
	signInLine, _ := position(t, file, "supabase.auth.signInWithPassword")
	if r := f.Related[0]; r.Start.Line != signInLine || r.Message != "the session comes from signInWithPassword here" {
		t.Errorf("related = %d %q, want line %d %q", r.Start.Line, r.Message, signInLine, "the session comes from signInWithPassword here")
	}
}
