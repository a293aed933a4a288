package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/rules"
)

// TestCodeScanningGolden scans fixtures/sarif and fixtures/sampleapp from
// the repository root in-process and compares the SARIF and GitHub
// Actions output with golden files in testdata. Rerun with
// -update-golden after checking a deliberate change.
func TestCodeScanningGolden(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)

	tests := []struct {
		golden string
		args   []string
	}{
		{"sarif-fixture.sarif", []string{"-format", "sarif", "fixtures/sarif"}},
		{"sarif-fixture-suppressed.sarif", []string{"-format", "sarif", "-sarif-include-suppressed", "-sarif-category", "frontend/web", "fixtures/sarif"}},
		{"sampleapp.github", []string{"-format", "github", "fixtures/sampleapp"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			status, stdout, stderr := runCommand(t, tt.args...)
			if status != exitFindings {
				t.Fatalf("exit status %d, want %d (findings)\nstderr:\n%s", status, exitFindings, stderr)
			}
			got := normaliseVersion(normaliseRoot(stdout, root))
			golden := filepath.Join(root, "cmd", "sessionlint", "testdata", tt.golden)
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (rerun with -update-golden after checking the change):\n%s", golden, firstDiff(got, string(want)))
			}
		})
	}
}

// TestSARIFFixtureKeepsCRLF fails when a checkout converted the line
// endings of the CRLF fixture, which would make its golden files and
// fingerprints test LF input instead.
func TestSARIFFixtureKeepsCRLF(t *testing.T) {
	content, err := os.ReadFile("../../fixtures/sarif/src/Abmeldung für alle #1.ts")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(content, []byte("\r\n")); n != 13 {
		t.Errorf("the fixture has %d CRLF line ends, want 13; check that git did not convert them", n)
	}
	if bytes.Count(content, []byte("\n")) != 13 {
		t.Errorf("the fixture has LF line ends without CR")
	}
}

// sarifLocations decodes the members of a SARIF log that locate files.
type sarifLocations struct {
	Runs []struct {
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// TestSARIFURIsResolveToFiles checks what the VS Code SARIF Viewer does
// with the output: every result URI, resolved against its uriBaseId in
// originalUriBaseIds, names an existing file, also when the scan starts
// inside the app rather than at the repository root.
func TestSARIFURIsResolveToFiles(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "fixtures", "sarif"))

	status, stdout, stderr := runCommand(t, "-format", "sarif", "-sarif-include-suppressed", ".")
	if status != exitFindings {
		t.Fatalf("exit status %d, want %d\nstderr:\n%s", status, exitFindings, stderr)
	}
	var log sarifLocations
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("decode SARIF output: %v", err)
	}
	run := log.Runs[0]
	base, err := url.Parse(run.OriginalURIBaseIDs["SRCROOT"].URI)
	if err != nil || base.Scheme != "file" || !strings.HasSuffix(base.Path, "/") {
		t.Fatalf("SRCROOT = %q, want a file URI ending with a slash", run.OriginalURIBaseIDs["SRCROOT"].URI)
	}
	if got, want := filepath.Clean(base.Path), root; got != want {
		t.Errorf("SRCROOT resolves to %s, want the repository root %s", got, want)
	}
	if len(run.Results) != 3 {
		t.Fatalf("got %d results, want 3", len(run.Results))
	}
	for _, result := range run.Results {
		artifact := result.Locations[0].PhysicalLocation.ArtifactLocation
		if artifact.URIBaseID != "SRCROOT" {
			t.Errorf("uriBaseId of %s = %q, want SRCROOT", artifact.URI, artifact.URIBaseID)
		}
		if !strings.HasPrefix(artifact.URI, "fixtures/sarif/src/") {
			t.Errorf("uri %q is not relative to the repository root", artifact.URI)
		}
		ref, err := url.Parse(artifact.URI)
		if err != nil {
			t.Errorf("uri %q: %v", artifact.URI, err)
			continue
		}
		path := base.ResolveReference(ref).Path
		if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
			t.Errorf("uri %q resolves to %s, which is not a file: %v", artifact.URI, path, err)
		}
	}
}

// TestSARIFRedactsJWT checks that a token-looking literal quoted by a rule
// message does not reach the SARIF output.
func TestSARIFRedactsJWT(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImF1dGhlbnRpY2F0ZWQifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	dir := writeProject(t, map[string]string{
		"package.json": `{"name": "jwt-app", "dependencies": {"@supabase/supabase-js": "^2.49.4"}}`,
		"src/restore.ts": `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function restore() {
  const refresh_token = localStorage.getItem("` + jwt + `");
  const access_token = localStorage.getItem("access_token");
  await supabase.auth.setSession({ access_token, refresh_token });
}
`,
	})
	status, stdout, stderr := runCommand(t, "-format", "sarif", dir)
	if status != exitFindings {
		t.Fatalf("exit status %d, want %d\nstderr:\n%s", status, exitFindings, stderr)
	}
	if !strings.Contains(stdout, "manualsetsession") || !strings.Contains(stdout, "localStorage.getItem") {
		t.Fatalf("the SARIF output has no manualsetsession finding quoting the storage read:\n%s", stdout)
	}
	if strings.Contains(stdout, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9") {
		t.Errorf("the SARIF output contains the JWT")
	}
	if !strings.Contains(stdout, "<redacted>") {
		t.Errorf("the SARIF output has no redaction placeholder where the JWT was")
	}
}

func TestRunCodeScanningFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-format", "json", "-sarif-category", "web"}, "-sarif-category applies to -format sarif only, but the format is json"},
		{[]string{"-sarif-include-suppressed"}, "-sarif-include-suppressed applies to -format sarif only, but the format is text"},
		{[]string{"-format", "sarif", "-sarif-category", " / "}, "-sarif-category needs a name such as sessionlint/apps/web"},
		{[]string{"-format", "gitlab"}, `invalid -format "gitlab": use text, json, sarif or github`},
	}
	for _, tt := range tests {
		status, _, stderr := runCommand(t, tt.args...)
		if status != exitError {
			t.Errorf("%q: exit status %d, want %d", tt.args, status, exitError)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: stderr = %q, want it to contain %q", tt.args, stderr, tt.want)
		}
	}
}

func TestRunGitHubFormat(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/logout.ts": localScopeLogout})
	t.Chdir(dir)
	status, stdout, stderr := runCommand(t, "-format", "github", ".")
	if status != exitFindings {
		t.Fatalf("exit status %d, want %d\nstderr:\n%s", status, exitFindings, stderr)
	}
	want := "::warning file=src/logout.ts,line=6,col="
	if !strings.HasPrefix(stdout, want) || strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout = %q, want one annotation starting with %q", stdout, want)
	}
	if strings.Contains(stderr, "finding") {
		t.Errorf("stderr has a summary line for the github format: %q", stderr)
	}
}

// docSection returns the text between the lines that start with begin
// and end in the file at path.
func docSection(t *testing.T, path, begin, end string) string {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(content)
	start := strings.Index(text, begin)
	if start < 0 {
		t.Fatalf("%s has no line starting with %q", path, begin)
	}
	text = text[start:]
	text = text[strings.Index(text, "\n")+1:]
	stop := strings.Index(text, end)
	if stop < 0 {
		t.Fatalf("%s has no %q after %q", path, end, begin)
	}
	return text[:stop]
}

func TestDocsWorkflowMatchesExample(t *testing.T) {
	section := docSection(t, "../../docs/github-code-scanning.md", "<!-- workflow: docs/examples/code-scanning.yml -->", "<!-- end of workflow -->")
	section = strings.TrimPrefix(section, "```yaml\n")
	section = strings.TrimSuffix(section, "```\n")
	example, err := os.ReadFile("../../docs/examples/code-scanning.yml")
	if err != nil {
		t.Fatal(err)
	}
	if section != string(example) {
		t.Errorf("the workflow in docs/github-code-scanning.md differs from docs/examples/code-scanning.yml:\n%s", firstDiff(section, string(example)))
	}
}

func TestDocsSeverityTableMatchesRules(t *testing.T) {
	section := docSection(t, "../../docs/github-code-scanning.md", "<!-- severity table", "<!-- end of severity table -->")
	rows := map[string][]string{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[1]), "`")
		rows[name] = []string{strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])}
	}
	for _, rule := range rules.All() {
		row, ok := rows[rule.Name()]
		if !ok {
			t.Errorf("docs/github-code-scanning.md has no severity row for %s", rule.Name())
			continue
		}
		if row[0] != rule.Doc.SecuritySeverity || row[1] != rule.Doc.Precision {
			t.Errorf("severity row of %s = %q, want security-severity %q and precision %q", rule.Name(), row, rule.Doc.SecuritySeverity, rule.Doc.Precision)
		}
		delete(rows, rule.Name())
	}
	for name := range rows {
		t.Errorf("docs/github-code-scanning.md has a severity row for %s, which is not a rule", name)
	}
}
