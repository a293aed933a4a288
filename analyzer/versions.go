package analyzer

import (
	"bufio"
	"encoding/json"
	"os"
	"path"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
)

// trackedPackages are the libraries whose versions rule messages cite.
var trackedPackages = []string{"@supabase/supabase-js", "@supabase/ssr", "@supabase/auth-js"}

// PackageVersion is the version of a library an app uses and where that
// version was read.
type PackageVersion struct {
	Version string
	// Source is the repository-relative file the version comes from: a
	// lockfile (the installed version) or package.json (the range).
	Source string
}

// readVersions returns the versions of the tracked packages for the app
// in dir: from package-lock.json, pnpm-lock.yaml or yarn.lock when one is
// in the app folder or the repository root, else the range in
// package.json.
func readVersions(root, dir string) map[string]PackageVersion {
	return readVersionsWith(root, dir, map[string]map[string]PackageVersion{})
}

// readVersionsWith is readVersions with the lockfile results of earlier
// calls, keyed by lockfile folder, so that the apps of a monorepo read
// the root lockfile once.
func readVersionsWith(root, dir string, locks map[string]map[string]PackageVersion) map[string]PackageVersion {
	out := map[string]PackageVersion{}
	abs := func(rel string) string { return path.Join(root, rel) }
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	pkgFile := path.Join(dir, "package.json")
	if readJSONC(abs(pkgFile), &pkg) == nil {
		for _, name := range trackedPackages {
			if v := pkg.Dependencies[name]; v != "" {
				out[name] = PackageVersion{Version: v, Source: pkgFile}
			} else if v := pkg.DevDependencies[name]; v != "" {
				out[name] = PackageVersion{Version: v, Source: pkgFile}
			}
		}
	}
	for _, d := range []string{dir, ""} {
		found, ok := locks[d]
		if !ok {
			found = lockVersions(root, d)
			locks[d] = found
		}
		if len(found) > 0 {
			for name, v := range found {
				out[name] = v
			}
			break
		}
	}
	return out
}

// lockVersions reads the installed versions of the tracked packages from
// the lockfile in dir, if any.
func lockVersions(root, dir string) map[string]PackageVersion {
	out := map[string]PackageVersion{}
	lock := path.Join(dir, "package-lock.json")
	var npm struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	if readJSONC(path.Join(root, lock), &npm) == nil && len(npm.Packages) > 0 {
		for _, name := range trackedPackages {
			if p, ok := npm.Packages["node_modules/"+name]; ok && p.Version != "" {
				out[name] = PackageVersion{Version: p.Version, Source: lock}
			}
		}
		return out
	}
	for _, name := range []string{"pnpm-lock.yaml", "yarn.lock"} {
		lock := path.Join(dir, name)
		f, _, err := regularfile.Open(path.Join(root, lock), false) // never blocks on a named pipe
		if err != nil {
			continue
		}
		found := scanTextLock(f, name == "pnpm-lock.yaml")
		_ = f.Close()
		for pkgName, v := range found {
			out[pkgName] = PackageVersion{Version: v, Source: lock}
		}
		return out
	}
	return out
}

// scanTextLock finds versions in pnpm-lock.yaml ("/@supabase/ssr@0.5.2:"
// or "'@supabase/ssr@0.5.2':" package keys) and yarn.lock ("version" lines
// under a "@supabase/ssr@^0.5.0" entry).
func scanTextLock(f *os.File, pnpm bool) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	current := ""
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.Trim(strings.TrimSpace(line), `'":`)
		trimmed = strings.TrimPrefix(trimmed, "/")
		if pnpm {
			for _, name := range trackedPackages {
				if rest, ok := strings.CutPrefix(trimmed, name+"@"); ok && out[name] == "" && !strings.HasPrefix(line, "      ") {
					v, _, _ := strings.Cut(rest, "(")
					out[name] = strings.TrimSpace(v)
				}
			}
			continue
		}
		if !strings.HasPrefix(line, " ") {
			current = ""
			for _, name := range trackedPackages {
				if strings.HasPrefix(trimmed, name+"@") {
					current = name
				}
			}
			continue
		}
		if current != "" && out[current] == "" {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "version "); ok {
				out[current] = strings.Trim(v, `"`)
			}
		}
	}
	return out
}

// versionsJSON is used by tests to print versions compactly.
func versionsJSON(v map[string]PackageVersion) string {
	b, _ := json.Marshal(v)
	return string(b)
}
