// Package refreshrotation reports supabase/config.toml settings that
// turn refresh-token rotation off or widen the reuse interval, in the
// [auth] table and in each remote environment's [remotes.NAME.auth].
// The session lifetime settings of [auth.sessions] (timebox,
// inactivity_timeout) are a policy choice, not a mistake: they appear in
// the hardening report (sessionlint -report) and never as findings.
package refreshrotation

import (
	"fmt"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/authconfig"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// defaultReuseInterval is the Supabase CLI default for
// refresh_token_reuse_interval, in seconds.
const defaultReuseInterval = 10

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Refresh-token rotation off or reuse interval widened",
	Why: "With rotation on, every refresh returns a new refresh token and the old one becomes invalid; a stolen " +
		"token that is used after the legitimate client refreshed is detected as reuse and the whole session is " +
		"revoked. `enable_refresh_token_rotation = false` turns this off, so a stolen refresh token works until the " +
		"session ends.\n\n" +
		"`refresh_token_reuse_interval` is the window in which an already-used refresh token is still accepted, to " +
		"absorb races between tabs. The default is 10 seconds; a wider window gives a stolen token that long to be " +
		"replayed without detection.",
	Bad:  "[auth]\nenable_refresh_token_rotation = false\nrefresh_token_reuse_interval = 60",
	Good: "[auth]\nenable_refresh_token_rotation = true\nrefresh_token_reuse_interval = 10",
	Limits: "Only supabase/config.toml is read, in its [auth] table and each [remotes.NAME.auth] table (a remote " +
		"environment); settings changed in the hosted dashboard are not visible to a repository scan. The session " +
		"lifetime settings of [auth.sessions] appear in `sessionlint -report`, never as findings.",
	Level:            analyzer.LevelWarning,
	CWE:              613,
	SecuritySeverity: "6.1",
	Precision:        "very-high",
	Tags:             []string{"session-management", "configuration"},
}

// Analyzer reports weak rotation settings.
var Analyzer = &analysis.Analyzer{
	Name:     "refreshrotation",
	Doc:      "reports supabase/config.toml with refresh-token rotation off or a reuse interval above 10 seconds",
	Requires: []*analysis.Analyzer{authconfig.Analyzer, authconfig.Summary},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[authconfig.Analyzer].(*authconfig.Result)
	for _, s := range r.Settings {
		check(pass, r.File, s)
	}
	return nil, nil
}

// where names the table of a setting in a message: nothing for the base
// [auth] table, the remote's table for a [remotes.NAME.auth] setting.
func where(s analyzer.AuthSetting) string {
	if s.Env == "" {
		return ""
	}
	return fmt.Sprintf(" in [remotes.%s.auth] (the %s environment)", s.Env, s.Env)
}

func check(pass *analysis.Pass, f *tsparse.File, s analyzer.AuthSetting) {
	pos, end := f.Pos(uint32(s.Start)), f.Pos(uint32(s.End))
	switch s.Key {
	case authconfig.KeyRotation:
		if s.Type == "boolean" && s.Value == "false" {
			pass.Report(analysis.Diagnostic{
				Pos: pos, End: end,
				Message: "enable_refresh_token_rotation = false" + where(s) + " turns off refresh-token rotation, so a stolen refresh " +
					"token stays usable and reuse is never detected; set it to true (the default)",
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "turn refresh-token rotation on",
					TextEdits: []analysis.TextEdit{{Pos: pos, End: end, NewText: []byte("true")}},
				}},
			})
		}
	case authconfig.KeyReuseInterval:
		n, ok := authconfig.Int(s)
		if !ok || n <= defaultReuseInterval {
			return
		}
		pass.Report(analysis.Diagnostic{
			Pos: pos, End: end,
			Message: fmt.Sprintf("refresh_token_reuse_interval = %d%s accepts a used refresh token for %d seconds, "+
				"so a replayed stolen token goes undetected that long; keep it at %d seconds (the default) or less",
				n, where(s), n, defaultReuseInterval),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "restore the default reuse interval",
				TextEdits: []analysis.TextEdit{{Pos: pos, End: end, NewText: []byte(strconv.Itoa(defaultReuseInterval))}},
			}},
		})
	}
}
