package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/rules"
)

// runCommand runs the command with args and returns its exit status and
// output.
func runCommand(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

// localScopeLogout is a source file with exactly one finding: a sign-out
// limited to this device (rule localscopelogout).
const localScopeLogout = `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function logout() {
  await supabase.auth.signOut({ scope: 'local' });
}
`

// cleanLogout is a source file without findings.
const cleanLogout = `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function logout() {
  await supabase.auth.signOut();
}
`

// writeProject creates a project folder with the given files, keyed by
// slash-separated relative path, and returns its path.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		message string
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"invalid format", []string{"-format", "xml"}, `invalid -format "xml"`},
		{"zero workers", []string{"-j", "0"}, "invalid -j 0"},
		{"negative timeout", []string{"-parse-timeout", "-1s"}, "invalid -parse-timeout -1s"},
		{"timeout without unit", []string{"-parse-timeout", "10"}, "invalid value \"10\" for flag -parse-timeout"},
		{"explain without rule", []string{"-explain"}, "flag needs an argument: -explain"},
		{"explain with empty rule", []string{"-explain="}, "-explain needs a rule name"},
		{"list with version", []string{"-list", "-version"}, "-list and -version cannot be combined"},
		{"list with path", []string{"-list", "src"}, `-list takes no paths, but "src" was given`},
		{"explain with output file", []string{"-o", "out.txt", "-explain", "credentialchange"}, "-o applies to scan results only"},
		{"flag after path", []string{".", "-format", "json"}, "flag -format after the paths"},
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
			if !strings.Contains(stderr, "sessionlint -h") {
				t.Errorf("stderr = %q, want the hint to run sessionlint -h", stderr)
			}
		})
	}
}

func TestRunHelpListsFlagsAndStatuses(t *testing.T) {
	status, stdout, stderr := runCommand(t, "-h")
	if status != exitClean {
		t.Errorf("exit status = %d, want %d", status, exitClean)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want it empty", stderr)
	}
	for _, flagName := range []string{"-format FORMAT", "-o FILE", "-j N", "-tests", "-list", "-explain RULE", "-version", "-h", "-parse-timeout DURATION"} {
		if !strings.Contains(stdout, "\n  "+flagName+"\n") {
			t.Errorf("help text does not list %s:\n%s", flagName, stdout)
		}
	}
	for _, exitLine := range []string{"0  no findings", "1  at least one finding", "2  usage error"} {
		if !strings.Contains(stdout, exitLine) {
			t.Errorf("help text does not contain the exit status line %q", exitLine)
		}
	}
}

func TestRunHelpCoversEveryFlag(t *testing.T) {
	// The help text is written by hand, so check it against the flag set.
	_, help, _ := runCommand(t, "-h")
	newFlagSet(&options{}, io.Discard).VisitAll(func(f *flag.Flag) {
		if !strings.Contains(help, "\n  -"+f.Name+"\n") && !strings.Contains(help, "\n  -"+f.Name+" ") {
			t.Errorf("help text does not describe -%s", f.Name)
		}
	})
}

func TestRunVersion(t *testing.T) {
	status, stdout, _ := runCommand(t, "-version")
	if status != exitClean {
		t.Errorf("exit status = %d, want %d", status, exitClean)
	}
	if !strings.HasPrefix(stdout, "sessionlint "+version+" ") {
		t.Errorf("stdout = %q, want it to start with %q", stdout, "sessionlint "+version)
	}
}

func TestRunListPrintsEveryRule(t *testing.T) {
	status, stdout, stderr := runCommand(t, "-list")
	if status != exitClean {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	all := rules.All()
	if len(all) == 0 {
		t.Fatal("rules.All() returned no rules")
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(all) {
		t.Fatalf("-list printed %d lines, want one per rule (%d):\n%s", len(lines), len(all), stdout)
	}
	titleColumn := -1
	for i, rule := range all {
		fields := strings.Fields(lines[i])
		if len(fields) < 3 {
			t.Errorf("line %q has fewer than three columns", lines[i])
			continue
		}
		if fields[0] != rule.Name() {
			t.Errorf("line %d names %q, want %q", i+1, fields[0], rule.Name())
		}
		wantLevel := string(rule.Doc.Level)
		if rule.Name() == "credentialchange" {
			wantLevel = "email:warning,mfa:warning,password:note"
		}
		if fields[1] != wantLevel {
			t.Errorf("rule %s: level column is %q, want %q", rule.Name(), fields[1], wantLevel)
		}
		column := strings.Index(lines[i], rule.Doc.Title)
		if column < 0 {
			t.Errorf("rule %s: line %q does not contain the title %q", rule.Name(), lines[i], rule.Doc.Title)
			continue
		}
		if titleColumn >= 0 && column != titleColumn {
			t.Errorf("rule %s: title starts at column %d, want %d as on the first line", rule.Name(), column, titleColumn)
		}
		titleColumn = column
	}
}

func TestRunExplainCategoryLevels(t *testing.T) {
	rule, ok := findRule(rules.All(), "credentialchange")
	if !ok {
		t.Fatal("rule credentialchange is not registered")
	}
	if len(rule.Doc.CategoryLevels) == 0 {
		t.Fatal("credentialchange has no category levels to check")
	}

	status, stdout, stderr := runCommand(t, "-explain", "credentialchange")
	if status != exitClean {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	if !strings.HasPrefix(stdout, "credentialchange: "+rule.Doc.Title+"\n") {
		t.Errorf("output does not start with the name and title:\n%s", stdout)
	}
	if !strings.Contains(stdout, "Level: "+string(rule.Doc.Level)+"\n") {
		t.Errorf("output does not give the default level %s:\n%s", rule.Doc.Level, stdout)
	}
	for category, level := range rule.Doc.CategoryLevels {
		found := false
		for _, line := range strings.Split(stdout, "\n") {
			if strings.Join(strings.Fields(line), " ") == category+" "+string(level) {
				found = true
			}
		}
		if !found {
			t.Errorf("output has no line for category %s at level %s:\n%s", category, level, stdout)
		}
	}
	for _, heading := range []string{"\nWhy:\n", "\nBad:\n", "\nGood:\n"} {
		if !strings.Contains(stdout, heading) {
			t.Errorf("output has no section %q", strings.TrimSpace(heading))
		}
	}
	if rule.Doc.CWE > 0 && !strings.Contains(stdout, "CWE-") {
		t.Errorf("output does not name the CWE entry %d", rule.Doc.CWE)
	}
}

func TestRunExplainUnknownRule(t *testing.T) {
	status, stdout, stderr := runCommand(t, "-explain", "nosuchrule")
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	if !strings.Contains(stderr, `unknown rule "nosuchrule"`) {
		t.Errorf("stderr = %q, want it to name the unknown rule", stderr)
	}
	for _, name := range ruleNames(rules.All()) {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr = %q, want it to list the known rule %s", stderr, name)
		}
	}
}

func TestRunMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	status, stdout, stderr := runCommand(t, missing)
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	if !strings.HasPrefix(stderr, "sessionlint: ") || !strings.Contains(stderr, "no-such-folder") {
		t.Errorf("stderr = %q, want a sessionlint error naming no-such-folder", stderr)
	}
}

func TestRunTextFindings(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	status, stdout, stderr := runCommand(t, dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	want := "src/auth.ts:6:33: "
	if !strings.HasPrefix(stdout, want) || !strings.HasSuffix(stdout, " (localscopelogout)\n") {
		t.Errorf("stdout = %q, want one line starting %q and ending with the rule", stdout, want)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout has %d lines, want 1 (no source lines when stdout is not a terminal)", strings.Count(stdout, "\n"))
	}
	if stderr != "1 finding in 1 file\n" {
		t.Errorf("stderr = %q, want the summary %q", stderr, "1 finding in 1 file\n")
	}
}

func TestRunNoFindings(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": cleanLogout, "src/other.ts": "export const x = 1;\n"})
	status, stdout, stderr := runCommand(t, dir)
	if status != exitClean {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	if stderr != "0 findings in 2 files\n" {
		t.Errorf("stderr = %q, want the summary %q", stderr, "0 findings in 2 files\n")
	}
}

func TestRunMachineFormatsHaveNoSummary(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	for _, format := range []string{formatJSON, formatSARIF} {
		t.Run(format, func(t *testing.T) {
			status, stdout, stderr := runCommand(t, "-format", format, dir)
			if status != exitFindings {
				t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
			}
			if !json.Valid([]byte(stdout)) {
				t.Errorf("stdout is not valid JSON:\n%s", stdout)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want it empty", stderr)
			}
		})
	}
}

// writeSlowFile writes a TypeScript file of about 1 MB, which takes far
// longer than a millisecond to parse. It names localStorage, so the
// prefilter does not skip it.
func writeSlowFile(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("localStorage.clear();\n")
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString("export const value = { list: [1, 2, 3], text: 'x', f: (y: number) => y * 2 };\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "large.ts"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRunIncompleteScanKeepsFindings(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	writeSlowFile(t, dir)

	status, stdout, stderr := runCommand(t, "-j", "1", "-parse-timeout", "1ms", dir)
	if status != exitError {
		t.Errorf("exit status = %d, want %d for a file that timed out; stderr: %s", status, exitError, stderr)
	}
	if !strings.Contains(stdout, "(localscopelogout)") {
		t.Errorf("stdout = %q, want the finding of the file that was analysed", stdout)
	}
	if !strings.Contains(stderr, "src/large.ts: notice: ") {
		t.Errorf("stderr = %q, want a notice about src/large.ts", stderr)
	}
	if !strings.HasSuffix(stderr, "1 finding in 1 file; the scan is incomplete, see the notices above\n") {
		t.Errorf("stderr = %q, want a summary that marks the scan incomplete", stderr)
	}
}

func TestRunOutputFile(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	outDir := t.TempDir()
	outFile := filepath.Join(outDir, "results.json")

	status, stdout, stderr := runCommand(t, "-format", "json", "-o", outFile, dir)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty when -o is set", stdout)
	}

	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatalf("read the -o file: %v", err)
	}
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the -o file is not valid JSON: %v\n%s", err, data)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "localscopelogout" {
		t.Errorf("findings = %+v, want one localscopelogout finding", doc.Findings)
	}

	info, err := os.Stat(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o644 {
		t.Errorf("mode of the new file = %v, want 0644", mode)
	}
	assertOnlyFiles(t, outDir, "results.json")
}

func TestRunOutputFileReplacesExisting(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": cleanLogout})
	outDir := t.TempDir()
	outFile := filepath.Join(outDir, "results.txt")
	if err := os.WriteFile(outFile, []byte("old report\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	status, _, stderr := runCommand(t, "-o", outFile, dir)
	if status != exitClean {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitClean, stderr)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 0 {
		t.Errorf("the -o file contains %q, want it empty for a clean scan", data)
	}
	info, err := os.Stat(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("mode of the replaced file = %v, want the old mode 0600", mode)
	}
	assertOnlyFiles(t, outDir, "results.txt")
}

func TestRunOutputFileMissingFolder(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})
	outFile := filepath.Join(t.TempDir(), "missing", "results.json")

	status, stdout, stderr := runCommand(t, "-o", outFile, dir)
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want it empty", stdout)
	}
	if !strings.Contains(stderr, "missing") || !strings.Contains(stderr, "not found") {
		t.Errorf("stderr = %q, want it to name the missing folder", stderr)
	}
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "report.sarif")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	errWrite := errors.New("write failed")

	err := writeFileAtomic(name, func(w io.Writer) error {
		if _, err := io.WriteString(w, "partial"); err != nil {
			return err
		}
		return errWrite
	})
	if !errors.Is(err, errWrite) {
		t.Errorf("error = %v, want %v", err, errWrite)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "old" {
		t.Errorf("file contains %q after a failed write, want the old content %q", data, "old")
	}
	assertOnlyFiles(t, dir, "report.sarif")
}

// assertOnlyFiles fails unless dir contains exactly the named entries,
// which catches temporary files left behind.
func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("folder %s contains %v, want only %v", dir, got, names)
	}
}
