package config

import (
	"fmt"
	"sort"
	"strings"
)

// starterLine is one line of the starter file. Example lines are written
// commented out, so the starter file changes nothing until edited.
type starterLine struct {
	indent int
	text   string
	// example lines are commented out, with the "#" at column base.
	example bool
	base    int
}

// Starter returns the commented starter configuration that
// "sessionlint -init" writes: every key with an example or its default,
// commented out, so the file sets nothing until a line is uncommented.
func Starter(schema *Schema) string {
	return renderStarter(starterLines(schema), false)
}

func renderStarter(lines []starterLine, active bool) string {
	var b strings.Builder
	for _, l := range lines {
		pad := strings.Repeat(" ", l.indent)
		switch {
		case l.text == "":
			b.WriteString("\n")
			continue
		case l.example && !active:
			fmt.Fprintf(&b, "%s# %s%s\n", strings.Repeat(" ", l.base), strings.Repeat(" ", l.indent-l.base), l.text)
		default:
			fmt.Fprintf(&b, "%s%s\n", pad, l.text)
		}
	}
	return b.String()
}

func starterLines(schema *Schema) []starterLine {
	var out []starterLine
	comment := func(indent int, text string) {
		for _, line := range wrap(text, 72-indent-2) {
			out = append(out, starterLine{indent: indent, text: "# " + line})
		}
	}
	plain := func(indent int, text string) { out = append(out, starterLine{indent: indent, text: text}) }
	example := func(base, indent int, text string) {
		out = append(out, starterLine{indent: indent, text: text, example: true, base: base})
	}
	blank := func() { out = append(out, starterLine{}) }

	comment(0, "sessionlint configuration. The nearest .sessionlint.yaml at or above "+
		"a file applies to that file, so a file in a package of a monorepo "+
		"replaces the one at the repository root for that package. "+
		"docs/configuration.md describes every key.")
	comment(0, "The lines commented out below are examples and defaults; "+
		"uncomment a line to use it.")
	blank()

	comment(0, "Paths to leave out of the scan, in .gitignore syntax, relative to "+
		"the folder of this file.")
	plain(0, "exclude:")
	example(2, 2, "- legacy/")
	example(2, 2, `- "**/*.generated.ts"`)
	blank()

	comment(0, "Where the app keeps its Supabase client when sessionlint cannot "+
		"tell from the code.")
	plain(0, "clients:")
	comment(2, "Import paths, as written in import statements, whose exports are "+
		"Supabase clients or the auth object of one (import { auth }). "+
		"Wildcards: * matches within a path segment, ** across segments.")
	plain(2, "modules:")
	example(4, 4, `- "@/lib/supabase"`)
	comment(2, "Names of variables that hold a Supabase client.")
	plain(2, "names:")
	example(4, 4, "- db")
	blank()

	comment(0, "Rules: off, a level (error, warning, note), or a mapping with "+
		"level, levels (one per category) and options. The examples show "+
		"the default levels.")
	plain(0, "rules:")
	for _, r := range schema.Rules {
		if len(r.CategoryLevels) == 0 && len(r.Options) == 0 {
			example(2, 2, fmt.Sprintf("%s: %s", r.Name, r.Level))
			continue
		}
		example(2, 2, r.Name+":")
		if len(r.CategoryLevels) == 0 {
			example(2, 4, "level: "+r.Level)
		} else {
			example(2, 4, "levels:")
			cats := make([]string, 0, len(r.CategoryLevels))
			for c := range r.CategoryLevels {
				cats = append(cats, c)
			}
			sort.Strings(cats)
			for _, c := range cats {
				example(2, 6, fmt.Sprintf("%s: %s", c, r.CategoryLevels[c]))
			}
		}
		if len(r.Options) == 0 {
			continue
		}
		example(2, 4, "options:")
		for _, o := range r.Options {
			for _, line := range wrap(o.Doc, 72-10) {
				example(2, 6, "# "+line)
			}
			example(2, 6, fmt.Sprintf("%s: %s", o.Name, yamlValue(o.Default)))
		}
	}
	return out
}

// yamlValue writes an option default in flow style.
func yamlValue(v any) string {
	switch v := v.(type) {
	case bool:
		return fmt.Sprint(v)
	case []string:
		quoted := make([]string, len(v))
		for i, s := range v {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
