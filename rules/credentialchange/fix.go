package credentialchange

import (
	"fmt"
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/supamodel"
)

// insertFix inserts a sign-out of the other sessions on the success path
// of an awaited credential change, written with the auth expression of
// the update (auth), and the quotes and semicolons of the file:
//
//   - after an error guard that directly follows the update statement
//     and leaves the function (`if (error) { ...; return; }`), at the
//     start of the guard's success branch (`else { ... }`, or the block
//     of `if (!error)`), or after the update statement when nothing
//     checks its error;
//   - when the guard only throws (`if (error) throw error;`), the
//     sign-out's own error is checked the same way, so a failed
//     revocation is not silently ignored;
//   - when the guard does anything else before leaving (a toast, a state
//     update), the sign-out is a plain `await`, since repeating a message
//     about the failed change for a failed sign-out would mislead.
//
// It offers no fix for a change inside a callback, a function that is
// not async, an update whose error is checked further down, or an
// update inside a catch or finally block.
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
	switch stmt.Type() {
	case "expression_statement", "lexical_declaration", "variable_declaration":
	default:
		return analysis.SuggestedFix{}, false
	}

	style := styleOf(m, stmt)
	call := fmt.Sprintf("%s.signOut({ scope: %sothers%s })", auth, style.quote, style.quote)
	at, indent, ok := insertionPoint(m, stmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := "\n" + indent + "await " + call + style.semicolon
	if at.guard != nil && at.guard.onlyThrows {
		name := unusedName(m, u.Body, "signOutError")
		text = "\n" + indent + "const { error: " + name + " } = await " + call + style.semicolon +
			"\n" + indent + at.guard.rewrite(m, name)
	}
	return analysis.SuggestedFix{
		Message: "sign out the other sessions after the change succeeds",
		TextEdits: []analysis.TextEdit{{
			Pos:     m.File.Pos(at.offset),
			End:     m.File.Pos(at.offset),
			NewText: []byte(text),
		}},
	}, true
}

// insertion is where the sign-out goes.
type insertion struct {
	offset uint32
	// guard is set when the sign-out follows an error guard that leaves
	// the function.
	guard *errorGuard
}

// insertionPoint returns where the success path of the update statement
// stmt continues, and the indentation of the code there:
//   - after an error guard that leaves the function (`if (error) return;`);
//   - at the start of the success branch of an error guard: the else
//     block of `if (error) {...} else {...}`, or the block of
//     `if (!error) {...}`;
//   - after the statement when no guard follows and the statement's
//     error is not checked further down.
//
// ok is false anywhere else.
func insertionPoint(m *supamodel.Model, stmt *sitter.Node) (at insertion, indent string, ok bool) {
	next := supamodel.NextStatement(stmt)
	if next == nil || next.Type() != "if_statement" {
		if checksErrorLater(m, stmt) {
			return insertion{}, "", false
		}
		return insertion{offset: stmt.EndByte()}, m.IndentOf(stmt), true
	}
	g, isGuard := readGuard(m, next)
	if !isGuard {
		if checksErrorLater(m, stmt) {
			return insertion{}, "", false
		}
		return insertion{offset: stmt.EndByte()}, m.IndentOf(stmt), true
	}
	consequence := next.ChildByFieldName("consequence")
	alternative := next.ChildByFieldName("alternative")
	switch {
	case g.negated:
		return blockStart(m, consequence, stmt)
	case alternative != nil:
		var body *sitter.Node
		if alternative.NamedChildCount() > 0 {
			body = alternative.NamedChild(int(alternative.NamedChildCount()) - 1)
		}
		return blockStart(m, body, stmt)
	case exits(consequence):
		return insertion{offset: next.EndByte(), guard: &g}, m.IndentOf(stmt), true
	}
	return insertion{}, "", false
}

// blockStart returns the point just after the opening brace of block,
// indented like the block's first statement, or one level deeper than
// outer when the block is empty. ok is false when block is no braced
// block.
func blockStart(m *supamodel.Model, block, outer *sitter.Node) (insertion, string, bool) {
	if block == nil || block.Type() != "statement_block" {
		return insertion{}, "", false
	}
	indent := m.IndentOf(outer) + "  "
	if block.NamedChildCount() > 0 {
		first := block.NamedChild(0)
		if m.File.Lines.Line(int(first.StartByte())) == m.File.Lines.Line(int(block.StartByte())) {
			return insertion{}, "", false // `{ toast(); }` on one line: no place for a new line
		}
		indent = m.IndentOf(first)
	}
	return insertion{offset: block.StartByte() + 1}, indent, true
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

// errorWordRE matches the word error in a declaration that destructures it.
var errorWordRE = regexp.MustCompile(`\berror\b`)

// errorGuardRE matches the condition of an error guard: an identifier or
// member chain whose last name mentions an error, such as `error`,
// `!!error`, `!updateError` or `verify?.error`. A single `!` negates it.
var errorGuardRE = regexp.MustCompile(`^\(\s*(!!|!)?\s*((?:[\w$]+\s*\??\.\s*)*[\w$]*[eE]rr[\w$]*)\s*\)$`)

// errorGuard is an `if` statement that tests the error of an update.
type errorGuard struct {
	node *sitter.Node
	// value is the tested expression, such as "error" or "result.error".
	value   string
	negated bool
	// onlyThrows is set when the guard's only statement is a throw.
	onlyThrows bool
}

// readGuard reads an error guard. ok is false for any other if statement.
func readGuard(m *supamodel.Model, ifStmt *sitter.Node) (errorGuard, bool) {
	cond := ifStmt.ChildByFieldName("condition")
	if cond == nil {
		return errorGuard{}, false
	}
	match := errorGuardRE.FindStringSubmatch(m.File.Text(cond))
	if match == nil {
		return errorGuard{}, false
	}
	g := errorGuard{node: ifStmt, value: strings.Join(strings.Fields(match[2]), ""), negated: match[1] == "!"}
	body := ifStmt.ChildByFieldName("consequence")
	if body != nil && body.Type() == "statement_block" && body.NamedChildCount() == 1 {
		body = body.NamedChild(0)
	}
	g.onlyThrows = body != nil && body.Type() == "throw_statement"
	return g, true
}

// rewrite returns the source of the guard with the tested expression
// replaced by name, wherever it appears as a whole expression.
func (g errorGuard) rewrite(m *supamodel.Model, name string) string {
	pattern := regexp.MustCompile(`(^|[^\w$.])` + regexp.QuoteMeta(g.value) + `($|[^\w$])`)
	text := m.File.Text(g.node)
	// Each match consumes its delimiters, so replace until nothing
	// changes to catch adjacent occurrences such as "(error, error)".
	for {
		next := pattern.ReplaceAllString(text, "${1}"+name+"${2}")
		if next == text {
			return text
		}
		text = next
	}
}

// checksErrorLater reports whether a destructured `error` of the update
// is tested somewhere after the statement, where the insertion point is
// no longer mechanical.
func checksErrorLater(m *supamodel.Model, stmt *sitter.Node) bool {
	if stmt.Type() != "lexical_declaration" && stmt.Type() != "variable_declaration" {
		return false
	}
	text := m.File.Text(stmt)
	return errorWordRE.MatchString(text[:min(len(text), 200)])
}

// codeStyle is how the surrounding code writes strings and ends
// statements.
type codeStyle struct {
	quote     string
	semicolon string
}

// styleOf returns the quote character most string literals of the file
// use (single quotes on a tie) and whether stmt ends with a semicolon.
func styleOf(m *supamodel.Model, stmt *sitter.Node) codeStyle {
	style := codeStyle{quote: "'"}
	if strings.HasSuffix(strings.TrimSpace(m.File.Text(stmt)), ";") {
		style.semicolon = ";"
	}
	single, double := 0, 0
	cursor := sitter.NewTreeCursor(m.File.Root)
	defer cursor.Close()
	for {
		n := cursor.CurrentNode()
		if n.Type() == "string" && n.EndByte() > n.StartByte() {
			switch m.File.Src[n.StartByte()] {
			case '\'':
				single++
			case '"':
				double++
			}
		}
		if n.Type() != "string" && cursor.GoToFirstChild() {
			continue
		}
		for !cursor.GoToNextSibling() {
			if !cursor.GoToParent() {
				if double > single {
					style.quote = `"`
				}
				return style
			}
		}
	}
}

// unusedName returns base, or base followed by the smallest number from
// 2 on, whichever does not occur as a word in the function body.
func unusedName(m *supamodel.Model, body *sitter.Node, base string) string {
	text := m.File.Text(body)
	name := base
	for i := 2; regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(text); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}
