// Package analyzer is the sessionlint driver: it discovers the files of a
// scan, runs the rules on each file in parallel through hand-built
// analysis.Pass values, links per-file summaries per app, and returns
// sorted findings and notices. It also defines the types rules and
// writers share: rule documentation, findings and file summaries.
package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/fingerprint"
	"github.com/sessionlint/sessionlint/analyzer/suppress"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Config is one scan.
type Config struct {
	// Paths are the files and folders to scan; empty means ".".
	Paths []string
	// Rules are the enabled rules.
	Rules []Rule
	// Jobs is the number of workers; zero means one per CPU.
	Jobs int
	// IncludeTests scans test code too.
	IncludeTests bool
	// ParseTimeout bounds the parse of one file; zero means none.
	ParseTimeout time.Duration
	// Overlay maps absolute, cleaned file paths to buffers that replace
	// the files' content on disk, such as an editor buffer from stdin.
	Overlay map[string][]byte
	// MaxFileSize skips files larger than this many bytes; zero means no
	// limit. DefaultMaxFileSize is the command's default.
	MaxFileSize int64
	// MaxLineLength skips files with a line longer than this many bytes,
	// such as minified bundles; zero means no limit.
	MaxLineLength int
	// Facts are building-block analyzers to run even when no enabled rule
	// requires them, such as the summaries the hardening report reads.
	Facts []*analysis.Analyzer
	// ConfigFile, when set, is the configuration file for every scanned
	// file instead of the nearest .sessionlint.yaml.
	ConfigFile string
	// NoPrefilter parses every script file, also those that hold none of
	// the tokens the analyzers declare (see package prefilter).
	NoPrefilter bool
	// CacheDir is the folder of the on-disk cache of context-file
	// summaries; empty means no cache.
	CacheDir string
	// Queries runs project-wide questions that the caller will ask of the
	// result, such as the hardening report, inside the project phase, so
	// that the files their lookups reach are parsed even when the
	// prefilter skipped them. The driver may call it more than once.
	Queries func(*Result)
}

// Run scans the configured paths and returns the sorted findings and
// notices. It returns an error only when the scan cannot start (a path
// that does not exist, an invalid rule set); problems with single files
// become notices.
func Run(cfg Config) (*Result, error) {
	order, err := analyzerOrder(cfg.Rules, factsWithDirectives(cfg))
	if err != nil {
		return nil, err
	}
	paths := cfg.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root, err := FindRoot(paths)
	if err != nil {
		return nil, err
	}
	w := newWalker(root, cfg.IncludeTests)
	w.overlay = cfg.Overlay
	if w.settings, err = newConfigLoader(root, cfg); err != nil {
		return nil, err
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	docs := map[*analysis.Analyzer]*Doc{}
	for _, r := range cfg.Rules {
		docs[r.Analyzer] = r.Doc
	}
	// The scanner runs the first phase on the workers (scan.go): the
	// prefilter, the cache and analyseFile, overlapping the walk when it
	// can.
	sc, prefilterOff := newScanner(cfg, order, docs, jobs)
	files, outs, err := sc.discoverAndScan(w, paths, cfg)
	if err != nil {
		return nil, err
	}

	res := &Result{Root: root, Rules: cfg.Rules, Notices: w.notices}
	var rounds int
	res.Findings, res.Notices, res.Apps, rounds = sc.linkOnDemand(root, files, outs, res.Notices, cfg.Queries, cfg.Rules)
	res.Notices = append(res.Notices, sc.finishCache()...)
	res.Stats = sc.stats(len(files), rounds, prefilterOff)
	res.Findings = applySuppressions(files, outs, res.Findings)
	for i := range files {
		if files[i].reported && outs[i].analysed {
			res.FilesScanned++
		}
	}
	sortFindings(res.Findings)
	sortNotices(res.Notices)
	finishResult(res)
	return res, nil
}

// analyzerOrder returns the fact analyzers and every analyzer the rules
// need, each after its requirements, and validates the set.
func analyzerOrder(rules []Rule, facts []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	roots := append([]*analysis.Analyzer{}, facts...)
	for _, r := range rules {
		roots = append(roots, r.Analyzer)
	}
	if err := analysis.Validate(roots); err != nil {
		return nil, err
	}
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range roots {
		visit(a)
	}
	return order, nil
}

// pending is a finding that waits for the project phase.
type pending struct {
	finding Finding
	keep    func(*App, *FileSummary) bool
	note    func(*App, *FileSummary) string
}

// fileOutput is the part of one file's first-phase results kept once its
// tree is closed.
type fileOutput struct {
	analysed bool
	// deferred marks a script file that the prefilter skipped, and
	// cached a file whose summary came from the cache.
	deferred, cached bool
	findings         []Finding
	pending          []pending
	summary          *FileSummary
	notices          []Notice
	// directives are the file's suppression directives, and ran names
	// the rules that ran on the file without failing.
	directives []fileDirective
	ran        []string
}

// placeholderPkg satisfies analysis.Pass.String, which dereferences Pkg;
// sessionlint has no Go package to offer.
var placeholderPkg = types.NewPackage("sessionlint/file", "file")

// analyseFile runs every analyzer on one file in dependency order and
// converts the results while the tree is still open.
func analyseFile(src source, order []*analysis.Analyzer, docs map[*analysis.Analyzer]*Doc, fset *token.FileSet, parser *tsparse.Parser) fileOutput {
	var out fileOutput
	content, notice := readSource(&src)
	if notice != nil {
		out.notices = append(out.notices, *notice)
		return out
	}
	results := map[*analysis.Analyzer]any{tsparse.WorkerParser: parser, config.Analyzer: src.settings}
	failed := map[*analysis.Analyzer]bool{}
	readFile := func(name string) ([]byte, error) {
		if name != src.rel {
			return nil, fmt.Errorf("%s is not a file of this pass", name)
		}
		return content, nil
	}
	var file *tsparse.File
	defer func() {
		if file != nil {
			file.Close()
		}
	}()
	for _, a := range order {
		if a == tsparse.WorkerParser || a == config.Analyzer {
			continue
		}
		if docs[a] != nil && a != suppress.Analyzer && !src.settings.Enabled(a.Name) {
			continue // turned off in .sessionlint.yaml
		}
		skip := false
		for _, req := range a.Requires {
			if failed[req] {
				skip = true
			}
		}
		if skip {
			failed[a] = true
			continue
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:          a,
			Fset:              fset,
			OtherFiles:        []string{src.rel},
			Pkg:               placeholderPkg,
			TypesInfo:         &types.Info{},
			TypesSizes:        types.SizesFor("gc", runtime.GOARCH),
			ResultOf:          map[*analysis.Analyzer]any{},
			ReadFile:          readFile,
			Report:            func(d analysis.Diagnostic) { diags = append(diags, d) },
			ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportObjectFact:  func(types.Object, analysis.Fact) {},
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = results[req]
		}
		result, err := runAnalyzer(a, pass)
		if err != nil {
			failed[a] = true
			out.notices = append(out.notices, failureNotice(src.rel, ruleName(a, docs), err, parser.Timeout))
			continue
		}
		results[a] = result
		if docs[a] != nil {
			out.ran = append(out.ran, a.Name)
		}
		if a == tsparse.Analyzer {
			file = result.(*tsparse.Result).File
			if file == nil {
				return out
			}
			out.analysed = true
			out.notices = append(out.notices, syntaxNotices(file)...)
			for _, n := range file.Notes {
				out.notices = append(out.notices, Notice{File: file.Name, Line: n.Line, Message: n.Message})
			}
		}
		doc := docs[a]
		for _, d := range diags {
			if doc == nil || !src.settings.Enabled(a.Name) {
				continue // building blocks and rules turned off report nothing
			}
			out.findings = append(out.findings, convert(a.Name, doc, d, file))
		}
		switch r := result.(type) {
		case *Candidates:
			if r == nil {
				break
			}
			out.notices = append(out.notices, r.Notices...)
			if doc == nil {
				break
			}
			for _, c := range r.Items {
				out.pending = append(out.pending, pending{finding: convert(a.Name, doc, c.Diagnostic, file), keep: c.Keep, note: c.Note})
			}
		case *FileSummary:
			if r != nil {
				out.summary = r
			}
		case *suppress.Result:
			out.directives = newFileDirectives(r, doc, src.settings, file)
		}
	}
	applyLevels(&out, src.settings)
	addFingerprints(content, out.findings, out.pending)
	addCodeFingerprints(file, out.findings, out.pending)
	fingerprintDirectives(&out, content, file)
	return out
}

// addFingerprints sets the line hash GitHub code scanning uses to follow
// an alert across commits, computed once per file with findings.
func addFingerprints(content []byte, findings []Finding, pend []pending) {
	if len(findings) == 0 && len(pend) == 0 {
		return
	}
	hashes := fingerprint.LineHashes(content)
	set := func(f *Finding) {
		if i := f.Start.Line - 1; i >= 0 && i < len(hashes) {
			f.Fingerprints = map[string]string{fingerprint.PrimaryLocationLineHash: hashes[i]}
		}
	}
	for i := range findings {
		set(&findings[i])
	}
	for i := range pend {
		set(&pend[i].finding)
	}
}

func ruleName(a *analysis.Analyzer, docs map[*analysis.Analyzer]*Doc) string {
	if docs[a] != nil {
		return a.Name
	}
	return ""
}

// runAnalyzer runs one analyzer and turns a panic into an error, so the
// other analyzers of the file and all other files still run.
func runAnalyzer(a *analysis.Analyzer, pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			stack := strings.Split(string(debug.Stack()), "\n")
			if len(stack) > 12 {
				stack = stack[:12]
			}
			err = fmt.Errorf("%s failed: %v", a.Name, r)
			if os.Getenv("SESSIONLINT_DEBUG") != "" {
				err = fmt.Errorf("%w\n%s", err, strings.Join(stack, "\n"))
			}
		}
	}()
	result, err = a.Run(pass)
	if err != nil {
		return nil, fmt.Errorf("%s failed: %w", a.Name, err)
	}
	if a.ResultType != nil && result != nil && reflect.TypeOf(result) != a.ResultType {
		return nil, fmt.Errorf("%s returned %T, want %v", a.Name, result, a.ResultType)
	}
	return result, nil
}

// syntaxNotices reports the error regions of a file in one notice. JSX
// text and attribute strings the grammar rejects (a bare & in "Profit &
// Loss") are valid TSX, so they are named as such rather than as syntax
// errors.
func syntaxNotices(f *tsparse.File) []Notice {
	if len(f.Errors) == 0 {
		return nil
	}
	var code []tsparse.ErrorRegion
	for _, r := range f.Errors {
		if !r.JSXText {
			code = append(code, r)
		}
	}
	if len(code) == 0 {
		msg := "the grammar rejects this JSX text or attribute string (such as a bare &); only that text is left out"
		if n := len(f.Errors); n > 1 {
			msg = fmt.Sprintf("the grammar rejects JSX text or attribute strings (such as a bare &) in %d places, the first here; only that text is left out", n)
		}
		return []Notice{{File: f.Name, Line: f.Errors[0].Line, Message: msg}}
	}
	msg := "syntax error; the code inside the error region is not analysed"
	if n := len(code); n > 1 {
		msg = fmt.Sprintf("%d syntax errors, the first here; the code inside error regions is not analysed", n)
	}
	return []Notice{{File: f.Name, Line: code[0].Line, Message: msg}}
}

// convert turns a diagnostic into a finding with editor positions.
func convert(rule string, doc *Doc, d analysis.Diagnostic, f *tsparse.File) Finding {
	fd := Finding{
		Rule:     rule,
		Category: d.Category,
		Level:    doc.LevelFor(d.Category),
		Message:  d.Message,
		Range:    rangeOf(f, d.Pos, d.End),
		Related:  []Related{},
	}
	fd.LineText = lineText(f.Lines, fd.Start.Line)
	for _, r := range d.Related {
		fd.Related = append(fd.Related, Related{Range: rangeOf(f, r.Pos, r.End), Message: r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			fix.Edits = append(fix.Edits, Edit{Range: rangeOf(f, e.Pos, e.End), NewText: string(e.NewText)})
		}
		fd.Fixes = append(fd.Fixes, fix)
	}
	return fd
}

func rangeOf(f *tsparse.File, pos, end token.Pos) Range {
	start := offsetIn(f.Tok, pos)
	stop := start
	if end.IsValid() {
		stop = offsetIn(f.Tok, end)
	}
	if stop < start {
		stop = start
	}
	r := Range{File: f.Name}
	r.Start.Line, r.Start.Column = f.Lines.Position(start)
	r.End.Line, r.End.Column = f.Lines.Position(stop)
	r.Start.Offset, r.End.Offset = start, stop
	return r
}

// offsetIn converts pos to a byte offset of tf, clamping a position a
// rule reported outside the file (token.File.Offset panics on those) to
// the nearest end, so one bad position costs no other finding.
func offsetIn(tf *token.File, pos token.Pos) int {
	switch {
	case !pos.IsValid() || int(pos) < tf.Base():
		return 0
	case int(pos) > tf.Base()+tf.Size():
		return tf.Size()
	}
	return tf.Offset(pos)
}

// link is the project phase: it groups the file summaries by app, decides
// each pending finding, and keeps only findings of reported files.
// disk holds the configuration files read by earlier rounds; nil means
// none.
func link(root string, files []source, outs []fileOutput, notices []Notice, tr *linkTrace, disk *diskFacts) ([]Finding, []Notice, []*App) {
	if disk == nil {
		disk = newDiskFacts()
	}
	byApp := map[string][]*FileSummary{}
	all := map[string]*FileSummary{}
	for i, f := range files {
		s := outs[i].summary
		if s == nil {
			s = tr.placeholder(i, f.rel) // a file the prefilter skipped
		}
		if s != nil {
			byApp[f.app] = append(byApp[f.app], s)
			all[s.File] = s
		}
	}
	appDirs := make([]string, 0, len(byApp))
	for dir := range byApp {
		appDirs = append(appDirs, dir)
	}
	sort.Strings(appDirs)
	res := newResolver(root, all, appDirs, disk)
	res.trace = tr
	apps := map[string]*App{}
	for dir, sums := range byApp {
		apps[dir] = NewApp(dir, sums)
		apps[dir].resolver = res
		apps[dir].readVersions = func() map[string]PackageVersion { return disk.appVersions(root, dir) }
	}
	var findings []Finding
	for i, f := range files {
		if !f.reported {
			continue
		}
		out := outs[i]
		notices = append(notices, out.notices...)
		findings = append(findings, out.findings...)
		app := apps[f.app]
		if app == nil {
			app = NewApp(f.app, nil)
			app.resolver = res
		}
		sum := out.summary
		if sum == nil {
			sum = &FileSummary{File: f.rel}
		}
		for _, p := range out.pending {
			finding, keep, notice := decidePending(p, app, sum)
			if notice != nil {
				notices = append(notices, *notice)
			} else if keep {
				findings = append(findings, finding)
			}
		}
	}
	dirs := make([]string, 0, len(apps))
	for dir := range apps {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	sorted := make([]*App, 0, len(dirs))
	for _, dir := range dirs {
		sorted = append(sorted, apps[dir])
	}
	return findings, notices, sorted
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Start.Offset != b.Start.Offset:
			return a.Start.Offset < b.Start.Offset
		case a.End.Offset != b.End.Offset:
			return a.End.Offset < b.End.Offset
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func sortNotices(ns []Notice) {
	sort.SliceStable(ns, func(i, j int) bool {
		a, b := ns[i], ns[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
