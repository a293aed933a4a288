package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

// JSONVersion is the version of the JSON output schema. It changes only
// when a field is removed, renamed or changes meaning, but new fields may
// be added without a change. docs/json-output.md describes the schema.
const JSONVersion = 1

// JSONOptions configures JSON.
type JSONOptions struct {
	// Version is the sessionlint version written to tool.version.
	Version string
	// Root is the scanned directory as the user named it, relative to the
	// working directory (for example "." or "apps/web"). It is written to
	// the "root" member when set. JSON returns an error for an absolute
	// path, so that the output does not reveal the layout of the machine.
	Root string
	// Hardening is the session hardening report (sessionlint -report),
	// written to the "hardening" member when set.
	Hardening *hardening.Report
	// ShowSuppressed writes the findings that a sessionlint-ignore
	// directive silences too, each with a "suppression" member; by
	// default they are left out and only counted in summary.suppressed.
	ShowSuppressed bool
}

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Root     string        `json:"root,omitempty"`
	Findings []jsonFinding `json:"findings"`
	Notices  []jsonNotice  `json:"notices"`
	Summary  jsonSummary   `json:"summary"`
	// Hardening is present only with sessionlint -report.
	Hardening *hardening.Report `json:"hardening,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// jsonSpan is a range flattened into the object that contains it.
type jsonSpan struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Category string `json:"category"`
	Level    string `json:"level"`
	Message  string `json:"message"`
	jsonSpan
	Related      []jsonRelated     `json:"related"`
	Fixes        []jsonFix         `json:"fixes,omitempty"`
	Fingerprints map[string]string `json:"fingerprints,omitempty"`
	Suppression  *jsonSuppression  `json:"suppression,omitempty"`
}

// jsonSuppression is the directive that silences a finding.
type jsonSuppression struct {
	Justification string `json:"justification"`
	jsonSpan
}

type jsonRelated struct {
	Message string `json:"message"`
	jsonSpan
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	jsonSpan
	NewText string `json:"newText"`
}

type jsonNotice struct {
	File       string `json:"file,omitempty"`
	Line       int    `json:"line,omitempty"`
	Rule       string `json:"rule,omitempty"`
	Message    string `json:"message"`
	Incomplete bool   `json:"incomplete"`
}

type jsonSummary struct {
	Files      int  `json:"files"`
	Findings   int  `json:"findings"`
	Error      int  `json:"error"`
	Warning    int  `json:"warning"`
	Note       int  `json:"note"`
	Suppressed int  `json:"suppressed"`
	Incomplete bool `json:"incomplete"`
}

// JSON writes r as an indented JSON document in schema version
// JSONVersion, followed by a newline.
func JSON(w io.Writer, r *analyzer.Result, opt JSONOptions) error {
	root := filepath.ToSlash(opt.Root)
	if isAbsolutePath(root) {
		return fmt.Errorf("invalid JSON root %q: the path must be relative to the working directory, or empty", opt.Root)
	}

	docs := docsByName(r)
	out := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: ToolName, Version: opt.Version},
		Root:     root,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Notices:  make([]jsonNotice, 0, len(r.Notices)),
		Summary: jsonSummary{
			Files:      r.FilesScanned,
			Suppressed: r.Suppressed(),
			Findings:   len(r.Findings) - r.Suppressed(),
			Incomplete: hasIncompleteNotice(r),
		},
		Hardening: opt.Hardening,
	}

	for i := range r.Findings {
		f := &r.Findings[i]
		level := findingLevel(f, docs)
		if f.Suppression != nil {
			if opt.ShowSuppressed {
				out.Findings = append(out.Findings, jsonFindingOf(f, level))
			}
			continue
		}
		switch level {
		case analyzer.LevelError:
			out.Summary.Error++
		case analyzer.LevelWarning:
			out.Summary.Warning++
		case analyzer.LevelNote:
			out.Summary.Note++
		}
		out.Findings = append(out.Findings, jsonFindingOf(f, level))
	}

	for _, n := range r.Notices {
		out.Notices = append(out.Notices, jsonNotice{
			File:       n.File,
			Line:       n.Line,
			Rule:       n.Rule,
			Message:    n.Message,
			Incomplete: n.Incomplete,
		})
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode JSON report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func jsonFindingOf(f *analyzer.Finding, level analyzer.Level) jsonFinding {
	out := jsonFinding{
		Rule:         f.Rule,
		Category:     f.Category,
		Level:        string(level),
		Message:      f.Message,
		jsonSpan:     jsonSpanOf(f.Range),
		Related:      make([]jsonRelated, 0, len(f.Related)),
		Fingerprints: f.Fingerprints,
	}
	if s := f.Suppression; s != nil {
		out.Suppression = &jsonSuppression{Justification: s.Justification, jsonSpan: jsonSpanOf(s.Directive)}
	}
	for _, rel := range f.Related {
		out.Related = append(out.Related, jsonRelated{Message: rel.Message, jsonSpan: jsonSpanOf(rel.Range)})
	}
	for _, fix := range f.Fixes {
		edits := make([]jsonEdit, 0, len(fix.Edits))
		for _, e := range fix.Edits {
			edits = append(edits, jsonEdit{jsonSpan: jsonSpanOf(e.Range), NewText: e.NewText})
		}
		out.Fixes = append(out.Fixes, jsonFix{Message: fix.Message, Edits: edits})
	}
	return out
}

func jsonSpanOf(r analyzer.Range) jsonSpan {
	return jsonSpan{
		File:      r.File,
		Line:      r.Start.Line,
		Column:    r.Start.Column,
		EndLine:   r.End.Line,
		EndColumn: r.End.Column,
	}
}

// isAbsolutePath reports whether p, with forward slashes, is absolute on
// any common system: "/x", a Windows drive path "C:/x" or a UNC path.
func isAbsolutePath(p string) bool {
	if path.IsAbs(p) {
		return true
	}
	return len(p) >= 2 && p[1] == ':' && isASCIILetter(p[0])
}

func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
