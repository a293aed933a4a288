package clientonlylogout

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// clientInScope reports whether the first name of the auth expression
// auth, such as `supabase` in `supabase.auth`, is visible at node:
// imported by the file, or declared in a function around node or at
// module level. A fix that inserts a call on a client declared only in
// another function would not compile.
//
// NOTE: a client that reaches the function as a parameter is not found
// (LookupDecls does not return parameters), so such a function gets no
// fix, only the message.
func clientInScope(m *supamodel.Model, node *sitter.Node, auth string) bool {
	root := auth
	if i := strings.IndexAny(root, ".?(["); i >= 0 {
		root = root[:i]
	}
	if root == "" || root == "this" {
		return false
	}
	if _, ok := m.Imports[root]; ok {
		return true
	}
	plain, pattern := m.LookupDecls(node, root)
	return len(plain) > 0 || len(pattern) > 0
}
