// Command readparse is the baseline of the speed comparison in
// bench/compare.sh: it discovers, reads and prefilters the files of a
// scan exactly as sessionlint does and parses the files that pass the
// prefilter, but runs no rule (see package internal/readparse).
//
// With -also FILE it then reads and parses the files that FILE lists,
// one repository-relative path per line, such as the lines that
// `sessionlint -stats` prints after "parsed on demand: ". The baseline
// then parses every file that sessionlint parses.
//
//	go run ./bench/readparse [-j N] [-no-prefilter] [-also FILE] PATH
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/internal/readparse"
)

func main() {
	jobs := flag.Int("j", runtime.NumCPU(), "number of files read and parsed in parallel")
	noPrefilter := flag.Bool("no-prefilter", false, "parse every script file")
	also := flag.String("also", "", "file listing more files to read and parse, one repository-relative path per line")
	flag.Parse()
	var extra []string
	if *also != "" {
		var err error
		if extra, err = readList(*also); err != nil {
			fmt.Fprintf(os.Stderr, "readparse: %v\n", err)
			os.Exit(2)
		}
	}
	res, err := analyzer.Run(analyzer.Config{
		Paths:       flag.Args(),
		Rules:       readparse.Rules(),
		Jobs:        *jobs,
		NoPrefilter: *noPrefilter,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "readparse: %v\n", err)
		os.Exit(2)
	}
	more, err := readparse.ParseFiles(res.Root, extra, *jobs)
	if err != nil {
		fmt.Fprintf(os.Stderr, "readparse: -also %s: %v\n", *also, err)
		os.Exit(2)
	}
	s := res.Stats
	fmt.Printf("%d files found, %d parsed, %d skipped by the prefilter, %d more parsed from -also\n",
		s.Files, s.Parsed, s.Prefiltered, more)
	if s.PrefilterOff != "" {
		fmt.Printf("prefilter off: %s\n", s.PrefilterOff)
	}
}

// readList returns the non-empty lines of file, trimmed.
func readList(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}
