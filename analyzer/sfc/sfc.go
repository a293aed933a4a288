// Package sfc finds the code of Vue, Svelte and Astro single-file
// components: the script blocks and Astro frontmatter, and the event
// handlers bound in the template. It reports byte offsets into the
// component file, so the caller parses the code in place (tree-sitter
// included ranges) and every position stays a position of the original
// file.
//
// The scanner is hand-written rather than an HTML tokenizer because
// Svelte and Astro attribute values and text hold unquoted JavaScript in
// braces (`onclick={() => a > b}`), which an HTML tokenizer splits at the
// first space or `>`, and Astro expressions hold nested markup.
package sfc

import (
	"fmt"
	"path"
	"strings"
)

// Format is the component format of a file.
type Format int

// The component formats.
const (
	FormatNone Format = iota
	FormatVue
	FormatSvelte
	FormatAstro
)

func (f Format) String() string {
	switch f {
	case FormatVue:
		return "vue"
	case FormatSvelte:
		return "svelte"
	case FormatAstro:
		return "astro"
	}
	return "none"
}

// FormatOf returns the component format a file name implies.
func FormatOf(name string) Format {
	switch path.Ext(name) {
	case ".vue":
		return FormatVue
	case ".svelte":
		return FormatSvelte
	case ".astro":
		return FormatAstro
	}
	return FormatNone
}

// Block is the code of one script block or of the Astro frontmatter.
type Block struct {
	// Start and End are the byte offsets of the code: the text between
	// the start and end tag, or between the `---` fences.
	Start, End int
	// TagStart is the offset of the `<script` tag or of the opening fence.
	TagStart int
	// Lang is the language of the code: "ts", "tsx", "js" or "jsx".
	Lang string
	// Setup is set for a Vue `<script setup>` block.
	Setup bool
	// Module is set for a Svelte `<script context="module">` or
	// `<script module>` block.
	Module bool
	// Frontmatter is set for the Astro frontmatter.
	Frontmatter bool
}

// Handler is an event handler bound in a template: `@click="logout"`,
// `v-on:submit.prevent="save()"`, `on:click={logout}`,
// `onclick={() => logout()}` or `onClick={logout}`.
type Handler struct {
	// Attr is the attribute name as written.
	Attr string
	// Event is the event name in lower case ("click", "submit"); it is
	// empty for a dynamic Vue event name (`@[name]`).
	Event string
	// Start and End are the byte offsets of the handler code: the
	// attribute value without its quotes or braces.
	Start, End int
}

// Problem is a part of the component the scanner could not read as the
// format defines it, or code it does not analyse.
type Problem struct {
	// Offset is the byte offset the problem starts at.
	Offset  int
	Message string
}

// Component is the result of Extract for one file, in source order.
type Component struct {
	Format   Format
	Blocks   []Block
	Handlers []Handler
	Problems []Problem
}

// maxNesting bounds the nesting of braces, template literals and
// elements the scanner follows, so hostile input cannot exhaust the
// stack. Real components nest a few dozen levels at most.
const maxNesting = 2000

// Extract finds the script blocks, frontmatter and template event
// handlers of a component. It returns an error only for a file name
// that is not a component; malformed markup yields Problems and as much
// as can be read.
func Extract(name string, src []byte) (Component, error) {
	format := FormatOf(name)
	if format == FormatNone {
		return Component{}, fmt.Errorf("%s is not a .vue, .svelte or .astro file", name)
	}
	s := &scanner{src: src, format: format}
	s.out.Format = format
	start := 0
	if format == FormatAstro {
		start = s.frontmatter()
	}
	s.document(start)
	return s.out, nil
}

// frontmatter records the Astro frontmatter, which opens with `---` as
// the first text of the file, and returns the offset after it.
func (s *scanner) frontmatter() int {
	i := 0
	if strings.HasPrefix(string(s.src[:min(3, len(s.src))]), "\ufeff") {
		i = 3
	}
	for i < len(s.src) && isSpace(s.src[i]) {
		i++
	}
	if !s.hasPrefixAt(i, "---") {
		return 0
	}
	open := i
	code := i + 3
	// The closing fence is the next line that holds only `---`.
	line := skipNewline(s.src, lineEnd(s.src, code))
	for line < len(s.src) {
		end := lineEnd(s.src, line)
		if strings.TrimRight(string(s.src[line:end]), " \t") == "---" {
			s.out.Blocks = append(s.out.Blocks, Block{Start: code, End: line, TagStart: open, Lang: "ts", Frontmatter: true})
			return line + 3
		}
		line = skipNewline(s.src, end)
	}
	s.problem(open, "the frontmatter opened by --- is not closed by a --- line; it is analysed up to the end of the file")
	s.out.Blocks = append(s.out.Blocks, Block{Start: code, End: len(s.src), TagStart: open, Lang: "ts", Frontmatter: true})
	return len(s.src)
}

// lineEnd returns the offset of the line terminator at or after i, or
// the end of src.
func lineEnd(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}

// skipNewline returns the offset after the line terminator at i.
func skipNewline(src []byte, i int) int {
	if i < len(src) && src[i] == '\r' {
		i++
	}
	if i < len(src) && src[i] == '\n' {
		i++
	}
	return i
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// voidElements never have an end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
	"link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// scriptTypes are the `type` attribute values of script elements that
// hold JavaScript or TypeScript.
var scriptTypes = map[string]bool{
	"": true, "module": true, "text/javascript": true, "application/javascript": true, "text/typescript": true,
	"application/typescript": true, "text/ecmascript": true, "application/ecmascript": true, "text/partytown": true,
	"ts": true,
}
