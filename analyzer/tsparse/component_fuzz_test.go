package tsparse

import (
	"go/token"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// FuzzParseComponent parses components with the included ranges built
// from the extractor's blocks and handlers, and checks that every tree
// stays inside the file and that the parser reads the next file whole.
func FuzzParseComponent(f *testing.F) {
	f.Add(uint8(0), []byte("<template><b @click=\"logout()\"/></template>\n<script>\nconst a = f\n</script><script setup lang=\"ts\">(b)</script>"))
	f.Add(uint8(1), []byte("<script context=\"module\">export const x = 1</script><script>let y = $state(0)</script>\n<svelte:window onbeforeunload={() => drop()} />"))
	f.Add(uint8(2), []byte("---\nconst a = <div/>\n---\n<button onclick=\"forgetMe()\">x</button><script is:inline>function forgetMe() {}</script>"))
	names := []string{"a.vue", "a.svelte", "a.astro"}
	p := NewParser()
	f.Cleanup(p.Close)
	f.Fuzz(func(t *testing.T, format uint8, src []byte) {
		name := names[int(format)%len(names)]
		lines := srcfile.NewLines(src)
		tok := token.NewFileSet().AddFile(name, -1, len(src))
		tok.SetLines(tokenLines(lines.Starts(), len(src)))
		file, err := p.Parse(name, src, tok, lines)
		if err != nil {
			t.Fatalf("Parse(%s): %v", name, err)
		}
		defer file.Close()
		if int(file.Root.EndByte()) > len(src) {
			t.Fatalf("the script tree ends at %d, past the %d bytes of the file", file.Root.EndByte(), len(src))
		}
		for i, h := range file.Handlers {
			if int(h.Root.EndByte()) > len(src) || h.Root.StartByte() > h.Root.EndByte() {
				t.Fatalf("handler %d spans %d-%d in %d bytes", i, h.Root.StartByte(), h.Root.EndByte(), len(src))
			}
		}
		next, err := p.Parse("next.ts", []byte("const x = 1;\nconst y = 2;\n"), nil, srcfile.NewLines([]byte("const x = 1;\nconst y = 2;\n")))
		if err != nil {
			t.Fatalf("Parse(next.ts): %v", err)
		}
		defer next.Close()
		if next.Root.NamedChildCount() != 2 {
			t.Fatalf("the file after %q: got %d statements, want 2", src, next.Root.NamedChildCount())
		}
	})
}
