package tsparse

import (
	"errors"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

func parseSource(t *testing.T, p *Parser, name, src string) *File {
	t.Helper()
	lines := srcfile.NewLines([]byte(src))
	tok := token.NewFileSet().AddFile(name, -1, len(src))
	tok.SetLines(tokenLines(lines.Starts(), len(src)))
	f, err := p.Parse(name, []byte(src), tok, lines)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	t.Cleanup(f.Close)
	return f
}

// topLevel returns the source text of each top-level statement.
func topLevel(f *File) []string {
	var out []string
	for i := 0; i < int(f.Root.NamedChildCount()); i++ {
		out = append(out, f.Text(f.Root.NamedChild(i)))
	}
	return out
}

func TestParseComponentBlocksInPlace(t *testing.T) {
	p := NewParser()
	defer p.Close()
	src := "<template>\n  <button @click=\"logout\">é</button>\n</template>\n" +
		"<script>\nexport default { name: 'A' }\n</script>\n" +
		"  <script setup lang=\"ts\">const é = useSessions(); function logout() { store.logout() }\n</script>\n"
	f := parseSource(t, p, "src/App.vue", src)
	if f.Lang != LangTypeScript {
		t.Errorf("Lang: got %v, want typescript", f.Lang)
	}
	want := []string{"export default { name: 'A' }", "const é = useSessions();", "function logout() { store.logout() }"}
	got := topLevel(f)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("statements:\n got  %q\n want %q", got, want)
	}
	// The function declaration starts on line 7 after `  <script setup lang="ts">const é = useSessions(); `,
	// which is 51 UTF-16 units long: é is one unit but two bytes.
	fn := f.Root.NamedChild(2)
	line, col := f.Lines.Position(int(fn.StartByte()))
	if line != 7 || col != 52 {
		t.Errorf("function position: got %d:%d, want 7:52", line, col)
	}
	if len(f.Errors) != 0 || len(f.Notes) != 0 {
		t.Errorf("got errors %v and notes %v, want none", f.Errors, f.Notes)
	}
	if len(f.Handlers) != 1 {
		t.Fatalf("got %d handlers, want 1", len(f.Handlers))
	}
	h := f.Handlers[0]
	if h.Attr != "@click" || h.Event != "click" || f.Text(h.Root) != "logout" {
		t.Errorf("handler: got %s %s %q, want @click click \"logout\"", h.Attr, h.Event, f.Text(h.Root))
	}
	if line, col := f.Lines.Position(int(h.Root.StartByte())); line != 2 || col != 19 {
		t.Errorf("handler position: got %d:%d, want 2:19", line, col)
	}
}

func TestParseComponentResetsRanges(t *testing.T) {
	p := NewParser()
	defer p.Close()
	parseSource(t, p, "a.svelte", "<script>let a = 1</script><p>{a}</p>")
	f := parseSource(t, p, "b.ts", "const x = 1;\nconst y = 2;\n")
	if got := len(topLevel(f)); got != 2 {
		t.Errorf("the file after a component: got %d statements, want 2", got)
	}
	if f.Root.StartByte() != 0 || int(f.Root.EndByte()) != len(f.Src) {
		t.Errorf("the file after a component: root spans %d-%d, want 0-%d", f.Root.StartByte(), f.Root.EndByte(), len(f.Src))
	}
}

func TestParseComponentWithoutScript(t *testing.T) {
	p := NewParser()
	defer p.Close()
	f := parseSource(t, p, "a.svelte", "<button onclick={() => signOut()}>x</button>")
	if f.Root == nil || f.Root.NamedChildCount() != 0 {
		t.Fatalf("root: got %v, want an empty program", f.Root)
	}
	if len(f.Handlers) != 1 || f.Text(f.Handlers[0].Root) != "() => signOut()" {
		t.Errorf("handlers: got %d, want the onclick arrow function", len(f.Handlers))
	}
}

func TestParseComponentGrammarFallback(t *testing.T) {
	p := NewParser()
	defer p.Close()
	// Astro frontmatter is TypeScript, but markup in it needs TSX.
	f := parseSource(t, p, "a.astro", "---\nconst el = <div class=\"a\">x</div>\n---\n<p/>")
	if f.Lang != LangTSX || len(f.Errors) != 0 {
		t.Errorf("got %v with %d errors, want tsx without errors", f.Lang, len(f.Errors))
	}
}

func TestParseComponentJoinNote(t *testing.T) {
	p := NewParser()
	defer p.Close()
	src := "<script>\nconst a = f\n</script>\n<script setup>\n(b)\n</script>"
	f := parseSource(t, p, "a.vue", src)
	want := "this statement of the <script> block at line 1 runs on into the block at line 4, " +
		"so both are analysed as one statement; end it with a semicolon before </script>"
	if len(f.Notes) != 1 || f.Notes[0].Line != 2 || f.Notes[0].Message != want {
		t.Errorf("notes: got %+v, want one on line 2: %s", f.Notes, want)
	}
}

func TestParseComponentProblemsBecomeNotes(t *testing.T) {
	p := NewParser()
	defer p.Close()
	f := parseSource(t, p, "a.vue", "<template></template>\n\n<script setup>\nconst a = 1\n")
	if len(f.Notes) != 1 || f.Notes[0].Line != 3 || !strings.Contains(f.Notes[0].Message, "<script> is not closed") {
		t.Errorf("notes: got %+v, want the unclosed script on line 3", f.Notes)
	}
	if got := topLevel(f); len(got) != 1 || got[0] != "const a = 1" {
		t.Errorf("statements: got %q, want the code up to the end of the file", got)
	}
}

func TestParseComponentHandlerErrors(t *testing.T) {
	p := NewParser()
	defer p.Close()
	src := "<template><a @click=\"go(&quot;x&quot;)\" @input=\"a(\"></a></template>"
	f := parseSource(t, p, "a.vue", src)
	if len(f.Handlers) != 2 {
		t.Fatalf("got %d handlers, want 2", len(f.Handlers))
	}
	// The character references are decoded by Vue, so only the unclosed
	// call of the second handler is a syntax error.
	if len(f.Errors) != 1 || f.Errors[0].Start < strings.Index(src, "a(") {
		t.Errorf("errors: got %+v, want one in the @input handler", f.Errors)
	}
}

func TestParseComponentTimeout(t *testing.T) {
	p := NewParser()
	defer p.Close()
	p.Timeout = time.Microsecond
	src := "<script setup>\n" + strings.Repeat("const a = [1, 2, 3].map((x) => x * 2);\n", 200000) + "</script>"
	lines := srcfile.NewLines([]byte(src))
	tok := token.NewFileSet().AddFile("big.vue", -1, len(src))
	if _, err := p.Parse("big.vue", []byte(src), tok, lines); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Parse(big.vue): got %v, want ErrTimeout", err)
	}
	// The halted parse is reset, and the ranges with it.
	p.Timeout = 0
	f := parseSource(t, p, "next.ts", "const x = 1;\nconst y = 2;\n")
	if got := len(topLevel(f)); got != 2 {
		t.Errorf("the file after a timed-out component: got %d statements, want 2", got)
	}
}

func TestParseComponentLargeBlock(t *testing.T) {
	p := NewParser()
	defer p.Close()
	// 5,000 statements of 39 bytes take three read chunks (maxReadChunk).
	src := "<template><p/></template>\n<script setup>\n" + strings.Repeat("const a = [1, 2, 3].map((x) => x * 2);\n", 5000) + "</script>"
	f := parseSource(t, p, "big.vue", src)
	if got := len(topLevel(f)); got != 5000 {
		t.Errorf("got %d statements, want 5000", got)
	}
	if len(f.Errors) != 0 {
		t.Errorf("got %d error regions, want none", len(f.Errors))
	}
}
