package analyzer

import (
	"hash/maphash"
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

// TestSearchSignature checks that a search's signature ignores the order
// of its words and changes with the words and the wanted groups.
func TestSearchSignature(t *testing.T) {
	s := &scanner{searchSeed: maphash.MakeSeed()}
	a := s.searchSignature(0b0101, [][]string{{"a", "b"}, nil, {"c"}})
	if b := s.searchSignature(0b0101, [][]string{{"b", "a"}, nil, {"c"}}); a != b {
		t.Errorf("reordered words: signature %x, want %x", b, a)
	}
	for _, other := range []uint64{
		s.searchSignature(0b0101, [][]string{{"a", "b", "d"}, nil, {"c"}}),
		s.searchSignature(0b0100, [][]string{{"a", "b"}, nil, {"c"}}),
		s.searchSignature(0b0101, [][]string{{"a"}, {"b"}, {"c"}}),
	} {
		if other == a {
			t.Errorf("different search, same signature %x", a)
		}
	}
	if a == 0 {
		t.Error("signature 0, which marks a file not searched yet")
	}
}
