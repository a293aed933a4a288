package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

// directiveResult holds one finding a directive silences and one it
// does not.
func directiveResult() *analyzer.Result {
	silenced := analyzer.Finding{Rule: "localscopelogout", Level: analyzer.LevelWarning, Message: "local sign-out", Related: []analyzer.Related{}}
	silenced.Range = analyzer.Range{File: "src/kiosk.ts", Start: analyzer.Position{Line: 9, Column: 3}, End: analyzer.Position{Line: 9, Column: 50}}
	silenced.Suppression = &analyzer.Suppression{
		Justification: "the kiosk build keeps staff devices signed in",
		Directive:     analyzer.Range{File: "src/kiosk.ts", Start: analyzer.Position{Line: 8, Column: 3}, End: analyzer.Position{Line: 8, Column: 80}},
	}
	active := analyzer.Finding{Rule: "clientonlylogout", Level: analyzer.LevelError, Message: "storage cleared only", Related: []analyzer.Related{}}
	active.Range = analyzer.Range{File: "src/menu.tsx", Start: analyzer.Position{Line: 4, Column: 7}, End: analyzer.Position{Line: 4, Column: 20}}
	return &analyzer.Result{FilesScanned: 2, Findings: []analyzer.Finding{silenced, active}}
}

func TestTextHidesSuppressedByDefault(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, directiveResult(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "src/menu.tsx:4:7: storage cleared only (clientonlylogout)\n"
	if buf.String() != want {
		t.Errorf("Text output:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestTextShowsSuppressedWithReason(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, directiveResult(), TextOptions{ShowSuppressed: true}); err != nil {
		t.Fatal(err)
	}
	want := "src/kiosk.ts:9:3: local sign-out (localscopelogout) [suppressed]\n" +
		"    suppressed: the kiosk build keeps staff devices signed in (src/kiosk.ts:8:3)\n" +
		"src/menu.tsx:4:7: storage cleared only (clientonlylogout)\n"
	if buf.String() != want {
		t.Errorf("Text output:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// jsonFindings decodes the findings and summary of a JSON report.
func jsonFindings(t *testing.T, opt JSONOptions) (findings []map[string]any, summary map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, directiveResult(), opt); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Findings, doc.Summary
}

func TestJSONSuppressedFindings(t *testing.T) {
	findings, summary := jsonFindings(t, JSONOptions{})
	if len(findings) != 1 || findings[0]["rule"] != "clientonlylogout" {
		t.Errorf("findings = %v, want only the clientonlylogout finding", findings)
	}
	if _, ok := findings[0]["suppression"]; ok {
		t.Error("an active finding has a suppression member")
	}
	wantSummary := map[string]float64{"findings": 1, "suppressed": 1, "error": 1, "warning": 0}
	for k, v := range wantSummary {
		if summary[k] != v {
			t.Errorf("summary.%s = %v, want %v", k, summary[k], v)
		}
	}

	findings, summary = jsonFindings(t, JSONOptions{ShowSuppressed: true})
	if len(findings) != 2 {
		t.Fatalf("with ShowSuppressed: %d findings, want 2", len(findings))
	}
	s, ok := findings[0]["suppression"].(map[string]any)
	if !ok {
		t.Fatalf("suppressed finding has no suppression member: %v", findings[0])
	}
	want := map[string]any{"justification": "the kiosk build keeps staff devices signed in", "file": "src/kiosk.ts",
		"line": 8.0, "column": 3.0, "endLine": 8.0, "endColumn": 80.0}
	for k, v := range want {
		if s[k] != v {
			t.Errorf("suppression.%s = %v, want %v", k, s[k], v)
		}
	}
	if summary["findings"] != 1.0 || summary["warning"] != 0.0 {
		t.Errorf("with ShowSuppressed: summary %v, want the suppressed finding left out of the counts", summary)
	}
}
