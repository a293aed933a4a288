package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sessionlint/sessionlint/analyzer"
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
func SARIF(w io.Writer, r *analyzer.Result, opt SARIFOptions) error {
	log, err := sarif.New(sarif.Version210, false)
	if err != nil {
		return fmt.Errorf("create SARIF log: %w", err)
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
	run.WithColumnKind("utf16CodeUnits")
	if uri := fileURI(r.Root, true); uri != "" {
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			srcRootID: sarif.NewArtifactLocation().WithUri(uri),
		})
	}

	docs := docsByName(r)
	for i := range r.Findings {
		run.Results = append(run.Results, sarifResult(r.Root, &r.Findings[i], docs, ruleIndex))
	}

	invocation := run.AddInvocation(!hasIncompleteNotice(r))
	for _, n := range r.Notices {
		invocation.AddTToolExecutionNotification(sarifNotification(r.Root, n, ruleIndex))
	}

	log.AddRun(run)
	data, err := json.Marshal(log)
	if err != nil {
		return fmt.Errorf("encode SARIF log: %w", err)
	}
	data, err = dropNullMembers(data)
	if err != nil {
		return fmt.Errorf("clean SARIF log: %w", err)
	}
	_, err = w.Write(data)
	return err
}

func sarifResult(root string, f *analyzer.Finding, docs map[string]*analyzer.Doc, ruleIndex map[string]int) *sarif.Result {
	result := sarif.NewRuleResult(f.Rule)
	if index, ok := ruleIndex[f.Rule]; ok {
		result.WithRuleIndex(index)
	}
	result.WithLevel(string(findingLevel(f, docs)))
	result.WithMessage(sarif.NewTextMessage(f.Message))
	result.AddLocation(sarif.NewLocationWithPhysicalLocation(
		physicalLocation(root, f.File, sarifRegion(f.Start, f.End))))

	for i, rel := range f.Related {
		location := sarif.NewLocationWithPhysicalLocation(
			physicalLocation(root, rel.File, sarifRegion(rel.Start, rel.End)))
		location.WithId(i + 1).WithMessage(sarif.NewTextMessage(rel.Message))
		result.AddRelatedLocation(location)
	}

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
	return result
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
	notification := sarif.NewNotification().WithLevel(level).WithTextMessage(n.Message)

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
