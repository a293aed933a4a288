package supamodel

import (
	"bytes"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer"
)

// supabaseModules are the packages whose factories create Supabase auth
// clients.
var supabaseModules = []string{"@supabase/supabase-js", "@supabase/ssr", "@supabase/auth-js", "@supabase/gotrue-js", "@supabase/auth-helpers-", "@nuxtjs/supabase", "#imports", "#supabase/"}

// clientFactories are the functions that return a Supabase client when
// they come from one of supabaseModules (or, for the Nuxt module's
// auto-imported composables, from nowhere).
var clientFactories = map[string]bool{
	"createClient": true, "createBrowserClient": true, "createServerClient": true,
	"createClientComponentClient": true, "createServerComponentClient": true, "createRouteHandlerClient": true,
	"createServerActionClient": true, "createPagesBrowserClient": true, "createPagesServerClient": true,
	"createMiddlewareClient": true, "useSupabaseClient": true, "serverSupabaseClient": true,
	"serverSupabaseServiceRole": true, "GoTrueClient": true, "AuthClient": true, "createSupabaseClient": true,
}

func isSupabaseModule(spec string) bool {
	for _, p := range supabaseModules {
		if spec == p || strings.HasPrefix(spec, p) {
			return true
		}
	}
	return false
}

// nuxtAutoImports are Supabase composables that @nuxtjs/supabase makes
// available without an import.
var nuxtAutoImports = map[string]bool{"useSupabaseClient": true, "serverSupabaseClient": true, "serverSupabaseServiceRole": true}

// bindingOfValue classifies what an expression holds: a Supabase client,
// another library's object, or "" when unknown.
func (m *Model) bindingOfValue(v *sitter.Node, depth int) string {
	v = Unwrap(v)
	if v == nil || depth > maxDepth {
		return ""
	}
	switch v.Type() {
	case "call_expression", "new_expression":
		fnNode := v.ChildByFieldName("function")
		if v.Type() == "new_expression" {
			fnNode = v.ChildByFieldName("constructor")
		}
		callee := CalleePath(fnNode, m.File.Src)
		root := strings.SplitN(callee, ".", 2)[0]
		name := lastPart(callee)
		if imp, ok := m.Imports[root]; ok {
			switch {
			case isSupabaseModule(imp.Source) && clientFactories[imp.Imported]:
				return analyzer.BindingClient
			case isSupabaseModule(imp.Source):
				return ""
			case strings.HasPrefix(imp.Source, ".") || strings.HasPrefix(imp.Source, "@/") || strings.HasPrefix(imp.Source, "~/") || strings.HasPrefix(imp.Source, "$lib/"):
				return "" // a project factory, resolved in the project phase
			case isForeignModule(imp.Source):
				return analyzer.BindingOther
			case strings.HasPrefix(imp.Source, "#") || strings.Contains(imp.Source, "supabase"):
				return "" // a subpath import or a wrapper package may hold a Supabase client
			}
			// A factory from another npm package makes that library's object.
			return analyzer.BindingOther
		}
		if nuxtAutoImports[name] && root == name {
			return analyzer.BindingClient
		}
		// A factory defined in this file.
		for _, fn := range m.Funcs {
			if fn.Name == name && fn.Body != nil && m.returnsClient(fn, depth+1) {
				return analyzer.BindingClient
			}
		}
	case "identifier":
		decls, _ := m.LookupDecls(v, m.File.Text(v))
		if len(decls) == 1 {
			return m.bindingOfValue(decls[0], depth+1)
		}
	}
	return ""
}

// returnsClient reports whether a function returns a Supabase client.
func (m *Model) returnsClient(fn *Func, depth int) bool {
	if !m.mayMakeClient() {
		return false // saves the walk of the function body
	}
	if fn.Body.Type() != "statement_block" {
		return m.bindingOfValue(fn.Body, depth) == analyzer.BindingClient
	}
	found := false
	c := sitter.NewTreeCursor(fn.Body)
	defer c.Close()
	for !found {
		n := c.CurrentNode()
		if n.Type() == "return_statement" && n.NamedChildCount() > 0 && m.bindingOfValue(n.NamedChild(0), depth) == analyzer.BindingClient {
			found = true
		}
		if !IsFunction(n) && c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() || c.CurrentNode().Equal(fn.Body) {
				return found
			}
		}
	}
	return found
}

// mayMakeClient reports whether bindingOfValue can find a Supabase client
// in the file at all: only a factory imported from a Supabase module, or
// a Nuxt composable named in the file, makes one.
func (m *Model) mayMakeClient() bool {
	for _, imp := range m.Imports {
		if isSupabaseModule(imp.Source) && clientFactories[imp.Imported] {
			return true
		}
	}
	for name := range nuxtAutoImports {
		if bytes.Contains(m.File.Src, []byte(name)) {
			return true
		}
	}
	return false
}

// ExportFacts returns the file's re-exports and the kinds of its
// exported bindings, for the project phase to follow imports of clients.
func (m *Model) ExportFacts() (reexports []analyzer.Import, bindings map[string]string) {
	bindings = map[string]string{}
	root := m.File.Root
	for i := 0; i < int(root.NamedChildCount()); i++ {
		n := root.NamedChild(i)
		if n.Type() != "export_statement" {
			continue
		}
		source, _ := StringValue(n.ChildByFieldName("source"), m.File.Src)
		if decl := n.ChildByFieldName("declaration"); decl != nil {
			m.declarationBindings(decl, bindings)
			continue
		}
		if v := n.ChildByFieldName("value"); v != nil {
			// export default <expression>
			bindings["default"] = m.bindingOfValue(v, 0)
			continue
		}
		star := false
		for j := 0; j < int(n.ChildCount()); j++ {
			if n.Child(j).Type() == "*" {
				star = true
			}
		}
		if star && source != "" {
			reexports = append(reexports, analyzer.Import{Local: "*", Imported: "*", Source: source})
		}
		for j := 0; j < int(n.NamedChildCount()); j++ {
			clause := n.NamedChild(j)
			if clause.Type() != "export_clause" {
				continue
			}
			for k := 0; k < int(clause.NamedChildCount()); k++ {
				spec := clause.NamedChild(k)
				if spec.Type() != "export_specifier" {
					continue
				}
				local := m.File.Text(spec.ChildByFieldName("name"))
				exported := local
				if a := spec.ChildByFieldName("alias"); a != nil {
					exported = m.File.Text(a)
				}
				if source != "" {
					reexports = append(reexports, analyzer.Import{Local: exported, Imported: local, Source: source})
					continue
				}
				if imp, ok := m.Imports[local]; ok {
					// import { x } from './a'; export { x as y }
					reexports = append(reexports, analyzer.Import{Local: exported, Imported: imp.Imported, Source: imp.Source})
					continue
				}
				bindings[exported] = m.localBinding(spec.ChildByFieldName("name"), local)
			}
		}
	}
	return reexports, bindings
}

func (m *Model) declarationBindings(decl *sitter.Node, bindings map[string]string) {
	switch decl.Type() {
	case "lexical_declaration", "variable_declaration":
		for i := 0; i < int(decl.NamedChildCount()); i++ {
			d := decl.NamedChild(i)
			if d.Type() != "variable_declarator" {
				continue
			}
			name := d.ChildByFieldName("name")
			if name == nil || name.Type() != "identifier" {
				continue
			}
			value := d.ChildByFieldName("value")
			kind := ""
			if value != nil {
				if IsFunction(Unwrap(value)) {
					if fn := m.FuncOf(Unwrap(value)); fn != nil && fn.Body != nil && m.returnsClient(fn, 0) {
						kind = analyzer.BindingFactory
					}
				} else {
					kind = m.bindingOfValue(value, 0)
				}
			}
			bindings[m.File.Text(name)] = kind
		}
	case "function_declaration", "generator_function_declaration":
		if name := decl.ChildByFieldName("name"); name != nil {
			kind := ""
			if fn := m.FuncOf(decl); fn != nil && fn.Body != nil && m.returnsClient(fn, 0) {
				kind = analyzer.BindingFactory
			}
			bindings[m.File.Text(name)] = kind
		}
	case "class_declaration":
		if name := decl.ChildByFieldName("name"); name != nil {
			bindings[m.File.Text(name)] = ""
		}
	}
}

func (m *Model) localBinding(use *sitter.Node, name string) string {
	for _, fn := range m.Funcs {
		if fn.Name == name && fn.Unit() == fn && fn.Body != nil && m.returnsClient(fn, 0) {
			return analyzer.BindingFactory
		}
	}
	decls, _ := m.LookupDecls(use, name)
	if len(decls) == 1 {
		return m.bindingOfValue(decls[0], 0)
	}
	return ""
}

// ReceiverName returns the imported name whose binding decides whether
// an auth call's receiver is a Supabase client: the receiver's root
// identifier when it is imported, or the factory a local receiver was
// created with when that factory is imported. It returns "" when the
// file itself settles the question.
func (m *Model) ReceiverName(c *Call) string {
	root := strings.SplitN(c.Path, ".", 2)[0]
	if _, ok := m.Imports[root]; ok {
		return root
	}
	if c.AuthObj == nil {
		return ""
	}
	id := Unwrap(c.AuthObj)
	for id != nil && id.Type() == "member_expression" {
		id = Unwrap(id.ChildByFieldName("object"))
	}
	if id == nil || id.Type() != "identifier" {
		if id != nil && id.Type() == "call_expression" {
			name := strings.SplitN(CalleePath(id.ChildByFieldName("function"), m.File.Src), ".", 2)[0]
			if _, ok := m.Imports[name]; ok {
				return name
			}
		}
		return ""
	}
	decls, _ := m.LookupDecls(id, m.File.Text(id))
	if len(decls) != 1 {
		return ""
	}
	v := Unwrap(decls[0])
	if v.Type() == "call_expression" {
		name := strings.SplitN(CalleePath(v.ChildByFieldName("function"), m.File.Src), ".", 2)[0]
		if _, ok := m.Imports[name]; ok {
			return name
		}
	}
	return ""
}

// KeepIfSupabase wraps a Keep function so that a finding about call c is
// dropped when the project phase resolves c's receiver to a value made
// by another library (a Nhost or Firebase object exported from a project
// module under a Supabase-like shape).
func (m *Model) KeepIfSupabase(c *Call, keep func(*analyzer.App, *analyzer.FileSummary) bool) func(*analyzer.App, *analyzer.FileSummary) bool {
	name := m.ReceiverName(c)
	if name == "" {
		return keep
	}
	return func(app *analyzer.App, file *analyzer.FileSummary) bool {
		if app.BindingOf(file, name) == analyzer.BindingOther {
			return false
		}
		return keep == nil || keep(app, file)
	}
}
