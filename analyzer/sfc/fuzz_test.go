package sfc

import (
	"testing"
)

var fuzzNames = []string{"a.vue", "a.svelte", "a.astro"}

// FuzzExtract checks that Extract never panics and that every offset it
// returns lies inside the input, with blocks in order and apart, as the
// tree-sitter included ranges built from them require. The seed corpus
// is in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	f.Add(uint8(0), []byte("<template><b @click=\"logout\"/></template>\n<script setup lang=\"ts\">const a = 1</script>"))
	f.Add(uint8(1), []byte("<script context=\"module\">export const x = 1</script>\n<button onclick={() => a > b}>{#if a}{/if}</button>"))
	f.Add(uint8(2), []byte("---\nconst a = 1\n---\n<ul>{items.map((i) => <li onClick={pick}>It's {i}</li>)}</ul><script>b()</script>"))
	f.Fuzz(func(t *testing.T, format uint8, src []byte) {
		name := fuzzNames[int(format)%len(fuzzNames)]
		c, err := Extract(name, src)
		if err != nil {
			t.Fatalf("Extract(%s): %v", name, err)
		}
		prevEnd := 0
		for i, b := range c.Blocks {
			if b.Start < 0 || b.Start > b.End || b.End > len(src) || b.TagStart < 0 || b.TagStart > b.Start {
				t.Fatalf("block %d: invalid span tag %d, code %d-%d in %d bytes", i, b.TagStart, b.Start, b.End, len(src))
			}
			if b.Start < prevEnd {
				t.Fatalf("block %d starts at %d, before the previous block ends at %d", i, b.Start, prevEnd)
			}
			prevEnd = b.End
			switch b.Lang {
			case "ts", "tsx", "js", "jsx":
			default:
				t.Fatalf("block %d: invalid lang %q", i, b.Lang)
			}
		}
		for i, h := range c.Handlers {
			if h.Start < 0 || h.Start >= h.End || h.End > len(src) {
				t.Fatalf("handler %d: invalid span %d-%d in %d bytes", i, h.Start, h.End, len(src))
			}
		}
		for i, p := range c.Problems {
			if p.Offset < 0 || p.Offset > len(src) || p.Message == "" {
				t.Fatalf("problem %d: invalid offset %d or empty message", i, p.Offset)
			}
		}
	})
}
