package supamodel

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// Unwrap strips the wrappers that do not change a value: parentheses,
// `await`, `x!`, `x as T`, `x satisfies T` and `<T>x`.
func Unwrap(n *sitter.Node) *sitter.Node {
	for n != nil {
		switch n.Type() {
		case "parenthesized_expression", "await_expression", "non_null_expression",
			"as_expression", "satisfies_expression", "type_assertion":
			c := n.NamedChild(0)
			if n.Type() == "type_assertion" {
				c = n.NamedChild(int(n.NamedChildCount()) - 1)
			}
			if c == nil {
				return n
			}
			n = c
		default:
			return n
		}
	}
	return n
}

// IsFunction reports whether n is a function-like node.
func IsFunction(n *sitter.Node) bool {
	if !maybeFunctionSymbol(n) || !n.IsNamed() {
		return false // saves the string that Type allocates
	}
	switch n.Type() {
	case "arrow_function", "function_expression", "function", "function_declaration",
		"generator_function_declaration", "generator_function", "method_definition":
		return true
	}
	return false
}

// Args returns the argument nodes of a call_expression.
func Args(call *sitter.Node) []*sitter.Node {
	a := call.ChildByFieldName("arguments")
	if a == nil || a.Type() != "arguments" {
		return nil
	}
	n := int(a.NamedChildCount())
	out := make([]*sitter.Node, 0, n)
	for i := 0; i < n; i++ {
		c := a.NamedChild(i)
		if c.Type() == "comment" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// StringValue returns the value of a string literal or of a template
// literal without substitutions.
func StringValue(n *sitter.Node, src []byte) (string, bool) {
	n = Unwrap(n)
	if n == nil {
		return "", false
	}
	switch n.Type() {
	case "string":
		t := string(src[n.StartByte():n.EndByte()])
		if len(t) >= 2 {
			return t[1 : len(t)-1], true
		}
	case "template_string":
		for i := 0; i < int(n.NamedChildCount()); i++ {
			if n.NamedChild(i).Type() == "template_substitution" {
				return "", false
			}
		}
		t := string(src[n.StartByte():n.EndByte()])
		if len(t) >= 2 {
			return t[1 : len(t)-1], true
		}
	}
	return "", false
}

// TemplateText returns the literal parts of a string or template literal
// joined together, with substitutions left out, and whether n is one.
func TemplateText(n *sitter.Node, src []byte) (string, bool) {
	n = Unwrap(n)
	if n == nil {
		return "", false
	}
	switch n.Type() {
	case "string":
		return StringValue(n, src)
	case "template_string":
		var b strings.Builder
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if c.Type() == "string_fragment" || c.Type() == "escape_sequence" {
				b.WriteString(string(src[c.StartByte():c.EndByte()]))
			}
		}
		return b.String(), true
	case "binary_expression":
		l, ok1 := TemplateText(n.ChildByFieldName("left"), src)
		r, ok2 := TemplateText(n.ChildByFieldName("right"), src)
		if ok1 || ok2 {
			return l + r, true
		}
	}
	return "", false
}

// PropertyName returns the name a property key denotes: an identifier, a
// string, a number or a computed string key.
func PropertyName(key *sitter.Node, src []byte) (string, bool) {
	if key == nil {
		return "", false
	}
	switch key.Type() {
	case "property_identifier", "identifier", "shorthand_property_identifier",
		"shorthand_property_identifier_pattern", "private_property_identifier", "number":
		return string(src[key.StartByte():key.EndByte()]), true
	case "string", "template_string":
		return StringValue(key, src)
	case "computed_property_name":
		return StringValue(key.NamedChild(0), src)
	}
	return "", false
}

// CalleePath returns the dotted path of a callee or member chain with
// optional chaining and non-null assertions removed, for example
// "supabase.auth.signOut" for `supabase?.auth!.signOut`. Parts that are
// not identifiers become "()" for calls and "?" for anything else.
func CalleePath(n *sitter.Node, src []byte) string {
	var parts []string
	for n != nil {
		n = Unwrap(n)
		switch n.Type() {
		case "member_expression":
			parts = append(parts, string(src[n.ChildByFieldName("property").StartByte():n.ChildByFieldName("property").EndByte()]))
			n = n.ChildByFieldName("object")
			continue
		case "identifier", "this", "property_identifier":
			parts = append(parts, string(src[n.StartByte():n.EndByte()]))
		case "call_expression":
			parts = append(parts, "()")
			n = n.ChildByFieldName("function")
			continue
		default:
			parts = append(parts, "?")
		}
		break
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".")
}

// Contains reports whether outer's byte span contains inner's.
func Contains(outer, inner *sitter.Node) bool {
	return outer.StartByte() <= inner.StartByte() && inner.EndByte() <= outer.EndByte()
}

// Ancestor returns the nearest ancestor of n (n excluded) of one of the
// given types, stopping at stop (exclusive) when it is not nil.
func Ancestor(n, stop *sitter.Node, types ...string) *sitter.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if stop != nil && p.Equal(stop) {
			return nil
		}
		for _, t := range types {
			if p.Type() == t {
				return p
			}
		}
	}
	return nil
}

// Statement returns the statement that directly contains n inside a
// statement block of fn's body, or nil.
func Statement(n, body *sitter.Node) *sitter.Node {
	for p := n; p != nil; p = p.Parent() {
		parent := p.Parent()
		if parent == nil {
			return nil
		}
		if parent.Equal(body) {
			return p
		}
		if IsFunction(p) {
			return nil
		}
	}
	return nil
}

// InnermostStatement returns the statement around n whose parent is the
// nearest statement block, within the function body body: for a call
// inside `try { ... }` that is the statement inside the try block, so an
// edit next to it stays on the same path. It returns nil when n is not
// inside body or a nested function comes first.
func InnermostStatement(n, body *sitter.Node) *sitter.Node {
	if body == nil || !Contains(body, n) {
		return nil
	}
	for p := n; p != nil; p = p.Parent() {
		parent := p.Parent()
		if parent == nil {
			return nil
		}
		if parent.Type() == "statement_block" && Contains(body, parent) {
			return p
		}
		if IsFunction(p) && p != n {
			return nil
		}
	}
	return nil
}

// NextStatement returns the next sibling statement of stmt, skipping
// comments, or nil.
func NextStatement(stmt *sitter.Node) *sitter.Node {
	for s := stmt.NextNamedSibling(); s != nil; s = s.NextNamedSibling() {
		if s.Type() != "comment" {
			return s
		}
	}
	return nil
}

// IndentOf returns the white space before n on its line.
func (m *Model) IndentOf(n *sitter.Node) string {
	start := int(n.StartByte())
	i := start
	for i > 0 && (m.File.Src[i-1] == ' ' || m.File.Src[i-1] == '\t') {
		i--
	}
	return string(m.File.Src[i:start])
}

// ClientAuthText returns the source of the auth object the file's
// Supabase calls use most, such as "supabase.auth", or "" when the file
// makes none.
func (m *Model) ClientAuthText() string {
	counts := map[string]int{}
	best := ""
	for _, c := range m.AuthCalls {
		if c.AuthObj == nil {
			continue
		}
		t := m.CodeText(c.AuthObj)
		counts[t]++
		if counts[t] > counts[best] || (counts[t] == counts[best] && t < best) {
			best = t
		}
	}
	return best
}

// CodeText returns the source of n on one line for messages and fixes:
// runs of white space become one space, and the spaces a line break
// leaves around member access and parentheses go, so a chain written
// over several lines reads `supabase.auth` and `(await createClient())`
// keeps the space after await.
func (m *Model) CodeText(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	t := strings.Join(strings.Fields(m.File.Text(n)), " ")
	for _, pair := range [][2]string{{" .", "."}, {". ", "."}, {" ?.", "?."}, {"?. ", "?."}, {"( ", "("}, {" )", ")"}, {" !.", "!."}} {
		t = strings.ReplaceAll(t, pair[0], pair[1])
	}
	return t
}
