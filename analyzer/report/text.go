package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sessionlint/sessionlint/analyzer"
)

// TextOptions configures Text.
type TextOptions struct {
	// ShowSource adds the flagged source line under each finding, with a
	// caret under the first flagged column and tildes under the rest.
	ShowSource bool
	// ShowSuppressed writes the findings that a sessionlint-ignore
	// directive silences too, marked "[suppressed]" and followed by the
	// directive's location and reason; by default they are left out.
	ShowSuppressed bool
}

// Text writes the findings of r for a terminal, one per line, each
// followed by its evidence (related locations) on indented lines:
//
//	path:line:column: message (rule)
//	    note: message (path:line:column)
//
// Columns count UTF-16 code units, as in the other formats. Control
// characters in paths, messages and source lines are escaped (see
// escapeTerminal), so the output is safe to print even when the scanned
// files or their names contain escape sequences.
func Text(w io.Writer, r *analyzer.Result, opt TextOptions) error {
	var buf bytes.Buffer
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppression != nil && !opt.ShowSuppressed {
			continue
		}
		mark := ""
		if f.Suppression != nil {
			mark = " [suppressed]"
		}
		fmt.Fprintf(&buf, "%s:%d:%d: %s (%s)%s\n",
			escapeTerminal(f.File, false), f.Start.Line, f.Start.Column,
			escapeTerminal(f.Message, false), escapeTerminal(f.Rule, false), mark)
		if opt.ShowSource && f.LineText != "" {
			endColumn := -1 // the range runs past the end of the first line
			if f.End.Line == f.Start.Line {
				endColumn = f.End.Column
			}
			source, marker := underline(f.LineText, f.Start.Column, endColumn)
			buf.WriteString(source)
			buf.WriteByte('\n')
			buf.WriteString(marker)
			buf.WriteByte('\n')
		}
		// Evidence lines start with white space, so tools that read
		// "path:line:col:" lines take them for continuation, not findings.
		for _, rel := range f.Related {
			fmt.Fprintf(&buf, "    note: %s (%s:%d:%d)\n", escapeTerminal(rel.Message, false),
				escapeTerminal(rel.File, false), rel.Start.Line, rel.Start.Column)
		}
		if s := f.Suppression; s != nil {
			fmt.Fprintf(&buf, "    suppressed: %s (%s:%d:%d)\n", escapeTerminal(s.Justification, false),
				escapeTerminal(s.Directive.File, false), s.Directive.Start.Line, s.Directive.Start.Column)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Notices writes the notices of r for stderr, one per line:
//
//	path:line: notice: message (rule)
//
// The line is left out when it is unknown, the rule when the notice
// concerns no rule, and a notice without a file starts with "sessionlint:".
func Notices(w io.Writer, r *analyzer.Result) error {
	var buf bytes.Buffer
	for _, n := range r.Notices {
		switch {
		case n.File == "":
			buf.WriteString(ToolName)
		case n.Line > 0:
			buf.WriteString(escapeTerminal(n.File, false))
			buf.WriteByte(':')
			buf.WriteString(strconv.Itoa(n.Line))
		default:
			buf.WriteString(escapeTerminal(n.File, false))
		}
		buf.WriteString(": notice: ")
		buf.WriteString(escapeTerminal(n.Message, false))
		if n.Rule != "" {
			fmt.Fprintf(&buf, " (%s)", escapeTerminal(n.Rule, false))
		}
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// underline returns the escaped source line and a marker line that puts
// '^' under the first flagged character and '~' under the others. The
// flagged columns are [startColumn, endColumn) in UTF-16 code units, and
// endColumn -1 flags everything up to the end of the line. An empty range
// gets a single '^'. Tabs in the marker line stay tabs, so the marks line
// up with the source under any tab width.
//
// NOTE: every character is assumed to take one terminal cell, so marks
// after East Asian wide characters or emoji are shifted left. A flagged
// tab is written as a mark followed by a tab, which is off by one tab stop
// when the source tab spans a single cell.
func underline(line string, startColumn, endColumn int) (source, marker string) {
	if endColumn >= 0 && endColumn <= startColumn {
		endColumn = startColumn + 1
	}

	var src, mark strings.Builder
	column := 1
	marked := false
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		units := 1
		if r >= 0x10000 {
			units = 2
		}
		text := escapeTerminal(line[i:i+size], true)
		i += size

		flagged := column+units > startColumn && (endColumn < 0 || column < endColumn)
		column += units
		src.WriteString(text)

		switch {
		case text == "\t" && flagged:
			mark.WriteString(markFor(&marked))
			mark.WriteByte('\t')
		case text == "\t":
			mark.WriteByte('\t')
		case flagged:
			for range utf8.RuneCountInString(text) {
				mark.WriteString(markFor(&marked))
			}
		default:
			mark.WriteString(strings.Repeat(" ", utf8.RuneCountInString(text)))
		}
	}
	if !marked {
		// The range starts at or after the end of the line.
		mark.WriteByte('^')
	}
	return src.String(), strings.TrimRight(mark.String(), " ")
}

// markFor returns '^' for the first flagged character and '~' after it.
func markFor(marked *bool) string {
	if *marked {
		return "~"
	}
	*marked = true
	return "^"
}
