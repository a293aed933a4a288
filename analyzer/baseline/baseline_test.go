package baseline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/baseline"
	"github.com/sessionlint/sessionlint/analyzer/fingerprint"
	"github.com/sessionlint/sessionlint/analyzer/report"
	"github.com/sessionlint/sessionlint/rules"
)

// writeFile writes content to name in a temporary folder and returns
// its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// finding returns a finding with the given code fingerprint.
func finding(code string) analyzer.Finding {
	return analyzer.Finding{Rule: "localscopelogout", Fingerprints: map[string]string{fingerprint.CodeKey: code}}
}

func TestLoadJSON(t *testing.T) {
	path := writeFile(t, "baseline.json", `{
  "version": 1,
  "findings": [
    {"rule": "localscopelogout", "fingerprints": {"primaryLocationLineHash": "1:1", "sessionlint/v1": "aaa:1"}},
    {"rule": "clientonlylogout", "fingerprints": {"sessionlint/v1": "bbb:1"}, "suppression": null},
    {"rule": "clientonlylogout", "fingerprints": {"sessionlint/v1": "ccc:1"},
     "suppression": {"justification": "reviewed", "directive": {"file": "a.ts"}}}
  ],
  "notices": []
}`)
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 2 {
		t.Errorf("Len = %d, want 2 (the suppressed finding is no part of the baseline)", b.Len())
	}
	for code, want := range map[string]bool{"aaa:1": true, "bbb:1": true, "ccc:1": false, "aaa:2": false} {
		f := finding(code)
		if got := b.Contains(&f); got != want {
			t.Errorf("Contains(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestLoadSARIF(t *testing.T) {
	path := writeFile(t, "baseline.sarif", `{
  "version": "2.1.0",
  "runs": [
    {"tool": {"driver": {"name": "othertool"}},
     "results": [{"partialFingerprints": {"sessionlint/v1": "other:1"}}]},
    {"tool": {"driver": {"name": "sessionlint"}},
     "results": [
       {"partialFingerprints": {"primaryLocationLineHash": "9:1", "sessionlint/v1": "aaa:1"}},
       {"partialFingerprints": {"sessionlint/v1": "accepted:1"}, "suppressions": [{"kind": "inSource", "status": "accepted"}]},
       {"partialFingerprints": {"sessionlint/v1": "rejected:1"}, "suppressions": [{"kind": "external", "status": "rejected"}]}
     ]}
  ]
}`)
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{
		"aaa:1":      true,
		"other:1":    false, // a result of another tool
		"accepted:1": false, // suppressed
		"rejected:1": true,  // a rejected suppression does not suppress
	}
	for code, want := range cases {
		f := finding(code)
		if got := b.Contains(&f); got != want {
			t.Errorf("Contains(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestLoadEmptyReport(t *testing.T) {
	path := writeFile(t, "baseline.json", `{"version": 1, "findings": [], "notices": []}`)
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatalf("Load of a report without findings: %v", err)
	}
	if b.Len() != 0 {
		t.Errorf("Len = %d, want 0", b.Len())
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name    string
		content string // "" for a missing file
		message string
	}{
		{"missing.json", "", "create it with -write-baseline"},
		{"broken.json", `{"findings": [`, "invalid baseline"},
		{"other.json", `{"results": []}`, `neither "findings" (sessionlint JSON) nor "runs" (SARIF)`},
		{"old.json", `{"findings": [{"fingerprints": {"primaryLocationLineHash": "1:1"}}]}`, `has 1 findings but no "sessionlint/v1" fingerprints`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			if c.content != "" {
				if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := baseline.Load(path)
			if err == nil {
				t.Fatal("Load returned no error")
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("error = %q, want it to contain %q", err, c.message)
			}
		})
	}
}

func TestFilterKeepsSuppressedAndNew(t *testing.T) {
	b, err := baseline.Load(writeFile(t, "b.json", `{"findings": [{"fingerprints": {"sessionlint/v1": "old:1"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	suppressed := finding("old:1")
	suppressed.Suppression = &analyzer.Suppression{Justification: "reviewed"}
	res := &analyzer.Result{Findings: []analyzer.Finding{finding("new:1"), finding("old:1"), suppressed, {Rule: "nofingerprint"}}}
	if removed := baseline.Filter(res, b); removed != 1 {
		t.Errorf("Filter removed %d findings, want 1", removed)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule+"/"+f.Fingerprints[fingerprint.CodeKey])
	}
	want := []string{"localscopelogout/new:1", "localscopelogout/old:1", "nofingerprint/"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("kept findings = %v, want %v", got, want)
	}
	if res.Findings[1].Suppression == nil {
		t.Error("the kept old:1 finding is not the suppressed one")
	}
}

// copySampleApp copies fixtures/sampleapp to a temporary folder and
// returns the copy's path.
func copySampleApp(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "fixtures", "sampleapp")
	dst := filepath.Join(t.TempDir(), "sampleapp")
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

func scanDir(t *testing.T, dir string) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: []string{dir}, Rules: rules.All(), Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatalf("no findings in %s", dir)
	}
	return res
}

// editFile replaces the first occurrence of old in the file, which must
// exist.
func editFile(t *testing.T, path, old, replacement string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	data = bytes.Replace(data, []byte(old), []byte(replacement), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBaselineOfSampleApp records the findings of a copy of the sample
// app in a JSON and a SARIF baseline, then edits the copy: lines added
// above and inside the flagged functions keep every finding matched,
// while a change of the flagged code makes that finding new.
func TestBaselineOfSampleApp(t *testing.T) {
	dir := copySampleApp(t)
	before := scanDir(t, dir)

	var jsonOut, sarifOut bytes.Buffer
	if err := report.JSON(&jsonOut, before, report.JSONOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := report.SARIF(&sarifOut, before, report.SARIFOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{
		"json":  writeFile(t, "baseline.json", jsonOut.String()),
		"sarif": writeFile(t, "baseline.sarif", sarifOut.String()),
	}

	// Edits elsewhere: new lines at the top of the file and inside the
	// function of the Settings.tsx finding, and a new function before the
	// AuthContext.tsx finding.
	editFile(t, filepath.Join(dir, "src", "pages", "Settings.tsx"), `import { useState`, "// Account settings page.\n\nimport { useState")
	editFile(t, filepath.Join(dir, "src", "pages", "Settings.tsx"), `  const handlePasswordChange = async (e: FormEvent) => {
    e.preventDefault();`, `  const handlePasswordChange = async (e: FormEvent) => {
    e.preventDefault();
    if (!newPassword) {
      return;
    }`)
	editFile(t, filepath.Join(dir, "src", "contexts", "AuthContext.tsx"), "export ", "function unused() {\n  return 1;\n}\n\nexport ")

	for format, path := range paths {
		t.Run(format+" after edits elsewhere", func(t *testing.T) {
			b, err := baseline.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != len(before.Findings) {
				t.Errorf("baseline has %d findings, want %d", b.Len(), len(before.Findings))
			}
			res := scanDir(t, dir)
			if removed := baseline.Filter(res, b); removed != len(before.Findings) {
				t.Errorf("Filter removed %d findings, want all %d", removed, len(before.Findings))
			}
			for _, f := range res.Findings {
				t.Errorf("new finding after edits elsewhere: %s:%d %s", f.File, f.Start.Line, f.Rule)
			}
		})
	}

	// A change of the flagged code: the local scope is now written with a
	// constant, which is a different sign-out call.
	editFile(t, filepath.Join(dir, "src", "contexts", "AuthContext.tsx"), `signOut({ scope: "local" })`, `signOut({ scope: "local" as const })`)
	for format, path := range paths {
		t.Run(format+" after a change of the flagged code", func(t *testing.T) {
			b, err := baseline.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			res := scanDir(t, dir)
			if removed := baseline.Filter(res, b); removed != len(before.Findings)-1 {
				t.Errorf("Filter removed %d findings, want %d", removed, len(before.Findings)-1)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("got %d new findings, want 1: %+v", len(res.Findings), res.Findings)
			}
			if f := res.Findings[0]; f.Rule != "localscopelogout" || !strings.HasSuffix(f.File, "src/contexts/AuthContext.tsx") {
				t.Errorf("new finding = %s in %s, want localscopelogout in src/contexts/AuthContext.tsx", f.Rule, f.File)
			}
		})
	}
}
