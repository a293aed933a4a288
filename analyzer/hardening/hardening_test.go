package hardening_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
	"github.com/sessionlint/sessionlint/analyzer/report"
	"github.com/sessionlint/sessionlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata")

// scanFixture scans one app of fixtures/report with every rule and the
// report's building blocks, as sessionlint -report does.
func scanFixture(t *testing.T, name string) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{
		Paths: []string{"../../fixtures/report/" + name},
		Rules: rules.All(),
		Jobs:  2,
		Facts: hardening.Analyzers,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestStatuses(t *testing.T) {
	tests := map[string][5]hardening.Status{
		"hardened": {hardening.Present, hardening.Present, hardening.Present, hardening.Present, hardening.Present},
		"weak":     {hardening.Missing, hardening.Missing, hardening.Missing, hardening.Missing, hardening.Missing},
		"mixed":    {hardening.Partial, hardening.Partial, hardening.Partial, hardening.Partial, hardening.Partial},
		"bare": {hardening.NotDeterminable, hardening.NotDeterminable, hardening.NotDeterminable,
			hardening.NotDeterminable, hardening.NotDeterminable},
	}
	ids := []string{hardening.IDLogout, hardening.IDCredentialChange, hardening.IDSignOutAll, hardening.IDSessionCap, hardening.IDRotation}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			r := hardening.Evaluate(scanFixture(t, name))
			if len(r.Properties) != 5 {
				t.Fatalf("%d properties, want 5", len(r.Properties))
			}
			for i, p := range r.Properties {
				if p.ID != ids[i] {
					t.Errorf("property %d is %s, want %s", i+1, p.ID, ids[i])
				}
				if p.Status != want[i] {
					t.Errorf("%s: status %s, want %s; evidence %+v", p.ID, p.Status, want[i], p.Evidence)
				}
				if (p.Status == hardening.Present) != (p.Advice == "") {
					t.Errorf("%s: status %s with advice %q: only a present property has none", p.ID, p.Status, p.Advice)
				}
				if p.Status != hardening.NotDeterminable && len(p.Evidence) == 0 {
					t.Errorf("%s: status %s without evidence", p.ID, p.Status)
				}
			}
		})
	}
}

// TestGoldenText compares the text report of each fixture app with its
// golden file; go test ./analyzer/hardening -update rewrites them.
func TestGoldenText(t *testing.T) {
	for _, name := range []string{"hardened", "weak", "mixed", "bare"} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.HardeningText(&buf, hardening.Evaluate(scanFixture(t, name))); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".txt")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("report differs from %s (rerun with -update after checking):\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestEvidenceLines(t *testing.T) {
	r := hardening.Evaluate(scanFixture(t, "hardened"))
	want := map[string]string{
		hardening.IDLogout:           "fixtures/report/hardened/src/components/Header.tsx:5",
		hardening.IDCredentialChange: "fixtures/report/hardened/src/pages/Settings.tsx:8",
		hardening.IDSignOutAll:       "fixtures/report/hardened/src/pages/Settings.tsx:14",
		hardening.IDSessionCap:       "fixtures/report/hardened/supabase/migrations/20240101000000_sessions.sql:30",
		hardening.IDRotation:         "fixtures/report/hardened/supabase/config.toml:4",
	}
	for _, p := range r.Properties {
		if len(p.Evidence) == 0 {
			t.Errorf("%s: no evidence", p.ID)
			continue
		}
		e := p.Evidence[0]
		got := e.File + ":" + strconv.Itoa(e.Line)
		if !strings.HasSuffix(got, want[p.ID]) {
			t.Errorf("%s: first evidence at %s, want %s", p.ID, got, want[p.ID])
		}
	}
}

func TestLifetimeSettings(t *testing.T) {
	r := hardening.Evaluate(scanFixture(t, "hardened"))
	var notes []string
	for _, e := range r.Lifetime {
		notes = append(notes, strconv.Itoa(e.Line)+" "+e.Note)
	}
	want := []string{
		`8 [auth] sessions.timebox = "24h": sessions end 24h after sign-in`,
		`9 [auth] sessions.inactivity_timeout = "8h": sessions end after 8h without a refresh`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("lifetime notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}
