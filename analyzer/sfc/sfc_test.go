package sfc

import (
	"fmt"
	"strings"
	"testing"
)

// blockText lists each block as `lang[flags]:code`, the flags being
// s (setup), m (module) and f (frontmatter).
func blockText(src string, c Component) []string {
	var out []string
	for _, b := range c.Blocks {
		flags := ""
		if b.Setup {
			flags += "s"
		}
		if b.Module {
			flags += "m"
		}
		if b.Frontmatter {
			flags += "f"
		}
		out = append(out, fmt.Sprintf("%s[%s]:%s", b.Lang, flags, src[b.Start:b.End]))
	}
	return out
}

// handlerText lists each handler as `attr|event|code`.
func handlerText(src string, c Component) []string {
	var out []string
	for _, h := range c.Handlers {
		out = append(out, fmt.Sprintf("%s|%s|%s", h.Attr, h.Event, src[h.Start:h.End]))
	}
	return out
}

func problemText(src string, c Component) []string {
	var out []string
	for _, p := range c.Problems {
		line := strings.Count(src[:p.Offset], "\n") + 1
		out = append(out, fmt.Sprintf("%d: %s", line, p.Message))
	}
	return out
}

func extract(t *testing.T, name, src string) Component {
	t.Helper()
	c, err := Extract(name, []byte(src))
	if err != nil {
		t.Fatalf("Extract(%s): %v", name, err)
	}
	return c
}

func equalLists(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d, want %d:\n got  %q\n want %q", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d]:\n got  %q\n want %q", what, i, got[i], want[i])
		}
	}
}

func TestExtractVue(t *testing.T) {
	src := `<template>
  <div>
    <!-- <script>commented out</script> -->
    <p>{{ '<script>' + "}}" }}</p>
    <template v-if="open">
      <button @click="logout" v-on:click.prevent="logout()" :onConfirm="done" @[dynamic]="other">x</button>
    </template>
    <UserMenu @sign-out="signOut({ scope: 'local' })" onclick="legacy()" @click="" disabled />
    <script>ignored()</script>
  </div>
</template>

<script>
export default { inheritAttrs: false }
</script>
<i18n lang="json">{ "a": "<script>not code</script>" }</i18n>
  <script setup lang="ts">const store = useSessions()
</script>
<script src="./external.js"></script>
<script type="text/x-template"><div></div></script>
<style>a::after { content: "</script>"; }</style>
`
	c := extract(t, "App.vue", src)
	if c.Format != FormatVue {
		t.Errorf("format: got %v, want vue", c.Format)
	}
	equalLists(t, "blocks", blockText(src, c), []string{
		"js[]:\nexport default { inheritAttrs: false }\n",
		"ts[s]:const store = useSessions()\n",
	})
	equalLists(t, "handlers", handlerText(src, c), []string{
		"@click|click|logout",
		"v-on:click.prevent|click|logout()",
		":onConfirm|confirm|done",
		"@[dynamic]||other",
		"@sign-out|sign-out|signOut({ scope: 'local' })",
		"onclick|click|legacy()",
	})
	equalLists(t, "problems", problemText(src, c), nil)
}

func TestExtractVueBlockOffsets(t *testing.T) {
	src := "<template><b @click=\"go\"/></template>\r\n\t<script setup>\r\nconst a = 1\r\n</script>"
	c := extract(t, "x.vue", src)
	if len(c.Blocks) != 1 {
		t.Fatalf("got %d blocks, want 1", len(c.Blocks))
	}
	b := c.Blocks[0]
	if got, want := b.TagStart, strings.Index(src, "<script"); got != want {
		t.Errorf("TagStart: got %d, want %d", got, want)
	}
	if got, want := b.Start, strings.Index(src, "\r\nconst"); got != want {
		t.Errorf("Start: got %d, want %d", got, want)
	}
	if got, want := b.End, strings.Index(src, "</script>"); got != want {
		t.Errorf("End: got %d, want %d", got, want)
	}
	equalLists(t, "handlers", handlerText(src, c), []string{"@click|click|go"})
}

func TestExtractSvelte(t *testing.T) {
	src := `<script context="module">
  export const prerender = true
</script>

  <script lang="ts">
  let { data } = $props()
  let count = $state(0)
  const text = "</scrip" + '{' + ` + "`" + `${"}"}` + "`" + ` + "` + "`" + `"
</script>

<svelte:head><script>window.nested = 1</script></svelte:head>
<svelte:window onbeforeunload={cleanup} />
{#if count < 3 && text !== "{"}
  <button on:click|preventDefault={logout} onclick={() => count > 2 && signOut()}>{@html "<script>x()</script>"}</button>
  <button on:click="{logout}" on:submit>{"{"}</button>
{:else}
  <Menu {onclick} onlogout={handlers.logout} />
{/if}
{#snippet row(item)}<li>{item}</li>{/snippet}
<form use:enhance={handleSubmit} class="a {b ? "c" : "d"}"></form>
`
	c := extract(t, "+page.svelte", src)
	equalLists(t, "blocks", blockText(src, c), []string{
		"js[m]:\n  export const prerender = true\n",
		"ts[]:\n  let { data } = $props()\n  let count = $state(0)\n  const text = \"</scrip\" + '{' + `${\"}\"}` + \"`\"\n",
	})
	equalLists(t, "handlers", handlerText(src, c), []string{
		"onbeforeunload|beforeunload|cleanup",
		"on:click|preventDefault|click|logout",
		"onclick|click|() => count > 2 && signOut()",
		"on:click|click|logout",
		"onclick|click|onclick",
		"onlogout|logout|handlers.logout",
		"use:enhance|submit|handleSubmit",
	})
	equalLists(t, "problems", problemText(src, c), nil)
}

func TestExtractSvelteModuleAttribute(t *testing.T) {
	src := "<script module>export const x = 1</script><script>let y = $derived(x)</script>"
	c := extract(t, "a.svelte", src)
	equalLists(t, "blocks", blockText(src, c), []string{
		"js[m]:export const x = 1",
		"js[]:let y = $derived(x)",
	})
}

func TestExtractAstro(t *testing.T) {
	src := "\ufeff\n---\nimport Layout from '../layouts/Layout.astro'\nconst items = ['a']\n--- \n" +
		`<Layout title="Home">
  <ul>{items.map((item) => <li onClick={pick}>It's {item} </li>)}</ul>
  {/* <script>commented()</script> */}
  <button onclick="logout()">Sign out</button>
  <Menu client:load onLogout={logout} {...props} title=` + "`a ${b}`" + ` />
  <script>
    document.querySelector('button')
  </script>
  <script is:inline>window.x = 1</script>
  <script type="application/ld+json">{"@context": "https://schema.org"}</script>
</Layout>
`
	c := extract(t, "index.astro", src)
	equalLists(t, "blocks", blockText(src, c), []string{
		"ts[f]:\nimport Layout from '../layouts/Layout.astro'\nconst items = ['a']\n",
		"ts[]:\n    document.querySelector('button')\n  ",
		"js[]:window.x = 1",
	})
	equalLists(t, "handlers", handlerText(src, c), []string{
		"onClick|click|pick",
		"onclick|click|logout()",
		"onLogout|logout|logout",
	})
	equalLists(t, "problems", problemText(src, c), nil)
}

func TestExtractAstroWithoutFrontmatter(t *testing.T) {
	src := "<p>--- not a fence</p>\n---\n<script>run()</script>"
	c := extract(t, "a.astro", src)
	equalLists(t, "blocks", blockText(src, c), []string{"ts[]:run()"})
}

func TestExtractProblems(t *testing.T) {
	cases := []struct {
		name, src string
		blocks    []string
		problems  []string
	}{
		{
			"unclosed.vue", "<template></template>\n<script setup>\nconst a = 1\n",
			[]string{"js[s]:\nconst a = 1\n"},
			[]string{"2: <script> is not closed by </script>; its code is analysed up to the end of the file"},
		},
		{
			"fence.astro", "---\nconst a = 1\n",
			[]string{"ts[f]:\nconst a = 1\n"},
			[]string{"1: the frontmatter opened by --- is not closed by a --- line; it is analysed up to the end of the file"},
		},
		{
			"brace.svelte", "<p>{open</p>\n<script>let a = 1</script>",
			[]string{"js[]:let a = 1"},
			[]string{"1: the { here is never closed; the rest of the file is scanned without expressions"},
		},
		{
			// Found by FuzzExtract: the script was recorded twice, inside the
			// expression and again when the markup after it was rescanned.
			"rescan.astro", "0{<script>0",
			[]string{"ts[]:0"},
			[]string{
				"1: the { here is never closed; the rest of the file is scanned without expressions",
				"1: <script> is not closed by </script>; its code is analysed up to the end of the file",
			},
		},
		{
			// Found by FuzzExtract: the value of an unclosed quote ends at
			// the end of the file, not one byte before it.
			"quote.svelte", "<A onA=\"{}",
			nil,
			[]string{"1: the start tag <A is never closed"},
		},
		{
			"coffee.vue", "<script lang=\"coffee\">a = 1</script>\n<script setup>b()</script>",
			[]string{"js[s]:b()"},
			[]string{`1: script block with lang="coffee" not analysed; sessionlint reads JavaScript and TypeScript`},
		},
		{
			"tag.svelte", "<script>a()</script>\n<div class=\"x",
			[]string{"js[]:a()"},
			[]string{"2: the start tag <div is never closed"},
		},
		{
			// Nested braces are counted, not followed recursively.
			"braces.svelte", "<script>a()</script>\n<p>" + strings.Repeat("{", 2500) + strings.Repeat("}", 2500) + "</p><script>b()</script>",
			[]string{"js[]:a()", "js[]:b()"},
			nil,
		},
		{
			"deep.svelte", "<script>a()</script>\n<p>{" + strings.Repeat("`${", 2500) + strings.Repeat("}`", 2500) + "}</p><script>b()</script>",
			[]string{"js[]:a()"},
			[]string{"2: markup or expressions nested more than 2000 levels deep; the rest of the file is not scanned"},
		},
	}
	for _, tc := range cases {
		c := extract(t, tc.name, tc.src)
		equalLists(t, tc.name+" blocks", blockText(tc.src, c), tc.blocks)
		equalLists(t, tc.name+" problems", problemText(tc.src, c), tc.problems)
	}
}

func TestExtractRejectsOtherFiles(t *testing.T) {
	if _, err := Extract("main.ts", []byte("const a = 1")); err == nil {
		t.Error("Extract(main.ts): got no error, want one")
	}
}

func TestFormatOf(t *testing.T) {
	cases := map[string]Format{
		"a/App.vue": FormatVue, "+page.svelte": FormatSvelte, "index.astro": FormatAstro,
		"a.ts": FormatNone, "vue": FormatNone, "a.vue.ts": FormatNone,
	}
	for name, want := range cases {
		if got := FormatOf(name); got != want {
			t.Errorf("FormatOf(%q): got %v, want %v", name, got, want)
		}
	}
}
