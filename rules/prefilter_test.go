package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
	"github.com/sessionlint/sessionlint/analyzer/suppress"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// scanAnalyzers returns every analyzer a scan with all rules and the
// hardening report runs, requirements included.
func scanAnalyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		if a != tsparse.Analyzer && a != tsparse.WorkerParser {
			out = append(out, a)
		}
	}
	visit(suppress.Analyzer)
	for _, a := range hardening.Analyzers {
		visit(a)
	}
	for _, r := range All() {
		visit(r.Analyzer)
	}
	return out
}

func TestEveryAnalyzerDeclaresTokens(t *testing.T) {
	tokens, undeclared := prefilter.ForAnalyzers(scanAnalyzers())
	if len(undeclared) > 0 {
		t.Errorf("analyzers without prefilter tokens: %v; declare them in rules/tokens.go, or the prefilter stays off", undeclared)
	}
	if len(tokens) == 0 {
		t.Error("no prefilter tokens declared")
	}
}

// scanResult is what a scan with and without the prefilter must agree on.
type scanResult struct {
	res    *analyzer.Result
	report string
}

func scanFixture(t *testing.T, dir string, noPrefilter, report bool) scanResult {
	t.Helper()
	r, err := tryScan(t, dir, noPrefilter, report)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tryScan scans dir with every rule, and with the hardening report when
// report is set.
func tryScan(t *testing.T, dir string, noPrefilter, report bool) (scanResult, error) {
	t.Helper()
	cfg := analyzer.Config{Paths: []string{dir}, Rules: All(), Jobs: 2, NoPrefilter: noPrefilter}
	var text string
	if report {
		cfg.Facts = hardening.Analyzers
		cfg.Queries = func(r *analyzer.Result) {
			data, err := json.Marshal(hardening.Evaluate(r))
			if err != nil {
				t.Fatal(err)
			}
			text = string(data)
		}
	}
	res, err := analyzer.Run(cfg)
	return scanResult{res: res, report: text}, err
}

// fixtureRoots returns the folders of fixtures to scan: each fixture
// folder, or its subfolders when a configuration error stops the scan of
// the whole (fixtures/config holds invalid files on purpose).
func fixtureRoots(t *testing.T) []string {
	dirs, err := filepath.Glob("../fixtures/*")
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, dir := range dirs {
		if _, err := tryScan(t, dir, true, false); err == nil {
			roots = append(roots, dir)
			continue
		}
		subs, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
				continue
			}
			if _, err := tryScan(t, sub, true, false); err != nil {
				t.Logf("%s not compared: %v", sub, err)
				continue
			}
			roots = append(roots, sub)
		}
	}
	return roots
}

// TestPrefilterKeepsResults scans every fixture folder with and without
// the prefilter: the findings and the file count must be the same, and a
// notice may be missing only for a file that holds no token, which the
// prefilter never parsed. With the hardening report, the reports must be
// the same too.
func TestPrefilterKeepsResults(t *testing.T) {
	dirs := fixtureRoots(t)
	tokens, _ := prefilter.ForAnalyzers(scanAnalyzers())
	matcher := prefilter.NewMatcher(tokens)
	skipped, onDemand := 0, 0
	for _, dir := range dirs {
		t.Run(strings.TrimPrefix(filepath.ToSlash(dir), "../fixtures/"), func(t *testing.T) {
			on := scanFixture(t, dir, false, false)
			off := scanFixture(t, dir, true, false)
			if on.res.Stats.PrefilterOff != "" {
				t.Fatalf("prefilter off: %s", on.res.Stats.PrefilterOff)
			}
			skipped += on.res.Stats.Prefiltered
			onDemand += on.res.Stats.OnDemand
			if !reflect.DeepEqual(on.res.Findings, off.res.Findings) {
				t.Errorf("findings differ:\nwith prefilter:    %v\nwithout prefilter: %v", on.res.Findings, off.res.Findings)
			}
			onReport, offReport := scanFixture(t, dir, false, true), scanFixture(t, dir, true, true)
			if onReport.report != offReport.report {
				t.Errorf("hardening reports differ:\nwith prefilter:    %s\nwithout prefilter: %s", onReport.report, offReport.report)
			}
			if !reflect.DeepEqual(onReport.res.Findings, offReport.res.Findings) {
				t.Errorf("findings with the report differ:\nwith prefilter:    %v\nwithout prefilter: %v", onReport.res.Findings, offReport.res.Findings)
			}
			if on.res.FilesScanned != off.res.FilesScanned {
				t.Errorf("FilesScanned = %d with the prefilter, %d without", on.res.FilesScanned, off.res.FilesScanned)
			}
			without := map[string]int{}
			for _, n := range off.res.Notices {
				without[noticeKey(n)]++
			}
			for _, n := range on.res.Notices {
				if without[noticeKey(n)] == 0 {
					t.Errorf("notice only with the prefilter: %+v", n)
				}
				without[noticeKey(n)]--
			}
			for key, count := range without {
				if count <= 0 {
					continue
				}
				var n analyzer.Notice
				if err := json.Unmarshal([]byte(key), &n); err != nil {
					t.Fatal(err)
				}
				content, err := os.ReadFile(filepath.Join(on.res.Root, n.File))
				if err != nil || matcher.Match(content) {
					t.Errorf("notice missing with the prefilter for a file it parses: %+v", n)
				}
			}
		})
	}
	if skipped == 0 || onDemand == 0 {
		t.Errorf("the fixtures exercised the prefilter too little: %d files skipped, %d parsed on demand", skipped, onDemand)
	}
}

func noticeKey(n analyzer.Notice) string {
	data, _ := json.Marshal(n)
	return string(data)
}

// TestPrefilterParsesOnDemand checks the apps of fixtures/prefilter,
// each of which needs a file that holds no token. The first has a barrel
// and the menu that offers the revoking sign-out through it. The second
// has a handler that calls a revoking default export under another name,
// and the third a hook member whose name reads as a logout.
func TestPrefilterParsesOnDemand(t *testing.T) {
	cases := []struct {
		app      string
		findings []string
		onDemand []string
	}{
		{app: "barrel", onDemand: []string{"src/components/AccountMenu.tsx", "src/lib/index.ts"}},
		{app: "defaultimport", onDemand: []string{"src/components/Header.tsx"}},
		{app: "hookmember", findings: []string{"clientonlylogout src/pages/Settings.tsx:11"}, onDemand: []string{"src/hooks/useAccount.ts"}},
	}
	for _, c := range cases {
		t.Run(c.app, func(t *testing.T) {
			dir := filepath.Join("..", "fixtures", "prefilter", c.app)
			got := scanFixture(t, dir, false, false).res
			var findings []string
			for _, f := range got.Findings {
				rel := strings.TrimPrefix(f.File, "fixtures/prefilter/"+c.app+"/")
				findings = append(findings, f.Rule+" "+rel+":"+strconv.Itoa(f.Start.Line))
			}
			if !reflect.DeepEqual(findings, c.findings) {
				t.Errorf("findings = %q, want %q", findings, c.findings)
			}
			if got.Stats.OnDemand != len(c.onDemand) {
				t.Errorf("%d files parsed on demand, want %d (stats %+v)", got.Stats.OnDemand, len(c.onDemand), got.Stats)
			}
			var onDemand []string
			for _, f := range got.Stats.OnDemandFiles {
				onDemand = append(onDemand, strings.TrimPrefix(f, "fixtures/prefilter/"+c.app+"/"))
			}
			if !reflect.DeepEqual(onDemand, c.onDemand) {
				t.Errorf("files parsed on demand = %q, want %q", onDemand, c.onDemand)
			}
		})
	}
}
