// Package directive registers the rule that checks sessionlint-ignore
// directives. Its analyzer lives in analyzer/suppress, because the
// driver needs the directives of every file to apply them, whether or
// not this rule is reported.
package directive

import (
	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/suppress"
)

// Analyzer finds the directives of a file and reports malformed ones and
// unknown rule names; the driver reports the directives that silence
// nothing under the same rule.
var Analyzer = suppress.Analyzer

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Suppression directive malformed, unknown or stale",
	Why: "A `// sessionlint-ignore RULE -- reason` comment silences the findings of RULE on the line it ends, or " +
		"on the next line when it stands alone; `// sessionlint-ignore-file RULE -- reason` at the top of a file " +
		"silences RULE in the whole file. Both need a rule list and a reason, so that a reviewer can judge the " +
		"suppression later.\n\n" +
		"This rule reports a directive that cannot work: one without a rule list or a reason, one that names a rule " +
		"that does not exist, and a file directive below the first statement. It also reports a directive that " +
		"silences nothing, because the code it was written for changed or moved; such stale directives would " +
		"otherwise pile up and silence a future finding that nobody reviewed.",
	Bad: "// sessionlint-ignore localscopelogut\nawait supabase.auth.signOut({ scope: 'local' });",
	Good: "// sessionlint-ignore localscopelogout -- the kiosk build signs out of this device only;\n" +
		"// the account page offers \"Sign out everywhere\"\n" +
		"await supabase.auth.signOut({ scope: 'local' });",
	Limits: "A directive for a rule that did not run on the file (turned off in .sessionlint.yaml, or failed) is " +
		"not reported as stale. Findings of this rule cannot be silenced by a directive; turn the rule off or " +
		"change its level in .sessionlint.yaml.",
	Level:            analyzer.LevelWarning,
	CWE:              1164,
	SecuritySeverity: "2.0",
	Precision:        "very-high",
	Tags:             []string{"maintainability"},
}
