package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sessionlint/sessionlint/analyzer"
)

// Annotation limits of GitHub Actions: it turns at most 10 error, 10
// warning and 10 notice workflow commands of one step into annotations,
// and at most 50 of all the steps of a job (actions/toolkit,
// docs/problem-matchers.md, "Limitations").
const (
	DefaultAnnotationsPerLevel = 10
	DefaultAnnotationsPerJob   = 50
)

// GitHubOptions configures GitHub.
type GitHubOptions struct {
	// PerLevel is the maximum number of annotations of one level. Zero
	// means DefaultAnnotationsPerLevel.
	PerLevel int
	// Total is the maximum number of annotations of all levels, for a job
	// whose other steps annotate too. Zero means DefaultAnnotationsPerJob.
	Total int
}

// GitHub writes the findings of r as GitHub Actions workflow commands,
// which the Actions runner shows as annotations on the changed files:
//
//	::warning file=src/a.ts,line=3,col=8,endLine=3,endColumn=49,title=...::message
//
// Findings are ordered by level, then by the security-severity and the
// precision of their rule, and only as many as GitHub shows become
// commands. The rest are written as plain log lines, followed by one
// notice that counts them, which takes the last notice slot. Suppressed
// findings are left out.
func GitHub(w io.Writer, r *analyzer.Result, opt GitHubOptions) error {
	perLevel := opt.PerLevel
	if perLevel <= 0 {
		perLevel = DefaultAnnotationsPerLevel
	}
	total := opt.Total
	if total <= 0 {
		total = DefaultAnnotationsPerJob
	}

	docs := docsByName(r)
	var order []int
	for i := range r.Findings {
		if r.Findings[i].Suppression == nil {
			order = append(order, i)
		}
	}
	ranks := make(map[int]resultRank, len(order))
	for _, i := range order {
		ranks[i] = rankFinding(&r.Findings[i], i, docs)
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := ranks[order[a]], ranks[order[b]]
		switch {
		case x.level != y.level:
			return x.level > y.level
		case x.severity != y.severity:
			return x.severity > y.severity
		case x.precision != y.precision:
			return x.precision > y.precision
		}
		return x.index < y.index
	})

	annotated, rest := splitAnnotations(r.Findings, order, docs, perLevel, total, perLevel)
	if len(rest) > 0 {
		// Keep one notice and one job slot free for the summary line.
		annotated, rest = splitAnnotations(r.Findings, order, docs, perLevel, total-1, perLevel-1)
	}

	var buf bytes.Buffer
	for _, i := range annotated {
		writeAnnotation(&buf, &r.Findings[i], findingLevel(&r.Findings[i], docs), docs[r.Findings[i].Rule])
	}
	if len(rest) == 0 {
		_, err := w.Write(buf.Bytes())
		return err
	}

	counts := map[analyzer.Level]int{}
	for _, i := range rest {
		f := &r.Findings[i]
		level := findingLevel(f, docs)
		counts[level]++
		// A plain line starts with the tool name, so the runner never
		// reads it as a workflow command, whatever the file is called.
		fmt.Fprintf(&buf, "%s: %s: %s:%d:%d: %s (%s)\n", ToolName, level,
			escapeTerminal(f.File, false), f.Start.Line, f.Start.Column,
			escapeTerminal(f.Message, false), escapeTerminal(f.Rule, false))
	}
	var parts []string
	for _, level := range []analyzer.Level{analyzer.LevelError, analyzer.LevelWarning, analyzer.LevelNote} {
		if n := counts[level]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, pluralWord(n, string(level))))
		}
	}
	summary := fmt.Sprintf(
		"%d more %s (%s) listed in the log without annotations: GitHub shows at most %d annotations per level in a step. Upload the SARIF output to code scanning to see every finding.",
		len(rest), pluralWord(len(rest), "finding"), strings.Join(parts, ", "), perLevel)
	buf.WriteString("::notice title=" + escapeWorkflowProperty(ToolName) + "::" + escapeWorkflowData(summary) + "\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// splitAnnotations walks the findings in order and returns those that fit
// in the annotation budget and those that do not.
func splitAnnotations(findings []analyzer.Finding, order []int, docs map[string]*analyzer.Doc, perLevel, total, noticeLimit int) (annotated, rest []int) {
	used := map[string]int{}
	for _, i := range order {
		command := workflowCommand(findingLevel(&findings[i], docs))
		limit := perLevel
		if command == "notice" {
			limit = noticeLimit
		}
		if used[command] < limit && len(annotated) < total {
			used[command]++
			annotated = append(annotated, i)
		} else {
			rest = append(rest, i)
		}
	}
	return annotated, rest
}

// workflowCommand returns the workflow command for a level: SARIF's note
// is GitHub's notice.
func workflowCommand(level analyzer.Level) string {
	switch level {
	case analyzer.LevelError:
		return "error"
	case analyzer.LevelNote:
		return "notice"
	}
	return "warning"
}

// writeAnnotation writes one workflow command. Columns are written only
// for a range within one line, because GitHub accepts annotation columns
// only when the start and end lines are the same.
func writeAnnotation(buf *bytes.Buffer, f *analyzer.Finding, level analyzer.Level, doc *analyzer.Doc) {
	properties := []string{"file=" + escapeWorkflowProperty(f.File)}
	if f.Start.Line > 0 {
		properties = append(properties, "line="+strconv.Itoa(f.Start.Line))
		sameLine := f.End.Line == f.Start.Line
		if sameLine && f.Start.Column > 0 {
			properties = append(properties, "col="+strconv.Itoa(f.Start.Column))
		}
		if f.End.Line >= f.Start.Line {
			properties = append(properties, "endLine="+strconv.Itoa(f.End.Line))
		}
		if sameLine && f.Start.Column > 0 && f.End.Column >= f.Start.Column {
			properties = append(properties, "endColumn="+strconv.Itoa(f.End.Column))
		}
	}
	title := ToolName + " " + f.Rule
	if doc != nil && doc.Title != "" {
		title = f.Rule + ": " + doc.Title
	}
	properties = append(properties, "title="+escapeWorkflowProperty(title))

	buf.WriteString("::")
	buf.WriteString(workflowCommand(level))
	buf.WriteByte(' ')
	buf.WriteString(strings.Join(properties, ","))
	buf.WriteString("::")
	buf.WriteString(escapeWorkflowData(f.Message))
	buf.WriteByte('\n')
}

// escapeWorkflowData escapes the message of a workflow command as the
// Actions runner decodes it: "%" as %25, CR as %0D and LF as %0A. Other
// control characters, bidirectional formatting characters and invalid
// UTF-8 are made visible as in escapeTerminal.
func escapeWorkflowData(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		default:
			b.WriteString(escapeRune(r, true))
		}
		i += size
	}
	return b.String()
}

// escapeWorkflowProperty escapes a property value of a workflow command:
// as escapeWorkflowData, and also ":" as %3A and "," as %2C, which
// separate the properties.
func escapeWorkflowProperty(s string) string {
	return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(escapeWorkflowData(s))
}
