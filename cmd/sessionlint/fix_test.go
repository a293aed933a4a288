package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/autofix"
)

// copyTree copies the folder src to a new temporary folder and returns
// the copy's path.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// readTree returns the content of every file below dir, keyed by
// slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// findingLines returns the lines of text output that start a finding,
// leaving out the indented lines of related locations below them.
func findingLines(stdout string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if line != "" && !strings.HasPrefix(line, " ") {
			out = append(out, line)
		}
	}
	return out
}

// replaceOnce replaces old, which must occur exactly once in s.
func replaceOnce(t *testing.T, s, old, replacement string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times, want once", old, n)
	}
	return strings.Replace(s, old, replacement, 1)
}

// jsonFindings scans dir and returns "rule file:line" of each finding.
func jsonFindings(t *testing.T, dir string) []string {
	t.Helper()
	_, stdout, stderr := runCommand(t, "-format", "json", dir)
	var report struct {
		Findings []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("scan of %s: %v\nstderr: %s", dir, err, stderr)
	}
	var out []string
	for _, f := range report.Findings {
		out = append(out, f.Rule+" "+f.File+":"+itoa(f.Line))
	}
	sort.Strings(out)
	return out
}

// TestFixSampleApp applies the fixes to a copy of the sample app, checks
// the exact text of every fixed file, checks that a new scan reports
// only the findings without a fix, and that a second -fix changes nothing.
func TestFixSampleApp(t *testing.T) {
	dir := copyTree(t, filepath.Join("..", "..", "fixtures", "sampleapp"))
	before := readTree(t, dir)

	status, stdout, stderr := runCommand(t, "-fix", dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d (findings without a fix remain); stderr: %s", status, exitFindings, stderr)
	}
	if !strings.HasSuffix(stderr, "4 findings in 21 files; fixed 5 findings in 5 files\n") {
		t.Errorf("stderr = %q, want the summary of 4 remaining and 5 fixed findings", stderr)
	}
	if n := len(findingLines(stdout)); n != 4 {
		t.Errorf("stdout has %d findings, want the 4 remaining ones:\n%s", n, stdout)
	}

	want := map[string]string{}
	for name, content := range before {
		want[name] = content
	}
	want["src/components/UserMenu.tsx"] = replaceOnce(t, before["src/components/UserMenu.tsx"],
		"    cleanupAuthState();\n    await supabase.auth.signOut();\n",
		"    await supabase.auth.signOut();\n    cleanupAuthState();\n")
	want["src/contexts/AuthContext.tsx"] = replaceOnce(t, before["src/contexts/AuthContext.tsx"],
		`await supabase.auth.signOut({ scope: "local" });`,
		`await supabase.auth.signOut();`)
	want["src/pages/MfaSetup.tsx"] = replaceOnce(t, before["src/pages/MfaSetup.tsx"],
		"        return;\n      }\n\n      toast({ title: \"Two-factor authentication is on\" });",
		"        return;\n      }\n      await supabase.auth.signOut({ scope: \"others\" });\n\n      toast({ title: \"Two-factor authentication is on\" });")
	want["src/pages/Settings.tsx"] = replaceOnce(t, before["src/pages/Settings.tsx"],
		"      return;\n    }\n    setNewPassword(\"\");",
		"      return;\n    }\n    await supabase.auth.signOut({ scope: \"others\" });\n    setNewPassword(\"\");")
	want["supabase/config.toml"] = replaceOnce(t, before["supabase/config.toml"],
		"refresh_token_reuse_interval = 60\n", "refresh_token_reuse_interval = 10\n")

	after := readTree(t, dir)
	for name, w := range want {
		if after[name] != w {
			t.Errorf("%s after -fix:\n%s\nwant:\n%s", name, after[name], w)
		}
	}
	if len(after) != len(want) {
		t.Errorf("the folder has %d files after -fix, want %d", len(after), len(want))
	}

	wantRemaining := []string{
		"clientonlylogout src/lib/session.ts:7",
		"duplicatetokenstorage src/contexts/AuthContext.tsx:28",
		"duplicatetokenstorage src/lib/supabaseClients.ts:15",
		"manualsetsession src/lib/session.ts:17",
	}
	if got := jsonFindings(t, dir); strings.Join(got, "\n") != strings.Join(wantRemaining, "\n") {
		t.Errorf("findings after -fix:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRemaining, "\n"))
	}

	status, _, stderr = runCommand(t, "-fix", dir)
	if status != exitFindings {
		t.Errorf("second -fix: exit status = %d, want %d", status, exitFindings)
	}
	if !strings.HasSuffix(stderr, "4 findings in 21 files; fixed 0 findings in 0 files\n") {
		t.Errorf("second -fix: stderr = %q, want no fixes", stderr)
	}
	again := readTree(t, dir)
	for name := range after {
		if again[name] != after[name] {
			t.Errorf("the second -fix changed %s", name)
		}
	}
}

// TestFixFixtureApps applies the fixes to a copy of each fixture app and
// checks that every fixed finding is gone from a new scan, that no file
// is left with a new syntax error, and that a second -fix changes nothing.
func TestFixFixtureApps(t *testing.T) {
	// fixtures/clientonlylogout/nextapp has no finding with a fix.
	apps := []string{
		"clientonlylogout/lovable",
		"credentialchange/app",
		"localscopelogout",
	}
	for _, app := range apps {
		t.Run(app, func(t *testing.T) {
			dir := copyTree(t, filepath.Join("..", "..", "fixtures", filepath.FromSlash(app)))
			before := jsonFindings(t, dir)

			_, _, stderr := runCommand(t, "-fix", dir)
			fixed := fixedCount(t, stderr)
			if fixed == 0 {
				t.Fatalf("-fix fixed nothing in %s; stderr: %s", app, stderr)
			}
			if strings.Contains(stderr, "fix not applied") {
				t.Errorf("-fix rejected a fix: %s", stderr)
			}
			// A fix can settle other findings too: once one logout of an app
			// revokes every session, its other local sign-outs read as
			// "this device only" options.
			after := jsonFindings(t, dir)
			if len(after) > len(before)-fixed {
				t.Errorf("%d findings after fixing %d of %d, want at most %d:\n%s", len(after), fixed, len(before), len(before)-fixed, strings.Join(after, "\n"))
			}

			fixedTree := readTree(t, dir)
			_, _, stderr = runCommand(t, "-fix", dir)
			if n := fixedCount(t, stderr); n != 0 {
				t.Errorf("the second -fix fixed %d findings, want 0; stderr: %s", n, stderr)
			}
			for name, content := range readTree(t, dir) {
				if content != fixedTree[name] {
					t.Errorf("the second -fix changed %s", name)
				}
			}
		})
	}
}

// fixedCount reads N from "fixed N findings" in the -fix summary line.
func fixedCount(t *testing.T, stderr string) int {
	t.Helper()
	i := strings.LastIndex(stderr, "; fixed ")
	if i < 0 {
		t.Fatalf("no -fix summary in stderr: %q", stderr)
	}
	n := 0
	for _, c := range stderr[i+len("; fixed "):] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestDiffPrintsFixesAndChangesNothing(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	status, stdout, stderr := runCommand(t, "-diff", dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	want := `--- a/src/auth.ts
+++ b/src/auth.ts
@@ -3,5 +3,5 @@
 const supabase = createClient('https://example.supabase.co', 'public-anon-key');
 
 export async function logout() {
-  await supabase.auth.signOut({ scope: 'local' });
+  await supabase.auth.signOut();
 }
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if stderr != "1 finding in 1 file; the diff fixes 1 finding in 1 file\n" {
		t.Errorf("stderr = %q", stderr)
	}
	content, err := os.ReadFile(filepath.Join(dir, "src", "auth.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if string(content) != localScopeLogout {
		t.Error("-diff changed the file")
	}
}

func TestDiffToOutputFile(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	out := filepath.Join(t.TempDir(), "fixes.patch")
	status, stdout, _ := runCommand(t, "-diff", "-o", out, dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d", status, exitFindings)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	patch, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(patch), "--- a/src/auth.ts\n+++ b/src/auth.ts\n") {
		t.Errorf("%s does not hold the diff:\n%s", out, patch)
	}
}

// TestFixKeepsSymbolicLink checks that -fix on a symbolic link never
// replaces the link with a regular file.
func TestFixKeepsSymbolicLink(t *testing.T) {
	dir := writeRepo(t, map[string]string{"shared/auth.ts": localScopeLogout})
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "src", "auth.ts")
	if err := os.Symlink(filepath.Join(dir, "shared", "auth.ts"), link); err != nil {
		t.Skipf("symbolic links are not available: %v", err)
	}
	runCommand(t, "-fix", link)
	runCommand(t, "-fix", dir)
	info, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&os.ModeSymlink == 0 {
		t.Error("-fix replaced the symbolic link with a file")
	}
	content, err := os.ReadFile(filepath.Join(dir, "shared", "auth.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(content), "  await supabase.auth.signOut();\n") {
		t.Errorf("shared/auth.ts was not fixed:\n%s", content)
	}
}

func TestReportRejectionsFormat(t *testing.T) {
	findings := []analyzer.Finding{
		{Rule: "localscopelogout", Range: analyzer.Range{File: "src/auth.ts", Start: analyzer.Position{Line: 6, Column: 33}}},
		{Rule: "clientonlylogout", Range: analyzer.Range{File: "src/menu.tsx", Start: analyzer.Position{Line: 12, Column: 5}}},
	}
	plan := &autofix.Result{Rejected: []autofix.Rejection{{Finding: 1, Reason: "the fix has overlapping edits; apply it by hand"}}}
	var out strings.Builder
	reportRejections(&out, plan, findings)
	want := "src/menu.tsx:12:5: fix not applied: the fix has overlapping edits; apply it by hand (clientonlylogout)\n"
	if out.String() != want {
		t.Errorf("output = %q, want %q", out.String(), want)
	}
}
