//go:build unix

package regularfile

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadRegularFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.ts")
	if err := os.WriteFile(name, []byte("export {};\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Read(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "export {};\n" {
		t.Errorf("Read = %q, want the file content", data)
	}
	data, err = Read(name, 11)
	if err != nil || len(data) != 11 {
		t.Errorf("Read with limit 11 = %q, %v; want the whole 11-byte file", data, err)
	}
}

func TestReadEmptyFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "empty.ts")
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Read(name, 10)
	if err != nil || len(data) != 0 {
		t.Errorf("Read = %q, %v; want no bytes and no error", data, err)
	}
}

func TestReadTooLarge(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big.ts")
	if err := os.WriteFile(name, make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(name, 99)
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("Read = %v, want a *TooLargeError", err)
	}
	if tooLarge.Size != 100 || tooLarge.Limit != 99 {
		t.Errorf("error = %+v, want size 100 and limit 99", tooLarge)
	}
	if got, want := tooLarge.Error(), "file is 100 bytes, over the limit of 99 bytes"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestReadNamedPipeDoesNotBlock(t *testing.T) {
	name := filepath.Join(t.TempDir(), "pipe.ts")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Without O_NONBLOCK the open would wait for a writer forever.
	_, err := Read(name, 0)
	assertNotRegular(t, err, "named pipe")
}

func TestReadDeviceRejected(t *testing.T) {
	_, err := Read(os.DevNull, 0)
	assertNotRegular(t, err, "character device")
}

func TestReadSocketRejected(t *testing.T) {
	// Socket paths are limited to about 100 bytes, so the folder is short.
	dir, err := os.MkdirTemp("", "sock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	name := filepath.Join(dir, "s.ts")
	l, err := net.Listen("unix", name)
	if err != nil {
		t.Skipf("listen on a Unix socket: %v", err)
	}
	defer l.Close()
	_, err = Read(name, 0)
	if err == nil {
		t.Fatal("Read of a socket returned no error")
	}
	// Opening a socket fails with ENXIO on Linux before the type check.
	var notRegular *NotRegularError
	if !errors.As(err, &notRegular) && !errors.Is(err, syscall.ENXIO) {
		t.Errorf("Read = %v, want a *NotRegularError or ENXIO", err)
	}
}

func TestOpenNoFollowRejectsLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.ts")
	link := filepath.Join(dir, "link.ts")
	if err := os.WriteFile(target, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(link, true); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("Open(link, noFollow) = %v, want ELOOP", err)
	}
	f, _, err := Open(link, false)
	if err != nil {
		t.Fatalf("Open(link, follow) = %v, want the target opened", err)
	}
	_ = f.Close()
}

func TestReadFolderRejected(t *testing.T) {
	_, err := Read(t.TempDir(), 0)
	assertNotRegular(t, err, "folder")
}

func assertNotRegular(t *testing.T, err error, kind string) {
	t.Helper()
	var notRegular *NotRegularError
	if !errors.As(err, &notRegular) {
		t.Fatalf("error = %v, want a *NotRegularError", err)
	}
	if got := KindOf(notRegular.Mode); got != kind {
		t.Errorf("kind = %q, want %q", got, kind)
	}
	var pathErr *fs.PathError
	if !errors.As(err, &pathErr) {
		t.Errorf("error = %v, want it wrapped in a *fs.PathError", err)
	}
	if got, want := notRegular.Error(), kind+", not a regular file"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestOpenNonBlockingOnPipe(t *testing.T) {
	// Open checks the type before it opens a file. A pipe that replaces
	// the file after that check still must not block the open itself.
	name := filepath.Join(t.TempDir(), "pipe.ts")
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	f, err := openNonBlocking(name, true)
	if err != nil {
		t.Fatalf("openNonBlocking = %v, want the pipe opened without waiting for a writer", err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("mode = %v, want a named pipe", info.Mode())
	}
	_ = f.Close()
}
