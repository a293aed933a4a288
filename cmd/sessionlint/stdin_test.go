package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRepo is writeProject with an empty .git folder, which makes the
// project folder the repository root that paths are relative to.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := writeProject(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// withStdin makes content the standard input of the command for one test.
func withStdin(t *testing.T, content string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(content)
	t.Cleanup(func() { stdin = old })
}

// TestStdinFilenameReportsBuffer checks that the buffer, not the file on
// disk, is analysed and that its findings carry the named path.
func TestStdinFilenameReportsBuffer(t *testing.T) {
	dir := writeRepo(t, map[string]string{"src/auth.ts": cleanLogout})
	withStdin(t, localScopeLogout)
	status, stdout, stderr := runCommand(t, "-stdin-filename", filepath.Join(dir, "src", "auth.ts"))
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	if !strings.HasPrefix(stdout, "src/auth.ts:6:33: ") || len(findingLines(stdout)) != 1 {
		t.Errorf("stdout = %q, want the one finding of the buffer at src/auth.ts:6:33", stdout)
	}
	if stderr != "1 finding in 1 file\n" {
		t.Errorf("stderr = %q", stderr)
	}
	content, err := os.ReadFile(filepath.Join(dir, "src", "auth.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if string(content) != cleanLogout {
		t.Error("the file on disk changed")
	}
}

// TestStdinFilenameUnsavedFile checks a buffer whose file does not exist
// on disk yet.
func TestStdinFilenameUnsavedFile(t *testing.T) {
	dir := writeRepo(t, map[string]string{"src/auth.ts": cleanLogout})
	withStdin(t, localScopeLogout)
	status, stdout, stderr := runCommand(t, "-format", "json", "-stdin-filename", filepath.Join(dir, "src", "new.ts"))
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	var report struct {
		Findings []struct {
			Rule string `json:"rule"`
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Findings) != 1 || report.Findings[0].File != "src/new.ts" || report.Findings[0].Line != 6 {
		t.Errorf("findings = %+v, want one at src/new.ts:6", report.Findings)
	}
	if _, err := os.Stat(filepath.Join(dir, "src", "new.ts")); err == nil {
		t.Error("the scan created src/new.ts on disk")
	}
}

// TestStdinFilenameJudgedInAppContext reads UserMenu.tsx of the sample
// app from stdin: its finding needs the helper defined in another file
// of the app, and only the buffer's findings are reported.
func TestStdinFilenameJudgedInAppContext(t *testing.T) {
	path := filepath.Join("..", "..", "fixtures", "sampleapp", "src", "components", "UserMenu.tsx")
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, string(content))
	status, stdout, stderr := runCommand(t, "-stdin-filename", path)
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d; stderr: %s", status, exitFindings, stderr)
	}
	if !strings.HasPrefix(stdout, "fixtures/sampleapp/src/components/UserMenu.tsx:23:5: cleanupAuthState() clears the stored session") ||
		len(findingLines(stdout)) != 1 {
		t.Errorf("stdout = %q, want only the clientonlylogout finding of UserMenu.tsx:23:5", stdout)
	}
}

func TestStdinFilenameDiff(t *testing.T) {
	dir := writeRepo(t, map[string]string{"src/auth.ts": cleanLogout})
	withStdin(t, localScopeLogout)
	status, stdout, _ := runCommand(t, "-diff", "-stdin-filename", filepath.Join(dir, "src", "auth.ts"))
	if status != exitFindings {
		t.Errorf("exit status = %d, want %d", status, exitFindings)
	}
	if !strings.Contains(stdout, "-  await supabase.auth.signOut({ scope: 'local' });\n+  await supabase.auth.signOut();\n") {
		t.Errorf("stdout does not hold the fix of the buffer:\n%s", stdout)
	}
}

func TestStdinFilenameFolder(t *testing.T) {
	dir := writeRepo(t, map[string]string{"src.ts/auth.ts": cleanLogout})
	withStdin(t, localScopeLogout)
	status, _, stderr := runCommand(t, "-stdin-filename", filepath.Join(dir, "src.ts"))
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if !strings.Contains(stderr, "it is a folder") {
		t.Errorf("stderr = %q, want it to say the path is a folder", stderr)
	}
}
