package report

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sessionlint/sessionlint/analyzer"
)

// Limits of GitHub code scanning for one uploaded SARIF file, from
// "SARIF support for code scanning" on docs.github.com (read June 2026).
// Past the hard limits GitHub rejects the upload; past the display limits
// it keeps only part of the data, so the writer stays below both.
const (
	// DefaultMaxResults is the number of results per run that GitHub
	// shows: it accepts up to 25,000 but keeps only the 5,000 it ranks
	// highest, so the writer drops the least severe results itself, in a
	// documented order, and reports the count in a notification.
	DefaultMaxResults = 5000
	// DefaultMaxGzipBytes is the size limit of the gzip-compressed file.
	// GitHub states "10 MB"; 10,000,000 bytes is the smaller reading and
	// leaves room for the difference between Go's gzip and the zlib that
	// the upload-sarif action compresses with.
	DefaultMaxGzipBytes = 10_000_000
	// maxRuleTags is the number of tags per rule that GitHub includes;
	// it accepts up to 20.
	maxRuleTags = 10
	// maxRuleNameLength is the documented maximum length of
	// reportingDescriptor.name, in characters.
	maxRuleNameLength = 255
	// maxDescriptionLength is the documented maximum length of
	// shortDescription.text and fullDescription.text, in characters.
	maxDescriptionLength = 1024
	// maxMessageLength bounds result, related location and notification
	// messages.
	//
	// NOTE: GitHub documents no limit for message text. This is the
	// limit it documents for rule descriptions, applied to messages as
	// well so that a message built from a long source expression cannot
	// be the reason for a rejected upload.
	maxMessageLength = 1024
	// maxRelatedLocations is the number of locations per result that
	// GitHub includes; it accepts up to 1,000.
	maxRelatedLocations = 100
	// ellipsis ends a shortened text.
	ellipsis = "…"
)

// utf16Length returns the length of s in UTF-16 code units, which is how
// JavaScript, and so GitHub's web interface, counts characters.
func utf16Length(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// truncateText returns s when it is at most limit UTF-16 code units
// long. Otherwise it cuts s at the last space that leaves room for an
// ellipsis (or mid-word when the first word alone is too long), never
// inside a character, and appends the ellipsis.
func truncateText(s string, limit int) string {
	if utf16Length(s) <= limit {
		return s
	}
	budget := limit - utf16Length(ellipsis)
	cut, lastSpace, units := 0, -1, 0
	for i, r := range s {
		size := 1
		if r >= 0x10000 {
			size = 2
		}
		if units+size > budget {
			break
		}
		units += size
		cut = i + utf8.RuneLen(r)
		if unicode.IsSpace(r) {
			lastSpace = i
		}
	}
	if lastSpace > 0 {
		cut = lastSpace
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ellipsis
}

// fullDescription returns the paragraphs of text that fit in
// maxDescriptionLength, always at least the first one, shortened when it
// alone is too long.
func fullDescription(text string) string {
	paragraphs := strings.Split(strings.TrimSpace(text), "\n\n")
	kept := paragraphs[0]
	for _, p := range paragraphs[1:] {
		next := kept + "\n\n" + p
		if utf16Length(next) > maxDescriptionLength {
			break
		}
		kept = next
	}
	return truncateText(kept, maxDescriptionLength)
}

// resultRank orders findings for the result limit: level first (error,
// warning, note), then the rule's security-severity score and then its
// precision, both higher first. Findings that tie keep their order.
type resultRank struct {
	level     int
	severity  float64
	precision int
	index     int
}

var precisionRank = map[string]int{"very-high": 4, "high": 3, "medium": 2, "low": 1}

func rankFinding(f *analyzer.Finding, index int, docs map[string]*analyzer.Doc) resultRank {
	rank := resultRank{level: findingLevel(f, docs).Severity(), index: index}
	if doc := docs[f.Rule]; doc != nil {
		if score, err := strconv.ParseFloat(doc.SecuritySeverity, 64); err == nil {
			rank.severity = score
		}
		rank.precision = precisionRank[doc.Precision]
	}
	return rank
}

// mostSevere returns the indices of the limit most severe findings among
// the given indices, in their original order.
func mostSevere(findings []analyzer.Finding, indices []int, limit int, docs map[string]*analyzer.Doc) []int {
	if len(indices) <= limit {
		return indices
	}
	ranks := make([]resultRank, len(indices))
	for i, index := range indices {
		ranks[i] = rankFinding(&findings[index], index, docs)
	}
	sort.SliceStable(ranks, func(i, j int) bool {
		a, b := ranks[i], ranks[j]
		switch {
		case a.level != b.level:
			return a.level > b.level
		case a.severity != b.severity:
			return a.severity > b.severity
		case a.precision != b.precision:
			return a.precision > b.precision
		}
		return a.index < b.index
	})
	kept := make([]int, 0, limit)
	for _, rank := range ranks[:limit] {
		kept = append(kept, rank.index)
	}
	sort.Ints(kept)
	return kept
}

// droppedSummary describes the findings that were left out, such as
// "3 warning and 12 note results".
func droppedSummary(findings []analyzer.Finding, all, kept []int, docs map[string]*analyzer.Doc) string {
	keptSet := make(map[int]bool, len(kept))
	for _, index := range kept {
		keptSet[index] = true
	}
	counts := map[analyzer.Level]int{}
	for _, index := range all {
		if !keptSet[index] {
			counts[findingLevel(&findings[index], docs)]++
		}
	}
	var parts []string
	for _, level := range []analyzer.Level{analyzer.LevelError, analyzer.LevelWarning, analyzer.LevelNote} {
		if n := counts[level]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, level))
		}
	}
	switch len(parts) {
	case 0:
		return "no results"
	case 1:
		return parts[0] + " " + pluralWord(len(all)-len(kept), "result")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + " results"
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// gzipSize returns the size of data compressed with gzip at the default
// level, the level the upload-sarif action uses.
func gzipSize(data []byte) (int, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}
