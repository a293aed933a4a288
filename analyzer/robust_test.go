//go:build unix

package analyzer_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
	"github.com/sessionlint/sessionlint/internal/hostile"
	"github.com/sessionlint/sessionlint/rules"
)

// planted is a file with one localscopelogout finding at 6:33.
const planted = `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function logout() {
  await supabase.auth.signOut({ scope: 'local' });
}
`

// newRepo creates a repository root with the given files and returns it.
func newRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	if _, ok := files["package.json"]; !ok {
		files["package.json"] = "{}\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runPaths(t *testing.T, cfg analyzer.Config) *analyzer.Result {
	t.Helper()
	if cfg.Rules == nil {
		cfg.Rules = rules.All()
	}
	if cfg.Jobs == 0 {
		cfg.Jobs = 1
	}
	res, err := analyzer.Run(cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// findingKeys returns "file:line:column rule" for every finding.
func findingKeys(res *analyzer.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s:%d:%d %s", f.File, f.Start.Line, f.Start.Column, f.Rule))
	}
	return out
}

func assertNotices(t *testing.T, res *analyzer.Result, want ...analyzer.Notice) {
	t.Helper()
	got := res.Notices
	if len(got) == 0 {
		got = nil
	}
	if len(want) == 0 {
		want = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notices = %+v\nwant      %+v", got, want)
	}
}

func TestRunNamedLinkFollowedInsideRoot(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	if err := os.Symlink("planted.ts", filepath.Join(dir, "src", "alias.ts")); err != nil {
		t.Fatal(err)
	}
	res := runPaths(t, analyzer.Config{Paths: []string{filepath.Join(dir, "src", "alias.ts")}})
	if got, want := findingKeys(res), []string{"src/planted.ts:6:33 localscopelogout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v (the link target under its own path)", got, want)
	}
	assertNotices(t, res)
}

func TestRunNamedLinkOutsideRootNotFollowed(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	outside := filepath.Join(t.TempDir(), "outside.ts")
	if err := os.WriteFile(outside, []byte(planted), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "src", "out.ts")); err != nil {
		t.Fatal(err)
	}
	res := runPaths(t, analyzer.Config{Paths: []string{filepath.Join(dir, "src", "out.ts")}})
	if len(res.Findings) != 0 {
		t.Errorf("findings = %v, want none", findingKeys(res))
	}
	assertNotices(t, res, analyzer.Notice{File: "src/out.ts", Incomplete: true,
		Message: "symbolic link to a path outside the repository root; not followed"})
}

func TestRunNamedLinkLoop(t *testing.T) {
	dir := newRepo(t, map[string]string{})
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("b.ts", filepath.Join(src, "a.ts")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.ts", filepath.Join(src, "b.ts")); err != nil {
		t.Fatal(err)
	}
	res := runPaths(t, analyzer.Config{Paths: []string{filepath.Join(src, "a.ts")}})
	assertNotices(t, res, analyzer.Notice{File: "src/a.ts", Message: "symbolic link loop; not followed", Incomplete: true})
}

func TestRunNamedPipeNotOpened(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	pipe := filepath.Join(dir, "src", "pipe.ts")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	// Opening the pipe for reading would wait for a writer forever.
	res := runPaths(t, analyzer.Config{Paths: []string{pipe, filepath.Join(dir, "src", "planted.ts")}})
	if got, want := findingKeys(res), []string{"src/planted.ts:6:33 localscopelogout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res, analyzer.Notice{File: "src/pipe.ts", Message: "not read: a named pipe, not a regular file", Incomplete: true})
}

func TestRunNamedPipeWithoutSourceNameSkipped(t *testing.T) {
	// Pre-commit passes every staged file; a special file that is not a
	// source file is skipped like any other such file.
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	pipe := filepath.Join(dir, "notes.txt")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	res := runPaths(t, analyzer.Config{Paths: []string{pipe}})
	assertNotices(t, res)
}

func TestRunMissingPathError(t *testing.T) {
	dir := newRepo(t, map[string]string{})
	missing := filepath.Join(dir, "no-such-file.ts")
	_, err := analyzer.Run(analyzer.Config{Paths: []string{missing}, Rules: rules.All()})
	if err == nil {
		t.Fatal("Run returned no error for a missing path")
	}
	if got, want := err.Error(), missing+": no such file or directory"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestRunConfigFilePipeIsError(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	if err := syscall.Mkfifo(filepath.Join(dir, ".sessionlint.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := analyzer.Run(analyzer.Config{Paths: []string{dir}, Rules: rules.All()})
	if err == nil || !strings.Contains(err.Error(), "named pipe, not a regular file") {
		t.Errorf("Run = %v, want an error that names the pipe", err)
	}
}

func TestRunEmptyFileScanned(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/empty.ts": "", "src/planted.ts": planted})
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, NoPrefilter: true})
	if res.FilesScanned != 2 {
		t.Errorf("FilesScanned = %d, want 2", res.FilesScanned)
	}
	if got, want := findingKeys(res), []string{"src/planted.ts:6:33 localscopelogout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res)
}

func TestRunLimitsRaisedAnalyseMinifiedFile(t *testing.T) {
	// One line of 512 KiB, with the sign-out at its end. The full 5 MB
	// case runs in .ci/steps/30-fuzz through the built command, because
	// it takes about half a minute and 700 MB.
	line := "import{createClient as c}from\"@supabase/supabase-js\";const supabase=c(\"u\",\"k\");" +
		hostile.MinifiedLine(512<<10)
	dir := newRepo(t, map[string]string{"dist-like/bundle.js": line + "\n"})

	res := runPaths(t, analyzer.Config{Paths: []string{dir}, MaxFileSize: analyzer.DefaultMaxFileSize, MaxLineLength: analyzer.DefaultMaxLineLength})
	assertNotices(t, res, analyzer.Notice{File: "dist-like/bundle.js", Line: 1, Message: fmt.Sprintf(
		"not analysed: line 1 is %d bytes long, over the -max-line-length limit of 20000 bytes; "+
			"minified or generated code is skipped, raise the limit to check it", len(line))})

	res = runPaths(t, analyzer.Config{Paths: []string{dir}})
	column := strings.Index(line, "scope") + 1
	if got, want := findingKeys(res), []string{fmt.Sprintf("dist-like/bundle.js:1:%d localscopelogout", column)}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	if res.Findings[0].LineText != "" {
		t.Errorf("LineText holds %d bytes, want none for a line this long", len(res.Findings[0].LineText))
	}
	assertNotices(t, res)
}

func TestRunMaxFileSizeBoundary(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	size := int64(len(planted))
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, MaxFileSize: size})
	if len(res.Findings) != 1 {
		t.Errorf("a file of exactly -max-file-size bytes: %d findings, want 1", len(res.Findings))
	}
	res = runPaths(t, analyzer.Config{Paths: []string{dir}, MaxFileSize: size - 1})
	assertNotices(t, res, analyzer.Notice{File: "src/planted.ts", Message: fmt.Sprintf(
		"not analysed: the file is %d bytes, over the -max-file-size limit of %d bytes; raise the limit to check it", size, size-1)})
}

func TestRunParseTimeoutNamesFile(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/planted.ts": planted})
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, ParseTimeout: time.Nanosecond * 1000})
	assertNotices(t, res, analyzer.Notice{File: "src/planted.ts", Incomplete: true,
		Message: "not analysed: parsing took longer than the -parse-timeout limit of 1µs; raise the limit to check it"})
}

// testRule returns a rule around an analyzer that calls run for each file.
func testRule(name string, run func(pass *analysis.Pass) (any, error)) analyzer.Rule {
	return analyzer.Rule{
		Analyzer: &analysis.Analyzer{Name: name, Doc: "a rule for tests", Run: run},
		Doc:      &analyzer.Doc{Title: "Test rule", Level: analyzer.LevelWarning},
	}
}

func TestRunFileChangedDuringScan(t *testing.T) {
	dir := newRepo(t, map[string]string{
		"src/a.ts": planted, "src/b.ts": planted, "src/c.ts": planted, "src/d.ts": planted,
	})
	// With one worker the files are analysed in order, so a rule run on
	// a.ts changes b.ts, c.ts and d.ts after the walk found them.
	mutate := testRule("mutate", func(pass *analysis.Pass) (any, error) {
		if pass.OtherFiles[0] != "src/a.ts" {
			return nil, nil
		}
		src := filepath.Join(dir, "src")
		if err := os.Remove(filepath.Join(src, "b.ts")); err != nil {
			return nil, err
		}
		if err := os.Remove(filepath.Join(src, "c.ts")); err != nil {
			return nil, err
		}
		if err := syscall.Mkfifo(filepath.Join(src, "c.ts"), 0o644); err != nil {
			return nil, err
		}
		if err := os.Remove(filepath.Join(src, "d.ts")); err != nil {
			return nil, err
		}
		return nil, os.Symlink("a.ts", filepath.Join(src, "d.ts"))
	})
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, Rules: append([]analyzer.Rule{mutate}, rules.All()...)})
	if got, want := findingKeys(res), []string{"src/a.ts:6:33 localscopelogout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res,
		analyzer.Notice{File: "src/b.ts", Message: "not analysed: the file was removed during the scan"},
		analyzer.Notice{File: "src/c.ts", Message: "not analysed: the file became a named pipe during the scan"},
		analyzer.Notice{File: "src/d.ts", Message: "not analysed: the file became a symbolic link during the scan; links are not followed"},
	)
}

func TestRunRulePanicKeepsOtherFindings(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/a.ts": planted, "src/b.ts": planted})
	boom := testRule("boom", func(pass *analysis.Pass) (any, error) {
		if pass.OtherFiles[0] == "src/a.ts" {
			panic("boom on purpose")
		}
		return nil, nil
	})
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, Rules: append([]analyzer.Rule{boom}, rules.All()...)})
	// Both files keep the finding of localscopelogout.
	want := []string{"src/a.ts:6:33 localscopelogout", "src/b.ts:6:33 localscopelogout"}
	if got := findingKeys(res); !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res, analyzer.Notice{File: "src/a.ts", Rule: "boom", Message: "boom failed: boom on purpose", Incomplete: true})
}

func TestRunProjectPhasePanicKeepsOtherFindings(t *testing.T) {
	dir := newRepo(t, map[string]string{"src/a.ts": planted, "src/b.ts": planted})
	deferred := testRule("deferred", func(pass *analysis.Pass) (any, error) {
		res := &analyzer.Candidates{}
		if pass.OtherFiles[0] == "src/a.ts" {
			file := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
			res.Items = append(res.Items, analyzer.Candidate{
				Diagnostic: analysis.Diagnostic{Pos: file.Pos(0), Message: "never kept"},
				Keep:       func(*analyzer.App, *analyzer.FileSummary) bool { panic(errors.New("keep failed on purpose")) },
			})
		}
		return res, nil
	})
	deferred.Analyzer.ResultType = reflect.TypeOf((*analyzer.Candidates)(nil))
	deferred.Analyzer.Requires = []*analysis.Analyzer{tsparse.Analyzer}
	res := runPaths(t, analyzer.Config{Paths: []string{dir}, Rules: append([]analyzer.Rule{deferred}, rules.All()...)})
	want := []string{"src/a.ts:6:33 localscopelogout", "src/b.ts:6:33 localscopelogout"}
	if got := findingKeys(res); !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res, analyzer.Notice{File: "src/a.ts", Rule: "deferred",
		Message: "deferred failed in the project phase: keep failed on purpose", Incomplete: true})
}

func TestRunUnreadableFileAndFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files without read permission; cmd/sessionlint tests this as another user")
	}
	dir := newRepo(t, map[string]string{"src/planted.ts": planted, "src/locked.ts": planted, "src/locked-dir/in.ts": planted})
	for _, rel := range []string{"src/locked.ts", "src/locked-dir"} {
		if err := os.Chmod(filepath.Join(dir, rel), 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "src", "locked-dir"), 0o755) })
	res := runPaths(t, analyzer.Config{Paths: []string{dir}})
	if got, want := findingKeys(res), []string{"src/planted.ts:6:33 localscopelogout"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	assertNotices(t, res,
		analyzer.Notice{File: "src/locked-dir", Message: "cannot read: permission denied", Incomplete: true},
		analyzer.Notice{File: "src/locked.ts", Message: "cannot read: permission denied", Incomplete: true},
	)
}
