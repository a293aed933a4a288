package analyzertest

import (
	"os"
	"sort"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
)

// Scan runs the rules on paths with two workers and fails the test when
// the scan cannot run.
func Scan(t T, rules []analyzer.Rule, paths ...string) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: paths, Rules: rules, Jobs: 2})
	if err != nil {
		t.Fatalf("scan %v: %v", paths, err)
	}
	return res
}

// FindingOn returns the finding of file (relative to the repository
// root) whose first line contains snippet.
func FindingOn(res *analyzer.Result, file, snippet string) (analyzer.Finding, bool) {
	for _, f := range res.Findings {
		if f.File == file && strings.Contains(f.LineText, snippet) {
			return f, true
		}
	}
	return analyzer.Finding{}, false
}

// ApplyEdits returns content with the edits of one fix applied, the last
// first, so earlier offsets stay valid.
func ApplyEdits(content []byte, edits []analyzer.Edit) string {
	sorted := append([]analyzer.Edit(nil), edits...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Offset > sorted[j].Start.Offset })
	out := string(content)
	for _, e := range sorted {
		out = out[:e.Start.Offset] + e.NewText + out[e.End.Offset:]
	}
	return out
}

// ApplyFileEdits returns the content of the file at path with the edits
// applied.
func ApplyFileEdits(t T, path string, edits []analyzer.Edit) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return ApplyEdits(src, edits)
}
