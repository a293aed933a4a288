// Package bench holds the benchmarks of sessionlint. They time the parse
// alone, the scan without rules (the baseline in docs/performance.md),
// each rule, and the whole scan with and without the prefilter and at one
// and two workers. A last one times a pre-commit run against a warm
// cache. They scan corpora that package internal/corpus generates, and
// check the number of planted findings, so a benchmark that got faster by
// missing findings fails.
//
//	go test ./bench -run '^$' -bench . -benchtime 10x
//
// SESSIONLINT_BENCH_SCALE multiplies the corpus sizes (default 1: four
// apps of 500 files, and one app of 2,000 files for the pre-commit run).
// SESSIONLINT_BENCH_CORPUS names a checkout, such as a large public
// monorepo, that BenchmarkReadParse and BenchmarkScan scan instead; its
// findings are not checked.
package bench

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
	"github.com/sessionlint/sessionlint/internal/corpus"
	"github.com/sessionlint/sessionlint/internal/readparse"
	"github.com/sessionlint/sessionlint/rules"
)

// generated holds the corpora written by this test process, by options.
var generated struct {
	sync.Mutex
	dirs map[corpus.Options]*generatedCorpus
	root string
}

type generatedCorpus struct {
	dir      string
	manifest *corpus.Manifest
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.root != "" {
		_ = os.RemoveAll(generated.root)
	}
	os.Exit(code)
}

func scale(tb testing.TB) int {
	s := os.Getenv("SESSIONLINT_BENCH_SCALE")
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		tb.Fatalf("invalid SESSIONLINT_BENCH_SCALE %q: use a whole number of at least 1", s)
	}
	return n
}

// corpusFor writes the corpus of the options once per test process.
func corpusFor(tb testing.TB, opt corpus.Options) *generatedCorpus {
	tb.Helper()
	generated.Lock()
	defer generated.Unlock()
	if c, ok := generated.dirs[opt]; ok {
		return c
	}
	if generated.root == "" {
		root, err := os.MkdirTemp("", "sessionlint-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		generated.root = root
		generated.dirs = map[corpus.Options]*generatedCorpus{}
	}
	dir := filepath.Join(generated.root, fmt.Sprintf("apps%d-files%d-seed%d", opt.Apps, opt.FilesPerApp, opt.Seed))
	m, err := corpus.Write(dir, opt)
	if err != nil {
		tb.Fatal(err)
	}
	// A .git folder makes the corpus its own repository root, as a
	// checkout is for a pre-commit run that names files.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		tb.Fatal(err)
	}
	c := &generatedCorpus{dir: dir, manifest: m}
	generated.dirs[opt] = c
	return c
}

// monorepo is the corpus of the whole-scan benchmarks.
func monorepo(tb testing.TB) *generatedCorpus {
	return corpusFor(tb, corpus.Options{Apps: 4, FilesPerApp: 500 * scale(tb), Seed: 1})
}

// scanTarget returns the folder BenchmarkScan and BenchmarkReadParse
// scan, and the corpus when it is generated (nil for a checkout).
func scanTarget(tb testing.TB) (string, *generatedCorpus) {
	if dir := os.Getenv("SESSIONLINT_BENCH_CORPUS"); dir != "" {
		return dir, nil
	}
	c := monorepo(tb)
	return c.dir, c
}

func run(tb testing.TB, cfg analyzer.Config) *analyzer.Result {
	tb.Helper()
	res, err := analyzer.Run(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// checkFindings compares the findings of rule (all rules when "") with
// the planted ones.
func checkFindings(tb testing.TB, res *analyzer.Result, c *generatedCorpus, rule string) {
	tb.Helper()
	if c == nil {
		return
	}
	count := func(list []string) map[string]int {
		m := map[string]int{}
		for _, s := range list {
			m[s]++
		}
		return m
	}
	var got, want []string
	for _, f := range res.Findings {
		if rule == "" || f.Rule == rule {
			got = append(got, f.Rule+" "+filepath.ToSlash(f.File))
		}
	}
	base := filepath.ToSlash(c.dir)
	for _, f := range c.manifest.Findings {
		if rule == "" || f.Rule == rule {
			want = append(want, f.Rule+" "+relTo(base, res.Root, f.File))
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if g, w := count(got), count(want); fmt.Sprint(g) != fmt.Sprint(w) {
		tb.Fatalf("findings %v, want the planted %v", got, want)
	}
}

// relTo returns a corpus file as a path relative to the scan root.
func relTo(corpusDir, root, file string) string {
	rel, err := filepath.Rel(root, filepath.Join(corpusDir, file))
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}

// BenchmarkParse parses every source file of the corpus, held in memory,
// with one parser and no rules: the tree-sitter floor.
func BenchmarkParse(b *testing.B) {
	c := monorepo(b)
	type file struct {
		name string
		src  []byte
	}
	var files []file
	total := 0
	for _, rel := range c.manifest.Files {
		src, err := os.ReadFile(filepath.Join(c.dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{rel, src})
		total += len(src)
	}
	parser := tsparse.NewParser()
	defer parser.Close()
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			tok := token.NewFileSet().AddFile(f.name, -1, len(f.src))
			parsed, err := parser.Parse(f.name, f.src, tok, srcfile.NewLines(f.src))
			if err != nil {
				b.Fatal(err)
			}
			parsed.Close()
		}
	}
}

// BenchmarkReadParse discovers, reads and prefilters the files as a scan
// does, and parses the files the prefilter passes, with no rules: the
// baseline that the whole scan should stay within 1.25 times of.
func BenchmarkReadParse(b *testing.B) {
	dir, _ := scanTarget(b)
	for b.Loop() {
		run(b, analyzer.Config{Paths: []string{dir}, Rules: readparse.Rules(), Jobs: runtime.NumCPU()})
	}
}

// BenchmarkScan runs every rule and the project phase on the corpus,
// with and without the prefilter.
func BenchmarkScan(b *testing.B) {
	dir, c := scanTarget(b)
	for _, mode := range []struct {
		name        string
		noPrefilter bool
	}{{"prefilter", false}, {"no-prefilter", true}} {
		b.Run(mode.name, func(b *testing.B) {
			var res *analyzer.Result
			for b.Loop() {
				res = run(b, analyzer.Config{Paths: []string{dir}, Rules: rules.All(), Jobs: runtime.NumCPU(), NoPrefilter: mode.noPrefilter})
			}
			checkFindings(b, res, c, "")
			b.ReportMetric(float64(res.Stats.Parsed), "parsed/op")
		})
	}
}

// BenchmarkScanJobs runs the whole scan with one and with two workers.
func BenchmarkScanJobs(b *testing.B) {
	dir, c := scanTarget(b)
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("j%d", jobs), func(b *testing.B) {
			var res *analyzer.Result
			for b.Loop() {
				res = run(b, analyzer.Config{Paths: []string{dir}, Rules: rules.All(), Jobs: jobs})
			}
			checkFindings(b, res, c, "")
		})
	}
}

// BenchmarkRule runs each rule alone on the corpus; the difference to
// BenchmarkReadParse is the rule's cost, its share of the model included.
func BenchmarkRule(b *testing.B) {
	c := monorepo(b)
	for _, r := range rules.All() {
		b.Run(r.Name(), func(b *testing.B) {
			var res *analyzer.Result
			for b.Loop() {
				res = run(b, analyzer.Config{Paths: []string{c.dir}, Rules: []analyzer.Rule{r}, Jobs: runtime.NumCPU()})
			}
			checkFindings(b, res, c, r.Name())
		})
	}
}

// BenchmarkPreCommit scans five named files of a 2,000-file app whose
// context summaries are in a warm cache, as a pre-commit hook does
// (without the start of the process, which docs/performance.md measures
// with the command).
func BenchmarkPreCommit(b *testing.B) {
	c := corpusFor(b, corpus.Options{Apps: 1, FilesPerApp: 2000 * scale(b), Seed: 2})
	app := filepath.Join(c.dir, c.manifest.Apps[0])
	var named []string
	for _, rel := range []string{"src/components/Navbar.tsx", "src/pages/Settings.tsx", "src/lib/sessionSync.ts", "src/lib/utils.ts", "src/pages/Auth.tsx"} {
		named = append(named, filepath.Join(app, rel))
	}
	cfg := analyzer.Config{Paths: named, Rules: rules.All(), Jobs: runtime.NumCPU(), CacheDir: b.TempDir()}
	run(b, cfg) // fills the cache
	var res *analyzer.Result
	for b.Loop() {
		res = run(b, cfg)
	}
	// Navbar, Settings and sessionSync hold five of the app's six planted
	// findings; DeviceMenu.tsx, which holds the sixth, is not named.
	if got := len(res.Findings); got != 5 {
		b.Fatalf("%d findings in the named files, want 5: %v", got, res.Findings)
	}
	if res.Stats.CacheHits == 0 {
		b.Fatalf("no summary came from the cache: %+v", res.Stats)
	}
	b.ReportMetric(float64(res.Stats.Parsed), "parsed/op")
}
