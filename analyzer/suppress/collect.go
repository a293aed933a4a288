package suppress

import (
	"errors"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Directive is one directive comment of a file. It holds no tree nodes,
// so it outlives the pass.
type Directive struct {
	Parsed
	// Start and End are the byte offsets of the comment.
	Start, End int
	// Line is the editor line the comment starts on.
	Line int
	// Target is the line whose findings a line directive silences: the
	// line of the comment when code shares it, else the next line that is
	// not another directive alone on its lines. It is 0 for file directives
	// and malformed ones.
	Target int
	// Err describes a malformed directive, which silences nothing.
	Err error
	// Unknown lists the names in the directive that are not rules; they
	// are reported and left out of Rules.
	Unknown []string
	// alone is set when the comment has no code on its lines.
	alone bool
}

// Covers reports whether the directive silences a finding of rule that
// starts on line.
func (d *Directive) Covers(rule string, line int) bool {
	if d.Err != nil || (d.Kind == Line && d.Target != line) {
		return false
	}
	for _, r := range d.Rules {
		if r == rule {
			return true
		}
	}
	return false
}

// errMisplacedFileDirective is the error of a file directive after code.
var errMisplacedFileDirective = errors.New(IgnoreFileKeyword + " must come before the first statement of the file; move it to the top")

// Collect finds the directive comments of a parsed file in source order:
// those of the script tree and, in a Vue, Svelte or Astro component, those
// inside the template's event handlers. Comments come from the trees, so
// text inside strings, template literals and JSX text is never taken for
// a directive.
//
// NOTE: HTML comments in a component template (<!-- … -->) are not read;
// a finding in a template handler is silenced by a /* … */ comment inside
// the handler's code, or by a file directive.
func Collect(f *tsparse.File) []Directive {
	c := &collector{f: f, firstCode: -1, aloneEnd: map[int]int{}}
	if f.Root != nil {
		c.firstCode = firstStatement(f.Root)
		c.walk(f.Root)
	}
	for _, h := range f.Handlers {
		if h.Root != nil {
			c.walk(h.Root)
		}
	}
	sort.SliceStable(c.out, func(i, j int) bool { return c.out[i].Start < c.out[j].Start })
	c.stack()
	return c.out
}

// collector gathers the directives of one file.
type collector struct {
	f *tsparse.File
	// firstCode is the offset of the first statement, or -1.
	firstCode int
	out       []Directive
	// aloneEnd maps the first line of a directive that is alone on its
	// lines to its last line, for stacking line directives.
	aloneEnd map[int]int
}

func (c *collector) walk(root *sitter.Node) {
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	for {
		n := cur.CurrentNode()
		if n.Type() == "comment" && !isJSXText(c.f, n) {
			c.add(n)
		}
		if cur.GoToFirstChild() {
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return
			}
		}
	}
}

func (c *collector) add(n *sitter.Node) {
	d, ok := directiveAt(c.f, n)
	if !ok {
		return
	}
	if d.Err == nil && d.Kind == File && c.firstCode >= 0 && d.Start > c.firstCode {
		d.Err = errMisplacedFileDirective
	}
	first, last, before, after := lineSpan(c.f, n)
	d.alone = !before && !after
	if d.alone {
		c.aloneEnd[first] = last
	}
	if d.Err == nil && d.Kind == Line {
		switch {
		case before:
			d.Target = first
		case after:
			d.Target = last
		default:
			d.Target = last + 1
		}
	}
	c.out = append(c.out, d)
}

// stack moves the target of each directive that is alone on its lines
// past the directives alone on the lines right below it, so that several
// directives above one line all apply to that line.
func (c *collector) stack() {
	for i := range c.out {
		d := &c.out[i]
		if !d.alone || d.Target == 0 {
			continue
		}
		for {
			end, ok := c.aloneEnd[d.Target]
			if !ok {
				break
			}
			d.Target = end + 1
		}
	}
}

func directiveAt(f *tsparse.File, n *sitter.Node) (Directive, bool) {
	p, ok, err := Parse(f.Text(n))
	if !ok {
		return Directive{}, false
	}
	start, end := int(n.StartByte()), int(n.EndByte())
	return Directive{Parsed: p, Start: start, End: end, Line: f.Lines.Line(start), Err: err}, true
}

// lineSpan returns the first and last line of a comment and whether
// code precedes it on its first line or follows it on its last line. For
// a JSX comment the braces around it do not count as code.
func lineSpan(f *tsparse.File, n *sitter.Node) (first, last int, before, after bool) {
	start, end := int(n.StartByte()), int(n.EndByte())
	first = f.Lines.Line(start)
	last = first
	if end > start {
		last = f.Lines.Line(end - 1)
	}
	jsx := isInJSX(n)
	return first, last, codeOnLine(f.Src, start, false, jsx), codeOnLine(f.Src, end, true, jsx)
}

// codeOnLine reports whether the line holding offset off has anything
// but white space before off (after false) or from off on (after true).
// With jsx set, one brace next to the comment is not code.
func codeOnLine(src []byte, off int, after, jsx bool) bool {
	brace := byte('{')
	step := -1
	i := off - 1
	if after {
		brace, step, i = '}', 1, off
	}
	braceSeen := !jsx
	for ; i >= 0 && i < len(src); i += step {
		switch c := src[i]; c {
		case '\n', '\r':
			return false
		case ' ', '\t', '\f', '\v':
		default:
			if c == brace && !braceSeen {
				braceSeen = true
				continue
			}
			if !after && isBOM(src, i) {
				continue
			}
			return true
		}
	}
	return false
}

// isBOM reports whether offset i is inside a byte-order mark at the
// start of src, which editors do not show.
func isBOM(src []byte, i int) bool {
	return i < 3 && len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF
}

// isInJSX reports whether a comment is the only content of a JSX
// expression container, {/* … */}.
func isInJSX(n *sitter.Node) bool {
	p := n.Parent()
	return p != nil && p.Type() == "jsx_expression" && p.NamedChildCount() == 1
}

// isJSXText reports whether tree-sitter took JSX text that starts with
// "//" or "/*" for a comment: in JSX children such text is rendered, not
// a comment. When the grammar recovers, such a comment is a child of a
// JSX element. When it does not, "//" text swallows the closing tag and
// leaves a syntax error on the line. So a comment right after the ">" of
// a tag, on a line with a syntax error, is taken as JSX text.
//
// NOTE: JSX text such as "<p>Note // …" with words before the slashes,
// in a tree the grammar could not recover, is still taken as a comment.
func isJSXText(f *tsparse.File, n *sitter.Node) bool {
	if p := n.Parent(); p != nil && p.Type() == "jsx_element" {
		return true
	}
	if f.Lang != tsparse.LangTSX || len(f.Errors) == 0 {
		return false
	}
	start := int(n.StartByte())
	i := start - 1
	for i >= 0 && (f.Src[i] == ' ' || f.Src[i] == '\t') {
		i--
	}
	if i < 0 || f.Src[i] != '>' || (i > 0 && f.Src[i-1] == '=') {
		return false
	}
	line := f.Lines.Line(start)
	for _, r := range f.Errors {
		if r.Line <= line && r.End >= i {
			return true
		}
	}
	return false
}

// firstStatement returns the offset of the first statement of the file,
// not counting comments, a hashbang line and directive prologues such as
// 'use client', or -1 when the file holds none.
func firstStatement(root *sitter.Node) int {
	for i := 0; i < int(root.NamedChildCount()); i++ {
		n := root.NamedChild(i)
		switch n.Type() {
		case "comment", "hash_bang_line":
			continue
		case "expression_statement":
			if s := n.NamedChild(0); s != nil && s.Type() == "string" && n.NamedChildCount() == 1 {
				continue
			}
		}
		return int(n.StartByte())
	}
	return -1
}
