package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
)

// Defaults for the input limits of Config, which the command line uses.
const (
	// DefaultMaxFileSize skips files over 2 MiB. Hand-written source files
	// are far smaller; larger ones are generated code or data.
	DefaultMaxFileSize = 2 << 20
	// DefaultMaxLineLength skips files with a line over 20,000 bytes, the
	// mark of minified or generated code. It is below the 32,000
	// characters that UglifyJS wraps its output at.
	DefaultMaxLineLength = 20000
)

// inputLimits are the limits of Config that apply to reading one file;
// zero means no limit.
type inputLimits struct {
	maxFileSize   int64
	maxLineLength int
}

// applyLimits gives each discovered file the input limits of cfg.
func applyLimits(files []source, cfg Config) {
	limits := inputLimits{maxFileSize: cfg.MaxFileSize, maxLineLength: cfg.MaxLineLength}
	for i := range files {
		files[i].limits = limits
	}
}

// readSource returns the content of a discovered file, or the notice
// that explains why the file is not analysed. It never blocks on a named
// pipe or a device put in the place of a file after discovery, and never
// follows a symbolic link put there.
func readSource(src *source) ([]byte, *Notice) {
	limits := src.limits
	content, err := src.read()
	if err != nil {
		return nil, readNotice(src, err)
	}
	if msg := undecodable(content); msg != "" {
		return nil, &Notice{File: src.rel, Message: msg}
	}
	if limits.maxFileSize > 0 && int64(len(content)) > limits.maxFileSize {
		return nil, &Notice{File: src.rel, Message: tooLargeMessage(int64(len(content)), limits.maxFileSize)}
	}
	if limits.maxLineLength > 0 {
		if line, length := longestLine(content); length > limits.maxLineLength {
			return nil, &Notice{File: src.rel, Line: line, Message: fmt.Sprintf(
				"not analysed: line %d is %d bytes long, over the -max-line-length limit of %d bytes; "+
					"minified or generated code is skipped, raise the limit to check it", line, length, limits.maxLineLength)}
		}
	}
	return content, nil
}

// readDiscovered reads a file that the walk found as a regular file. The
// last element of its path is not followed if it has become a symbolic
// link since.
func readDiscovered(abs string, maxFileSize int64) ([]byte, error) {
	f, info, err := regularfile.Open(abs, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return regularfile.ReadOpen(f, info, maxFileSize)
}

// readNotice turns the error of reading src into a notice. A file that
// could not be read makes the scan incomplete when its findings are
// reported. A file that is gone, or is no longer a regular file, was
// changed during the scan and has nothing to analyse.
func readNotice(src *source, err error) *Notice {
	var notRegular *regularfile.NotRegularError
	var tooLarge *regularfile.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return &Notice{File: src.rel, Message: tooLargeMessage(tooLarge.Size, tooLarge.Limit)}
	case errors.Is(err, fs.ErrNotExist):
		return &Notice{File: src.rel, Message: "not analysed: the file was removed during the scan"}
	case errors.As(err, &notRegular):
		return &Notice{File: src.rel, Message: fmt.Sprintf("not analysed: the file became a %s during the scan", regularfile.KindOf(notRegular.Mode))}
	case errors.Is(err, syscall.ELOOP):
		return &Notice{File: src.rel, Message: "not analysed: the file became a symbolic link during the scan; links are not followed"}
	}
	return &Notice{File: src.rel, Message: "cannot read: " + describeErr(err), Incomplete: src.reported}
}

func tooLargeMessage(size, limit int64) string {
	return fmt.Sprintf("not analysed: the file is %d bytes, over the -max-file-size limit of %d bytes; raise the limit to check it", size, limit)
}

// longestLine returns the 1-based number and the length in bytes of the
// longest line of content; LF, CRLF and a lone CR end a line.
func longestLine(content []byte) (line, length int) {
	line, n := 1, 1
	for len(content) > 0 {
		end := bytes.IndexAny(content, "\r\n")
		if end < 0 {
			end = len(content)
		}
		if end > length {
			line, length = n, end
		}
		if end == len(content) {
			break
		}
		next := end + 1
		if content[end] == '\r' && next < len(content) && content[next] == '\n' {
			next++
		}
		content = content[next:]
		n++
	}
	return line, length
}

// undecodable returns why content cannot be analysed as UTF-8 source
// text, or "" when it can. UTF-32 and UTF-16 are recognised by their
// byte-order mark, and UTF-16 without one by the zero bytes that ASCII
// text has in every other position. Any other zero byte marks a binary
// file: tree-sitter would read it as the end of the input.
func undecodable(content []byte) string {
	switch {
	case bytes.HasPrefix(content, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(content, []byte{0, 0, 0xFE, 0xFF}):
		return "not analysed: the file is UTF-32 encoded; save it as UTF-8 to have it checked"
	case bytes.HasPrefix(content, []byte{0xFF, 0xFE}), bytes.HasPrefix(content, []byte{0xFE, 0xFF}):
		return "not analysed: the file is UTF-16 encoded; save it as UTF-8 to have it checked"
	}
	if bytes.IndexByte(content, 0) < 0 {
		return ""
	}
	if looksLikeUTF16(content) {
		return "not analysed: the file is UTF-16 encoded without a byte-order mark; save it as UTF-8 to have it checked"
	}
	return "not analysed: binary file (it contains NUL bytes)"
}

// looksLikeUTF16 reports whether the first 1,024 bytes look like UTF-16
// text made mostly of Latin characters. In such text at least half of the
// byte pairs have a zero byte in the same position, and no pair has one
// in the other position.
func looksLikeUTF16(content []byte) bool {
	head := content[:min(len(content), 1024)]
	head = head[:len(head)&^1]
	pairs := len(head) / 2
	if pairs < 2 {
		return false
	}
	var zeros [2]int
	for i, c := range head {
		if c == 0 {
			zeros[i%2]++
		}
	}
	return (zeros[0]*2 >= pairs && zeros[1] == 0) || (zeros[1]*2 >= pairs && zeros[0] == 0)
}
