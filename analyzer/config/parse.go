package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sessionlint/sessionlint/analyzer/gitignore"
)

// Error is one problem in a configuration file.
type Error struct {
	// File is the configuration file as shown to the user.
	File string
	// Line and Column are 1-based; 0 when the YAML parser gave none.
	Line, Column int
	// Key is the dotted path of the offending key, such as
	// "rules.credentialchange.options.password", or "" for the file.
	Key     string
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors lists every problem found in one configuration file, in file
// order. Its message has one problem per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Top-level keys of a configuration file.
var topKeys = []string{"clients", "exclude", "rules"}

// Keys of a rule mapping under rules.
var ruleKeys = []string{"level", "levels", "options"}

// Keys under clients.
var clientKeys = []string{"modules", "names"}

var identifierRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// yamlLineRE extracts the line from a yaml.v3 syntax error message.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads one configuration file. file is the name used in error
// messages and dir the repository-relative folder (forward slashes, ""
// for the root) that exclude patterns are relative to. An empty file, or
// one holding only comments, sets nothing. The error is an Errors value
// that lists every problem, each with its line and key.
func Parse(file, dir string, data []byte, schema *Schema) (*Settings, error) {
	s := &Settings{Path: file, Dir: dir, schema: schema, rules: map[string]*ruleSettings{}, clientNames: map[string]bool{}}
	p := &parser{file: file, schema: schema}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	switch {
	case errors.Is(err, io.EOF):
		s.key = s.computeKey()
		return s, nil
	case err != nil:
		return nil, Errors{p.yamlError(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "", "the file holds more than one YAML document; keep only one")
	} else if !errors.Is(err, io.EOF) {
		return nil, Errors{p.yamlError(err)}
	}

	if len(doc.Content) > 0 {
		p.top(doc.Content[0], s)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if len(s.excludes) > 0 {
		s.exclude = gitignore.Compile([]byte(strings.Join(s.excludes, "\n")))
	}
	for _, m := range s.clientModules {
		s.moduleGlobs = append(s.moduleGlobs, globRegexp(m))
	}
	s.key = s.computeKey()
	return s, nil
}

// parser collects the errors of one file.
type parser struct {
	file   string
	schema *Schema
	errs   Errors
}

func (p *parser) errorf(n *yaml.Node, key, format string, args ...any) {
	e := &Error{File: p.file, Key: key, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) yamlError(err error) *Error {
	msg := err.Error()
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) && len(typeErr.Errors) > 0 {
		msg = typeErr.Errors[0]
	}
	e := &Error{File: p.file, Message: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Message = "invalid YAML: " + m[2]
	}
	return e
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// describe names the YAML type of a node for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	case "!!bool":
		return "the boolean " + n.Value
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!null":
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// mapping calls visit for each entry of a mapping node, in file order,
// after checking that every key is a string and appears once. A null
// node is an empty mapping.
func (p *parser) mapping(n *yaml.Node, key string, visit func(k string, kn, vn *yaml.Node)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, key, "must be a mapping of keys to values, not %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := resolve(n.Content[i]), resolve(n.Content[i+1])
		if kn.Kind != yaml.ScalarNode {
			p.errorf(kn, key, "keys must be strings, not %s", describe(kn))
			continue
		}
		if seen[kn.Value] {
			p.errorf(kn, join(key, kn.Value), "duplicate key; each key may appear once")
			continue
		}
		seen[kn.Value] = true
		visit(kn.Value, kn, vn)
	}
}

func (p *parser) unknownKey(kn *yaml.Node, key, name string, known []string) {
	p.errorf(kn, join(key, name), "unknown key%s; valid keys are %s", suggest(name, known), strings.Join(known, ", "))
}

// stringList reads a list of non-empty strings; null is an empty list.
func (p *parser) stringList(n *yaml.Node, key string) []string {
	var out []string
	p.stringItems(n, key, func(value string, _ *yaml.Node, _ string) { out = append(out, value) })
	return out
}

// stringItems calls visit for each valid item of a list of non-empty
// strings, with the item's node and key; null is an empty list.
func (p *parser) stringItems(n *yaml.Node, key string, visit func(value string, item *yaml.Node, itemKey string)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, key, "must be a list of strings, such as [a, b], not %s", describe(n))
		return
	}
	for i, item := range n.Content {
		item = resolve(item)
		itemKey := fmt.Sprintf("%s[%d]", key, i)
		if item.Kind != yaml.ScalarNode || item.Tag != "!!str" {
			p.errorf(item, itemKey, "must be a string, not %s; quote it if it is meant as text", describe(item))
			continue
		}
		if strings.TrimSpace(item.Value) == "" {
			p.errorf(item, itemKey, "must not be empty")
			continue
		}
		visit(item.Value, item, itemKey)
	}
}

func (p *parser) top(n *yaml.Node, s *Settings) {
	p.mapping(n, "", func(k string, kn, vn *yaml.Node) {
		switch k {
		case "exclude":
			s.excludes = p.stringList(vn, k)
		case "rules":
			p.rules(vn, s)
		case "clients":
			p.clients(vn, s)
		default:
			p.unknownKey(kn, "", k, topKeys)
		}
	})
}

func (p *parser) clients(n *yaml.Node, s *Settings) {
	p.mapping(n, "clients", func(k string, kn, vn *yaml.Node) {
		key := join("clients", k)
		switch k {
		case "modules":
			s.clientModules = p.stringList(vn, key)
		case "names":
			p.stringItems(vn, key, func(name string, item *yaml.Node, itemKey string) {
				if !identifierRE.MatchString(name) {
					p.errorf(item, itemKey, "%q is not a JavaScript identifier; list the variable that holds the client, such as db", name)
					return
				}
				s.clientNames[name] = true
			})
		default:
			p.unknownKey(kn, "clients", k, clientKeys)
		}
	})
}

func (p *parser) rules(n *yaml.Node, s *Settings) {
	known := p.schema.RuleNames()
	p.mapping(n, "rules", func(name string, kn, vn *yaml.Node) {
		key := join("rules", name)
		schema := p.schema.rule(name)
		if schema == nil {
			p.errorf(kn, key, "unknown rule%s; the rules are %s", suggest(name, known), strings.Join(known, ", "))
			return
		}
		r := &ruleSettings{levels: map[string]string{}, options: map[string]any{}}
		s.rules[name] = r
		switch {
		case isNull(vn):
		case vn.Kind == yaml.ScalarNode:
			r.level = p.level(vn, key, true)
		case vn.Kind == yaml.MappingNode:
			p.ruleMapping(vn, key, schema, r)
		default:
			p.errorf(vn, key, "must be off, a level (error, warning, note) or a mapping with level, levels and options, not %s", describe(vn))
		}
		if r.level == LevelOff {
			r.off, r.level = true, ""
		}
	})
}

// level reads a level; allowOff admits "off". It returns "" after an error.
func (p *parser) level(n *yaml.Node, key string, allowOff bool) string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		switch n.Value {
		case LevelError, LevelWarning, LevelNote:
			return n.Value
		case LevelOff:
			if allowOff {
				return n.Value
			}
			p.errorf(n, key, "a category cannot be turned off; use error, warning or note, or a rule option where the rule has one")
			return ""
		}
		p.errorf(n, key, "invalid level %q: use %s", n.Value, levelChoices(allowOff))
		return ""
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && allowOff {
		p.errorf(n, key, "invalid value %s: use off to turn the rule off, or a level (error, warning, note)", n.Value)
		return ""
	}
	p.errorf(n, key, "must be %s, not %s", levelChoices(allowOff), describe(n))
	return ""
}

func levelChoices(allowOff bool) string {
	if allowOff {
		return "off, error, warning or note"
	}
	return "error, warning or note"
}

func (p *parser) ruleMapping(n *yaml.Node, key string, schema *RuleSchema, r *ruleSettings) {
	p.mapping(n, key, func(k string, kn, vn *yaml.Node) {
		sub := join(key, k)
		switch k {
		case "level":
			r.level = p.level(vn, sub, true)
		case "levels":
			p.categoryLevels(kn, vn, sub, schema, r)
		case "options":
			p.options(kn, vn, sub, schema, r)
		default:
			p.unknownKey(kn, key, k, ruleKeys)
		}
	})
}

func (p *parser) categoryLevels(kn, n *yaml.Node, key string, schema *RuleSchema, r *ruleSettings) {
	cats := sortedKeys(schema.CategoryLevels)
	if len(cats) == 0 {
		p.errorf(kn, key, "rule %s has no categories; set its level with level", schema.Name)
		return
	}
	p.mapping(n, key, func(cat string, kn, vn *yaml.Node) {
		sub := join(key, cat)
		if _, ok := schema.CategoryLevels[cat]; !ok {
			p.errorf(kn, sub, "unknown category%s; the categories of %s are %s", suggest(cat, cats), schema.Name, strings.Join(cats, ", "))
			return
		}
		if l := p.level(vn, sub, false); l != "" {
			r.levels[cat] = l
		}
	})
}

func (p *parser) options(kn, n *yaml.Node, key string, schema *RuleSchema, r *ruleSettings) {
	var names []string
	for _, o := range schema.Options {
		names = append(names, o.Name)
	}
	if len(names) == 0 {
		p.errorf(kn, key, "rule %s has no options", schema.Name)
		return
	}
	p.mapping(n, key, func(name string, kn, vn *yaml.Node) {
		sub := join(key, name)
		var opt *Option
		for i := range schema.Options {
			if schema.Options[i].Name == name {
				opt = &schema.Options[i]
			}
		}
		if opt == nil {
			p.errorf(kn, sub, "unknown option%s; the options of %s are %s", suggest(name, names), schema.Name, strings.Join(names, ", "))
			return
		}
		switch opt.Default.(type) {
		case bool:
			if vn.Kind != yaml.ScalarNode || vn.Tag != "!!bool" {
				p.errorf(vn, sub, "must be true or false, not %s", describe(vn))
				return
			}
			r.options[name] = strings.EqualFold(vn.Value, "true")
		case []string:
			errs := len(p.errs)
			list := p.stringList(vn, sub)
			if len(p.errs) == errs {
				r.options[name] = list
			}
		default:
			p.errorf(kn, sub, "option of unsupported type %T in the rule schema", opt.Default)
		}
	})
}
