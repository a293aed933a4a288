// Package report writes the result of a scan as terminal text, as JSON in
// the schema that docs/json-output.md describes, or as SARIF 2.1.0.
//
// Every writer is a pure function of the analyzer.Result: it expects the
// findings and notices already sorted, reads no clock and no environment,
// and writes byte-identical output for identical input.
package report

import "github.com/sessionlint/sessionlint/analyzer"

// ToolName is the tool name written to the JSON and SARIF output.
const ToolName = "sessionlint"

// findingLevel returns the level of f, falling back to the default level
// of its rule and then to warning, the SARIF default.
func findingLevel(f *analyzer.Finding, rules map[string]*analyzer.Doc) analyzer.Level {
	if f.Level != "" {
		return f.Level
	}
	if doc := rules[f.Rule]; doc != nil {
		if level := doc.LevelFor(f.Category); level != "" {
			return level
		}
	}
	return analyzer.LevelWarning
}

// docsByName maps each rule name of r to its documentation.
func docsByName(r *analyzer.Result) map[string]*analyzer.Doc {
	docs := make(map[string]*analyzer.Doc, len(r.Rules))
	for _, rule := range r.Rules {
		if rule.Analyzer != nil {
			docs[rule.Name()] = rule.Doc
		}
	}
	return docs
}

// hasIncompleteNotice reports whether part of the scan did not run.
func hasIncompleteNotice(r *analyzer.Result) bool {
	for _, n := range r.Notices {
		if n.Incomplete {
			return true
		}
	}
	return false
}
