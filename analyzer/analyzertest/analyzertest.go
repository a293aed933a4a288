// Package analyzertest runs rules over fixture folders and checks their
// findings against expectations written in the fixtures, in the manner
// of golang.org/x/tools/go/analysis/analysistest.
//
// An expectation is a comment on the line a finding must start on:
//
//	// want "regexp" ["regexp" ...]     a finding whose message matches
//	{/* want "regexp" */}               the same inside JSX children
//	# want "regexp"                     the same in TOML files
//	-- want "regexp"                    the same in SQL files
//	<!-- want "regexp" -->              the same in component templates
//	// want-notice "regexp"             a notice about that line
//	// want-suppressed "regexp"         a finding that a sessionlint-ignore
//	                                    directive silences
//	// known-miss "reason"              a missed finding: none may appear
//	// ok "reason"                      a must-not-flag case: none may appear
//	// tolerated "regexp"               a known false positive that must appear
//
// A finding without a matching expectation and an expectation without a
// finding both fail the test, so a fixed limitation forces its marker to
// become a want (or to go).
package analyzertest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

// T is the subset of testing.TB the checker uses, so the checker itself
// can be tested with a recorder.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

var _ T = testing.TB(nil)

var markerRE = regexp.MustCompile(`(?://|/\*|#|--)\s*(want-suppressed|want-notice|want|known-miss|tolerated|ok)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)`)
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type expectation struct {
	kind string
	file string
	line int
	re   *regexp.Regexp
	text string
	met  bool
}

// Counts reports how many expectations of each kind the fixtures under
// dir hold, for measuring the size of a fixture set.
func Counts(root, dir string) (map[string]int, error) {
	exps, err := readExpectations(root, dir)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, e := range exps {
		out[e.kind]++
	}
	return out, nil
}

// Run scans dir (a folder below the repository) with the given rules and
// checks the findings against the expectations in its files. It returns
// the scan result for further checks.
func Run(t T, dir string, rules []analyzer.Rule, opts ...func(*analyzer.Config)) *analyzer.Result {
	t.Helper()
	cfg := analyzer.Config{Paths: []string{dir}, Rules: rules, Jobs: 2}
	for _, o := range opts {
		o(&cfg)
	}
	res, err := analyzer.Run(cfg)
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
		return nil
	}
	exps, err := readExpectations(res.Root, dir)
	if err != nil {
		t.Fatalf("read expectations: %v", err)
		return nil
	}
	Check(t, res, exps)
	return res
}

// Check matches findings and notices against expectations.
func Check(t T, res *analyzer.Result, exps []*expectation) {
	t.Helper()
	for _, f := range res.Findings {
		if f.Suppression != nil {
			checkSuppressed(t, f, exps)
			continue
		}
		matched := false
		for _, e := range exps {
			if e.file != f.File || e.line != f.Start.Line {
				continue
			}
			switch e.kind {
			case "want", "tolerated":
				if !e.met && e.re.MatchString(f.Message) {
					e.met, matched = true, true
				}
			case "known-miss":
				t.Errorf("%s:%d: known miss is now found, turn the marker into a want: %s (%s)", f.File, f.Start.Line, f.Message, f.Rule)
				matched = true
			case "ok":
				t.Errorf("%s:%d: finding on a line marked ok (%s): %s (%s)", f.File, f.Start.Line, e.text, f.Message, f.Rule)
				matched = true
			}
			if matched {
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding: %s (%s)", f.File, f.Start.Line, f.Start.Column, f.Message, f.Rule)
		}
	}
	for _, n := range res.Notices {
		for _, e := range exps {
			if e.kind == "want-notice" && !e.met && e.file == n.File && e.line == n.Line && e.re.MatchString(n.Message) {
				e.met = true
				break
			}
		}
	}
	for _, e := range exps {
		if e.kind == "known-miss" || e.kind == "ok" || e.met {
			continue
		}
		switch e.kind {
		case "tolerated":
			t.Errorf("%s:%d: tolerated false positive %q is gone, remove the marker", e.file, e.line, e.text)
		case "want-notice":
			t.Errorf("%s:%d: no notice matching %q", e.file, e.line, e.text)
		case "want-suppressed":
			t.Errorf("%s:%d: no suppressed finding matching %q", e.file, e.line, e.text)
		default:
			t.Errorf("%s:%d: no finding matching %q", e.file, e.line, e.text)
		}
	}
}

// checkSuppressed matches a finding that a directive silences against the
// want-suppressed markers of its line, the only markers it can meet.
func checkSuppressed(t T, f analyzer.Finding, exps []*expectation) {
	t.Helper()
	for _, e := range exps {
		if e.kind == "want-suppressed" && !e.met && e.file == f.File && e.line == f.Start.Line && e.re.MatchString(f.Message) {
			e.met = true
			return
		}
	}
	t.Errorf("%s:%d:%d: unexpected suppressed finding: %s (%s)", f.File, f.Start.Line, f.Start.Column, f.Message, f.Rule)
}

// readExpectations collects the markers of every file below dir.
func readExpectations(root, dir string) ([]*expectation, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var out []*expectation
	err = filepath.WalkDir(absDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		exps, err := parseMarkers(filepath.ToSlash(rel), string(data))
		if err != nil {
			return err
		}
		out = append(out, exps...)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].line < out[j].line
	})
	return out, err
}

// parseMarkers reads the markers of one file. Lines end at LF, CRLF or a
// lone CR, as the scanner counts them.
func parseMarkers(file, text string) ([]*expectation, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []*expectation
	for i, line := range strings.Split(text, "\n") {
		for _, m := range markerRE.FindAllStringSubmatch(line, -1) {
			for _, q := range quotedRE.FindAllString(m[2], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: invalid %s string %s: %w", file, i+1, m[1], q, err)
				}
				e := &expectation{kind: m[1], file: file, line: i + 1, text: s}
				if m[1] != "known-miss" && m[1] != "ok" {
					if e.re, err = regexp.Compile(s); err != nil {
						return nil, fmt.Errorf("%s:%d: invalid regexp %q: %w", file, i+1, s, err)
					}
				}
				out = append(out, e)
			}
		}
	}
	return out, nil
}
