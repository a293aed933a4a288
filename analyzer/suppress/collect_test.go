package suppress

import (
	"go/token"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

func parseSource(t *testing.T, name, src string) *tsparse.File {
	t.Helper()
	p := tsparse.NewParser()
	t.Cleanup(p.Close)
	fset := token.NewFileSet()
	tok := fset.AddFile(name, -1, len(src))
	f, err := p.Parse(name, []byte(src), tok, srcfile.NewLines([]byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Tree.Close)
	return f
}

// found is the part of a Directive a collect test compares.
type found struct {
	line   int
	kind   Kind
	rules  string
	target int
	err    string
}

func summarize(ds []Directive) []found {
	out := make([]found, 0, len(ds))
	for _, d := range ds {
		f := found{line: d.Line, kind: d.Kind, rules: strings.Join(d.Rules, ","), target: d.Target}
		if d.Err != nil {
			f = found{line: d.Line, err: d.Err.Error()}
		}
		out = append(out, f)
	}
	return out
}

func checkCollect(t *testing.T, name, src string, want []found) {
	t.Helper()
	got := summarize(Collect(parseSource(t, name, src)))
	if len(got) != len(want) {
		t.Errorf("%s: got %d directives %+v, want %d", name, len(got), got, len(want))
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: directive %d = %+v, want %+v", name, i, got[i], want[i])
		}
	}
}

func TestCollectScript(t *testing.T) {
	src := `'use client';
// sessionlint-ignore-file duplicatetokenstorage -- the extension keeps one store
import { supabase } from './supabase';
const a = ` + "`// sessionlint-ignore localscopelogout -- in a template literal`" + `;
const s = "/* sessionlint-ignore localscopelogout -- in a string */";
foo(); // sessionlint-ignore localscopelogout -- at the end of the line
// sessionlint-ignore credentialchange -- first of a stack
// sessionlint-ignore localscopelogout -- second of a stack
// sessionlint-ignore-file clientonlylogout -- after code
bar();
/* sessionlint-ignore manualsetsession -- before code on its line */ baz();
/*
 * sessionlint-ignore duplicatetokenstorage -- on lines of its own
 */
qux();
// sessionlint-ignore
`
	checkCollect(t, "src/a.ts", src, []found{
		{line: 2, kind: File, rules: "duplicatetokenstorage"},
		{line: 6, kind: Line, rules: "localscopelogout", target: 6},
		{line: 7, kind: Line, rules: "credentialchange", target: 10},
		{line: 8, kind: Line, rules: "localscopelogout", target: 10},
		{line: 9, err: errMisplacedFileDirective.Error()},
		{line: 11, kind: Line, rules: "manualsetsession", target: 11},
		{line: 12, kind: Line, rules: "duplicatetokenstorage", target: 15},
		{line: 16, err: "missing rule list; name the rules to silence, as in sessionlint-ignore localscopelogout -- reason"},
	})
}

func TestCollectJSX(t *testing.T) {
	src := `export function Menu({ logout }) {
  return (
    <div>
      {/* sessionlint-ignore clientonlylogout -- alone in JSX children */}
      <button onClick={logout}>Sign out</button>
      <a onClick={logout} /* sessionlint-ignore localscopelogout -- inside a tag */ />
      <span>{count /* sessionlint-ignore manualsetsession -- after an expression */}</span>
    </div>
  );
}
`
	checkCollect(t, "src/Menu.tsx", src, []found{
		{line: 4, kind: Line, rules: "clientonlylogout", target: 5},
		{line: 6, kind: Line, rules: "localscopelogout", target: 6},
		{line: 7, kind: Line, rules: "manualsetsession", target: 7},
	})
}

// TestCollectJSXText checks that text in JSX children that looks like a
// comment is not a directive: React renders it.
func TestCollectJSXText(t *testing.T) {
	src := `export const Help = () => <p>// sessionlint-ignore localscopelogout -- rendered text</p>;
`
	checkCollect(t, "src/Help.tsx", src, []found{})
}

func TestCollectTOML(t *testing.T) {
	src := `# sessionlint-ignore-file refreshrotation -- local development stack only
[auth]
enable_refresh_token_rotation = false # sessionlint-ignore refreshrotation -- at the end of the line
# sessionlint-ignore refreshrotation -- on the line before
refresh_token_reuse_interval = 60
site_url = "# sessionlint-ignore refreshrotation -- in a string"
`
	checkCollect(t, "supabase/config.toml", src, []found{
		{line: 1, kind: File, rules: "refreshrotation"},
		{line: 3, kind: Line, rules: "refreshrotation", target: 3},
		{line: 4, kind: Line, rules: "refreshrotation", target: 5},
	})
}

func TestCollectFileDirectiveAfterBOMAndHashbang(t *testing.T) {
	src := "\xEF\xBB\xBF#!/usr/bin/env node\n// sessionlint-ignore-file manualsetsession -- a CLI that restores its own session\nrun();\n"
	checkCollect(t, "bin/cli.js", src, []found{
		{line: 2, kind: File, rules: "manualsetsession"},
	})
}

func TestCollectCRLF(t *testing.T) {
	src := "foo();\r\n// sessionlint-ignore localscopelogout -- line endings\r\nbar();\r\n"
	checkCollect(t, "src/crlf.ts", src, []found{
		{line: 2, kind: Line, rules: "localscopelogout", target: 3},
	})
}

// TestCollectComponent reads directives in a Vue script block and inside
// a template event handler, whose code is a tree of its own.
func TestCollectComponent(t *testing.T) {
	src := `<template>
  <button @click="/* sessionlint-ignore localscopelogout -- kiosk button */ supabase.auth.signOut({ scope: 'local' })">Out</button>
  <!-- sessionlint-ignore localscopelogout -- HTML comments are not read -->
</template>

<script setup lang="ts">
// sessionlint-ignore clientonlylogout -- in the script block
logout();
</script>
`
	checkCollect(t, "src/Menu.vue", src, []found{
		{line: 2, kind: Line, rules: "localscopelogout", target: 2},
		{line: 7, kind: Line, rules: "clientonlylogout", target: 8},
	})
}
