package analyzer

// Position is a place in a source file as editors show it: 1-based line
// (LF, CRLF and a lone CR each end a line) and 1-based column counted in
// UTF-16 code units. Offset is the 0-based byte offset in the file.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"-"`
}

// Range is a half-open span of source text in one file.
type Range struct {
	// File is the path relative to the repository root, with forward slashes.
	File  string   `json:"file"`
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Related is a secondary location that supports a finding.
type Related struct {
	Range
	Message string `json:"message"`
}

// Edit replaces the bytes of Range with NewText.
type Edit struct {
	Range
	NewText string `json:"newText"`
}

// Fix is a mechanical change that resolves a finding.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Finding is one reported problem, with positions already converted to
// editor lines and UTF-16 columns, so writers need no source text.
type Finding struct {
	Rule     string `json:"rule"`
	Category string `json:"category,omitempty"`
	Level    Level  `json:"level"`
	Message  string `json:"message"`
	Range
	// LineText is the text of the first flagged line, for the terminal
	// view and fingerprints; it is never written to JSON or SARIF output.
	LineText string    `json:"-"`
	Related  []Related `json:"related"`
	Fixes    []Fix     `json:"fixes,omitempty"`
	// Suppression is set when an in-source directive silences the
	// finding. Writers leave suppressed findings out unless asked to
	// show them, and they never affect the exit status.
	Suppression *Suppression `json:"suppression,omitempty"`
	// Fingerprints are SARIF partial fingerprints keyed by name, such as
	// "primaryLocationLineHash" from the fingerprint package. The SARIF
	// writer copies them to result.partialFingerprints.
	Fingerprints map[string]string `json:"fingerprints,omitempty"`
}

// Suppression is an in-source directive that silences a finding.
type Suppression struct {
	// Justification is the reason written after "--" in the directive.
	Justification string `json:"justification"`
	// Directive is the location of the directive comment.
	Directive Range `json:"directive"`
}

// Notice is a message about the scan itself: a file that could not be
// read or parsed completely, or a rule that failed. Notices are not
// findings and never change the exit status unless Incomplete is set.
type Notice struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
	// Incomplete marks a notice that means part of the scan did not run
	// (an unreadable named file, a failed rule): exit status 2.
	Incomplete bool `json:"incomplete"`
}

// Result is everything one scan produced, sorted and ready for a writer.
type Result struct {
	// Root is the absolute path of the repository root that file paths
	// are relative to.
	Root     string
	Rules    []Rule
	Findings []Finding
	Notices  []Notice
	// FilesScanned counts the source and configuration files analysed.
	FilesScanned int
	// Apps holds the linked summaries of every app the scan touched,
	// sorted by folder, for project-wide reports.
	Apps []*App
	// Stats counts what the scan did with the files it discovered.
	Stats ScanStats
}
