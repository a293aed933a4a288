package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// The walk never follows a symbolic link and never opens anything but a
// regular file. A link may point outside the repository or back to a
// folder that contains it, and a named pipe or a device would block the
// read or never end. Such entries get a notice when the scan would have
// read them under their name.

// noteNonRegular records why the walk skips rel, a symbolic link, named
// pipe, socket or device, if the scan would otherwise have read it. That
// is the case when its name is a source file's name, or when it is a
// link to a folder that the walk would have entered. Entries found while
// walking the app of a named file for context get no notice, because
// only the named files are reported.
func (w *walker) noteNonRegular(rel, abs string, mode fs.FileMode) {
	if w.contextWalk {
		return
	}
	if mode&fs.ModeSymlink != 0 {
		w.noteLink(rel, abs)
		return
	}
	if !w.wanted(rel) || w.ignored(rel, false) {
		return
	}
	w.notices = append(w.notices, Notice{File: rel, Message: fmt.Sprintf("not read: a %s, not a regular file", regularfile.KindOf(mode))})
}

// noteLink records why the walk does not follow the symbolic link rel.
func (w *walker) noteLink(rel, abs string) {
	info, err := os.Stat(abs)
	isDir := err == nil && info.IsDir()
	if isDir && (skippedDirs[filepath.Base(abs)] || w.ignored(rel, true)) {
		return
	}
	if !isDir && (!w.wanted(rel) || w.ignored(rel, false)) {
		return
	}
	if msg := w.linkMessage(abs, err); msg != "" {
		w.notices = append(w.notices, Notice{File: rel, Message: msg})
	}
}

// linkMessage describes the symbolic link abs, given the error of
// following it.
func (w *walker) linkMessage(abs string, statErr error) string {
	switch {
	case errors.Is(statErr, syscall.ELOOP):
		return "symbolic link loop; not followed"
	case errors.Is(statErr, fs.ErrNotExist):
		return "broken symbolic link; not followed"
	case statErr != nil:
		return "symbolic link not followed: " + describeErr(statErr)
	}
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "symbolic link not followed: " + describeErr(err)
	}
	root := w.resolvedRoot()
	if !within(root, target) {
		return "symbolic link to a path outside the repository root; not followed"
	}
	rel, err := filepath.Rel(root, target)
	if err != nil {
		return "symbolic link not followed"
	}
	rel = filepath.ToSlash(rel)
	if realDir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil && within(target, realDir) {
		if rel == "." {
			return "symbolic link to the repository root, a folder that contains it; not followed"
		}
		return fmt.Sprintf("symbolic link to %s, a folder that contains it; not followed", rel)
	}
	return fmt.Sprintf("symbolic link to %s; not followed, files are scanned under their own paths", rel)
}

// resolvedRoot returns the root with its symbolic links resolved, or the
// root as given when it cannot be resolved.
func (w *walker) resolvedRoot() string {
	if w.realRoot == "" {
		w.realRoot = w.root
		if resolved, err := filepath.EvalSymlinks(w.root); err == nil {
			w.realRoot = resolved
		}
	}
	return w.realRoot
}

// namedPath is a path from the command line, resolved.
type namedPath struct {
	abs  string
	info fs.FileInfo
}

// resolveNamed checks a path named on the command line. Unlike the walk,
// it follows a symbolic link, because the user named it, but only to a
// target inside the repository root. The target is then scanned under
// its own path. A path that does not exist or lies outside the root is
// an error. A link that cannot be followed and a special file get a
// notice that marks the scan incomplete, and ok false.
func (w *walker) resolveNamed(arg, abs string) (named namedPath, ok bool, err error) {
	if _, inOverlay := w.overlay[abs]; inOverlay {
		info, err := w.stat(abs)
		if err != nil {
			return namedPath{}, false, fmt.Errorf("%s: %s", arg, describeErr(err))
		}
		return namedPath{abs: abs, info: info}, true, nil
	}
	info, err := os.Lstat(abs)
	if err != nil {
		return namedPath{}, false, fmt.Errorf("%s: %s", arg, describeErr(err))
	}
	if !within(w.root, abs) {
		return namedPath{}, false, fmt.Errorf("%s: outside the repository root %s", arg, w.root)
	}
	rel := w.relPath(abs)
	isLink := info.Mode()&fs.ModeSymlink != 0
	skip := func(msg string) (namedPath, bool, error) {
		// Pre-commit passes every staged file, so a special file that is
		// not a source file is skipped without a notice.
		if info.IsDir() || isLink || tsparse.LangFor(rel) != tsparse.LangNone {
			w.notices = append(w.notices, Notice{File: rel, Message: msg, Incomplete: true})
		}
		return namedPath{}, false, nil
	}
	if isLink {
		target, err := filepath.EvalSymlinks(abs)
		if err != nil {
			_, statErr := os.Stat(abs)
			if statErr == nil {
				statErr = err
			}
			return skip(w.linkMessage(abs, statErr))
		}
		root := w.resolvedRoot()
		if !within(root, target) {
			return skip("symbolic link to a path outside the repository root; not followed")
		}
		relTarget, err := filepath.Rel(root, target)
		if err != nil {
			return skip("symbolic link not followed: " + err.Error())
		}
		abs = filepath.Join(w.root, relTarget)
		if info, err = os.Lstat(abs); err != nil {
			return skip("symbolic link not followed: " + describeErr(err))
		}
	}
	if !info.IsDir() && !info.Mode().IsRegular() {
		return skip(fmt.Sprintf("not read: a %s, not a regular file", regularfile.KindOf(info.Mode())))
	}
	return namedPath{abs: abs, info: info}, true, nil
}

// walkErrorNotice turns an error of the walk, such as a folder that
// cannot be listed, into a notice. Files below an unreadable folder are
// missing from the scan, so the scan is incomplete. A folder removed
// while the walk ran had nothing left to scan.
func walkErrorNotice(rel string, err error) Notice {
	if errors.Is(err, fs.ErrNotExist) {
		return Notice{File: rel, Message: "not scanned: removed during the scan"}
	}
	return Notice{File: rel, Message: "cannot read: " + describeErr(err), Incomplete: true}
}
