package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

// maxEvidence is the number of evidence lines the text report shows per
// property; the rest are counted, so the report fits a pull request.
const maxEvidence = 4

// HardeningProperty is the key of the hardening report in the SARIF
// run's property bag.
const HardeningProperty = "sessionlint/hardening"

// HardeningText writes the hardening report as a Markdown list that
// reads as plain text too: a summary line, then per property its status,
// its evidence as path:line, and what to add when it is not present.
func HardeningText(w io.Writer, r *hardening.Report) error {
	bw := bufio.NewWriter(w)
	counts := r.Counts()
	var parts []string
	for _, s := range []hardening.Status{hardening.Present, hardening.Partial, hardening.Missing, hardening.NotDeterminable} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s.Text()))
		}
	}
	fmt.Fprintf(bw, "Session hardening: %s\n\n", strings.Join(parts, ", "))
	for i, p := range r.Properties {
		fmt.Fprintf(bw, "%d. %s: **%s**\n", i+1, p.Title, p.Status.Text())
		for j, e := range p.Evidence {
			if j == maxEvidence {
				fmt.Fprintf(bw, "   - and %d more\n", len(p.Evidence)-maxEvidence)
				break
			}
			fmt.Fprintf(bw, "   - %s\n", evidenceText(e))
		}
		if p.Advice != "" {
			fmt.Fprintf(bw, "   - To do: %s\n", p.Advice)
		}
	}
	if len(r.Lifetime) > 0 {
		fmt.Fprint(bw, "\nSession lifetime (reported here only, never as a finding):\n")
		for _, e := range r.Lifetime {
			fmt.Fprintf(bw, "- %s\n", evidenceText(e))
		}
	}
	return bw.Flush()
}

// evidenceText renders one piece of evidence as "`path:line` note".
func evidenceText(e hardening.Evidence) string {
	// File names come from the scanned tree and may hold control
	// characters, so they are escaped like every other text output.
	file, note := escapeTerminal(e.File, false), escapeTerminal(e.Note, false)
	switch {
	case e.File == "":
		return note
	case e.Line > 0:
		return fmt.Sprintf("`%s:%d` %s", file, e.Line, note)
	}
	return "`" + file + "` " + note
}
