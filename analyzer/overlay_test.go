package analyzer_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/rules"
)

const overlayLocalLogout = `import { supabase } from './client';

export async function logout() {
  await supabase.auth.signOut({ scope: 'local' });
}
`

const overlayCleanLogout = `import { supabase } from './client';

export async function logout() {
  await supabase.auth.signOut();
}
`

// overlayRepo writes a repository with a Supabase client and a clean
// logout, and returns its folder.
func overlayRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		".git/HEAD":     "ref: refs/heads/main\n",
		"package.json":  `{"dependencies": {"@supabase/supabase-js": "^2.45.0"}}`,
		"src/client.ts": "import { createClient } from '@supabase/supabase-js';\n\nexport const supabase = createClient('https://example.supabase.co', 'key');\n",
		"src/logout.ts": overlayCleanLogout,
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunOverlayReplacesFileContent(t *testing.T) {
	dir := overlayRepo(t)
	path := filepath.Join(dir, "src", "logout.ts")
	res, err := analyzer.Run(analyzer.Config{
		Paths:   []string{path},
		Rules:   rules.All(),
		Overlay: map[string][]byte{path: []byte(overlayLocalLogout)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want the one of the overlay: %+v", len(res.Findings), res.Findings)
	}
	if f := res.Findings[0]; f.Rule != "localscopelogout" || f.File != "src/logout.ts" || f.Start.Line != 4 {
		t.Errorf("finding = %s %s:%d, want localscopelogout src/logout.ts:4", f.Rule, f.File, f.Start.Line)
	}
}

func TestRunOverlayOfUnsavedFile(t *testing.T) {
	dir := overlayRepo(t)
	path := filepath.Join(dir, "src", "new.ts")
	res, err := analyzer.Run(analyzer.Config{
		Paths:   []string{path},
		Rules:   rules.All(),
		Overlay: map[string][]byte{path: []byte(overlayLocalLogout)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].File != "src/new.ts" {
		t.Fatalf("findings = %+v, want one in src/new.ts", res.Findings)
	}
	if res.FilesScanned != 1 {
		t.Errorf("FilesScanned = %d, want 1", res.FilesScanned)
	}
}

// TestRunOverlayOnlyForNamedPath checks that the buffer of a file is
// used for that file alone: the file on disk beside it is read as it is.
func TestRunOverlayOnlyForNamedPath(t *testing.T) {
	dir := overlayRepo(t)
	res, err := analyzer.Run(analyzer.Config{
		Paths:   []string{dir},
		Rules:   rules.All(),
		Overlay: map[string][]byte{filepath.Join(dir, "src", "other.ts"): []byte(overlayLocalLogout)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings = %+v, want none: the overlay's path was not scanned", res.Findings)
	}
}
