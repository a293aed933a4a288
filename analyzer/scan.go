package analyzer

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"go/token"
	"hash/maphash"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/cache"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
	"github.com/sessionlint/sessionlint/analyzer/regularfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// ScanStats counts what a scan did with the files it discovered.
type ScanStats struct {
	// Files is the number of files discovered.
	Files int
	// Parsed counts the files analysed with a parse, in the first phase
	// and on demand.
	Parsed int
	// Prefiltered counts the script files that held none of the tokens of
	// the analyzers and were never parsed.
	Prefiltered int
	// OnDemand counts the prefiltered files that the project phase parsed
	// because a lookup reached them; they are included in Parsed.
	OnDemand int
	// OnDemandFiles lists those files, repository-relative and sorted.
	OnDemandFiles []string
	// CacheHits counts the files whose summary came from the cache.
	CacheHits int
	// Rounds is the number of times the project phase ran: one, plus one
	// for each batch of files parsed on demand.
	Rounds int
	// PrefilterOff names why the prefilter did not run, or is "".
	PrefilterOff string
}

// scanner runs the first phase for single files: it reads each file,
// skips script files that hold no token of any analyzer, takes the
// summaries of context files from the cache, and analyses the rest.
type scanner struct {
	order   []*analysis.Analyzer
	docs    map[*analysis.Analyzer]*Doc
	jobs    int
	timeout time.Duration
	// filter is nil when every file is parsed.
	filter *prefilter.Matcher
	// cache is nil when no cache is configured.
	cache    *cache.Cache
	cacheDir string

	parsed, prefiltered, onDemand, cacheHits atomic.Int64
	// onDemandFiles lists the files the project phase parsed; only the
	// project phase, which runs on one goroutine, adds to it.
	onDemandFiles []string

	mu       sync.Mutex
	cacheErr error
	// supabaseApps caches supabaseApp by app folder; mu guards it.
	supabaseApps map[string]bool

	// retained holds, by file index, the text of files the prefilter
	// skipped while retainBudget lasts, so the project phase can search
	// them for names without reading them again.
	retained     [][]byte
	retainBudget atomic.Int64
	// searchBudget bounds the text that the searches of the project
	// phase keep for the searches of its later rounds.
	searchBudget atomic.Int64
	// searched holds, by file index, the signature of the last search
	// that did not find the file (searchSignature), and searchSeed the
	// seed of those signatures.
	searched   []uint64
	searchSeed maphash.Seed
}

// retainLimit bounds the bytes of skipped files a scan keeps in memory:
// enough for an app of a few thousand files, such as a pre-commit run
// reads. A folder scan keeps only those of apps that use Supabase.
const retainLimit = 8 << 20

// newScanner returns the scanner of a scan and why the prefilter is off,
// or "" when it is on.
func newScanner(cfg Config, order []*analysis.Analyzer, docs map[*analysis.Analyzer]*Doc, jobs int) (s *scanner, prefilterOff string) {
	s = &scanner{order: order, docs: docs, jobs: jobs, timeout: cfg.ParseTimeout}
	s.retainBudget.Store(retainLimit)
	s.searchBudget.Store(retainLimit)
	s.searchSeed = maphash.MakeSeed()
	switch tokens, undeclared := prefilter.ForAnalyzers(checkedAnalyzers(order)); {
	case cfg.NoPrefilter:
		prefilterOff = "disabled by the configuration"
	case len(undeclared) > 0:
		prefilterOff = fmt.Sprintf("no tokens declared for %v", undeclared)
	default:
		s.filter = prefilter.NewMatcher(tokens)
	}
	if cfg.CacheDir != "" {
		s.cache, s.cacheDir = cache.Open(cfg.CacheDir, cacheSalt(order)), cfg.CacheDir
	}
	return s, prefilterOff
}

// checkedAnalyzers returns the analyzers of order whose tokens decide
// the prefilter: all but the ones the driver supplies itself.
func checkedAnalyzers(order []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range order {
		if a != tsparse.WorkerParser && a != tsparse.Analyzer {
			out = append(out, a)
		}
	}
	return out
}

// cacheSalt names the analyzers of the scan for the cache key.
func cacheSalt(order []*analysis.Analyzer) string {
	names := ""
	for _, a := range order {
		names += a.Name + ","
	}
	return names
}

// isScript reports whether the prefilter applies to a file: TypeScript
// and JavaScript files, whose analyzers declare tokens. Other files
// (supabase/config.toml, migrations, single-file components) are always
// analysed.
func isScript(rel string) bool {
	switch path.Ext(rel) {
	case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// cachedSummary is the cache entry of a context file.
type cachedSummary struct {
	Summary *FileSummary
}

// scanFile is the first phase for one file. With force set, the
// prefilter does not apply: the project phase needs the file. It also
// returns the text of a file the prefilter skipped.
func (s *scanner) scanFile(src source, parser *tsparse.Parser, force bool) (out fileOutput, skippedText []byte) {
	content, notice := readSource(&src)
	if notice != nil {
		// analyseFile reads the file again and reports the problem.
		return analyseFile(src, s.order, s.docs, token.NewFileSet(), parser), nil
	}
	if !force && s.filter != nil && isScript(src.rel) && !s.filter.Match(content) {
		s.prefiltered.Add(1)
		return fileOutput{analysed: true, deferred: true}, content
	}
	key := ""
	if s.cache != nil && !src.reported {
		// Only context files are cached: only their summary is used, and
		// a summary is plain data, whereas the pending findings of a
		// reported file hold functions.
		key = s.cache.Key(src.rel, content, src.settings.Key())
		var entry cachedSummary
		if s.cache.Get(key, &entry) && entry.Summary != nil && entry.Summary.File == src.rel {
			s.cacheHits.Add(1)
			return fileOutput{analysed: true, cached: true, summary: entry.Summary}, nil
		}
	}
	// The content is handed over as an overlay, so it is not read twice.
	src.overlay = content
	out = analyseFile(src, s.order, s.docs, token.NewFileSet(), parser)
	s.parsed.Add(1)
	if key != "" && out.summary != nil && !hasIncomplete(out.notices) {
		if err := s.cache.Put(key, cachedSummary{Summary: out.summary}); err != nil {
			s.mu.Lock()
			if s.cacheErr == nil {
				s.cacheErr = err
			}
			s.mu.Unlock()
		}
	}
	return out, nil
}

// supabaseApp reports whether the package.json of the app in dir, or the
// one at the repository root, mentions supabase: a Supabase package or a
// workspace package named after it. The project phase searches the
// skipped files of such apps for names when its lookups reach them, so a
// folder scan keeps their text. Other apps' skipped files are searched
// too seldom to be worth the memory.
func (s *scanner) supabaseApp(root, dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.supabaseApps == nil {
		s.supabaseApps = map[string]bool{}
	}
	uses, ok := s.supabaseApps[dir]
	if !ok {
		for _, d := range []string{dir, ""} {
			data, err := regularfile.Read(filepath.Join(root, filepath.FromSlash(d), "package.json"), 1<<20)
			if err == nil && bytes.Contains(data, []byte("supabase")) {
				uses = true
				break
			}
		}
		s.supabaseApps[dir] = uses
	}
	return uses
}

// hasContextFiles reports whether the scan reads files only for their
// app's summaries, as a scan of named files does.
func hasContextFiles(files []source) bool {
	for i := range files {
		if !files[i].reported {
			return true
		}
	}
	return false
}

func hasIncomplete(ns []Notice) bool {
	for _, n := range ns {
		if n.Incomplete {
			return true
		}
	}
	return false
}

// discoverAndScan discovers the files of the scan and runs the first
// phase on them. With two or more workers and only folders to scan, the
// workers start on each file as the walk finds it, so the walk costs
// little wall time. Otherwise the walk ends first. With one worker that
// keeps -j 1 to one file at a time.
func (s *scanner) discoverAndScan(w *walker, paths []string, cfg Config) ([]source, []fileOutput, error) {
	if s.jobs < 2 || !allFolders(paths) {
		files, err := w.discover(paths)
		if err != nil || w.configErr != nil {
			return nil, nil, firstError(err, w.configErr)
		}
		applyOverlay(files, cfg.Overlay)
		applyLimits(files, cfg)
		outs := make([]fileOutput, len(files))
		s.scanFiles(files, outs, nil, false)
		return files, outs, nil
	}

	// Only folders are named, so every file is reported and discovery
	// adds each once.
	var (
		mu      sync.Mutex
		results = map[string]fileOutput{}
		// skippedText holds the text of skipped files of apps that use
		// Supabase, which the project phase may search for names.
		skippedText = map[string][]byte{}
	)
	// The walk hands the files over in batches: one channel operation
	// per file woke an idle worker for each skipped file, which costs
	// more than the prefilter's look at it.
	const batchSize = 16
	queue := make(chan []source, 64)
	var wg sync.WaitGroup
	for i := 0; i < s.jobs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parser := s.newParser()
			defer parser.Close()
			for batch := range queue {
				for _, src := range batch {
					out, skipped := s.scanSafely(src, parser, false)
					keep := skipped != nil && s.supabaseApp(w.root, src.app) &&
						s.retainBudget.Add(-int64(len(skipped))) >= 0
					mu.Lock()
					results[src.rel] = out
					if keep {
						skippedText[src.rel] = skipped
					}
					mu.Unlock()
				}
			}
		}()
	}

	var batch []source
	w.found = func(src source) {
		batch = append(batch, src)
		if len(batch) == batchSize {
			applyOverlay(batch, cfg.Overlay)
			applyLimits(batch, cfg)
			queue <- batch
			batch = nil
		}
	}
	files, err := w.discover(paths)
	if len(batch) > 0 {
		applyOverlay(batch, cfg.Overlay)
		applyLimits(batch, cfg)
		queue <- batch
	}
	close(queue)
	wg.Wait()
	w.found = nil
	if err != nil || w.configErr != nil {
		return nil, nil, firstError(err, w.configErr)
	}

	applyOverlay(files, cfg.Overlay)
	applyLimits(files, cfg)
	outs := make([]fileOutput, len(files))
	s.retained = make([][]byte, len(files))
	var missed []int
	for i := range files {
		out, ok := results[files[i].rel]
		if !ok {
			missed = append(missed, i) // not streamed; scanned below
			continue
		}
		outs[i] = out
		s.retained[i] = skippedText[files[i].rel]
	}
	if len(missed) > 0 {
		s.scanFiles(files, outs, missed, false)
	}
	return files, outs, nil
}

func allFolders(paths []string) bool {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) newParser() *tsparse.Parser {
	p := tsparse.NewParser()
	p.Timeout = s.timeout
	return p
}

// scanSafely is scanFile with a panic turned into a notice, so the other
// files of the scan still run.
func (s *scanner) scanSafely(src source, parser *tsparse.Parser, force bool) (out fileOutput, skippedText []byte) {
	defer func() {
		if r := recover(); r != nil {
			out = fileOutput{notices: []Notice{{File: src.rel,
				Message: fmt.Sprintf("internal error, file not analysed: %v", r), Incomplete: true}}}
			skippedText = nil
		}
	}()
	return s.scanFile(src, parser, force)
}

// scanFiles runs scanFile on the files with the given indices, or on
// every file when indices is nil, on the scanner's workers, each with its
// own parser.
func (s *scanner) scanFiles(files []source, outs []fileOutput, indices []int, force bool) {
	if indices == nil {
		indices = make([]int, len(files))
		for i := range indices {
			indices[i] = i
		}
	}
	if s.retained == nil {
		s.retained = make([][]byte, len(files))
		if !hasContextFiles(files) {
			// A scan of whole folders rarely searches the skipped files
			// again; keeping their text would only raise its peak memory.
			s.retainBudget.Store(0)
		}
	}
	parsers := make(chan *tsparse.Parser, s.jobs)
	for i := 0; i < s.jobs; i++ {
		parsers <- s.newParser()
	}
	p := pool.New().WithMaxGoroutines(s.jobs)
	for _, i := range indices {
		p.Go(func() {
			parser := <-parsers
			defer func() { parsers <- parser }()
			out, skipped := s.scanSafely(files[i], parser, force)
			outs[i] = out
			s.retained[i] = nil
			if skipped != nil && s.retainBudget.Add(-int64(len(skipped))) >= 0 {
				s.retained[i] = skipped
			}
		})
	}
	p.Wait()
	close(parsers)
	for parser := range parsers {
		parser.Close()
	}
}

// stats returns the counters of the scan.
func (s *scanner) stats(files, rounds int, off string) ScanStats {
	return ScanStats{
		Files: files, Parsed: int(s.parsed.Load()), Prefiltered: int(s.prefiltered.Load()),
		OnDemand: int(s.onDemand.Load()), CacheHits: int(s.cacheHits.Load()), Rounds: rounds, PrefilterOff: off,
		OnDemandFiles: s.onDemandFiles,
	}
}

// finishCache removes stale cache entries once a day and returns a
// notice for the first cache write that failed.
func (s *scanner) finishCache() []Notice {
	if s.cache == nil {
		return nil
	}
	if _, err := s.cache.PruneIfDue(time.Now()); err != nil && s.cacheErr == nil {
		s.cacheErr = err
	}
	if s.cacheErr == nil {
		return nil
	}
	return []Notice{{Message: fmt.Sprintf("the cache in %s was not updated: %v; the next run parses these files again", s.cacheDir, s.cacheErr)}}
}

// linkOnDemand runs the project phase until it reaches no file that the
// prefilter skipped. After each round, the skipped files that a lookup
// reached by path or may match by name are parsed, and the round runs
// again on the larger set of summaries. queries, if set, runs in every
// round with the round's result, so that its lookups count too.
func (s *scanner) linkOnDemand(root string, files []source, outs []fileOutput, notices []Notice, queries func(*Result), rules []Rule) (findings []Finding, ns []Notice, apps []*App, rounds int) {
	disk := newDiskFacts()
	for {
		rounds++
		tr := newLinkTrace(outs)
		findings, ns, apps = link(root, files, outs, notices, tr, disk)
		if queries != nil {
			queries(&Result{Root: root, Rules: rules, Findings: findings, Notices: ns, Apps: apps})
		}
		if tr == nil {
			return findings, ns, apps, rounds
		}
		load := s.demanded(tr, files, outs, apps)
		if len(load) == 0 {
			return findings, ns, apps, rounds
		}
		s.prefiltered.Add(-int64(len(load)))
		s.scanFiles(files, outs, load, true)
		// A file whose summary came from the cache was not parsed, so it
		// counts among the cache hits only.
		for _, i := range load {
			if !outs[i].cached {
				s.onDemand.Add(1)
				s.onDemandFiles = append(s.onDemandFiles, files[i].rel)
			}
		}
		sort.Strings(s.onDemandFiles)
	}
}

// demanded returns the sorted indices of the skipped files that the last
// round of the project phase may have needed. These are the files a
// lookup resolved to by path and the files of an app that SortedFiles
// listed. They are also the files of an app that name a handler or an
// unresolved call the round looked up there. Last come the files that may
// take on a trait through a call, where the round listed their app with
// FilesWithFacts or looked up a name they may define, because a skipped
// file has no trait of its own.
func (s *scanner) demanded(tr *linkTrace, files []source, outs []fileOutput, apps []*App) []int {
	load := map[int]bool{}
	for i := range tr.reached {
		load[i] = true
	}
	for i := range tr.skipped {
		if tr.listed[files[i].app] {
			load[i] = true // SortedFiles listed the whole app
		}
	}
	q := skippedQuery{exact: tr.names, weak: tr.weak, factsListed: tr.factsListed}
	if len(tr.factsListed) > 0 || len(tr.weak) > 0 {
		// The lookups that computing the traits makes are the driver's,
		// not the rules': the rules repeat theirs in the next round.
		tr.paused = true
		q.calls, q.imports = traitWords(apps, tr)
		tr.paused = false
	}
	if len(q.calls) == 0 && len(q.imports) == 0 {
		// No skipped file can take on a trait.
		q.weak, q.factsListed = nil, nil
	}
	if len(q.exact) > 0 || len(q.weak) > 0 || len(q.factsListed) > 0 {
		for _, i := range s.searchSkipped(files, outs, q) {
			load[i] = true
		}
	}
	out := make([]int, 0, len(load))
	for i := range load {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

func addName(m map[string]map[string]bool, dir, name string) {
	if m[dir] == nil {
		m[dir] = map[string]bool{}
	}
	m[dir][name] = true
}

// skippedQuery describes the skipped files a round of the project phase
// may have needed.
type skippedQuery struct {
	// exact holds, per app folder, names whose presence in a file counts.
	exact map[string]map[string]bool
	// weak holds, per app folder, names that count only in a file that
	// may also take on a trait: one that holds a word of calls or imports.
	weak map[string]map[string]bool
	// factsListed holds the app folders whose files that may take on a
	// trait count, wherever the trait comes from.
	factsListed map[string]bool
	// calls are the calls of the functions that carry a trait that calls
	// pass on, and imports the import specifiers that end with the name
	// of a module whose default export carries one.
	calls, imports []string
}

// searchSkipped returns the skipped files that q selects.
func (s *scanner) searchSkipped(files []source, outs []fileOutput, q skippedQuery) []int {
	// One matcher per app finds the four groups of words in one pass:
	// the app's exact and weak names, the words of calls and imports by
	// which a file takes on a trait, and the imports a barrel re-exports.
	const (
		exact = 1 << iota
		weak
		traits
		barrels
	)
	words := func(set map[string]bool) []string {
		out := make([]string, 0, len(set))
		for w := range set {
			out = append(out, w)
		}
		return out
	}
	traitWords := append(append([]string{}, q.calls...), q.imports...)
	// A barrel that re-exports a default export under a new name may sit
	// in any app or package.
	var barrelWords []string
	if len(q.factsListed) > 0 {
		barrelWords = q.imports
	}
	type appSearch struct {
		m    *prefilter.GroupMatcher
		want uint64
		done func(found uint64) bool
		// sig identifies the wanted words: a file that an earlier round
		// searched for the same words without a hit is not searched again.
		sig uint64
	}
	searches := map[string]*appSearch{}
	searchFor := func(app string) *appSearch {
		if a, ok := searches[app]; ok {
			return a
		}
		exactWords, weakWords, listed := words(q.exact[app]), words(q.weak[app]), q.factsListed[app]
		var a *appSearch
		if len(exactWords) > 0 || len(weakWords) > 0 || listed || len(barrelWords) > 0 {
			a = &appSearch{}
			if len(exactWords) > 0 {
				a.want |= exact
			}
			if len(barrelWords) > 0 {
				a.want |= barrels
			}
			if len(traitWords) > 0 && (listed || len(weakWords) > 0) {
				a.want |= traits
				if !listed {
					a.want |= weak
				}
			}
			// The tokens of a group that is not wanted would only make
			// the pass stop at more places.
			groups := [][]string{exactWords, weakWords, traitWords, barrelWords}
			for i := range groups {
				if a.want&(1<<i) == 0 {
					groups[i] = nil
				}
			}
			a.m = prefilter.NewGroupMatcher(groups)
			a.sig = s.searchSignature(a.want, groups)
			a.done = func(found uint64) bool {
				return found&(exact|barrels) != 0 || (found&traits != 0 && (listed || found&weak != 0))
			}
		}
		searches[app] = a
		return a
	}

	if s.searched == nil {
		s.searched = make([]uint64, len(files))
	}
	var (
		mu    sync.Mutex
		found []int
	)
	p := pool.New().WithMaxGoroutines(s.jobs)
	for i := range files {
		if !outs[i].deferred {
			continue
		}
		search := searchFor(files[i].app)
		if search == nil {
			continue
		}
		if s.searched[i] == search.sig {
			continue // no hit in an earlier round with the same words
		}
		p.Go(func() {
			content, err := s.retained[i], error(nil)
			reread := content == nil
			if reread {
				content, err = files[i].read()
			}
			hit := err != nil || (search.want != 0 && search.done(search.m.Match(content, search.want, search.done)))
			if hit {
				mu.Lock()
				found = append(found, i)
				mu.Unlock()
				return
			}
			s.searched[i] = search.sig
			if reread && s.searchBudget.Add(-int64(len(content))) >= 0 {
				s.retained[i] = content // for the searches of later rounds
			}
		})
	}
	p.Wait()
	return found
}

// searchSignature returns a number that identifies a search for the
// wanted groups of words, whatever their order. It is never 0, because 0
// marks a file not searched yet.
func (s *scanner) searchSignature(want uint64, groups [][]string) uint64 {
	var h maphash.Hash
	h.SetSeed(s.searchSeed)
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], want)
	h.Write(buf[:])
	for _, g := range groups {
		sorted := append([]string(nil), g...)
		sort.Strings(sorted)
		for _, w := range sorted {
			h.WriteString(w)
			h.WriteByte(0)
		}
		h.WriteByte(1)
	}
	if sum := h.Sum64(); sum != 0 {
		return sum
	}
	return 1
}

// traitWords returns the words by which a skipped file can take on a
// trait that calls pass on. The first are the calls of a function that
// carries one, directly or through calls of its own, under its name or a
// name a file re-exports it under. The second are the imports of a module
// whose default export carries one, since a file may call it under any
// local name.
//
// NOTE: an alias that maps a specifier not ending in the module's name
// to the module (a tsconfig "paths" entry such as "#session") is not
// found; a skipped file that default-imports a revoking function only
// through such an alias keeps no trait.
func traitWords(apps []*App, tr *linkTrace) (calls, imports []string) {
	names := map[string]bool{}
	modules := map[string]bool{}
	for _, app := range apps {
		for _, f := range app.Files {
			if tr.isPlaceholder(f) {
				continue
			}
			for i := range f.Funcs {
				fn := &f.Funcs[i]
				if !propagates(app.DeepTraits(fn)) {
					continue
				}
				if fn.Name != "" && fn.Name != "default" {
					names[fn.Name] = true
				}
				if fn.HasTrait("default-export") {
					modules[f.File] = true
				}
			}
			for _, re := range f.ReExports {
				if re.Local == "*" {
					continue
				}
				if fn := exportedFunc(app, f, re.Local); fn != nil && propagates(app.DeepTraits(fn)) {
					names[re.Local] = true
					modules[f.File] = true
				}
			}
		}
	}
	for n := range names {
		// A call is `name(`, `name?.(`, `name<T>(` or, rarely, `name (`.
		calls = append(calls, n+"(", n+"?.(", n+"<", n+" (")
	}
	for m := range modules {
		imports = append(imports, importForms(m)...)
	}
	sort.Strings(calls)
	sort.Strings(imports)
	return calls, imports
}

func propagates(traits map[string]bool) bool {
	for t := range traits {
		if PropagatedTraits[t] {
			return true
		}
	}
	return false
}

// exportedFunc returns the function an exported name of f refers to.
func exportedFunc(app *App, f *FileSummary, name string) *FuncFacts {
	g, n := app.ResolveExport(f, name)
	if g == nil {
		return nil
	}
	if n == "default" {
		return g.defaultExport()
	}
	for i := range g.Funcs {
		if g.Funcs[i].Name == n {
			return &g.Funcs[i]
		}
	}
	return nil
}

// importForms returns the endings of the import specifiers that can name
// the module in file rel, quote included: "/auth'" and "'auth'" for
// src/lib/auth.ts, written with or without an extension, and for an
// index file also the folder ("/auth'" for src/lib/auth/index.ts).
func importForms(rel string) []string {
	base := path.Base(rel)
	for ext := path.Ext(base); ext != ""; ext = path.Ext(base) {
		base = base[:len(base)-len(ext)]
	}
	names := []string{base}
	if base == "index" {
		names = append(names, path.Base(path.Dir(rel)))
	}
	var out []string
	for _, name := range names {
		for _, ext := range []string{"", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"} {
			for _, quote := range []string{"'", `"`} {
				out = append(out, "/"+name+ext+quote, quote+name+ext+quote)
			}
		}
	}
	return out
}

// linkTrace records the lookups of one round of the project phase that
// touch files the prefilter skipped. Its methods do nothing on a nil
// trace, which is what a scan without skipped files uses.
type linkTrace struct {
	// skipped holds the indices of the files the prefilter skipped.
	skipped map[int]bool
	// placeholders maps the empty summaries that replace skipped files to
	// their index, so path resolution finds every file.
	placeholders map[*FileSummary]int
	// reached holds the skipped files a lookup resolved to.
	reached map[int]bool
	// names holds, per app folder, the names whose mere presence in a file
	// counts. These are the handler references looked up, and the calls
	// that resolved to no function at all where unresolvedCallMatters
	// reports that a rule acts on that.
	names map[string]map[string]bool
	// weak holds, per app folder, the names of calls looked up in the
	// app's function index where only the traits of the result count.
	weak map[string]map[string]bool
	// listed holds the app folders whose files were listed in full, with
	// App.SortedFiles: all their skipped files are needed.
	listed map[string]bool
	// factsListed holds the app folders whose files were listed with
	// App.FilesWithFacts: their skipped files are needed when a call may
	// pass a trait on to them.
	factsListed map[string]bool
	// paused stops recording while the driver itself computes traits.
	paused bool
}

func newLinkTrace(outs []fileOutput) *linkTrace {
	tr := &linkTrace{skipped: map[int]bool{}, placeholders: map[*FileSummary]int{}, reached: map[int]bool{},
		names: map[string]map[string]bool{}, weak: map[string]map[string]bool{},
		listed: map[string]bool{}, factsListed: map[string]bool{}}
	for i := range outs {
		if outs[i].deferred {
			tr.skipped[i] = true
		}
	}
	if len(tr.skipped) == 0 {
		return nil
	}
	return tr
}

// placeholder returns the empty summary that replaces file i in the
// project phase when the prefilter skipped it, or nil.
func (t *linkTrace) placeholder(i int, rel string) *FileSummary {
	if t == nil || !t.skipped[i] {
		return nil
	}
	s := &FileSummary{File: rel, Client: true}
	t.placeholders[s] = i
	return s
}

func (t *linkTrace) isPlaceholder(f *FileSummary) bool {
	if t == nil {
		return false
	}
	_, ok := t.placeholders[f]
	return ok
}

// reach records a lookup that resolved to f.
func (t *linkTrace) reach(f *FileSummary) {
	if t == nil || f == nil || t.paused {
		return
	}
	if i, ok := t.placeholders[f]; ok {
		t.reached[i] = true
	}
}

// name records a lookup of name among the handler references of the app
// in folder dir.
func (t *linkTrace) name(dir, name string) {
	if t == nil || name == "" || t.paused {
		return
	}
	addName(t.names, dir, name)
}

// call records a lookup of a call name in the function index of the app
// in folder dir, and whether it found a function. A skipped file can add
// a function without traits of its own to the result, which matters only
// when it turns "no function at all" into "a function", for the names
// where a rule acts on that (UnresolvedCallMatters).
func (t *linkTrace) call(dir, name string, found bool) {
	if t == nil || name == "" || t.paused {
		return
	}
	if !found && unresolvedCallMatters(name) {
		addName(t.names, dir, name)
		return
	}
	addName(t.weak, dir, name)
}

var unresolvedCheck struct {
	sync.Mutex
	matters func(name string) bool
}

// UnresolvedCallMatters declares which call names the rules treat
// differently when App.ResolveCall finds no function of that name at all
// (ok is false) than when it finds functions without the traits they
// look for. For those names the project phase parses every skipped file
// that contains the name. For other names it parses only the skipped
// files that may pass a trait on. Without a declaration every name counts.
func UnresolvedCallMatters(matters func(name string) bool) {
	unresolvedCheck.Lock()
	defer unresolvedCheck.Unlock()
	unresolvedCheck.matters = matters
}

func unresolvedCallMatters(name string) bool {
	unresolvedCheck.Lock()
	defer unresolvedCheck.Unlock()
	return unresolvedCheck.matters == nil || unresolvedCheck.matters(name)
}

// iterate records that every file of the app in folder dir was listed.
func (t *linkTrace) iterate(dir string) {
	if t != nil && !t.paused {
		t.listed[dir] = true
	}
}

// FilesWithFacts returns the app's files in path order, for callers that
// read only the facts a summary records for the rules: session facts,
// bindings, and functions with traits, of their own or taken on through
// calls. A file that the prefilter skipped has no such facts of its own,
// so, unlike SortedFiles, this parses only the skipped files that may
// take on a trait through a call (their summaries are empty until then).
func (a *App) FilesWithFacts() []*FileSummary {
	t := a.trace()
	if t == nil || t.paused {
		return a.SortedFiles()
	}
	t.factsListed[a.Dir] = true
	t.paused = true // not a listing of all files
	defer func() { t.paused = false }()
	return a.SortedFiles()
}

// trace returns the lookup trace of the app's project phase, or nil.
func (a *App) trace() *linkTrace {
	if a.resolver == nil {
		return nil
	}
	return a.resolver.trace
}
