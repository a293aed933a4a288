package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/hardening"
)

// SARIFOptions configures SARIF.
type SARIFOptions struct {
	// Version is the sessionlint version, written to
	// tool.driver.semanticVersion when set.
	Version string
	// InformationURI is the absolute URI of the project home page, written
	// to tool.driver.informationUri when set.
	InformationURI string
	// HelpBaseURI is the absolute URI of the rule documentation. Each rule
	// gets the helpUri HelpBaseURI + "#" + rule name when it is set.
	HelpBaseURI string
	// Category is the analysis category, written to
	// run.automationDetails.id with a trailing slash. GitHub code scanning
	// replaces the alerts of an earlier upload with the same tool and
	// category, and the upload-sarif action keeps this value over its own
	// category input. Empty means "sessionlint".
	Category string
	// IncludeSuppressed writes the findings that an in-source directive
	// suppresses, each with a suppressions entry. By default they are left
	// out, because GitHub code scanning shows a result with suppressions as
	// an open alert.
	IncludeSuppressed bool
	// MaxResults is the maximum number of results. The least severe
	// findings past it are left out, and a notification reports how many.
	// Zero means DefaultMaxResults.
	MaxResults int
	// MaxGzipBytes is the maximum size of the log once gzip-compressed;
	// the least severe results are left out until it fits. Zero means
	// DefaultMaxGzipBytes.
	MaxGzipBytes int
	// Hardening is the session hardening report (sessionlint -report),
	// written to the run's property bag under HardeningProperty when set.
	Hardening *hardening.Report
}

const (
	// sarifSchemaURI is the location of the SARIF 2.1.0 schema (errata 01)
	// published by OASIS.
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// srcRootID is the uriBaseId that repository-relative URIs resolve
	// against. GitHub code scanning and most SARIF viewers know it.
	srcRootID = "SRCROOT"
)

// SARIF writes r as a SARIF 2.1.0 log with one run, indented with two
// spaces and followed by a newline.
//
// The object model comes from go-sarif v2.3.3, but several of its outputs
// are invalid SARIF, so this writer works around them: it never leaves a
// fix without artifact changes (the library writes "artifactChanges":
// null), never calls SetPartialFingerPrint (which panics on a result
// without fingerprints), builds percent-encoded URIs itself, sets each
// ruleIndex itself (Run.AddResult stores uint(-1) for an unknown rule),
// and drops every null member from the marshalled JSON (unset
// suppression status, location and guid are written as null).
//
// The log stays within the limits of GitHub code scanning (see
// DefaultMaxResults and the constants beside it). Findings past a limit
// are left out, least severe first, and a notification names what was
// left out. No source text is written except what the findings carry in
// their messages and fixes: regions have no snippets.
func SARIF(w io.Writer, r *analyzer.Result, opt SARIFOptions) error {
	docs := docsByName(r)
	maxResults := opt.MaxResults
	if maxResults <= 0 {
		maxResults = DefaultMaxResults
	}
	maxGzipBytes := opt.MaxGzipBytes
	if maxGzipBytes <= 0 {
		maxGzipBytes = DefaultMaxGzipBytes
	}

	var selected []int
	for i := range r.Findings {
		if r.Findings[i].Suppression == nil || opt.IncludeSuppressed {
			selected = append(selected, i)
		}
	}

	var limitNotices []string
	kept := mostSevere(r.Findings, selected, maxResults, docs)
	if len(kept) < len(selected) {
		limitNotices = append(limitNotices, fmt.Sprintf(
			"%s left out: GitHub code scanning shows at most %d results per run, so only the %d most severe are written",
			droppedSummary(r.Findings, selected, kept, docs), maxResults, len(kept)))
	}

	data, err := encodeSARIF(r, opt, docs, kept, limitNotices)
	if err != nil {
		return err
	}
	countLimited := kept
	for {
		size, err := gzipSize(data)
		if err != nil {
			return fmt.Errorf("compress SARIF log: %w", err)
		}
		if size <= maxGzipBytes {
			break
		}
		if len(kept) == 0 {
			return fmt.Errorf("SARIF log is %d bytes gzip-compressed without any results, more than the limit of %d bytes", size, maxGzipBytes)
		}
		// Shrink in proportion to the excess, with a margin for the fixed
		// part of the log, and by at least one result per round.
		n := int(float64(len(kept)) * float64(maxGzipBytes) / float64(size) * 0.95)
		n = min(n, len(kept)-1)
		kept = mostSevere(r.Findings, kept, n, docs)
		sizeNotice := fmt.Sprintf(
			"%s left out to keep the gzip-compressed file within the %d bytes that GitHub code scanning accepts, so only the %d most severe are written",
			droppedSummary(r.Findings, countLimited, kept, docs), maxGzipBytes, len(kept))
		data, err = encodeSARIF(r, opt, docs, kept, append(limitNotices[:len(limitNotices):len(limitNotices)], sizeNotice))
		if err != nil {
			return err
		}
	}
	_, err = w.Write(data)
	return err
}

// encodeSARIF returns the indented SARIF log of r with the findings at
// the given indices and one warning notification per entry of
// limitNotices.
func encodeSARIF(r *analyzer.Result, opt SARIFOptions, docs map[string]*analyzer.Doc, findings []int, limitNotices []string) ([]byte, error) {
	log, err := sarif.New(sarif.Version210, false)
	if err != nil {
		return nil, fmt.Errorf("create SARIF log: %w", err)
	}
	log.Schema = sarifSchemaURI

	driver := sarif.NewDriver(ToolName)
	if opt.Version != "" {
		driver.WithSemanticVersion(opt.Version)
	}
	if opt.InformationURI != "" {
		driver.WithInformationURI(opt.InformationURI)
	}

	ruleIndex := make(map[string]int, len(r.Rules))
	for _, rule := range r.Rules {
		if rule.Analyzer == nil {
			continue
		}
		if _, dup := ruleIndex[rule.Name()]; dup {
			continue
		}
		ruleIndex[rule.Name()] = len(driver.Rules)
		driver.Rules = append(driver.Rules, ruleDescriptor(rule, opt))
	}

	run := sarif.NewRun(*sarif.NewTool(driver))
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(automationID(opt.Category)))
	run.WithColumnKind("utf16CodeUnits")
	if opt.Hardening != nil {
		run.Properties = sarif.Properties{HardeningProperty: opt.Hardening}
	}
	if uri := fileURI(r.Root, true); uri != "" {
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			srcRootID: sarif.NewArtifactLocation().WithUri(uri),
		})
	}

	// GitHub code scanning requires the results array, so a scan without
	// findings writes an empty one.
	run.Results = make([]*sarif.Result, 0, len(findings))
	for _, i := range findings {
		run.Results = append(run.Results, sarifResult(r.Root, &r.Findings[i], docs, ruleIndex))
	}

	invocation := run.AddInvocation(!hasIncompleteNotice(r))
	for _, n := range r.Notices {
		invocation.AddTToolExecutionNotification(sarifNotification(r.Root, n, ruleIndex))
	}
	for _, message := range limitNotices {
		invocation.AddTToolExecutionNotification(
			sarif.NewNotification().WithLevel("warning").WithTextMessage(truncateText(message, maxMessageLength)))
	}

	log.AddRun(run)
	data, err := json.Marshal(log)
	if err != nil {
		return nil, fmt.Errorf("encode SARIF log: %w", err)
	}
	data, err = dropNullMembers(data)
	if err != nil {
		return nil, fmt.Errorf("clean SARIF log: %w", err)
	}
	return data, nil
}

// automationID returns run.automationDetails.id for a category: the
// category followed by a slash, which GitHub reads as a category without
// a run id.
func automationID(category string) string {
	category = strings.TrimSpace(category)
	if category == "" {
		category = ToolName
	}
	if !strings.HasSuffix(category, "/") {
		category += "/"
	}
	return category
}

func sarifResult(root string, f *analyzer.Finding, docs map[string]*analyzer.Doc, ruleIndex map[string]int) *sarif.Result {
	result := sarif.NewRuleResult(f.Rule)
	if index, ok := ruleIndex[f.Rule]; ok {
		result.WithRuleIndex(index)
	}
	result.WithLevel(string(findingLevel(f, docs)))
	result.AddLocation(sarif.NewLocationWithPhysicalLocation(
		physicalLocation(root, f.File, sarifRegion(f.Start, f.End))))

	related := f.Related
	if len(related) > maxRelatedLocations {
		related = related[:maxRelatedLocations]
	}
	for i, rel := range related {
		location := sarif.NewLocationWithPhysicalLocation(
			physicalLocation(root, rel.File, sarifRegion(rel.Start, rel.End)))
		location.WithId(i + 1)
		if rel.Message != "" {
			location.WithMessage(sarif.NewTextMessage(truncateText(rel.Message, maxMessageLength)))
		}
		result.AddRelatedLocation(location)
	}
	result.WithMessage(sarif.NewTextMessage(resultMessage(f.Message, related)))

	for _, fix := range f.Fixes {
		if converted := sarifFix(root, fix); converted != nil {
			result.AddFix(converted)
		}
	}

	if len(f.Fingerprints) > 0 {
		fingerprints := make(map[string]any, len(f.Fingerprints))
		for name, value := range f.Fingerprints {
			fingerprints[name] = value
		}
		result.WithPartialFingerPrints(fingerprints)
	}

	if s := f.Suppression; s != nil {
		result.AddSuppression(sarifSuppression(root, s))
	}
	return result
}

// Bounds of the embedded links that resultMessage appends, in UTF-16
// code units, so that the finding's own message keeps most of the room.
const (
	maxLinkTextLength = 120
	maxLinksLength    = 400
)

// resultMessage returns the message of a result: the finding's message
// followed by one embedded link per related location, such as
// "... (see [the session is created here](1))". GitHub code scanning
// shows related locations only through such links in the message.
// Links that do not fit in maxLinksLength are left out, and the message
// is shortened so that the whole text fits in maxMessageLength.
func resultMessage(message string, related []analyzer.Related) string {
	var links []string
	linksLength := 0
	for i, rel := range related {
		text := rel.Message
		if text == "" {
			text = "related location " + strconv.Itoa(i+1)
		}
		link := "[" + escapeLinkText(truncateText(text, maxLinkTextLength)) + "](" + strconv.Itoa(i+1) + ")"
		if linksLength+utf16Length(link)+2 > maxLinksLength {
			break
		}
		links = append(links, link)
		linksLength += utf16Length(link) + 2
	}
	if len(links) == 0 {
		return truncateText(message, maxMessageLength)
	}
	suffix := " (see " + strings.Join(links, "; ") + ")"
	return truncateText(message, maxMessageLength-utf16Length(suffix)) + suffix
}

// escapeLinkText escapes the characters that SARIF 2.1.0 (section 3.11.6)
// requires to be escaped in the link text of a plain text message: the
// backslash and both square brackets.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// sarifSuppression converts an in-source suppression directive. The
// status is "accepted" because the directive is committed in the source.
func sarifSuppression(root string, s *analyzer.Suppression) *sarif.Suppression {
	suppression := sarif.NewSuppression("inSource").WithStatus("accepted")
	if s.Justification != "" {
		suppression.WithJustifcation(truncateText(s.Justification, maxMessageLength))
	}
	if s.Directive.File != "" {
		suppression.WithLocation(sarif.NewLocationWithPhysicalLocation(
			physicalLocation(root, s.Directive.File, sarifRegion(s.Directive.Start, s.Directive.End))))
	}
	return suppression
}

// sarifFix converts fix, with one artifactChange per file in the order the
// files first appear. It returns nil for a fix that SARIF cannot express:
// one without edits (artifactChanges needs at least one entry) or with an
// edit that has no line.
func sarifFix(root string, fix analyzer.Fix) *sarif.Fix {
	if len(fix.Edits) == 0 {
		return nil
	}
	var changes []*sarif.ArtifactChange
	changeByFile := make(map[string]*sarif.ArtifactChange)
	for _, edit := range fix.Edits {
		region := sarifRegion(edit.Start, edit.End)
		if region == nil {
			return nil
		}
		replacement := sarif.NewReplacement(region)
		if edit.NewText != "" {
			replacement.WithInsertedContent(sarif.NewArtifactContent().WithText(edit.NewText))
		}

		change := changeByFile[edit.File]
		if change == nil {
			change = sarif.NewArtifactChange(artifactLocation(root, edit.File))
			changeByFile[edit.File] = change
			changes = append(changes, change)
		}
		change.WithReplacement(replacement)
	}

	converted := sarif.NewFix().WithArtifactChanges(changes)
	if fix.Message != "" {
		converted.WithDescriptionText(fix.Message)
	}
	return converted
}

func sarifNotification(root string, n analyzer.Notice, ruleIndex map[string]int) *sarif.Notification {
	level := "warning"
	if n.Incomplete {
		level = "error"
	}
	notification := sarif.NewNotification().WithLevel(level).WithTextMessage(truncateText(n.Message, maxMessageLength))

	if n.File != "" {
		var region *sarif.Region
		if n.Line > 0 {
			region = sarif.NewRegion().WithStartLine(n.Line)
		}
		notification.AddLocation(sarif.NewLocationWithPhysicalLocation(physicalLocation(root, n.File, region)))
	}

	if n.Rule != "" {
		rule := sarif.NewReportingDescriptorReference().WithId(n.Rule)
		if index, ok := ruleIndex[n.Rule]; ok {
			rule.WithIndex(index)
		}
		notification.WithAssociatedRule(rule)
	}
	return notification
}

func physicalLocation(root, file string, region *sarif.Region) *sarif.PhysicalLocation {
	location := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(root, file))
	if region != nil {
		location.WithRegion(region)
	}
	return location
}

// artifactLocation returns the location of file relative to SRCROOT. An
// absolute path inside root is made relative first. An absolute path
// outside root gets a file URI and no uriBaseId.
func artifactLocation(root, file string) *sarif.ArtifactLocation {
	if uri := fileURI(file, false); uri != "" {
		rel, ok := relativeTo(root, file)
		if !ok {
			return sarif.NewArtifactLocation().WithUri(uri)
		}
		file = rel
	}
	return sarif.NewArtifactLocation().WithUri(relativeURI(file)).WithUriBaseId(srcRootID)
}

// relativeTo returns file relative to root, with forward slashes, when
// file is inside root.
func relativeTo(root, file string) (string, bool) {
	if root == "" {
		return "", false
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// sarifRegion returns the region from start to end, or nil when start has
// no line. Columns and the end are left out when they are unknown or
// would make the region run backwards.
func sarifRegion(start, end analyzer.Position) *sarif.Region {
	if start.Line < 1 {
		return nil
	}
	region := sarif.NewRegion().WithStartLine(start.Line)
	if start.Column >= 1 {
		region.WithStartColumn(start.Column)
	}
	if end.Line < start.Line {
		return region
	}
	region.WithEndLine(end.Line)
	if start.Column >= 1 && end.Column >= 1 && (end.Line > start.Line || end.Column >= start.Column) {
		region.WithEndColumn(end.Column)
	}
	return region
}
