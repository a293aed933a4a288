package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/autofix"
	"github.com/sessionlint/sessionlint/analyzer/baseline"
)

// failLevels are the values -fail-level accepts, from the most to the
// least severe.
var failLevels = []analyzer.Level{analyzer.LevelError, analyzer.LevelWarning, analyzer.LevelNote}

// checkFailLevel validates the -fail-level value.
func checkFailLevel(value string) error {
	for _, l := range failLevels {
		if value == string(l) {
			return nil
		}
	}
	return newUsageError("invalid -fail-level %q: use error, warning or note", value)
}

// failingFindings returns the number of reported findings at level or
// above, the findings that make the exit status 1. Suppressed findings
// never count.
func failingFindings(res *analyzer.Result, level analyzer.Level) int {
	n := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppression == nil && f.Level.Severity() >= level.Severity() {
			n++
		}
	}
	return n
}

// adoption is what -baseline and -write-baseline did to a scan.
type adoption struct {
	// baselined counts the findings left out because the baseline has them.
	baselined int
	// recorded counts the findings written by -write-baseline.
	recorded int
	// file is the baseline file used for filtering.
	file string
}

// applyBaseline records the findings of res in the -write-baseline file,
// if one is named, then removes from res the findings of the baseline:
// the one just written, else the one loaded for -baseline. loaded is nil
// without -baseline.
func applyBaseline(opts *options, res *analyzer.Result, loaded *baseline.Baseline) (adoption, error) {
	var a adoption
	if opts.writeBaseline != "" {
		n, err := writeBaselineFile(opts, res)
		if err != nil {
			return a, err
		}
		a.recorded = n
		// Every current finding is now in the baseline.
		loaded, err = baseline.Load(opts.writeBaseline)
		if err != nil {
			return a, err
		}
	}
	if loaded != nil {
		a.file = loaded.File
		a.baselined = baseline.Filter(res, loaded)
	}
	return a, nil
}

// writeBaselineFile writes the findings of res that are not suppressed
// to the -write-baseline file: as SARIF when its name ends in ".sarif",
// else as sessionlint JSON. It returns the number of findings written.
func writeBaselineFile(opts *options, res *analyzer.Result) (int, error) {
	if err := checkOutputFile(opts.writeBaseline); err != nil {
		return 0, fmt.Errorf("-write-baseline: %w", err)
	}
	recorded := *res
	recorded.Findings = nil
	for _, f := range res.Findings {
		if f.Suppression == nil {
			recorded.Findings = append(recorded.Findings, f)
		}
	}
	format := formatJSON
	if strings.HasSuffix(strings.ToLower(opts.writeBaseline), ".sarif") {
		format = formatSARIF
	}
	err := writeFileAtomic(opts.writeBaseline, func(w io.Writer) error {
		return formatResults(w, format, &recorded, false)
	})
	if err != nil {
		return 0, fmt.Errorf("write baseline %s: %w", opts.writeBaseline, err)
	}
	return len(recorded.Findings), nil
}

// describe returns the part of the summary line about the baseline, or
// "" when no baseline was used.
func (a adoption) describe(opts *options) string {
	switch {
	case opts.writeBaseline != "":
		return fmt.Sprintf("recorded %s in the baseline %s", plural(a.recorded, "finding"), opts.writeBaseline)
	case a.baselined > 0:
		return fmt.Sprintf("%s in the baseline %s not shown", plural(a.baselined, "finding"), a.file)
	}
	return ""
}

// checkAdoptionOptions validates -baseline, -write-baseline, -fail-level,
// -fix, -diff and -stdin-filename and their combinations.
func checkAdoptionOptions(opts *options, fs *flag.FlagSet) error {
	if err := checkFailLevel(opts.failLevel); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value, what string
	}{
		{"baseline", opts.baseline, "a file name"},
		{"write-baseline", opts.writeBaseline, "a file name"},
		{"stdin-filename", opts.stdinFilename, "the path of the file the buffer belongs to"},
	} {
		if f.value == "" && isFlagSet(fs, f.name) {
			return newUsageError("-%s needs %s", f.name, f.what)
		}
	}
	if opts.fix && opts.diff {
		return newUsageError("-fix and -diff cannot be combined: -fix writes the fixes to the files, -diff prints them")
	}
	if opts.writeBaseline != "" && (opts.fix || opts.diff) {
		return newUsageError("-write-baseline cannot be combined with -fix or -diff: record the baseline in a separate run")
	}
	if opts.stdinFilename != "" {
		return checkStdinFilename(opts)
	}
	return nil
}

// preparation is what a scan needs before it starts: the -baseline file
// and the -stdin-filename buffer.
type preparation struct {
	baseline *baseline.Baseline
	overlay  map[string][]byte
}

// prepareScan loads the -baseline file and reads the -stdin-filename
// buffer, so that a missing baseline is reported before the scan runs.
func prepareScan(opts *options) (preparation, error) {
	var p preparation
	if opts.baseline != "" {
		b, err := baseline.Load(opts.baseline)
		if err != nil {
			return p, err
		}
		p.baseline = b
	}
	if opts.stdinFilename != "" {
		overlay, err := readStdinOverlay(opts.stdinFilename)
		if err != nil {
			return p, err
		}
		p.overlay = overlay
	}
	return p, nil
}

// scanPaths returns the paths to scan: the -stdin-filename path, or the
// paths of the command line.
func scanPaths(opts *options) []string {
	if opts.stdinFilename != "" {
		return []string{opts.stdinFilename}
	}
	return opts.paths
}

// outcome is what -baseline, -write-baseline, -fix and -diff did after
// the scan.
type outcome struct {
	adoption adoption
	// plan holds the fixes of -fix and -diff, or nil without them.
	plan *autofix.Result
	// written counts the files -fix wrote.
	written int
}

// finishScan applies the baseline to res, then computes the fixes of
// -fix or -diff. -fix writes them and removes the fixed findings from
// res. Fixes that cannot be applied are listed on stderr. After an error
// res still holds every finding that is in the code.
func finishScan(opts *options, res *analyzer.Result, prep preparation, stderr io.Writer) (outcome, error) {
	var out outcome
	a, err := applyBaseline(opts, res, prep.baseline)
	out.adoption = a
	if err != nil {
		return out, err
	}
	if !opts.fix && !opts.diff {
		return out, nil
	}
	out.plan = planFixes(opts, res, prep.overlay)
	reportRejections(stderr, out.plan, res.Findings)
	if !opts.fix {
		return out, nil
	}
	out.written, err = writeFixes(res.Root, out.plan)
	dropFixed(res, out.plan.Changes[:out.written])
	return out, err
}

// describe returns the parts of the summary line about the baseline and
// the fixes, each starting with "; ", or "".
func (o outcome) describe(opts *options) string {
	var parts []string
	if s := o.adoption.describe(opts); s != "" {
		parts = append(parts, s)
	}
	if o.plan != nil {
		fixed := 0
		changes := o.plan.Changes
		if opts.fix {
			changes = changes[:o.written]
		}
		for _, c := range changes {
			fixed += len(c.Fixed)
		}
		verb := "fixed"
		if opts.diff {
			verb = "the diff fixes"
		}
		parts = append(parts, fmt.Sprintf("%s %s in %s", verb, plural(fixed, "finding"), plural(len(changes), "file")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}
