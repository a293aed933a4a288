// Package autofix turns the suggested fixes of findings into new file
// contents: it checks that each fix still fits the file, rejects fixes
// whose edits overlap, applies the rest, and keeps a file unchanged when
// a fix would leave it with more syntax errors than before.
//
// The package writes nothing: the command writes the changes (-fix) or
// prints them as a unified diff (-diff).
package autofix

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"sort"
	"time"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// Options configures Plan.
type Options struct {
	// Read returns the current content of a repository-relative file.
	Read func(file string) ([]byte, error)
	// ParseTimeout bounds each parse of a fixed file. Zero means no limit.
	ParseTimeout time.Duration
}

// Change is the fixed content of one file.
type Change struct {
	// File is the repository-relative path with forward slashes.
	File string
	Old  []byte
	New  []byte
	// Fixed holds the indexes, into the findings given to Plan, of the
	// findings whose fix the change applies.
	Fixed []int
}

// Rejection is a fix that Plan did not apply.
type Rejection struct {
	// Finding is the index of the finding in the findings given to Plan.
	Finding int
	Reason  string
}

// Result is what Plan decided.
type Result struct {
	// Changes are sorted by file.
	Changes []Change
	// Rejected are sorted by finding index.
	Rejected []Rejection
}

// FixedFindings returns the number of findings the changes fix.
func (r *Result) FixedFindings() int {
	n := 0
	for _, c := range r.Changes {
		n += len(c.Fixed)
	}
	return n
}

// candidate is the first fix of one finding, with its edits sorted.
type candidate struct {
	finding int
	edits   []analyzer.Edit
}

// Plan computes the changes that apply the first suggested fix of each
// finding. Suppressed findings and findings without fixes are left out.
// A fix is rejected when:
//   - it edits a file other than the finding's;
//   - an edit no longer matches the file (it changed since the scan);
//   - its own edits overlap, or one of its edits overlaps an edit of
//     another finding's fix (then both fixes are rejected, because no
//     order of applying them is right);
//   - the fixed file has more syntax errors than the original.
//
// Identical edits of several fixes, such as two findings that propose
// the same change, are applied once.
func Plan(findings []analyzer.Finding, opt Options) *Result {
	byFile := map[string][]*candidate{}
	var files []string
	res := &Result{}
	for i := range findings {
		f := &findings[i]
		if f.Suppression != nil || len(f.Fixes) == 0 || len(f.Fixes[0].Edits) == 0 {
			continue
		}
		fix := f.Fixes[0]
		if other := otherFile(f.File, fix); other != "" {
			res.reject(i, fmt.Sprintf("the fix edits another file (%s); apply it by hand", other))
			continue
		}
		c := &candidate{finding: i, edits: append([]analyzer.Edit(nil), fix.Edits...)}
		sort.SliceStable(c.edits, func(a, b int) bool { return editLess(c.edits[a], c.edits[b]) })
		if _, ok := byFile[f.File]; !ok {
			files = append(files, f.File)
		}
		byFile[f.File] = append(byFile[f.File], c)
	}
	sort.Strings(files)

	parser := tsparse.NewParser()
	defer parser.Close()
	parser.Timeout = opt.ParseTimeout
	for _, file := range files {
		if change, ok := res.planFile(file, byFile[file], findings, opt.Read, parser); ok {
			res.Changes = append(res.Changes, change)
		}
	}
	sort.SliceStable(res.Rejected, func(a, b int) bool { return res.Rejected[a].Finding < res.Rejected[b].Finding })
	return res
}

func (r *Result) reject(finding int, reason string) {
	r.Rejected = append(r.Rejected, Rejection{Finding: finding, Reason: reason})
}

// otherFile returns the first file other than file that fix edits, or "".
func otherFile(file string, fix analyzer.Fix) string {
	for _, e := range fix.Edits {
		if e.File != file {
			return e.File
		}
	}
	return ""
}

// editLess orders edits by position. At the same offset an insertion
// comes before a replacement, so that it lands in front of the new text.
func editLess(a, b analyzer.Edit) bool {
	if a.Start.Offset != b.Start.Offset {
		return a.Start.Offset < b.Start.Offset
	}
	return a.End.Offset < b.End.Offset
}

// planFile applies the candidates of one file. ok is false when nothing
// changes.
func (r *Result) planFile(file string, cands []*candidate, findings []analyzer.Finding, read func(string) ([]byte, error), parser *tsparse.Parser) (Change, bool) {
	content, err := read(file)
	if err != nil {
		// The path is in the message already.
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err
		}
		for _, c := range cands {
			r.reject(c.finding, fmt.Sprintf("cannot read %s: %v", file, err))
		}
		return Change{}, false
	}
	lines := srcfile.NewLines(content)

	var valid []*candidate
	for _, c := range cands {
		if reason := checkEdits(c.edits, content, lines); reason != "" {
			r.reject(c.finding, reason)
			continue
		}
		valid = append(valid, c)
	}
	accepted := r.dropOverlaps(valid, findings)
	if len(accepted) == 0 {
		return Change{}, false
	}

	out := apply(content, accepted)
	before := syntaxErrors(parser, file, content)
	if syntaxErrors(parser, file, out) > before {
		// Keep the fixes that parse on their own, then check them together.
		var alone []*candidate
		for _, c := range accepted {
			if syntaxErrors(parser, file, apply(content, []*candidate{c})) > before {
				r.reject(c.finding, "the fixed file would have a syntax error; fix this by hand")
				continue
			}
			alone = append(alone, c)
		}
		accepted = alone
		out = apply(content, accepted)
		if len(accepted) > 0 && syntaxErrors(parser, file, out) > before {
			for _, c := range accepted {
				r.reject(c.finding, "together with the other fixes of this file, the fix would leave a syntax error; fix this by hand")
			}
			accepted = nil
		}
		if len(accepted) == 0 {
			return Change{}, false
		}
	}

	change := Change{File: file, Old: content, New: out}
	for _, c := range accepted {
		change.Fixed = append(change.Fixed, c.finding)
	}
	sort.Ints(change.Fixed)
	return change, true
}

// checkEdits returns why the edits cannot be applied to content, or "".
// Each edit's byte offsets must lie in the file and agree with its line
// and column, which catches a file that changed after the scan.
func checkEdits(edits []analyzer.Edit, content []byte, lines *srcfile.Lines) string {
	for i, e := range edits {
		start, end := e.Start.Offset, e.End.Offset
		if start < 0 || end < start || end > len(content) {
			return "the fix does not fit the file any more (it changed since the scan); scan again"
		}
		for _, p := range []analyzer.Position{e.Start, e.End} {
			if line, col := lines.Position(p.Offset); line != p.Line || col != p.Column {
				return "the fix does not fit the file any more (it changed since the scan); scan again"
			}
		}
		for _, earlier := range edits[:i] {
			if overlaps(earlier, e) {
				return "the fix has overlapping edits; apply it by hand"
			}
		}
	}
	return ""
}

// overlaps reports whether two different edits touch the same text, so
// that the result would depend on the order they are applied in. Two
// insertions at one offset overlap; an insertion at the start or end of
// a replaced range does not overlap it. Identical edits never overlap:
// they are applied once.
func overlaps(a, b analyzer.Edit) bool {
	if a.Start.Offset == b.Start.Offset && a.End.Offset == b.End.Offset && a.NewText == b.NewText {
		return false
	}
	if a.Start.Offset == a.End.Offset && b.Start.Offset == b.End.Offset {
		return a.Start.Offset == b.Start.Offset
	}
	return a.Start.Offset < b.End.Offset && b.Start.Offset < a.End.Offset
}

// dropOverlaps rejects every fix that overlaps another fix of the file,
// and returns the remaining ones in their original order.
func (r *Result) dropOverlaps(cands []*candidate, findings []analyzer.Finding) []*candidate {
	partner := map[int]int{} // candidate index to the first candidate it overlaps
	for i := range cands {
		for j := i + 1; j < len(cands); j++ {
			if !fixesOverlap(cands[i], cands[j]) {
				continue
			}
			if _, ok := partner[i]; !ok {
				partner[i] = j
			}
			if _, ok := partner[j]; !ok {
				partner[j] = i
			}
		}
	}
	var kept []*candidate
	for i, c := range cands {
		other, overlapping := partner[i]
		if !overlapping {
			kept = append(kept, c)
			continue
		}
		o := &findings[cands[other].finding]
		r.reject(c.finding, fmt.Sprintf("its fix overlaps the fix of the %s finding at %s:%d:%d, so neither is applied; fix both by hand",
			o.Rule, o.File, o.Start.Line, o.Start.Column))
	}
	return kept
}

// fixesOverlap reports whether an edit of a overlaps an edit of b.
func fixesOverlap(a, b *candidate) bool {
	for _, x := range a.edits {
		for _, y := range b.edits {
			if overlaps(x, y) {
				return true
			}
		}
	}
	return false
}

// apply returns content with the edits of the candidates applied, each
// distinct edit once.
func apply(content []byte, cands []*candidate) []byte {
	type key struct {
		start, end int
		text       string
	}
	seen := map[key]bool{}
	var edits []analyzer.Edit
	for _, c := range cands {
		for _, e := range c.edits {
			k := key{e.Start.Offset, e.End.Offset, e.NewText}
			if seen[k] {
				continue
			}
			seen[k] = true
			edits = append(edits, e)
		}
	}
	sort.SliceStable(edits, func(a, b int) bool { return editLess(edits[a], edits[b]) })

	out := make([]byte, 0, len(content)+64)
	last := 0
	for _, e := range edits {
		out = append(out, content[last:e.Start.Offset]...)
		out = append(out, e.NewText...)
		last = e.End.Offset
	}
	return append(out, content[last:]...)
}

// syntaxErrors returns the number of error regions tree-sitter finds in
// content, or a very large number when it cannot parse it at all.
func syntaxErrors(parser *tsparse.Parser, name string, content []byte) int {
	const unparsable = 1 << 30
	tok := token.NewFileSet().AddFile(name, -1, len(content))
	f, err := parser.Parse(name, content, tok, srcfile.NewLines(content))
	if err != nil {
		return unparsable
	}
	defer f.Tree.Close()
	return len(f.Errors)
}
