package supamodel

import (
	"encoding/json"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

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
	sort.Strings(names)
	b.WriteString(strings.Join(names, "\n"))

	summary, _ := json.Marshal(m.Summarize())
	fmt.Fprintf(&b, "\nserver=%v handlers=%q\nsummary %s\n", m.Server, m.HandlerRefs, summary)
	return b.String()
}

// TestWalkQueryMatchesCursorWalk builds the model of every script and
// component fixture with the query walk and with the cursor walk, and
// requires the same facts.
func TestWalkQueryMatchesCursorWalk(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	files := 0
	err := filepath.WalkDir("../../fixtures", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if lang := tsparse.LangFor(name); !lang.IsScript() && lang != tsparse.LangComponent {
			return nil
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
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
		if query, cursor := build(false), build(true); query != cursor {
			t.Errorf("%s: the query walk and the cursor walk differ:\nquery:\n%s\ncursor:\n%s", name, query, cursor)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Errorf("compared %d files; the fixtures should hold more", files)
	}
}

func TestWalkQueryKnowsBothGrammars(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	for _, name := range []string{"a.ts", "a.tsx"} {
		src := []byte("export const f = () => g();\n")
		f, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
		if err != nil {
			t.Fatal(err)
		}
		if queryForTree(f.Root) == nil {
			t.Errorf("%s: no walk query for the grammar", name)
		}
		f.Close()
	}
}
