// Command readparse is the baseline of the speed comparison in
// bench/compare.sh: it discovers, reads and prefilters the files of a
// scan exactly as sessionlint does and parses the files that pass the
// prefilter, but runs no rule (see package internal/readparse).
//
//	go run ./bench/readparse [-j N] [-no-prefilter] PATH
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/internal/readparse"
)

func main() {
	jobs := flag.Int("j", runtime.NumCPU(), "number of files read and parsed in parallel")
	noPrefilter := flag.Bool("no-prefilter", false, "parse every script file")
	flag.Parse()
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
	s := res.Stats
	fmt.Printf("%d files found, %d parsed, %d skipped by the prefilter\n", s.Files, s.Parsed, s.Prefiltered)
	if s.PrefilterOff != "" {
		fmt.Printf("prefilter off: %s\n", s.PrefilterOff)
	}
}
