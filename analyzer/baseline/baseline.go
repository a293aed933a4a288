// Package baseline reads the findings of an earlier scan, written as
// sessionlint JSON or SARIF output, and matches current findings against
// them by their fingerprint.CodeKey fingerprint. A project adopting
// sessionlint records its existing findings once and is then told only
// about new ones.
package baseline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/fingerprint"
	"github.com/sessionlint/sessionlint/analyzer/report"
)

// Baseline is the set of code fingerprints of the findings of an earlier
// scan.
type Baseline struct {
	// File is the file the baseline was read from.
	File string
	// fingerprints holds the fingerprint.CodeKey values.
	fingerprints map[string]bool
}

// Len returns the number of findings in the baseline.
func (b *Baseline) Len() int { return len(b.fingerprints) }

// Contains reports whether the baseline holds a finding with the code
// fingerprint of f.
func (b *Baseline) Contains(f *analyzer.Finding) bool {
	code, ok := f.Fingerprints[fingerprint.CodeKey]
	return ok && b.fingerprints[code]
}

// jsonFinding is the part of a finding of a sessionlint JSON report
// that a baseline needs.
type jsonFinding struct {
	Fingerprints map[string]string `json:"fingerprints"`
	Suppression  json.RawMessage   `json:"suppression"`
}

// sarifRun is the part of a SARIF run that a baseline needs.
type sarifRun struct {
	Tool struct {
		Driver struct {
			Name string `json:"name"`
		} `json:"driver"`
	} `json:"tool"`
	Results []struct {
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions"`
	} `json:"results"`
}

// sarifSuppression is the part of a SARIF suppression object that a
// baseline needs.
type sarifSuppression struct {
	Status string `json:"status"`
}

// document is a sessionlint JSON report, which has findings, or a SARIF
// log, which has runs.
type document struct {
	Findings *[]jsonFinding `json:"findings"`
	Runs     *[]sarifRun    `json:"runs"`
}

// Load reads a baseline from a sessionlint JSON report or a SARIF log.
// Findings that the earlier scan reported as suppressed are not part of
// the baseline, and SARIF runs of other tools are skipped. It returns an
// error for a file that is neither, and for one with findings but no
// code fingerprints (written by a sessionlint without them).
func Load(name string) (*Baseline, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("baseline %s not found; create it with -write-baseline %s", name, name)
	}
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	return parse(name, data)
}

func parse(name string, data []byte) (*Baseline, error) {
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("invalid baseline %s: %w; pass a file written by sessionlint -format json, -format sarif or -write-baseline", name, err)
	}
	if doc.Findings == nil && doc.Runs == nil {
		return nil, fmt.Errorf("invalid baseline %s: it has neither \"findings\" (sessionlint JSON) nor \"runs\" (SARIF)", name)
	}

	b := &Baseline{File: name, fingerprints: map[string]bool{}}
	total := 0
	add := func(fps map[string]string) {
		total++
		if code, ok := fps[fingerprint.CodeKey]; ok && code != "" {
			b.fingerprints[code] = true
		}
	}
	var findings []jsonFinding
	if doc.Findings != nil {
		findings = *doc.Findings
	}
	var runs []sarifRun
	if doc.Runs != nil {
		runs = *doc.Runs
	}
	for _, f := range findings {
		if !isNull(f.Suppression) {
			continue
		}
		add(f.Fingerprints)
	}
	for _, run := range runs {
		if run.Tool.Driver.Name != report.ToolName {
			continue
		}
		for _, r := range run.Results {
			if suppressedInSARIF(r.Suppressions) {
				continue
			}
			add(r.PartialFingerprints)
		}
	}
	if total > 0 && len(b.fingerprints) == 0 {
		return nil, fmt.Errorf("baseline %s has %d findings but no %q fingerprints; write it again with -write-baseline %s",
			name, total, fingerprint.CodeKey, name)
	}
	return b, nil
}

// suppressedInSARIF applies the SARIF 2.1.0 rule (section 3.27.23): a
// result is suppressed when it has suppressions and none of them has the
// status "underReview" or "rejected".
func suppressedInSARIF(suppressions []sarifSuppression) bool {
	for _, s := range suppressions {
		if s.Status == "underReview" || s.Status == "rejected" {
			return false
		}
	}
	return len(suppressions) > 0
}

func isNull(m json.RawMessage) bool {
	return len(m) == 0 || string(m) == "null"
}

// Filter removes from res.Findings every finding the baseline contains,
// keeps the order of the others, and returns how many it removed.
// Suppressed findings stay: they are reported only on request anyway.
func Filter(res *analyzer.Result, b *Baseline) int {
	kept := res.Findings[:0]
	removed := 0
	for _, f := range res.Findings {
		if f.Suppression == nil && b.Contains(&f) {
			removed++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	return removed
}
