package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func parseFile(t *testing.T, name string) (*Settings, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(filepath.Base(name), "", data, testSchema)
}

func mustParseFile(t *testing.T, name string) *Settings {
	t.Helper()
	s, err := parseFile(t, name)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return s
}

func TestParseFullFile(t *testing.T) {
	s := mustParseFile(t, "valid/full.yaml")

	if s.Enabled("clientonlylogout") {
		t.Error("clientonlylogout: enabled, want off")
	}
	for _, rule := range []string{"credentialchange", "localscopelogout", "directive"} {
		if !s.Enabled(rule) {
			t.Errorf("%s: off, want enabled", rule)
		}
	}
	levels := []struct{ rule, category, want string }{
		{"localscopelogout", "", "error"},
		{"credentialchange", "password", "warning"},
		{"credentialchange", "email", "error"},
		{"credentialchange", "mfa", "error"},
		{"directive", "", "note"},
		{"clientonlylogout", "", ""},
	}
	for _, c := range levels {
		if got := s.Level(c.rule, c.category); got != c.want {
			t.Errorf("Level(%s, %q) = %q, want %q", c.rule, c.category, got, c.want)
		}
	}
	if s.Bool("credentialchange", passwordOption) {
		t.Error("credentialchange password option: true, want false")
	}
	if got, want := s.Strings("localscopelogout", deviceOnlyOption), []string{"signOutThisDevice", "forgetDevice"}; !reflect.DeepEqual(got, want) {
		t.Errorf("deviceOnlyFunctions = %q, want %q", got, want)
	}
}

func TestExcludePatterns(t *testing.T) {
	s := mustParseFile(t, "valid/full.yaml")
	cases := []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"legacy", true, true},
		{"src/legacy", true, true},
		{"legacy", false, false}, // "legacy/" matches folders only
		{"legacy/auth.ts", false, true},
		{"src/legacy/deep/auth.ts", false, true},
		{"src/api.generated.ts", false, true},
		{"src/api.ts", false, false},
		{"scripts/seed.ts", false, true},
		{"tools/scripts/seed.ts", false, false}, // a leading slash anchors at the folder of the file
	}
	for _, c := range cases {
		if got := s.Excludes(c.path, c.isDir); got != c.want {
			t.Errorf("Excludes(%q, dir=%t) = %t, want %t", c.path, c.isDir, got, c.want)
		}
	}
}

func TestExcludeRelativeToConfigFolder(t *testing.T) {
	s, err := Parse("apps/web/.sessionlint.yaml", "apps/web", []byte("exclude: [/src/old.ts, gen/]\n"), testSchema)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"apps/web/src/old.ts", false, true},
		{"src/old.ts", false, false},
		{"apps/web/src/gen", true, true},
		{"apps/webapp/src/old.ts", false, false},
	}
	for _, c := range cases {
		if got := s.Excludes(c.path, c.isDir); got != c.want {
			t.Errorf("Excludes(%q, dir=%t) = %t, want %t", c.path, c.isDir, got, c.want)
		}
	}
}

func TestClientModulesAndNames(t *testing.T) {
	s := mustParseFile(t, "valid/full.yaml")
	modules := []struct {
		spec string
		want bool
	}{
		{"@/lib/supabase", true},
		{"@/lib/supabase/server", false},
		{"@acme/db", true},
		{"@acme/db/server", false}, // * stays within one segment
		{"../../shared/db-client", true},
		{"db-client", false}, // **/ needs a slash before the name
		{"@supabase/supabase-js", false},
	}
	for _, c := range modules {
		if got := s.IsClientModule(c.spec); got != c.want {
			t.Errorf("IsClientModule(%q) = %t, want %t", c.spec, got, c.want)
		}
	}
	names := []struct {
		expr string
		want bool
	}{
		{"db", true},
		{"this.db", true},
		{"getDb()", true},
		{"await getDb()", true},
		{"dbx", false},
		{"db.auth", false},
	}
	for _, c := range names {
		if got := s.IsClientName(c.expr); got != c.want {
			t.Errorf("IsClientName(%q) = %t, want %t", c.expr, got, c.want)
		}
	}
}

func TestDefaultsWithoutFile(t *testing.T) {
	for _, s := range []*Settings{nil, {}} {
		if !s.Enabled("localscopelogout") {
			t.Error("Enabled = false, want true")
		}
		if got := s.Level("credentialchange", "password"); got != "" {
			t.Errorf("Level = %q, want the default (\"\")", got)
		}
		if !s.Bool("credentialchange", passwordOption) {
			t.Error("Bool = false, want the default true")
		}
		if got := s.Strings("localscopelogout", deviceOnlyOption); len(got) != 0 {
			t.Errorf("Strings = %q, want empty", got)
		}
		if s.Excludes("legacy/a.ts", false) || s.IsClientModule("@/lib/supabase") || s.IsClientName("db") {
			t.Error("defaults exclude a path or name a client")
		}
		if s.Key() != "" {
			t.Errorf("Key = %q, want empty", s.Key())
		}
	}
}

func TestAnchorsAndEmptySections(t *testing.T) {
	s := mustParseFile(t, "valid/anchors.yaml")
	if got := s.Strings("localscopelogout", deviceOnlyOption); !reflect.DeepEqual(got, []string{"db"}) {
		t.Errorf("deviceOnlyFunctions through an alias = %q, want [db]", got)
	}
	if !s.IsClientName("db") {
		t.Error("clients.names through an anchor: db not a client")
	}

	empty := mustParseFile(t, "valid/empty-sections.yaml")
	if !empty.Enabled("credentialchange") || empty.Level("credentialchange", "email") != "" {
		t.Error("an empty rule entry changed the rule")
	}
	if empty.Excludes("src/a.ts", false) {
		t.Error("an empty exclude list excluded a file")
	}
}

func TestEmptyAndCommentOnlyFiles(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n", "\n\n"} {
		s, err := Parse(".sessionlint.yaml", "", []byte(text), testSchema)
		if err != nil {
			t.Errorf("Parse(%q): %v", text, err)
			continue
		}
		if !s.Enabled("localscopelogout") {
			t.Errorf("Parse(%q) turned a rule off", text)
		}
	}
}

// TestInvalidFiles checks the exact message of every error: file, line,
// column, key and text.
func TestInvalidFiles(t *testing.T) {
	cases := map[string][]string{
		"invalid/unknown-keys.yaml": {
			"unknown-keys.yaml:1:1: exlude: unknown key (did you mean exclude?); valid keys are clients, exclude, rules",
			"unknown-keys.yaml:4:3: rules.localscopelogot: unknown rule (did you mean localscopelogout?); the rules are clientonlylogout, credentialchange, directive, localscopelogout",
			"unknown-keys.yaml:7:5: rules.credentialchange.option: unknown key (did you mean options?); valid keys are level, levels, options",
			"unknown-keys.yaml:10:3: clients.module: unknown key (did you mean modules?); valid keys are modules, names",
		},
		"invalid/wrong-types.yaml": {
			`wrong-types.yaml:1:10: exclude: must be a list of strings, such as [a, b], not the string "legacy/"`,
			"wrong-types.yaml:3:21: rules.localscopelogout: invalid value false: use off to turn the rule off, or a level (error, warning, note)",
			"wrong-types.yaml:4:21: rules.clientonlylogout: must be off, a level (error, warning, note) or a mapping with level, levels and options, not a list",
			"wrong-types.yaml:7:17: rules.credentialchange.levels.password: a category cannot be turned off; use error, warning or note, or a rule option where the rule has one",
			"wrong-types.yaml:8:7: rules.credentialchange.levels.sms: unknown category; the categories of credentialchange are email, mfa, password",
			`wrong-types.yaml:10:17: rules.credentialchange.options.password: must be true or false, not the string "no"`,
			"wrong-types.yaml:12:5: rules.directive.levels: rule directive has no categories; set its level with level",
			"wrong-types.yaml:17:7: clients.names[1]: must be a string, not the number 42; quote it if it is meant as text",
			`wrong-types.yaml:18:7: clients.names[2]: "this.db" is not a JavaScript identifier; list the variable that holds the client, such as db`,
		},
		"invalid/duplicate.yaml": {
			"duplicate.yaml:3:3: rules.localscopelogout: duplicate key; each key may appear once",
		},
		"invalid/syntax.yaml": {
			"syntax.yaml:1: invalid YAML: did not find expected ',' or ']'",
		},
		"invalid/not-a-mapping.yaml": {
			"not-a-mapping.yaml:1:1: must be a mapping of keys to values, not a list",
		},
		"invalid/options.yaml": {
			"options.yaml:3:5: rules.clientonlylogout.options: rule clientonlylogout has no options",
			"options.yaml:7:7: rules.localscopelogout.options.deviceOnlyFunction: unknown option (did you mean deviceOnlyFunctions?); the options of localscopelogout are deviceOnlyFunctions",
			"options.yaml:8:29: rules.localscopelogout.options.deviceOnlyFunctions[0]: must not be empty",
		},
	}
	for name, want := range cases {
		s, err := parseFile(t, name)
		if s != nil {
			t.Errorf("%s: got settings, want nil", name)
		}
		var errs Errors
		if !errors.As(err, &errs) {
			t.Errorf("%s: error %v is not Errors", name, err)
			continue
		}
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: errors\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestSecondDocumentRejected(t *testing.T) {
	_, err := Parse("two.yaml", "", []byte("rules: {}\n---\nexclude: []\n"), testSchema)
	if err == nil || err.Error() != "two.yaml:2:1: the file holds more than one YAML document; keep only one" {
		t.Errorf("error = %v", err)
	}
}

func TestErrorFields(t *testing.T) {
	_, err := Parse("x.yaml", "", []byte("rules:\n  nosuch: off\n"), testSchema)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("error = %v, want one Error", err)
	}
	e := errs[0]
	if e.File != "x.yaml" || e.Line != 2 || e.Column != 3 || e.Key != "rules.nosuch" {
		t.Errorf("error fields = %q %d:%d %q", e.File, e.Line, e.Column, e.Key)
	}
}

func TestKeyChangesWithSettings(t *testing.T) {
	parse := func(text string) *Settings {
		s, err := Parse("k.yaml", "", []byte(text), testSchema)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := parse("rules: {localscopelogout: error}\n")
	b := parse("rules:\n  localscopelogout: error\n")
	c := parse("rules: {localscopelogout: note}\n")
	d := parse("clients: {names: [db]}\n")
	if a.Key() == "" || a.Key() != b.Key() {
		t.Errorf("equal settings: keys %q and %q, want equal and non-empty", a.Key(), b.Key())
	}
	if a.Key() == c.Key() || a.Key() == d.Key() {
		t.Error("different settings share a key")
	}
}

func TestLoaderNearestFile(t *testing.T) {
	root, err := filepath.Abs("testdata/monorepo")
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLoader(root, testSchema, "")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ file, wantPath, wantLevel string }{
		{"src/app.ts", ".sessionlint.yaml", "error"},
		{"app.ts", ".sessionlint.yaml", "error"},
		{"packages/web/src/deep/app.ts", "packages/web/.sessionlint.yaml", ""},
		{"packages/api/src/app.ts", ".sessionlint.yaml", "error"},
	}
	for _, c := range cases {
		s, err := l.ForFile(c.file)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if s.Path != c.wantPath {
			t.Errorf("%s: settings from %q, want %q", c.file, s.Path, c.wantPath)
		}
		if got := s.Level("localscopelogout", ""); got != c.wantLevel {
			t.Errorf("%s: level %q, want %q", c.file, got, c.wantLevel)
		}
	}
	web, _ := l.ForFile("packages/web/src/a.ts")
	if web.Enabled("localscopelogout") {
		t.Error("packages/web: localscopelogout enabled, want off from the package file")
	}
	if !web.Excludes("packages/web/src/Button.stories.tsx", false) {
		t.Error("packages/web: the package pattern does not exclude a story")
	}
	if web.Excludes("packages/web/generated", true) {
		t.Error("packages/web: the root pattern applies, but the nearest file replaces the root file")
	}
}

func TestLoaderErrors(t *testing.T) {
	root, err := filepath.Abs("testdata/monorepo")
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLoader(root, testSchema, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"packages/broken/a.ts", "packages/broken/src/b.ts", "packages/broken/a.ts"} {
		_, err := l.ForFile(file)
		want := "packages/broken/.sessionlint.yaml:2:3: rules.nosuchrule: unknown rule; the rules are clientonlylogout, credentialchange, directive, localscopelogout"
		if err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %s", file, err, want)
		}
	}
	_, err = l.ForFile("packages/legacy/a.ts")
	if want := "packages/legacy/.sessionlint.yml: sessionlint reads only .sessionlint.yaml; rename the file"; err == nil || err.Error() != want {
		t.Errorf("legacy name: error %v, want %s", err, want)
	}
}

func TestLoaderExplicitFile(t *testing.T) {
	root, err := filepath.Abs("testdata/monorepo")
	if err != nil {
		t.Fatal(err)
	}
	explicit := filepath.Join("testdata", "valid", "full.yaml")
	l, err := NewLoader(root, testSchema, explicit)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"src/a.ts", "packages/web/a.ts", "packages/broken/a.ts"} {
		s, err := l.ForFile(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if s.Path != explicit {
			t.Errorf("%s: settings from %q, want %q", file, s.Path, explicit)
		}
	}

	if _, err := NewLoader(root, testSchema, filepath.Join("testdata", "missing.yaml")); err == nil ||
		!strings.HasPrefix(err.Error(), "read configuration file: open testdata/missing.yaml:") {
		t.Errorf("missing explicit file: error %v", err)
	}
	if _, err := NewLoader(root, testSchema, filepath.Join("testdata", "invalid", "duplicate.yaml")); err == nil ||
		err.Error() != "testdata/invalid/duplicate.yaml:3:3: rules.localscopelogout: duplicate key; each key may appear once" {
		t.Errorf("invalid explicit file: error %v", err)
	}
}

func TestStarterParses(t *testing.T) {
	text := Starter(testSchema)
	s, err := Parse("starter.yaml", "", []byte(text), testSchema)
	if err != nil {
		t.Fatalf("starter does not parse: %v\n%s", err, text)
	}
	if s.Key() != mustKey(t, "") {
		t.Error("the commented starter sets something")
	}
	for _, want := range []string{"exclude:", "clients:", "modules:", "names:", "rules:", "# clientonlylogout: error",
		"#   levels:", "#     password: note", "#     password: true", "#     deviceOnlyFunctions: []", "# directive: warning"} {
		if !strings.Contains(text, want) {
			t.Errorf("starter lacks %q", want)
		}
	}
}

// TestStarterExamplesParse uncomments every example of the starter and
// checks that the rule examples restate the defaults.
func TestStarterExamplesParse(t *testing.T) {
	text := renderStarter(starterLines(testSchema), true)
	s, err := Parse("starter.yaml", "", []byte(text), testSchema)
	if err != nil {
		t.Fatalf("starter with examples does not parse: %v\n%s", err, text)
	}
	for _, r := range testSchema.Rules {
		if !s.Enabled(r.Name) {
			t.Errorf("%s: off in the examples", r.Name)
		}
		if len(r.CategoryLevels) == 0 {
			if got := s.Level(r.Name, ""); got != r.Level {
				t.Errorf("%s: example level %q, want the default %q", r.Name, got, r.Level)
			}
		}
		for c, want := range r.CategoryLevels {
			if got := s.Level(r.Name, c); got != want {
				t.Errorf("%s/%s: example level %q, want the default %q", r.Name, c, got, want)
			}
		}
	}
	if !s.Bool("credentialchange", passwordOption) {
		t.Error("password example: false, want the default true")
	}
	if !s.Excludes("legacy", true) || !s.IsClientModule("@/lib/supabase") || !s.IsClientName("db") {
		t.Error("the exclude and client examples do not take effect")
	}
}

func mustKey(t *testing.T, text string) string {
	t.Helper()
	s, err := Parse("k.yaml", "", []byte(text), testSchema)
	if err != nil {
		t.Fatal(err)
	}
	return s.Key()
}

func TestSuggest(t *testing.T) {
	known := []string{"clientonlylogout", "localscopelogout", "credentialchange"}
	cases := map[string]string{
		"localscopelogut":  "localscopelogout",
		"LocalScopeLogout": "localscopelogout",
		"credentialchange": "",
		"somethingelse":    "",
	}
	for name, want := range cases {
		if got := Suggest(name, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", name, got, want)
		}
	}
}
