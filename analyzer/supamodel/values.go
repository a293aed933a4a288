package supamodel

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// maxDepth bounds how far value lookups follow names, so cyclic
// declarations cannot loop.
const maxDepth = 6

// Resolve follows an identifier to the value it is declared with in the
// file when exactly one declaration of that name exists, and strips
// wrappers. Other nodes are returned unwrapped.
func (m *Model) Resolve(n *sitter.Node) *sitter.Node {
	for i := 0; i < maxDepth && n != nil; i++ {
		n = Unwrap(n)
		if n.Type() != "identifier" {
			return n
		}
		decls, _ := m.LookupDecls(n, m.File.Text(n))
		if len(decls) != 1 {
			return n
		}
		n = decls[0]
	}
	return n
}

// Property finds a property of an object literal, following spreads of
// other object literals; the last definition wins, as in JavaScript. It
// returns the value node (the key itself for shorthand properties).
func (m *Model) Property(obj *sitter.Node, name string) *sitter.Node {
	return m.property(obj, name, 0)
}

func (m *Model) property(obj *sitter.Node, name string, depth int) *sitter.Node {
	obj = m.Resolve(obj)
	if obj == nil || obj.Type() != "object" || depth > maxDepth {
		return nil
	}
	var found *sitter.Node
	for i := 0; i < int(obj.NamedChildCount()); i++ {
		p := obj.NamedChild(i)
		switch p.Type() {
		case "pair":
			if k, ok := PropertyName(p.ChildByFieldName("key"), m.File.Src); ok && k == name {
				found = p.ChildByFieldName("value")
			}
		case "shorthand_property_identifier":
			if m.File.Text(p) == name {
				found = p
			}
		case "spread_element":
			if v := m.property(p.NamedChild(0), name, depth+1); v != nil {
				found = v
			}
		}
	}
	return found
}

// HasProperty reports whether an object literal defines name, and
// whether the object could be inspected at all.
func (m *Model) HasProperty(obj *sitter.Node, name string) (has, known bool) {
	o := m.Resolve(obj)
	if o == nil || o.Type() != "object" {
		return false, false
	}
	for i := 0; i < int(o.NamedChildCount()); i++ {
		if o.NamedChild(i).Type() == "spread_element" {
			if s := m.Resolve(o.NamedChild(i).NamedChild(0)); s == nil || s.Type() != "object" {
				// An unknown spread may hold the property.
				return m.Property(o, name) != nil, m.Property(o, name) != nil
			}
		}
	}
	return m.Property(o, name) != nil, true
}

// StringCase is one possible string value of an expression and the
// condition under which it holds ("" when unconditional).
type StringCase struct {
	Value     string
	Condition string
	Negated   bool
	Node      *sitter.Node
	// Via is the call that passes the value through a parameter, such
	// as `logout('local')`, when the value comes from a caller.
	Via *sitter.Node
}

// StringValues returns the possible string values of an expression:
// literals, constants declared in the file, and both arms of ternaries.
// ok is false when some arm cannot be determined.
func (m *Model) StringValues(n *sitter.Node) (cases []StringCase, ok bool) {
	return m.stringValues(n, "", false, 0)
}

func (m *Model) stringValues(n *sitter.Node, cond string, neg bool, depth int) ([]StringCase, bool) {
	if n == nil || depth > maxDepth {
		return nil, false
	}
	if n.Type() == "shorthand_property_identifier" || n.Type() == "identifier" {
		name := m.File.Text(n)
		if decls, _ := m.LookupDecls(n, name); len(decls) == 1 {
			return m.stringValues(decls[0], cond, neg, depth+1)
		}
		if args, ok := m.ParamArgs(n, name); ok && depth < 4 {
			// A value passed in by the callers in this file.
			var out []StringCase
			all := len(args) > 0
			for _, a := range args {
				cs, ok := m.stringValues(a, cond, neg, depth+2)
				for i := range cs {
					if cs[i].Via == nil && a.Parent() != nil && a.Parent().Type() == "arguments" {
						cs[i].Via = a.Parent().Parent()
					}
				}
				out = append(out, cs...)
				all = all && ok
			}
			return out, all
		}
	}
	r := m.Resolve(n)
	if s, ok := StringValue(r, m.File.Src); ok {
		return []StringCase{{Value: s, Condition: cond, Negated: neg, Node: r}}, true
	}
	if r.Type() == "ternary_expression" {
		c := strings.Join(strings.Fields(m.File.Text(r.ChildByFieldName("condition"))), " ")
		a, ok1 := m.stringValues(r.ChildByFieldName("consequence"), c, false, depth+1)
		b, ok2 := m.stringValues(r.ChildByFieldName("alternative"), c, true, depth+1)
		return append(a, b...), ok1 && ok2
	}
	return nil, false
}

// SignOutScope describes the scope argument of an auth.signOut call.
type SignOutScope struct {
	// Cases are the possible scope values; a call without a scope has one
	// case with Value "global", the default.
	Cases []StringCase
	// Known is false when the argument could not be evaluated.
	Known bool
	// Prop is the `scope` property node, when written in the code.
	Prop *sitter.Node
}

// Scope evaluates the scope of a signOut call.
func (m *Model) Scope(c *Call) SignOutScope {
	if len(c.Args) == 0 {
		return SignOutScope{Cases: []StringCase{{Value: "global"}}, Known: true}
	}
	obj := m.Resolve(c.Args[0])
	if obj == nil || obj.Type() != "object" {
		if obj != nil && (obj.Type() == "undefined" || m.File.Text(obj) == "undefined") {
			return SignOutScope{Cases: []StringCase{{Value: "global"}}, Known: true}
		}
		return SignOutScope{}
	}
	has, known := m.HasProperty(obj, "scope")
	if !known {
		return SignOutScope{}
	}
	if !has {
		return SignOutScope{Cases: []StringCase{{Value: "global"}}, Known: true}
	}
	prop := m.Property(obj, "scope")
	cases, ok := m.StringValues(prop)
	return SignOutScope{Cases: cases, Known: ok, Prop: prop}
}

// Revokes reports whether every possible scope of a signOut call ends
// the named sessions: "all" for sign-outs that end every session
// (global), "others" for those that end at least the other sessions
// (global or others).
func (s SignOutScope) Revokes(what string) bool {
	if !s.Known || len(s.Cases) == 0 {
		return false
	}
	for _, c := range s.Cases {
		switch c.Value {
		case "global":
		case "others":
			if what == "all" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// LocalCase returns the case in which the scope is "local", if any.
func (s SignOutScope) LocalCase() (StringCase, bool) {
	for _, c := range s.Cases {
		if c.Value == "local" {
			return c, true
		}
	}
	return StringCase{}, false
}
