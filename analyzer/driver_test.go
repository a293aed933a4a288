package analyzer_test

import (
	"reflect"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/rules"
)

func TestRunSameFindingsForAnyJobs(t *testing.T) {
	var first *analyzer.Result
	for _, jobs := range []int{1, 2, 5} {
		// The rule fixtures and the sample app; fixtures/config holds
		// broken configuration files on purpose, which stop a scan.
		paths := []string{"../fixtures/sampleapp", "../fixtures/model", "../fixtures/localscopelogout", "../fixtures/clientonlylogout",
			"../fixtures/credentialchange", "../fixtures/manualsetsession", "../fixtures/duplicatetokenstorage", "../fixtures/refreshrotation"}
		res, err := analyzer.Run(analyzer.Config{Paths: paths, Rules: rules.All(), Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			if len(res.Findings) == 0 {
				t.Fatal("no findings in the fixtures")
			}
			continue
		}
		if !reflect.DeepEqual(res.Findings, first.Findings) {
			t.Errorf("-j %d findings differ from -j 1", jobs)
		}
		if !reflect.DeepEqual(res.Notices, first.Notices) {
			t.Errorf("-j %d notices differ from -j 1", jobs)
		}
	}
}

func TestRunNamedFileJudgedInAppContext(t *testing.T) {
	// UserMenu.tsx clears storage through a helper defined in another
	// file; naming only UserMenu.tsx must still resolve the helper, and
	// report nothing from the other files.
	res, err := analyzer.Run(analyzer.Config{
		Paths: []string{"../fixtures/sampleapp/src/components/UserMenu.tsx"},
		Rules: rules.All(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != "clientonlylogout" || f.File != "fixtures/sampleapp/src/components/UserMenu.tsx" || f.Start.Line != 23 {
		t.Errorf("finding = %s %s:%d, want clientonlylogout UserMenu.tsx:23", f.Rule, f.File, f.Start.Line)
	}
}

func TestRunMissingPath(t *testing.T) {
	_, err := analyzer.Run(analyzer.Config{Paths: []string{"../fixtures/does-not-exist"}, Rules: rules.All()})
	if err == nil {
		t.Fatal("Run on a missing path returned no error")
	}
}
