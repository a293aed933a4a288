package analyzer

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
)

// resolver maps import specifiers to the summaries of project files,
// the way TypeScript's bundler resolution does for the cases apps use:
// relative paths, "paths" aliases of the nearest tsconfig.json or
// jsconfig.json, and workspace packages found by their package.json
// name. It never resolves into node_modules.
type resolver struct {
	root  string
	files map[string]*FileSummary
	// trace records lookups of files the prefilter skipped (scan.go).
	trace *linkTrace
	// configs caches the alias table of each folder's nearest tsconfig.
	configs map[string]*aliasTable
	// packages maps workspace package names to their folder and exports.
	packages map[string]*workspacePackage
	// owners maps every function of the scan to its file.
	owners map[*FuncFacts]*FileSummary
	// byBase indexes the keys of files by base name; see filesByBase.
	byBase map[string][]string
}

// filesByBase returns the paths of the scan's files by base name, built
// on first use.
func (r *resolver) filesByBase() map[string][]string {
	if r.byBase == nil {
		r.byBase = make(map[string][]string, len(r.files))
		for name := range r.files {
			base := path.Base(name)
			r.byBase[base] = append(r.byBase[base], name)
		}
	}
	return r.byBase
}

// aliasTable is the "paths" mapping of one tsconfig, with targets made
// repository-relative.
type aliasTable struct {
	patterns []aliasPattern
}

type aliasPattern struct {
	prefix, suffix string // the parts around "*" ("@/" and "" for "@/*")
	wildcard       bool
	targets        []string // repository-relative, "*" kept
}

type workspacePackage struct {
	dir     string
	exports map[string]string // subpath ("." or "./client") to a relative file
}

// sourceExts are tried in order when an import names a module without
// its extension.
var sourceExts = []string{".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs", ".vue", ".svelte", ".astro"}

func moduleFiles(base string) []string {
	var out []string
	if ext := path.Ext(base); ext != "" {
		out = append(out, base)
		// TypeScript lets "./client.js" name client.ts.
		stem := strings.TrimSuffix(base, ext)
		for _, e := range sourceExts {
			out = append(out, stem+e)
		}
	}
	for _, e := range sourceExts {
		out = append(out, base+e)
	}
	for _, e := range sourceExts {
		out = append(out, base+"/index"+e)
	}
	return out
}

// diskFacts holds what the project phase reads from configuration files:
// tsconfig alias tables, workspace packages and library versions. The
// rounds of one scan share it, so each file is read once per scan.
type diskFacts struct {
	configs map[string]*aliasTable
	// packages holds the package.json of each app folder, nil when it has
	// no name.
	packages map[string]*namedPackage
	versions map[string]map[string]PackageVersion
	locks    map[string]map[string]PackageVersion
}

type namedPackage struct {
	name string
	pkg  *workspacePackage
}

func newDiskFacts() *diskFacts {
	return &diskFacts{configs: map[string]*aliasTable{}, packages: map[string]*namedPackage{},
		versions: map[string]map[string]PackageVersion{}, locks: map[string]map[string]PackageVersion{}}
}

// appVersions returns the library versions of the app in dir.
func (d *diskFacts) appVersions(root, dir string) map[string]PackageVersion {
	v, ok := d.versions[dir]
	if !ok {
		v = readVersionsWith(root, dir, d.locks)
		d.versions[dir] = v
	}
	return v
}

func newResolver(root string, files map[string]*FileSummary, appDirs []string, disk *diskFacts) *resolver {
	if disk == nil {
		disk = newDiskFacts()
	}
	r := &resolver{root: root, files: files, configs: disk.configs, packages: map[string]*workspacePackage{},
		owners: map[*FuncFacts]*FileSummary{}}
	for _, f := range files {
		for i := range f.Funcs {
			r.owners[&f.Funcs[i]] = f
		}
	}
	for _, dir := range appDirs {
		np, ok := disk.packages[dir]
		if !ok {
			np = r.readPackage(dir)
			disk.packages[dir] = np
		}
		if np != nil {
			r.packages[np.name] = np.pkg
		}
	}
	return r
}

// readJSONC reads a JSON file that may hold comments and trailing
// commas, as tsconfig.json does, into v.
func readJSONC(file string, v any) error {
	data, err := regularfile.Read(file, 0) // never blocks on a named pipe
	if err != nil {
		return err
	}
	std, err := hujson.Standardize(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(std, v)
}

func (r *resolver) abs(rel string) string { return filepath.Join(r.root, filepath.FromSlash(rel)) }

// readPackage reads the workspace package whose package.json is in dir;
// it returns nil when there is none or it has no name.
func (r *resolver) readPackage(dir string) *namedPackage {
	var pkg struct {
		Name    string          `json:"name"`
		Exports json.RawMessage `json:"exports"`
		Main    string          `json:"main"`
		Module  string          `json:"module"`
		Source  string          `json:"source"`
	}
	if err := readJSONC(r.abs(path.Join(dir, "package.json")), &pkg); err != nil || pkg.Name == "" {
		return nil
	}
	wp := &workspacePackage{dir: dir, exports: map[string]string{}}
	for _, main := range []string{pkg.Source, pkg.Module, pkg.Main} {
		if main != "" {
			wp.exports["."] = main
			break
		}
	}
	var exports any
	if len(pkg.Exports) > 0 && json.Unmarshal(pkg.Exports, &exports) == nil {
		switch e := exports.(type) {
		case string:
			wp.exports["."] = e
		case map[string]any:
			for k, v := range e {
				if !strings.HasPrefix(k, ".") {
					// A conditions object for ".": {"import": ..., "types": ...}.
					if t := exportTarget(e); t != "" {
						wp.exports["."] = t
					}
					break
				}
				if t := exportTarget(v); t != "" {
					wp.exports[k] = t
				}
			}
		}
	}
	return &namedPackage{name: pkg.Name, pkg: wp}
}

// exportTarget picks the file an exports entry points to, preferring
// source-like conditions.
func exportTarget(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		for _, cond := range []string{"source", "types", "import", "browser", "default", "require", "node"} {
			if x, ok := t[cond]; ok {
				if s := exportTarget(x); s != "" {
					return s
				}
			}
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s := exportTarget(t[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// aliases returns the alias table that applies to files of dir: the
// "paths" of the nearest tsconfig.json or jsconfig.json at or above it.
func (r *resolver) aliases(dir string) *aliasTable {
	if t, ok := r.configs[dir]; ok {
		return t
	}
	var t *aliasTable
	for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
		file := path.Join(dir, name)
		if _, err := os.Stat(r.abs(file)); err == nil {
			t = r.loadConfig(file, 0)
			break
		}
	}
	if t == nil && dir != "" {
		t = r.aliases(parentDir(dir))
	}
	if t == nil {
		t = &aliasTable{}
	}
	r.configs[dir] = t
	return t
}

// loadConfig reads the paths of a tsconfig, following a relative
// "extends" chain a few levels.
func (r *resolver) loadConfig(file string, depth int) *aliasTable {
	var cfg struct {
		Extends         any `json:"extends"`
		CompilerOptions struct {
			BaseURL *string             `json:"baseUrl"`
			Paths   map[string][]string `json:"paths"`
		} `json:"compilerOptions"`
	}
	if err := readJSONC(r.abs(file), &cfg); err != nil {
		return nil
	}
	dir := path.Dir(file)
	if dir == "." {
		dir = ""
	}
	t := &aliasTable{}
	if ext, ok := cfg.Extends.(string); ok && depth < 5 && (strings.HasPrefix(ext, "./") || strings.HasPrefix(ext, "../")) {
		parent := path.Join(dir, ext)
		if !strings.HasSuffix(parent, ".json") {
			parent += ".json"
		}
		if p := r.loadConfig(parent, depth+1); p != nil {
			t.patterns = append(t.patterns, p.patterns...)
		}
	}
	base := dir
	if cfg.CompilerOptions.BaseURL != nil {
		base = path.Join(dir, *cfg.CompilerOptions.BaseURL)
	}
	keys := make([]string, 0, len(cfg.CompilerOptions.Paths))
	for k := range cfg.CompilerOptions.Paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var own []aliasPattern
	for _, k := range keys {
		p := aliasPattern{}
		if i := strings.IndexByte(k, '*'); i >= 0 {
			p.prefix, p.suffix, p.wildcard = k[:i], k[i+1:], true
		} else {
			p.prefix = k
		}
		for _, target := range cfg.CompilerOptions.Paths[k] {
			p.targets = append(p.targets, path.Join(base, target))
		}
		own = append(own, p)
	}
	// The extending file's paths replace the base's, as in TypeScript.
	if len(own) > 0 {
		t.patterns = own
	}
	return t
}

// resolve maps a specifier used in file from, a file of the app in
// folder appDir, to a project file.
func (r *resolver) resolve(appDir, from, spec string) *FileSummary {
	if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == ".." {
		return r.lookup(path.Join(path.Dir(from), spec))
	}
	dir := path.Dir(from)
	if dir == "." {
		dir = ""
	}
	for _, p := range r.aliases(dir).patterns {
		var rest string
		switch {
		case p.wildcard && strings.HasPrefix(spec, p.prefix) && strings.HasSuffix(spec, p.suffix) && len(spec) >= len(p.prefix)+len(p.suffix):
			rest = spec[len(p.prefix) : len(spec)-len(p.suffix)]
		case !p.wildcard && spec == p.prefix:
		default:
			continue
		}
		for _, target := range p.targets {
			if f := r.lookup(strings.Replace(target, "*", rest, 1)); f != nil {
				return f
			}
		}
	}
	if f := r.resolvePackage(spec); f != nil {
		return f
	}
	return r.resolveBuiltinAlias(appDir, spec)
}

// resolveBuiltinAlias resolves the aliases frameworks define outside
// tsconfig: Vite and Nuxt projects map "@/" and "~/" to the source
// folder, SvelteKit maps "$lib/" to src/lib. The "@/" and "~/" forms are
// matched by path suffix within the app, and an ambiguous suffix
// resolves to nothing.
func (r *resolver) resolveBuiltinAlias(appDir, spec string) *FileSummary {
	if rest, ok := strings.CutPrefix(spec, "$lib/"); ok {
		return r.lookup(path.Join(appDir, "src/lib", rest))
	}
	if !strings.HasPrefix(spec, "@/") && !strings.HasPrefix(spec, "~/") {
		return nil
	}
	prefix := ""
	if appDir != "" {
		prefix = appDir + "/"
	}
	var found *FileSummary
	for _, c := range moduleFiles(spec[2:]) {
		// A file that ends with c has c's base name, so only those files
		// are compared.
		for _, name := range r.filesByBase()[path.Base(c)] {
			f := r.files[name]
			if !strings.HasPrefix(name, prefix) || (name != c && !strings.HasSuffix(name, "/"+c)) {
				continue
			}
			if found != nil && found != f {
				return nil
			}
			found = f
		}
	}
	r.trace.reach(found)
	return found
}

// resolvePackage resolves "@acme/supabase/client" through the workspace
// package named "@acme/supabase".
func (r *resolver) resolvePackage(spec string) *FileSummary {
	parts := strings.Split(spec, "/")
	n := 1
	if strings.HasPrefix(spec, "@") {
		n = 2
	}
	if len(parts) < n {
		return nil
	}
	wp := r.packages[strings.Join(parts[:n], "/")]
	if wp == nil {
		return nil
	}
	sub := "."
	if len(parts) > n {
		sub = "./" + strings.Join(parts[n:], "/")
	}
	if target, ok := wp.exports[sub]; ok {
		if f := r.lookup(path.Join(wp.dir, target)); f != nil {
			return f
		}
	}
	for pattern, target := range wp.exports {
		if i := strings.IndexByte(pattern, '*'); i >= 0 && strings.HasPrefix(sub, pattern[:i]) && strings.HasSuffix(sub, pattern[i+1:]) {
			rest := sub[i : len(sub)-len(pattern)+i+1]
			if f := r.lookup(path.Join(wp.dir, strings.Replace(target, "*", rest, 1))); f != nil {
				return f
			}
		}
	}
	rel := strings.TrimPrefix(sub, "./")
	for _, base := range []string{path.Join(wp.dir, rel), path.Join(wp.dir, "src", rel)} {
		if f := r.lookup(base); f != nil {
			return f
		}
	}
	return nil
}

// lookup finds the summary of a module path, trying extensions, index
// files, and the TypeScript source of a built file (dist/x.js to src/x.ts).
func (r *resolver) lookup(base string) *FileSummary {
	for _, c := range moduleFiles(base) {
		if f, ok := r.files[c]; ok {
			r.trace.reach(f)
			return f
		}
	}
	if strings.Contains(base, "/dist/") {
		return r.lookup(strings.Replace(base, "/dist/", "/src/", 1))
	}
	return nil
}
