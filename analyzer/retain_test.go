package analyzer

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSupabaseApp checks which apps' skipped files a folder scan keeps:
// those whose package.json, or the root one, mentions supabase.
func TestSupabaseApp(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"name": "mono", "private": true}`)
	write("apps/web/package.json", `{"dependencies": {"@supabase/ssr": "^0.7.0"}}`)
	write("apps/docs/package.json", `{"dependencies": {"next": "15.0.0"}}`)
	write("apps/app/package.json", `{"dependencies": {"@acme/supabase": "workspace:*"}}`)
	s := &scanner{}
	cases := map[string]bool{"apps/web": true, "apps/docs": false, "apps/app": true, "apps/none": false}
	for dir, want := range cases {
		if got := s.supabaseApp(root, dir); got != want {
			t.Errorf("supabaseApp(%q) = %v, want %v", dir, got, want)
		}
	}

	write("package.json", `{"devDependencies": {"supabase": "2.0.0"}}`)
	fresh := &scanner{}
	if !fresh.supabaseApp(root, "apps/docs") {
		t.Error("supabaseApp(apps/docs) = false with supabase in the root package.json, want true")
	}
}
