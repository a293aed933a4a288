package report

import (
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
)

func testRule(name string, doc *analyzer.Doc) analyzer.Rule {
	return analyzer.Rule{Analyzer: &analysis.Analyzer{Name: name, Doc: doc.Title}, Doc: doc}
}

var (
	localScopeLogoutDoc = &analyzer.Doc{
		Title: "Logout with scope 'local' keeps other sessions signed in",
		Why: "`signOut({ scope: 'local' })` ends the session in this browser only.\n\n" +
			"Refresh tokens on other devices stay valid.",
		Bad:              "\nawait supabase.auth.signOut({ scope: 'local' })\n",
		Good:             "await supabase.auth.signOut()\n",
		Limits:           "Calls through a wrapper are not followed.",
		Level:            analyzer.LevelWarning,
		CWE:              613,
		SecuritySeverity: "5.4",
		Precision:        "high",
		Tags:             []string{"supabase", "security"},
	}
	manualSetSessionDoc = &analyzer.Doc{
		Title:     "Session set from tokens outside the auth client",
		Why:       "Tokens copied by hand bypass the client's refresh.",
		Level:     analyzer.LevelNote,
		CWE:       384,
		Precision: "medium",
	}
	refreshRotationDoc = &analyzer.Doc{
		Title:            "Refresh token rotation is disabled",
		Why:              "A stolen refresh token stays usable.",
		Bad:              "[auth]\nenable_refresh_token_rotation = false",
		Good:             "[auth]\nenable_refresh_token_rotation = true",
		Level:            analyzer.LevelError,
		CWE:              613,
		SecuritySeverity: "7.5",
		Precision:        "very-high",
	}
)

// sampleResult returns a scan result with a path that contains a space,
// non-ASCII text before a finding, a related location, a fix, partial
// fingerprints and both kinds of notice.
func sampleResult() *analyzer.Result {
	return &analyzer.Result{
		Root: "/home/dev/shop app",
		Rules: []analyzer.Rule{
			testRule("localscopelogout", localScopeLogoutDoc),
			testRule("manualsetsession", manualSetSessionDoc),
			testRule("refreshrotation", refreshRotationDoc),
		},
		Findings: []analyzer.Finding{
			{
				Rule:    "localscopelogout",
				Level:   analyzer.LevelWarning,
				Message: "signOut({ scope: 'local' }) leaves the refresh tokens of other devices valid",
				Range: analyzer.Range{
					File:  "src/auth/log out.ts",
					Start: analyzer.Position{Line: 3, Column: 8},
					End:   analyzer.Position{Line: 3, Column: 49},
				},
				LineText: "\tawait supabase.auth.signOut({ scope: 'local' })",
				Related: []analyzer.Related{{
					Range: analyzer.Range{
						File:  "src/auth/session.ts",
						Start: analyzer.Position{Line: 10, Column: 3},
						End:   analyzer.Position{Line: 10, Column: 20},
					},
					Message: "the session is created here",
				}},
				Fixes: []analyzer.Fix{{
					Message: "Sign out of all sessions",
					Edits: []analyzer.Edit{{
						Range: analyzer.Range{
							File:  "src/auth/log out.ts",
							Start: analyzer.Position{Line: 3, Column: 39},
							End:   analyzer.Position{Line: 3, Column: 46},
						},
						NewText: "'global'",
					}},
				}},
				Fingerprints: map[string]string{"primaryLocationLineHash": "c129715d7a2bc9a3:1"},
			},
			{
				Rule:    "manualsetsession",
				Level:   analyzer.LevelNote,
				Message: "setSession() is called with tokens read from <input> fields",
				Range: analyzer.Range{
					File:  "src/ünïcode/€.ts",
					Start: analyzer.Position{Line: 1, Column: 23},
					End:   analyzer.Position{Line: 1, Column: 55},
				},
				LineText: `const ñ = "😀"; await supabase.auth.setSession(tokens)`,
			},
			{
				Rule:    "refreshrotation",
				Level:   analyzer.LevelError,
				Message: "enable_refresh_token_rotation is false",
				Range: analyzer.Range{
					File:  "supabase/config.toml",
					Start: analyzer.Position{Line: 7, Column: 1},
					End:   analyzer.Position{Line: 7, Column: 38},
				},
				LineText: "enable_refresh_token_rotation = false",
			},
		},
		Notices: []analyzer.Notice{
			{File: "src/broken#1%.ts", Message: "cannot read file: permission denied", Incomplete: true},
			{File: "src/app.ts", Line: 12, Rule: "localscopelogout", Message: "syntax error, the rest of the file was skipped"},
		},
		FilesScanned: 4,
	}
}
