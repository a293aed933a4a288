package config

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Analyzer supplies the settings in force for the file of the pass.
// sessionlint's driver provides its result from the Loader instead of
// running it, as it does for tsparse.WorkerParser; Run is for drivers
// without configuration files and returns the defaults.
var Analyzer = &analysis.Analyzer{
	Name:       "config",
	Doc:        "supplies the .sessionlint.yaml settings in force for the file of the pass",
	Run:        func(*analysis.Pass) (any, error) { return &Settings{}, nil },
	ResultType: reflect.TypeOf((*Settings)(nil)),
}

// Of returns the settings of a pass whose analyzer requires Analyzer, or
// nil (the defaults) when it does not.
func Of(pass *analysis.Pass) *Settings {
	s, _ := pass.ResultOf[Analyzer].(*Settings)
	return s
}
