// Package rules lists every sessionlint rule.
package rules

import (
	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/rules/clientonlylogout"
	"github.com/sessionlint/sessionlint/rules/credentialchange"
	"github.com/sessionlint/sessionlint/rules/definersearchpath"
	"github.com/sessionlint/sessionlint/rules/directive"
	"github.com/sessionlint/sessionlint/rules/duplicatetokenstorage"
	"github.com/sessionlint/sessionlint/rules/localscopelogout"
	"github.com/sessionlint/sessionlint/rules/manualsetsession"
	"github.com/sessionlint/sessionlint/rules/refreshrotation"
)

// All returns every rule, sorted by name. Rule names are public IDs: a
// retired rule keeps its name out of reuse.
func All() []analyzer.Rule {
	return []analyzer.Rule{
		{Analyzer: clientonlylogout.Analyzer, Doc: clientonlylogout.Doc},
		{Analyzer: credentialchange.Analyzer, Doc: credentialchange.Doc},
		{Analyzer: definersearchpath.Analyzer, Doc: definersearchpath.Doc},
		{Analyzer: directive.Analyzer, Doc: directive.Doc},
		{Analyzer: duplicatetokenstorage.Analyzer, Doc: duplicatetokenstorage.Doc},
		{Analyzer: localscopelogout.Analyzer, Doc: localscopelogout.Doc},
		{Analyzer: manualsetsession.Analyzer, Doc: manualsetsession.Doc},
		{Analyzer: refreshrotation.Analyzer, Doc: refreshrotation.Doc},
	}
}
