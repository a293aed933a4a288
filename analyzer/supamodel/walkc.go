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
// SL_IMPORT_NAME marks the records of the names an import binds.
enum { SL_OTHER, SL_SKIP, SL_COMMENT, SL_PROGRAM, SL_STATEMENT, SL_IMPORT, SL_CALL,
       SL_DECLARATOR, SL_ASSIGNMENT, SL_JSX_ATTRIBUTE, SL_FUNCTION, SL_IMPORT_NAME };

// The error symbol of tree-sitter, above every grammar's symbols.
#define SL_ERROR_SYMBOL ((TSSymbol)-1)

// sl_rec is one recorded node, with the nodes and ranges around it that
// the model reads, so that the Go side makes few cgo calls:
//   - a call: a is the callee, and its dotted path, as CalleePath writes
//     it, is path_len bytes at path_off in the walk's text buffer;
//   - a function: a is the parent past parentheses and type assertions,
//     with symbol a_sym, b the body, spanning x_start to x_end, c the
//     name, and flag is 1 for an async function;
//   - a declarator: a is the name, with symbol a_sym, and b the value;
//   - an assignment: a is the left side and b the right;
//   - an import: a is the source string. The names it binds come first,
//     as SL_IMPORT_NAME records: the local name spans start to end, and
//     flag says whether it is the default (1), a namespace (2) or a
//     named import (3), whose imported name spans x_start to x_end.
// A JSX attribute is recorded only when its name reads as an event
// handler or a form action, the ones addJSXAttribute keeps.
typedef struct {
	TSNode node;
	TSNode a, b, c;
	uint32_t start, end;
	uint32_t x_start, x_end;
	uint32_t path_off, path_len;
	TSSymbol sym, a_sym;
	uint8_t kind;
	uint8_t flag;
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
	TSFieldId f_function, f_object, f_property, f_source, f_name, f_alias, f_value, f_left, f_right, f_body;
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

// sl_text_is reports whether node n spans exactly the text s.
static bool sl_text_is(const sl_out *o, TSNode n, const char *s) {
	uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
	size_t len = strlen(s);
	return end >= start && end <= o->src_len && end - start == len && memcmp(o->src + start, s, len) == 0;
}

// sl_handler_attribute reports whether a JSX attribute has a value and a
// name that handlerAttrRE in model.go matches: on followed by an upper
// case letter, action or formAction.
static bool sl_handler_attribute(const sl_out *o, TSNode n) {
	if (ts_node_named_child_count(n) < 2) {
		return false;
	}
	TSNode name = ts_node_named_child(n, 0);
	uint32_t start = ts_node_start_byte(name), end = ts_node_end_byte(name);
	if (end > o->src_len || end < start) {
		return false;
	}
	const char *s = o->src + start;
	uint32_t len = end - start;
	if (len >= 3 && s[0] == 'o' && s[1] == 'n' && s[2] >= 'A' && s[2] <= 'Z') {
		return true;
	}
	return sl_text_is(o, name, "action") || sl_text_is(o, name, "formAction");
}

// sl_import_name adds the record of one name an import binds.
static bool sl_import_name(sl_out *o, TSNode local, uint8_t flag, TSNode imported) {
	sl_rec *r = sl_add(o);
	if (r == NULL) {
		return false;
	}
	r->kind = SL_IMPORT_NAME;
	r->flag = flag;
	r->start = ts_node_start_byte(local);
	r->end = ts_node_end_byte(local);
	if (imported.id != NULL) {
		r->x_start = ts_node_start_byte(imported);
		r->x_end = ts_node_end_byte(imported);
	}
	return true;
}

// sl_import_names adds the records of the names import statement n
// binds, in the order addImport in model.go reads them.
static bool sl_import_names(sl_out *o, TSNode n) {
	TSNode none = {0};
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(n, i);
		if (!sl_is(clause, "import_clause")) {
			continue;
		}
		uint32_t parts = ts_node_named_child_count(clause);
		for (uint32_t j = 0; j < parts; j++) {
			TSNode part = ts_node_named_child(clause, j);
			const char *t = ts_node_type(part);
			if (strcmp(t, "identifier") == 0) {
				if (!sl_import_name(o, part, 1, none)) {
					return false;
				}
			} else if (strcmp(t, "namespace_import") == 0) {
				if (ts_node_named_child_count(part) > 0 && !sl_import_name(o, ts_node_named_child(part, 0), 2, none)) {
					return false;
				}
			} else if (strcmp(t, "named_imports") == 0) {
				uint32_t specs = ts_node_named_child_count(part);
				for (uint32_t k = 0; k < specs; k++) {
					TSNode spec = ts_node_named_child(part, k);
					if (!sl_is(spec, "import_specifier")) {
						continue;
					}
					TSNode name = ts_node_child_by_field_id(spec, o->f_name);
					TSNode alias = ts_node_child_by_field_id(spec, o->f_alias);
					TSNode local = alias.id != NULL ? alias : name;
					if (local.id == NULL) {
						// Neither a name nor an alias: both read as "".
						sl_rec *r = sl_add(o);
						if (r == NULL) {
							return false;
						}
						r->kind = SL_IMPORT_NAME;
						r->flag = 3;
						continue;
					}
					if (!sl_import_name(o, local, 3, name)) {
						return false;
					}
				}
			}
		}
	}
	return true;
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
	o.f_source = ts_language_field_id_for_name(lang, "source", 6);
	o.f_name = ts_language_field_id_for_name(lang, "name", 4);
	o.f_alias = ts_language_field_id_for_name(lang, "alias", 5);
	o.f_value = ts_language_field_id_for_name(lang, "value", 5);
	o.f_left = ts_language_field_id_for_name(lang, "left", 4);
	o.f_right = ts_language_field_id_for_name(lang, "right", 5);
	o.f_body = ts_language_field_id_for_name(lang, "body", 4);
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
			if (kind == SL_JSX_ATTRIBUTE && !sl_handler_attribute(&o, n)) {
				break;
			}
			if (kind == SL_IMPORT && !sl_import_names(&o, n)) {
				o.failed = 1;
				goto done;
			}
			sl_rec *r = sl_add(&o);
			if (r == NULL) {
				goto done;
			}
			r->node = n;
			r->kind = kind;
			r->sym = s;
			r->start = ts_node_start_byte(n);
			r->end = ts_node_end_byte(n);
			switch (kind) {
			case SL_CALL:
				r->a = ts_node_child_by_field_id(n, o.f_function);
				if (!sl_callee_path(&o, r->a, r)) {
					o.failed = 1;
					goto done;
				}
				break;
			case SL_FUNCTION: {
				r->flag = sl_async(n);
				int32_t i = (int32_t)depth - 1;
				while (i >= 0 && sl_transparent(path[i])) {
					i--;
				}
				if (i >= 0) {
					r->a = path[i];
					r->a_sym = ts_node_symbol(path[i]);
				}
				r->b = ts_node_child_by_field_id(n, o.f_body);
				if (r->b.id != NULL) {
					r->x_start = ts_node_start_byte(r->b);
					r->x_end = ts_node_end_byte(r->b);
				}
				r->c = ts_node_child_by_field_id(n, o.f_name);
				break;
			}
			case SL_DECLARATOR:
				r->a = ts_node_child_by_field_id(n, o.f_name);
				r->b = ts_node_child_by_field_id(n, o.f_value);
				if (r->a.id != NULL) {
					r->a_sym = ts_node_symbol(r->a);
				}
				break;
			case SL_ASSIGNMENT:
				r->a = ts_node_child_by_field_id(n, o.f_left);
				r->b = ts_node_child_by_field_id(n, o.f_right);
				break;
			case SL_IMPORT:
				r->a = ts_node_child_by_field_id(n, o.f_source);
				break;
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

	"github.com/sessionlint/sessionlint/analyzer"
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

// cNode returns the C value of a node. sitter.Node stores the C node as
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
	var names []importName // of the import record that follows them
	all := unsafe.Slice(recs, int(n))
	for i := range all {
		r := &all[i]
		if r.kind == C.SL_IMPORT_NAME {
			names = append(names, importName{
				local: string(src[r.start:r.end]), imported: string(src[r.x_start:r.x_end]), flag: uint8(r.flag),
			})
			continue
		}
		start := uint32(r.start)
		for len(stack) > 0 && start >= stack[len(stack)-1].end {
			stack = stack[:len(stack)-1]
		}
		node := treeNode(tree, r.node)
		switch nodeKind(r.kind) {
		case kindImport:
			m.addImportNames(node, treeNode(tree, r.a), names)
			names = names[:0]
		case kindCall:
			path := C.GoStringN((*C.char)(unsafe.Add(unsafe.Pointer(text), r.path_off)), C.int(r.path_len))
			m.Calls = append(m.Calls, &Call{Node: node, Callee: treeNode(tree, r.a), Path: path, Func: top()})
		case kindDeclarator:
			name := treeNode(tree, r.a)
			m.addDeclParts(name, treeNode(tree, r.b), table.name(uint16(r.a_sym), name))
		case kindAssignment:
			m.addAssignmentParts(node, treeNode(tree, r.a), treeNode(tree, r.b), top())
		case kindJSXAttribute:
			m.addJSXAttribute(node)
		case kindFunction:
			parent := treeNode(tree, r.a)
			ctx := funcContext{
				known:      true,
				typ:        table.name(uint16(r.sym), node),
				parent:     parent,
				parentType: table.name(uint16(r.a_sym), parent),
				body:       treeNode(tree, r.b),
				bodyStart:  uint32(r.x_start),
				bodyEnd:    uint32(r.x_end),
				name:       treeNode(tree, r.c),
				async:      r.flag != 0,
			}
			stack = append(stack, open{fn: m.newFunc(node, top(), ctx), end: uint32(r.end)})
		}
	}
	return nil
}

// importName is a name an import binds, as the C walk records it: flag
// is 1 for the default import, 2 for a namespace and 3 for a named one.
type importName struct {
	local, imported string
	flag            uint8
}

// addImportNames records the names import statement n binds from the
// module whose specifier is the string source.
func (m *Model) addImportNames(n, source *sitter.Node, names []importName) {
	spec, _ := StringValue(source, m.File.Src)
	for _, name := range names {
		imported := name.imported
		switch name.flag {
		case 1:
			imported = "default"
		case 2:
			imported = "*"
		}
		m.Imports[name.local] = analyzer.Import{Local: name.local, Imported: imported, Source: spec}
	}
	m.noteClientModule(n, spec)
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
