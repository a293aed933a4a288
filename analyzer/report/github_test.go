package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

func writeGitHub(t *testing.T, r *analyzer.Result, opt GitHubOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := GitHub(&buf, r, opt); err != nil {
		t.Fatalf("GitHub: %v", err)
	}
	return buf.String()
}

func TestGitHubSample(t *testing.T) {
	got := writeGitHub(t, sampleResult(), GitHubOptions{})
	want := "::error file=supabase/config.toml,line=7,col=1,endLine=7,endColumn=38," +
		"title=refreshrotation%3A Refresh token rotation is disabled::enable_refresh_token_rotation is false\n" +
		"::warning file=src/auth/log out.ts,line=3,col=8,endLine=3,endColumn=49," +
		"title=localscopelogout%3A Logout with scope 'local' keeps other sessions signed in::" +
		"signOut({ scope: 'local' }) leaves the refresh tokens of other devices valid\n" +
		"::notice file=src/ünïcode/€.ts,line=1,col=23,endLine=1,endColumn=55," +
		"title=manualsetsession%3A Session set from tokens outside the auth client::" +
		"setSession() is called with tokens read from <input> fields\n"
	if got != want {
		t.Errorf("GitHub output:\n%s\nwant:\n%s", got, want)
	}
}

func TestGitHubEscaping(t *testing.T) {
	r := &analyzer.Result{Findings: []analyzer.Finding{{
		Rule:    "r",
		Level:   analyzer.LevelWarning,
		Message: "100% done\r\nnext line: a, b \x1b[31m\u202e",
		Range: analyzer.Range{
			File:  "src/a,b:c%.ts",
			Start: analyzer.Position{Line: 2, Column: 1},
			End:   analyzer.Position{Line: 4, Column: 3},
		},
	}}}
	got := writeGitHub(t, r, GitHubOptions{})
	want := "::warning file=src/a%2Cb%3Ac%25.ts,line=2,endLine=4,title=sessionlint r::" +
		`100%25 done%0D%0Anext line: a, b \x1b[31m\u202e` + "\n"
	if got != want {
		t.Errorf("GitHub output:\n%q\nwant:\n%q", got, want)
	}
}

func TestEscapeWorkflowProperty(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a:b,c", "a%3Ab%2Cc"},
		{"50%", "50%25"},
		{"%3A", "%253A"},
		{"line\nbreak", "line%0Abreak"},
		{"bad \xff byte", `bad \xff byte`},
	}
	for _, tt := range tests {
		if got := escapeWorkflowProperty(tt.in); got != tt.want {
			t.Errorf("escapeWorkflowProperty(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGitHubLeavesOutSuppressed(t *testing.T) {
	got := writeGitHub(t, suppressedResult(), GitHubOptions{})
	if strings.Contains(got, "localscopelogout") {
		t.Errorf("suppressed finding is annotated:\n%s", got)
	}
	if n := strings.Count(got, "\n"); n != 2 {
		t.Errorf("got %d lines, want 2:\n%s", n, got)
	}
}

func TestGitHubEmpty(t *testing.T) {
	if got := writeGitHub(t, &analyzer.Result{}, GitHubOptions{}); got != "" {
		t.Errorf("GitHub output without findings = %q, want nothing", got)
	}
}

func TestGitHubAnnotationLimits(t *testing.T) {
	// 12 findings of each level: 10 errors and 10 warnings become
	// annotations, 9 notes do, and the summary takes the tenth notice.
	r := manyFindings(36)
	got := writeGitHub(t, r, GitHubOptions{})
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")

	count := func(prefix string) int {
		n := 0
		for _, line := range lines {
			if strings.HasPrefix(line, prefix) {
				n++
			}
		}
		return n
	}
	if n := count("::error "); n != 10 {
		t.Errorf("got %d error annotations, want 10", n)
	}
	if n := count("::warning "); n != 10 {
		t.Errorf("got %d warning annotations, want 10", n)
	}
	if n := count("::notice "); n != 10 {
		t.Errorf("got %d notice commands, want 9 annotations and the summary", n)
	}
	if n := count("sessionlint: "); n != 7 {
		t.Errorf("got %d plain lines, want 7", n)
	}

	// Errors come first, in file order.
	if !strings.HasPrefix(lines[0], "::error file=a.ts,line=3,") {
		t.Errorf("first line = %q, want the error on line 3", lines[0])
	}
	if !strings.HasPrefix(lines[10], "::warning file=a.ts,line=2,") {
		t.Errorf("line 11 = %q, want the first warning", lines[10])
	}
	if want := "sessionlint: error: a.ts:33:1: finding 32 (localscopelogout)"; lines[29] != want {
		t.Errorf("first plain line = %q, want %q", lines[29], want)
	}

	wantSummary := "::notice title=sessionlint::7 more findings (2 errors, 2 warnings, 3 notes) listed in the log " +
		"without annotations: GitHub shows at most 10 annotations per level in a step. " +
		"Upload the SARIF output to code scanning to see every finding."
	if last := lines[len(lines)-1]; last != wantSummary {
		t.Errorf("last line = %q, want %q", last, wantSummary)
	}
}

func TestGitHubTotalLimit(t *testing.T) {
	r := manyFindings(6)
	got := writeGitHub(t, r, GitHubOptions{PerLevel: 5, Total: 3})
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	// Two slots for findings (both errors) and one for the summary.
	title := "localscopelogout%3A Logout with scope 'local' keeps other sessions signed in"
	want := []string{
		"::error file=a.ts,line=3,col=1,endLine=3,endColumn=5,title=" + title + "::finding 2",
		"::error file=a.ts,line=6,col=1,endLine=6,endColumn=5,title=" + title + "::finding 5",
		"sessionlint: warning: a.ts:2:1: finding 1 (localscopelogout)",
		"sessionlint: warning: a.ts:5:1: finding 4 (localscopelogout)",
		"sessionlint: note: a.ts:1:1: finding 0 (localscopelogout)",
		"sessionlint: note: a.ts:4:1: finding 3 (localscopelogout)",
		"::notice title=sessionlint::4 more findings (2 warnings, 2 notes) listed in the log without annotations: " +
			"GitHub shows at most 5 annotations per level in a step. Upload the SARIF output to code scanning to see every finding.",
	}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("GitHub output:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestGitHubPlainLineNeverACommand(t *testing.T) {
	r := manyFindings(12)
	for i := range r.Findings {
		r.Findings[i].File = "::error::x\n::warning::y.ts"
	}
	got := writeGitHub(t, r, GitHubOptions{PerLevel: 1})
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "::error file=%3A%3Aerror%3A%3Ax%0A") &&
			!strings.HasPrefix(line, "::warning file=%3A%3Aerror") && !strings.HasPrefix(line, "::notice title=sessionlint::") {
			t.Errorf("line is read as an unintended workflow command: %q", line)
		}
	}
}
