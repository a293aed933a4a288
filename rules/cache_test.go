package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/internal/corpus"
)

// cacheApp writes a generated app of 60 files and returns the five files
// a pre-commit run names: three hold planted findings.
func cacheApp(t *testing.T) (root string, named []string) {
	t.Helper()
	root = t.TempDir()
	m, err := corpus.Write(root, corpus.Options{Apps: 1, FilesPerApp: 60, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(root, m.Apps[0])
	for _, rel := range []string{"src/components/Navbar.tsx", "src/pages/Settings.tsx", "src/lib/sessionSync.ts", "src/lib/utils.ts", "src/pages/Auth.tsx"} {
		named = append(named, filepath.Join(app, rel))
	}
	return root, named
}

func scanNamed(t *testing.T, named []string, cacheDir string) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: named, Rules: All(), Jobs: 2, CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestCacheWarmRunParsesOnlyNamedFiles checks that a second run over the
// same named files takes every context summary from the cache, parses
// only the named files, and reports what a run without cache reports.
func TestCacheWarmRunParsesOnlyNamedFiles(t *testing.T) {
	_, named := cacheApp(t)
	want := scanNamed(t, named, "")
	cacheDir := t.TempDir()
	cold := scanNamed(t, named, cacheDir)
	warm := scanNamed(t, named, cacheDir)
	if !reflect.DeepEqual(cold.Findings, want.Findings) || !reflect.DeepEqual(warm.Findings, want.Findings) {
		t.Fatalf("findings differ:\nno cache: %v\ncold:     %v\nwarm:     %v", want.Findings, cold.Findings, warm.Findings)
	}
	if len(want.Findings) != 5 {
		t.Errorf("%d findings in the named files, want the 5 planted there", len(want.Findings))
	}
	if cold.Stats.CacheHits != 0 {
		t.Errorf("the cold run took %d summaries from an empty cache", cold.Stats.CacheHits)
	}
	context := cold.Stats.Parsed - warm.Stats.Parsed
	if warm.Stats.CacheHits == 0 || warm.Stats.CacheHits != context {
		t.Errorf("warm run: %d summaries from the cache, want the %d context files the cold run parsed (cold %+v, warm %+v)",
			warm.Stats.CacheHits, context, cold.Stats, warm.Stats)
	}
	// Four of the five named files hold a prefilter token.
	if warm.Stats.Parsed != 4 {
		t.Errorf("the warm run parsed %d files, want the 4 named files with tokens (%+v)", warm.Stats.Parsed, warm.Stats)
	}
}

// TestCacheChangedContextFile checks that editing a context file parses
// it again and that its new content decides the findings.
func TestCacheChangedContextFile(t *testing.T) {
	root, named := cacheApp(t)
	cacheDir := t.TempDir()
	scanNamed(t, named, cacheDir)
	// The helper that clears the stored session keeps its name but no
	// longer clears anything, so the clientonlylogout finding of Navbar
	// goes away.
	helper := filepath.Join(root, "apps", "app00", "src", "lib", "authCleanup.ts")
	if err := os.WriteFile(helper, []byte("export const cleanupAuthState = () => {\n  console.info('nothing to clear');\n};\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	warm := scanNamed(t, named, cacheDir)
	want := scanNamed(t, named, "")
	if !reflect.DeepEqual(warm.Findings, want.Findings) {
		t.Fatalf("findings after the edit differ:\nwarm:     %v\nno cache: %v", warm.Findings, want.Findings)
	}
	for _, f := range warm.Findings {
		if f.Rule == "clientonlylogout" {
			t.Errorf("clientonlylogout still reported after the helper stopped clearing storage: %v", f)
		}
	}
}

// TestCacheSharedByConcurrentRuns runs scans at the same time on one
// cache folder, cold and then warm; every run must report the same.
func TestCacheSharedByConcurrentRuns(t *testing.T) {
	_, named := cacheApp(t)
	want := scanNamed(t, named, "")
	cacheDir := t.TempDir()
	for round := 0; round < 2; round++ {
		var wg sync.WaitGroup
		results := make([]*analyzer.Result, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := analyzer.Run(analyzer.Config{Paths: named, Rules: All(), Jobs: 2, CacheDir: cacheDir})
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = res
			}()
		}
		wg.Wait()
		for i, res := range results {
			if res == nil {
				continue
			}
			if !reflect.DeepEqual(res.Findings, want.Findings) {
				t.Errorf("round %d, run %d: findings differ:\ngot:  %v\nwant: %v", round, i, res.Findings, want.Findings)
			}
			for _, n := range res.Notices {
				if n.File == "" {
					t.Errorf("round %d, run %d: notice %q", round, i, n.Message)
				}
			}
		}
	}
}

// TestCacheUnwritableFolder checks that a cache that cannot be written
// costs a notice, not the scan.
func TestCacheUnwritableFolder(t *testing.T) {
	_, named := cacheApp(t)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res := scanNamed(t, named, blocker)
	want := scanNamed(t, named, "")
	if !reflect.DeepEqual(res.Findings, want.Findings) {
		t.Errorf("findings differ with an unwritable cache:\ngot:  %v\nwant: %v", res.Findings, want.Findings)
	}
	found := false
	for _, n := range res.Notices {
		if n.File == "" && !n.Incomplete {
			found = true
		}
	}
	if !found {
		t.Errorf("no notice about the cache that could not be written: %v", res.Notices)
	}
}

// TestSummariesSurviveCacheEncoding checks that every file summary of
// the fixtures comes back unchanged from the JSON the cache stores, so a
// field that JSON cannot carry (unexported, or a function) cannot make a
// warm run differ from a cold one.
func TestSummariesSurviveCacheEncoding(t *testing.T) {
	checked := 0
	for _, dir := range fixtureRoots(t) {
		res, err := analyzer.Run(analyzer.Config{Paths: []string{dir}, Rules: All(), Jobs: 2, NoPrefilter: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, app := range res.Apps {
			for _, f := range app.SortedFiles() {
				data, err := json.Marshal(f)
				if err != nil {
					t.Fatalf("%s: %v", f.File, err)
				}
				var back analyzer.FileSummary
				if err := json.Unmarshal(data, &back); err != nil {
					t.Fatalf("%s: %v", f.File, err)
				}
				if !reflect.DeepEqual(&back, f) {
					t.Errorf("%s: the summary changes through JSON:\nbefore: %+v\nafter:  %+v", f.File, *f, back)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d summaries; the fixtures should hold more", checked)
	}
}

// TestCacheOnDemandFromCache checks that a file the project phase needs
// and the cache holds counts as a cache hit, not as parsed on demand.
func TestCacheOnDemandFromCache(t *testing.T) {
	named := []string{filepath.Join("..", "fixtures", "prefilter", "hookmember", "src", "pages", "Settings.tsx")}
	cacheDir := t.TempDir()
	cold := scanNamed(t, named, cacheDir)
	if cold.Stats.OnDemand != 1 || len(cold.Stats.OnDemandFiles) != 1 {
		t.Fatalf("cold run: %d files parsed on demand (%q), want the hook file", cold.Stats.OnDemand, cold.Stats.OnDemandFiles)
	}
	hook := cold.Stats.OnDemandFiles[0]
	if filepath.Base(hook) != "useAccount.ts" {
		t.Errorf("cold run parsed %s on demand, want src/hooks/useAccount.ts", hook)
	}
	warm := scanNamed(t, named, cacheDir)
	if warm.Stats.OnDemand != 0 || len(warm.Stats.OnDemandFiles) != 0 {
		t.Errorf("warm run: %d files parsed on demand (%q), want none: the cache holds the hook", warm.Stats.OnDemand, warm.Stats.OnDemandFiles)
	}
	if warm.Stats.CacheHits < 1 {
		t.Errorf("warm run: %d summaries from the cache, want the hook's at least", warm.Stats.CacheHits)
	}
	if warm.Stats.Parsed != 1 {
		t.Errorf("warm run parsed %d files, want only the named one", warm.Stats.Parsed)
	}
	if !reflect.DeepEqual(cold.Findings, warm.Findings) || len(warm.Findings) != 1 {
		t.Errorf("findings: cold %v, warm %v; want the same one", cold.Findings, warm.Findings)
	}
}
