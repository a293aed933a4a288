package supamodel

import (
	"reflect"
	"regexp"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
)

// Function traits recorded in file summaries for the project phase.
const (
	// TraitRevokesAll marks a function whose sign-out ends every session.
	TraitRevokesAll = "revokes-all"
	// TraitRevokesOthers marks a function whose sign-out ends at least
	// the other sessions (scope "others" or "global").
	TraitRevokesOthers = "revokes-others"
	// TraitClearsAuthStorage marks a function that clears the stored
	// Supabase session.
	TraitClearsAuthStorage = "clears-auth-storage"
	// TraitSignsOut marks a function that calls auth.signOut in any scope.
	TraitSignsOut = "signs-out"
	// TraitEject marks a sign-out that ejects a blocked or deleted user
	// rather than one the user chose.
	TraitEject = "eject"
	// TraitLogoutRoute marks a server route handler that is itself a
	// logout endpoint (a path such as app/auth/signout/route.ts).
	TraitLogoutRoute = "logout-route"
	// TraitSignsIn marks a sign-in or sign-up handler.
	TraitSignsIn = "signs-in"
	// TraitDefaultExport marks the default export of a module.
	TraitDefaultExport = "default-export"
)

// Summary condenses the model of a file into the plain facts the project
// phase links across files.
var Summary = &analysis.Analyzer{
	Name:       "supasummary",
	Doc:        "summarises the functions, traits, handler references and imports of a file",
	Requires:   []*analysis.Analyzer{Analyzer},
	Run:        runSummary,
	ResultType: reflect.TypeOf((*analyzer.FileSummary)(nil)),
}

func runSummary(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[Analyzer].(*Model)
	if m == nil {
		return (*analyzer.FileSummary)(nil), nil
	}
	return m.Summarize(), nil
}

var logoutPathRE = regexp.MustCompile(`(?i)(sign|log)[-_]?out`)

// Summarize computes the file summary.
func (m *Model) Summarize() *analyzer.FileSummary {
	traits := m.Traits()
	before := m.revokeGuards()
	s := &analyzer.FileSummary{File: m.File.Name, Client: !m.Server}
	// The calls are grouped by unit once: a loop over every call for each
	// function took minutes on a template with 50,000 handlers.
	calls := map[*Func][]string{}
	for _, c := range m.Calls {
		if c.Auth == "" && c.Func != nil && c.Name != "" {
			u := c.Func.Unit()
			calls[u] = append(calls[u], c.Name)
		}
	}
	for _, fn := range m.Funcs {
		if fn.Unit() != fn {
			continue
		}
		t := traits[fn]
		if fn.Name == "" && len(t) == 0 {
			continue
		}
		facts := analyzer.FuncFacts{
			Name:    fn.Name,
			Line:    m.File.Lines.Line(int(fn.Node.StartByte())),
			Exposed: fn.Exported || fn.Member,
			Handler: fn.Handler,
		}
		for k := range t {
			facts.Traits = append(facts.Traits, k)
		}
		if fn.DefaultExport {
			facts.Traits = append(facts.Traits, TraitDefaultExport)
		}
		if m.Server && fn.Exported && logoutPathRE.MatchString(m.File.Name) && t[TraitRevokesAll] {
			facts.Traits = append(facts.Traits, TraitLogoutRoute)
		}
		if m.SignsIn(fn) {
			facts.Traits = append(facts.Traits, TraitSignsIn)
		}
		sort.Strings(facts.Traits)
		facts.Before = before[fn]
		facts.Calls = calls[fn]
		s.Funcs = append(s.Funcs, facts)
	}
	s.Session = m.SessionFacts()
	s.HandlerRefs = append(s.HandlerRefs, m.HandlerRefs...)
	s.ReExports, s.Bindings = m.ExportFacts()
	sort.Strings(s.HandlerRefs)
	names := make([]string, 0, len(m.Imports))
	for k := range m.Imports {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		s.Imports = append(s.Imports, m.Imports[k])
	}
	return s
}

// Traits computes the traits of every unit function of the file,
// following calls to other named functions of the same file.
func (m *Model) Traits() map[*Func]map[string]bool {
	out := map[*Func]map[string]bool{}
	set := func(fn *Func, t string) bool {
		if fn == nil {
			return false
		}
		if out[fn] == nil {
			out[fn] = map[string]bool{}
		}
		if out[fn][t] {
			return false
		}
		out[fn][t] = true
		return true
	}
	for _, c := range m.AuthCalls {
		if c.Auth != "signOut" {
			continue
		}
		u := c.Func.Unit()
		set(u, TraitSignsOut)
		if m.ClearedBefore(c) != nil {
			continue // revokes nothing: the session is already gone
		}
		sc := m.Scope(c)
		if sc.Revokes("others") {
			set(u, TraitRevokesOthers)
		}
		if sc.Revokes("all") {
			set(u, TraitRevokesAll)
		}
		if m.IsEject(c) {
			set(u, TraitEject)
		}
	}
	for _, op := range m.Storage {
		if op.AuthKey && (op.Kind == StorageClear || op.Kind == StorageRemove) {
			set(op.Func.Unit(), TraitClearsAuthStorage)
		}
	}
	byName := map[string][]*Func{}
	for _, fn := range m.Funcs {
		if fn.Name != "" && fn.Unit() == fn {
			byName[fn.Name] = append(byName[fn.Name], fn)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range m.Calls {
			if c.Auth != "" || c.Func == nil {
				continue
			}
			caller := c.Func.Unit()
			for _, callee := range byName[c.Name] {
				if callee == caller {
					continue
				}
				// A sign-out that ejects a deleted user or prepares a sign-in
				// is no logout of the caller's either.
				notLogout := out[callee][TraitEject] || m.SignsIn(callee)
				for t := range out[callee] {
					switch {
					case t == TraitEject:
						if set(caller, t) {
							changed = true
						}
						continue
					case notLogout && (t == TraitRevokesAll || t == TraitRevokesOthers):
						continue
					}
					if set(caller, t) {
						changed = true
					}
				}
			}
		}
	}
	return out
}

// revokeGuards records, for each unit with a revoking sign-out, the
// names called before that sign-out, so the project phase can tell
// whether an imported helper cleared the session first.
func (m *Model) revokeGuards() map[*Func]map[string][]string {
	out := map[*Func]map[string][]string{}
	for _, c := range m.AuthCalls {
		if c.Auth != "signOut" || c.Func == nil {
			continue
		}
		u := c.Func.Unit()
		sc := m.Scope(c)
		var names []string
		for _, b := range m.CallsBefore(c) {
			names = append(names, b.Name)
		}
		if out[u] == nil {
			out[u] = map[string][]string{}
		}
		for _, t := range []string{TraitRevokesAll, TraitRevokesOthers} {
			what := "all"
			if t == TraitRevokesOthers {
				what = "others"
			}
			if sc.Revokes(what) {
				out[u][t] = append(out[u][t], names...)
			}
		}
	}
	return out
}

// ClearedBefore returns the first operation that clears the stored
// session before call c in the same unit of flow, directly or through a
// same-file helper, or nil.
func (m *Model) ClearedBefore(c *Call) *sitter.Node {
	u := c.Func.Unit()
	if u == nil {
		return nil
	}
	for _, op := range m.Storage {
		if op.AuthKey && (op.Kind == StorageClear || op.Kind == StorageRemove) &&
			op.Func.Unit() == u && op.Node.EndByte() <= c.Node.StartByte() && !exitsBefore(op.Node, c.Node, u) {
			return op.Node
		}
	}
	helpers := m.clearingHelpers()
	for _, h := range m.Calls {
		if h.Func != nil && h.Func.Unit() == u && h.Node.EndByte() <= c.Node.StartByte() && helpers[h.Name] {
			return h.Node
		}
	}
	return nil
}

// exitsBefore reports whether the branch that holds node a leaves the
// function (return or throw as its last statement) without reaching node
// b, so a runs on a path where b does not.
func exitsBefore(a, b *sitter.Node, u *Func) bool {
	for p := a.Parent(); p != nil && (u == nil || !p.Equal(u.Node)); p = p.Parent() {
		if p.Type() != "statement_block" || Contains(p, b) {
			continue
		}
		if k := int(p.NamedChildCount()); k > 0 {
			switch p.NamedChild(k - 1).Type() {
			case "return_statement", "throw_statement":
				return true
			}
		}
	}
	return false
}

// UnawaitedSignOutBefore returns the sign-out call a clearing operation
// follows without waiting for it: signOut() runs asynchronously and reads
// the stored session only after yielding, so storage cleared right after
// an un-awaited call is gone before the sign-out looks (checked with
// supabase-js 2.119.2). It returns nil when the sign-out is awaited,
// returned, chained with .then or stored in a variable.
func (m *Model) UnawaitedSignOutBefore(op *StorageOp) *Call {
	u := op.Func.Unit()
	for _, c := range m.AuthCalls {
		if c.Auth != "signOut" || c.Func == nil || c.Func.Unit() != u || c.Node.EndByte() > op.Node.StartByte() {
			continue
		}
		p := c.Node.Parent()
		if p != nil && p.Type() == "expression_statement" && op.Func == c.Func {
			return c
		}
	}
	return nil
}

// clearingHelpers returns the names of same-file functions that clear
// the stored session.
func (m *Model) clearingHelpers() map[string]bool {
	// ClearedBefore asks once per sign-out, so the set is built once.
	if m.helperNames != nil {
		return m.helperNames
	}
	out := map[string]bool{}
	for _, op := range m.Storage {
		if op.AuthKey && (op.Kind == StorageClear || op.Kind == StorageRemove) {
			if u := op.Func.Unit(); u != nil && u.Name != "" {
				out[u.Name] = true
			}
		}
	}
	m.helperNames = out
	return out
}

var ejectCallRE = regexp.MustCompile(`(?i)(^|\.)(delete|remove|destroy|deactivate|ban|block)(User|Account|Me|Profile)?(\.|$)|(delete|remove)(User|Account)`)

var ejectConditionRE = regexp.MustCompile(`(?i)bann?ed|block|disabl|suspend|delet|deactivat|locked`)

// IsEject reports whether a sign-out ejects the user after an account
// deletion or because the account is blocked, rather than being a
// sign-out the user chose.
func (m *Model) IsEject(c *Call) bool {
	u := c.Func.Unit()
	for _, other := range m.Calls {
		if other.Func == nil || other.Func.Unit() != u {
			continue
		}
		if other.Name == "deleteUser" || other.Auth == "admin.deleteUser" {
			return true
		}
		if other.Name == "rpc" || other.Name == "invoke" {
			if len(other.Args) > 0 {
				if s, ok := StringValue(other.Args[0], m.File.Src); ok && ejectConditionRE.MatchString(s) {
					return true
				}
			}
		}
	}
	// A callback handed to a deletion: trpc.user.delete.mutationOptions({
	// onSuccess: () => signOut() }) or deleteAccount().then(() => ...).
	if u != nil {
		for p := u.Node.Parent(); p != nil; p = p.Parent() {
			if p.Type() == "call_expression" && ejectCallRE.MatchString(CalleePath(p.ChildByFieldName("function"), m.File.Src)) {
				return true
			}
			if IsFunction(p) {
				break
			}
		}
	}
	for p := c.Node.Parent(); p != nil; p = p.Parent() {
		if IsFunction(p) {
			break
		}
		if p.Type() == "if_statement" {
			if cond := p.ChildByFieldName("condition"); cond != nil && ejectConditionRE.MatchString(m.File.Text(cond)) {
				return true
			}
		}
	}
	return false
}

// UnitName returns a readable name for the unit of flow of a call.
func UnitName(fn *Func) string {
	u := fn.Unit()
	if u == nil || u.Name == "" {
		return "this function"
	}
	return strings.TrimSpace(u.Name)
}
