package analyzer

import (
	"errors"
	"fmt"
	"time"

	"github.com/sessionlint/sessionlint/analyzer/redact"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// maxLineText is the longest source line kept in Finding.LineText. A
// minified file scanned with raised limits has lines of megabytes, and
// each finding would hold a copy of its line.
const maxLineText = 4096

// lineText returns the text of 1-based line n for Finding.LineText, or ""
// when the line is longer than maxLineText.
func lineText(lines *srcfile.Lines, n int) string {
	if lines.Len(n) > maxLineText {
		return ""
	}
	return lines.Text(n)
}

// failureNotice is the notice for an analyzer that failed on a file: a
// parse that ran out of time, or a rule that returned an error or
// panicked. Either way the scan is incomplete.
func failureNotice(file, rule string, err error, parseTimeout time.Duration) Notice {
	if errors.Is(err, tsparse.ErrTimeout) {
		return Notice{File: file, Incomplete: true, Message: fmt.Sprintf(
			"not analysed: parsing took longer than the -parse-timeout limit of %v; raise the limit to check it", parseTimeout)}
	}
	return Notice{File: file, Rule: rule, Message: err.Error(), Incomplete: true}
}

// decidePending runs the project-phase decision of a pending finding.
// The decision is rule code, so a panic in it is turned into a notice
// that names the rule and the file, as runAnalyzer does for the first
// phase, and the other findings are kept.
func decidePending(p pending, app *App, sum *FileSummary) (finding Finding, keep bool, notice *Notice) {
	defer func() {
		if r := recover(); r != nil {
			keep = false
			notice = &Notice{File: p.finding.File, Rule: p.finding.Rule, Incomplete: true,
				Message: fmt.Sprintf("%s failed in the project phase: %v", p.finding.Rule, r)}
		}
	}()
	if p.keep != nil && !p.keep(app, sum) {
		return Finding{}, false, nil
	}
	if p.note != nil {
		p.finding.Message += p.note(app, sum)
	}
	return p.finding, true, nil
}

// finishResult redacts secrets from every text of res that may quote the
// scanned code and drops repeated notices, which a folder reached by two
// walks (a named folder and the app of a named file) would give. It
// leaves the findings and notices sorted.
func finishResult(res *Result) {
	for i := range res.Findings {
		redactFinding(&res.Findings[i])
	}
	for i := range res.Notices {
		res.Notices[i].Message = redact.String(res.Notices[i].Message)
	}
	sortFindings(res.Findings)
	sortNotices(res.Notices)
	res.Notices = uniqueNotices(res.Notices)
}

// redactFinding replaces the secrets in the messages and the source line
// of f. The source line is masked to the same length, so that the
// columns of the text view still line up. A fix whose new text holds a
// secret is dropped: the placeholder would break the code, and the
// secret must not be written out.
func redactFinding(f *Finding) {
	f.Message = redact.String(f.Message)
	f.LineText = redact.Mask(f.LineText)
	for i := range f.Related {
		f.Related[i].Message = redact.String(f.Related[i].Message)
	}
	if f.Suppression != nil {
		f.Suppression.Justification = redact.String(f.Suppression.Justification)
	}
	if len(f.Fixes) == 0 {
		return
	}
	fixes := f.Fixes[:0:0]
	for _, fix := range f.Fixes {
		if fixHoldsSecret(fix) {
			continue
		}
		fix.Message = redact.String(fix.Message)
		fixes = append(fixes, fix)
	}
	if len(fixes) == 0 {
		fixes = nil
	}
	f.Fixes = fixes
}

func fixHoldsSecret(fix Fix) bool {
	for _, e := range fix.Edits {
		if redact.Contains(e.NewText) {
			return true
		}
	}
	return false
}

// uniqueNotices drops the notices equal to the one before them in the
// sorted list.
func uniqueNotices(ns []Notice) []Notice {
	if len(ns) < 2 {
		return ns
	}
	out := ns[:1]
	for _, n := range ns[1:] {
		if n != out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}
