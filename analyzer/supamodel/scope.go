package supamodel

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// enclosingFunction returns the nearest function node around n, or nil
// at module level.
func enclosingFunction(n *sitter.Node) *sitter.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if IsFunction(p) {
			return p
		}
	}
	return nil
}

// declScope returns the function a declaration's value belongs to: the
// function around its declarator, or nil for module-level declarations.
func declScope(value *sitter.Node) *sitter.Node {
	return enclosingFunction(value)
}

// LookupDecls returns the values that the name used at node use is
// declared with, visible from use: declarations in the innermost
// function around use that declares the name, else in enclosing
// functions, else at module level. A parameter of that name in a nearer
// function shadows them all, and then nothing is returned. The result
// holds plain declarations and destructuring declarations separately.
func (m *Model) LookupDecls(use *sitter.Node, name string) (plain, pattern []*sitter.Node) {
	if len(m.Decls[name]) == 0 && len(m.PatternDecls[name]) == 0 {
		return nil, nil // no scope can hold a declaration: skip the walk up
	}
	for fn := enclosingFunction(use); ; fn = enclosingFunction(fn) {
		plain = filterScope(m.Decls[name], fn)
		pattern = filterScope(m.PatternDecls[name], fn)
		if len(plain) > 0 || len(pattern) > 0 {
			return plain, pattern
		}
		if fn == nil {
			return nil, nil
		}
		if m.hasParam(fn, name) {
			return nil, nil
		}
	}
}

func filterScope(values []*sitter.Node, fn *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for _, v := range values {
		s := declScope(v)
		if (s == nil && fn == nil) || (s != nil && fn != nil && s.Equal(fn)) {
			out = append(out, v)
		}
	}
	return out
}

// hasParam reports whether function fn declares a parameter named name,
// including names bound by destructuring parameters.
func (m *Model) hasParam(fn *sitter.Node, name string) bool {
	params := fn.ChildByFieldName("parameters")
	if params == nil {
		params = fn.ChildByFieldName("parameter")
	}
	if params == nil {
		return false
	}
	found := false
	c := sitter.NewTreeCursor(params)
	defer c.Close()
	for {
		n := c.CurrentNode()
		switch n.Type() {
		case "identifier", "shorthand_property_identifier_pattern":
			if m.File.Text(n) == name {
				found = true
			}
		case "type_annotation":
			goto next
		}
		if c.GoToFirstChild() {
			continue
		}
	next:
		for !c.GoToNextSibling() {
			if !c.GoToParent() || c.CurrentNode().Equal(params) {
				return found
			}
		}
	}
}

// ParamArgs returns, for a name that is a parameter of the function
// around use, the arguments that calls of that function in this file
// pass for it, and its default value. ok is false when the name is not a
// parameter or the function has no name to find calls by.
func (m *Model) ParamArgs(use *sitter.Node, name string) (args []*sitter.Node, ok bool) {
	for fn := enclosingFunction(use); fn != nil; fn = enclosingFunction(fn) {
		if plain, pattern := filterScope(m.Decls[name], fn), filterScope(m.PatternDecls[name], fn); len(plain) > 0 || len(pattern) > 0 {
			return nil, false // a local of that name shadows any parameter
		}
		idx, def := m.paramIndex(fn, name)
		if idx < 0 {
			continue
		}
		f := m.FuncOf(fn)
		if f == nil || f.Name == "" {
			return nil, false
		}
		if def != nil {
			args = append(args, def)
		}
		for _, c := range m.Calls {
			if c.Name != f.Name || c.Auth != "" || Contains(fn, c.Node) {
				continue
			}
			a := Args(c.Node)
			if idx < len(a) {
				args = append(args, a[idx])
			}
		}
		return args, true
	}
	return nil, false
}

// paramIndex returns the position of a plain parameter named name of
// function fn and its default value, or -1.
func (m *Model) paramIndex(fn *sitter.Node, name string) (int, *sitter.Node) {
	params := fn.ChildByFieldName("parameters")
	if params == nil {
		if p := fn.ChildByFieldName("parameter"); p != nil && m.File.Text(p) == name {
			return 0, nil
		}
		return -1, nil
	}
	i := 0
	for j := 0; j < int(params.NamedChildCount()); j++ {
		p := params.NamedChild(j)
		if p.Type() == "comment" {
			continue
		}
		pattern := p.ChildByFieldName("pattern")
		if pattern == nil {
			pattern = p
		}
		if pattern.Type() == "identifier" && m.File.Text(pattern) == name {
			return i, p.ChildByFieldName("value")
		}
		i++
	}
	return -1, nil
}
