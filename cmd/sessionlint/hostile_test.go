//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sessionlint/sessionlint/internal/hostile"
)

// buildCommand builds the sessionlint binary into a folder every user
// can read and returns its path.
func buildCommand(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "sessionlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// commandRun is the outcome of one run of the built binary.
type commandRun struct {
	status         int
	stdout, stderr []byte
}

// runBinary runs bin with args in dir. As root it runs the binary as the
// user nobody, so that files without read permission stay unreadable.
func runBinary(t *testing.T, bin, dir string, args ...string) commandRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	status := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatalf("run %s: %v", bin, err)
	}
	return commandRun{status: status, stdout: stdout.Bytes(), stderr: stderr.Bytes()}
}

// jsonReport is the part of the JSON output the hostile tests check.
type jsonReport struct {
	Findings []struct {
		Rule   string `json:"rule"`
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	} `json:"findings"`
	Notices []struct {
		File       string `json:"file"`
		Line       int    `json:"line"`
		Message    string `json:"message"`
		Incomplete bool   `json:"incomplete"`
	} `json:"notices"`
	Summary struct {
		Incomplete bool `json:"incomplete"`
	} `json:"summary"`
}

func TestHostileFolderCommand(t *testing.T) {
	bin := buildCommand(t)
	repo := hostile.Build(t, hostile.Options{Unreadable: true})

	runs := map[string]commandRun{}
	for _, format := range []string{"text", "json", "sarif", "github"} {
		for _, jobs := range []string{"1", "2", "8", "2"} {
			run := runBinary(t, bin, repo.Root, "-no-cache", "-format", format, "-j", jobs, ".")
			// Files without read permission make the scan incomplete.
			if run.status != exitError {
				t.Errorf("-format %s -j %s: exit status %d, want %d; stderr:\n%s", format, jobs, run.status, exitError, run.stderr)
			}
			first, seen := runs[format]
			if !seen {
				runs[format] = run
				continue
			}
			if !bytes.Equal(run.stdout, first.stdout) || !bytes.Equal(run.stderr, first.stderr) {
				t.Errorf("-format %s -j %s: output differs from the first run", format, jobs)
			}
		}
	}

	var report jsonReport
	if err := json.Unmarshal(runs["json"].stdout, &report); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, runs["json"].stdout)
	}
	var findings []hostile.Finding
	for _, f := range report.Findings {
		findings = append(findings, hostile.Finding{File: f.File, Line: f.Line, Column: f.Column, Rule: f.Rule})
	}
	if !reflect.DeepEqual(findings, repo.Findings) {
		t.Errorf("findings = %+v\nwant       %+v", findings, repo.Findings)
	}
	var notices []hostile.Notice
	for _, n := range report.Notices {
		notices = append(notices, hostile.Notice{File: n.File, Line: n.Line, Message: n.Message, Incomplete: n.Incomplete})
	}
	if !reflect.DeepEqual(notices, repo.Notices) {
		t.Errorf("notices = %+v\nwant      %+v", notices, repo.Notices)
	}
	if !report.Summary.Incomplete {
		t.Error("summary.incomplete = false, want true")
	}

	for format, run := range runs {
		for _, out := range [][]byte{run.stdout, run.stderr} {
			for _, secret := range repo.Secrets {
				if bytes.Contains(out, []byte(secret[:20])) {
					t.Errorf("%s output contains the secret %s", format, secret)
				}
			}
			if bytes.ContainsAny(out, "\x1b\r") {
				t.Errorf("%s output contains a raw escape or carriage return", format)
			}
		}
	}
	text := string(runs["text"].stdout)
	for _, want := range []string{"src/new\\nline.ts:6:33: ", "src/esc\\x1b[31mred.ts:6:33: ", "src/tab\\tand\\rreturn.ts:6:33: ", "src/odd names/a b#c%d é.ts:6:33: "} {
		if !strings.Contains(text, want) {
			t.Errorf("text output has no line starting %q", want)
		}
	}
}

func TestHostileFolderCommandMinifiedFileFinishes(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 32 KiB of minified code")
	}
	bin := buildCommand(t)
	dir := hostileRepoWith(t, "bundle.js", "import{createClient as c}from\"@supabase/supabase-js\";const supabase=c(\"u\",\"k\");"+hostile.MinifiedLine(32<<10)+"\n")

	run := runBinary(t, bin, dir, "-no-cache", ".")
	if run.status != exitClean || !strings.HasPrefix(string(run.stderr), "bundle.js:1: notice: not analysed: line 1 is ") {
		t.Errorf("default limits: status %d, stderr %q; want 0 and a notice about the long line", run.status, run.stderr)
	}
	run = runBinary(t, bin, dir, "-no-cache", "-max-file-size", "0", "-max-line-length", "0", ".")
	if run.status != exitFindings || !strings.Contains(string(run.stdout), "(localscopelogout)") {
		t.Errorf("raised limits: status %d, stdout %q; want 1 and the planted finding", run.status, run.stdout)
	}
}

// hostileRepoWith creates a repository with one file.
func hostileRepoWith(t *testing.T, name, content string) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for rel, text := range map[string]string{name: content, "package.json": "{}\n", ".git/HEAD": "ref: refs/heads/main\n"} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOutputFileInterruptedNeverTruncated(t *testing.T) {
	bin := buildCommand(t)
	repo := hostile.Build(t, hostile.Options{})
	outDir := t.TempDir()
	for _, d := range []string{outDir, filepath.Dir(outDir)} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	complete := runBinary(t, bin, repo.Root, "-no-cache", "-format", "json", "-j", "1", ".").stdout

	// The interrupt comes at a different point of each run: before, during
	// or after the scan and the write. Whenever it comes, the -o file is
	// either absent or complete, and no temporary file is left.
	for i, delay := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		out := filepath.Join(outDir, fmt.Sprintf("report%d.json", i))
		cmd := exec.Command(bin, "-no-cache", "-format", "json", "-j", "1", "-o", out, ".")
		cmd.Dir = repo.Root
		cmd.Env = append(os.Environ(), "HOME="+repo.Root)
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()

		data, err := os.ReadFile(out)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			t.Fatal(err)
		case !bytes.Equal(data, complete):
			t.Errorf("interrupt after %v: %s holds %d bytes that differ from the complete report of %d bytes", delay, out, len(data), len(complete))
		}
	}
	entries, err := os.ReadDir(outDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
