package autofix

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// logoutTS is a file with three places a fix may touch.
const logoutTS = `import { supabase } from "./client";

export async function logout() {
  localStorage.clear();
  await supabase.auth.signOut({ scope: "local" });
}
`

// files is an in-memory file system for Options.Read.
type files map[string]string

func (m files) read(name string) ([]byte, error) {
	content, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(content), nil
}

// editAt returns an edit of file that replaces the first occurrence of
// old in content with text.
func editAt(t *testing.T, content, file, old, text string) analyzer.Edit {
	t.Helper()
	start := strings.Index(content, old)
	if start < 0 {
		t.Fatalf("%q not found", old)
	}
	return editSpan(content, file, start, start+len(old), text)
}

// insertAt returns an edit that inserts text before anchor.
func insertAt(t *testing.T, content, file, anchor, text string) analyzer.Edit {
	t.Helper()
	at := strings.Index(content, anchor)
	if at < 0 {
		t.Fatalf("%q not found", anchor)
	}
	return editSpan(content, file, at, at, text)
}

func editSpan(content, file string, start, end int, text string) analyzer.Edit {
	lines := srcfile.NewLines([]byte(content))
	e := analyzer.Edit{Range: analyzer.Range{File: file}, NewText: text}
	e.Start.Offset, e.End.Offset = start, end
	e.Start.Line, e.Start.Column = lines.Position(start)
	e.End.Line, e.End.Column = lines.Position(end)
	return e
}

// fixFinding returns a finding of file with one fix made of edits. The
// finding starts where the first edit does.
func fixFinding(rule, file string, edits ...analyzer.Edit) analyzer.Finding {
	f := analyzer.Finding{Rule: rule, Range: analyzer.Range{File: file}}
	if len(edits) > 0 {
		f.Start = edits[0].Start
		f.End = edits[0].End
	}
	f.Fixes = []analyzer.Fix{{Message: "fix " + rule, Edits: edits}}
	return f
}

func plan(t *testing.T, disk files, findings []analyzer.Finding) *Result {
	t.Helper()
	return Plan(findings, Options{Read: disk.read})
}

func changeOf(t *testing.T, res *Result, file string) Change {
	t.Helper()
	for _, c := range res.Changes {
		if c.File == file {
			return c
		}
	}
	t.Fatalf("no change of %s; rejected: %+v", file, res.Rejected)
	return Change{}
}

func TestPlanAppliesFixesOfSeveralFiles(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS, "supabase/config.toml": "[auth]\nrefresh_token_reuse_interval = 60\n"}
	findings := []analyzer.Finding{
		fixFinding("localscopelogout", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()")),
		fixFinding("refreshrotation", "supabase/config.toml", editAt(t, disk["supabase/config.toml"], "supabase/config.toml", "60", "10")),
		fixFinding("clientonlylogout", "src/logout.ts", insertAt(t, logoutTS, "src/logout.ts", "localStorage.clear();", "await supabase.auth.signOut();\n  ")),
	}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected: %+v", res.Rejected)
	}
	if len(res.Changes) != 2 {
		t.Fatalf("got %d changes, want 2", len(res.Changes))
	}
	logout := changeOf(t, res, "src/logout.ts")
	want := `import { supabase } from "./client";

export async function logout() {
  await supabase.auth.signOut();
  localStorage.clear();
  await supabase.auth.signOut();
}
`
	if string(logout.New) != want {
		t.Errorf("fixed src/logout.ts:\n%s\nwant:\n%s", logout.New, want)
	}
	if string(logout.Old) != logoutTS {
		t.Errorf("Old of src/logout.ts is not the original content")
	}
	if got := logout.Fixed; len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Errorf("Fixed = %v, want [0 2]", got)
	}
	config := changeOf(t, res, "supabase/config.toml")
	if string(config.New) != "[auth]\nrefresh_token_reuse_interval = 10\n" {
		t.Errorf("fixed config.toml = %q", config.New)
	}
	if res.FixedFindings() != 3 {
		t.Errorf("FixedFindings = %d, want 3", res.FixedFindings())
	}
	if res.Changes[0].File != "src/logout.ts" || res.Changes[1].File != "supabase/config.toml" {
		t.Errorf("changes are not sorted by file: %s, %s", res.Changes[0].File, res.Changes[1].File)
	}
}

func TestPlanRejectsOverlappingFixes(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	findings := []analyzer.Finding{
		fixFinding("localscopelogout", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()")),
		fixFinding("otherrule", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", `"local" })`, `"global" })`)),
		fixFinding("clientonlylogout", "src/logout.ts", insertAt(t, logoutTS, "src/logout.ts", "localStorage.clear();", "await supabase.auth.signOut();\n  ")),
	}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 2 {
		t.Fatalf("got %d rejections, want 2: %+v", len(res.Rejected), res.Rejected)
	}
	wantReasons := []string{
		"its fix overlaps the fix of the otherrule finding at src/logout.ts:5:40, so neither is applied; fix both by hand",
		"its fix overlaps the fix of the localscopelogout finding at src/logout.ts:5:30, so neither is applied; fix both by hand",
	}
	for i, r := range res.Rejected {
		if r.Finding != i {
			t.Errorf("rejection %d is of finding %d, want %d", i, r.Finding, i)
		}
		if r.Reason != wantReasons[i] {
			t.Errorf("rejection %d reason = %q, want %q", i, r.Reason, wantReasons[i])
		}
	}
	change := changeOf(t, res, "src/logout.ts")
	if got := change.Fixed; len(got) != 1 || got[0] != 2 {
		t.Errorf("Fixed = %v, want [2]", got)
	}
	if !strings.Contains(string(change.New), `signOut({ scope: "local" })`) {
		t.Error("an overlapping fix was applied")
	}
}

func TestPlanRejectsTwoInsertionsAtOneOffset(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	findings := []analyzer.Finding{
		fixFinding("a", "src/logout.ts", insertAt(t, logoutTS, "src/logout.ts", "localStorage", "first();\n  ")),
		fixFinding("b", "src/logout.ts", insertAt(t, logoutTS, "src/logout.ts", "localStorage", "second();\n  ")),
	}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 2 || len(res.Changes) != 0 {
		t.Errorf("got %d rejections and %d changes, want 2 and 0", len(res.Rejected), len(res.Changes))
	}
}

func TestPlanAppliesIdenticalEditsOnce(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	edit := editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()")
	findings := []analyzer.Finding{
		fixFinding("localscopelogout", "src/logout.ts", edit),
		fixFinding("otherrule", "src/logout.ts", edit),
	}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected: %+v", res.Rejected)
	}
	change := changeOf(t, res, "src/logout.ts")
	if want := strings.Replace(logoutTS, `({ scope: "local" })`, "()", 1); string(change.New) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", change.New, want)
	}
	if len(change.Fixed) != 2 {
		t.Errorf("Fixed = %v, want both findings", change.Fixed)
	}
}

func TestPlanAllowsInsertionAtReplacementEdge(t *testing.T) {
	disk := files{"a.ts": "let x = 1;\n"}
	findings := []analyzer.Finding{
		fixFinding("replace", "a.ts", editAt(t, disk["a.ts"], "a.ts", "1", "2")),
		fixFinding("before", "a.ts", insertAt(t, disk["a.ts"], "a.ts", "1", "0 + ")),
		fixFinding("after", "a.ts", insertAt(t, disk["a.ts"], "a.ts", ";", " + 3")),
	}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected: %+v", res.Rejected)
	}
	if got := string(changeOf(t, res, "a.ts").New); got != "let x = 0 + 2 + 3;\n" {
		t.Errorf("fixed file = %q, want %q", got, "let x = 0 + 2 + 3;\n")
	}
}

func TestPlanRejectsStaleFix(t *testing.T) {
	edited := "// a line added after the scan\n" + logoutTS
	disk := files{"src/logout.ts": edited}
	// The edit was computed on the original content.
	findings := []analyzer.Finding{fixFinding("localscopelogout", "src/logout.ts",
		editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()"))}
	res := plan(t, disk, findings)
	if len(res.Changes) != 0 {
		t.Errorf("a stale fix was applied")
	}
	want := "the fix does not fit the file any more (it changed since the scan); scan again"
	if len(res.Rejected) != 1 || res.Rejected[0].Reason != want {
		t.Errorf("rejections = %+v, want one with %q", res.Rejected, want)
	}
}

func TestPlanRejectsOutOfRangeFix(t *testing.T) {
	disk := files{"a.ts": "x;\n"}
	e := editSpan("x;\n", "a.ts", 1, 2, "y")
	e.End.Offset = 50
	res := plan(t, disk, []analyzer.Finding{fixFinding("r", "a.ts", e)})
	if len(res.Rejected) != 1 || len(res.Changes) != 0 {
		t.Errorf("got %d rejections and %d changes, want 1 and 0", len(res.Rejected), len(res.Changes))
	}
}

func TestPlanRejectsOverlappingEditsOfOneFix(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	findings := []analyzer.Finding{fixFinding("r", "src/logout.ts",
		editAt(t, logoutTS, "src/logout.ts", "localStorage.clear();", ""),
		editAt(t, logoutTS, "src/logout.ts", "clear", "removeItem"),
	)}
	res := plan(t, disk, findings)
	want := "the fix has overlapping edits; apply it by hand"
	if len(res.Rejected) != 1 || res.Rejected[0].Reason != want {
		t.Errorf("rejections = %+v, want one with %q", res.Rejected, want)
	}
}

func TestPlanRejectsFixThatBreaksSyntax(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	findings := []analyzer.Finding{
		fixFinding("breaks", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", "localStorage.clear();", "localStorage.clear(;")),
		fixFinding("localscopelogout", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()")),
	}
	res := plan(t, disk, findings)
	want := "the fixed file would have a syntax error; fix this by hand"
	if len(res.Rejected) != 1 || res.Rejected[0].Finding != 0 || res.Rejected[0].Reason != want {
		t.Fatalf("rejections = %+v, want finding 0 with %q", res.Rejected, want)
	}
	change := changeOf(t, res, "src/logout.ts")
	if want := strings.Replace(logoutTS, `({ scope: "local" })`, "()", 1); string(change.New) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", change.New, want)
	}
}

// TestPlanRejectsFixesThatBreakSyntaxTogether checks two fixes that each
// parse on their own, but not together: a statement inserted between an
// if statement and its new else branch.
func TestPlanRejectsFixesThatBreakSyntaxTogether(t *testing.T) {
	src := "if (a) x();\ny();\n"
	disk := files{"a.ts": src}
	findings := []analyzer.Finding{
		fixFinding("else", "a.ts", editAt(t, src, "a.ts", "y();", "else y();")),
		fixFinding("insert", "a.ts", insertAt(t, src, "a.ts", "y();", "w();\n")),
	}
	res := plan(t, disk, findings)
	want := "together with the other fixes of this file, the fix would leave a syntax error; fix this by hand"
	if len(res.Rejected) != 2 {
		t.Fatalf("got %d rejections, want 2: %+v", len(res.Rejected), res.Rejected)
	}
	for _, r := range res.Rejected {
		if r.Reason != want {
			t.Errorf("rejection of finding %d: reason = %q, want %q", r.Finding, r.Reason, want)
		}
	}
	if len(res.Changes) != 0 {
		t.Errorf("got %d changes, want none", len(res.Changes))
	}
}

// TestPlanKeepsExistingSyntaxErrors checks that a file that already has
// a syntax error can still be fixed elsewhere: only new errors count.
func TestPlanKeepsExistingSyntaxErrors(t *testing.T) {
	broken := logoutTS + "const = ;\n"
	disk := files{"src/logout.ts": broken}
	findings := []analyzer.Finding{fixFinding("localscopelogout", "src/logout.ts",
		editAt(t, broken, "src/logout.ts", `({ scope: "local" })`, "()"))}
	res := plan(t, disk, findings)
	if len(res.Rejected) != 0 || len(res.Changes) != 1 {
		t.Errorf("got %d rejections and %d changes, want 0 and 1: %+v", len(res.Rejected), len(res.Changes), res.Rejected)
	}
}

func TestPlanSkipsSuppressedAndFixlessFindings(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS}
	suppressed := fixFinding("localscopelogout", "src/logout.ts", editAt(t, logoutTS, "src/logout.ts", `({ scope: "local" })`, "()"))
	suppressed.Suppression = &analyzer.Suppression{Justification: "this device only, by design"}
	fixless := analyzer.Finding{Rule: "duplicatetokenstorage", Range: analyzer.Range{File: "src/logout.ts"}}
	res := plan(t, disk, []analyzer.Finding{suppressed, fixless})
	if len(res.Changes) != 0 || len(res.Rejected) != 0 {
		t.Errorf("got %d changes and %d rejections, want none", len(res.Changes), len(res.Rejected))
	}
}

func TestPlanRejectsFixOfAnotherFile(t *testing.T) {
	disk := files{"src/logout.ts": logoutTS, "src/other.ts": logoutTS}
	findings := []analyzer.Finding{fixFinding("r", "src/logout.ts",
		editAt(t, logoutTS, "src/other.ts", `({ scope: "local" })`, "()"))}
	res := plan(t, disk, findings)
	want := "the fix edits another file (src/other.ts); apply it by hand"
	if len(res.Rejected) != 1 || res.Rejected[0].Reason != want || len(res.Changes) != 0 {
		t.Errorf("rejections = %+v, changes = %d; want one with %q and no change", res.Rejected, len(res.Changes), want)
	}
}

func TestPlanReportsUnreadableFile(t *testing.T) {
	findings := []analyzer.Finding{fixFinding("localscopelogout", "src/gone.ts",
		editAt(t, logoutTS, "src/gone.ts", `({ scope: "local" })`, "()"))}
	res := plan(t, files{}, findings)
	want := "cannot read src/gone.ts: file does not exist"
	if len(res.Rejected) != 1 || res.Rejected[0].Reason != want {
		t.Errorf("rejections = %+v, want one with %q", res.Rejected, want)
	}
}
