package supamodel

import (
	"regexp"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer"
)

var (
	errorWordRE = regexp.MustCompile(`(?i)\berr(or)?\w*\b|\w*error\b|fail`)
	// successTestRE matches conditions that hold when nothing failed:
	// !error, !res.error, error == null, error === undefined, res.ok.
	successTestRE = regexp.MustCompile(`(?i)^!\s*\(?\s*[\w.?]*err(or)?\w*\s*\)?$|^[\w.?]*err(or)?\w*\s*===?\s*(null|undefined)$|^[\w.?]*\.ok$|^ok$|^success$`)
)

// errorCondition reports whether an if condition tests for a failure
// (errorTest) or for success (successTest); both are false when the
// condition is about something else.
func errorCondition(text string) (errorTest, successTest bool) {
	t := strings.Join(strings.Fields(strings.TrimSpace(text)), " ")
	t = strings.TrimSuffix(strings.TrimPrefix(t, "("), ")")
	t = strings.TrimSpace(t)
	if successTestRE.MatchString(t) {
		return false, true
	}
	return errorWordRE.MatchString(t) || strings.HasPrefix(t, "!") && strings.Contains(t, "ok"), false
}

// InErrorBranch reports whether n runs only when something failed: in a
// catch clause, a `.catch` callback, or the branch of an `if` that tests
// an error, between n and the unit function u.
func (m *Model) InErrorBranch(n *sitter.Node, u *Func) bool {
	var stop *sitter.Node
	if u != nil {
		stop = u.Node
	}
	child := n
	for p := n.Parent(); p != nil; child, p = p, p.Parent() {
		if stop != nil && p.Equal(stop) {
			return false
		}
		switch p.Type() {
		case "catch_clause":
			return true
		case "if_statement":
			cond := p.ChildByFieldName("condition")
			cons := p.ChildByFieldName("consequence")
			if cond == nil || cons == nil {
				break
			}
			errTest, okTest := errorCondition(m.File.Text(cond))
			inThen := Contains(cons, child)
			if (inThen && errTest) || (!inThen && okTest && !Contains(cond, child)) {
				return true
			}
		case "arguments":
			if call := p.Parent(); call != nil && call.Type() == "call_expression" {
				if lastPart(CalleePath(call.ChildByFieldName("function"), m.File.Src)) == "catch" {
					return true
				}
			}
		}
	}
	return false
}

// SignOutAfter returns a sign-out in the same unit of flow that runs
// after call c on its success path and revokes the named sessions
// ("all" or "others"), or nil.
func (m *Model) SignOutAfter(c *Call, what string) *Call {
	u := c.Func.Unit()
	for _, s := range m.AuthCalls {
		if s.Auth != "signOut" || s.Func == nil || s.Func.Unit() != u {
			continue
		}
		if s.Node.StartByte() < c.Node.EndByte() || m.InErrorBranch(s.Node, u) {
			continue
		}
		if m.Scope(s).Revokes(what) {
			return s
		}
	}
	return nil
}

// CallsAfter returns the plain calls in c's unit of flow that run after c
// on its success path, in order.
func (m *Model) CallsAfter(c *Call) []*Call {
	u := c.Func.Unit()
	var out []*Call
	for _, o := range m.Calls {
		if o.Auth != "" || o.Func == nil || o.Func.Unit() != u || o.Node.StartByte() < c.Node.EndByte() {
			continue
		}
		if m.InErrorBranch(o.Node, u) {
			continue
		}
		out = append(out, o)
	}
	return out
}

// CallsBefore returns the plain calls in c's unit of flow that run before c.
func (m *Model) CallsBefore(c *Call) []*Call {
	u := c.Func.Unit()
	var out []*Call
	for _, o := range m.Calls {
		if o.Auth != "" || o.Func == nil || o.Func.Unit() != u || o.Node.EndByte() > c.Node.StartByte() {
			continue
		}
		out = append(out, o)
	}
	return out
}

// SignsIn reports whether the unit u starts a new session (a sign-in or
// sign-up handler), where a preceding sign-out is not a logout.
func (m *Model) SignsIn(u *Func) bool {
	for _, c := range m.AuthCalls {
		if c.Func == nil || c.Func.Unit() != u {
			continue
		}
		switch c.Auth {
		case "signInWithPassword", "signInWithOtp", "signInWithOAuth", "signInWithIdToken", "signInWithSSO",
			"signInAnonymously", "signUp", "verifyOtp", "exchangeCodeForSession":
			return true
		}
	}
	return false
}

var logoutNameRE = regexp.MustCompile(`(?i)(log|sign)[-_]?(out|off)`)

// LooksLikeLogout reports whether a function name reads as a logout.
func LooksLikeLogout(name string) bool { return logoutNameRE.MatchString(name) }

// Effective reports whether fn of file has trait t once the calls that
// run before the trait's call are resolved in the app: a helper from
// another file that clears the stored session cancels a revoking trait.
func Effective(app *analyzer.App, file *analyzer.FileSummary, fn *analyzer.FuncFacts, t string) bool {
	if !app.DeepTraits(fn)[t] {
		return false
	}
	if !fn.HasTrait(t) {
		return true // the trait comes from a callee, which was judged by its own Before list
	}
	for _, name := range fn.Before[t] {
		callees, _ := app.ResolveCall(file, name)
		for _, c := range callees {
			if app.DeepTraits(c)[TraitClearsAuthStorage] {
				return false
			}
		}
	}
	return true
}

// OffersRevokingSignOut reports whether the app offers the user a
// sign-out that ends every session: a function with an effective
// revoking sign-out that a UI event handler runs (directly, or as a
// hook, context or store member that a handler calls by name), or a
// logout route. Sign-ins, ejections of blocked or deleted users, and
// effect cleanups do not count.
func OffersRevokingSignOut(app *analyzer.App) (*analyzer.FileSummary, *analyzer.FuncFacts) {
	for _, f := range app.FilesWithFacts() {
		for i := range f.Funcs {
			fn := &f.Funcs[i]
			if fn.HasTrait(TraitEject) || fn.HasTrait(TraitSignsIn) || !Effective(app, f, fn, TraitRevokesAll) {
				continue
			}
			if fn.Handler || fn.HasTrait(TraitLogoutRoute) || (fn.Exposed && fn.Name != "" && !isEventProp(fn.Name) && app.HandlerReaches(fn.Name)) {
				return f, fn
			}
		}
	}
	return nil, nil
}

// OffersRevokingRPC reports whether the app ends sessions of the user
// through a database function: it calls through rpc() a routine of the
// scan's migrations that deletes the caller's own sessions, as a "sign
// out of other devices" built in SQL does. A call in a server route
// counts too, because the UI reaches such routes through fetch, which the
// model does not follow. The hardening report counts the same calls.
func OffersRevokingRPC(app *analyzer.App) bool {
	routines := app.OwnSessionRoutines()
	names := make([]string, 0, len(routines))
	for name := range routines {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if len(app.RPCSites(name)) > 0 {
			return true
		}
	}
	return false
}

// CheckedSupabaseJS is the supabase-js release whose behaviour the
// premises tests under premises/ check.
const CheckedSupabaseJS = "2.119.2"

// VersionNote returns a message suffix that names the supabase-js
// version the app uses next to the version the behaviour was checked
// with, for findings whose premise is library behaviour.
func VersionNote(app *analyzer.App, _ *analyzer.FileSummary) string {
	v, ok := app.Versions()["@supabase/supabase-js"]
	if !ok {
		return " (behaviour checked with supabase-js " + CheckedSupabaseJS + ")"
	}
	return " (the app uses supabase-js " + v.Version + " per " + v.Source + "; behaviour checked with " + CheckedSupabaseJS + ")"
}

// isEventProp reports whether a name reads as a callback option or prop
// (onSuccess, onClose): such members are handed to a library or a child
// component by the code that defines them, not called by name elsewhere.
func isEventProp(name string) bool {
	return len(name) > 2 && strings.HasPrefix(name, "on") && name[2] >= 'A' && name[2] <= 'Z'
}
