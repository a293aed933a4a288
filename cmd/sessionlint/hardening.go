package main

import (
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

// checkReportOptions rejects -report with an output format that has no
// place for the report.
func checkReportOptions(opts *options) error {
	if opts.report && opts.format == formatGitHub {
		return newUsageError("-report has no place in -format github annotations: use text, json or sarif")
	}
	return nil
}

// reportFacts returns the analyzers the hardening report reads, when
// -report is set, so that they run whatever rules are enabled.
func reportFacts(opts *options) []*analysis.Analyzer {
	if !opts.report {
		return nil
	}
	return hardening.Analyzers
}

// hardeningReport evaluates the scan for -report, or returns nil.
func hardeningReport(opts *options, res *analyzer.Result) *hardening.Report {
	if !opts.report {
		return nil
	}
	return hardening.Evaluate(res)
}
