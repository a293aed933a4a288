package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

func sampleHardening() *hardening.Report {
	return &hardening.Report{
		Properties: []hardening.Property{
			{ID: hardening.IDLogout, Title: "Logout revokes every session", Status: hardening.Present,
				Evidence: []hardening.Evidence{{File: "src/a.ts", Line: 3, Note: "logout() signs out"}}},
			{ID: hardening.IDSessionCap, Title: "Concurrent sessions are capped", Status: hardening.Missing,
				Evidence: []hardening.Evidence{
					{File: "supabase/migrations", Note: "no trigger", Missing: true},
					{File: "b.ts", Line: 1, Note: "two"}, {File: "c.ts", Line: 1, Note: "three"},
					{File: "d.ts", Line: 1, Note: "four"}, {File: "e.ts", Line: 1, Note: "five"},
				},
				Advice: "Add a trigger."},
			{ID: hardening.IDRotation, Title: "Rotation", Status: hardening.NotDeterminable, Evidence: []hardening.Evidence{},
				Advice: "Check the dashboard."},
		},
		Lifetime: []hardening.Evidence{{File: "supabase/config.toml", Line: 8, Note: "timebox"}},
	}
}

func TestHardeningText(t *testing.T) {
	var buf bytes.Buffer
	if err := HardeningText(&buf, sampleHardening()); err != nil {
		t.Fatal(err)
	}
	want := "Session hardening: 1 present, 1 missing, 1 not determinable\n\n" +
		"1. Logout revokes every session: **present**\n" +
		"   - `src/a.ts:3` logout() signs out\n" +
		"2. Concurrent sessions are capped: **missing**\n" +
		"   - `supabase/migrations` no trigger\n" +
		"   - `b.ts:1` two\n" +
		"   - `c.ts:1` three\n" +
		"   - `d.ts:1` four\n" +
		"   - and 1 more\n" +
		"   - To do: Add a trigger.\n" +
		"3. Rotation: **not determinable**\n" +
		"   - To do: Check the dashboard.\n" +
		"\nSession lifetime (reported here only, never as a finding):\n" +
		"- `supabase/config.toml:8` timebox\n"
	if got := buf.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONHardeningMember(t *testing.T) {
	res := &analyzer.Result{}
	var without, with bytes.Buffer
	if err := JSON(&without, res, JSONOptions{Version: "1"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(without.String(), `"hardening"`) {
		t.Errorf("JSON without -report has a hardening member:\n%s", without.String())
	}
	if err := JSON(&with, res, JSONOptions{Version: "1", Hardening: sampleHardening()}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Hardening struct {
			Properties []struct {
				ID       string `json:"id"`
				Status   string `json:"status"`
				Evidence []struct {
					File    string `json:"file"`
					Line    int    `json:"line"`
					Missing bool   `json:"missing"`
				} `json:"evidence"`
				Advice string `json:"advice"`
			} `json:"properties"`
		} `json:"hardening"`
	}
	if err := json.Unmarshal(with.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	props := doc.Hardening.Properties
	if len(props) != 3 {
		t.Fatalf("%d properties, want 3", len(props))
	}
	if props[2].Status != "not-determinable" || props[2].Advice != "Check the dashboard." {
		t.Errorf("third property = %+v", props[2])
	}
	if e := props[1].Evidence[0]; e.File != "supabase/migrations" || e.Line != 0 || !e.Missing {
		t.Errorf("first evidence of the cap = %+v", e)
	}
}

func TestSARIFHardeningProperty(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, &analyzer.Result{Root: "/repo"}, SARIFOptions{Hardening: sampleHardening()}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Properties map[string]struct {
				Properties []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"properties"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	h, ok := log.Runs[0].Properties[HardeningProperty]
	if !ok {
		t.Fatalf("run properties lack %q:\n%s", HardeningProperty, buf.String())
	}
	if len(h.Properties) != 3 || h.Properties[1].ID != hardening.IDSessionCap || h.Properties[1].Status != "missing" {
		t.Errorf("hardening property = %+v", h)
	}
}
