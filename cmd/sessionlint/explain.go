package main

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/sessionlint/sessionlint/analyzer"
)

// listRules writes one line per rule for -list: name, default level and
// title, in aligned columns.
func listRules(w io.Writer, all []analyzer.Rule) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name(), listLevels(r.Doc), r.Doc.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// listLevels returns a rule's default level, or its level per category
// (email:warning,mfa:warning,password:note) when categories differ.
func listLevels(d *analyzer.Doc) string {
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
		parts = append(parts, c+":"+string(d.CategoryLevels[c]))
	}
	return strings.Join(parts, ",")
}

// findRule returns the rule with the given name.
func findRule(all []analyzer.Rule, name string) (analyzer.Rule, bool) {
	for _, r := range all {
		if r.Name() == name {
			return r, true
		}
	}
	return analyzer.Rule{}, false
}

// ruleNames returns the names of the rules in their given order.
func ruleNames(all []analyzer.Rule) []string {
	names := make([]string, 0, len(all))
	for _, r := range all {
		names = append(names, r.Name())
	}
	return names
}

// explainWidth is the line width that -explain wraps prose to.
const explainWidth = 80

// explainRule writes the full documentation of one rule for -explain.
// Sections the rule leaves empty are left out.
func explainRule(w io.Writer, r analyzer.Rule) error {
	doc := r.Doc
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s: %s\n\n", r.Name(), doc.Title)

	fmt.Fprintf(&buf, "Level: %s\n", doc.Level)
	if len(doc.CategoryLevels) > 0 {
		categories := make([]string, 0, len(doc.CategoryLevels))
		for category := range doc.CategoryLevels {
			categories = append(categories, category)
		}
		sort.Strings(categories)
		buf.WriteString("Category levels:\n")
		tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
		for _, category := range categories {
			fmt.Fprintf(tw, "  %s\t%s\n", category, doc.CategoryLevels[category])
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if doc.CWE > 0 {
		fmt.Fprintf(&buf, "CWE: CWE-%d (https://cwe.mitre.org/data/definitions/%d.html)\n", doc.CWE, doc.CWE)
	}

	writeSection(&buf, "Why", wrapText(doc.Why, explainWidth-2), "  ")
	writeSection(&buf, "Bad", doc.Bad, "    ")
	writeSection(&buf, "Good", doc.Good, "    ")
	writeSection(&buf, "Limits", wrapText(doc.Limits, explainWidth-2), "  ")
	writeSection(&buf, "Options (rules."+r.Name()+".options in .sessionlint.yaml)", optionsText(doc), "  ")

	_, err := w.Write(buf.Bytes())
	return err
}

// writeSection writes a heading and the text under it, each line
// indented. Empty text writes nothing.
func writeSection(buf *bytes.Buffer, heading, text, indent string) {
	text = strings.Trim(text, "\n")
	if strings.TrimSpace(text) == "" {
		return
	}
	fmt.Fprintf(buf, "\n%s:\n", heading)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t")
		if line != "" {
			buf.WriteString(indent)
			buf.WriteString(line)
		}
		buf.WriteByte('\n')
	}
}

// wrapText wraps the Markdown prose of a rule document to lines of at
// most width characters where the words allow it. A list item ("- ",
// "* " or "1. ") continues under its first word. Lines that start with a
// space or a tab, and lines inside ``` fences, are code and stay as they
// are.
func wrapText(text string, width int) string {
	var out []string
	inFence := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			out = append(out, line)
			continue
		}
		if inFence || line == "" || line[0] == ' ' || line[0] == '\t' {
			out = append(out, line)
			continue
		}
		out = append(out, wrapLine(line, width)...)
	}
	return strings.Join(out, "\n")
}

// wrapLine breaks one line of prose between words, but not inside an
// inline code span.
func wrapLine(line string, width int) []string {
	hanging := strings.Repeat(" ", listMarkerWidth(line))
	var lines []string
	current := ""
	for _, word := range unbreakableWords(line) {
		switch {
		case current == "":
			current = word
		case utf8.RuneCountInString(current)+1+utf8.RuneCountInString(word) > width:
			lines = append(lines, current)
			current = hanging + word
		default:
			current += " " + word
		}
	}
	return append(lines, current)
}

// unbreakableWords splits line at spaces, keeping each `code span`
// together with the spaces inside it.
func unbreakableWords(line string) []string {
	var words []string
	open := false
	for _, field := range strings.Fields(line) {
		if open {
			words[len(words)-1] += " " + field
		} else {
			words = append(words, field)
		}
		if strings.Count(field, "`")%2 == 1 {
			open = !open
		}
	}
	return words
}

// listMarkerWidth returns the width of the Markdown list marker that
// starts line, including the space after it, or 0.
func listMarkerWidth(line string) int {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") {
		return 2
	}
	digits := 0
	for digits < len(line) && line[digits] >= '0' && line[digits] <= '9' {
		digits++
	}
	if digits > 0 && strings.HasPrefix(line[digits:], ". ") {
		return digits + 2
	}
	return 0
}
