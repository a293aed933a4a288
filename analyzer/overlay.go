package analyzer

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// An overlay replaces the content of files on disk with buffers held in
// memory, such as an editor's unsaved buffer read from standard input.
// Config.Overlay maps absolute, cleaned paths to their buffers. An
// overlay file is scanned even when no file exists at its path yet, and
// rules read it through Pass.ReadFile like any other file.

// stat returns the file information of abs, or that of a regular file
// for a path the overlay holds but the disk does not.
func (w *walker) stat(abs string) (fs.FileInfo, error) {
	fi, err := os.Stat(abs)
	if content, ok := w.overlay[abs]; ok && (err != nil || !fi.Mode().IsRegular()) {
		return overlayInfo{name: filepath.Base(abs), size: int64(len(content))}, nil
	}
	return fi, err
}

// applyOverlay gives each discovered file its overlay buffer, if any.
func applyOverlay(files []source, overlay map[string][]byte) {
	if len(overlay) == 0 {
		return
	}
	for i := range files {
		if content, ok := overlay[files[i].abs]; ok {
			if content == nil {
				content = []byte{} // an empty buffer is still an overlay
			}
			files[i].overlay = content
		}
	}
}

// read returns the content of the source file: its overlay buffer when
// it has one, else the file on disk.
func (s *source) read() ([]byte, error) {
	if s.overlay != nil {
		return s.overlay, nil
	}
	return readDiscovered(s.abs, s.limits.maxFileSize)
}

// overlayInfo is the fs.FileInfo of an overlay file that is not on disk.
type overlayInfo struct {
	name string
	size int64
}

func (i overlayInfo) Name() string       { return i.name }
func (i overlayInfo) Size() int64        { return i.size }
func (i overlayInfo) Mode() fs.FileMode  { return 0o644 }
func (i overlayInfo) ModTime() time.Time { return time.Time{} }
func (i overlayInfo) IsDir() bool        { return false }
func (i overlayInfo) Sys() any           { return nil }
