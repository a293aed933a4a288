package rules

import (
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/authconfig"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/prefilter"
	"github.com/sessionlint/sessionlint/analyzer/sqlscan"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
	"github.com/sessionlint/sessionlint/analyzer/suppress"
	"github.com/sessionlint/sessionlint/rules/clientonlylogout"
	"github.com/sessionlint/sessionlint/rules/credentialchange"
	"github.com/sessionlint/sessionlint/rules/definersearchpath"
	"github.com/sessionlint/sessionlint/rules/duplicatetokenstorage"
	"github.com/sessionlint/sessionlint/rules/localscopelogout"
	"github.com/sessionlint/sessionlint/rules/manualsetsession"
	"github.com/sessionlint/sessionlint/rules/refreshrotation"
)

// The prefilter parses a script file only when it holds a token of some
// analyzer of the scan, and stays off while one analyzer has declared
// nothing; TestEveryAnalyzerDeclaresTokens checks that none is missing.
// A rule that reads script files through the model alone reports only
// where the model finds something, so it shares the model's tokens.
func init() {
	for _, a := range []*analysis.Analyzer{
		clientonlylogout.Analyzer, credentialchange.Analyzer, duplicatetokenstorage.Analyzer,
		localscopelogout.Analyzer, manualsetsession.Analyzer,
	} {
		prefilter.Declare(a, supamodel.Tokens...)
	}
	// These read supabase/config.toml or migrations, or report nothing.
	for _, a := range []*analysis.Analyzer{
		refreshrotation.Analyzer, authconfig.Analyzer, authconfig.Summary,
		definersearchpath.Analyzer, sqlscan.Analyzer, sqlscan.Summary, config.Analyzer,
	} {
		prefilter.Declare(a)
	}
	// Every suppression directive starts with this prefix; a file without
	// one has no directive to report or apply.
	prefilter.Declare(suppress.Analyzer, "sessionlint-")
	// clientonlylogout and credentialchange keep a finding when a call
	// that reads as a logout resolves to no function at all (an unseen
	// helper may revoke); for other names only the traits of the
	// resolved functions count.
	analyzer.UnresolvedCallMatters(supamodel.LooksLikeLogout)
}
