package clientonlylogout_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

// scopeProject writes a project with src/logout.ts and returns that
// file's path.
func scopeProject(t *testing.T, source string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"package.json":  `{"dependencies": {"@supabase/supabase-js": "^2.45.0"}}`,
		"src/logout.ts": source,
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
	// The .git folder makes dir the repository root of the scan.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "src", "logout.ts")
}

// TestInsertFixNeedsClientInScope checks that the inserted sign-out uses
// a client the function can see: a module-level client gets the fix, a
// client declared inside another function does not.
func TestInsertFixNeedsClientInScope(t *testing.T) {
	cases := []struct {
		name    string
		source  string
		wantFix bool
	}{
		{
			name: "module-level client",
			source: `import { createClient } from '@supabase/supabase-js';

const supabase = createClient('https://example.supabase.co', 'public-anon-key');

export async function loadUser() {
  return supabase.auth.getUser();
}

export async function logout() {
  localStorage.removeItem('sb-example-auth-token');
  window.location.href = '/login';
}
`,
			wantFix: true,
		},
		{
			name: "client of another function",
			source: `import { createClient } from '@supabase/supabase-js';

export async function loadUser() {
  const client = createClient('https://example.supabase.co', 'public-anon-key');
  return client.auth.getUser();
}

export async function logout() {
  localStorage.removeItem('sb-example-auth-token');
  window.location.href = '/login';
}
`,
			wantFix: false,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := scopeProject(t, c.source)
			res, err := analyzer.Run(analyzer.Config{Paths: []string{path}, Rules: rules, Jobs: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
			}
			f := res.Findings[0]
			if got := len(f.Fixes) > 0; got != c.wantFix {
				t.Errorf("fix offered = %v, want %v (fixes: %+v)", got, c.wantFix, f.Fixes)
			}
			if c.wantFix && len(f.Fixes) > 0 && f.Fixes[0].Edits[0].NewText != "await supabase.auth.signOut();\n  " {
				t.Errorf("inserted text = %q", f.Fixes[0].Edits[0].NewText)
			}
		})
	}
}
