// Package manualsetsession reports auth.setSession calls fed with tokens
// the app read back from storage or cookies itself.
package manualsetsession

import (
	"fmt"
	"reflect"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Session restored from tokens the app stored itself",
	Why: "supabase-js restores its session from its own storage on start-up and rotates the refresh token as it " +
		"goes. An app that keeps its own copy of the tokens and feeds it to `auth.setSession()` replays a refresh " +
		"token that may already be rotated or revoked: after a logout elsewhere, a password change or reuse " +
		"detection, the stale copy either resurrects a session the user ended or trips reuse detection and revokes " +
		"the live one. The copy is also one more script-readable place an XSS payload can take the tokens from.\n\n" +
		"Tokens from the URL (the hash or query of an email link, a mobile deep link) or from an auth response are " +
		"the documented use of `setSession` and are not reported.",
	Bad: "const access_token = localStorage.getItem('access_token');\nconst refresh_token = localStorage.getItem('refresh_token');\n" +
		"await supabase.auth.setSession({ access_token, refresh_token });",
	Good: "// persistSession (the default) restores the session by itself\nconst { data: { session } } = await supabase.auth.getSession();",
	Limits: "Understood: `setSession` and `refreshSession` whose tokens come from Web Storage, AsyncStorage, " +
		"SecureStore, Capacitor Preferences, localforage, idb-keyval, MMKV, `chrome.storage`, `document.cookie`, " +
		"cookie libraries and next/headers `cookies()`, through local names (scope-aware), destructuring, " +
		"`JSON.parse`/`atob`, `??` and ternaries, `.then` callbacks, parameters passed by callers in the same file " +
		"and helpers of the same file. Tokens from the URL or an auth response are not reported, and a React " +
		"state setter named setSession is no Supabase call. Not understood: helpers in other files that read the " +
		"tokens, and sessions rebuilt from a stored copy without going through a read this file can see",
	Level:            analyzer.LevelWarning,
	CWE:              384,
	SecuritySeverity: "5.3",
	Precision:        "high",
	Tags:             []string{"session-management", "token-storage"},
}

// Analyzer reports setSession calls with stored tokens.
var Analyzer = &analysis.Analyzer{
	Name:       "manualsetsession",
	Doc:        "reports auth.setSession fed with tokens read back from storage or cookies",
	Requires:   []*analysis.Analyzer{supamodel.Analyzer, supamodel.Summary},
	Run:        run,
	ResultType: reflect.TypeOf((*analyzer.Candidates)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[supamodel.Analyzer].(*supamodel.Model)
	if m == nil {
		return (*analyzer.Candidates)(nil), nil
	}
	out := &analyzer.Candidates{}
	for _, c := range m.AuthCalls {
		// refreshSession({ refresh_token }) replays a stored refresh token
		// the same way setSession does.
		if (c.Auth != "setSession" && c.Auth != "refreshSession") || len(c.Args) == 0 {
			continue
		}
		var source *sitter.Node
		which := ""
		for _, key := range []string{"refresh_token", "access_token"} {
			if v := m.Property(c.Args[0], key); v != nil {
				if s := m.StorageSource(v); s != nil {
					source, which = s, "the "+strings.ReplaceAll(key, "_", " ")
					break
				}
			}
		}
		if source == nil {
			if s := m.StorageSource(c.Args[0]); s != nil {
				source, which = s, "the session"
			}
		}
		if source == nil {
			continue
		}
		f := m.File
		// The TypeScript grammar parses `await f<T>(x)` as a call of
		// `await f`, so the read may start with the keyword.
		read := strings.TrimPrefix(strings.Join(strings.Fields(f.Text(source)), " "), "await ")
		if r := []rune(read); len(r) > 70 {
			read = string(r[:67]) + "…"
		}
		call := m.CodeText(c.Callee)
		out.Items = append(out.Items, analyzer.Candidate{Keep: m.KeepIfSupabase(c, nil), Diagnostic: analysis.Diagnostic{
			Pos: f.Pos(c.Node.StartByte()),
			End: f.Pos(c.Node.EndByte()),
			Message: fmt.Sprintf("%s receives %s read back from %s, a copy that outlives rotation and sign-out; "+
				"let the client restore its own session (persistSession) and pass setSession only tokens from the URL or an auth response",
				call, which, read),
			Related: []analysis.RelatedInformation{{
				Pos: f.Pos(source.StartByte()), End: f.Pos(source.EndByte()), Message: "the token is read from storage here",
			}},
		}})
	}
	return out, nil
}
