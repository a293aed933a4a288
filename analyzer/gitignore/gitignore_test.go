package gitignore

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestMatchesPath(t *testing.T) {
	cases := []struct {
		patterns string
		path     string
		want     bool
	}{
		// A name without a slash matches at any depth, files and folders.
		{"node_modules", "node_modules/", true},
		{"node_modules", "a/b/node_modules/", true},
		{"debug.log", "src/debug.log", true},
		{"debug.log", "src/debug.log.txt", false},
		// Contents of an ignored folder are ignored.
		{"dist", "dist/index.js", true},
		{"dist", "packages/ui/dist/index.js", true},
		// A trailing slash matches folders only.
		{"build/", "build/", true},
		{"build/", "build", false},
		{"build/", "src/build/", true},
		{"build/", "build/out.js", true},
		// A leading or middle slash anchors the pattern.
		{"/out", "out/", true},
		{"/out", "src/out/", false},
		{"docs/api", "docs/api/", true},
		{"docs/api", "x/docs/api/", false},
		// Wildcards stay within one segment.
		{"*.gen.ts", "src/a.gen.ts", true},
		{"src/*.ts", "src/a.ts", true},
		{"src/*.ts", "src/lib/a.ts", false},
		{"a?c.ts", "abc.ts", true},
		{"a?c.ts", "a/c.ts", false},
		{"[ab].ts", "b.ts", true},
		{"[!ab].ts", "c.ts", true},
		{"[!ab].ts", "a.ts", false},
		// Double asterisks.
		{"**/generated", "generated/", true},
		{"**/generated", "a/b/generated/", true},
		{"**/generated/x.ts", "a/generated/x.ts", true},
		{"a/**/b.ts", "a/b.ts", true},
		{"a/**/b.ts", "a/x/y/b.ts", true},
		{"a/**", "a/", false},
		{"a/**", "a/x.ts", true},
		{"a/**", "a/x/y.ts", true},
		{"a**b.ts", "axxb.ts", true},
		// The last matching pattern wins; negation re-includes.
		{"*.ts\n!keep.ts", "keep.ts", false},
		{"*.ts\n!keep.ts", "drop.ts", true},
		{"!keep.ts\n*.ts", "keep.ts", true},
		// A file inside an ignored folder cannot be re-included.
		{"dist/\n!dist/keep.js", "dist/keep.js", true},
		// Comments, blank lines, escapes and trailing spaces.
		{"# comment\n\n", "# comment", false},
		{`\#hash.ts`, "#hash.ts", true},
		{`\!bang.ts`, "!bang.ts", true},
		{"spaced.ts   ", "spaced.ts", true},
		{`space\ `, "space ", true},
		{"*.ts\r\n", "a.ts", true},
		// Invalid patterns match nothing.
		{"[", "[", false},
		{"", "a.ts", false},
		{"/", "a.ts", false},
	}
	for _, c := range cases {
		m := Compile([]byte(c.patterns))
		if got := m.MatchesPath(c.path); got != c.want {
			t.Errorf("patterns %q, path %q: MatchesPath = %v, want %v", c.patterns, c.path, got, c.want)
		}
	}
}

// TestMatcherReusedAcrossPaths checks one matcher over paths that share
// parent folders, whose verdicts it caches, from several goroutines.
func TestMatcherReusedAcrossPaths(t *testing.T) {
	m := Compile([]byte("dist/\n/vendor\n*.gen.ts\n!keep.gen.ts\n"))
	cases := map[string]bool{
		"dist/a.js":            true,
		"dist/sub/b.js":        true,
		"src/dist/c.js":        true,
		"src/a.ts":             false,
		"src/sub/a.ts":         false,
		"vendor/x.js":          true,
		"src/vendor/x.js":      false,
		"src/types.gen.ts":     true,
		"src/keep.gen.ts":      false,
		"dist/keep.gen.ts":     true,
		"src/dist":             false, // a file named dist, not a folder
		"src/dist/":            true,
		"src/sub/deep/file.ts": false,
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for path, want := range cases {
					if got := m.MatchesPath(path); got != want {
						t.Errorf("MatchesPath(%q) = %v, want %v", path, got, want)
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestNilMatcherMatchesNothing(t *testing.T) {
	var m *Matcher
	if m.MatchesPath("a.ts") {
		t.Error("a nil Matcher matched a.ts")
	}
}

func TestCompileFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, ".gitignore")
	if err := os.WriteFile(name, []byte("coverage\n*.min.js\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := CompileFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !m.MatchesPath("coverage/") {
		t.Error("coverage/ not matched")
	}
	if !m.MatchesPath("web/app.min.js") {
		t.Error("web/app.min.js not matched")
	}
	if m.MatchesPath("web/app.js") {
		t.Error("web/app.js matched")
	}
	if _, err := CompileFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("CompileFile of a missing file returned no error")
	}
}

// BenchmarkMatchesPath measures one check of a source path against a
// .gitignore of typical size.
func BenchmarkMatchesPath(b *testing.B) {
	lines := []string{"node_modules", ".next/", "/out/", "dist/", "*.pem", ".env*.local", "coverage", "*.log", "**/generated/**", ".turbo", "build/", "storybook-static"}
	m := Compile([]byte(strings.Join(lines, "\n")))
	b.ReportAllocs()
	for b.Loop() {
		m.MatchesPath("apps/web/core/components/issues/issue-detail/root.tsx")
	}
}
