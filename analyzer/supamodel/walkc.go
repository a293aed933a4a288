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
uint32_t ts_node_named_child_count(TSNode self);
TSNode ts_node_named_child(TSNode self, uint32_t index);
const void *ts_tree_language(const TSTree *self);
TSFieldId ts_language_field_id_for_name(const void *self, const char *name, uint32_t name_length);
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
// parent of a function, past parentheses and type assertions. A call's
// callee path, as CalleePath writes it, is path_len bytes at path_off
// in the walk's text buffer.
typedef struct {
	TSNode node;
	TSNode extra;
	uint32_t start, end;
	uint32_t path_off, path_len;
	uint8_t kind;
	uint8_t async;
} sl_rec;

// sl_part is one part of a callee path: a range of the source, or a
// fixed text when text is not NULL.
typedef struct {
	uint32_t start, end;
	const char *text;
} sl_part;

typedef struct {
	sl_rec *recs;
	uint32_t len, cap;
	char *text;
	uint32_t text_len, text_cap;
	sl_part *parts;
	uint32_t parts_cap;
	const char *src;
	uint32_t src_len;
	TSFieldId f_function, f_object, f_property;
	int failed;
} sl_out;

static bool sl_grow(void **buf, uint32_t *cap, uint32_t need, size_t size) {
	if (need <= *cap) {
		return true;
	}
	uint32_t c = *cap ? *cap : 256;
	while (c < need) {
		if (c > UINT32_MAX / 2) {
			return false;
		}
		c *= 2;
	}
	void *grown = realloc(*buf, (size_t)c * size);
	if (grown == NULL) {
		return false;
	}
	*buf = grown;
	*cap = c;
	return true;
}

static bool sl_is(TSNode n, const char *type) { return strcmp(ts_node_type(n), type) == 0; }

// sl_unwrap skips parentheses, await, non-null and type assertions, as
// Unwrap in nodes.go does.
static TSNode sl_unwrap(TSNode n) {
	while (n.id != NULL) {
		const char *t = ts_node_type(n);
		bool assertion = strcmp(t, "type_assertion") == 0;
		if (!assertion && strcmp(t, "parenthesized_expression") != 0 && strcmp(t, "await_expression") != 0 &&
			strcmp(t, "non_null_expression") != 0 && strcmp(t, "as_expression") != 0 &&
			strcmp(t, "satisfies_expression") != 0) {
			return n;
		}
		uint32_t count = ts_node_named_child_count(n);
		if (count == 0) {
			return n;
		}
		n = ts_node_named_child(n, assertion ? count - 1 : 0);
	}
	return n;
}

// sl_callee_path appends the dotted path of callee n to the text buffer,
// as CalleePath in nodes.go builds it, and stores its place in r.
static bool sl_callee_path(sl_out *o, TSNode n, sl_rec *r) {
	uint32_t count = 0;
	while (n.id != NULL) {
		if (!sl_grow((void **)&o->parts, &o->parts_cap, count + 1, sizeof(sl_part))) {
			return false;
		}
		sl_part *part = &o->parts[count++];
		part->text = NULL;
		n = sl_unwrap(n);
		const char *t = ts_node_type(n);
		if (strcmp(t, "member_expression") == 0) {
			TSNode prop = ts_node_child_by_field_id(n, o->f_property);
			if (prop.id == NULL) {
				part->text = "";
			} else {
				part->start = ts_node_start_byte(prop);
				part->end = ts_node_end_byte(prop);
			}
			n = ts_node_child_by_field_id(n, o->f_object);
			continue;
		}
		if (strcmp(t, "call_expression") == 0) {
			part->text = "()";
			n = ts_node_child_by_field_id(n, o->f_function);
			continue;
		}
		if (strcmp(t, "identifier") == 0 || strcmp(t, "this") == 0 || strcmp(t, "property_identifier") == 0) {
			part->start = ts_node_start_byte(n);
			part->end = ts_node_end_byte(n);
		} else {
			part->text = "?";
		}
		break;
	}
	uint32_t need = o->text_len + count;
	for (uint32_t i = 0; i < count; i++) {
		sl_part *part = &o->parts[i];
		if (part->text == NULL && (part->end < part->start || part->end > o->src_len)) {
			part->text = "?";
		}
		need += part->text ? (uint32_t)strlen(part->text) : part->end - part->start;
	}
	if (!sl_grow((void **)&o->text, &o->text_cap, need, 1)) {
		return false;
	}
	r->path_off = o->text_len;
	for (uint32_t i = count; i-- > 0;) {
		sl_part *part = &o->parts[i];
		const char *from = part->text ? part->text : o->src + part->start;
		uint32_t len = part->text ? (uint32_t)strlen(part->text) : part->end - part->start;
		memcpy(o->text + o->text_len, from, len);
		o->text_len += len;
		if (i > 0) {
			o->text[o->text_len++] = '.';
		}
	}
	r->path_len = o->text_len - r->path_off;
	return true;
}

static sl_rec *sl_add(sl_out *o) {
	if (!sl_grow((void **)&o->recs, &o->cap, o->len + 1, sizeof(sl_rec))) {
		o->failed = 1;
		return NULL;
	}
	sl_rec *r = &o->recs[o->len++];
	memset(r, 0, sizeof *r);
	return r;
}

static bool sl_transparent(TSNode n) {
	return sl_is(n, "parenthesized_expression") || sl_is(n, "as_expression") || sl_is(n, "satisfies_expression");
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
// kinds maps a symbol to its kind, and src is the text the tree was
// parsed from. It returns the records and sets *len and *text, which
// the caller frees; when memory runs out it returns NULL and sets
// *failed.
static sl_rec *sl_walk(TSNode root, const uint8_t *kinds, uint32_t nkinds, const char *src, uint32_t src_len,
		uint32_t *len, char **text, int *failed) {
	sl_out o = {0};
	uint32_t depth = 0, cap = 64;
	*len = 0;
	*text = NULL;
	*failed = 0;
	o.src = src;
	o.src_len = src_len;
	const void *lang = ts_tree_language(root.tree);
	o.f_function = ts_language_field_id_for_name(lang, "function", 8);
	o.f_object = ts_language_field_id_for_name(lang, "object", 6);
	o.f_property = ts_language_field_id_for_name(lang, "property", 8);
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
				r->extra = ts_node_child_by_field_id(n, o.f_function);
				if (!sl_callee_path(&o, r->extra, r)) {
					o.failed = 1;
					goto done;
				}
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
	free(o.parts);
	if (o.failed) {
		free(o.recs);
		free(o.text);
		*failed = 1;
		return NULL;
	}
	*len = o.len;
	*text = o.text;
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

var (
	// errWalkMemory reports that the C walk could not allocate its records.
	errWalkMemory = errors.New("out of memory while walking the syntax tree")
	// errWalkSource reports a source the C walk cannot take: an empty one
	// has no tree worth walking, and offsets are 32 bits.
	errWalkSource = errors.New("source empty or too large for the C walk")
)

// cNode returns the C value of a node. sitter.Node holds the C node as
// its first field.
func cNode(n *sitter.Node) C.TSNode { return *(*C.TSNode)(unsafe.Pointer(n)) }

// walkC records the nodes that the C walk finds under root, as
// walkCursor does. root is a node of tree.
func (m *Model) walkC(table *kindTable, tree *sitter.Tree, root *sitter.Node, outer *Func) error {
	src := m.File.Src
	if len(src) == 0 || len(src) > math.MaxUint32 {
		return errWalkSource
	}
	var (
		n      C.uint32_t
		text   *C.char
		failed C.int
	)
	kinds := (*C.uint8_t)(unsafe.Pointer(&table.kinds[0]))
	text0 := (*C.char)(unsafe.Pointer(&src[0]))
	recs := C.sl_walk(cNode(root), kinds, C.uint32_t(len(table.kinds)), text0, C.uint32_t(len(src)), &n, &text, &failed) //nolint:gocritic // reported on the pointer checks cgo generates
	if failed != 0 {
		return errWalkMemory
	}
	if recs == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(recs))
	defer C.free(unsafe.Pointer(text))

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
			path := C.GoStringN((*C.char)(unsafe.Add(unsafe.Pointer(text), r.path_off)), C.int(r.path_len))
			m.Calls = append(m.Calls, &Call{Node: node, Callee: treeNode(tree, r.extra), Path: path, Func: top()})
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
