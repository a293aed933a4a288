package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/rules"
)

// suppressedLogout has one finding, silenced by a directive.
const suppressedLogout = `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function logout() {
  // sessionlint-ignore localscopelogout -- kiosk terminals sign out of this device only
  await supabase.auth.signOut({ scope: 'local' });
}
`

func TestInitWritesStarterFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)

	status, stdout, stderr := runCommand(t, "-init")
	if status != exitClean || stdout != "" {
		t.Fatalf("-init: status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
	if want := "sessionlint: wrote .sessionlint.yaml; uncomment the settings you need (docs/configuration.md describes each)\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".sessionlint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := config.Starter(analyzer.ConfigSchema(rules.All())); string(data) != want {
		t.Errorf("starter file differs from config.Starter:\n%s", data)
	}

	// The starter file sets nothing, so a scan with it finds what a scan
	// without it finds.
	if err := os.WriteFile(filepath.Join(dir, "auth.ts"), []byte(localScopeLogout), 0o644); err != nil {
		t.Fatal(err)
	}
	if status, stdout, stderr := runCommand(t, "."); status != exitFindings || !strings.Contains(stdout, "(localscopelogout)") {
		t.Errorf("scan with the starter file: status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
}

func TestInitNeverReplacesAFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	existing := "rules:\n  localscopelogout: off\n"
	if err := os.WriteFile(".sessionlint.yaml", []byte(existing), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, stderr := runCommand(t, "-init")
	if status != exitError {
		t.Errorf("status = %d, want %d", status, exitError)
	}
	if want := "sessionlint: .sessionlint.yaml exists already; edit it, or remove it to write a new starter file\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".sessionlint.yaml")); string(data) != existing {
		t.Errorf("file changed to %q", data)
	}
}

func TestInitWritesToConfigFlagPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("ci", 0o755); err != nil {
		t.Fatal(err)
	}
	status, _, stderr := runCommand(t, "-init", "-config", "ci/sessionlint.yaml")
	if status != exitClean {
		t.Fatalf("status = %d, stderr %q", status, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "ci", "sessionlint.yaml")); err != nil {
		t.Errorf("starter file not written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".sessionlint.yaml")); err == nil {
		t.Error("-init with -config also wrote .sessionlint.yaml")
	}
}

func TestInitRejectsPathsAndModes(t *testing.T) {
	cases := map[string][]string{
		`sessionlint: -init takes no paths, but "src" was given`:             {"-init", "src"},
		"sessionlint: -init and -list cannot be combined: use one at a time": {"-list", "-init"},
	}
	for want, args := range cases {
		status, _, stderr := runCommand(t, args...)
		if status != exitError || !strings.HasPrefix(stderr, want+"\n") {
			t.Errorf("%v: status %d, stderr %q, want %q", args, status, stderr, want)
		}
	}
}

func TestSuppressedFindingHiddenByDefault(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": suppressedLogout})
	status, stdout, stderr := runCommand(t, dir)
	if status != exitClean {
		t.Errorf("status = %d, want %d: a suppressed finding never fails the scan", status, exitClean)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	if want := "0 findings in 1 file (1 suppressed)\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestShowSuppressedText(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": suppressedLogout})
	status, stdout, _ := runCommand(t, "-show-suppressed", dir)
	if status != exitClean {
		t.Errorf("status = %d, want %d", status, exitClean)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout has %d lines, want 2:\n%s", len(lines), stdout)
	}
	if !strings.HasPrefix(lines[0], "src/auth.ts:7:33: ") || !strings.HasSuffix(lines[0], "(localscopelogout) [suppressed]") {
		t.Errorf("finding line = %q", lines[0])
	}
	if want := "    suppressed: kiosk terminals sign out of this device only (src/auth.ts:6:3)"; lines[1] != want {
		t.Errorf("reason line = %q, want %q", lines[1], want)
	}
}

func TestShowSuppressedJSON(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": suppressedLogout})
	for _, show := range []bool{false, true} {
		args := []string{"-format", "json"}
		if show {
			args = append(args, "-show-suppressed")
		}
		_, stdout, _ := runCommand(t, append(args, dir)...)
		var doc struct {
			Findings []struct {
				Rule        string `json:"rule"`
				Suppression *struct {
					Justification string `json:"justification"`
					Line          int    `json:"line"`
				} `json:"suppression"`
			} `json:"findings"`
			Summary struct {
				Findings   int `json:"findings"`
				Suppressed int `json:"suppressed"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("show=%t: %v", show, err)
		}
		if doc.Summary.Findings != 0 || doc.Summary.Suppressed != 1 {
			t.Errorf("show=%t: summary %+v, want 0 findings and 1 suppressed", show, doc.Summary)
		}
		if !show {
			if len(doc.Findings) != 0 {
				t.Errorf("without -show-suppressed: %d findings written, want 0", len(doc.Findings))
			}
			continue
		}
		if len(doc.Findings) != 1 || doc.Findings[0].Suppression == nil {
			t.Fatalf("with -show-suppressed: findings %+v, want one with a suppression", doc.Findings)
		}
		if s := doc.Findings[0].Suppression; s.Justification != "kiosk terminals sign out of this device only" || s.Line != 6 {
			t.Errorf("suppression = %+v", *s)
		}
	}
}

func TestConfigFileErrors(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"src/auth.ts":       localScopeLogout,
		".sessionlint.yaml": "rules:\n  localscopelogout:\n    level: loud\n",
	})
	status, stdout, stderr := runCommand(t, dir)
	if status != exitError || stdout != "" {
		t.Errorf("invalid .sessionlint.yaml: status %d, stdout %q", status, stdout)
	}
	if want := "sessionlint: .sessionlint.yaml:3:12: rules.localscopelogout.level: invalid level \"loud\": use off, error, warning or note\n"; stderr != want {
		t.Errorf("stderr = %q\nwant     %q", stderr, want)
	}

	status, _, stderr = runCommand(t, "-config", filepath.Join(dir, "missing.yaml"), dir)
	if status != exitError || !strings.Contains(stderr, "sessionlint: read configuration file: open ") ||
		!strings.Contains(stderr, "missing.yaml: no such file or directory") {
		t.Errorf("missing -config file: status %d, stderr %q", status, stderr)
	}
}

func TestConfigFlagTurnsRuleOff(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	cfg := filepath.Join(t.TempDir(), "quiet.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  localscopelogout: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	status, stdout, stderr := runCommand(t, "-config", cfg, dir)
	if status != exitClean || stdout != "" || stderr != "0 findings in 1 file\n" {
		t.Errorf("status %d, stdout %q, stderr %q; want a clean scan", status, stdout, stderr)
	}
}

func TestExplainListsOptions(t *testing.T) {
	status, stdout, _ := runCommand(t, "-explain", "localscopelogout")
	if status != exitClean {
		t.Fatalf("status = %d", status)
	}
	want := "\nOptions (rules.localscopelogout.options in .sessionlint.yaml):\n  - deviceOnlyFunctions (default []): Names of functions that sign out of this\n"
	if !strings.Contains(stdout, want) {
		t.Errorf("-explain output lacks the options section %q:\n%s", want, stdout)
	}
	_, stdout, _ = runCommand(t, "-explain", "manualsetsession")
	if strings.Contains(stdout, "Options (") {
		t.Errorf("-explain of a rule without options has an options section:\n%s", stdout)
	}
}
