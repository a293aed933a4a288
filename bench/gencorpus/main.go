// Command gencorpus writes a deterministic corpus of generated apps for
// benchmarks (see package internal/corpus) and prints its size and the
// number of planted findings.
//
//	go run ./bench/gencorpus -apps 4 -files 500 -seed 1 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sessionlint/sessionlint/internal/corpus"
)

func main() {
	apps := flag.Int("apps", 4, "number of apps")
	files := flag.Int("files", 500, "source files per app")
	seed := flag.Uint64("seed", 1, "seed of the generated names and shapes")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: gencorpus [-apps N] [-files N] [-seed N] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "gencorpus: %s is not empty; name a new or empty folder\n", dir)
		os.Exit(2)
	}
	m, err := corpus.Write(dir, corpus.Options{Apps: *apps, FilesPerApp: *files, Seed: *seed})
	if err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d bytes, %d planted findings\n", len(m.Files), m.Bytes, len(m.Findings))
}
