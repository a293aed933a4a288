// Package duplicatetokenstorage reports Supabase tokens or sessions that
// the app copies into a second storage beside the one supabase-js or
// @supabase/ssr manages, and browser modules that create both kinds of
// client.
package duplicatetokenstorage

import (
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Session tokens kept in a second storage",
	Why: "supabase-js (or `@supabase/ssr` in cookies) already stores the session and rotates the refresh token on " +
		"every refresh. A second copy written by the app is never rotated and never cleared by `signOut()`: it " +
		"outlives logout, and code that later uses it replays a refresh token the server has already rotated, " +
		"which Supabase's reuse detection treats as theft and answers by revoking the whole session. Each copy is " +
		"also one more place for an XSS payload or a browser extension to read.\n\n" +
		"A module that creates both a supabase-js `createClient` and an `@supabase/ssr` `createBrowserClient` has " +
		"the same problem built in: two clients keep two copies of the session (localStorage and cookies) and " +
		"refresh them independently, so one client's refresh reuses a token the other already rotated.\n\n" +
		"A custom `auth.storage` adapter handed to the client is the single storage path and is not reported; " +
		"neither is an in-memory cache.",
	Bad: "supabase.auth.onAuthStateChange((event, session) => {\n  if (session) localStorage.setItem('access_token', session.access_token);\n});",
	Good: "// read the token when needed; the client keeps it fresh\nconst { data: { session } } = await supabase.auth.getSession();\n" +
		"fetch(url, { headers: { Authorization: `Bearer ${session?.access_token}` } });",
	Limits: "A value counts as a token when it is a `.access_token`, `.refresh_token` or `.session` member, a " +
		"session passed to an onAuthStateChange callback, or a name bound to one in the same file.",
	Level:            analyzer.LevelWarning,
	CWE:              922,
	SecuritySeverity: "5.9",
	Precision:        "high",
	Tags:             []string{"session-management", "token-storage"},
}

// Analyzer reports duplicate token storage.
var Analyzer = &analysis.Analyzer{
	Name:     "duplicatetokenstorage",
	Doc:      "reports session tokens written to a second storage, and browser modules creating two kinds of client",
	Requires: []*analysis.Analyzer{supamodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[supamodel.Analyzer].(*supamodel.Model)
	if m == nil {
		return nil, nil
	}
	for _, op := range m.Storage {
		if op.Kind != supamodel.StorageWrite || op.Value == nil || inStorageAdapter(m, op.Func) {
			continue
		}
		what := tokenIn(m, op.Value, map[string]bool{}, 0)
		if what == "" {
			continue
		}
		f := m.File
		target := strings.Join(strings.Fields(f.Text(op.Node)), " ")
		if i := strings.IndexByte(target, '('); i > 0 && op.Store != "document.cookie" {
			target = target[:i]
		} else if op.Store == "document.cookie" {
			target = "document.cookie"
		}
		pass.Report(analysis.Diagnostic{
			Pos: f.Pos(op.Node.StartByte()),
			End: f.Pos(op.Node.EndByte()),
			Message: fmt.Sprintf("%s stores %s beside the copy the Supabase client manages; the copy is never rotated "+
				"or cleared by signOut and replaying it trips refresh-token reuse detection; read the token from "+
				"supabase.auth.getSession() when needed instead of storing it", target, what),
		})
	}
	reportMixedClients(pass, m)
	return nil, nil
}

// inStorageAdapter reports whether fn is a method of a custom storage
// adapter (an object with getItem/setItem/removeItem), which is the one
// storage path of the client it is handed to.
func inStorageAdapter(m *supamodel.Model, fn *supamodel.Func) bool {
	for ; fn != nil; fn = fn.Parent {
		switch fn.Name {
		case "setItem", "getItem", "removeItem":
			if fn.Member {
				return true
			}
		}
	}
	return false
}

var tokenProps = map[string]string{
	"access_token": "the access token", "refresh_token": "the refresh token",
	"provider_token": "the provider token", "provider_refresh_token": "the provider refresh token",
	"accessToken": "the access token", "refreshToken": "the refresh token",
}

// tokenIn describes the session or token a value carries, or returns "".
func tokenIn(m *supamodel.Model, n *sitter.Node, seen map[string]bool, depth int) string {
	n = supamodel.Unwrap(n)
	if n == nil || depth > 8 {
		return ""
	}
	src := m.File.Src
	switch n.Type() {
	case "member_expression":
		prop := m.File.Text(n.ChildByFieldName("property"))
		if d, ok := tokenProps[prop]; ok && prop == strings.ToLower(prop) {
			return d
		}
		if prop == "session" {
			return "the session"
		}
	case "call_expression":
		name := supamodel.CalleePath(n.ChildByFieldName("function"), src)
		if strings.HasSuffix(name, "JSON.stringify") || strings.HasSuffix(name, "btoa") || strings.HasSuffix(name, "encodeURIComponent") {
			for _, a := range supamodel.Args(n) {
				if d := tokenIn(m, a, seen, depth+1); d != "" {
					return d
				}
			}
		}
	case "template_string", "object", "binary_expression", "array", "pair", "template_substitution":
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if n.Type() == "pair" && i == 0 {
				continue // the key
			}
			if d := tokenIn(m, c, seen, depth+1); d != "" {
				return d
			}
		}
	case "shorthand_property_identifier", "identifier":
		name := m.File.Text(n)
		if seen[name] {
			return ""
		}
		seen[name] = true
		if m.SessionParams[name] {
			return "the session"
		}
		for _, v := range m.Decls[name] {
			if d := tokenIn(m, v, seen, depth+1); d != "" {
				return d
			}
		}
		if len(m.PatternDecls[name]) > 0 {
			if _, ok := tokenProps[name]; ok && name == strings.ToLower(name) {
				return tokenProps[name]
			}
			if name == "session" && fromAuthCall(m, m.PatternDecls[name]) {
				return "the session"
			}
		}
	}
	return ""
}

// fromAuthCall reports whether a destructured value is the result of a
// Supabase auth call that returns a session.
func fromAuthCall(m *supamodel.Model, values []*sitter.Node) bool {
	for _, v := range values {
		v = supamodel.Unwrap(v)
		for _, c := range m.AuthCalls {
			if c.Node.Equal(v) {
				return true
			}
		}
		if v.Type() == "member_expression" && strings.HasSuffix(m.File.Text(v), "data") {
			return true
		}
	}
	return false
}

// reportMixedClients reports a browser module that creates both a
// supabase-js client and an @supabase/ssr browser client.
func reportMixedClients(pass *analysis.Pass, m *supamodel.Model) {
	if m.Server {
		return
	}
	var plain, ssr *sitter.Node
	for _, c := range m.Calls {
		imp, ok := m.Imports[c.Path]
		if !ok {
			continue
		}
		switch {
		case imp.Source == "@supabase/supabase-js" && imp.Imported == "createClient":
			if plain == nil {
				plain = c.Node
			}
		case imp.Source == "@supabase/ssr" && imp.Imported == "createBrowserClient":
			if ssr == nil {
				ssr = c.Node
			}
		}
	}
	if plain == nil || ssr == nil {
		return
	}
	f := m.File
	pass.Report(analysis.Diagnostic{
		Pos: f.Pos(ssr.StartByte()),
		End: f.Pos(ssr.EndByte()),
		Message: "this browser module creates an @supabase/ssr client with createBrowserClient and a supabase-js client " +
			"with createClient; they keep separate copies of the session (cookies and localStorage) and refresh them " +
			"independently, so one reuses a refresh token the other already rotated; create one client with createBrowserClient and share it",
		Related: []analysis.RelatedInformation{{
			Pos: f.Pos(plain.StartByte()), End: f.Pos(plain.EndByte()), Message: "the supabase-js client is created here",
		}},
	})
}
