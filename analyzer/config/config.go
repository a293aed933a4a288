// Package config reads .sessionlint.yaml files: which rules run, the
// level of their findings, rule options, paths to exclude, and where an
// app keeps its Supabase client.
//
// The nearest .sessionlint.yaml at or above a file's folder, up to the
// repository root, applies to the file as a whole: a file in a package of
// a monorepo replaces the root file for that package, with no merging.
// A file named with -config applies to every file instead.
//
// The package imports nothing from the driver, so the driver can import
// it. The rules describe what they accept through a Schema.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/gitignore"
)

// FileName is the name of a configuration file.
const FileName = ".sessionlint.yaml"

// Levels a configuration file may give a rule or a category, in the
// SARIF 2.1.0 spelling that the findings use, and "off".
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelNote    = "note"
	LevelOff     = "off"
)

// Option is one option a rule accepts under rules.RULE.options.
type Option struct {
	// Name is the key in the configuration file.
	Name string
	// Doc is a one-sentence description for the documentation and the
	// starter file written by -init.
	Doc string
	// Default is the value when no file sets the option. Its type is the
	// type the option accepts: bool or []string.
	Default any
}

// RuleSchema describes one rule to the configuration reader.
type RuleSchema struct {
	Name string
	// Level is the default level of the rule's findings.
	Level string
	// CategoryLevels are the default levels of the categories that have
	// their own; only these categories may be named under levels.
	CategoryLevels map[string]string
	Options        []Option
}

// Schema lists every rule a configuration file may name.
type Schema struct {
	Rules []RuleSchema
}

func (s *Schema) rule(name string) *RuleSchema {
	for i := range s.Rules {
		if s.Rules[i].Name == name {
			return &s.Rules[i]
		}
	}
	return nil
}

// RuleNames returns the names of the known rules in schema order.
func (s *Schema) RuleNames() []string {
	names := make([]string, 0, len(s.Rules))
	for _, r := range s.Rules {
		names = append(names, r.Name)
	}
	return names
}

// ruleSettings is what a file sets for one rule.
type ruleSettings struct {
	off bool
	// level overrides the level of every category; "" keeps the default.
	level string
	// levels override the level of single categories.
	levels  map[string]string
	options map[string]any
}

// Settings is the configuration in force for a file. The zero value and
// nil both mean "no configuration file": every rule on at its default
// level, option defaults, nothing excluded.
type Settings struct {
	// Path is the configuration file as shown in messages, "" when the
	// defaults apply.
	Path string
	// Dir is the repository-relative folder, with forward slashes and ""
	// for the root, that exclude patterns are relative to.
	Dir string

	schema        *Schema
	rules         map[string]*ruleSettings
	excludes      []string
	exclude       *gitignore.Matcher
	clientModules []string
	moduleGlobs   []*regexp.Regexp
	clientNames   map[string]bool
	key           string
}

// Enabled reports whether the rule runs.
func (s *Settings) Enabled(rule string) bool {
	if s == nil {
		return true
	}
	r := s.rules[rule]
	return r == nil || !r.off
}

// Level returns the level the file sets for findings of the rule in the
// category (category "" for rules without categories), or "" when the
// rule's default level applies.
func (s *Settings) Level(rule, category string) string {
	if s == nil {
		return ""
	}
	r := s.rules[rule]
	if r == nil {
		return ""
	}
	if l, ok := r.levels[category]; ok {
		return l
	}
	return r.level
}

// Bool returns the value of a boolean option of the rule: the value the
// file sets, else the option's default.
func (s *Settings) Bool(rule string, o Option) bool {
	if v, ok := s.option(rule, o.Name).(bool); ok {
		return v
	}
	v, _ := o.Default.(bool)
	return v
}

// Strings returns the value of a string-list option of the rule: the
// value the file sets, else the option's default.
func (s *Settings) Strings(rule string, o Option) []string {
	if v, ok := s.option(rule, o.Name).([]string); ok {
		return v
	}
	v, _ := o.Default.([]string)
	return v
}

func (s *Settings) option(rule, name string) any {
	if s == nil || s.rules[rule] == nil {
		return nil
	}
	return s.rules[rule].options[name]
}

// KnownRule reports whether name is a rule of the schema the settings
// were read with. Without a schema (settings not made by Parse or a
// Loader) every name counts as known.
func (s *Settings) KnownRule(name string) bool {
	if s == nil || s.schema == nil {
		return true
	}
	return s.schema.rule(name) != nil
}

// RuleNames returns the names of the known rules, or nil without a schema.
func (s *Settings) RuleNames() []string {
	if s == nil || s.schema == nil {
		return nil
	}
	return s.schema.RuleNames()
}

// Excludes reports whether an exclude pattern of the file matches the
// repository-relative path rel (forward slashes). Folders are matched
// with isDir set, so a pattern such as "legacy/" matches only folders.
func (s *Settings) Excludes(rel string, isDir bool) bool {
	if s == nil || s.exclude == nil {
		return false
	}
	sub := rel
	if s.Dir != "" {
		if !strings.HasPrefix(rel, s.Dir+"/") {
			return false
		}
		sub = strings.TrimPrefix(rel, s.Dir+"/")
	}
	if isDir {
		sub += "/"
	}
	return s.exclude.MatchesPath(sub)
}

// IsClientModule reports whether an import specifier, as written in the
// source, names a module listed under clients.modules.
func (s *Settings) IsClientModule(spec string) bool {
	if s == nil {
		return false
	}
	for _, g := range s.moduleGlobs {
		if g.MatchString(spec) {
			return true
		}
	}
	return false
}

// IsClientName reports whether an expression such as `db`, `this.db` or
// `getDb()` refers to a client listed under clients.names: its last
// dotted part, without call parentheses, is a listed name.
func (s *Settings) IsClientName(expr string) bool {
	if s == nil || len(s.clientNames) == 0 {
		return false
	}
	e := strings.TrimSpace(expr)
	e = strings.TrimPrefix(e, "await ")
	e = strings.TrimSpace(strings.TrimSuffix(e, "()"))
	if i := strings.LastIndexByte(e, '.'); i >= 0 {
		e = e[i+1:]
	}
	return s.clientNames[e]
}

// Key returns a digest of everything the settings change in the analysis
// of a file, so that a cache of per-file results can tell when a
// configuration change makes an entry stale. Defaults have the key "".
func (s *Settings) Key() string {
	if s == nil {
		return ""
	}
	return s.key
}

// computeKey digests the settings in a canonical order.
func (s *Settings) computeKey() string {
	var b strings.Builder
	names := make([]string, 0, len(s.rules))
	for n := range s.rules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		r := s.rules[n]
		fmt.Fprintf(&b, "rule %q off=%t level=%q\n", n, r.off, r.level)
		for _, c := range sortedKeys(r.levels) {
			fmt.Fprintf(&b, " level %q=%q\n", c, r.levels[c])
		}
		for _, o := range sortedKeys(r.options) {
			fmt.Fprintf(&b, " option %q=%#v\n", o, r.options[o])
		}
	}
	fmt.Fprintf(&b, "dir %q\nexclude %q\nmodules %q\nnames %q\n", s.Dir, s.excludes, s.clientModules, sortedKeys(s.clientNames))
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// globRegexp compiles a module glob: "*" matches within one path segment
// and "**" across segments; every other character matches itself.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for glob != "" {
		i := strings.IndexByte(glob, '*')
		if i < 0 {
			b.WriteString(regexp.QuoteMeta(glob))
			break
		}
		b.WriteString(regexp.QuoteMeta(glob[:i]))
		if strings.HasPrefix(glob[i:], "**") {
			b.WriteString(".*")
			glob = glob[i+2:]
		} else {
			b.WriteString("[^/]*")
			glob = glob[i+1:]
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
