// Package readparse is the scan without rules that the benchmarks
// compare sessionlint with: the driver discovers, reads and prefilters
// the files as a scan with every rule does, and parses the files that
// pass the prefilter, but builds no model and runs no rule. ParseFiles
// adds the files that a scan's project phase parses on demand.
package readparse

import (
	"fmt"
	"go/token"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
	"github.com/sessionlint/sessionlint/analyzer/regularfile"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"

	// The rules package declares the prefilter tokens of the analyzers
	// the driver always runs.
	_ "github.com/sessionlint/sessionlint/rules"
)

// Analyzer requires the parse of the file and does nothing else.
var Analyzer = &analysis.Analyzer{
	Name:       "readparse",
	Doc:        "parses the file and reports nothing, as the baseline of the benchmarks",
	Requires:   []*analysis.Analyzer{tsparse.Analyzer},
	Run:        func(*analysis.Pass) (any, error) { return (*struct{})(nil), nil },
	ResultType: reflect.TypeOf((*struct{})(nil)),
}

func init() {
	// The same tokens as the model, so the prefilter passes the files a
	// scan with every rule parses in its first phase.
	prefilter.Declare(Analyzer, supamodel.Tokens...)
}

// Rules returns the analyzer as the only rule of a scan.
func Rules() []analyzer.Rule {
	return []analyzer.Rule{{Analyzer: Analyzer, Doc: &analyzer.Doc{
		Title: "Parse only", Why: "The baseline of the benchmarks.", Bad: "-", Good: "-",
		Level: analyzer.LevelNote, CWE: 1, SecuritySeverity: "0.1", Precision: "low",
	}}}
}

// ParseFiles reads and parses the named files, repository-relative
// paths under root, on jobs workers, as the project phase of a scan
// parses the files it needs on demand. It returns the number parsed.
func ParseFiles(root string, files []string, jobs int) (int, error) {
	if jobs < 1 {
		jobs = 1
	}
	var (
		parsed atomic.Int64
		mu     sync.Mutex
		first  error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	parsers := make(chan *tsparse.Parser, jobs)
	for i := 0; i < jobs; i++ {
		parsers <- tsparse.NewParser()
	}
	p := pool.New().WithMaxGoroutines(jobs)
	for _, rel := range files {
		p.Go(func() {
			parser := <-parsers
			defer func() { parsers <- parser }()
			src, err := regularfile.Read(filepath.Join(root, filepath.FromSlash(rel)), 0)
			if err != nil {
				fail(err)
				return
			}
			tok := token.NewFileSet().AddFile(rel, -1, len(src))
			f, err := parser.Parse(rel, src, tok, srcfile.NewLines(src))
			if err != nil {
				fail(fmt.Errorf("%s: %w", rel, err))
				return
			}
			f.Close()
			parsed.Add(1)
		})
	}
	p.Wait()
	close(parsers)
	for parser := range parsers {
		parser.Close()
	}
	return int(parsed.Load()), first
}
