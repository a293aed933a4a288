// Package localscopelogout reports auth.signOut({ scope: 'local' }) used
// as an app's logout, which leaves every other device signed in.
//
// A local sign-out is fine as an explicit "this device only" option next
// to a revoking one, so a finding is a candidate until the project phase
// has seen the whole app: it stands only when no UI handler of the app
// offers a sign-out that ends every session.
package localscopelogout

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/sqlscan"
	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Logout signs out of this device only",
	Why: "`signOut({ scope: 'local' })` deletes the session in this browser and revokes only its own refresh token. " +
		"Every other device and browser where the user signed in keeps a refresh token the server still accepts, " +
		"so a user who logs out after using a shared or lost device stays signed in there. " +
		"The default scope, `global`, revokes every refresh token of the user.\n\n" +
		"The rule is silent when the same app also offers a revoking sign-out in a button, menu item or settings " +
		"action (then the local one is an explicit \"this device only\" choice). It is also silent when the app ends " +
		"the user's sessions through a database function its migrations define, and in cleanup paths that drop an " +
		"abandoned recovery session (effect cleanup functions, `beforeunload` and `pagehide` handlers).",
	Bad:  "const logout = async () => {\n  await supabase.auth.signOut({ scope: 'local' });\n  navigate('/login');\n};",
	Good: "const logout = async () => {\n  await supabase.auth.signOut(); // scope 'global' revokes every session\n  navigate('/login');\n};",
	Limits: "Understood: " + "`scope` written inline, in a `const` object (with spreads), in a ternary (the condition is named), " +
		"or passed through a parameter or its default value by callers in the same file. " +
		"Clients are recognised under any name from `createClient`, `createBrowserClient`, `createServerClient`, the auth-helpers factories and `useSupabaseClient`, through imports, re-exports, tsconfig paths and workspace packages, class fields, `const { auth } = supabase`, renamed auth members and optional chaining; an `auth` object of Firebase, NextAuth, Clerk or another vendor is never reported. " +
		"A revoking sign-out counts as offered when a JSX or template event handler, a form action or a logout route " +
		"reaches it, directly or through hooks, context members and imported functions; sign-outs that follow an " +
		"account deletion, eject a blocked user or prepare a sign-in do not count, and neither do effect cleanups " +
		"and unload handlers. An `rpc()` call anywhere in the app, a server route included, counts as offered too " +
		"when the scanned migrations define the function to delete the caller's own rows of `auth.sessions`, as in " +
		"the hardening report. A function whose body is not in the repository does not count. Not understood: scope constants imported from another file, destructured parameter " +
		"defaults, and a revoking option the UI reaches only through a prop under another name (suppress that " +
		"finding with a reason naming the option)",
	Level:            analyzer.LevelWarning,
	Options:          []config.Option{DeviceOnlyOption},
	CWE:              613,
	SecuritySeverity: "5.4",
	Precision:        "high",
	Tags:             []string{"session-management", "logout"},
}

// DeviceOnlyOption names the functions whose local sign-out is an
// explicit "this device only" choice.
var DeviceOnlyOption = config.Option{
	Name: "deviceOnlyFunctions",
	Doc: "Names of functions that sign out of this device only on purpose, such as the handler of a \"Sign out " +
		"of this device\" menu item; a local sign-out inside them, or inside a function nested in them, is not reported.",
	Default: []string{},
}

// Analyzer reports local-scope sign-outs.
var Analyzer = &analysis.Analyzer{
	Name:       "localscopelogout",
	Doc:        "reports auth.signOut({ scope: 'local' }) used as the only logout of an app",
	Requires:   []*analysis.Analyzer{supamodel.Analyzer, supamodel.Summary, sqlscan.Summary, config.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*analyzer.Candidates)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[supamodel.Analyzer].(*supamodel.Model)
	if m == nil {
		return (*analyzer.Candidates)(nil), nil
	}
	out := &analyzer.Candidates{}
	deviceOnly := config.Of(pass).Strings(pass.Analyzer.Name, DeviceOnlyOption)
	for _, c := range m.AuthCalls {
		if c.Auth != "signOut" {
			continue
		}
		scope := m.Scope(c)
		local, ok := scope.LocalCase()
		if !ok {
			continue
		}
		if inDeviceOnlyFunction(c.Func, deviceOnly) {
			continue // configured as an explicit "this device only" sign-out
		}
		if inCleanup(c.Func) {
			continue // drops an abandoned recovery session on unmount or unload
		}
		out.Items = append(out.Items, analyzer.Candidate{
			Diagnostic: diagnose(m, c, scope, local),
			Keep:       m.KeepIfSupabase(c, keepUnlessOffered),
		})
	}
	return out, nil
}

// inDeviceOnlyFunction reports whether fn or a function enclosing it has
// one of the names.
func inDeviceOnlyFunction(fn *supamodel.Func, names []string) bool {
	for ; fn != nil; fn = fn.Parent {
		for _, n := range names {
			if fn.Name == n {
				return true
			}
		}
	}
	return false
}

// inCleanup reports whether fn or a function enclosing it is an effect
// cleanup or an unload handler.
func inCleanup(fn *supamodel.Func) bool {
	for ; fn != nil; fn = fn.Parent {
		if fn.Cleanup {
			return true
		}
	}
	return false
}

// keepUnlessOffered keeps a finding unless the app offers a way to end
// the other devices' sessions: a revoking sign-out, or a database
// function that deletes the user's sessions, called from the UI.
func keepUnlessOffered(app *analyzer.App, _ *analyzer.FileSummary) bool {
	if f, _ := supamodel.OffersRevokingSignOut(app); f != nil {
		return false
	}
	return !supamodel.OffersRevokingRPC(app)
}

func diagnose(m *supamodel.Model, c *supamodel.Call, scope supamodel.SignOutScope, local supamodel.StringCase) analysis.Diagnostic {
	f := m.File
	call := m.CodeText(c.Callee)
	// The range is the `scope: 'local'` property when the call spells it
	// out, the local arm of a conditional scope, and otherwise the
	// argument that carries the scope (a constant declared elsewhere).
	target := c.Node
	if len(c.Args) > 0 {
		target = c.Args[0]
	}
	if scope.Prop != nil && supamodel.Contains(c.Node, scope.Prop) {
		target = scope.Prop
		if p := scope.Prop.Parent(); p != nil && p.Type() == "pair" && supamodel.Contains(c.Node, p) {
			target = p
		}
	}
	if local.Node != nil && local.Condition != "" && supamodel.Contains(c.Node, local.Node) {
		target = local.Node
	}
	var msg string
	switch {
	case local.Via != nil:
		via := strings.Join(strings.Fields(f.Text(local.Via)), " ")
		if r := []rune(via); len(r) > 60 {
			via = string(r[:57]) + "…"
		}
		msg = fmt.Sprintf("%s uses scope 'local' when called as %s (line %d), which ends this device's session only "+
			"and leaves every other device signed in; call %s() without a scope so logout revokes every session",
			call, via, f.Lines.Line(int(local.Via.StartByte())), call)
	case local.Condition != "":
		when := "true"
		if local.Negated {
			when = "false"
		}
		msg = fmt.Sprintf("%s uses scope 'local' when %s is %s, which ends this device's session only and leaves "+
			"every other device signed in; call %s() without a scope so logout revokes every session",
			call, local.Condition, when, call)
	default:
		msg = fmt.Sprintf("%s ends this device's session only, so every other device keeps a valid refresh token; "+
			"call %s() without a scope to revoke every session, or add a \"sign out of all devices\" option beside this one", callText(m, c, call), call)
	}
	d := analysis.Diagnostic{
		Pos:     f.Pos(target.StartByte()),
		End:     f.Pos(target.EndByte()),
		Message: msg,
	}
	if local.Via != nil {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: f.Pos(local.Via.StartByte()), End: f.Pos(local.Via.EndByte()), Message: "the scope 'local' is passed here",
		})
	}
	if scope.Prop != nil && !supamodel.Contains(c.Node, scope.Prop) {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos: f.Pos(scope.Prop.StartByte()), End: f.Pos(scope.Prop.EndByte()), Message: "the scope is set to 'local' here",
		})
	}
	if fix, ok := dropScopeFix(m, c); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	return d
}

// callText returns the call with its arguments as written (white space
// folded), or the callee with an ellipsis when the arguments are long.
func callText(m *supamodel.Model, c *supamodel.Call, callee string) string {
	args := c.Node.ChildByFieldName("arguments")
	if args == nil {
		return callee + "()"
	}
	text := strings.Join(strings.Fields(m.File.Text(args)), " ")
	if len([]rune(text)) > 60 {
		return callee + "(…)"
	}
	return callee + text
}

// dropScopeFix removes an inline `{ scope: 'local' }` argument that holds
// nothing else, which makes the call use the revoking default scope.
func dropScopeFix(m *supamodel.Model, c *supamodel.Call) (analysis.SuggestedFix, bool) {
	if len(c.Args) != 1 {
		return analysis.SuggestedFix{}, false
	}
	obj := c.Args[0]
	if obj.Type() != "object" || obj.NamedChildCount() != 1 {
		return analysis.SuggestedFix{}, false
	}
	pair := obj.NamedChild(0)
	if pair.Type() != "pair" {
		return analysis.SuggestedFix{}, false
	}
	if v, ok := supamodel.StringValue(pair.ChildByFieldName("value"), m.File.Src); !ok || v != "local" {
		return analysis.SuggestedFix{}, false
	}
	args := c.Node.ChildByFieldName("arguments")
	return analysis.SuggestedFix{
		Message: "remove the scope option so the sign-out revokes every session",
		TextEdits: []analysis.TextEdit{{
			Pos: m.File.Pos(args.StartByte()), End: m.File.Pos(args.EndByte()), NewText: []byte("()"),
		}},
	}, true
}
