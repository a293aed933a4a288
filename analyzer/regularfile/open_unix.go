//go:build unix

package regularfile

import (
	"os"
	"syscall"
)

// openNonBlocking opens name with O_NONBLOCK, so that opening a named
// pipe without a writer returns at once instead of waiting for one.
// Reads from regular files ignore the flag.
func openNonBlocking(name string, noFollow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(name, flags, 0)
}
