package sfc

import (
	"bytes"
	"fmt"
	"strings"
)

// scanner walks one component file front to back. Every loop advances by
// at least one byte. An unclosed tag, script or comment ends the scan,
// and after an unclosed `{` braces are no longer followed, so no part of
// the file is read more than a few times.
type scanner struct {
	src    []byte
	format Format
	out    Component
	// nesting counts the braces, template literals and elements being
	// followed; tooDeep is set once it passed maxNesting.
	nesting int
	tooDeep bool
	// braceless is set after an unclosed `{`: the rest of the file is
	// scanned as markup without expressions.
	braceless bool
}

func (s *scanner) problem(off int, format string, args ...any) {
	s.out.Problems = append(s.out.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
}

func (s *scanner) hasPrefixAt(i int, p string) bool {
	return i >= 0 && i+len(p) <= len(s.src) && string(s.src[i:i+len(p)]) == p
}

// byteAt returns the byte at i, or 0 past the end.
func (s *scanner) byteAt(i int) byte {
	if i < len(s.src) {
		return s.src[i]
	}
	return 0
}

// skipPast returns the offset after the first occurrence of end at or
// after i, or the end of the file.
func (s *scanner) skipPast(i int, end string) int {
	if i > len(s.src) {
		return len(s.src)
	}
	k := bytes.Index(s.src[i:], []byte(end))
	if k < 0 {
		return len(s.src)
	}
	return i + k + len(end)
}

func (s *scanner) enter(at int) bool {
	if s.nesting >= maxNesting {
		if !s.tooDeep {
			s.tooDeep = true
			s.problem(at, "markup or expressions nested more than %d levels deep; the rest of the file is not scanned", maxNesting)
		}
		return false
	}
	s.nesting++
	return true
}

func (s *scanner) leave() { s.nesting-- }

// document scans the markup of the file from i to its end.
func (s *scanner) document(i int) {
	s.markup(i, nil)
}

// markup scans markup from i. With inside nil it runs to the end of the
// file. For an element inside an Astro expression, inside is the
// element's name, and markup returns after its end tag. open tracks the
// elements started since i, so a `<script>` with none open is a
// top-level block.
func (s *scanner) markup(i int, inside *string) int {
	var open []string
	for i < len(s.src) && !s.tooDeep {
		c := s.src[i]
		next := s.byteAt(i + 1)
		switch {
		case c == '<' && s.hasPrefixAt(i, "<!--"):
			i = s.skipPast(i+4, "-->")
		case c == '<' && (next == '!' || next == '?'):
			i = s.skipPast(i+2, ">")
		case c == '<' && next == '/':
			name, after := s.endTag(i)
			if inside != nil && len(open) == 0 && name == *inside {
				return after
			}
			open = closeElement(open, name)
			i = after
		case c == '<' && (isLetter(next) || (next == '>' && s.format == FormatAstro)):
			after, name, pushed := s.element(i, inside == nil && len(open) == 0)
			if pushed {
				open = append(open, name)
			}
			i = after
		case c == '{' && (s.format != FormatVue || (next == '{' && len(open) > 0)):
			// A Svelte or Astro expression, or a Vue {{ interpolation }}.
			if end, ok := s.skipBraces(i); ok {
				i = end
			} else {
				i++
			}
		default:
			i++
		}
	}
	if s.tooDeep {
		return len(s.src)
	}
	return i
}

// closeElement pops the open elements down to and including the last
// one named name. An end tag that matches no open element is ignored, as
// HTML parsers do.
func closeElement(open []string, name string) []string {
	for k := len(open) - 1; k >= 0; k-- {
		if open[k] == name {
			return open[:k]
		}
	}
	return open
}

// endTag reads the end tag at i (`</name ...>`) and returns its name and
// the offset after it.
func (s *scanner) endTag(i int) (name string, after int) {
	j := i + 2
	start := j
	for j < len(s.src) && !isSpace(s.src[j]) && s.src[j] != '>' && s.src[j] != '/' {
		j++
	}
	return string(s.src[start:j]), s.skipPast(j, ">")
}

// skipBraces skips the braced expression at i for the markup scanner
// and returns the offset after it. After the first unclosed brace it
// fails for every brace without looking, and the rest of the file is
// scanned as markup without expressions, which keeps the scan linear.
func (s *scanner) skipBraces(i int) (int, bool) {
	if s.braceless || s.tooDeep {
		return 0, false
	}
	blocks, handlers, problems := len(s.out.Blocks), len(s.out.Handlers), len(s.out.Problems)
	end, ok := s.braces(i)
	if !ok && !s.tooDeep {
		// The markup after the brace is scanned again, so what the
		// failed expression recorded is dropped.
		s.out.Blocks, s.out.Handlers, s.out.Problems = s.out.Blocks[:blocks], s.out.Handlers[:handlers], s.out.Problems[:problems]
		s.braceless = true
		s.problem(i, "the { here is never closed; the rest of the file is scanned without expressions")
	}
	return end, ok
}

// element reads the element whose start tag is at i and returns the
// offset to continue at, its name, and whether it stays open. Script and
// style contents, and the contents of Vue's top-level blocks other than
// the template, are raw text and are skipped whole.
func (s *scanner) element(i int, topLevel bool) (after int, name string, open bool) {
	t := s.startTag(i)
	if s.format != FormatVue || !topLevel {
		// A Vue top-level tag is a block (<template>, <script>), not an
		// element of the template.
		s.recordHandlers(t)
	}
	if !t.closed {
		s.problem(i, "the start tag <%s is never closed", t.name)
		return t.end, "", false
	}
	raw := t.name == "script" || t.name == "style"
	if s.format == FormatVue && topLevel && t.name != "template" {
		raw = true // <i18n>, <docs> and other custom blocks
	}
	if s.format == FormatVue && topLevel && t.name == "template" {
		if lang, ok := t.attr("lang"); ok && !strings.EqualFold(lang, "html") {
			raw = true // a Pug or other non-HTML template
		}
	}
	switch {
	case t.selfClosing:
		return t.end, "", false
	case raw:
		end, after, closed := s.rawText(t.end, t.name)
		if t.name == "script" {
			s.script(t, t.end, end, topLevel, closed)
		}
		return after, "", false
	case voidElements[t.name]:
		return t.end, "", false
	}
	return t.end, t.name, true
}

// rawText finds the end tag of a raw-text element whose content starts
// at i. It returns the end of the content, the offset after the end tag,
// and whether the end tag exists.
func (s *scanner) rawText(i int, name string) (end, after int, closed bool) {
	for j := i; j < len(s.src); {
		k := bytes.Index(s.src[j:], []byte("</"))
		if k < 0 {
			break
		}
		at := j + k
		nameEnd := at + 2 + len(name)
		if nameEnd <= len(s.src) && bytes.EqualFold(s.src[at+2:nameEnd], []byte(name)) {
			c := s.byteAt(nameEnd)
			if nameEnd == len(s.src) || isSpace(c) || c == '/' || c == '>' {
				return at, s.skipPast(nameEnd, ">"), true
			}
		}
		j = at + 2
	}
	return len(s.src), len(s.src), false
}

// script records a script element as a block when the format runs it:
// Vue and Svelte compile their top-level script elements, Astro
// compiles every script element of the page.
func (s *scanner) script(t tag, start, end int, topLevel, closed bool) {
	if s.format != FormatAstro && !topLevel {
		return
	}
	if _, ok := t.attr("src"); ok {
		return // the code is in another file, and any content here is ignored
	}
	typ, _ := t.attr("type")
	typ = strings.ToLower(strings.TrimSpace(typ))
	if !scriptTypes[typ] {
		return // JSON, an import map, a client-side template
	}
	lang, ok := scriptLang(s.format, t)
	if !ok {
		s.problem(t.start, "script block with lang=%q not analysed; sessionlint reads JavaScript and TypeScript", lang)
		return
	}
	if strings.Contains(typ, "typescript") || typ == "ts" {
		lang = "ts"
	}

	b := Block{Start: start, End: end, TagStart: t.start, Lang: lang}
	if s.format == FormatVue {
		_, b.Setup = t.attr("setup")
	}
	if s.format == FormatSvelte {
		ctx, _ := t.attr("context")
		_, module := t.attr("module")
		b.Module = module || ctx == "module"
	}
	if !closed {
		s.problem(t.start, "<script> is not closed by </script>; its code is analysed up to the end of the file")
	}
	s.out.Blocks = append(s.out.Blocks, b)
}

// scriptLang returns the language of a script element from its lang
// attribute and the format's default. For a language sessionlint does
// not parse, ok is false and the language is returned as written.
func scriptLang(format Format, t tag) (string, bool) {
	lang, ok := t.attr("lang")
	if !ok {
		switch {
		case format != FormatAstro:
			return "js", true
		case t.has("is:inline"):
			return "js", true // left as written, outside Astro's TypeScript build
		}
		return "ts", true
	}
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "ts", "typescript":
		return "ts", true
	case "tsx":
		return "tsx", true
	case "js", "javascript", "":
		return "js", true
	case "jsx":
		return "jsx", true
	}
	return lang, false
}
