// Package suppress reads the in-source directives that silence findings:
//
//	// sessionlint-ignore RULE[,RULE] -- reason        silences the line it ends, or the next line
//	/* sessionlint-ignore RULE -- reason */            the same as a block comment
//	{/* sessionlint-ignore RULE -- reason */}          the same inside JSX children
//	# sessionlint-ignore RULE -- reason                the same in supabase/config.toml
//	// sessionlint-ignore-file RULE -- reason          silences RULE in the whole file
//
// A rule list and a reason are required. Parse reads one comment and is
// a pure function; Analyzer finds the directive comments of a file and
// reports the malformed ones and unknown rule names under the rule name
// "directive". The driver applies the directives after the project phase
// and reports the ones that silenced nothing, because only then are the
// file's findings final.
package suppress

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Kind is what a directive silences.
type Kind int

// The kinds of directive.
const (
	// Line silences findings that start on one line.
	Line Kind = iota + 1
	// File silences findings anywhere in the file.
	File
)

// The directive keywords.
const (
	IgnoreKeyword     = "sessionlint-ignore"
	IgnoreFileKeyword = "sessionlint-ignore-file"
	// prefix starts every word that is meant as a directive. A comment
	// whose text starts with it but names no known directive is reported
	// as malformed rather than passed over, so a typo cannot hide.
	prefix = "sessionlint-"
)

// Parsed is the content of a well-formed directive.
type Parsed struct {
	Kind Kind
	// Rules are the rule names in the order written, without duplicates.
	Rules []string
	// Reason is the text after "--", with runs of white space and comment
	// continuation stars collapsed to single spaces.
	Reason string
}

var ruleNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// Parse reads the text of one comment with its delimiters ("// …",
// "/* … */" or "# …"). isDirective is false for a comment whose text does
// not start with "sessionlint-". For a directive, err describes what is
// malformed, in words that can follow "invalid directive: ".
func Parse(comment string) (p Parsed, isDirective bool, err error) {
	body := commentBody(comment)
	if !strings.HasPrefix(body, prefix) {
		return Parsed{}, false, nil
	}
	word, rest := body, ""
	if i := strings.IndexAny(body, " \t"); i >= 0 {
		word, rest = body[:i], body[i:]
	}
	switch word {
	case IgnoreKeyword:
		p.Kind = Line
	case IgnoreFileKeyword:
		p.Kind = File
	default:
		return Parsed{}, true, fmt.Errorf("unknown directive %q; write %s RULE -- reason, or %s RULE -- reason for the whole file",
			word, IgnoreKeyword, IgnoreFileKeyword)
	}

	list, reason, hasReason := strings.Cut(rest, "--")
	list = strings.TrimSpace(list)
	if list == "" {
		return Parsed{}, true, fmt.Errorf("missing rule list; name the rules to silence, as in %s localscopelogout -- reason", word)
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			return Parsed{}, true, fmt.Errorf("empty rule name in the list %q; separate rule names with single commas", list)
		case strings.ContainsAny(name, " \t"):
			return Parsed{}, true, fmt.Errorf("rule names must be separated by commas, but %q holds a space; write -- before the reason", name)
		case !ruleNameRE.MatchString(name):
			return Parsed{}, true, fmt.Errorf("invalid rule name %q; rule names are letters and digits, such as localscopelogout", name)
		}
		for _, seen := range p.Rules {
			if seen == name {
				return Parsed{}, true, fmt.Errorf("rule %s is named twice", name)
			}
		}
		p.Rules = append(p.Rules, name)
	}

	p.Reason = strings.Join(strings.Fields(reason), " ")
	if !hasReason || p.Reason == "" {
		return Parsed{}, true, errors.New("missing reason; write -- and why the finding does not apply after the rule names")
	}
	return p, true, nil
}

// commentBody strips the comment delimiters and the white space and
// stars that start a line of a block comment, joining its lines with
// single spaces.
func commentBody(comment string) string {
	var body string
	block := false
	switch {
	case strings.HasPrefix(comment, "//"):
		body = comment[2:]
	case strings.HasPrefix(comment, "/*"):
		body = strings.TrimSuffix(comment[2:], "*/")
		block = true
	case strings.HasPrefix(comment, "#"):
		body = comment[1:]
	default:
		body = comment
	}
	lines := strings.FieldsFunc(body, func(r rune) bool { return r == '\n' || r == '\r' })
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if block {
			line = strings.TrimSpace(strings.TrimLeft(line, "*"))
		}
		lines[i] = line
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}
