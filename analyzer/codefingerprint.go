package analyzer

import (
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/fingerprint"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// addCodeFingerprints sets the fingerprint.CodeKey fingerprint of every
// finding of one file, decided now or in the project phase. It needs the
// file's tree, so the driver calls it before the tree is closed.
//
// Occurrence numbers count over every finding the rules reported for the
// file, including candidates the project phase drops later, so that a
// fingerprint depends on the file alone and not on the rest of its app.
func addCodeFingerprints(file *tsparse.File, findings []Finding, pend []pending) {
	if file == nil || (len(findings) == 0 && len(pend) == 0) {
		return
	}
	all := make([]*Finding, 0, len(findings)+len(pend))
	for i := range findings {
		all = append(all, &findings[i])
	}
	for i := range pend {
		all = append(all, &pend[i].finding)
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		switch {
		case a.Start.Offset != b.Start.Offset:
			return a.Start.Offset < b.Start.Offset
		case a.End.Offset != b.End.Offset:
			return a.End.Offset < b.End.Offset
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Category != b.Category:
			return a.Category < b.Category
		}
		return a.Message < b.Message
	})

	type identity struct{ rule, code, function string }
	seen := map[identity]int{}
	for _, f := range all {
		in := fingerprint.CodeInput{
			Rule:     f.Rule,
			File:     f.File,
			Code:     flaggedCode(file, f),
			Function: enclosingFunctionName(file, f.Start.Offset, f.End.Offset),
		}
		id := identity{in.Rule, fingerprint.NormalizeCode(in.Code), in.Function}
		seen[id]++
		in.Occurrence = seen[id]
		if f.Fingerprints == nil {
			f.Fingerprints = map[string]string{}
		}
		f.Fingerprints[fingerprint.CodeKey] = fingerprint.Code(in)
	}
}

// flaggedCode returns the source text of the finding's range, or of its
// first line when the range is empty.
func flaggedCode(file *tsparse.File, f *Finding) string {
	start, end := f.Start.Offset, f.End.Offset
	if start >= 0 && start < end && end <= len(file.Src) {
		return string(file.Src[start:end])
	}
	return f.LineText
}

// enclosingFunctionName returns the names of the functions and classes
// around the byte span [start, end), outermost first and joined with
// dots, such as "AuthProvider.logout". In supabase/config.toml it returns
// the table header, such as "[auth]". Unnamed functions are left out.
func enclosingFunctionName(file *tsparse.File, start, end int) string {
	if file.Root == nil {
		return ""
	}
	var names []string
	for n := smallestNodeAround(file.Root, start, end); n != nil; n = n.Parent() {
		if name := scopeName(file, n); name != "" {
			names = append(names, name)
		}
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	return strings.Join(names, ".")
}

// smallestNodeAround returns the deepest named node that contains the
// byte span [start, end).
func smallestNodeAround(root *sitter.Node, start, end int) *sitter.Node {
	n := root
	for {
		var next *sitter.Node
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if int(c.StartByte()) <= start && end <= int(c.EndByte()) {
				next = c
				break
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
}

// scopeName returns the name a node contributes to the enclosing
// function name: the name of a function, method or class, the name a
// function expression is bound to, or the header of a TOML table.
func scopeName(file *tsparse.File, n *sitter.Node) string {
	switch n.Type() {
	case "function_declaration", "generator_function_declaration", "method_definition",
		"class_declaration", "abstract_class_declaration", "class":
		return compactText(file, n.ChildByFieldName("name"))
	case "arrow_function", "function_expression", "function", "generator_function":
		if name := compactText(file, n.ChildByFieldName("name")); name != "" {
			return name
		}
		return boundName(file, n)
	case "table", "table_array_element":
		if n.NamedChildCount() > 0 {
			return "[" + compactText(file, n.NamedChild(0)) + "]"
		}
	}
	return ""
}

// boundName returns the name an anonymous function is known by: the
// variable, property or JSX attribute it is assigned to, or, for a
// function passed to a call, the called function's name with "()", such
// as "useEffect()". A function wrapped in a call whose value is bound
// to a name (useCallback) takes that name.
func boundName(file *tsparse.File, fn *sitter.Node) string {
	n := fn
	parent := n.Parent()
	for parent != nil && isWrapper(parent) {
		n, parent = parent, parent.Parent()
	}
	if parent == nil {
		return ""
	}
	if parent.Type() == "arguments" {
		call := parent.Parent()
		if call == nil || call.Type() != "call_expression" {
			return ""
		}
		if name := bindingName(file, call); name != "" {
			return name
		}
		return calleeName(file, call.ChildByFieldName("function")) + "()"
	}
	return bindingName(file, n)
}

// bindingName returns the name that the value n is bound to by its
// parent, or "".
func bindingName(file *tsparse.File, n *sitter.Node) string {
	parent := n.Parent()
	for parent != nil && isWrapper(parent) {
		n, parent = parent, parent.Parent()
	}
	if parent == nil {
		return ""
	}
	switch parent.Type() {
	case "variable_declarator":
		if name := parent.ChildByFieldName("name"); name != nil && name.Type() == "identifier" {
			return file.Text(name)
		}
	case "pair":
		return strings.Trim(compactText(file, parent.ChildByFieldName("key")), `"'`+"`")
	case "assignment_expression":
		return compactText(file, parent.ChildByFieldName("left"))
	case "public_field_definition", "field_definition":
		if name := parent.ChildByFieldName("name"); name != nil {
			return compactText(file, name)
		}
		return compactText(file, parent.ChildByFieldName("property"))
	case "export_statement":
		return "default"
	case "jsx_expression":
		if attr := parent.Parent(); attr != nil && attr.Type() == "jsx_attribute" && attr.NamedChildCount() > 0 {
			return compactText(file, attr.NamedChild(0))
		}
	}
	return ""
}

// isWrapper reports whether n only wraps the expression inside it.
func isWrapper(n *sitter.Node) bool {
	switch n.Type() {
	case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression":
		return true
	}
	return false
}

// calleeName returns the last part of a callee, such as "then" for
// `promise.then`, or its compacted text when it has no simple last part.
func calleeName(file *tsparse.File, callee *sitter.Node) string {
	if callee == nil {
		return ""
	}
	if callee.Type() == "member_expression" {
		if prop := callee.ChildByFieldName("property"); prop != nil {
			return file.Text(prop)
		}
	}
	return compactText(file, callee)
}

// compactText returns the source of n without white space.
func compactText(file *tsparse.File, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return fingerprint.NormalizeCode(file.Text(n))
}
