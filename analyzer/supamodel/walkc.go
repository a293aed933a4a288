package supamodel

// The C walk below visits a tree with a tree-sitter cursor and writes
// the nodes the model records into one array, so building the model
// costs one cgo call per tree instead of one or more per node.
// It calls the tree-sitter library that github.com/smacker/go-tree-sitter
// compiles into the same binary. The declarations repeat the parts of
// tree-sitter's api.h (ABI version 14) that it uses.

/*
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint16_t TSSymbol;
typedef uint16_t TSFieldId;
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;

TSSymbol ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_named(TSNode self);
const char *ts_node_type(TSNode self);
uint32_t ts_node_child_count(TSNode self);
TSNode ts_node_child(TSNode self, uint32_t index);
TSNode ts_node_child_by_field_id(TSNode self, TSFieldId field);
TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);

// The kinds, as nodeKind numbers them in kinds.go.
enum { SL_OTHER, SL_SKIP, SL_COMMENT, SL_PROGRAM, SL_STATEMENT, SL_IMPORT, SL_CALL,
       SL_DECLARATOR, SL_ASSIGNMENT, SL_JSX_ATTRIBUTE, SL_FUNCTION };

// The error symbol of tree-sitter, above every grammar's symbols.
#define SL_ERROR_SYMBOL ((TSSymbol)-1)

// sl_rec is one recorded node. extra is the callee of a call and the
// parent of a function, past parentheses and type assertions.
typedef struct {
	TSNode node;
	TSNode extra;
	uint32_t start, end;
	uint8_t kind;
	uint8_t async;
} sl_rec;

typedef struct {
	sl_rec *recs;
	uint32_t len, cap;
	int failed;
} sl_out;

static sl_rec *sl_add(sl_out *o) {
	if (o->len == o->cap) {
		uint32_t cap = o->cap ? o->cap * 2 : 256;
		sl_rec *recs = realloc(o->recs, (size_t)cap * sizeof(sl_rec));
		if (recs == NULL) {
			o->failed = 1;
			return NULL;
		}
		o->recs = recs;
		o->cap = cap;
	}
	sl_rec *r = &o->recs[o->len++];
	memset(r, 0, sizeof *r);
	return r;
}

static bool sl_transparent(TSNode n) {
	const char *t = ts_node_type(n);
	return strcmp(t, "parenthesized_expression") == 0 || strcmp(t, "as_expression") == 0 ||
		strcmp(t, "satisfies_expression") == 0;
}

// sl_async reports whether a function node carries the async keyword,
// an anonymous child before its parameters or name.
static bool sl_async(TSNode n) {
	uint32_t count = ts_node_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_child(n, i);
		const char *t = ts_node_type(c);
		if (ts_node_is_named(c)) {
			if (strcmp(t, "formal_parameters") == 0 || strcmp(t, "identifier") == 0 ||
				strcmp(t, "property_identifier") == 0) {
				return false;
			}
			continue;
		}
		if (strcmp(t, "async") == 0) {
			return true;
		}
	}
	return false;
}

// sl_walk records the nodes under root whose kind the walk handles, in
// depth-first order, without descending into skipped kinds and imports.
// kinds maps a symbol to its kind. It returns the records, which the
// caller frees, and sets *len; when memory runs out it returns NULL and
// sets *failed.
static sl_rec *sl_walk(TSNode root, const uint8_t *kinds, uint32_t nkinds, TSFieldId function_field,
		uint32_t *len, int *failed) {
	sl_out o = {0};
	uint32_t depth = 0, cap = 64;
	*len = 0;
	*failed = 0;
	TSNode *path = malloc(cap * sizeof(TSNode));
	if (path == NULL) {
		*failed = 1;
		return NULL;
	}
	TSTreeCursor c = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		TSSymbol s = ts_node_symbol(n);
		uint8_t kind = s < nkinds ? kinds[s] : (s == SL_ERROR_SYMBOL ? SL_SKIP : SL_OTHER);
		bool descend = kind != SL_SKIP && kind != SL_COMMENT && kind != SL_IMPORT;
		switch (kind) {
		case SL_IMPORT: case SL_CALL: case SL_DECLARATOR: case SL_ASSIGNMENT:
		case SL_JSX_ATTRIBUTE: case SL_FUNCTION: {
			sl_rec *r = sl_add(&o);
			if (r == NULL) {
				goto done;
			}
			r->node = n;
			r->kind = kind;
			r->start = ts_node_start_byte(n);
			r->end = ts_node_end_byte(n);
			if (kind == SL_CALL) {
				r->extra = ts_node_child_by_field_id(n, function_field);
			} else if (kind == SL_FUNCTION) {
				r->async = sl_async(n);
				int32_t i = (int32_t)depth - 1;
				while (i >= 0 && sl_transparent(path[i])) {
					i--;
				}
				if (i >= 0) {
					r->extra = path[i];
				}
			}
			break;
		}
		}
		if (descend && ts_tree_cursor_goto_first_child(&c)) {
			if (depth == cap) {
				cap *= 2;
				TSNode *grown = realloc(path, cap * sizeof(TSNode));
				if (grown == NULL) {
					o.failed = 1;
					goto done;
				}
				path = grown;
			}
			path[depth++] = n;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) {
				goto done;
			}
			depth--;
		}
	}
done:
	ts_tree_cursor_delete(&c);
	free(path);
	if (o.failed) {
		free(o.recs);
		*failed = 1;
		return NULL;
	}
	*len = o.len;
	return o.recs;
}
*/
import "C" //nolint:gocritic // the linter takes the cgo pseudo-package for a second import of unsafe

import (
	"errors"
	"math"
	"unsafe" //nolint:gocritic // see above

	sitter "github.com/smacker/go-tree-sitter"
)

// treeNode returns the binding's node object for a C node of tree t. The
// binding keeps one object per node, and the model compares nodes by
// pointer, so the C walk must return the same objects as Node's methods.
//
// NOTE: cachedNode is unexported in the binding. A binding update that
// renames it fails the link; one that changes it fails
// TestWalkCMatchesCursorWalk.
//
//go:linkname treeNode github.com/smacker/go-tree-sitter.(*Tree).cachedNode
func treeNode(t *sitter.Tree, n C.TSNode) *sitter.Node

// cKinds returns the kind numbers of the C walk, from kindOther to
// kindFunction, so a test can compare them with nodeKind.
func cKinds() []int {
	return []int{C.SL_OTHER, C.SL_SKIP, C.SL_COMMENT, C.SL_PROGRAM, C.SL_STATEMENT, C.SL_IMPORT, C.SL_CALL,
		C.SL_DECLARATOR, C.SL_ASSIGNMENT, C.SL_JSX_ATTRIBUTE, C.SL_FUNCTION}
}

// cursorWalkOnly makes walkTree use the cursor walk; the tests set it to
// compare the two walks.
var cursorWalkOnly bool

// errWalkMemory reports that the C walk could not allocate its records.
var errWalkMemory = errors.New("out of memory while walking the syntax tree")

// cNode returns the C value of a node. sitter.Node holds the C node as
// its first field.
func cNode(n *sitter.Node) C.TSNode { return *(*C.TSNode)(unsafe.Pointer(n)) }

// walkC records the nodes that the C walk finds under root, as
// walkCursor does. root is a node of tree.
func (m *Model) walkC(table *kindTable, tree *sitter.Tree, root *sitter.Node, outer *Func) error {
	var n C.uint32_t
	var failed C.int
	recs := C.sl_walk(cNode(root), (*C.uint8_t)(unsafe.Pointer(&table.kinds[0])), C.uint32_t(len(table.kinds)),
		C.TSFieldId(table.functionField), &n, &failed)
	if failed != 0 {
		return errWalkMemory
	}
	if recs == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(recs))

	type open struct {
		fn  *Func
		end uint32
	}
	var stack []open
	if outer != nil {
		stack = append(stack, open{fn: outer, end: math.MaxUint32})
	} else {
		m.firstStatement(root, table)
	}
	top := func() *Func {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1].fn
	}
	for _, r := range unsafe.Slice(recs, int(n)) {
		start := uint32(r.start)
		for len(stack) > 0 && start >= stack[len(stack)-1].end {
			stack = stack[:len(stack)-1]
		}
		node := treeNode(tree, r.node)
		switch nodeKind(r.kind) {
		case kindImport:
			m.addImport(node)
		case kindCall:
			m.Calls = append(m.Calls, &Call{Node: node, Callee: treeNode(tree, r.extra), Func: top()})
		case kindDeclarator:
			m.addDecl(node)
		case kindAssignment:
			m.addAssignment(node, top())
		case kindJSXAttribute:
			m.addJSXAttribute(node)
		case kindFunction:
			ctx := funcContext{parent: treeNode(tree, r.extra), async: r.async != 0, known: true}
			stack = append(stack, open{fn: m.newFunc(node, top(), ctx), end: uint32(r.end)})
		}
	}
	return nil
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
