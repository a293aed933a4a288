package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/report"
)

// addInputFlags defines -max-file-size and -max-line-length, the limits
// that skip generated files with a notice.
func addInputFlags(fs *flag.FlagSet, opts *options) {
	opts.maxFileSize = analyzer.DefaultMaxFileSize
	fs.Var(&opts.maxFileSize, "max-file-size", "")
	fs.IntVar(&opts.maxLineLength, "max-line-length", analyzer.DefaultMaxLineLength, "")
}

// checkInputOptions validates -max-line-length; byteSize.Set validates
// -max-file-size.
func checkInputOptions(opts *options) error {
	if opts.maxLineLength < 0 {
		return newUsageError("invalid -max-line-length %d: use a number of bytes, or 0 for no limit", opts.maxLineLength)
	}
	return nil
}

// byteSize is a flag value in bytes that accepts a unit suffix: KB, MB
// and GB count in powers of 1000, KiB, MiB and GiB in powers of 1024.
type byteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{
	{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
	{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1},
}

func (b *byteSize) Set(s string) error {
	number, unit := strings.TrimSpace(s), int64(1)
	for _, u := range byteUnits {
		if len(number) > len(u.suffix) && strings.EqualFold(number[len(number)-len(u.suffix):], u.suffix) {
			number, unit = strings.TrimSpace(number[:len(number)-len(u.suffix)]), u.size
			break
		}
	}
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/unit {
		return fmt.Errorf("use a number of bytes such as 2097152 or 2MiB, or 0 for no limit")
	}
	*b = byteSize(n * unit)
	return nil
}

// String returns the size in the largest binary unit that divides it.
func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range byteUnits[:3] {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// printError writes err to stderr after "sessionlint: ". Control
// characters are escaped, because the message may hold a path or text
// from the scanned repository.
func printError(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "sessionlint: %s\n", report.EscapeTerminal(err.Error()))
}
