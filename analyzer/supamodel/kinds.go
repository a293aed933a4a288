package supamodel

import (
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
)

// nodeKind is the role of a node type in the model walk. The walk reads
// a node's numeric symbol and looks its kind up in a table, instead of
// comparing type names, because Node.Type makes a cgo call and allocates
// a string each time, which cost more than the parse itself.
type nodeKind uint8

const (
	kindOther nodeKind = iota
	// kindSkip nodes are not descended into: error regions and type syntax.
	kindSkip
	kindComment
	kindProgram
	kindExpressionStatement
	kindImport
	kindCall
	kindDeclarator
	kindAssignment
	kindJSXAttribute
	// kindFunction covers the function-like nodes of IsFunction.
	kindFunction
)

// kindByName maps the node type names the walk handles to their kind.
var kindByName = map[string]nodeKind{
	"ERROR": kindSkip, "type_annotation": kindSkip, "interface_declaration": kindSkip,
	"type_alias_declaration": kindSkip, "type_arguments": kindSkip,
	"comment":               kindComment,
	"program":               kindProgram,
	"expression_statement":  kindExpressionStatement,
	"import_statement":      kindImport,
	"call_expression":       kindCall,
	"variable_declarator":   kindDeclarator,
	"assignment_expression": kindAssignment,
	"jsx_attribute":         kindJSXAttribute,
	"arrow_function":        kindFunction, "function_expression": kindFunction, "function": kindFunction,
	"function_declaration": kindFunction, "generator_function_declaration": kindFunction,
	"generator_function": kindFunction, "method_definition": kindFunction,
}

// kindTable maps the symbols of one grammar to their kind and name.
type kindTable struct {
	kinds []nodeKind
	names []string
}

var (
	tablesOnce sync.Once
	// grammarTables holds a table for each grammar the model reads.
	grammarTables []*kindTable
)

func loadTables() {
	tablesOnce.Do(func() {
		grammarTables = []*kindTable{newKindTable(typescript.GetLanguage()), newKindTable(tsx.GetLanguage())}
		for _, t := range grammarTables {
			for s, k := range t.kinds {
				for len(functionSymbols) <= s {
					functionSymbols = append(functionSymbols, false)
				}
				if k == kindFunction {
					functionSymbols[s] = true
				}
			}
		}
	})
}

func newKindTable(lang *sitter.Language) *kindTable {
	n := int(lang.SymbolCount())
	t := &kindTable{kinds: make([]nodeKind, n), names: make([]string, n)}
	for i := 0; i < n; i++ {
		t.names[i] = lang.SymbolName(sitter.Symbol(i))
		// Only named nodes have a kind: the keyword token `function` is
		// not a function.
		if lang.SymbolType(sitter.Symbol(i)) == sitter.SymbolTypeRegular {
			t.kinds[i] = kindByName[t.names[i]]
		}
	}
	return t
}

// kindsForTree returns the table of the grammar a tree was parsed with,
// recognised by the symbol and name of its root, because the "program"
// symbol differs between the TypeScript and TSX grammars. It returns nil
// when no single grammar matches, and kindOf then looks nodes up by name. The tree
// alone decides, since a file's template handlers may be parsed with
// another grammar than its script.
func kindsForTree(root *sitter.Node) *kindTable {
	loadTables()
	sym, name := int(root.Symbol()), root.Type()
	var found *kindTable
	for _, t := range grammarTables {
		if sym < len(t.names) && t.names[sym] == name {
			if found != nil {
				return nil
			}
			found = t
		}
	}
	return found
}

// kindOf returns the kind of n. Node.Symbol returns the alias symbol of
// an aliased node, as Node.Type returns its alias name, so both agree.
// Symbols outside the table, such as ERROR (the largest symbol number),
// are looked up by name.
func (t *kindTable) kindOf(n *sitter.Node) nodeKind {
	if t != nil {
		if s := int(n.Symbol()); s < len(t.kinds) {
			return t.kinds[s]
		}
	}
	if !n.IsNamed() {
		return kindOther
	}
	return kindByName[n.Type()]
}

// name returns the type name of node n, whose symbol is sym. A symbol in
// the table needs no cgo call. A nil n has the name "".
func (t *kindTable) name(sym uint16, n *sitter.Node) string {
	switch {
	case n == nil:
		return ""
	case int(sym) < len(t.names):
		return t.names[sym]
	}
	return n.Type()
}

// functionSymbols flags the symbols that are a function kind in any
// grammar the model reads.
var functionSymbols []bool

// maybeFunctionSymbol reports whether n's symbol is a function kind in
// some grammar. It is false for most nodes, so IsFunction compares type
// names only for the few that may be functions.
func maybeFunctionSymbol(n *sitter.Node) bool {
	loadTables()
	s := int(n.Symbol())
	return s >= len(functionSymbols) || functionSymbols[s]
}
