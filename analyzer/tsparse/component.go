package tsparse

import (
	"context"
	"fmt"
	"go/token"
	"math"
	"regexp"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/sfc"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// Handler is an event handler bound in a component template, such as
// `@click="logout"` or `onclick={() => logout()}`. Its code is parsed as
// a tree of its own over the component's source, with the grammar of the
// file's script tree (File.Lang), so node offsets are offsets in the
// component file, like those of the script tree.
type Handler struct {
	// Attr is the attribute name as written, such as "@click.prevent".
	Attr string
	// Event is the event name in lower case, or "" for a dynamic one.
	Event string
	Tree  *sitter.Tree
	Root  *sitter.Node
}

// Note is a message about one line of a file.
type Note struct {
	Line    int
	Message string
}

// parseComponent parses the script blocks (and Astro frontmatter) of a
// Vue, Svelte or Astro component as one program with tree-sitter's
// included ranges. The parser reads only the blocks' bytes of the
// original buffer, so every node offset is an offset in the component
// file, and positions, suppressions and fixes need no mapping. The blocks
// of one file share a module in Vue (<script> and <script setup>) and
// Svelte (context="module" and the instance script), which one program
// models. Each template event handler gets a tree of its own.
func (p *Parser) parseComponent(name string, src []byte, tok *token.File, lines *srcfile.Lines) (*File, error) {
	comp, err := sfc.Extract(name, src)
	if err != nil {
		return nil, err
	}
	f := &File{Name: name, Src: src, Lines: lines, Tok: tok}
	for _, pr := range comp.Problems {
		f.Notes = append(f.Notes, Note{Line: lines.Line(pr.Offset), Message: pr.Message})
	}
	points := newPointIndex(src)
	blocks, ranges := blockRanges(comp.Blocks, points)
	if err := p.parseBlocks(f, blocks, ranges); err != nil {
		return nil, err
	}

	f.Notes = append(f.Notes, joinNotes(f.Root, blocks, lines)...)
	p.parseHandlers(f, comp.Handlers, points)
	sort.SliceStable(f.Errors, func(i, j int) bool { return f.Errors[i].Start < f.Errors[j].Start })
	sort.SliceStable(f.Notes, func(i, j int) bool { return f.Notes[i].Line < f.Notes[j].Line })
	return f, nil
}

// blockRanges returns the blocks that hold code and their included
// ranges. A component without code gets one empty range, so it still
// gets an (empty) program and its template handlers reach the model.
func blockRanges(all []sfc.Block, points *pointIndex) ([]sfc.Block, []sitter.Range) {
	var blocks []sfc.Block
	var ranges []sitter.Range
	for _, b := range all {
		// Ranges must be sorted and must not overlap, or tree-sitter
		// ignores the whole list.
		if b.End > b.Start && (len(blocks) == 0 || b.Start >= blocks[len(blocks)-1].End) {
			blocks = append(blocks, b)
			ranges = append(ranges, points.rangeOf(b.Start, b.End))
		}
	}
	if len(ranges) == 0 {
		ranges = []sitter.Range{points.rangeOf(0, 0)}
	}
	return blocks, ranges
}

// parseBlocks parses the ranges of the blocks as the script tree of f.
// The other grammar gets a try when the first reports errors, as for .js
// files: TSX rejects `<T>value` casts, and TypeScript rejects JSX.
func (p *Parser) parseBlocks(f *File, blocks []sfc.Block, ranges []sitter.Range) error {
	lang, alt := blockGrammars(blocks)
	tree, err := p.parseRanges(lang, f.Src, ranges)
	if err != nil {
		return err
	}
	f.Lang, f.Tree, f.Root = lang, tree, tree.RootNode()
	f.Errors = collectErrors(f.Root, f.Lines)
	if len(f.Errors) == 0 {
		return nil
	}
	altTree, err := p.parseRanges(alt, f.Src, ranges)
	if err != nil {
		return nil //nolint:nilerr // the first tree is kept when the fallback fails
	}
	altErrors := collectErrors(altTree.RootNode(), f.Lines)
	if errorBytes(altErrors) < errorBytes(f.Errors) {
		tree.Close()
		f.Lang, f.Tree, f.Root, f.Errors = alt, altTree, altTree.RootNode(), altErrors
	} else {
		altTree.Close()
	}
	return nil
}

// characterReferenceRE matches an HTML character reference such as
// `&quot;` or `&#39;`, which Vue decodes in attribute values before it
// compiles them.
var characterReferenceRE = regexp.MustCompile(`&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// parseHandlers parses the code of each template event handler.
func (p *Parser) parseHandlers(f *File, handlers []sfc.Handler, points *pointIndex) {
	for _, h := range handlers {
		// The handlers use the grammar of the script tree, so one table of
		// node kinds serves every tree of the file.
		tree, err := p.parseRanges(f.Lang, f.Src, []sitter.Range{points.rangeOf(h.Start, h.End)})
		if err != nil {
			f.Notes = append(f.Notes, Note{Line: f.Lines.Line(h.Start),
				Message: fmt.Sprintf("the %s handler is not analysed: %v", h.Attr, err)})
			continue
		}
		f.Handlers = append(f.Handlers, Handler{Attr: h.Attr, Event: h.Event, Tree: tree, Root: tree.RootNode()})
		// NOTE: the code is parsed as written, so a character reference
		// that the template compiler decodes first is a syntax error here.
		// The error regions of such a handler are left out, because they
		// are no errors of the file.
		if characterReferenceRE.Match(f.Src[h.Start:h.End]) {
			continue
		}
		f.Errors = append(f.Errors, collectErrors(tree.RootNode(), f.Lines)...)
	}
}

// parseRanges parses only the given ranges of src and resets the
// parser's ranges afterwards. The parser reads src through a callback
// that serves the ranges alone: smacker's ParseCtx copies the whole
// buffer into C memory for every parse, which made a template with
// thousands of handlers cost thousands of copies of the file.
func (p *Parser) parseRanges(lang Lang, src []byte, ranges []sitter.Range) (*sitter.Tree, error) {
	p.p.SetIncludedRanges(ranges)
	defer p.p.SetIncludedRanges([]sitter.Range{wholeDocument})
	input := sitter.Input{Encoding: sitter.InputEncodingUTF8, Read: rangeReader(src, ranges)}
	return p.run(lang, func(ctx context.Context) (*sitter.Tree, error) { return p.p.ParseInputCtx(ctx, nil, input) })
}

// maxReadChunk bounds the bytes one read callback returns; smacker
// copies each chunk into C memory.
const maxReadChunk = 64 << 10

// rangeReader returns a read callback for tree-sitter that serves the
// bytes of src from an offset to the end of the range holding it, and
// nothing outside the ranges (tree-sitter reads only inside them).
func rangeReader(src []byte, ranges []sitter.Range) sitter.ReadFunc {
	return func(offset uint32, _ sitter.Point) []byte {
		for _, r := range ranges {
			if offset < r.StartByte || offset >= r.EndByte {
				continue
			}
			end := min(r.EndByte, uint32(len(src)), offset+maxReadChunk)
			if offset >= end {
				return nil
			}
			return src[offset:end]
		}
		return nil
	}
}

// wholeDocument is tree-sitter's default included range. smacker's
// binding cannot pass an empty list, which would reset the ranges too.
var wholeDocument = sitter.Range{
	EndByte:  math.MaxUint32,
	EndPoint: sitter.Point{Row: math.MaxUint32, Column: math.MaxUint32},
}

// blockGrammars returns the grammar for the blocks of a component and
// the one to try when it reports errors: TSX for JSX blocks, TypeScript
// when any block is TypeScript, and for plain JavaScript TSX first, as
// for .js files.
func blockGrammars(blocks []sfc.Block) (lang, fallback Lang) {
	ts, jsx := false, false
	for _, b := range blocks {
		switch b.Lang {
		case "ts":
			ts = true
		case "tsx", "jsx":
			jsx = true
		}
	}
	if ts && !jsx {
		return LangTypeScript, LangTSX
	}
	return LangTSX, LangTypeScript
}

// joinNotes reports statements that begin in one block and end in a
// later one. Tree-sitter reads the included ranges as one text, so a
// block whose last statement is unfinished (`const a = f` followed by a
// block that starts with `(x)`) runs on into the next block, which the
// component compilers would read separately.
func joinNotes(root *sitter.Node, blocks []sfc.Block, lines *srcfile.Lines) []Note {
	if len(blocks) < 2 {
		return nil
	}
	blockOf := func(off int) int {
		return sort.Search(len(blocks), func(i int) bool { return blocks[i].End > off })
	}
	var out []Note
	reported := map[int]bool{}
	for i := 0; i < int(root.ChildCount()); i++ {
		c := root.Child(i)
		if c.EndByte() <= c.StartByte() {
			continue
		}
		first, last := blockOf(int(c.StartByte())), blockOf(int(c.EndByte())-1)
		if first >= last || first >= len(blocks) || reported[first] {
			continue
		}
		reported[first] = true
		out = append(out, Note{
			Line: lines.Line(int(c.StartByte())),
			Message: fmt.Sprintf("this statement of the <script> block at line %d runs on into the block at line %d, "+
				"so both are analysed as one statement; end it with a semicolon before </script>",
				lines.Line(blocks[first].TagStart), lines.Line(blocks[last].TagStart)),
		})
	}
	return out
}

// pointIndex converts byte offsets into tree-sitter points, whose rows
// count LF bytes and whose columns count bytes.
type pointIndex struct {
	newlines []int
}

func newPointIndex(src []byte) *pointIndex {
	var nl []int
	for i, c := range src {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return &pointIndex{newlines: nl}
}

func (x *pointIndex) point(off int) sitter.Point {
	row := sort.SearchInts(x.newlines, off) // LF bytes before off
	col := off
	if row > 0 {
		col = off - x.newlines[row-1] - 1
	}
	return sitter.Point{Row: uint32(row), Column: uint32(col)}
}

func (x *pointIndex) rangeOf(start, end int) sitter.Range {
	return sitter.Range{StartByte: uint32(start), EndByte: uint32(end), StartPoint: x.point(start), EndPoint: x.point(end)}
}
