package sfc

import (
	"strings"
)

// valueKind is the notation of an attribute value.
type valueKind int

const (
	valueNone      valueKind = iota // a boolean attribute: `setup`
	valueQuoted                     // "..." or '...'
	valueBraced                     // {...} in Svelte and Astro
	valueTemplate                   // `...` in Astro
	valueUnquoted                   // name=value
	valueShorthand                  // {name} in Svelte, {...props} in Astro
)

// attr is one attribute of a start tag.
type attr struct {
	name string
	kind valueKind
	// valStart and valEnd delimit the value without its quotes or braces.
	valStart, valEnd int
}

// tag is a start tag.
type tag struct {
	name  string
	attrs []attr
	// start is the offset of `<`. end is the offset after `>`, or the end
	// of the file for a tag that is never closed.
	start, end  int
	selfClosing bool
	// closed is false when the file ends inside the tag.
	closed bool
	src    []byte
}

// attr returns the value of the named attribute as written.
func (t tag) attr(name string) (string, bool) {
	for _, a := range t.attrs {
		if a.name == name {
			return string(t.src[a.valStart:a.valEnd]), true
		}
	}
	return "", false
}

func (t tag) has(name string) bool {
	_, ok := t.attr(name)
	return ok
}

// startTag reads the start tag at i. Attribute values in braces are
// skipped as JavaScript, so a `>` or a quote inside them ends nothing.
func (s *scanner) startTag(i int) tag {
	t := tag{start: i, src: s.src}
	j := i + 1
	nameStart := j
	for j < len(s.src) && !isSpace(s.src[j]) && s.src[j] != '>' && s.src[j] != '/' {
		j++
	}
	t.name = string(s.src[nameStart:j])
	for j < len(s.src) {
		c := s.src[j]
		switch {
		case isSpace(c):
			j++
		case c == '>':
			t.end, t.closed = j+1, true
			return t
		case c == '/' && s.byteAt(j+1) == '>':
			t.end, t.closed, t.selfClosing = j+2, true, true
			return t
		case c == '/':
			j++
		case c == '{' && s.format != FormatVue && !s.braceless:
			if end, ok := s.skipBraces(j); ok {
				t.attrs = append(t.attrs, s.shorthand(j, end))
				j = end
			}
		default:
			var a attr
			a, j = s.attribute(j)
			t.attrs = append(t.attrs, a)
		}
	}
	t.end = len(s.src)
	return t
}

// shorthand returns the attribute of a braced `{name}` at open, whose
// closing brace ends before end.
func (s *scanner) shorthand(open, end int) attr {
	name := strings.TrimSpace(string(s.src[open+1 : end-1]))
	return attr{name: name, kind: valueShorthand, valStart: open + 1, valEnd: end - 1}
}

// attribute reads the attribute at i and returns it with the offset
// after it.
func (s *scanner) attribute(i int) (a attr, after int) {
	j := i
	for j < len(s.src) {
		c := s.src[j]
		if isSpace(c) || c == '=' || c == '>' || (c == '/' && s.byteAt(j+1) == '>') {
			break
		}
		j++
	}
	if j == i {
		j++ // a stray `=`: skip it
	}
	a = attr{name: string(s.src[i:j]), valStart: j, valEnd: j}
	k := j
	for k < len(s.src) && isSpace(s.src[k]) {
		k++
	}
	if s.byteAt(k) != '=' {
		return a, j
	}
	k++
	for k < len(s.src) && isSpace(s.src[k]) {
		k++
	}
	if k >= len(s.src) {
		return a, k
	}
	switch c := s.src[k]; {
	case c == '"' || c == '\'':
		end, closed := s.quotedValue(k)
		a.kind, a.valStart, a.valEnd = valueQuoted, k+1, end
		if closed {
			a.valEnd = end - 1
		}
		return a, end
	case c == '{' && s.format != FormatVue && !s.braceless:
		if end, ok := s.skipBraces(k); ok {
			a.kind, a.valStart, a.valEnd = valueBraced, k+1, end-1
			return a, end
		}
	case c == '`' && s.format == FormatAstro:
		end, closed := s.templateLiteral(k)
		a.kind, a.valStart, a.valEnd = valueTemplate, k+1, end
		if closed {
			a.valEnd = end - 1
		}
		return a, end
	}
	end := k
	for end < len(s.src) && !isSpace(s.src[end]) && s.src[end] != '>' {
		if s.src[end] == '{' && s.format != FormatVue && !s.braceless {
			if e, ok := s.skipBraces(end); ok {
				end = e
				continue
			}
		}
		end++
	}
	a.kind, a.valStart, a.valEnd = valueUnquoted, k, end
	return a, end
}

// quotedValue returns the offset after the quoted value at i, and
// false when the file ends before the closing quote. Svelte reads braces
// inside quotes as expressions, which may hold the quote character
// themselves: `class="{ok ? "a" : "b"}"`.
func (s *scanner) quotedValue(i int) (int, bool) {
	q := s.src[i]
	for j := i + 1; j < len(s.src); {
		switch c := s.src[j]; {
		case c == q:
			return j + 1, true
		case c == '{' && s.format == FormatSvelte && !s.braceless:
			if end, ok := s.skipBraces(j); ok {
				j = end
				continue
			}
			j++
		default:
			j++
		}
	}
	return len(s.src), false
}

// recordHandlers adds the event handler attributes of a start tag.
func (s *scanner) recordHandlers(t tag) {
	if t.name == "script" || t.name == "style" {
		return
	}
	for _, a := range t.attrs {
		event, ok := s.handlerEvent(a.name)
		if !ok {
			continue
		}
		start, end, ok := s.handlerCode(a)
		if !ok {
			continue
		}
		s.out.Handlers = append(s.out.Handlers, Handler{Attr: a.name, Event: event, Start: start, End: end})
	}
}

// handlerCode returns the span of the code an event handler attribute
// runs.
func (s *scanner) handlerCode(a attr) (start, end int, ok bool) {
	start, end = a.valStart, a.valEnd
	switch a.kind {
	case valueNone, valueTemplate:
		return 0, 0, false
	case valueQuoted, valueUnquoted:
		// Svelte accepts on:click="{logout}": the braces hold the code.
		if s.format == FormatSvelte {
			text := string(s.src[start:end])
			trimmed := strings.TrimSpace(text)
			if strings.HasPrefix(trimmed, "{") && !s.braceless {
				open := start + strings.Index(text, "{")
				if after, ok := s.braces(open); ok && after <= end && strings.TrimSpace(string(s.src[after:end])) == "" {
					start, end = open+1, after-1
				}
			}
		}
	}
	if strings.TrimSpace(string(s.src[start:end])) == "" {
		return 0, 0, false
	}
	return start, end, true
}

// handlerEvent returns the event an attribute name binds a handler to,
// in lower case, and whether it binds one at all.
func (s *scanner) handlerEvent(name string) (string, bool) {
	var event string
	switch s.format {
	case FormatVue:
		switch {
		case strings.HasPrefix(name, "@"):
			event = name[1:]
		case strings.HasPrefix(name, "v-on:"):
			event = name[len("v-on:"):]
		case strings.HasPrefix(name, ":") && isOnAttr(name[1:]):
			event = name[3:] // a function bound to an onX prop: :onClick="logout"
		case strings.HasPrefix(name, "v-bind:") && isOnAttr(name[len("v-bind:"):]):
			event = name[len("v-bind:on"):]
		case isOnAttr(name):
			event = name[2:]
		default:
			return "", false
		}
		event = strings.TrimPrefix(event, "-") // on-click
		event, _, _ = strings.Cut(event, ".")  // modifiers: @click.prevent
		if strings.HasPrefix(event, "[") {
			event = "" // a dynamic event name: @[name]
		}
	case FormatSvelte:
		switch {
		case strings.HasPrefix(name, "on:"):
			event, _, _ = strings.Cut(name[3:], "|") // modifiers: on:submit|preventDefault
		case name == "use:enhance":
			event = "submit" // SvelteKit runs the callback when the form is submitted
		case isOnAttr(name):
			event = name[2:]
		default:
			return "", false
		}
	case FormatAstro:
		if !isOnAttr(name) {
			return "", false
		}
		event = name[2:]
	default:
		return "", false
	}
	return strings.ToLower(event), true
}

// isOnAttr reports whether an attribute name is an `on` event attribute
// or callback prop: onclick, onClick, onSubmit, on-click.
func isOnAttr(name string) bool {
	if len(name) < 3 || !strings.HasPrefix(name, "on") {
		return false
	}
	if c := name[2]; !isLetter(c) && c != '-' {
		return false
	}
	for i := 2; i < len(name); i++ {
		c := name[i]
		if !isLetter(c) && (c < '0' || c > '9') && c != '-' && c != '_' && c != ':' {
			return false
		}
	}
	return true
}
