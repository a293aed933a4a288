package analyzer

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadVersionsSources(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "web", "package.json"), `{"dependencies": {"@supabase/supabase-js": "^2.39.0", "@supabase/ssr": "^0.5.0"}}`)
	writeFile(t, filepath.Join(root, "web", "package-lock.json"), `{"packages": {"node_modules/@supabase/supabase-js": {"version": "2.45.1"}}}`)
	writeFile(t, filepath.Join(root, "pn", "package.json"), `{"dependencies": {"@supabase/ssr": "^0.4.0"}}`)
	writeFile(t, filepath.Join(root, "pn", "pnpm-lock.yaml"), "packages:\n\n  '@supabase/ssr@0.4.1(@supabase/supabase-js@2.44.0)':\n    resolution: {}\n")
	writeFile(t, filepath.Join(root, "ya", "package.json"), `{"dependencies": {"@supabase/supabase-js": "2"}}`)
	writeFile(t, filepath.Join(root, "ya", "yarn.lock"), "\"@supabase/supabase-js@^2\":\n  version \"2.43.4\"\n  resolved \"x\"\n")

	cases := map[string]string{
		"web": `{"@supabase/ssr":{"Version":"^0.5.0","Source":"web/package.json"},"@supabase/supabase-js":{"Version":"2.45.1","Source":"web/package-lock.json"}}`,
		"pn":  `{"@supabase/ssr":{"Version":"0.4.1","Source":"pn/pnpm-lock.yaml"}}`,
		"ya":  `{"@supabase/supabase-js":{"Version":"2.43.4","Source":"ya/yarn.lock"}}`,
	}
	for dir, want := range cases {
		if got := versionsJSON(readVersions(root, dir)); got != want {
			t.Errorf("%s: versions = %s, want %s", dir, got, want)
		}
	}
}
