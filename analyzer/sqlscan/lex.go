package sqlscan

import (
	"strings"
)

// Kind is the kind of a token.
type Kind int

// The token kinds. Comments and white space produce no tokens.
const (
	// Ident is an unquoted identifier or keyword; Value is lower case.
	Ident Kind = iota
	// QuotedIdent is a "quoted identifier"; Value is the name with ""
	// unescaped, case kept.
	QuotedIdent
	// String is a string constant ('...', E'...', U&'...', B'...', X'...',
	// N'...'); Value is its unescaped content.
	String
	// DollarString is a $tag$...$tag$ constant; Value is its content.
	DollarString
	// Number is a numeric constant.
	Number
	// Param is a positional parameter such as $1.
	Param
	// Punct is an operator or punctuation: "::", or one other character.
	Punct
)

// Token is one lexical token of a SQL text.
type Token struct {
	Kind  Kind
	Value string
	// Start and End are byte offsets in the scanned text.
	Start, End int
	// ContentStart is the offset of the content of a DollarString, whose
	// content is verbatim; -1 for other kinds.
	ContentStart int
}

// IsWord reports whether t is the unquoted keyword or identifier w (lower case).
func (t Token) IsWord(w string) bool { return t.Kind == Ident && t.Value == w }

// IsPunct reports whether t is the punctuation p.
func (t Token) IsPunct(p string) bool { return t.Kind == Punct && t.Value == p }

// IsName reports whether t can be a name: an identifier or a quoted one.
func (t Token) IsName() bool { return t.Kind == Ident || t.Kind == QuotedIdent }

// IsText reports whether t is a string constant of either form.
func (t Token) IsText() bool { return t.Kind == String || t.Kind == DollarString }

// LexError is a construct that does not end: a string, a quoted
// identifier, a block comment or a dollar-quoted string.
type LexError struct {
	Offset  int
	Message string
}

// Lex splits src into tokens as the Postgres lexer does, with standard
// conforming strings (the default since PostgreSQL 9.1): a backslash is
// an escape only in E'...' strings. Comments are skipped; `--` runs to the
// end of the line and `/* */` nests. On an unterminated construct Lex
// returns the tokens before it and the error.
func Lex(src string) ([]Token, *LexError) {
	var toks []Token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end, ok := blockCommentEnd(src, i)
			if !ok {
				return toks, &LexError{Offset: i, Message: "unterminated /* comment"}
			}
			i = end
		case c == '\'':
			t, err := lexString(src, i, i, false)
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			i = t.End
		case (c == 'e' || c == 'E') && i+1 < len(src) && src[i+1] == '\'':
			t, err := lexString(src, i, i+1, true)
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			i = t.End
		case (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && i+1 < len(src) && src[i+1] == '\'':
			t, err := lexString(src, i, i+1, false)
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			i = t.End
		case (c == 'u' || c == 'U') && i+2 < len(src) && src[i+1] == '&' && (src[i+2] == '\'' || src[i+2] == '"'):
			var t Token
			var err *LexError
			if src[i+2] == '\'' {
				t, err = lexString(src, i, i+2, false)
			} else {
				t, err = lexQuotedIdent(src, i, i+2)
			}
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			i = t.End
		case c == '"':
			t, err := lexQuotedIdent(src, i, i)
			if err != nil {
				return toks, err
			}
			toks = append(toks, t)
			i = t.End
		case c == '$':
			if i+1 < len(src) && isDigit(src[i+1]) {
				j := i + 1
				for j < len(src) && isDigit(src[j]) {
					j++
				}
				toks = append(toks, Token{Kind: Param, Value: src[i:j], Start: i, End: j, ContentStart: -1})
				i = j
				continue
			}
			if tag, ok := dollarTag(src, i); ok {
				closing := strings.Index(src[i+len(tag):], tag)
				if closing < 0 {
					return toks, &LexError{Offset: i, Message: "unterminated dollar-quoted string " + tag}
				}
				contentStart := i + len(tag)
				contentEnd := contentStart + closing
				toks = append(toks, Token{Kind: DollarString, Value: src[contentStart:contentEnd], Start: i,
					End: contentEnd + len(tag), ContentStart: contentStart})
				i = contentEnd + len(tag)
				continue
			}
			toks = append(toks, Token{Kind: Punct, Value: "$", Start: i, End: i + 1, ContentStart: -1})
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, Token{Kind: Ident, Value: strings.ToLower(src[i:j]), Start: i, End: j, ContentStart: -1})
			i = j
		case isDigit(c) || (c == '.' && i+1 < len(src) && isDigit(src[i+1])):
			j := i + 1
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '.') && src[j] != '$' {
				j++
			}
			toks = append(toks, Token{Kind: Number, Value: src[i:j], Start: i, End: j, ContentStart: -1})
			i = j
		case c == ':' && i+1 < len(src) && src[i+1] == ':':
			toks = append(toks, Token{Kind: Punct, Value: "::", Start: i, End: i + 2, ContentStart: -1})
			i += 2
		default:
			toks = append(toks, Token{Kind: Punct, Value: src[i : i+1], Start: i, End: i + 1, ContentStart: -1})
			i++
		}
	}
	return toks, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentStart accepts the first byte of an unquoted identifier: a
// letter, an underscore, or any byte of a non-ASCII character.
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// blockCommentEnd returns the offset after the nested block comment that
// starts at i.
func blockCommentEnd(src string, i int) (int, bool) {
	depth := 0
	for i < len(src) {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			depth++
			i += 2
		case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i, true
			}
		default:
			i++
		}
	}
	return i, false
}

// lexString reads a string constant whose opening quote is at quote; the
// token starts at start, before any prefix. In an escape string a
// backslash escapes the next byte; in every string two quotes stand for one.
func lexString(src string, start, quote int, escapes bool) (Token, *LexError) {
	var b strings.Builder
	i := quote + 1
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\' && escapes && i+1 < len(src):
			b.WriteByte(unescape(src[i+1]))
			i += 2
		case c == '\'':
			if i+1 < len(src) && src[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			return Token{Kind: String, Value: b.String(), Start: start, End: i + 1, ContentStart: -1}, nil
		default:
			b.WriteByte(c)
			i++
		}
	}
	return Token{}, &LexError{Offset: start, Message: "unterminated string constant"}
}

// unescape returns the byte a backslash escape of an E'...' string
// stands for; octal, hexadecimal and Unicode escapes keep their letter,
// which is enough to find names in the text.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	}
	return c
}

func lexQuotedIdent(src string, start, quote int) (Token, *LexError) {
	var b strings.Builder
	i := quote + 1
	for i < len(src) {
		if src[i] == '"' {
			if i+1 < len(src) && src[i+1] == '"' {
				b.WriteByte('"')
				i += 2
				continue
			}
			return Token{Kind: QuotedIdent, Value: b.String(), Start: start, End: i + 1, ContentStart: -1}, nil
		}
		b.WriteByte(src[i])
		i++
	}
	return Token{}, &LexError{Offset: start, Message: "unterminated quoted identifier"}
}

// dollarTag returns the opening tag of a dollar-quoted string at i, such
// as "$$" or "$body$". A tag follows the rules of an unquoted identifier
// but contains no dollar sign.
func dollarTag(src string, i int) (string, bool) {
	j := i + 1
	if j < len(src) && src[j] == '$' {
		return "$$", true
	}
	if j >= len(src) || !isIdentStart(src[j]) {
		return "", false
	}
	for j < len(src) && isIdentPart(src[j]) && src[j] != '$' {
		j++
	}
	if j < len(src) && src[j] == '$' {
		return src[i : j+1], true
	}
	return "", false
}
