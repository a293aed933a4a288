// Package regularfile opens and reads files that must be regular files,
// without ever blocking on a named pipe or a device that a scanned
// repository holds under a source file's name.
package regularfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError reports a path that is not a regular file.
type NotRegularError struct {
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return KindOf(e.Mode) + ", not a regular file"
}

// TooLargeError reports a file larger than the limit Read was given.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file is %d bytes, over the limit of %d bytes", e.Size, e.Limit)
}

// KindOf names the type of file that mode describes, such as "named pipe".
func KindOf(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return "regular file"
	case mode.IsDir():
		return "folder"
	case mode&fs.ModeSymlink != 0:
		return "symbolic link"
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe"
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeCharDevice != 0:
		return "character device"
	case mode&fs.ModeDevice != 0:
		return "device"
	}
	return "irregular file"
}

// Open opens name for reading and returns it with its file information,
// or a *NotRegularError. A named pipe, socket or device is not opened at
// all. If one replaces the file between that check and the open, the
// open does not block on it, and the file is closed unread. With
// noFollow, a symbolic link as the last element of name is an error too
// (on Unix, syscall.ELOOP).
func Open(name string, noFollow bool) (*os.File, fs.FileInfo, error) {
	stat := os.Stat
	if noFollow {
		stat = os.Lstat
	}
	before, err := stat(name)
	if err != nil {
		return nil, nil, err
	}
	if before.Mode()&fs.ModeSymlink != 0 {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ELOOP}
	}
	if !before.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: before.Mode()}}
	}
	f, err := openNonBlocking(name, noFollow)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: info.Mode()}}
	}
	return f, info, nil
}

// Read returns the content of the regular file name, following symbolic
// links. A limit above zero bounds the size: a larger file is not read
// and the error is a *TooLargeError.
func Read(name string, limit int64) ([]byte, error) {
	f, info, err := Open(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadOpen(f, info, limit)
}

// ReadOpen reads the file f that Open returned, as Read does.
func ReadOpen(f *os.File, info fs.FileInfo, limit int64) ([]byte, error) {
	if limit > 0 && info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: f.Name(), Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	var r io.Reader = f
	if limit > 0 {
		// The file may grow after the size check.
		r = io.LimitReader(f, limit+1)
	}
	data := make([]byte, 0, info.Size()+1)
	data, err := readAll(r, data)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: f.Name(), Err: &TooLargeError{Size: int64(len(data)), Limit: limit}}
	}
	return data, nil
}

// readAll appends the rest of r to data, like io.ReadAll with a
// preallocated buffer.
func readAll(r io.Reader, data []byte) ([]byte, error) {
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}
