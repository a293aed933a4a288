package analyzer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/rules"
)

// fuzzNames are the file names FuzzAnalyseFile gives its input, one per
// grammar and extension family the driver treats differently.
var fuzzNames = []string{
	"src/input.ts", "src/input.tsx", "src/input.js", "src/input.mjs",
	"supabase/config.toml", "src/Input.vue", "src/Input.svelte", "src/input.astro",
	"supabase/migrations/0001_input.sql",
}

// FuzzAnalyseFile runs the whole scan (reading, parsing, every rule, the
// project phase and the conversion of positions) on one file of
// arbitrary content. A rule that panics is turned into a notice by the
// driver, so the target fails on such notices: they are crashes too.
func FuzzAnalyseFile(f *testing.F) {
	seeds, err := filepath.Glob("../fixtures/sampleapp/src/*/*.ts*")
	if err != nil {
		f.Fatal(err)
	}
	for i, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i%4), data)
	}
	f.Add(uint8(0), []byte(planted))
	f.Add(uint8(1), []byte("export const C = () => <button onClick={() => supabase.auth.signOut({ scope: 'local' })}/>;\r\n"))
	f.Add(uint8(2), []byte("\xEF\xBB\xBFlocalStorage.removeItem('sb-x-auth-token');\rsupabase.auth.signOut()"))
	f.Add(uint8(4), []byte("[auth]\nenable_refresh_token_rotation = false\nrefresh_token_reuse_interval = 60\n"))
	f.Add(uint8(5), []byte("<script setup lang=\"ts\">\nawait supabase.auth.signOut({ scope: 'local' })\n</script>\n"))
	f.Add(uint8(8), []byte("create function f() returns void language sql security definer as $$ delete from auth.sessions $$;"))

	root := f.TempDir()
	for _, dir := range []string{".git", "src", "supabase/migrations"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte("{}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, kind uint8, content []byte) {
		name := fuzzNames[int(kind)%len(fuzzNames)]
		for _, other := range fuzzNames {
			_ = os.Remove(filepath.Join(root, other))
		}
		if err := os.WriteFile(filepath.Join(root, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := analyzer.Run(analyzer.Config{Paths: []string{root}, Rules: rules.All(), Jobs: 1, NoPrefilter: true})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, n := range res.Notices {
			if n.Incomplete {
				t.Fatalf("notice %+v: a rule or the driver failed on %s", n, name)
			}
		}
		checkPositions(t, res, name, content)
	})
}

// checkPositions fails unless every finding lies in the file and its
// editor positions agree with its byte offsets.
func checkPositions(t *testing.T, res *analyzer.Result, name string, content []byte) {
	t.Helper()
	lines := srcfile.NewLines(content)
	check := func(what string, r analyzer.Range) {
		if r.File != name {
			t.Fatalf("%s in %q, want %q", what, r.File, name)
		}
		if r.Start.Offset < 0 || r.Start.Offset > r.End.Offset || r.End.Offset > len(content) {
			t.Fatalf("%s spans bytes %d-%d of %d", what, r.Start.Offset, r.End.Offset, len(content))
		}
		for _, p := range []analyzer.Position{r.Start, r.End} {
			line, col := lines.Position(p.Offset)
			if p.Line != line || p.Column != col {
				t.Fatalf("%s: position %d:%d for byte %d, want %d:%d", what, p.Line, p.Column, p.Offset, line, col)
			}
		}
	}
	for _, f := range res.Findings {
		check(f.Rule+" finding", f.Range)
		for _, rel := range f.Related {
			if rel.File == name {
				check(f.Rule+" related location", rel.Range)
			}
		}
		if strings.ContainsAny(f.LineText, "\r\n") {
			t.Fatalf("%s: LineText %q holds a line terminator", f.Rule, f.LineText)
		}
	}
}
