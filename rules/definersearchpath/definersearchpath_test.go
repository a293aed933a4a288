package definersearchpath_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules/definersearchpath"
)

var rule = []analyzer.Rule{{Analyzer: definersearchpath.Analyzer, Doc: definersearchpath.Doc}}

func TestFixtures(t *testing.T) {
	analyzertest.Run(t, "../../fixtures/definersearchpath", rule)
}

func TestFixes(t *testing.T) {
	res := analyzertest.Run(t, "../../fixtures/definersearchpath/migrations", rule)
	got := map[string]string{}
	for _, f := range res.Findings {
		name, _, _ := strings.Cut(f.Message, " ")
		text := ""
		for _, fix := range f.Fixes {
			for _, e := range fix.Edits {
				if e.Start != e.End {
					t.Errorf("%s: fix replaces text, want an insertion", name)
				}
				text += fmt.Sprintf("%d:%d%s", e.Start.Line, e.Start.Column, e.NewText)
			}
		}
		got[name] = text
	}
	want := map[string]string{
		"public.sign_out_everywhere": "8:17 set search_path = ''",
		"public.Revoke_Tokens":       "39:86 SET search_path = ''",
		"public.purge":               "", // audit_log has no schema
		"public.end_sessions":        "15:92 set search_path = ''",
		"public.kill_session":        "", // the later migration resets the search_path it sets
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fixes = %q\nwant    %q", got, want)
	}
}
