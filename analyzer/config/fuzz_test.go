package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad writes arbitrary bytes as the .sessionlint.yaml of a
// repository and loads the settings of a file below it, as a scan does.
// The loader must return settings or an error that names the file, never
// panic, and every query on the settings must return without a panic.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, seed := range []string{
		"", "# only a comment\n", "rules:\n  localscopelogout: off\n", "rules: [\n", "exclude: ['[']\n",
		"clients:\n  modules: ['**/*']\n  names: [supabase]\n", "a: &x [*x]\n", "rules: {credentialchange: {levels: {password: error}}}\n",
		"\xEF\xBB\xBFrules: {}\n", "rules:\r\n  directive: off\r\n", "---\n---\n",
	} {
		f.Add([]byte(seed))
	}
	root := f.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "apps", "web"), 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(root, "apps", FileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := NewLoader(root, testSchema, "")
		if err != nil {
			t.Fatalf("NewLoader: %v", err)
		}
		s, err := l.ForFile("apps/web/src/a.ts")
		if err != nil {
			if !strings.Contains(err.Error(), "apps/"+FileName) {
				t.Fatalf("error %q does not name apps/%s", err, FileName)
			}
			return
		}
		if s == nil {
			t.Fatal("ForFile returned neither settings nor an error")
		}
		for _, rule := range testSchema.RuleNames() {
			s.Enabled(rule)
			for _, category := range []string{"", "password", "email", "mfa"} {
				if level := s.Level(rule, category); level != "" && level != LevelError && level != LevelWarning && level != LevelNote && level != LevelOff {
					t.Fatalf("Level(%s, %s) = %q", rule, category, level)
				}
			}
		}
		s.Bool("credentialchange", passwordOption)
		s.Strings("localscopelogout", deviceOnlyOption)
		for _, rel := range []string{"apps/web/src/a.ts", "apps/gen", "x", ""} {
			s.Excludes(rel, strings.HasSuffix(rel, "gen"))
		}
		s.IsClientModule("@/lib/supabase")
		s.IsClientName("supabase")
		if s.Key() == "" {
			t.Fatal("Key is empty")
		}
	})
}
