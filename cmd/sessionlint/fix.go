package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/autofix"
	"github.com/sessionlint/sessionlint/analyzer/report"
)

// planFixes computes the changes that -fix writes and -diff prints, for
// the findings res reports. Files come from the overlay (a buffer read
// from stdin) or from disk.
func planFixes(opts *options, res *analyzer.Result, overlay map[string][]byte) *autofix.Result {
	read := func(rel string) ([]byte, error) {
		abs := filepath.Join(res.Root, filepath.FromSlash(rel))
		if content, ok := overlay[abs]; ok {
			return content, nil
		}
		return os.ReadFile(abs)
	}
	return autofix.Plan(res.Findings, autofix.Options{Read: read, ParseTimeout: opts.parseTimeout})
}

// writeFixes writes every change of plan to its file, through symbolic
// links to the file they point to. It stops at the first file it cannot
// write and returns the number of files written.
func writeFixes(root string, plan *autofix.Result) (int, error) {
	for i, c := range plan.Changes {
		name := filepath.Join(root, filepath.FromSlash(c.File))
		if target, err := filepath.EvalSymlinks(name); err == nil {
			name = target
		}
		content := c.New
		err := writeFileAtomic(name, func(w io.Writer) error {
			_, err := w.Write(content)
			return err
		})
		if err != nil {
			return i, fmt.Errorf("write the fixes of %s: %w", c.File, err)
		}
	}
	return len(plan.Changes), nil
}

// writeDiffs writes the changes of plan as one unified diff.
func writeDiffs(w io.Writer, plan *autofix.Result) error {
	for _, c := range plan.Changes {
		if err := autofix.WriteDiff(w, c); err != nil {
			return err
		}
	}
	return nil
}

// reportRejections prints each fix that plan did not apply, with the
// reason, in the text format of findings.
func reportRejections(w io.Writer, plan *autofix.Result, findings []analyzer.Finding) {
	for _, r := range plan.Rejected {
		f := &findings[r.Finding]
		fmt.Fprintf(w, "%s:%d:%d: fix not applied: %s (%s)\n", report.EscapeTerminal(f.File), f.Start.Line, f.Start.Column,
			report.EscapeTerminal(r.Reason), f.Rule)
	}
}

// dropFixed removes the findings that changes fix from res.
func dropFixed(res *analyzer.Result, changes []autofix.Change) {
	fixed := map[int]bool{}
	for _, c := range changes {
		for _, i := range c.Fixed {
			fixed[i] = true
		}
	}
	kept := res.Findings[:0]
	for i, f := range res.Findings {
		if !fixed[i] {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
}

// writeOutput writes the diff of plan with -diff, else the results, to
// the -o file or stdout.
func writeOutput(opts *options, res *analyzer.Result, plan *autofix.Result, stdout io.Writer) error {
	if !opts.diff {
		return writeResults(opts, res, stdout)
	}
	if opts.outputFile != "" {
		if err := writeFileAtomic(opts.outputFile, func(w io.Writer) error { return writeDiffs(w, plan) }); err != nil {
			return fmt.Errorf("write the diff to %s: %w", opts.outputFile, err)
		}
		return nil
	}
	if err := writeDiffs(stdout, plan); err != nil {
		return fmt.Errorf("write the diff: %w", err)
	}
	return nil
}
