package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/cache"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

// addSpeedFlags defines -no-prefilter, -cache-dir, -no-cache and -stats.
func addSpeedFlags(fs *flag.FlagSet, opts *options) {
	fs.BoolVar(&opts.noPrefilter, "no-prefilter", false, "")
	fs.StringVar(&opts.cacheDir, "cache-dir", "", "")
	fs.BoolVar(&opts.noCache, "no-cache", false, "")
	fs.BoolVar(&opts.stats, "stats", false, "")
}

// cacheDir returns the cache folder of the scan, or "" for none: with
// -no-cache, and when the user cache directory is unknown (no HOME).
func cacheDir(opts *options) string {
	if opts.noCache {
		return ""
	}
	if opts.cacheDir != "" {
		return opts.cacheDir
	}
	dir, err := cache.DefaultDir()
	if err != nil {
		return ""
	}
	return dir
}

// reportQueries returns the project-wide questions of -report, which the
// driver runs inside the project phase so that the prefilter cannot
// change the report.
func reportQueries(opts *options) func(*analyzer.Result) {
	if !opts.report {
		return nil
	}
	return func(res *analyzer.Result) { hardening.Evaluate(res) }
}

// printStats writes the counters of -stats.
func printStats(w io.Writer, res *analyzer.Result) {
	s := res.Stats
	fmt.Fprintf(w, "sessionlint: %d files found, %d parsed (%d on demand), %d skipped by the prefilter, %d summaries from the cache, %d project rounds\n",
		s.Files, s.Parsed, s.OnDemand, s.Prefiltered, s.CacheHits, s.Rounds)
	if s.PrefilterOff != "" {
		fmt.Fprintf(w, "sessionlint: prefilter off: %s\n", s.PrefilterOff)
	}
	for _, f := range s.OnDemandFiles {
		fmt.Fprintf(w, "sessionlint: parsed on demand: %s\n", f)
	}
}

// gcPercent is the garbage collector's growth target unless GOGC is set.
// A scan allocates a file's text and tree nodes and drops them when the
// file is done, so the heap stays small. Collecting at 150 % growth
// instead of Go's default 100 % saved about a tenth of the time of a scan
// of a large monorepo in docs/performance.md. The peak resident memory of
// its four-copy corpus stayed at about 50 MB.
const gcPercent = 150

// tuneGC sets gcPercent when the environment does not set GOGC.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
