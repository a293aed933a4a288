package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// checkOutputFile rejects an -o path that cannot be written before the
// scan starts: its folder must exist and the path must not be a folder.
func checkOutputFile(name string) error {
	dir := filepath.Dir(name)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("invalid -o %s: folder %s not found (create it first)", name, dir)
	case err != nil:
		return fmt.Errorf("invalid -o %s: %w", name, err)
	case !info.IsDir():
		return fmt.Errorf("invalid -o %s: %s is not a folder", name, dir)
	}
	if info, err := os.Stat(name); err == nil && info.IsDir() {
		return fmt.Errorf("invalid -o %s: it is a folder, not a file", name)
	}
	return nil
}

// writeFileAtomic calls write with a temporary file in the folder of name
// and renames the temporary file to name once write and the close have
// succeeded. A reader of name therefore reads the old file or the complete
// new one, never a partial one. On failure the temporary file is removed
// and name is left as it was.
//
// The new file gets the permissions of the file it replaces, or 0644. An
// interrupt or SIGTERM while the temporary file exists removes it before
// the process ends.
// NOTE: SIGKILL still leaves the temporary file (".NAME.*.tmp") behind.
// The scan runs before the file is created, so the window is the time it
// takes to write the report.
func writeFileAtomic(name string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o644)
	if info, statErr := os.Stat(name); statErr == nil {
		mode = info.Mode().Perm()
	}

	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	stop := removeOnSignal(tmp.Name())
	defer stop()

	buffered := bufio.NewWriter(tmp)
	if err := write(buffered); err != nil {
		return err
	}
	if err := buffered.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// removeOnSignal removes the file name when the process receives an
// interrupt or SIGTERM, then ends the process with that signal. The
// returned function stops the handler.
func removeOnSignal(name string) (stop func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			_ = os.Remove(name)
			// Restore the default handling and deliver the signal again,
			// so that the exit status reports the signal to the parent.
			signal.Stop(signals)
			if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
				time.Sleep(time.Second)
			}
			os.Exit(exitError)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}
