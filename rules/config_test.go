package rules_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules"
)

const configMonorepo = "../fixtures/config/monorepo"

// findingList renders the findings of a scan as "file:line rule level"
// lines, with paths relative to the fixture folder, suppressed ones
// marked.
func findingList(res *analyzer.Result) []string {
	var out []string
	for _, f := range res.Findings {
		_, rel, _ := strings.Cut(f.File, "fixtures/config/monorepo/")
		line := fmt.Sprintf("%s:%d %s %s", rel, f.Start.Line, f.Rule, f.Level)
		if f.Suppression != nil {
			line += " suppressed"
		}
		out = append(out, line)
	}
	return out
}

// TestConfigNearestFileApplies scans a monorepo whose root and one
// package have a .sessionlint.yaml: the markers check which findings the
// configuration turns off, excludes or keeps, and the list checks the
// levels it sets.
func TestConfigNearestFileApplies(t *testing.T) {
	res := analyzertest.Run(t, configMonorepo, rules.All())
	want := []string{
		"packages/api/src/password.ts:5 credentialchange warning",
		"packages/api/src/password.ts:10 clientonlylogout error",
		"packages/web/src/account.ts:11 credentialchange warning",
		"packages/web/src/db.ts:7 localscopelogout error",
		"packages/web/src/db.ts:19 localscopelogout error",
		"packages/web/src/logout.ts:9 localscopelogout error",
		"packages/web/src/logout.ts:22 localscopelogout error suppressed",
	}
	if got := findingList(res); !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConfigFileFlagReplacesNearestFiles scans the same monorepo with an
// empty file named through Config.ConfigFile: every default returns, so
// the excluded files, the device-only function, the password change,
// the rules turned off and the stale directive are reported, and the
// client names the package file listed are no longer known.
func TestConfigFileFlagReplacesNearestFiles(t *testing.T) {
	res, err := analyzer.Run(analyzer.Config{
		Paths:      []string{configMonorepo},
		Rules:      rules.All(),
		Jobs:       2,
		ConfigFile: "../fixtures/config/empty.yaml",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"packages/api/src/legacy/oldLogout.ts:5 localscopelogout warning",
		"packages/api/src/password.ts:5 credentialchange note",
		"packages/api/src/password.ts:10 clientonlylogout error",
		"packages/api/src/types.generated.ts:3 clientonlylogout error",
		"packages/web/src/account.ts:6 credentialchange note",
		"packages/web/src/account.ts:11 credentialchange warning",
		"packages/web/src/logout.ts:5 localscopelogout warning",
		"packages/web/src/logout.ts:9 localscopelogout warning",
		"packages/web/src/logout.ts:14 clientonlylogout error",
		"packages/web/src/logout.ts:20 directive warning",
		"packages/web/src/logout.ts:22 localscopelogout warning suppressed",
	}
	if got := findingList(res); !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestInvalidConfigStopsScan(t *testing.T) {
	_, err := analyzer.Run(analyzer.Config{Paths: []string{"../fixtures/config/broken"}, Rules: rules.All(), Jobs: 1})
	want := "fixtures/config/broken/.sessionlint.yaml:3:5: rules.localscopelogout.levle: unknown key (did you mean level?); valid keys are level, levels, options"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

func TestNamedFileExcludedByConfig(t *testing.T) {
	res, err := analyzer.Run(analyzer.Config{
		Paths: []string{configMonorepo + "/packages/api/src/legacy/oldLogout.ts", configMonorepo + "/packages/api/src/password.ts"},
		Rules: rules.All(),
		Jobs:  1,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"packages/api/src/password.ts:5 credentialchange warning",
		"packages/api/src/password.ts:10 clientonlylogout error",
	}
	if got := findingList(res); !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
