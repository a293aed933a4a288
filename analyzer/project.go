package analyzer

import (
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// FileSummary is what the project phase knows about one file after its
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
}

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
}

// NewApp returns an app over the given summaries.
func NewApp(dir string, files []*FileSummary) *App {
	a := &App{Dir: dir, Files: map[string]*FileSummary{}, names: map[string][]*FuncFacts{}}
	for _, f := range files {
		a.Files[f.File] = f
		for i := range f.Funcs {
			fn := &f.Funcs[i]
			if fn.Exposed {
				a.names[fn.Name] = append(a.names[fn.Name], fn)
			}
		}
	}
	return a
}

// sourceExts are tried in order when an import names a module without
// its extension.
var sourceExts = []string{".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"}

// ResolveModule returns the summary of the project file an import
// specifier in file from refers to, or nil. Relative specifiers resolve
// exactly; alias specifiers such as "@/lib/auth" or "~/lib/auth" resolve
// when exactly one file of the app ends with the path after the alias.
func (a *App) ResolveModule(from, spec string) *FileSummary {
	var candidates []string
	switch {
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		base := path.Join(path.Dir(from), spec)
		candidates = moduleFiles(base)
	case strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/") || strings.HasPrefix(spec, "#/"):
		// NOTE: tsconfig "paths" are not read yet; the alias is matched
		// by suffix, and an ambiguous suffix resolves to nothing.
		suffix := spec[2:]
		var found *FileSummary
		for _, c := range moduleFiles(suffix) {
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
	default:
		return nil
	}
	for _, c := range candidates {
		if f, ok := a.Files[c]; ok {
			return f
		}
	}
	return nil
}

func moduleFiles(base string) []string {
	var out []string
	if path.Ext(base) != "" {
		out = append(out, base)
	}
	for _, e := range sourceExts {
		out = append(out, base+e)
	}
	for _, e := range sourceExts {
		out = append(out, base+"/index"+e)
	}
	return out
}

// ResolveCall returns the functions a call of name in file may run: the
// function of that name in the file itself, the exported function an
// import of that name refers to, or, failing both, every exposed
// function of that name in the app (members of hooks and contexts are
// called by name). ok is false when nothing in the app matches.
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
		want := imp.Imported
		for i := range target.Funcs {
			fn := &target.Funcs[i]
			if fn.Name == want || (want == "default" && fn.Exposed && fn.HasTrait("default-export")) {
				return []*FuncFacts{fn}, true
			}
		}
		return nil, false
	}
	fns = a.names[name]
	return fns, len(fns) > 0
}

// HandlerReaches reports whether some UI event handler in the app calls
// or references a function with the given name.
func (a *App) HandlerReaches(name string) bool {
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
}

// Candidates is the result type of a rule that defers findings to the
// project phase, and of the building-block pass that summarises a file.
type Candidates struct {
	Items   []Candidate
	Notices []Notice
}
