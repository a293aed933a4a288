package analyzer

import (
	"fmt"
	"go/token"
	"path"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/cache"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
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

	mu       sync.Mutex
	cacheErr error
}

func newScanner(cfg Config, order []*analysis.Analyzer, docs map[*analysis.Analyzer]*Doc, jobs int) (*scanner, string) {
	s := &scanner{order: order, docs: docs, jobs: jobs, timeout: cfg.ParseTimeout}
	off := ""
	switch tokens, undeclared := prefilter.ForAnalyzers(checkedAnalyzers(order)); {
	case cfg.NoPrefilter:
		off = "disabled by the configuration"
	case len(undeclared) > 0:
		off = fmt.Sprintf("no tokens declared for %v", undeclared)
	default:
		s.filter = prefilter.NewMatcher(tokens)
	}
	if cfg.CacheDir != "" {
		s.cache, s.cacheDir = cache.Open(cfg.CacheDir, cacheSalt(order)), cfg.CacheDir
	}
	return s, off
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
// prefilter does not apply: the project phase needs the file.
func (s *scanner) scanFile(src source, parser *tsparse.Parser, force bool) fileOutput {
	content, notice := readSource(&src)
	if notice != nil {
		// analyseFile reads the file again and reports the problem.
		return analyseFile(src, s.order, s.docs, token.NewFileSet(), parser)
	}
	if !force && s.filter != nil && isScript(src.rel) && !s.filter.Match(content) {
		s.prefiltered.Add(1)
		return fileOutput{analysed: true, deferred: true}
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
			return fileOutput{analysed: true, summary: entry.Summary}
		}
	}
	// The content is handed over as an overlay, so it is not read twice.
	src.overlay = content
	out := analyseFile(src, s.order, s.docs, token.NewFileSet(), parser)
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
	return out
}

func hasIncomplete(ns []Notice) bool {
	for _, n := range ns {
		if n.Incomplete {
			return true
		}
	}
	return false
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
	parsers := make(chan *tsparse.Parser, s.jobs)
	for i := 0; i < s.jobs; i++ {
		p := tsparse.NewParser()
		p.Timeout = s.timeout
		parsers <- p
	}
	p := pool.New().WithMaxGoroutines(s.jobs)
	for _, i := range indices {
		p.Go(func() {
			parser := <-parsers
			defer func() { parsers <- parser }()
			defer func() {
				if r := recover(); r != nil {
					outs[i] = fileOutput{notices: []Notice{{File: files[i].rel,
						Message: fmt.Sprintf("internal error, file not analysed: %v", r), Incomplete: true}}}
				}
			}()
			outs[i] = s.scanFile(files[i], parser, force)
		})
	}
	p.Wait()
	close(parsers)
	for parser := range parsers {
		parser.Close()
	}
}

// stats returns the counters of the scan.
func (s *scanner) stats(files int, rounds int, off string) ScanStats {
	return ScanStats{
		Files: files, Parsed: int(s.parsed.Load()), Prefiltered: int(s.prefiltered.Load()),
		OnDemand: int(s.onDemand.Load()), CacheHits: int(s.cacheHits.Load()), Rounds: rounds, PrefilterOff: off,
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
// prefilter skipped: after each round, the skipped files that a lookup
// reached by path or may match by name are parsed, and the round runs
// again on the larger set of summaries. queries, if set, runs in every
// round with the round's result, so that its lookups count too.
func (s *scanner) linkOnDemand(root string, files []source, outs []fileOutput, notices []Notice, queries func(*Result), rules []Rule) (findings []Finding, ns []Notice, apps []*App, rounds int) {
	for {
		rounds++
		tr := newLinkTrace(outs)
		findings, ns, apps = link(root, files, outs, notices, tr)
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
		s.onDemand.Add(int64(len(load)))
		s.prefiltered.Add(-int64(len(load)))
		s.scanFiles(files, outs, load, true)
	}
}

// demanded returns the indices of the skipped files that the last round
// of the project phase may have needed, sorted: the files a lookup
// resolved to by path, the files of an app that name a function or
// handler the round looked up there, and, where only the traits of the
// looked-up functions count, the files that also name a function with a
// trait that calls pass on (a skipped file has no trait of its own).
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
	exact := tr.names
	var traitWords, everywhere []string
	if len(tr.factsListed) > 0 || len(tr.weak) > 0 {
		// The lookups that computing the traits makes are the driver's,
		// not the rules': the rules repeat theirs in the next round.
		tr.paused = true
		names, stems := traitNames(apps, tr)
		tr.paused = false
		for dir := range tr.factsListed {
			// The files of the app were listed for their facts: a skipped
			// file counts if it takes on a trait by calling a function
			// that has one.
			for n := range names {
				addName(exact, dir, n)
			}
			for _, st := range stems {
				addName(exact, dir, st)
			}
		}
		if len(tr.factsListed) > 0 {
			// A barrel that re-exports a default export under a new name
			// may sit in another app or package.
			everywhere = stems
		}
		for n := range names {
			traitWords = append(traitWords, n)
		}
		traitWords = append(traitWords, stems...)
	}
	weak := tr.weak
	if len(traitWords) == 0 {
		weak = nil // no skipped file can take on a trait
	}
	if len(exact) > 0 || len(weak) > 0 || len(everywhere) > 0 {
		for _, i := range s.searchSkipped(files, outs, exact, weak, traitWords, everywhere) {
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

// searchSkipped returns the skipped files whose text holds one of the
// exact names recorded for their app, one of the weak names together
// with one of traitWords, or one of everywhere.
func (s *scanner) searchSkipped(files []source, outs []fileOutput, exact, weak map[string]map[string]bool, traitWords, everywhere []string) []int {
	matcher := func(set map[string]bool) *prefilter.Matcher {
		if len(set) == 0 {
			return nil
		}
		list := make([]string, 0, len(set))
		for n := range set {
			list = append(list, n)
		}
		return prefilter.NewMatcher(list)
	}
	exactM, weakM := map[string]*prefilter.Matcher{}, map[string]*prefilter.Matcher{}
	for dir, set := range exact {
		exactM[dir] = matcher(set)
	}
	for dir, set := range weak {
		weakM[dir] = matcher(set)
	}
	traitM := prefilter.NewMatcher(traitWords)
	var everywhereM *prefilter.Matcher
	if len(everywhere) > 0 {
		everywhereM = prefilter.NewMatcher(everywhere)
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
		em, wm := exactM[files[i].app], weakM[files[i].app]
		if em == nil && wm == nil && everywhereM == nil {
			continue
		}
		p.Go(func() {
			content, err := files[i].read()
			hit := err != nil || (em != nil && em.Match(content)) || (wm != nil && wm.Match(content) && traitM.Match(content)) ||
				(everywhereM != nil && everywhereM.Match(content))
			if hit {
				mu.Lock()
				found = append(found, i)
				mu.Unlock()
			}
		})
	}
	p.Wait()
	return found
}

// traitNames returns the names of the functions that carry a trait
// other files take on by calling them (directly or through calls of
// their own), and the names under which files re-export them. A skipped
// file can only take on such a trait by naming one of these functions,
// or, for a default export, by importing its module, whose file stem
// the second result lists.
//
// NOTE: an alias that maps a name without the module's stem to the
// module (a tsconfig "paths" entry such as "#session") is not found by
// stem; a skipped file that default-imports a revoking function only
// through such an alias keeps no trait.
func traitNames(apps []*App, tr *linkTrace) (map[string]bool, []string) {
	names := map[string]bool{}
	stemSet := map[string]bool{}
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
					stemSet[moduleStem(f.File)] = true
				}
			}
			for _, re := range f.ReExports {
				if re.Local == "*" {
					continue
				}
				if fn := exportedFunc(app, f, re.Local); fn != nil && propagates(app.DeepTraits(fn)) {
					names[re.Local] = true
					stemSet[moduleStem(f.File)] = true
				}
			}
		}
	}
	stems := make([]string, 0, len(stemSet))
	for s := range stemSet {
		if s != "" {
			stems = append(stems, s)
		}
	}
	sort.Strings(stems)
	return names, stems
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

// moduleStem returns the part of a module's path that an import of it
// names: the file name without extensions, or the folder of an index
// file.
func moduleStem(rel string) string {
	base := path.Base(rel)
	for ext := path.Ext(base); ext != ""; ext = path.Ext(base) {
		base = base[:len(base)-len(ext)]
	}
	if base == "index" {
		return path.Base(path.Dir(rel))
	}
	return base
}

// linkTrace records the lookups of one round of the project phase that
// touch files the prefilter skipped. Its methods do nothing on a nil
// trace, which is what a scan without skipped files uses.
type linkTrace struct {
	// skipped holds the indices of the files the prefilter skipped.
	skipped map[int]bool
	// placeholders maps the empty summaries that stand in for skipped
	// files, so path resolution sees every file, to their index.
	placeholders map[*FileSummary]int
	// reached holds the skipped files a lookup resolved to.
	reached map[int]bool
	// names holds, per app folder, the names looked up among the app's
	// functions and handler references whose mere presence counts: the
	// handler references, and calls that resolved to no function at all,
	// when unresolvedCallMatters says a rule acts on that.
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

// placeholder returns the empty summary that stands in for file i when
// the prefilter skipped it, or nil.
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
// that contains the name; for other names only the skipped files that
// may pass a trait on. Without a declaration every name counts.
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
