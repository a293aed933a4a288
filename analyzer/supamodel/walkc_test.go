package supamodel

import (
	"encoding/json"
	"fmt"
	"go/token"
	"sort"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// modelFacts prints what a model recorded, with node positions, so two
// models of the same file can be compared.
func modelFacts(m *Model) string {
	var b strings.Builder
	pos := func(fn *Func) string {
		if fn == nil {
			return "-"
		}
		return fmt.Sprintf("%d", fn.Node.StartByte())
	}
	for _, fn := range m.Funcs {
		fmt.Fprintf(&b, "func %d-%d %q parent=%s exported=%v member=%v handler=%v cleanup=%v callback=%v async=%v\n",
			fn.Node.StartByte(), fn.Node.EndByte(), fn.Name, pos(fn.Parent), fn.Exported, fn.Member, fn.Handler, fn.Cleanup, fn.Callback, fn.Async)
	}

	for _, c := range m.Calls {
		fmt.Fprintf(&b, "call %d-%d %s auth=%q func=%s\n", c.Node.StartByte(), c.Node.EndByte(), c.Path, c.Auth, pos(c.Func))
	}
	for _, op := range m.Storage {
		fmt.Fprintf(&b, "storage %d %d %s auth=%v func=%s\n", op.Node.StartByte(), op.Kind, op.Store, op.AuthKey, pos(op.Func))
	}
	for _, r := range m.Redirects {
		fmt.Fprintf(&b, "redirect %d %q\n", r.Node.StartByte(), r.Target)
	}

	var names []string
	for name, values := range m.Decls {
		for _, v := range values {
			names = append(names, fmt.Sprintf("decl %s %d", name, v.StartByte()))
		}
	}
	for name, values := range m.PatternDecls {
		for _, v := range values {
			names = append(names, fmt.Sprintf("pattern %s %d", name, v.StartByte()))
		}
	}
	for local, imp := range m.Imports {
		names = append(names, fmt.Sprintf("import %s %s from %q", local, imp.Imported, imp.Source))
	}
	for name, n := range m.authAliases {
		names = append(names, fmt.Sprintf("auth alias %s %d", name, n.StartByte()))
	}
	sort.Strings(names)
	b.WriteString(strings.Join(names, "\n"))

	summary, _ := json.Marshal(m.Summarize())
	fmt.Fprintf(&b, "\nserver=%v handlers=%q\nsummary %s\n", m.Server, m.HandlerRefs, summary)
	return b.String()
}

// TestWalkCMatchesCursorWalk builds the model of every script and
// component fixture with the C walk and with the cursor walk, and
// requires the same facts.
func TestWalkCMatchesCursorWalk(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	files := 0
	eachFixtureScript(t, func(name string, src []byte) {
		build := func(cursor bool) string {
			cursorWalkOnly = cursor
			defer func() { cursorWalkOnly = false }()
			f, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			defer f.Close()
			if !f.Lang.IsScript() {
				return ""
			}
			return modelFacts(Build(f))
		}
		files++
		if c, cursor := build(false), build(true); c != cursor {
			t.Errorf("%s: the C walk and the cursor walk differ:\nC:\n%s\ncursor:\n%s", name, c, cursor)
		}
	})
	if files < 20 {
		t.Errorf("compared %d files; the fixtures should hold more", files)
	}
}

func TestWalkCKnowsBothGrammars(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	for _, name := range []string{"a.ts", "a.tsx"} {
		src := []byte("export const f = async () => g();\n")
		f, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
		if err != nil {
			t.Fatal(err)
		}
		table := kindsForTree(f.Root)
		if table == nil {
			t.Errorf("%s: no kind table for the grammar", name)
		} else {
			m := &Model{File: f, Decls: map[string][]*sitter.Node{}, PatternDecls: map[string][]*sitter.Node{},
				funcAt: map[uintptr]*Func{}, authAliases: map[string]*sitter.Node{}}
			if err := m.walkC(table, f.Tree, f.Root, nil); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(m.Funcs) != 1 || !m.Funcs[0].Async || m.Funcs[0].Name != "f" || !m.Funcs[0].Exported {
				t.Errorf("%s: want one exported async function f, got %+v", name, m.Funcs)
			}
			if len(m.Calls) != 1 || m.File.Text(m.Calls[0].Callee) != "g" || m.Calls[0].Path != "g" || m.Calls[0].Func != m.Funcs[0] {
				t.Errorf("%s: want the call g() inside f, got %+v", name, m.Calls)
			}
		}
		f.Close()
	}
}

// TestWalkCKindNumbers requires the C walk to number the kinds as
// nodeKind does.
func TestWalkCKindNumbers(t *testing.T) {
	want := []nodeKind{kindOther, kindSkip, kindComment, kindProgram, kindExpressionStatement, kindImport,
		kindCall, kindDeclarator, kindAssignment, kindJSXAttribute, kindFunction}
	got := cKinds()
	if len(got) != len(want) {
		t.Fatalf("the C walk has %d kinds, nodeKind %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != int(want[i]) {
			t.Errorf("kind %d: C walk %d, nodeKind %d", i, got[i], want[i])
		}
	}
}

// calleeShapes holds calls whose callees take every branch of
// CalleePath and Unwrap.
const calleeShapes = `
a.b.c();
(a as any).b();
(<Client>client).auth.signOut();
client!.auth.signOut();
(await getClient()).auth.signOut();
this.supabase.auth.updateUser({ password });
f()();
x[0].y();
(a satisfies B).c();
new Foo().bar();
` + "`t`.trim();\n" + `
obj?.deep?.call?.();
super.method();
`

// TestWalkCCalleePaths requires the C walk's callee paths to equal
// CalleePath for every call, in both grammars.
func TestWalkCCalleePaths(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	for _, name := range []string{"shapes.ts", "shapes.tsx"} {
		src := []byte(calleeShapes)
		if name == "shapes.tsx" {
			// TSX reads <Client>client as an element, so leave it out.
			src = []byte(strings.Replace(calleeShapes, "(<Client>client).auth.signOut();\n", "", 1))
		}
		f, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
		if err != nil {
			t.Fatal(err)
		}
		m := Build(f)
		if len(m.Calls) < 12 {
			t.Errorf("%s: found %d calls, want at least 12", name, len(m.Calls))
		}
		for _, c := range m.Calls {
			if want := CalleePath(c.Callee, src); c.Path != want {
				t.Errorf("%s: call %q: C path %q, CalleePath %q", name, f.Text(c.Node), c.Path, want)
			}
		}
		f.Close()
	}
}

// FuzzWalkC builds the model of arbitrary text with the C walk and the
// cursor walk and requires the same facts.
func FuzzWalkC(f *testing.F) {
	f.Add([]byte(calleeShapes))
	f.Add([]byte("export default async function x() { await supabase.auth.signOut({ scope: 'local' }) }"))
	f.Add([]byte("const f = (async () => {})(); <a onClick={() => g()} />"))
	f.Add([]byte("a.b.(c"))
	parser := tsparse.NewParser()
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, name := range []string{"f.ts", "f.tsx"} {
			build := func(cursor bool) string {
				cursorWalkOnly = cursor
				defer func() { cursorWalkOnly = false }()
				file, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
				if err != nil {
					return "parse error: " + err.Error()
				}
				defer file.Close()
				return modelFacts(Build(file))
			}
			if c, cursor := build(false), build(true); c != cursor {
				t.Errorf("%s: the C walk and the cursor walk differ:\nC:\n%s\ncursor:\n%s", name, c, cursor)
			}
		}
	})
}

// TestWalkCImportsAndHandlers checks the import names and JSX handler
// attributes that the C walk reads, against values written out here.
func TestWalkCImportsAndHandlers(t *testing.T) {
	src := []byte(`import Default, { a, b as c, type T } from "./mod";
import * as ns from '@supabase/supabase-js';
import "./side-effect";
export default function Page() {
  return <form action={save}><a onClick={logout} className="x" onmouseover={skip} formAction={act.run} /></form>;
}
`)
	parser := tsparse.NewParser()
	defer parser.Close()
	f, err := parser.Parse("page.tsx", src, token.NewFileSet().AddFile("page.tsx", -1, len(src)), srcfile.NewLines(src))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := Build(f)
	want := map[string]string{
		"Default": "default ./mod", "a": "a ./mod", "c": "b ./mod", "T": "T ./mod", "ns": "* @supabase/supabase-js",
	}
	if len(m.Imports) != len(want) {
		t.Errorf("got %d imports, want %d: %+v", len(m.Imports), len(want), m.Imports)
	}
	for local, w := range want {
		imp := m.Imports[local]
		if got := imp.Imported + " " + imp.Source; got != w || imp.Local != local {
			t.Errorf("import %s: got %q (local %q), want %q", local, got, imp.Local, w)
		}
	}
	wantRefs := []string{"save", "logout", "run"}
	if strings.Join(m.HandlerRefs, ",") != strings.Join(wantRefs, ",") {
		t.Errorf("handler references %q, want %q", m.HandlerRefs, wantRefs)
	}
}
