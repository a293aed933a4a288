package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
)

// levelsText describes a rule's default level, per category where the
// rule has categories.
func levelsText(d *analyzer.Doc) string {
	if len(d.CategoryLevels) == 0 {
		return string(d.Level)
	}
	cats := make([]string, 0, len(d.CategoryLevels))
	for c := range d.CategoryLevels {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	parts := make([]string, 0, len(cats))
	for _, c := range cats {
		parts = append(parts, fmt.Sprintf("%s: %s", c, d.CategoryLevels[c]))
	}
	return strings.Join(parts, ", ")
}

// Table renders the Markdown rule table of the README.
func Table(all []analyzer.Rule) string {
	var b strings.Builder
	b.WriteString("| rule | finds | default level | CWE |\n|---|---|---|---|\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [`%s`](docs/rules.md#%s) | %s | %s | [CWE-%d](https://cwe.mitre.org/data/definitions/%d.html) |\n",
			r.Name(), r.Name(), r.Doc.Title, levelsText(r.Doc), r.Doc.CWE, r.Doc.CWE)
	}
	return b.String()
}

// Reference renders docs/rules.md, the page SARIF help links point to.
func Reference(all []analyzer.Rule) string {
	var b strings.Builder
	b.WriteString("# sessionlint rules\n\n")
	b.WriteString("This page is generated from the rule documentation in `rules/*/` by\n" +
		"`go test ./rules -update`; edit the documentation there, not here.\n\n")
	for _, r := range all {
		d := r.Doc
		fmt.Fprintf(&b, "## %s\n\n**%s.** Default level: %s. CWE-%d. GitHub security severity %s, precision %s.\n\n",
			r.Name(), d.Title, levelsText(d), d.CWE, d.SecuritySeverity, d.Precision)
		b.WriteString(d.Why + "\n\n")
		b.WriteString("Flagged:\n\n```" + lang(r) + "\n" + d.Bad + "\n```\n\n")
		b.WriteString("Instead:\n\n```" + lang(r) + "\n" + d.Good + "\n```\n\n")
		if d.Limits != "" {
			b.WriteString("Limits: " + d.Limits + "\n\n")
		}
		writeOptions(&b, r)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func lang(r analyzer.Rule) string {
	if r.Name() == "refreshrotation" {
		return "toml"
	}
	if r.Name() == "definersearchpath" {
		return "sql"
	}
	return "ts"
}

// writeOptions lists the options a rule accepts in .sessionlint.yaml.
func writeOptions(b *strings.Builder, r analyzer.Rule) {
	if len(r.Doc.Options) == 0 {
		return
	}
	fmt.Fprintf(b, "Options, under `rules.%s.options` in `.sessionlint.yaml`:\n\n", r.Name())
	for _, o := range r.Doc.Options {
		fmt.Fprintf(b, "- `%s` (default `%s`): %s\n", o.Name, optionDefault(o.Default), o.Doc)
	}
	b.WriteString("\n")
}

// optionDefault writes an option default as it is written in YAML.
func optionDefault(v any) string {
	if list, ok := v.([]string); ok {
		return "[" + strings.Join(list, ", ") + "]"
	}
	return fmt.Sprint(v)
}
