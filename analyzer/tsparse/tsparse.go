// Package tsparse is the building-block analyzer that parses each source
// file once with tree-sitter and hands the tree to the rules.
//
// The driver runs one pass per file, so the result holds exactly one
// file. The tree is closed by the driver as soon as every analyzer of the
// pass has finished; rules must not keep nodes beyond their Run.
//
// SQL migrations are the exception: tree-sitter's SQL grammar rejects
// PL/pgSQL and SET clauses, so their File has no tree and package
// sqlscan scans the text.
package tsparse

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"path"
	"reflect"
	"strings"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/toml"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// Lang is the grammar a file was parsed with.
type Lang int

// The grammars sessionlint uses.
const (
	LangNone Lang = iota
	LangTypeScript
	LangTSX
	LangTOML
	// LangSQL files (supabase/migrations/*.sql) get a File without a
	// tree; package sqlscan reads them.
	LangSQL
	// LangComponent is what LangFor returns for Vue, Svelte and Astro
	// components. Their script blocks are parsed with TypeScript or TSX,
	// and the File's Lang is the grammar that was used.
	LangComponent
)

func (l Lang) String() string {
	switch l {
	case LangTypeScript:
		return "typescript"
	case LangTSX:
		return "tsx"
	case LangTOML:
		return "toml"
	case LangSQL:
		return "sql"
	case LangComponent:
		return "component"
	}
	return "none"
}

// IsScript reports whether the language is TypeScript or TSX.
func (l Lang) IsScript() bool { return l == LangTypeScript || l == LangTSX }

// ErrorRegion is a span of the file that tree-sitter could not parse and
// recovered from with an ERROR or MISSING node.
type ErrorRegion struct {
	Start, End int // byte offsets
	Line       int // 1-based editor line of Start
	// JSXText marks an error inside JSX children or a JSX attribute
	// string that holds only text, such as a bare `&` in "Profit & Loss":
	// valid TSX that the grammar rejects. No code is lost in such a region.
	JSXText bool
}

// File is one parsed source file.
type File struct {
	// Name is the file name as it appears in Pass.OtherFiles: the path
	// relative to the repository root, with forward slashes.
	Name  string
	Src   []byte
	Lines *srcfile.Lines
	Tok   *token.File
	Lang  Lang
	Tree  *sitter.Tree
	Root  *sitter.Node
	// Errors lists the regions tree-sitter recovered from, in order.
	Errors []ErrorRegion
	// Handlers are the event handlers bound in a component's template,
	// each parsed as its own tree over Src (see component.go).
	Handlers []Handler
	// Notes are messages about parts of the file that were not read as
	// written, such as an unclosed <script> element.
	Notes []Note
}

// Close frees the trees of the file.
func (f *File) Close() {
	if f.Tree != nil {
		f.Tree.Close()
	}
	for _, h := range f.Handlers {
		h.Tree.Close()
	}
}

// Pos converts a byte offset into a token.Pos of the shared FileSet.
func (f *File) Pos(off uint32) token.Pos {
	if int(off) > f.Tok.Size() {
		off = uint32(f.Tok.Size())
	}
	return f.Tok.Pos(int(off))
}

// Text returns the source text of n.
func (f *File) Text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return string(f.Src[n.StartByte():n.EndByte()])
}

// InError reports whether the byte span [start, end) overlaps an error region.
func (f *File) InError(start, end uint32) bool {
	for _, r := range f.Errors {
		if int(start) < r.End && r.Start < int(end) {
			return true
		}
		if r.Start >= int(end) {
			break
		}
	}
	return false
}

// FirstErrorIn returns the first error region inside [start, end) that
// may hide code, or nil. Regions of JSX text are skipped.
func (f *File) FirstErrorIn(start, end uint32) *ErrorRegion {
	for i, r := range f.Errors {
		if int(start) <= r.Start && r.Start < int(end) && !r.JSXText {
			return &f.Errors[i]
		}
	}
	return nil
}

// Result is the result of Analyzer: the parsed file of the pass.
type Result struct {
	File *File
}

// Parser is a tree-sitter parser owned by one worker. It is not safe for
// concurrent use.
type Parser struct {
	p *sitter.Parser
	// Timeout bounds the wall-clock time of one parse; zero means none.
	Timeout time.Duration
}

// NewParser returns a parser with no language set.
func NewParser() *Parser { return &Parser{p: sitter.NewParser()} }

// Close frees the parser.
func (p *Parser) Close() { p.p.Close() }

// ErrTimeout reports a parse that exceeded Parser.Timeout.
var ErrTimeout = errors.New("parse timed out")

func (p *Parser) parse(lang Lang, src []byte) (*sitter.Tree, error) {
	return p.run(lang, func(ctx context.Context) (*sitter.Tree, error) { return p.p.ParseCtx(ctx, nil, src) })
}

// run sets the grammar and the time limit, runs one parse, and resets
// the parser after a parse that failed.
func (p *Parser) run(lang Lang, parse func(context.Context) (*sitter.Tree, error)) (*sitter.Tree, error) {
	switch lang {
	case LangTypeScript:
		p.p.SetLanguage(typescript.GetLanguage())
	case LangTSX:
		p.p.SetLanguage(tsx.GetLanguage())
	case LangTOML:
		p.p.SetLanguage(toml.GetLanguage())
	default:
		return nil, fmt.Errorf("no grammar for language %v", lang)
	}
	// The limit goes through tree-sitter's own timeout rather than a
	// cancellable context: smacker's context watcher can set the cancel
	// flag after a parse finished, which would abort the next parse.
	p.p.SetOperationLimit(int(p.Timeout.Microseconds()))
	tree, err := parse(context.Background())
	if err != nil {
		// A halted parse keeps its state; without a reset the next parse
		// would resume it instead of starting on the new input.
		p.p.Reset()
		if errors.Is(err, sitter.ErrOperationLimit) {
			return nil, fmt.Errorf("%w after %v", ErrTimeout, p.Timeout)
		}
		return nil, err
	}
	return tree, nil
}

// LangFor returns the grammar for a file name, or LangNone when the file
// is not one sessionlint reads.
func LangFor(name string) Lang {
	base := path.Base(name)
	if base == "config.toml" {
		return LangTOML
	}
	switch path.Ext(base) {
	case ".sql":
		return LangSQL
	case ".ts", ".mts", ".cts":
		return LangTypeScript
	case ".tsx", ".js", ".jsx", ".mjs", ".cjs":
		// JSX inside .js files is common, so JavaScript goes through the
		// TSX grammar first; Parse falls back to TypeScript on errors.
		return LangTSX
	case ".vue", ".svelte", ".astro":
		return LangComponent
	}
	return LangNone
}

// Parse parses src as the language its name implies. JavaScript files
// go through the TSX grammar first (JSX in .js files is common); when
// that tree has errors, the TypeScript grammar gets a try (it accepts
// `<T>value` casts, which TSX rejects) and the tree with fewer error
// bytes wins. TypeScript and TSX files use their own grammar only: the
// other one rejects their syntax wholesale.
func (p *Parser) Parse(name string, src []byte, tok *token.File, lines *srcfile.Lines) (*File, error) {
	lang := LangFor(name)
	if lang == LangSQL {
		// No tree-sitter grammar reads Postgres migrations exactly.
		return &File{Name: name, Src: src, Lines: lines, Tok: tok, Lang: lang}, nil
	}
	if lang == LangComponent {
		return p.parseComponent(name, src, tok, lines)
	}
	tree, err := p.parse(lang, src)
	if err != nil {
		return nil, err
	}
	f := &File{Name: name, Src: src, Lines: lines, Tok: tok, Lang: lang, Tree: tree, Root: tree.RootNode()}
	f.Errors = collectErrors(f.Root, lines)
	if len(f.Errors) == 0 || !isJavaScript(name) {
		return f, nil
	}
	alt, err := p.parse(LangTypeScript, src)
	if err != nil {
		return f, nil //nolint:nilerr // the first tree stands when the fallback fails
	}
	altErrors := collectErrors(alt.RootNode(), lines)
	if errorBytes(altErrors) < errorBytes(f.Errors) {
		tree.Close()
		f.Lang, f.Tree, f.Root, f.Errors = LangTypeScript, alt, alt.RootNode(), altErrors
	} else {
		alt.Close()
	}
	return f, nil
}

func isJavaScript(name string) bool {
	switch path.Ext(name) {
	case ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

func errorBytes(rs []ErrorRegion) int {
	n := 0
	for _, r := range rs {
		n += r.End - r.Start
	}
	return n
}

// collectErrors lists the ERROR and MISSING nodes of the tree, visiting
// only subtrees that report errors.
func collectErrors(root *sitter.Node, lines *srcfile.Lines) []ErrorRegion {
	if !root.HasError() {
		return nil
	}
	var out []ErrorRegion
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	for {
		n := c.CurrentNode()
		descend := false
		if n.IsError() || n.IsMissing() {
			out = append(out, ErrorRegion{Start: int(n.StartByte()), End: int(n.EndByte()), Line: lines.Line(int(n.StartByte())), JSXText: isJSXTextError(n)})
		} else if n.HasError() {
			descend = true
		}
		if descend && c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return out
			}
		}
	}
}

// isJSXTextError reports whether an ERROR node sits among JSX children,
// or in the string of a JSX attribute, and holds only words: the
// grammar's rejection of text such as "Profit & Loss" or
// href="?a=1&b=2", where the `&` starts an unfinished entity.
func isJSXTextError(n *sitter.Node) bool {
	if !n.IsError() {
		return false
	}
	p := n.Parent()
	if p == nil {
		return false
	}
	switch p.Type() {
	case "jsx_element", "jsx_fragment":
	case "string":
		if gp := p.Parent(); gp == nil || gp.Type() != "jsx_attribute" {
			return false
		}
	default:
		return false
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		switch n.NamedChild(i).Type() {
		case "identifier", "jsx_text", "number", "property_identifier":
		default:
			return false
		}
	}
	return true
}

// WorkerParser supplies the parser of the current worker to Analyzer.
// The driver provides this analyzer's result from the worker's own
// parser instead of running it; Run is for drivers without workers and
// makes a fresh parser for each pass.
var WorkerParser = &analysis.Analyzer{
	Name:       "workerparser",
	Doc:        "supplies the tree-sitter parser of the current worker",
	Run:        func(*analysis.Pass) (any, error) { return NewParser(), nil },
	ResultType: reflect.TypeOf((*Parser)(nil)),
}

// Analyzer parses the one file of the pass.
var Analyzer = &analysis.Analyzer{
	Name:       "tsparse",
	Doc:        "parses TypeScript, TSX, JavaScript, the scripts of Vue, Svelte and Astro components, and supabase/config.toml files with tree-sitter",
	Requires:   []*analysis.Analyzer{WorkerParser},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	parser := pass.ResultOf[WorkerParser].(*Parser)
	res := &Result{}
	for _, name := range pass.OtherFiles {
		if LangFor(name) == LangNone {
			continue
		}
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, err
		}
		tok := pass.Fset.AddFile(name, -1, len(src))
		lines := srcfile.NewLines(src)
		tok.SetLines(tokenLines(lines.Starts(), len(src)))
		f, err := parser.Parse(name, src, tok, lines)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		res.File = f
	}
	return res, nil
}

// tokenLines drops the line start that a final line terminator puts at
// the end of the file, which token.File.SetLines rejects.
func tokenLines(starts []int, size int) []int {
	n := len(starts)
	for n > 1 && starts[n-1] >= size {
		n--
	}
	return starts[:n]
}

// IsTestPath reports whether a repository-relative path is test code,
// which is full of cleared storage and stored tokens on purpose.
func IsTestPath(name string) bool {
	base := path.Base(name)
	if strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") || strings.Contains(base, ".stories.") {
		return true
	}
	for _, seg := range strings.Split(path.Dir(name), "/") {
		switch seg {
		case "__tests__", "__mocks__", "e2e", "cypress", "playwright", "test", "tests", "mocks", "__fixtures__":
			return true
		}
	}
	return false
}
