// Package readparse is the scan without rules that the benchmarks
// compare sessionlint with: the driver discovers, reads and prefilters
// the files as a scan with every rule does, and parses the files that
// pass the prefilter, but builds no model and runs no rule.
package readparse

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
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
