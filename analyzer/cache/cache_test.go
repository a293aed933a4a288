package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type entry struct {
	Name  string
	Calls []string
}

func TestPutGet(t *testing.T) {
	c := Open(t.TempDir(), "rules=a,b")
	key := c.Key("src/a.ts", []byte("export {}"), "settings")
	var got entry
	if c.Get(key, &got) {
		t.Fatal("Get found an entry in an empty cache")
	}
	want := entry{Name: "logout", Calls: []string{"signOut", "navigate"}}
	if err := c.Put(key, want); err != nil {
		t.Fatal(err)
	}
	if !c.Get(key, &got) {
		t.Fatal("Get did not find the entry just written")
	}
	if got.Name != want.Name || fmt.Sprint(got.Calls) != fmt.Sprint(want.Calls) {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
}

func TestKeyDependsOnEveryPart(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, "rules=a")
	base := c.Key("src/a.ts", []byte("x"), "s")
	variants := map[string]string{
		"path":     c.Key("src/b.ts", []byte("x"), "s"),
		"content":  c.Key("src/a.ts", []byte("y"), "s"),
		"settings": c.Key("src/a.ts", []byte("x"), "t"),
		"salt":     Open(dir, "rules=b").Key("src/a.ts", []byte("x"), "s"),
		// The separators keep a path and content that split differently
		// apart.
		"boundary": c.Key("src/a.tsx", []byte(""), "s"),
	}
	for what, key := range variants {
		if key == base {
			t.Errorf("changing the %s keeps the key %s", what, key)
		}
	}
	if again := c.Key("src/a.ts", []byte("x"), "s"); again != base {
		t.Errorf("the same inputs gave keys %s and %s", base, again)
	}
}

func TestCorruptEntryIsMiss(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, "")
	key := c.Key("a.ts", []byte("x"), "")
	if err := c.Put(key, entry{Name: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path(key), []byte(`{"Name": "a", "Calls": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	var got entry
	if c.Get(key, &got) {
		t.Error("Get decoded a truncated entry")
	}
}

// TestConcurrentWriters has goroutines write and read the same keys; a
// reader must see either no entry or a whole one, and no temporary file
// may remain.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Open(dir, "shared")
			for i := 0; i < 50; i++ {
				key := c.Key(fmt.Sprintf("f%d.ts", i%5), []byte("same"), "")
				want := entry{Name: fmt.Sprintf("f%d", i%5), Calls: []string{"a", "b", "c"}}
				if err := c.Put(key, want); err != nil {
					t.Error(err)
					return
				}
				var got entry
				if !c.Get(key, &got) || got.Name != want.Name || len(got.Calls) != 3 {
					t.Errorf("Get = %+v after Put of %+v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p)[0] == '.' {
			t.Errorf("temporary file left behind: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPutIntoUnwritableFolder(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A regular file where the cache folder should be.
	c := Open(blocker, "")
	if err := c.Put(c.Key("a.ts", nil, ""), entry{}); err == nil {
		t.Error("Put under a regular file returned no error")
	}
}

func TestPruneIfDue(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, "")
	oldKey := c.Key("old.ts", nil, "")
	newKey := c.Key("new.ts", nil, "")
	for _, k := range []string{oldKey, newKey} {
		if err := c.Put(k, entry{Name: k}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	stale := now.Add(-MaxAge - time.Hour)
	if err := os.Chtimes(c.path(oldKey), stale, stale); err != nil {
		t.Fatal(err)
	}
	removed, err := c.PruneIfDue(now)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 1 {
		t.Errorf("PruneIfDue removed %d files, want 1", removed)
	}
	var got entry
	if c.Get(oldKey, &got) {
		t.Error("the stale entry is still there")
	}
	if !c.Get(newKey, &got) {
		t.Error("the fresh entry was removed")
	}
	// A second run within the interval does not look again.
	if err := os.Chtimes(c.path(newKey), stale, stale); err != nil {
		t.Fatal(err)
	}
	if removed, err := c.PruneIfDue(now.Add(time.Hour)); err != nil || removed != 0 {
		t.Errorf("PruneIfDue within the interval = %d, %v; want 0, nil", removed, err)
	}
	if removed, err := c.PruneIfDue(now.Add(pruneInterval + time.Hour)); err != nil || removed != 1 {
		t.Errorf("PruneIfDue after the interval = %d, %v; want 1, nil", removed, err)
	}
}

func TestBuildIDNamesExecutable(t *testing.T) {
	id := BuildID()
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	if want := "exe=" + exe; !strings.Contains(id, want) {
		t.Errorf("BuildID() = %q, want it to contain %q", id, want)
	}
}
