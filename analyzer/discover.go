package analyzer

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/gitignore"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// skippedDirs are folders that hold dependencies or build output.
var skippedDirs = map[string]bool{
	"node_modules": true, ".git": true, "dist": true, "build": true, ".next": true, ".nuxt": true,
	".svelte-kit": true, ".output": true, "out": true, "coverage": true, ".vercel": true, ".turbo": true,
	".netlify": true, ".expo": true, "vendor": true,
}

// source is one file to analyse.
type source struct {
	// rel is the repository-relative path with forward slashes.
	rel string
	abs string
	// app is the repository-relative folder of the file's app.
	app string
	// reported is false for files read only for their app's summary.
	reported bool
	// settings is the .sessionlint.yaml configuration in force for the file.
	settings *config.Settings
	// overlay is the buffer that replaces the file's content, or nil.
	overlay []byte
	// limits bound what read accepts.
	limits inputLimits
}

// FindRoot returns the repository root for the scanned paths: the git
// top level that holds them, else the one folder given, else the
// current directory.
func FindRoot(paths []string) (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	var abs []string
	for _, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		abs = append(abs, a)
	}
	if len(abs) == 0 {
		abs = []string{cwd}
	}
	start := abs[0]
	if fi, err := os.Stat(start); err == nil && !fi.IsDir() {
		start = filepath.Dir(start)
	}
	for d := start; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			inside := true
			for _, a := range abs {
				if !within(d, a) {
					inside = false
				}
			}
			if inside {
				return d, nil
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if len(abs) == 1 {
		if fi, err := os.Stat(abs[0]); err == nil && fi.IsDir() {
			return abs[0], nil
		}
	}
	return cwd, nil
}

func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// walker discovers source files below the root.
type walker struct {
	root         string
	includeTests bool
	// ignores holds the compiled .gitignore of each folder that has one,
	// keyed by repository-relative folder ("" for the root).
	ignores map[string]*gitignore.Matcher
	// apps caches the app folder of each folder.
	apps    map[string]string
	notices []Notice
	// overlay is Config.Overlay.
	overlay map[string][]byte
	// realRoot is root with symbolic links resolved; see resolvedRoot.
	realRoot string
	// contextWalk is set while the walk adds unreported context files.
	contextWalk bool
	// settings finds the .sessionlint.yaml files; configErr is the first
	// one that could not be read (see settingsFor).
	settings  *config.Loader
	configErr error
	// found, when set, receives each reported file as discovery adds it,
	// so that the scan can start before the walk ends (scan.go).
	found func(source)
}

func newWalker(root string, includeTests bool) *walker {
	return &walker{root: root, includeTests: includeTests, ignores: map[string]*gitignore.Matcher{}, apps: map[string]string{}}
}

// relPath returns the repository-relative, slash-separated path of abs.
func (w *walker) relPath(abs string) string {
	rel, err := filepath.Rel(w.root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	if rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// loadIgnore reads the .gitignore of a folder once.
func (w *walker) loadIgnore(relDir string) {
	if _, ok := w.ignores[relDir]; ok {
		return
	}
	file := filepath.Join(w.root, filepath.FromSlash(relDir), ".gitignore")
	gi, err := gitignore.CompileFile(file)
	if err != nil {
		gi = nil
	}
	w.ignores[relDir] = gi
}

// ignored reports whether a .gitignore of an enclosing folder excludes rel.
func (w *walker) ignored(rel string, isDir bool) bool {
	dir := path.Dir(rel)
	if dir == "." {
		dir = ""
	}
	var chain []string
	for d := dir; ; d = parentDir(d) {
		chain = append(chain, d)
		if d == "" {
			break
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		d := chain[i]
		w.loadIgnore(d)
		gi := w.ignores[d]
		if gi == nil {
			continue
		}
		sub := rel
		if d != "" {
			sub = strings.TrimPrefix(rel, d+"/")
		}
		if isDir {
			sub += "/"
		}
		if gi.MatchesPath(sub) {
			return true
		}
	}
	return false
}

func parentDir(d string) string {
	if d == "" {
		return ""
	}
	p := path.Dir(d)
	if p == "." {
		return ""
	}
	return p
}

// appOf returns the folder of the nearest package.json at or above the
// file's folder, or the root.
func (w *walker) appOf(rel string) string {
	dir := parentDir(rel)
	if !strings.Contains(rel, "/") {
		dir = ""
	}
	var visited []string
	app := ""
	for d := dir; ; d = parentDir(d) {
		if a, ok := w.apps[d]; ok {
			app = a
			break
		}
		visited = append(visited, d)
		if _, err := os.Stat(filepath.Join(w.root, filepath.FromSlash(d), "package.json")); err == nil {
			app = d
			break
		}
		if d == "" {
			break
		}
	}
	for _, v := range visited {
		w.apps[v] = app
	}
	return app
}

// wanted reports whether a file is one sessionlint reads.
func (w *walker) wanted(rel string) bool {
	if tsparse.LangFor(rel) == tsparse.LangNone {
		return false
	}
	if path.Base(rel) == "config.toml" && path.Base(path.Dir(rel)) != "supabase" {
		return false
	}
	if tsparse.LangFor(rel) == tsparse.LangSQL && !isMigrationDir(path.Dir(rel)) {
		return false
	}
	if strings.Contains(path.Base(rel), ".min.") || strings.HasSuffix(rel, ".d.ts") {
		return false
	}
	if !w.includeTests && tsparse.IsTestPath(rel) {
		return false
	}
	return true
}

// walkDir adds every wanted file below absDir.
func (w *walker) walkDir(absDir string, add func(rel, abs string)) error {
	return filepath.WalkDir(absDir, func(p string, d fs.DirEntry, err error) error {
		rel := w.relPath(p)
		if err != nil {
			w.notices = append(w.notices, walkErrorNotice(rel, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != absDir && (skippedDirs[d.Name()] || w.ignored(rel, true) || w.excluded(rel, true)) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			// Links, FIFOs and devices are never opened while walking.
			w.noteNonRegular(rel, p, d.Type())
			return nil
		}
		if !w.wanted(rel) || w.ignored(rel, false) || w.excluded(rel, false) {
			return nil
		}
		add(rel, p)
		return nil
	})
}

func describeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// discover lists the files to analyse for the given paths. Files named
// explicitly are reported; their apps' other files are added unreported
// so the project phase judges them in context.
func (w *walker) discover(paths []string) ([]source, error) {
	seen := map[string]int{}
	var out []source
	add := func(rel, abs string, reported bool) {
		if i, ok := seen[rel]; ok {
			if reported {
				out[i].reported = true
			}
			return
		}
		seen[rel] = len(out)
		out = append(out, source{rel: rel, abs: abs, app: w.appOf(rel), reported: reported, settings: w.settingsFor(parentDir(rel))})
		if w.found != nil && reported {
			w.found(out[len(out)-1])
		}
	}
	contextApps := map[string]bool{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		named, ok, err := w.resolveNamed(p, abs)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		abs, fi := named.abs, named.info
		if fi.IsDir() {
			if err := w.walkDir(abs, func(rel, a string) { add(rel, a, true) }); err != nil {
				return nil, err
			}
			continue
		}
		rel := w.relPath(abs)
		if tsparse.LangFor(rel) == tsparse.LangNone {
			continue // pre-commit may pass any staged file
		}
		if w.excluded(rel, false) {
			continue // excluded in .sessionlint.yaml, even when named
		}
		add(rel, abs, true)
		contextApps[w.appOf(rel)] = true
	}
	apps := make([]string, 0, len(contextApps))
	for a := range contextApps {
		apps = append(apps, a)
	}
	sort.Strings(apps)
	w.contextWalk = true // skipped entries of the context get no notice
	for _, a := range apps {
		dir := filepath.Join(w.root, filepath.FromSlash(a))
		if err := w.walkDir(dir, func(rel, abs string) { add(rel, abs, false) }); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// isMigrationDir reports whether a folder holds Supabase CLI migrations:
// supabase/migrations, at the root or in a subfolder.
func isMigrationDir(dir string) bool {
	return dir == "supabase/migrations" || strings.HasSuffix(dir, "/supabase/migrations")
}
