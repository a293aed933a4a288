package sfc

// The functions here skip JavaScript inside template expressions just
// far enough to find where the expression ends. Strings, template
// literals, comments and regular expression literals may hold braces
// and quotes that do not count. In Astro an expression may also hold
// markup (`{items.map((i) => <li>{i}</li>)}`) whose text may hold
// apostrophes.

// braces returns the offset after the brace that closes the one at
// open, and false when the file ends first.
func (s *scanner) braces(open int) (int, bool) {
	if !s.enter(open) {
		return len(s.src), false
	}
	defer s.leave()
	if s.format == FormatSvelte && s.byteAt(open+1) == '/' {
		// A Svelte block end such as {/if} holds a name, not a regular
		// expression.
		k := s.skipPast(open, "}")
		return k, k > open && s.src[k-1] == '}'
	}
	depth := 0
	// prev is the last significant byte before i, with 'a' standing for
	// an identifier, number or literal; word is that identifier. They
	// tell a regular expression or markup from a division or comparison.
	prev, word := byte('{'), ""
	for i := open; i < len(s.src); {
		c := s.src[i]
		next := s.byteAt(i + 1)
		switch {
		case isSpace(c):
			i++
			continue
		case isIdentByte(c):
			j := i
			for j < len(s.src) && isIdentByte(s.src[j]) {
				j++
			}
			prev, word = 'a', string(s.src[i:j])
			i = j
			continue
		case c == '{':
			depth++
			i++
		case c == '}':
			depth--
			i++
			if depth == 0 {
				return i, true
			}
		case c == '"' || c == '\'':
			i = s.stringLiteral(i)
			c = 'a'
		case c == '`':
			var ok bool
			if i, ok = s.templateLiteral(i); !ok {
				return len(s.src), false
			}
			c = 'a'
		case c == '/' && next == '/':
			i = lineEnd(s.src, i)
			continue
		case c == '/' && next == '*':
			i = s.skipPast(i+2, "*/")
			continue
		case c == '/' && operandExpected(prev, word):
			i = s.regexLiteral(i)
			c = 'a'
		case c == '<' && s.format == FormatAstro && operandExpected(prev, word) && (isLetter(next) || next == '>'):
			i = s.markupInExpression(i)
			if s.tooDeep {
				return len(s.src), false
			}
			c = 'a'
		default:
			i++
		}
		prev, word = c, ""
	}
	return len(s.src), false
}

// operandExpected reports whether the next token starts an operand, so
// that `/` opens a regular expression and `<` opens markup, given the
// previous significant byte and identifier.
func operandExpected(prev byte, word string) bool {
	switch prev {
	case 'a':
		switch word {
		case "return", "typeof", "case", "do", "else", "in", "instanceof", "new", "delete", "void", "throw",
			"yield", "await", "of":
			return true
		}
		return false
	case ')', ']':
		return false
	}
	return true
}

func isIdentByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// stringLiteral returns the offset after the string literal at i. A
// string ends at a line terminator at the latest, as JavaScript demands.
func (s *scanner) stringLiteral(i int) int {
	q := s.src[i]
	for j := i + 1; j < len(s.src); j++ {
		switch s.src[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n', '\r':
			return j
		}
	}
	return len(s.src)
}

// templateLiteral returns the offset after the template literal at i,
// following its ${} substitutions, and false when the file ends first.
func (s *scanner) templateLiteral(i int) (int, bool) {
	for j := i + 1; j < len(s.src); {
		switch s.src[j] {
		case '\\':
			j += 2
		case '`':
			return j + 1, true
		case '$':
			if s.byteAt(j+1) != '{' {
				j++
				continue
			}
			end, ok := s.braces(j + 1)
			if !ok {
				return len(s.src), false
			}
			j = end
		default:
			j++
		}
	}
	return len(s.src), false
}

// regexLiteral returns the offset after the regular expression literal
// at i, or the line end when the line ends first.
func (s *scanner) regexLiteral(i int) int {
	inClass := false
	for j := i + 1; j < len(s.src); j++ {
		switch s.src[j] {
		case '\\':
			j++
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				j++
				for j < len(s.src) && isIdentByte(s.src[j]) {
					j++ // flags
				}
				return j
			}
		case '\n', '\r':
			return j
		}
	}
	return len(s.src)
}

// markupInExpression skips the element (or fragment) at i inside an
// Astro expression, with its children, and returns the offset after it.
// Its event handlers and script elements are recorded like those of the
// page.
func (s *scanner) markupInExpression(i int) int {
	if !s.enter(i) {
		return len(s.src)
	}
	defer s.leave()
	after, name, open := s.element(i, false)
	if !open {
		return after
	}
	return s.markup(after, &name)
}
