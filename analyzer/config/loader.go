package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
)

// legacyName is a spelling of FileName that is easy to write by mistake;
// the loader rejects it instead of ignoring the file silently.
const legacyName = ".sessionlint.yml"

// Loader finds the configuration in force for each file of a scan and
// reads every configuration file once. It is safe for concurrent use.
type Loader struct {
	root   string
	schema *Schema
	// fixed is the file named with -config, which applies everywhere.
	fixed    *Settings
	defaults *Settings

	mu sync.Mutex
	// dirs maps a repository-relative folder to the settings in force
	// there, filled as folders are looked up.
	dirs map[string]*Settings
	errs map[string]error
}

// NewLoader returns a loader for the repository at root (an absolute
// path). When explicit is not empty, that file applies to every file of
// the scan, its exclude patterns relative to the repository root, and no
// .sessionlint.yaml is looked for.
func NewLoader(root string, schema *Schema, explicit string) (*Loader, error) {
	l := &Loader{
		root:     root,
		schema:   schema,
		defaults: &Settings{schema: schema},
		dirs:     map[string]*Settings{},
		errs:     map[string]error{},
	}
	if explicit != "" {
		data, err := os.ReadFile(explicit)
		if err != nil {
			return nil, fmt.Errorf("read configuration file: %w", err)
		}
		s, err := Parse(explicit, "", data, schema)
		if err != nil {
			return nil, err
		}
		l.fixed = s
	}
	return l, nil
}

// ForFile returns the settings in force for a repository-relative file
// path with forward slashes.
func (l *Loader) ForFile(rel string) (*Settings, error) {
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	return l.ForDir(dir)
}

// ForDir returns the settings in force in a repository-relative folder
// ("" for the root): those of the nearest .sessionlint.yaml at or above
// it, or the defaults. A file that cannot be read or parsed is an error,
// for this folder and every folder below it.
func (l *Loader) ForDir(dir string) (*Settings, error) {
	if l.fixed != nil {
		return l.fixed, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var visited []string
	var found *Settings
	var err error
	for d := dir; ; d = parent(d) {
		if s, ok := l.dirs[d]; ok {
			found, err = s, l.errs[d]
			break
		}
		visited = append(visited, d)
		var ok bool
		found, ok, err = l.read(d)
		if ok || err != nil {
			break
		}
		if d == "" {
			found = l.defaults
			break
		}
	}
	for _, v := range visited {
		l.dirs[v] = found
		if err != nil {
			l.errs[v] = err
		}
	}
	return found, err
}

// read parses the configuration file of one folder; ok is false when the
// folder has none.
func (l *Loader) read(dir string) (s *Settings, ok bool, err error) {
	abs := filepath.Join(l.root, filepath.FromSlash(dir))
	display := path.Join(dir, FileName)
	data, err := regularfile.Read(filepath.Join(abs, FileName), 0) // never blocks on a named pipe
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(filepath.Join(abs, legacyName)); err == nil {
			return nil, false, fmt.Errorf("%s: sessionlint reads only %s; rename the file", path.Join(dir, legacyName), FileName)
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read configuration file %s: %w", display, unwrapPath(err))
	}
	s, err = Parse(display, dir, data, l.schema)
	if err != nil {
		return nil, false, err
	}
	return s, true, nil
}

func parent(d string) string {
	if d == "" {
		return ""
	}
	p := path.Dir(d)
	if p == "." {
		return ""
	}
	return p
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
