// Package clientonlylogout reports logouts that clear the stored session
// in the browser but revoke nothing on the server: either no sign-out
// call at all, or storage cleared before auth.signOut(), which then finds
// no session and sends no revocation request.
package clientonlylogout

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
	Title: "Logout clears browser storage but revokes nothing",
	Why: "Removing the `sb-<ref>-auth-token` entry, calling `localStorage.clear()` or expiring the `sb-` cookies " +
		"makes this browser forget the session, but the refresh token stays valid on the server: anyone who copied " +
		"it (a malicious extension, an XSS payload, a shared machine's backup) can keep using it.\n\n" +
		"Clearing the storage *before* `signOut()` is the same mistake in disguise: supabase-js reads the session " +
		"from storage to revoke it, finds none, and returns without sending the logout request (checked with " +
		"supabase-js 2.119). Clearing storage after an awaited `signOut()` is correct.",
	Bad: "const handleLogout = async () => {\n  cleanupAuthState();            // removes sb-* keys\n" +
		"  await supabase.auth.signOut(); // finds no session: revokes nothing\n  navigate('/login');\n};",
	Good: "const handleLogout = async () => {\n  await supabase.auth.signOut(); // revokes the refresh tokens\n" +
		"  cleanupAuthState();\n  navigate('/login');\n};",
	Limits: "Understood: `localStorage`/`sessionStorage` `clear()` and `removeItem` of `sb-*` or `supabase.auth.*` keys " +
		"(also in loops over `Object.keys`), expiring `sb-` cookies (literal or computed epoch dates, loops over " +
		"`document.cookie`), cookie libraries, next/headers `cookies()`, AsyncStorage; clearing through helpers of " +
		"the same file or imported ones; a clear before `signOut()` directly, before a project wrapper that signs " +
		"out, or right after an un-awaited `signOut()`. A function counts as a logout when its name reads as one " +
		"or it redirects to a login or landing route; sign-in handlers are left out. Not understood: storage " +
		"reached through a variable holding `localStorage`, `chrome.storage` cleared for an adapter that uses it, " +
		"and a logout that revokes through its own API is recognised by the endpoint name only",
	Level:            analyzer.LevelError,
	CWE:              613,
	SecuritySeverity: "6.5",
	Precision:        "high",
	Tags:             []string{"session-management", "logout"},
}

// Analyzer reports client-only logouts.
var Analyzer = &analysis.Analyzer{
	Name:       "clientonlylogout",
	Doc:        "reports logouts that clear client storage and revoke nothing on the server",
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
	reported := map[*supamodel.Func]bool{}
	// Storage cleared before a sign-out in the same function.
	for _, c := range m.AuthCalls {
		if c.Auth != "signOut" || c.Func == nil {
			continue
		}
		u := c.Func.Unit()
		if m.SignsIn(u) || reported[u] {
			continue // a sign-in handler's pre-cleanup is not a logout
		}
		if cleared := m.ClearedBefore(c); cleared != nil {
			reported[u] = true
			out.Items = append(out.Items, analyzer.Candidate{Diagnostic: clearedFirst(m, c, cleared), Keep: m.KeepIfSupabase(c, nil), Note: supamodel.VersionNote})
			continue
		}
		// A helper from another file may clear the session first; each
		// call before the sign-out is a candidate the project phase keeps
		// only when it resolves to a function that clears the session.
		for _, b := range m.CallsBefore(c) {
			name := b.Name
			out.Items = append(out.Items, analyzer.Candidate{
				Diagnostic: clearedFirst(m, c, b.Node),
				Note:       supamodel.VersionNote,
				Keep: m.KeepIfSupabase(c, func(app *analyzer.App, file *analyzer.FileSummary) bool {
					if isLocalFunc(file, name) {
						return false // same-file helpers were judged above
					}
					callees, _ := app.ResolveCall(file, name)
					for _, fn := range callees {
						if app.DeepTraits(fn)[supamodel.TraitClearsAuthStorage] {
							return true
						}
					}
					return false
				}),
			})
			reported[u] = true
		}
	}
	// Storage cleared while an un-awaited sign-out has yet to read it.
	for _, op := range m.Storage {
		if !op.AuthKey || (op.Kind != supamodel.StorageClear && op.Kind != supamodel.StorageRemove) || op.Func == nil {
			continue
		}
		c := m.UnawaitedSignOutBefore(op)
		if c == nil || reported[op.Func.Unit()] {
			continue
		}
		reported[op.Func.Unit()] = true
		f := m.File
		call := m.CodeText(c.Callee) + "()"
		out.Items = append(out.Items, analyzer.Candidate{
			Keep: m.KeepIfSupabase(c, nil),
			Note: supamodel.VersionNote,
			Diagnostic: analysis.Diagnostic{
				Pos: f.Pos(op.Node.StartByte()), End: f.Pos(op.Node.EndByte()),
				Message: fmt.Sprintf("%s clears the stored session while %s, not awaited, has yet to read it, so the "+
					"sign-out finds no session and sends no revocation request; await %s before clearing storage",
					shortCall(f.Text(op.Node)), call, call),
				Related: []analysis.RelatedInformation{{
					Pos: f.Pos(c.Node.StartByte()), End: f.Pos(c.Node.EndByte()),
					Message: "this sign-out is not awaited",
				}},
			},
		})
	}
	// Storage cleared with no sign-out at all. The index groups the
	// file's operations by function once, so the check stays linear.
	idx := indexUnits(m)
	for _, fn := range m.Funcs {
		if fn.Unit() != fn || reported[fn] || idx.clearing[fn] == nil {
			continue
		}
		items, notice := storageOnly(m, fn, idx)
		out.Items = append(out.Items, items...)
		if notice != nil {
			out.Notices = append(out.Notices, *notice)
		}
	}
	return out, nil
}

func isLocalFunc(file *analyzer.FileSummary, name string) bool {
	for _, f := range file.Funcs {
		if f.Name == name {
			return true
		}
	}
	return false
}

func clearedFirst(m *supamodel.Model, signOut *supamodel.Call, cleared *sitter.Node) analysis.Diagnostic {
	f := m.File
	call := m.CodeText(signOut.Callee) + "()"
	what := shortCall(f.Text(cleared))
	d := analysis.Diagnostic{
		Pos: f.Pos(cleared.StartByte()),
		End: f.Pos(cleared.EndByte()),
		Message: fmt.Sprintf("%s clears the stored session before %s, which then finds no session and sends no "+
			"revocation request, so the refresh token stays valid on the server; await %s first and clear storage after it",
			what, call, call),
		Related: []analysis.RelatedInformation{{
			Pos: f.Pos(signOut.Node.StartByte()), End: f.Pos(signOut.Node.EndByte()),
			Message: "this sign-out revokes nothing because the session is already gone",
		}},
	}
	if fix, ok := moveSignOutFix(m, signOut, cleared); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	} else if fix, ok := insertSignOutFix(m, signOut.Func.Unit(), cleared, m.CodeText(signOut.AuthObj)); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	return d
}

// moveSignOutFix moves the sign-out statement in front of the statement
// that clears storage, when both are statements of the same block and
// the sign-out is awaited, so the sign-out still finds the session.
func moveSignOutFix(m *supamodel.Model, signOut *supamodel.Call, cleared *sitter.Node) (analysis.SuggestedFix, bool) {
	u := signOut.Func.Unit()
	if u == nil || u.Body == nil || signOut.Func != u {
		return analysis.SuggestedFix{}, false
	}
	clearStmt := supamodel.InnermostStatement(cleared, u.Body)
	signStmt := supamodel.InnermostStatement(signOut.Node, u.Body)
	if clearStmt == nil || signStmt == nil || clearStmt.Parent() == nil || signStmt.Parent() == nil ||
		!clearStmt.Parent().Equal(signStmt.Parent()) || signStmt.StartByte() <= clearStmt.EndByte() {
		return analysis.SuggestedFix{}, false
	}
	if signStmt.Type() != "expression_statement" || supamodel.Unwrap(signStmt.NamedChild(0)) == nil ||
		signStmt.NamedChild(0).Type() != "await_expression" {
		return analysis.SuggestedFix{}, false
	}
	src := m.File.Src
	// Delete the sign-out's whole line: from the end of the previous
	// line's terminator to the end of the statement.
	start := int(signStmt.StartByte())
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	if start > 0 && src[start-1] == '\n' {
		start--
		if start > 0 && src[start-1] == '\r' {
			start--
		}
	}
	text := m.File.Text(signStmt)
	return analysis.SuggestedFix{
		Message: "sign out before clearing storage, so the sign-out still finds the session",
		TextEdits: []analysis.TextEdit{
			{Pos: m.File.Pos(clearStmt.StartByte()), End: m.File.Pos(clearStmt.StartByte()), NewText: []byte(text + "\n" + m.IndentOf(clearStmt))},
			{Pos: m.File.Pos(uint32(start)), End: m.File.Pos(signStmt.EndByte()), NewText: nil},
		},
	}, true
}

// shortCall returns the source of a call up to its argument list when
// the arguments are long.
func shortCall(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= 60 {
		return text
	}
	if i := strings.IndexByte(text, '('); i > 0 {
		return text[:i] + "(…)"
	}
	return text[:57] + "…"
}

// storageOnly reports a function that clears the stored session and
// never calls auth.signOut itself. The project phase decides between two
// candidates: when a project function called after the clearing signs
// out (a useAuth().signOut wrapper), the clearing empties that sign-out;
// when none of the function's calls signs out and it reads as a logout,
// it revokes nothing at all. A function holding a syntax error stays
// silent, with a notice, since the sign-out may sit inside the error.
func storageOnly(m *supamodel.Model, fn *supamodel.Func, idx *unitIndex) ([]analyzer.Candidate, *analyzer.Notice) {
	clearing := idx.clearing[fn]
	if clearing == nil {
		return nil, nil
	}
	for _, c := range idx.auth[fn] {
		if c.Auth == "signOut" || strings.HasPrefix(c.Auth, "signIn") || c.Auth == "signUp" || c.Auth == "verifyOtp" ||
			c.Auth == "exchangeCodeForSession" || c.Auth == "setSession" {
			return nil, nil
		}
	}
	if fn.Error != nil {
		if !isLogout(m, fn, clearing.Node) {
			return nil, nil
		}
		return nil, &analyzer.Notice{File: m.File.Name, Line: fn.Error.Line, Rule: "clientonlylogout",
			Message: fmt.Sprintf("%s clears the stored session but holds a syntax error; not checked for a missing sign-out", supamodel.UnitName(fn))}
	}
	f := m.File
	var items []analyzer.Candidate
	var calls []string
	for _, c := range idx.calls[fn] {
		if endpointLogout(m, c) {
			return nil, nil
		}
		calls = append(calls, c.Name)
		if c.Node.StartByte() < clearing.Node.EndByte() {
			continue
		}
		name := c.Name
		items = append(items, analyzer.Candidate{
			Diagnostic: analysis.Diagnostic{
				Pos: f.Pos(clearing.Node.StartByte()),
				End: f.Pos(clearing.Node.EndByte()),
				Message: fmt.Sprintf("%s clears the stored session before %s() signs out, so that sign-out finds no "+
					"session and sends no revocation request; call %s() first and clear storage after it",
					shortCall(f.Text(clearing.Node)), name, name),
				Related: []analysis.RelatedInformation{{
					Pos: f.Pos(c.Node.StartByte()), End: f.Pos(c.Node.EndByte()),
					Message: "this call signs out, but the session is already gone",
				}},
			},
			Keep: func(app *analyzer.App, file *analyzer.FileSummary) bool {
				callees, _ := app.ResolveCall(file, name)
				for _, callee := range callees {
					t := app.DeepTraits(callee)
					if t[supamodel.TraitSignsOut] && !t[supamodel.TraitSignsIn] && !callee.HasTrait(supamodel.TraitSignsIn) {
						return true
					}
				}
				return false
			},
		})
	}
	if !isLogout(m, fn, clearing.Node) {
		return items, nil
	}
	name := supamodel.UnitName(fn)
	d := analysis.Diagnostic{
		Pos: f.Pos(clearing.Node.StartByte()),
		End: f.Pos(clearing.Node.EndByte()),
		Message: fmt.Sprintf("%s clears the stored session with %s but never calls auth.signOut(), so the refresh "+
			"token stays valid on the server; await supabase.auth.signOut() before clearing storage",
			name, shortCall(f.Text(clearing.Node))),
	}
	if !fn.Async {
		// await is valid only in an async function, so the message asks for one.
		d.Message = strings.Replace(d.Message, "; await supabase.auth.signOut() before", "; make "+name+" async and await supabase.auth.signOut() before", 1)
	}
	if client := m.ClientAuthText(); client != "" {
		d.Message = strings.Replace(d.Message, "await supabase.auth.signOut()", "await "+client+".signOut()", 1)
		if fix, ok := insertSignOutFix(m, fn, clearing.Node, client); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	keep := func(app *analyzer.App, file *analyzer.FileSummary) bool {
		for _, name := range calls {
			callees, ok := app.ResolveCall(file, name)
			if !ok && supamodel.LooksLikeLogout(name) {
				return false // an unseen logout helper may revoke
			}
			for _, c := range callees {
				if app.DeepTraits(c)[supamodel.TraitSignsOut] {
					return false
				}
			}
		}
		return true
	}
	return append(items, analyzer.Candidate{Diagnostic: d, Keep: keep}), nil
}

// unitIndex groups a file's storage clearings, auth calls and plain
// calls by the unit of flow they belong to.
type unitIndex struct {
	clearing map[*supamodel.Func]*supamodel.StorageOp
	auth     map[*supamodel.Func][]*supamodel.Call
	calls    map[*supamodel.Func][]*supamodel.Call
}

func indexUnits(m *supamodel.Model) *unitIndex {
	idx := &unitIndex{
		clearing: map[*supamodel.Func]*supamodel.StorageOp{},
		auth:     map[*supamodel.Func][]*supamodel.Call{},
		calls:    map[*supamodel.Func][]*supamodel.Call{},
	}
	for _, op := range m.Storage {
		if op.Func == nil || !op.AuthKey || (op.Kind != supamodel.StorageClear && op.Kind != supamodel.StorageRemove) {
			continue
		}
		if u := op.Func.Unit(); idx.clearing[u] == nil {
			idx.clearing[u] = op
		}
	}
	for _, c := range m.AuthCalls {
		if c.Func != nil {
			idx.auth[c.Func.Unit()] = append(idx.auth[c.Func.Unit()], c)
		}
	}
	for _, c := range m.Calls {
		if c.Auth == "" && c.Func != nil {
			idx.calls[c.Func.Unit()] = append(idx.calls[c.Func.Unit()], c)
		}
	}
	return idx
}

// isLogout reports whether fn reads as a logout: its name says so, or it
// redirects to a login or landing route after clearing storage.
func isLogout(m *supamodel.Model, fn *supamodel.Func, after *sitter.Node) bool {
	if supamodel.LooksLikeLogout(fn.Name) {
		return true
	}
	for _, r := range m.Redirects {
		if r.Func != nil && r.Func.Unit() == fn && r.Node.StartByte() >= after.EndByte() && supamodel.IsLoginRedirect(r.Target) {
			return true
		}
	}
	return false
}

// endpointLogout reports a request to the app's own logout endpoint,
// such as fetch('/api/auth/logout'), which may revoke on the server.
func endpointLogout(m *supamodel.Model, c *supamodel.Call) bool {
	if len(c.Args) == 0 {
		return false
	}
	switch c.Name {
	case "fetch", "post", "get", "delete", "request", "invoke", "rpc":
	default:
		return false
	}
	t, ok := supamodel.TemplateText(c.Args[0], m.File.Src)
	return ok && supamodel.LooksLikeLogout(t)
}

// insertSignOutFix inserts an awaited sign-out before the statement that
// clears storage, when the function is async so `await` is valid there.
func insertSignOutFix(m *supamodel.Model, fn *supamodel.Func, at *sitter.Node, auth string) (analysis.SuggestedFix, bool) {
	if fn == nil || !fn.Async || fn.Body == nil || fn.Body.Type() != "statement_block" || auth == "" {
		return analysis.SuggestedFix{}, false
	}
	stmt := supamodel.InnermostStatement(at, fn.Body)
	if stmt == nil || !clientInScope(m, stmt, auth) {
		return analysis.SuggestedFix{}, false
	}
	indent := m.IndentOf(stmt)
	return analysis.SuggestedFix{
		Message: "sign out on the server before clearing storage",
		TextEdits: []analysis.TextEdit{{
			Pos:     m.File.Pos(stmt.StartByte()),
			End:     m.File.Pos(stmt.StartByte()),
			NewText: []byte("await " + auth + ".signOut();\n" + indent),
		}},
	}, true
}
