package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/suppress"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Directives are applied by the driver rather than by a rule, because a
// directive silences findings that the project phase decides, and it is
// stale only if it silences none of the file's final findings. The rule
// "directive" is split accordingly: its analyzer (suppress.Analyzer)
// reports malformed directives and unknown rule names per file, and
// applySuppressions reports the directives that silenced nothing, under
// the same rule name and with the finding prepared while the file's tree
// was open, so that it gets its fingerprints like any other finding.

// factsWithDirectives returns the fact analyzers of the scan plus the
// directive analyzer, which always runs because directives apply even
// when the rule directive is not part of the scan.
func factsWithDirectives(cfg Config) []*analysis.Analyzer {
	for _, r := range cfg.Rules {
		if r.Analyzer == suppress.Analyzer {
			return cfg.Facts
		}
	}
	return append([]*analysis.Analyzer{suppress.Analyzer}, cfg.Facts...)
}

// fileDirective is one well-formed directive of a file, kept for the
// project phase.
type fileDirective struct {
	suppress.Directive
	// comment is the location of the directive comment.
	comment Range
	// unused is the finding reported for the rules of the directive that
	// silence nothing, still without its message. Its Rule is "" when the
	// rule directive is not reported for the file.
	unused Finding
}

// newFileDirectives converts the directives of a file while its tree is
// open. doc is the documentation of the rule directive, nil when the
// scan does not include that rule.
func newFileDirectives(r *suppress.Result, doc *Doc, s *config.Settings, f *tsparse.File) []fileDirective {
	if r == nil || f == nil {
		return nil
	}
	report := doc != nil && s.Enabled(suppress.RuleName)
	var out []fileDirective
	for _, d := range r.Directives {
		if d.Err != nil || len(d.Rules) == 0 {
			// Reported by the analyzer already; it silences nothing.
			continue
		}
		pos, end := f.Pos(uint32(d.Start)), f.Pos(uint32(d.End))
		fd := fileDirective{Directive: d, comment: rangeOf(f, pos, end)}
		if report {
			fd.unused = convert(suppress.RuleName, doc, analysis.Diagnostic{Pos: pos, End: end}, f)
			if l := s.Level(suppress.RuleName, ""); l != "" {
				fd.unused.Level = Level(l)
			}
		}
		out = append(out, fd)
	}
	return out
}

// fingerprintDirectives sets the fingerprints of the findings prepared
// for stale directives, while the file's tree is open.
func fingerprintDirectives(out *fileOutput, content []byte, f *tsparse.File) {
	var prepared []Finding
	for _, d := range out.directives {
		if d.unused.Rule != "" {
			prepared = append(prepared, d.unused)
		}
	}
	if len(prepared) == 0 {
		return
	}
	addFingerprints(content, prepared, nil)
	addCodeFingerprints(f, prepared, nil)
	i := 0
	for j := range out.directives {
		if out.directives[j].unused.Rule != "" {
			out.directives[j].unused = prepared[i]
			i++
		}
	}
}

// applySuppressions marks the findings that a directive of their file
// silences, preferring a line directive to a file directive, and adds a
// finding of the rule directive for each directive whose rules silenced
// nothing. A rule counts as stale only where it ran on the file: a rule
// turned off in .sessionlint.yaml, left out of the scan or failed
// cannot show whether its directive is still needed. Findings of the
// rule directive itself are never silenced.
func applySuppressions(files []source, outs []fileOutput, findings []Finding) []Finding {
	type fileState struct {
		directives []*fileDirective
		ran        map[string]bool
	}
	byFile := map[string]*fileState{}
	var order []string
	for i, f := range files {
		if !f.reported || len(outs[i].directives) == 0 {
			continue
		}
		st := &fileState{ran: map[string]bool{}}
		for j := range outs[i].directives {
			st.directives = append(st.directives, &outs[i].directives[j])
		}
		for _, r := range outs[i].ran {
			st.ran[r] = true
		}
		byFile[f.rel] = st
		order = append(order, f.rel)
	}
	if len(byFile) == 0 {
		return findings
	}

	used := map[*fileDirective]map[string]bool{}
	for i := range findings {
		f := &findings[i]
		st := byFile[f.File]
		if st == nil || f.Rule == suppress.RuleName {
			continue
		}
		d := coveringDirective(st.directives, f)
		if d == nil {
			continue
		}
		f.Suppression = &Suppression{Justification: d.Reason, Directive: d.comment}
		if used[d] == nil {
			used[d] = map[string]bool{}
		}
		used[d][f.Rule] = true
	}

	for _, file := range order {
		st := byFile[file]
		for _, d := range st.directives {
			if d.unused.Rule == "" {
				continue
			}
			var stale []string
			for _, r := range d.Rules {
				if st.ran[r] && !used[d][r] {
					stale = append(stale, r)
				}
			}
			if len(stale) == 0 {
				continue
			}
			f := d.unused
			f.Message = suppress.UnusedMessage(&d.Directive, stale)
			findings = append(findings, f)
		}
	}
	return findings
}

// coveringDirective returns the directive that silences f: a line
// directive for its first line, else a file directive, else nil.
func coveringDirective(ds []*fileDirective, f *Finding) *fileDirective {
	for _, kind := range []suppress.Kind{suppress.Line, suppress.File} {
		for _, d := range ds {
			if d.Kind == kind && d.Covers(f.Rule, f.Start.Line) {
				return d
			}
		}
	}
	return nil
}

// Suppressed returns the number of findings of r that a directive
// silences.
func (r *Result) Suppressed() int {
	n := 0
	for i := range r.Findings {
		if r.Findings[i].Suppression != nil {
			n++
		}
	}
	return n
}
