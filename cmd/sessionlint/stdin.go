package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// stdin is where -stdin-filename reads the buffer from. Tests replace it.
var stdin io.Reader = os.Stdin

// maxStdinSize is the largest buffer -stdin-filename accepts, in bytes.
// Source files this large are generated bundles, not code being edited.
const maxStdinSize = 32 << 20

// checkStdinFilename validates -stdin-filename and its combination with
// paths and -fix.
func checkStdinFilename(opts *options) error {
	name := opts.stdinFilename
	if len(opts.paths) > 0 {
		return newUsageError("-stdin-filename takes no paths, but %q was given: the buffer is the only file reported", opts.paths[0])
	}
	if opts.fix {
		return newUsageError("-fix cannot write a buffer read from stdin: use -diff with -stdin-filename to get the fixes as a diff")
	}
	if opts.writeBaseline != "" {
		return newUsageError("-write-baseline records the findings of a whole scan, not of one buffer from stdin")
	}
	if tsparse.LangFor(filepath.ToSlash(name)) == tsparse.LangNone {
		return newUsageError("-stdin-filename %s: not a kind of file sessionlint reads (see \"What is scanned\" in the README)", name)
	}
	if strings.HasSuffix(name, string(filepath.Separator)) {
		return newUsageError("-stdin-filename %s: name a file, not a folder", name)
	}
	return nil
}

// readStdinOverlay reads the buffer for -stdin-filename and returns the
// overlay that puts it at that path.
func readStdinOverlay(name string) (map[string][]byte, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, fmt.Errorf("-stdin-filename %s: %w", name, err)
	}
	if info, err := os.Stat(abs); err == nil && info.IsDir() {
		return nil, fmt.Errorf("-stdin-filename %s: it is a folder; name the file the buffer belongs to", name)
	}
	content, err := io.ReadAll(io.LimitReader(stdin, maxStdinSize+1))
	if err != nil {
		return nil, fmt.Errorf("read stdin for -stdin-filename %s: %w", name, err)
	}
	if len(content) > maxStdinSize {
		return nil, fmt.Errorf("the buffer on stdin for -stdin-filename %s is larger than %d MiB, the maximum", name, maxStdinSize>>20)
	}
	return map[string][]byte{abs: content}, nil
}
