// Package supamodel is the building-block analyzer that reads a file the
// way a reviewer of Supabase code does: which calls go to a Supabase auth
// client, which functions contain them, which storage the file touches,
// and which functions its UI event handlers run. Rules require it instead
// of walking the tree themselves, so one traversal serves every rule.
package supamodel

import (
	"path"
	"reflect"
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Func is one function-like node of the file.
type Func struct {
	Node   *sitter.Node
	Body   *sitter.Node
	Name   string
	Parent *Func
	Async  bool
	// Exported functions are exported from the module; Member functions
	// are properties of an object literal or methods of a class.
	Exported, Member, DefaultExport bool
	// Handler is set when a UI event handler runs the function.
	Handler bool
	// Cleanup is set for effect cleanup functions and unload handlers.
	Cleanup bool
	// Callback is set for an anonymous function passed as an argument
	// whose effects belong to the enclosing function (`.then`, `forEach`).
	Callback bool
	// Error is the first syntax error region inside the function, if any.
	Error *tsparse.ErrorRegion
}

// Unit returns the function whose flow f's effects belong to: f itself,
// or for inline callbacks the nearest enclosing function that is not one.
func (f *Func) Unit() *Func {
	for f != nil && f.Callback && f.Parent != nil {
		f = f.Parent
	}
	return f
}

// Within reports whether f is u or nested inside u.
func (f *Func) Within(u *Func) bool {
	for ; f != nil; f = f.Parent {
		if f == u {
			return true
		}
	}
	return false
}

// Call is one call expression.
type Call struct {
	Node   *sitter.Node
	Callee *sitter.Node
	Args   []*sitter.Node
	// Path is the callee as a dotted path (see CalleePath).
	Path string
	// Name is the last part of Path.
	Name string
	Func *Func
	// Auth is the method path after the Supabase auth object, such as
	// "signOut" or "mfa.enroll"; empty for other calls.
	Auth string
	// AuthObj is the expression of the auth object, such as
	// `supabase.auth`, for calls with Auth set.
	AuthObj *sitter.Node
}

// StorageKind is the kind of a storage operation.
type StorageKind int

// The storage operations the model records.
const (
	StorageRead StorageKind = iota
	StorageWrite
	StorageRemove
	StorageClear
)

// StorageOp is one read, write, removal or clearing of client storage.
type StorageOp struct {
	Node  *sitter.Node
	Kind  StorageKind
	Store string // localStorage, sessionStorage, document.cookie, js-cookie, ...
	Key   *sitter.Node
	Value *sitter.Node
	Func  *Func
	// AuthKey is set when the operation touches the Supabase session:
	// a clear, or a key such as `sb-<ref>-auth-token` or `supabase.auth.*`.
	AuthKey bool
}

// Redirect is a navigation to another route.
type Redirect struct {
	Node   *sitter.Node
	Target string
	Func   *Func
}

// Model is the result of Analyzer for one file. Its nodes are valid only
// during the pass.
type Model struct {
	File      *tsparse.File
	Imports   map[string]analyzer.Import
	Funcs     []*Func
	Calls     []*Call
	AuthCalls []*Call
	Storage   []*StorageOp
	Redirects []*Redirect
	// Decls maps a name to the value nodes it is declared with in the
	// file (any scope); lookups by name ignore shadowing.
	Decls map[string][]*sitter.Node
	// PatternDecls maps a name bound by destructuring to the value that
	// is destructured: `const { session } = data` maps session to data.
	PatternDecls map[string][]*sitter.Node
	// SessionParams are parameter names that receive a session from
	// onAuthStateChange callbacks.
	SessionParams map[string]bool
	// HandlerRefs lists names UI event handlers reference or call.
	HandlerRefs []string
	// Server is set for files that run only on a server.
	Server bool
	// helperNames caches clearingHelpers.
	helperNames map[string]bool
	// authAliases are local names bound to a Supabase auth object.
	authAliases map[string]*sitter.Node
	// settings is the configuration of the file; configAuth and
	// configClients are the names it binds to Supabase auth objects and
	// clients (see clients.go).
	settings      *config.Settings
	configAuth    map[string]bool
	configClients map[string]bool
	funcAt        map[uintptr]*Func
}

// Analyzer builds the Model of a script file; it returns nil for other files.
var Analyzer = &analysis.Analyzer{
	Name:       "supamodel",
	Doc:        "finds Supabase auth calls, functions, storage operations and UI handlers in a file",
	Requires:   []*analysis.Analyzer{tsparse.Analyzer, config.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Model)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	f := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
	if f == nil || !f.Lang.IsScript() {
		return (*Model)(nil), nil
	}
	return BuildWith(f, config.Of(pass)), nil
}

// Build constructs the model of a parsed script file.
func Build(f *tsparse.File) *Model { return BuildWith(f, nil) }

// BuildWith constructs the model of a parsed script file with the
// settings of its configuration file; nil settings mean none.
func BuildWith(f *tsparse.File, s *config.Settings) *Model {
	m := &Model{
		settings:      s,
		configAuth:    map[string]bool{},
		configClients: map[string]bool{},
		File:          f,
		Imports:       map[string]analyzer.Import{},
		Decls:         map[string][]*sitter.Node{},
		PatternDecls:  map[string][]*sitter.Node{},
		SessionParams: map[string]bool{},
		authAliases:   map[string]*sitter.Node{},
		funcAt:        map[uintptr]*Func{},
	}
	m.Server = isServerPath(f.Name)
	m.walk()
	m.addTemplateHandlers()
	m.markHandlers()
	for _, c := range m.Calls {
		m.classifyCall(c)
	}
	return m
}

var serverPathRE = regexp.MustCompile(`(^|/)(api|server)/|\.server\.[cm]?[jt]sx?$|(^|/)(route|middleware)\.[cm]?[jt]s$|(^|/)supabase/functions/`)

func isServerPath(name string) bool { return serverPathRE.MatchString(name) }

// FuncOf returns the Func of a function node.
func (m *Model) FuncOf(n *sitter.Node) *Func { return m.funcAt[n.ID()] }

// walk visits every node once, outside ERROR regions and type syntax.
func (m *Model) walk() { m.walkTree(m.File.Tree, m.File.Root, nil) }

// walkTree visits the tree under root; outer, when not nil, is the
// function its top-level code belongs to. The C walk (walkc.go) finds
// the nodes the model records. The cursor walk below serves trees of
// grammars the kind tables do not know, and runs if the C walk fails.
func (m *Model) walkTree(tree *sitter.Tree, root *sitter.Node, outer *Func) {
	if table := kindsForTree(root); table != nil && tree != nil && !cursorWalkOnly {
		if m.walkC(table, tree, root, outer) == nil {
			return
		}
	}
	m.walkCursor(root, outer)
}

// walkCursor visits every node under root with a tree cursor. It reads
// each node's kind from its symbol (kinds.go) and tracks the depth of the
// open functions, so that it makes few cgo calls and no string
// allocations per node.
func (m *Model) walkCursor(root *sitter.Node, outer *Func) {
	kinds := kindsForTree(root)
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	// stack holds the open functions and depths the cursor depth of each;
	// outer is not a node of this walk and never closes.
	var stack []*Func
	var depths []int
	if outer != nil {
		stack = append(stack, outer)
		depths = append(depths, -1)
	}
	top := func() *Func {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	pop := func() {
		stack = stack[:len(stack)-1]
		depths = depths[:len(depths)-1]
	}
	first := outer == nil
	depth := 0
	for {
		n := c.CurrentNode()
		kind := kinds.kindOf(n)
		skip := false
		switch kind {
		case kindSkip, kindComment:
			skip = true
		case kindExpressionStatement:
			if first {
				m.checkDirective(n)
			}
		case kindImport:
			m.addImport(n)
			skip = true
		case kindCall:
			callee := n.ChildByFieldName("function")
			m.Calls = append(m.Calls, &Call{Node: n, Callee: callee, Path: CalleePath(callee, m.File.Src), Func: top()})
		case kindDeclarator:
			m.addDecl(n)
		case kindAssignment:
			m.addAssignment(n, top())
		case kindJSXAttribute:
			m.addJSXAttribute(n)
		}
		if kind != kindProgram && kind != kindComment {
			first = false
		}
		if kind == kindFunction {
			stack = append(stack, m.newFunc(n, top(), funcContext{}))
			depths = append(depths, depth)
		}
		if !skip && c.GoToFirstChild() {
			depth++
			continue
		}
		if kind == kindFunction {
			pop()
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return
			}
			depth--
			if len(depths) > 0 && depths[len(depths)-1] == depth {
				pop() // back at the function node: its body is done
			}
		}
	}
}

// checkDirective reads the first statement of a module: a directive
// prologue such as 'use server' marks server code.
func (m *Model) checkDirective(stmt *sitter.Node) {
	if s, ok := StringValue(stmt.NamedChild(0), m.File.Src); ok && s == "use server" {
		m.Server = true
	}
}

func (m *Model) addImport(n *sitter.Node) {
	src := m.File.Src
	spec, _ := StringValue(n.ChildByFieldName("source"), src)
	for i := 0; i < int(n.NamedChildCount()); i++ {
		cl := n.NamedChild(i)
		if cl.Type() != "import_clause" {
			continue
		}
		for j := 0; j < int(cl.NamedChildCount()); j++ {
			part := cl.NamedChild(j)
			switch part.Type() {
			case "identifier":
				name := m.File.Text(part)
				m.Imports[name] = analyzer.Import{Local: name, Imported: "default", Source: spec}
			case "namespace_import":
				if id := part.NamedChild(0); id != nil {
					name := m.File.Text(id)
					m.Imports[name] = analyzer.Import{Local: name, Imported: "*", Source: spec}
				}
			case "named_imports":
				for k := 0; k < int(part.NamedChildCount()); k++ {
					s := part.NamedChild(k)
					if s.Type() != "import_specifier" {
						continue
					}
					imported := m.File.Text(s.ChildByFieldName("name"))
					local := imported
					if a := s.ChildByFieldName("alias"); a != nil {
						local = m.File.Text(a)
					}
					m.Imports[local] = analyzer.Import{Local: local, Imported: imported, Source: spec}
				}
			}
		}
	}
	m.noteClientModule(n, spec)
}

func (m *Model) addDecl(n *sitter.Node) {
	name := n.ChildByFieldName("name")
	var nameType string
	if name != nil {
		nameType = name.Type()
	}
	m.addDeclParts(name, n.ChildByFieldName("value"), nameType)
}

// addDeclParts records a declarator from its name, of type nameType,
// and its value.
func (m *Model) addDeclParts(name, value *sitter.Node, nameType string) {
	if name == nil || value == nil {
		return
	}
	switch nameType {
	case "identifier":
		id := m.File.Text(name)
		m.Decls[id] = append(m.Decls[id], value)
		// A name bound to the auth member of a client, as in supabase.auth.
		v := Unwrap(value)
		if v.Type() == "member_expression" && m.File.Text(v.ChildByFieldName("property")) == "auth" {
			m.authAliases[id] = v
		}
	case "object_pattern", "array_pattern":
		m.addPatternNames(name, value)
		// const { auth } = supabase
		for i := 0; i < int(name.NamedChildCount()); i++ {
			p := name.NamedChild(i)
			if p.Type() == "shorthand_property_identifier_pattern" && m.File.Text(p) == "auth" && m.looksLikeClient(m.File.Text(value)) {
				m.authAliases["auth"] = value
			}
		}
	}
}

// addPatternNames records every name a destructuring pattern binds.
func (m *Model) addPatternNames(pattern, value *sitter.Node) {
	c := sitter.NewTreeCursor(pattern)
	defer c.Close()
	for {
		n := c.CurrentNode()
		switch n.Type() {
		case "shorthand_property_identifier_pattern", "identifier":
			name := m.File.Text(n)
			m.PatternDecls[name] = append(m.PatternDecls[name], value)
		}
		// The key of a pair_pattern is a property_identifier, which is
		// not a binding, so descending into every child is safe.
		if c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() || c.CurrentNode().Equal(pattern) {
				return
			}
		}
	}
}

var clientTextRE = regexp.MustCompile(`(?i)supabase|\bsb\b|client`)

var loginSegments = map[string]bool{
	"": true, "login": true, "log-in": true, "signin": true, "sign-in": true, "auth": true, "signup": true,
	"sign-up": true, "welcome": true, "logout": true, "signout": true, "sign-out": true, "log-out": true,
}

func (m *Model) addAssignment(n *sitter.Node, fn *Func) {
	m.addAssignmentParts(n, n.ChildByFieldName("left"), n.ChildByFieldName("right"), fn)
}

// addAssignmentParts records assignment n from its two sides.
func (m *Model) addAssignmentParts(n, left, right *sitter.Node, fn *Func) {
	if left == nil || right == nil {
		return
	}
	p := CalleePath(left, m.File.Src)
	switch {
	case p == "document.cookie" || p == "window.document.cookie":
		op := &StorageOp{Node: n, Kind: StorageWrite, Store: "document.cookie", Value: right, Func: fn}
		raw := m.File.Text(right)
		text, literal := TemplateText(right, m.File.Src)
		if isExpiredCookie(text) || computedExpiry.MatchString(raw) {
			op.Kind = StorageRemove
		}
		name, _, _ := strings.Cut(text, "=")
		switch {
		case literal && strings.TrimSpace(name) != "":
			op.AuthKey = isAuthKey(strings.TrimSpace(name))
		case op.Kind == StorageRemove && m.iteratesCookies(fn):
			// Expiring every cookie of the site takes the sb- ones too.
			op.AuthKey = true
		}
		m.Storage = append(m.Storage, op)
	case strings.HasSuffix(p, "location.href") || p == "location" || p == "window.location":
		if t, ok := TemplateText(right, m.File.Src); ok {
			m.Redirects = append(m.Redirects, &Redirect{Node: n, Target: t, Func: fn})
		}
	}
}

// computedExpiry matches expiry dates built at run time from the epoch.
var computedExpiry = regexp.MustCompile(`new\s+Date\(\s*0\s*\)|Date\.UTC\(\s*1970|expires=Thu, 01 Jan 1970`)

// iteratesCookies reports whether the unit of fn loops over the names in
// document.cookie, as code that expires every cookie does.
func (m *Model) iteratesCookies(fn *Func) bool {
	u := fn.Unit()
	var body *sitter.Node
	if u != nil {
		body = u.Node
	} else {
		body = m.File.Root
	}
	text := m.File.Text(body)
	return strings.Contains(text, "document.cookie.split")
}

var expiredCookieRE = regexp.MustCompile(`(?i)expires\s*=\s*thu,\s*01\s+jan\s+1970|max-age\s*=\s*(0|-\d+)\b`)

func isExpiredCookie(text string) bool { return expiredCookieRE.MatchString(text) }

var authKeyRE = regexp.MustCompile(`^sb-|^supabase\.auth|-auth-token`)

func isAuthKey(key string) bool { return authKeyRE.MatchString(key) }

var handlerAttrRE = regexp.MustCompile(`^on[A-Z]|^(action|formAction)$`)

func (m *Model) addJSXAttribute(n *sitter.Node) {
	if n.NamedChildCount() < 2 {
		return
	}
	name := m.File.Text(n.NamedChild(0))
	if !handlerAttrRE.MatchString(name) {
		return
	}
	v := n.NamedChild(1)
	if v.Type() != "jsx_expression" || v.NamedChildCount() == 0 {
		return
	}
	e := Unwrap(v.NamedChild(0))
	switch {
	case e.Type() == "identifier":
		m.HandlerRefs = append(m.HandlerRefs, m.File.Text(e))
	case e.Type() == "member_expression":
		m.HandlerRefs = append(m.HandlerRefs, m.File.Text(e.ChildByFieldName("property")))
	case e.Type() == "call_expression":
		// onClick={handle(id)} or onClick={() => ...}: the callee runs.
		p := CalleePath(e.ChildByFieldName("function"), m.File.Src)
		m.HandlerRefs = append(m.HandlerRefs, lastPart(p))
	}
	// Inline functions are marked when their Func is created: newFunc
	// checks for a jsx_expression parent.
}

func lastPart(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// unitCallees are the calls whose function argument runs as its own
// unit of flow rather than as part of the enclosing function.
var unitCallees = map[string]bool{
	"useEffect": true, "useLayoutEffect": true, "onAuthStateChange": true, "addEventListener": true,
	"onMounted": true, "onUnmounted": true, "onBeforeUnmount": true, "onDestroy": true, "onMount": true,
	"subscribe": true, "on": true, "setInterval": true, "setTimeout": true,
	// Vue watchers and Svelte 5 effects ($effect.pre and $effect.root
	// are matched by path in classifyCallback).
	"watch": true, "watchEffect": true, "$effect": true,
}

// unmountCallees run their function argument when a Vue or Svelte
// component is removed, like a React effect's cleanup.
var unmountCallees = map[string]bool{"onUnmounted": true, "onBeforeUnmount": true, "onDestroy": true}

// funcContext holds what newFunc reads in and around a function node.
// The C walk finds it on its way down; otherwise lookUp reads it.
type funcContext struct {
	known bool
	typ   string
	// parent is the node around the function, past parentheses and
	// type assertions.
	parent     *sitter.Node
	parentType string
	// body spans bodyStart to bodyEnd.
	body               *sitter.Node
	bodyStart, bodyEnd uint32
	name               *sitter.Node
	async              bool
}

// lookUp fills the context of n from the tree.
func (c *funcContext) lookUp(n *sitter.Node) {
	// `async` is an anonymous child token of the function node.
	for i := 0; i < int(n.ChildCount()); i++ {
		child := n.Child(i)
		if child.IsNamed() {
			if t := child.Type(); t == "formal_parameters" || t == "identifier" || t == "property_identifier" {
				break
			}
			continue
		}
		if child.Type() == "async" {
			c.async = true
			break
		}
	}
	p := n.Parent()
	for p != nil && (p.Type() == "parenthesized_expression" || p.Type() == "as_expression" || p.Type() == "satisfies_expression") {
		p = p.Parent()
	}
	c.parent, c.known = p, true
	if p != nil {
		c.parentType = p.Type()
	}
	c.typ = n.Type()
	c.name = n.ChildByFieldName("name")
	if c.body = n.ChildByFieldName("body"); c.body != nil {
		c.bodyStart, c.bodyEnd = c.body.StartByte(), c.body.EndByte()
	}
}

func (m *Model) newFunc(n *sitter.Node, parent *Func, ctx funcContext) *Func {
	src := m.File.Src
	if !ctx.known {
		ctx.lookUp(n)
	}
	fn := &Func{Node: n, Parent: parent, Body: ctx.body, Async: ctx.async}
	m.funcAt[n.ID()] = fn
	m.Funcs = append(m.Funcs, fn)
	if ctx.name != nil {
		fn.Name = m.File.Text(ctx.name)
		if ctx.typ == "method_definition" {
			fn.Member = true
		}
	}
	if p := ctx.parent; p != nil {
		switch ctx.parentType {
		case "export_statement":
			fn.Exported = true
			if strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(m.File.Text(p), "export")), "default") {
				fn.DefaultExport = true
				if fn.Name == "" {
					fn.Name = "default"
				}
			}
		case "variable_declarator":
			if id := p.ChildByFieldName("name"); id != nil && id.Type() == "identifier" {
				fn.Name = m.File.Text(id)
				fn.Exported = isExportedDeclarator(p)
			}
		case "pair":
			if k, ok := PropertyName(p.ChildByFieldName("key"), src); ok {
				fn.Name = k
				fn.Member = true
			}
		case "public_field_definition":
			if k := p.ChildByFieldName("name"); k != nil {
				fn.Name = m.File.Text(k)
				fn.Member = true
			}
		case "assignment_expression":
			left := CalleePath(p.ChildByFieldName("left"), src)
			fn.Name = lastPart(left)
			switch left {
			case "window.onbeforeunload", "window.onpagehide", "window.onunload":
				fn.Cleanup = true
			}
		case "jsx_expression":
			fn.Handler = p.Parent() != nil && p.Parent().Type() == "jsx_attribute" &&
				handlerAttrRE.MatchString(m.File.Text(p.Parent().NamedChild(0)))
		case "arguments":
			m.classifyCallback(fn, p.Parent())
		case "return_statement", "arrow_function":
			// return () => {...} from an effect callback is its cleanup.
			if parent != nil && parent.Node.Parent() != nil && parent.Node.Parent().Type() == "arguments" {
				if call := parent.Node.Parent().Parent(); call != nil && isEffectCall(CalleePath(call.ChildByFieldName("function"), src)) {
					if ctx.parentType == "return_statement" || p.Equal(parent.Node) {
						fn.Cleanup = true
					}
				}
			}
		}
	}
	if fn.Body != nil {
		fn.Error = m.File.FirstErrorIn(ctx.bodyStart, ctx.bodyEnd)
	}
	return fn
}

// isEffectCall reports whether a function returned from the callback of
// call p runs as cleanup: React effects, Svelte's onMount and Svelte 5's
// $effect.
func isEffectCall(p string) bool {
	name := lastPart(p)
	return name == "useEffect" || name == "useLayoutEffect" || name == "onMount" || p == "$effect" || p == "$effect.pre"
}

func isExportedDeclarator(d *sitter.Node) bool {
	decl := d.Parent()
	return decl != nil && decl.Parent() != nil && decl.Parent().Type() == "export_statement"
}

func (m *Model) classifyCallback(fn *Func, call *sitter.Node) {
	if call == nil || call.Type() != "call_expression" {
		return
	}
	callee := CalleePath(call.ChildByFieldName("function"), m.File.Src)
	name := lastPart(callee)
	switch {
	case name == "useCallback" || name == "useMemo":
		// const handleLogout = useCallback(async () => ..., [])
		if d := call.Parent(); d != nil && d.Type() == "variable_declarator" {
			if id := d.ChildByFieldName("name"); id != nil {
				fn.Name = m.File.Text(id)
				fn.Exported = isExportedDeclarator(d)
			}
		}
	case name == "addEventListener":
		args := Args(call)
		if len(args) >= 2 {
			if ev, ok := StringValue(args[0], m.File.Src); ok && (ev == "beforeunload" || ev == "pagehide" || ev == "unload") {
				fn.Cleanup = true
			}
		}
	case unmountCallees[name]:
		fn.Cleanup = true
	case unitCallees[name] || callee == "$effect.pre" || callee == "$effect.root":
		// runs on its own: an effect, an auth event, a timer
	default:
		fn.Callback = true
	}
}

// markHandlers marks the functions UI handlers run, following calls
// inside handlers to other functions of the same file.
func (m *Model) markHandlers() {
	names := map[string]bool{}
	for _, r := range m.HandlerRefs {
		names[r] = true
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range m.Funcs {
			if !fn.Handler && fn.Name != "" && names[fn.Name] {
				fn.Handler = true
				changed = true
			}
		}
		for _, c := range m.Calls {
			if c.Func == nil || !c.Func.insideHandler() {
				continue
			}
			name := lastPart(c.Path)
			if name != "" && name != "?" && name != "()" && !names[name] {
				names[name] = true
				m.HandlerRefs = append(m.HandlerRefs, name)
				changed = true
			}
		}
	}
	// Unload listeners registered by name: addEventListener('pagehide', onHide).
	for _, c := range m.Calls {
		if lastPart(c.Path) != "addEventListener" {
			continue
		}
		args := Args(c.Node)
		if len(args) < 2 {
			continue
		}
		ev, _ := StringValue(args[0], m.File.Src)
		if (ev == "beforeunload" || ev == "pagehide" || ev == "unload") && args[1].Type() == "identifier" {
			for _, fn := range m.Funcs {
				if fn.Name == m.File.Text(args[1]) {
					fn.Cleanup = true
				}
			}
		}
	}
}

func (f *Func) insideHandler() bool {
	for ; f != nil; f = f.Parent {
		if f.Handler {
			return true
		}
	}
	return false
}

// authMethods are the Supabase auth client methods the rules care about,
// by the path after the auth object.
var authMethods = map[string]bool{
	"signOut": true, "updateUser": true, "setSession": true, "getSession": true, "refreshSession": true,
	"onAuthStateChange": true, "signInWithPassword": true, "signInWithOtp": true, "signInWithOAuth": true,
	"signInWithIdToken": true, "signInWithSSO": true, "signInAnonymously": true, "signUp": true,
	"verifyOtp": true, "exchangeCodeForSession": true, "getUser": true, "resetPasswordForEmail": true,
	"mfa.enroll": true, "mfa.verify": true, "mfa.challenge": true, "mfa.challengeAndVerify": true,
	"mfa.unenroll": true, "mfa.getAuthenticatorAssuranceLevel": true, "mfa.listFactors": true, "reauthenticate": true,
}

// foreignAuthModules are libraries whose `auth` objects are not Supabase.
var foreignAuthModules = []string{"firebase", "@firebase/", "next-auth", "@auth/", "@clerk/", "aws-amplify", "@aws-amplify/", "better-auth", "appwrite", "@okta/", "@auth0/", "pocketbase", "@nhost/", "nhost", "@kinde-oss/", "@workos-inc/", "@stytch/", "lucia", "@lucia-auth/", "@descope/", "@propelauth/", "@logto/", "@hanko/", "@privy-io/", "@dynamic-labs/", "@magic-sdk/", "magic-sdk", "convex", "@convex-dev/", "@instantdb/"}

// IsForeignModule reports whether a module specifier names another auth
// library (Firebase, NextAuth, Clerk and the like).
func IsForeignModule(spec string) bool { return isForeignModule(spec) }

func isForeignModule(spec string) bool {
	for _, p := range foreignAuthModules {
		if spec == p || strings.HasPrefix(spec, p) || strings.HasPrefix(spec, p+"/") {
			return true
		}
	}
	return false
}

func (m *Model) classifyCall(c *Call) {
	c.Name = lastPart(c.Path)
	c.Args = Args(c.Node)
	parts := strings.Split(c.Path, ".")
	for i := len(parts) - 2; i >= 0; i-- {
		method := strings.Join(parts[i+1:], ".")
		if parts[i] != "auth" || !authMethods[method] {
			continue
		}
		if i == 0 {
			// A bare `auth` must be bound to a Supabase client's auth.
			if _, ok := m.authAliases["auth"]; !ok {
				return
			}
		} else if imp, ok := m.Imports[parts[0]]; ok && isForeignModule(imp.Source) && !m.isConfiguredClient(parts[0]) {
			return
		}
		c.Auth = method
		c.AuthObj = authObject(c.Callee, strings.Count(method, ".")+1)
		m.AuthCalls = append(m.AuthCalls, c)
		m.noteSessionParams(c)
		return
	}
	// A name bound to a client's auth member: const authApi = supabase.auth.
	if _, ok := m.authAliases[parts[0]]; ok && len(parts) >= 2 && authMethods[strings.Join(parts[1:], ".")] {
		c.Auth = strings.Join(parts[1:], ".")
		c.AuthObj = authObject(c.Callee, len(parts)-1)
		m.AuthCalls = append(m.AuthCalls, c)
		m.noteSessionParams(c)
		return
	}
	if m.classifyConfiguredAuth(c, parts) {
		return
	}
	m.classifyStorage(c)
	m.classifyRedirect(c)
}

// noteSessionParams records the parameter of an onAuthStateChange
// callback that receives the session.
func (m *Model) noteSessionParams(c *Call) {
	if c.Auth != "onAuthStateChange" || len(c.Args) == 0 {
		return
	}
	fn := Unwrap(c.Args[0])
	if !IsFunction(fn) {
		return
	}
	params := fn.ChildByFieldName("parameters")
	if params == nil || params.NamedChildCount() < 2 {
		return
	}
	p := params.NamedChild(1)
	if id := p.ChildByFieldName("pattern"); id != nil {
		p = id
	}
	if p.Type() == "identifier" {
		m.SessionParams[m.File.Text(p)] = true
	}
}

// authObject walks up from a callee member chain by depth member levels
// to the auth object expression.
func authObject(callee *sitter.Node, depth int) *sitter.Node {
	n := Unwrap(callee)
	for i := 0; i < depth && n != nil; i++ {
		if n.Type() != "member_expression" {
			return nil
		}
		n = Unwrap(n.ChildByFieldName("object"))
	}
	return n
}

func (m *Model) classifyRedirect(c *Call) {
	switch c.Name {
	case "navigate", "push", "replace", "redirect", "assign", "navigateTo", "goto":
	default:
		return
	}
	if len(c.Args) == 0 {
		return
	}
	if t, ok := TemplateText(c.Args[0], m.File.Src); ok {
		m.Redirects = append(m.Redirects, &Redirect{Node: c.Node, Target: t, Func: c.Func})
	}
}

// IsLoginRedirect reports whether a redirect target is a sign-in,
// sign-out or landing route.
func IsLoginRedirect(target string) bool {
	t := strings.TrimSpace(target)
	if i := strings.Index(t, "://"); i >= 0 {
		rest := t[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			t = rest[j:]
		} else {
			t = "/"
		}
	}
	t = strings.TrimPrefix(t, "#")
	t = strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(t, "/")), "/")
	first, _, _ := strings.Cut(t, "/")
	first, _, _ = strings.Cut(first, "?")
	return loginSegments[strings.ToLower(first)]
}
