//go:build !unix

package regularfile

import "os"

// openNonBlocking opens name after Open has checked its type, because
// this system has no O_NONBLOCK open.
//
// NOTE: a file replaced by a named pipe between the check and the open
// can still block the open here.
func openNonBlocking(name string, _ bool) (*os.File, error) {
	return os.Open(name)
}
