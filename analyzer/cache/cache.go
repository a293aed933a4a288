// Package cache stores per-file analysis results on disk, keyed by a
// digest of everything the result depends on: the file's path and
// content, the sessionlint build, the analyzers and the settings.
//
// Each entry is one small JSON file named by its digest. Writers create
// the entry under a temporary name in the same folder and rename it into
// place, so a reader sees a whole entry or none, and two runs that share
// the folder never see each other's half-written files. An entry that
// cannot be read or decoded is a miss.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

// schema changes when the layout of the folder or the digest changes.
const schema = "v1"

// MaxAge is how long an entry that no run has written again stays on
// disk; Prune removes older ones.
const MaxAge = 30 * 24 * time.Hour

// pruneInterval is how often a run looks for entries older than MaxAge.
const pruneInterval = 24 * time.Hour

// Cache is a folder of entries. It is safe for concurrent use by the
// goroutines of one run and by several processes.
type Cache struct {
	dir string
	// salt is mixed into every key: the build and the analysis setup.
	salt []byte
}

// DefaultDir returns the folder of the cache in the user cache directory,
// such as ~/.cache/sessionlint on Linux.
func DefaultDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory: %w", err)
	}
	return filepath.Join(base, "sessionlint"), nil
}

// Open returns the cache in dir, which is created on the first write.
// salt names everything besides a file's path and content that its
// result depends on; it is combined with BuildID.
func Open(dir, salt string) *Cache {
	return &Cache{dir: filepath.Join(dir, schema), salt: []byte(BuildID() + "\x00" + salt + "\x00")}
}

// BuildID identifies the running sessionlint build: its module version
// and VCS revision where the build recorded them, and the size and
// modification time of the executable, which change with every rebuild
// of a development binary.
func BuildID() string {
	var b strings.Builder
	if info, ok := debug.ReadBuildInfo(); ok {
		b.WriteString(info.Main.Path + "@" + info.Main.Version)
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				b.WriteString(" " + s.Key + "=" + s.Value)
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(&b, " exe=%s size=%d mtime=%d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

// Key returns the digest of an entry for a file: its repository-relative
// path, its content and the settings that apply to it.
func (c *Cache) Key(rel string, content []byte, settings string) string {
	h := sha256.New()
	h.Write(c.salt)
	h.Write([]byte(rel))
	h.Write([]byte{0})
	h.Write([]byte(settings))
	h.Write([]byte{0})
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key[2:])
}

// Get decodes the entry for key into v and reports whether it was found.
func (c *Cache) Get(key string, v any) bool {
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return false
	}
	return json.Unmarshal(data, v) == nil
}

// Put stores v as the entry for key.
func (c *Cache) Put(key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dst := c.path(key)
	dir := filepath.Dir(dst)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.CreateTemp(dir, ".tmp-*")
		}
	}
	if err != nil {
		return fmt.Errorf("write cache entry: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), dst)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write cache entry: %w", werr)
	}
	return nil
}

// PruneIfDue removes entries and stray temporary files older than MaxAge,
// at most once per pruneInterval across all runs sharing the folder. It
// returns the number of files removed.
func (c *Cache) PruneIfDue(now time.Time) (int, error) {
	marker := filepath.Join(c.dir, "last-prune")
	if fi, err := os.Stat(marker); err == nil && now.Sub(fi.ModTime()) < pruneInterval {
		return 0, nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		return 0, err
	}
	return c.prune(now.Add(-MaxAge))
}

// prune removes the files of the shard folders last written before cutoff.
func (c *Cache) prune(cutoff time.Time) (int, error) {
	shards, err := os.ReadDir(c.dir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, shard := range shards {
		if !shard.IsDir() || len(shard.Name()) != 2 {
			continue
		}
		dir := filepath.Join(c.dir, shard.Name())
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			fi, err := e.Info()
			if err != nil || !fi.ModTime().Before(cutoff) {
				continue
			}
			if os.Remove(filepath.Join(dir, e.Name())) == nil {
				removed++
			}
		}
	}
	return removed, nil
}
