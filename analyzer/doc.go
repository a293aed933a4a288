package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/config"
)

// Level is the SARIF result level of a finding.
type Level string

// The levels a rule can give a finding, in the SARIF 2.1.0 spelling.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
)

// Severity reports the ordering of levels: error > warning > note.
func (l Level) Severity() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelNote:
		return 1
	}
	return 0
}

// Doc is the user documentation of one rule, written once and shown by
// -list, -explain, the README rule table and the SARIF rule descriptors.
type Doc struct {
	// Title is a one-line summary in sentence case without a final period.
	Title string
	// Why explains the mistake and its consequence in Markdown paragraphs.
	Why string
	// Bad and Good are short code examples in TypeScript (or TOML).
	Bad, Good string
	// Limits lists known false positives and misses, and how to suppress.
	Limits string
	// Level is the default level of a finding without a category level.
	Level Level
	// CategoryLevels overrides Level for findings whose
	// analysis.Diagnostic.Category has an entry here.
	CategoryLevels map[string]Level
	// CWE is the number of the closest Common Weakness Enumeration entry.
	CWE int
	// SecuritySeverity is the score GitHub code scanning uses to bucket
	// alerts (0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0+ critical).
	SecuritySeverity string
	// Precision is the SARIF precision property: very-high, high, medium, low.
	Precision string
	// Tags are extra SARIF tags beyond "security" and the CWE tag.
	Tags []string
	// Options are the settings the rule accepts under
	// rules.RULE.options in .sessionlint.yaml.
	Options []config.Option
}

// LevelFor reports the level of a finding in the given category.
func (d *Doc) LevelFor(category string) Level {
	if l, ok := d.CategoryLevels[category]; ok {
		return l
	}
	return d.Level
}

// Rule is one registered rule: its analyzer and its documentation.
type Rule struct {
	Analyzer *analysis.Analyzer
	Doc      *Doc
}

// Name returns the rule name, which is also the analyzer name, the SARIF
// ruleId, the configuration key and the fixture folder.
func (r Rule) Name() string { return r.Analyzer.Name }
