package credentialchange

import (
	"regexp"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// errorGuardRE matches the conditions of error guards: error, err,
// !!error, res.error, verify?.error, updateError.
var errorGuardRE = regexp.MustCompile(`^\(?\s*(!!)?\s*[\w.?]*[eE]rr(or)?\w*\s*\)?$`)

// insertFix inserts `await <auth>.signOut({ scope: 'others' });` on the
// success path: after an `if (error) { ... return }` guard that directly
// follows the update statement, or after the update statement itself
// when nothing checks its error. It offers no fix elsewhere.
func insertFix(m *supamodel.Model, c *supamodel.Call, auth string) (analysis.SuggestedFix, bool) {
	u := c.Func.Unit()
	if u == nil || !u.Async || u.Body == nil || u.Body.Type() != "statement_block" || c.Func != u {
		return analysis.SuggestedFix{}, false
	}
	// The innermost statement keeps the insertion inside a try block, so
	// the sign-out runs only when the update did not throw.
	stmt := supamodel.InnermostStatement(c.Node, u.Body)
	if stmt == nil || !awaited(c.Node, stmt) || supamodel.Ancestor(stmt, u.Node, "catch_clause", "finally_clause") != nil {
		return analysis.SuggestedFix{}, false
	}
	after := stmt
	if next := supamodel.NextStatement(stmt); next != nil && next.Type() == "if_statement" {
		cond := next.ChildByFieldName("condition")
		if cond != nil && errorGuardRE.MatchString(m.File.Text(cond)) {
			if next.ChildByFieldName("alternative") != nil || !exits(next.ChildByFieldName("consequence")) {
				return analysis.SuggestedFix{}, false
			}
			after = next
		}
	}
	if after == stmt && checksErrorLater(m, stmt) {
		return analysis.SuggestedFix{}, false
	}
	indent := m.IndentOf(stmt)
	return analysis.SuggestedFix{
		Message: "sign out the other sessions after the change succeeds",
		TextEdits: []analysis.TextEdit{{
			Pos:     m.File.Pos(after.EndByte()),
			End:     m.File.Pos(after.EndByte()),
			NewText: []byte("\n" + indent + "await " + auth + ".signOut({ scope: 'others' });"),
		}},
	}, true
}

// awaited reports whether the call's value is awaited within stmt.
func awaited(call, stmt *sitter.Node) bool {
	for p := call.Parent(); p != nil && !p.Equal(stmt.Parent()); p = p.Parent() {
		if p.Type() == "await_expression" {
			return true
		}
	}
	return false
}

// exits reports whether a block ends with return or throw.
func exits(n *sitter.Node) bool {
	if n == nil {
		return false
	}
	switch n.Type() {
	case "return_statement", "throw_statement":
		return true
	case "statement_block":
		if k := int(n.NamedChildCount()); k > 0 {
			return exits(n.NamedChild(k - 1))
		}
	}
	return false
}

// checksErrorLater reports whether a destructured `error` of the update
// is tested somewhere after the statement, where the insertion point is
// no longer mechanical.
func checksErrorLater(m *supamodel.Model, stmt *sitter.Node) bool {
	if stmt.Type() != "lexical_declaration" && stmt.Type() != "variable_declaration" {
		return false
	}
	text := m.File.Text(stmt)
	return regexp.MustCompile(`\berror\b`).MatchString(text[:min(len(text), 200)])
}
