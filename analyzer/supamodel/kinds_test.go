package supamodel

import (
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// TestKindTablesAgreeWithTypeNames checks, for every node of every
// script and component fixture (template handler trees included), that
// the kind read from the node's symbol is the kind of its type name (no
// kind for anonymous nodes), and that IsFunction agrees.
func TestKindTablesAgreeWithTypeNames(t *testing.T) {
	parser := tsparse.NewParser()
	defer parser.Close()
	files, nodes := 0, 0
	eachFixtureScript(t, func(name string, src []byte) {
		f, err := parser.Parse(name, src, token.NewFileSet().AddFile(name, -1, len(src)), srcfile.NewLines(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		defer f.Close()
		files++
		roots := []*sitter.Node{f.Root}
		for _, h := range f.Handlers {
			roots = append(roots, h.Root)
		}
		for _, root := range roots {
			table := kindsForTree(root)
			if table == nil {
				t.Errorf("%s: no kind table recognises the tree", name)
				continue
			}
			nodes += checkKinds(t, name, table, root)
		}
	})
	if files < 20 || nodes < 1000 {
		t.Errorf("checked %d files and %d nodes; the fixtures should hold more", files, nodes)
	}
}

// eachFixtureScript calls fn with the name and text of every script
// and component file under fixtures/.
func eachFixtureScript(t *testing.T, fn func(name string, src []byte)) {
	t.Helper()
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
		fn(name, src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkKinds(t *testing.T, name string, table *kindTable, root *sitter.Node) int {
	t.Helper()
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	count := 0
	for {
		n := c.CurrentNode()
		count++
		want := kindByName[n.Type()]
		if !n.IsNamed() {
			want = kindOther // such as the keyword token `function`
		}
		if got := table.kindOf(n); got != want {
			t.Errorf("%s: node %s (symbol %d) has kind %d from the table, want %d", name, n.Type(), n.Symbol(), got, want)
		}
		if got := IsFunction(n); got != (want == kindFunction) {
			t.Errorf("%s: IsFunction(%s) = %v", name, n.Type(), got)
		}
		if c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return count
			}
		}
	}
}

func TestKindTableOfNilIsByName(t *testing.T) {
	var table *kindTable
	parser := tsparse.NewParser()
	defer parser.Close()
	src := []byte("f()")
	f, err := parser.Parse("a.ts", src, token.NewFileSet().AddFile("a.ts", -1, len(src)), srcfile.NewLines(src))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := table.kindOf(f.Root); got != kindProgram {
		t.Errorf("kindOf(program) on a nil table = %d, want kindProgram", got)
	}
}
