package analyzer

import (
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// FileSummary is the record of one file that the project phase keeps after its
// tree is gone: the functions it defines with their traits, the names its
// UI event handlers call, and its imports. It holds no tree nodes.
type FileSummary struct {
	// File is the repository-relative path.
	File string
	// Client is false for code that runs only on a server (route
	// handlers, server actions, middleware).
	Client bool
	Funcs  []FuncFacts
	// HandlerRefs lists the names that UI event handlers (JSX on*
	// attributes, form actions) of this file reference or call.
	HandlerRefs []string
	Imports     []Import
	// ReExports lists `export { a as b } from './x'` (Local "b",
	// Imported "a") and `export * from './x'` (Local and Imported "*").
	ReExports []Import
	// Bindings maps exported names to what they hold: BindingClient for a
	// Supabase client, BindingFactory for a function or hook that returns
	// one, BindingOther for a value made by another library's factory.
	Bindings map[string]string
	// Session holds the facts the hardening report reads (sessionfacts.go).
	Session *SessionFacts
}

// Kinds of exported bindings in FileSummary.Bindings.
const (
	BindingClient  = "supabase-client"
	BindingFactory = "supabase-factory"
	BindingOther   = "other"
)

// FuncFacts describes one named function of a file.
type FuncFacts struct {
	Name string
	Line int
	// Exposed is true for functions other files can reach: exported ones
	// and members of objects (context values, hook results, stores).
	Exposed bool
	// Handler is true when a UI event handler of the same file runs it.
	Handler bool
	// Traits are rule-defined facts such as "revokes-all".
	Traits []string
	// Before maps a trait to the names of the calls that run before the
	// call that gives the trait, in the same function. A call to another
	// file's function there can cancel the trait (a helper that clears the
	// stored session makes a later sign-out revoke nothing).
	Before map[string][]string
	// Calls lists the names of the calls the function makes, in order.
	Calls []string
}

// HasTrait reports whether the function has the named trait.
func (f *FuncFacts) HasTrait(t string) bool {
	for _, x := range f.Traits {
		if x == t {
			return true
		}
	}
	return false
}

// Import is one imported binding.
type Import struct {
	// Local is the name bound in the importing file.
	Local string
	// Imported is the exported name, "default" or "*".
	Imported string
	// Source is the module specifier as written.
	Source string
}

// App is one application: the files under the folder of the nearest
// package.json (one app of a monorepo), or the whole scan root.
type App struct {
	Dir   string
	Files map[string]*FileSummary
	// names indexes exposed functions by name, for calls the project
	// phase cannot resolve through an import (hook and context members).
	names map[string][]*FuncFacts
	// versions holds the versions of the Supabase libraries the app uses,
	// read by readVersions on the first call of Versions.
	versions     map[string]PackageVersion
	readVersions func() map[string]PackageVersion
	// ownSessionRoutines caches OwnSessionRoutines.
	ownSessionRoutines map[string]LocatedRoutine
	// resolver resolves import specifiers across the whole scan.
	resolver *resolver
	// owners maps every function of the app to its file.
	owners map[*FuncFacts]*FileSummary
	// deep caches DeepTraits per function; a nil entry marks a function
	// whose traits are being computed (a call cycle).
	deep map[*FuncFacts]map[string]bool
}

// PropagatedTraits are the traits a function takes on from the project
// functions it calls: what the callee does, the caller does.
var PropagatedTraits = map[string]bool{
	"revokes-all": true, "revokes-others": true, "clears-auth-storage": true, "signs-out": true,
}

// Owner returns the file that defines fn.
func (a *App) Owner(fn *FuncFacts) *FileSummary {
	if f, ok := a.owners[fn]; ok {
		return f
	}
	if a.resolver != nil {
		return a.resolver.owners[fn]
	}
	return nil
}

// DeepTraits returns fn's own traits plus the propagated traits of every
// project function it calls, followed through imports up to maxHops
// calls deep. Results are cached per function, so linking stays linear.
func (a *App) DeepTraits(fn *FuncFacts) map[string]bool {
	return a.deepTraits(fn, 0)
}

func (a *App) deepTraits(fn *FuncFacts, depth int) map[string]bool {
	if t, ok := a.deep[fn]; ok {
		if t == nil {
			return map[string]bool{} // a recursive call adds nothing new
		}
		return t
	}
	out := map[string]bool{}
	for _, t := range fn.Traits {
		out[t] = true
	}
	if depth >= maxHops {
		return out
	}
	a.deep[fn] = nil
	if file := a.Owner(fn); file != nil {
		for _, name := range fn.Calls {
			callees, _ := a.ResolveCall(file, name)
			for _, c := range callees {
				if c == fn {
					continue
				}
				callee := a.deepTraits(c, depth+1)
				// A sign-out that ejects a deleted or blocked user, or clears
				// the way for a sign-in, is no logout of the caller's either.
				notLogout := callee["eject"] || callee["signs-in"]
				for t := range callee {
					if notLogout && (t == "revokes-all" || t == "revokes-others") {
						continue
					}
					if PropagatedTraits[t] {
						out[t] = true
					}
				}
				if notLogout {
					out["eject"] = out["eject"] || callee["eject"]
				}
			}
		}
	}
	a.deep[fn] = out
	return out
}

// Versions returns the versions of the Supabase libraries the app uses,
// from its lockfile or package.json. They are read on first use, since
// only some findings cite them.
func (a *App) Versions() map[string]PackageVersion {
	if a.versions == nil && a.readVersions != nil {
		a.versions = a.readVersions()
		a.readVersions = nil
	}
	return a.versions
}

// NewApp returns an app over the given summaries.
func NewApp(dir string, files []*FileSummary) *App {
	a := &App{Dir: dir, Files: map[string]*FileSummary{}, names: map[string][]*FuncFacts{},
		owners: map[*FuncFacts]*FileSummary{}, deep: map[*FuncFacts]map[string]bool{}}
	for _, f := range files {
		a.Files[f.File] = f
		for i := range f.Funcs {
			fn := &f.Funcs[i]
			a.owners[fn] = f
			if fn.Exposed {
				a.names[fn.Name] = append(a.names[fn.Name], fn)
			}
		}
	}
	return a
}

// ResolveModule returns the summary of the project file an import
// specifier in file from refers to, or nil: relative paths, tsconfig or
// jsconfig "paths" aliases, workspace packages by package.json name and
// "exports", and folders with an index file. Without a resolver (in unit
// tests) it falls back to relative paths and "@/", "~/" suffix matches.
func (a *App) ResolveModule(from, spec string) *FileSummary {
	if a.resolver != nil {
		return a.resolver.resolve(a.Dir, from, spec)
	}
	switch {
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		for _, c := range moduleFiles(path.Join(path.Dir(from), spec)) {
			if f, ok := a.Files[c]; ok {
				return f
			}
		}
	case strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/"):
		var found *FileSummary
		for _, c := range moduleFiles(spec[2:]) {
			for name, f := range a.Files {
				if name == c || strings.HasSuffix(name, "/"+c) {
					if found != nil && found != f {
						return nil
					}
					found = f
				}
			}
		}
		return found
	}
	return nil
}

// maxHops bounds how many re-exports and imports a lookup follows.
const maxHops = 6

// ResolveExport returns the file and the local name an exported name of
// file f comes from, following re-exports.
func (a *App) ResolveExport(f *FileSummary, name string) (file *FileSummary, local string) {
	for hop := 0; hop < maxHops && f != nil; hop++ {
		if f.definesName(name) {
			return f, name
		}
		next, nextName := (*FileSummary)(nil), ""
		for _, re := range f.ReExports {
			if re.Local == name {
				next, nextName = a.ResolveModule(f.File, re.Source), re.Imported
				break
			}
		}
		if next == nil {
			for _, re := range f.ReExports {
				if re.Local != "*" {
					continue
				}
				if t := a.ResolveModule(f.File, re.Source); t != nil {
					if g, n := a.ResolveExport(t, name); g != nil {
						return g, n
					}
				}
			}
			// An imported name exported again: import { x } from; export { x }.
			for _, imp := range f.Imports {
				if imp.Local == name && f.Bindings[name] != "" {
					next, nextName = a.ResolveModule(f.File, imp.Source), imp.Imported
				}
			}
		}
		f, name = next, nextName
	}
	return nil, ""
}

func (f *FileSummary) definesName(name string) bool {
	for i := range f.Funcs {
		if f.Funcs[i].Name == name {
			return true
		}
	}
	if k, ok := f.Bindings[name]; ok && k != "" {
		for _, imp := range f.Imports {
			if imp.Local == name {
				return false
			}
		}
		return true
	}
	return name == "default" && f.defaultExport() != nil
}

func (f *FileSummary) defaultExport() *FuncFacts {
	for i := range f.Funcs {
		if f.Funcs[i].HasTrait("default-export") {
			return &f.Funcs[i]
		}
	}
	return nil
}

// BindingOf returns what an imported or local name of file holds, as
// one of the Binding kinds, or "" when unknown.
func (a *App) BindingOf(file *FileSummary, name string) string {
	for _, imp := range file.Imports {
		if imp.Local != name {
			continue
		}
		target := a.ResolveModule(file.File, imp.Source)
		if target == nil {
			return ""
		}
		g, n := a.ResolveExport(target, imp.Imported)
		if g == nil {
			return ""
		}
		return g.Bindings[n]
	}
	return file.Bindings[name]
}

// ResolveCall returns the functions a call of name in file may run: the
// function of that name in the file itself, the exported function an
// import of that name refers to (through re-exports), or, failing both,
// every exposed function of that name in the app (members of hooks and
// contexts are called by name). ok is false when nothing matches.
func (a *App) ResolveCall(file *FileSummary, name string) (fns []*FuncFacts, ok bool) {
	for i := range file.Funcs {
		if file.Funcs[i].Name == name {
			return []*FuncFacts{&file.Funcs[i]}, true
		}
	}
	for _, imp := range file.Imports {
		if imp.Local != name {
			continue
		}
		target := a.ResolveModule(file.File, imp.Source)
		if target == nil {
			return nil, false
		}
		g, n := a.ResolveExport(target, imp.Imported)
		if g == nil {
			return nil, false
		}
		if n == "default" {
			if fn := g.defaultExport(); fn != nil {
				return []*FuncFacts{fn}, true
			}
			return nil, false
		}
		for i := range g.Funcs {
			if g.Funcs[i].Name == n {
				return []*FuncFacts{&g.Funcs[i]}, true
			}
		}
		return nil, false
	}
	// Event props (onSuccess, onClose) are passed in by each caller, so a
	// name match elsewhere in the app does not show what runs.
	if len(name) > 2 && strings.HasPrefix(name, "on") && name[2] >= 'A' && name[2] <= 'Z' {
		return nil, false
	}
	fns = a.names[name]
	a.trace().call(a.Dir, name, len(fns) > 0)
	return fns, len(fns) > 0
}

// HandlerReaches reports whether some UI event handler in the app calls
// or references a function with the given name.
func (a *App) HandlerReaches(name string) bool {
	a.trace().name(a.Dir, name)
	for _, f := range a.Files {
		for _, r := range f.HandlerRefs {
			if r == name {
				return true
			}
		}
	}
	return false
}

// SortedFiles returns the app's files in path order.
func (a *App) SortedFiles() []*FileSummary {
	a.trace().iterate(a.Dir)
	out := make([]*FileSummary, 0, len(a.Files))
	for _, f := range a.Files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Candidate is a finding whose fate depends on the rest of the app. The
// project phase keeps it when Keep returns true. Keep must not hold tree
// nodes: it runs after every tree is closed.
type Candidate struct {
	Diagnostic analysis.Diagnostic
	Keep       func(app *App, file *FileSummary) bool
	// Note, when set, returns text the project phase appends to the
	// message of a kept finding, such as the library version the app uses.
	Note func(app *App, file *FileSummary) string
}

// Candidates is the result type of a rule that defers findings to the
// project phase, and of the building-block pass that summarises a file.
type Candidates struct {
	Items   []Candidate
	Notices []Notice
}
