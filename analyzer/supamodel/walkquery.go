package supamodel

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
)

// walkQueryDef is the query that finds the nodes the model records in
// the trees of one grammar: one pattern per node type of kindByName that
// the walk handles or skips, so the pattern index gives the kind.
type walkQueryDef struct {
	query *sitter.Query
	kinds []nodeKind // by pattern index
	table *kindTable
}

var (
	queriesOnce sync.Once
	walkQueries []*walkQueryDef
	// cursorWalkOnly makes walkTree use the cursor walk; the tests set it
	// to compare the two walks.
	cursorWalkOnly bool
)

func newWalkQuery(lang *sitter.Language, table *kindTable) (*walkQueryDef, error) {
	names := make([]string, 0, len(kindByName))
	for name, kind := range kindByName {
		switch {
		case kind == kindOther, kind == kindComment, kind == kindProgram, kind == kindExpressionStatement:
			continue // nothing to record, or handled apart
		case kind == kindSkip && name != "ERROR":
			// Type syntax holds no node the walk records, so matching
			// it (type annotations are everywhere in TypeScript) would
			// only cost time.
			continue
		}
		if name == "ERROR" || table.has(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var text strings.Builder
	def := &walkQueryDef{table: table}
	for _, name := range names {
		fmt.Fprintf(&text, "(%s) @node\n", name)
		def.kinds = append(def.kinds, kindByName[name])
	}
	q, err := sitter.NewQuery([]byte(text.String()), lang)
	if err != nil {
		return nil, err
	}
	def.query = q
	return def, nil
}

// queryForTree returns the walk query for the grammar of the tree, or
// nil when kindsForTree does not recognise the grammar.
func queryForTree(root *sitter.Node) *walkQueryDef {
	table := kindsForTree(root)
	if table == nil {
		return nil
	}
	queriesOnce.Do(func() {
		for i, lang := range []*sitter.Language{typescript.GetLanguage(), tsx.GetLanguage()} {
			def, err := newWalkQuery(lang, grammarTables[i])
			if err != nil {
				// NOTE: a grammar whose node types the query cannot name
				// falls back to the cursor walk.
				def = nil
			}
			walkQueries = append(walkQueries, def)
		}
	})
	for i, t := range grammarTables {
		if t == table {
			return walkQueries[i]
		}
	}
	return nil
}

// walkQuery records the nodes that the query finds under root, in the
// order of a depth-first walk, which is the order the query cursor
// returns single-node matches in. It keeps the open functions and the
// skipped subtree by byte range: a node that starts before the end of
// the innermost open function lies inside it, because trees nest.
func (m *Model) walkQuery(def *walkQueryDef, root *sitter.Node, outer *Func) {
	type open struct {
		fn  *Func
		end uint32
	}
	var stack []open
	if outer != nil {
		stack = append(stack, open{fn: outer, end: math.MaxUint32})
	} else {
		m.firstStatement(root, def.table)
	}
	top := func() *Func {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1].fn
	}
	skipping, skipEnd := false, uint32(0)
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	qc.Exec(def.query, root)
	for {
		match, ok := qc.NextMatch()
		if !ok {
			return
		}
		if len(match.Captures) == 0 || int(match.PatternIndex) >= len(def.kinds) {
			continue
		}
		n := match.Captures[0].Node
		start := n.StartByte()
		if skipping && start < skipEnd {
			continue // inside an error region, type syntax or an import
		}
		skipping = false
		for len(stack) > 0 && start >= stack[len(stack)-1].end {
			stack = stack[:len(stack)-1]
		}
		switch def.kinds[match.PatternIndex] {
		case kindSkip:
			skipping, skipEnd = true, n.EndByte()
		case kindImport:
			m.addImport(n)
			skipping, skipEnd = true, n.EndByte()
		case kindCall:
			m.Calls = append(m.Calls, &Call{Node: n, Callee: n.ChildByFieldName("function"), Func: top()})
		case kindDeclarator:
			m.addDecl(n)
		case kindAssignment:
			m.addAssignment(n, top())
		case kindJSXAttribute:
			m.addJSXAttribute(n)
		case kindFunction:
			stack = append(stack, open{fn: m.newFunc(n, top()), end: n.EndByte()})
		}
	}
}

// firstStatement checks the first child of the program that is not a
// comment for a directive prologue, as the cursor walk does with the
// first node it visits after the program and comments.
func (m *Model) firstStatement(root *sitter.Node, table *kindTable) {
	if table.kindOf(root) != kindProgram {
		return
	}
	for i := 0; i < int(root.ChildCount()); i++ {
		c := root.Child(i)
		switch table.kindOf(c) {
		case kindComment:
			continue
		case kindExpressionStatement:
			m.checkDirective(c)
		}
		return
	}
}
