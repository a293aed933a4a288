package analyzertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

// recorder collects the failures the checker reports.
type recorder struct{ errors []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatalf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}

func finding(file string, line int, msg string) analyzer.Finding {
	f := analyzer.Finding{Rule: "r", Message: msg}
	f.File = file
	f.Start.Line = line
	return f
}

func TestParseMarkers(t *testing.T) {
	src := "a() // want \"one\" \"two\"\r\n<div>{/* want \"jsx\" */}</div>\rkey = 1 # want \"toml\"\nb() // known-miss \"later\"\n"
	exps, err := parseMarkers("f.tsx", src)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, e := range exps {
		got = append(got, fmt.Sprintf("%s@%d:%s", e.kind, e.line, e.text))
	}
	want := "want@1:one want@1:two want@2:jsx want@3:toml known-miss@4:later"
	if strings.Join(got, " ") != want {
		t.Errorf("markers = %v, want %s", got, want)
	}
}

func TestCheckUnexpectedAndUnmet(t *testing.T) {
	exps, _ := parseMarkers("f.ts", "x // want \"bad call\"\ny\nz // known-miss \"gap\"\n")
	res := &analyzer.Result{Findings: []analyzer.Finding{
		finding("f.ts", 2, "stray"),
		finding("f.ts", 3, "now found"),
	}}
	r := &recorder{}
	Check(r, res, exps)
	joined := strings.Join(r.errors, "\n")
	for _, want := range []string{"f.ts:2:0: unexpected finding: stray", "known miss is now found", `f.ts:1: no finding matching "bad call"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("failures %q lack %q", joined, want)
		}
	}
	if len(r.errors) != 3 {
		t.Errorf("got %d failures, want 3: %q", len(r.errors), r.errors)
	}
}

func TestCheckOkMarker(t *testing.T) {
	exps, _ := parseMarkers("f.ts", "x // ok \"metadata only\"\ny // ok \"default scope\"\n")
	res := &analyzer.Result{Findings: []analyzer.Finding{finding("f.ts", 2, "flagged anyway")}}
	r := &recorder{}
	Check(r, res, exps)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "f.ts:2: finding on a line marked ok (default scope)") {
		t.Errorf("failures = %q, want one for line 2", r.errors)
	}
}

func TestCheckMatched(t *testing.T) {
	exps, _ := parseMarkers("f.ts", "x // want \"bad\"\ny // tolerated \"noise\"\n")
	res := &analyzer.Result{Findings: []analyzer.Finding{finding("f.ts", 1, "a bad call"), finding("f.ts", 2, "noise here")}}
	r := &recorder{}
	Check(r, res, exps)
	if len(r.errors) != 0 {
		t.Errorf("unexpected failures: %q", r.errors)
	}
}

func TestParseMarkersSQL(t *testing.T) {
	exps, err := parseMarkers("m.sql", "create function f() -- want \"definer\"\nselect 1; -- want-notice \"unterminated\"\n")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, e := range exps {
		got = append(got, fmt.Sprintf("%s@%d:%s", e.kind, e.line, e.text))
	}
	if want := "want@1:definer want-notice@2:unterminated"; strings.Join(got, " ") != want {
		t.Errorf("markers = %v, want %s", got, want)
	}
}

func TestCheckSuppressedFindings(t *testing.T) {
	exps, _ := parseMarkers("f.ts", "a // want-suppressed \"silenced\"\nb // want \"plain\"\nc // want-suppressed \"never\"\n")
	silenced := finding("f.ts", 1, "silenced call")
	silenced.Suppression = &analyzer.Suppression{Justification: "reviewed"}
	plainButSuppressed := finding("f.ts", 2, "plain call")
	plainButSuppressed.Suppression = &analyzer.Suppression{Justification: "reviewed"}
	res := &analyzer.Result{Findings: []analyzer.Finding{silenced, plainButSuppressed, finding("f.ts", 3, "never")}}
	r := &recorder{}
	Check(r, res, exps)
	want := []string{
		"f.ts:2:0: unexpected suppressed finding: plain call (r)",
		"f.ts:3:0: unexpected finding: never (r)",
		`f.ts:2: no finding matching "plain"`,
		`f.ts:3: no suppressed finding matching "never"`,
	}
	if strings.Join(r.errors, "\n") != strings.Join(want, "\n") {
		t.Errorf("failures =\n%s\nwant\n%s", strings.Join(r.errors, "\n"), strings.Join(want, "\n"))
	}
}
