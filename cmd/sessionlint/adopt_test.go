package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// passwordChange is a source file with one finding at level note: a
// password change without a sign-out of the other sessions.
const passwordChange = `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function changePassword(password: string) {
  const { error } = await supabase.auth.updateUser({ password });
  if (error) throw error;
}
`

func TestWriteBaselineThenReportOnlyNewFindings(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	baselineFile := filepath.Join(t.TempDir(), "baseline.json")

	status, stdout, stderr := runCommand(t, "-write-baseline", baselineFile, dir)
	if status != exitClean {
		t.Errorf("-write-baseline: exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	if stdout != "" {
		t.Errorf("-write-baseline: stdout = %q, want it empty", stdout)
	}
	if want := "0 findings in 1 file; recorded 1 finding in the baseline " + baselineFile + "\n"; stderr != want {
		t.Errorf("-write-baseline: stderr = %q, want %q", stderr, want)
	}
	var recorded struct {
		Findings []struct {
			Rule         string            `json:"rule"`
			Fingerprints map[string]string `json:"fingerprints"`
		} `json:"findings"`
	}
	data, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &recorded); err != nil {
		t.Fatalf("the baseline is not JSON: %v", err)
	}
	if len(recorded.Findings) != 1 || recorded.Findings[0].Rule != "localscopelogout" || recorded.Findings[0].Fingerprints["sessionlint/v1"] == "" {
		t.Errorf("baseline findings = %+v, want the localscopelogout finding with its sessionlint/v1 fingerprint", recorded.Findings)
	}

	status, stdout, stderr = runCommand(t, "-baseline", baselineFile, dir)
	if status != exitClean || stdout != "" {
		t.Errorf("-baseline: exit status %d, stdout %q; want %d and nothing", status, stdout, exitClean)
	}
	if want := "0 findings in 1 file; 1 finding in the baseline " + baselineFile + " not shown\n"; stderr != want {
		t.Errorf("-baseline: stderr = %q, want %q", stderr, want)
	}

	// A new file with a finding is reported; the old finding is not.
	if err := os.WriteFile(filepath.Join(dir, "src", "password.ts"), []byte(passwordChange), 0o644); err != nil {
		t.Fatal(err)
	}
	status, stdout, _ = runCommand(t, "-baseline", baselineFile, dir)
	if status != exitFindings {
		t.Errorf("-baseline with a new finding: exit status = %d, want %d", status, exitFindings)
	}
	if !strings.HasPrefix(stdout, "src/password.ts:6:") || len(findingLines(stdout)) != 1 {
		t.Errorf("-baseline with a new finding: stdout = %q, want only the finding of src/password.ts", stdout)
	}
}

func TestWriteBaselineSARIF(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	baselineFile := filepath.Join(t.TempDir(), "baseline.sarif")
	if status, _, stderr := runCommand(t, "-write-baseline", baselineFile, dir); status != exitClean {
		t.Fatalf("-write-baseline: exit status = %d; stderr: %s", status, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("the baseline is not JSON: %v", err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("the SARIF baseline does not hold one run with one result:\n%s", data)
	}
	fps := log.Runs[0].Results[0].PartialFingerprints
	if fps["sessionlint/v1"] == "" || fps["primaryLocationLineHash"] == "" {
		t.Errorf("partialFingerprints = %v, want both sessionlint/v1 and primaryLocationLineHash", fps)
	}
	if status, stdout, _ := runCommand(t, "-baseline", baselineFile, dir); status != exitClean || stdout != "" {
		t.Errorf("-baseline with the SARIF file: exit status %d, stdout %q; want %d and nothing", status, stdout, exitClean)
	}
}

func TestBaselineMissingFile(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	missing := filepath.Join(t.TempDir(), "none.json")
	status, stdout, stderr := runCommand(t, "-baseline", missing, dir)
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	want := "sessionlint: baseline " + missing + " not found; create it with -write-baseline " + missing + "\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestFailLevel(t *testing.T) {
	// One warning (localscopelogout) and one note (credentialchange,
	// password category).
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout, "src/password.ts": passwordChange})
	cases := []struct {
		level  string
		status int
	}{
		{"note", exitFindings},
		{"warning", exitFindings},
		{"error", exitClean},
	}
	for _, c := range cases {
		t.Run(c.level, func(t *testing.T) {
			status, stdout, _ := runCommand(t, "-fail-level", c.level, dir)
			if status != c.status {
				t.Errorf("exit status = %d, want %d", status, c.status)
			}
			if n := len(findingLines(stdout)); n != 2 {
				t.Errorf("stdout has %d findings, want both whatever the level:\n%s", n, stdout)
			}
		})
	}

	noteOnly := writeProject(t, map[string]string{"src/password.ts": passwordChange})
	if status, _, _ := runCommand(t, "-fail-level", "warning", noteOnly); status != exitClean {
		t.Errorf("a note with -fail-level warning: exit status = %d, want %d", status, exitClean)
	}
	if status, _, _ := runCommand(t, noteOnly); status != exitFindings {
		t.Errorf("a note with the default -fail-level: exit status = %d, want %d", status, exitFindings)
	}
}

func TestAdoptionFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		message string
	}{
		{"invalid fail level", []string{"-fail-level", "fatal"}, `invalid -fail-level "fatal": use error, warning or note`},
		{"empty baseline", []string{"-baseline="}, "-baseline needs a file name"},
		{"empty write-baseline", []string{"-write-baseline="}, "-write-baseline needs a file name"},
		{"fix with diff", []string{"-fix", "-diff"}, "-fix and -diff cannot be combined"},
		{"write-baseline with fix", []string{"-write-baseline", "b.json", "-fix"}, "-write-baseline cannot be combined with -fix or -diff"},
		{"empty stdin filename", []string{"-stdin-filename="}, "-stdin-filename needs the path of the file the buffer belongs to"},
		{"stdin filename with path", []string{"-stdin-filename", "src/a.ts", "src"}, `-stdin-filename takes no paths, but "src" was given`},
		{"stdin filename with fix", []string{"-stdin-filename", "src/a.ts", "-fix"}, "use -diff with -stdin-filename"},
		{"stdin filename of another language", []string{"-stdin-filename", "main.py"}, "-stdin-filename main.py: not a kind of file sessionlint reads"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, stdout, stderr := runCommand(t, tt.args...)
			if status != exitError {
				t.Errorf("exit status = %d, want %d", status, exitError)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want it empty", stdout)
			}
			if !strings.Contains(stderr, tt.message) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.message)
			}
		})
	}
}
