package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sessionlint/sessionlint/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var sampleSARIFOptions = SARIFOptions{
	Version:        "1.2.3",
	InformationURI: "https://example.com/sessionlint",
	HelpBaseURI:    "https://example.com/sessionlint/rules",
}

// The decoded* types decode the parts of a SARIF log that the tests
// check. Pointers tell a missing member from a zero value.
type decodedLog struct {
	Version string       `json:"version"`
	Schema  string       `json:"$schema"`
	Runs    []decodedRun `json:"runs"`
}

type decodedRun struct {
	Tool struct {
		Driver struct {
			Name            string        `json:"name"`
			SemanticVersion string        `json:"semanticVersion"`
			InformationURI  string        `json:"informationUri"`
			Rules           []decodedRule `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	ColumnKind         string                       `json:"columnKind"`
	OriginalURIBaseIDs map[string]map[string]string `json:"originalUriBaseIds"`
	Results            []decodedResult              `json:"results"`
	Invocations        []struct {
		ExecutionSuccessful        *bool `json:"executionSuccessful"`
		ToolExecutionNotifications []struct {
			Level          string            `json:"level"`
			Message        decodedText       `json:"message"`
			Locations      []decodedLocation `json:"locations"`
			AssociatedRule *struct {
				ID    string `json:"id"`
				Index *int   `json:"index"`
			} `json:"associatedRule"`
		} `json:"toolExecutionNotifications"`
	} `json:"invocations"`
}

type decodedText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type decodedRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     decodedText  `json:"shortDescription"`
	FullDescription      *decodedText `json:"fullDescription"`
	Help                 *decodedText `json:"help"`
	HelpURI              string       `json:"helpUri"`
	DefaultConfiguration *struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties map[string]any `json:"properties"`
}

type decodedResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             decodedText       `json:"message"`
	Locations           []decodedLocation `json:"locations"`
	RelatedLocations    []decodedLocation `json:"relatedLocations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []struct {
		Description     decodedText `json:"description"`
		ArtifactChanges []struct {
			ArtifactLocation decodedArtifactLocation `json:"artifactLocation"`
			Replacements     []struct {
				DeletedRegion   decodedRegion `json:"deletedRegion"`
				InsertedContent *decodedText  `json:"insertedContent"`
			} `json:"replacements"`
		} `json:"artifactChanges"`
	} `json:"fixes"`
}

type decodedLocation struct {
	ID               *int         `json:"id"`
	Message          *decodedText `json:"message"`
	PhysicalLocation struct {
		ArtifactLocation decodedArtifactLocation `json:"artifactLocation"`
		Region           *decodedRegion          `json:"region"`
	} `json:"physicalLocation"`
}

type decodedArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type decodedRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

func writeSARIF(t *testing.T, r *analyzer.Result, opt SARIFOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, opt); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	return buf.Bytes()
}

func decodeSARIF(t *testing.T, data []byte) decodedLog {
	t.Helper()
	var log decodedLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("decode SARIF output: %v\n%s", err, data)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("SARIF output has %d runs, want 1", len(log.Runs))
	}
	return log
}

// TestSARIFGolden compares the output for the sample result with
// testdata/sample.sarif, which .ci/validate-sarif checks with the SARIF
// Multitool. Run "go test -update" to rewrite it after a deliberate change.
func TestSARIFGolden(t *testing.T) {
	got := writeSARIF(t, sampleResult(), sampleSARIFOptions)
	golden := filepath.Join("testdata", "sample.sarif")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatalf("write golden file: %v", err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SARIF output differs from %s (run go test -update to rewrite it):\n%s", golden, got)
	}
}

func TestSARIFLogAndDriver(t *testing.T) {
	log := decodeSARIF(t, writeSARIF(t, sampleResult(), sampleSARIFOptions))
	if log.Version != "2.1.0" {
		t.Errorf("version = %q, want 2.1.0", log.Version)
	}
	if log.Schema != sarifSchemaURI {
		t.Errorf("$schema = %q, want %q", log.Schema, sarifSchemaURI)
	}

	run := log.Runs[0]
	driver := run.Tool.Driver
	if driver.Name != "sessionlint" {
		t.Errorf("driver name = %q, want sessionlint", driver.Name)
	}
	if driver.SemanticVersion != "1.2.3" {
		t.Errorf("semanticVersion = %q, want 1.2.3", driver.SemanticVersion)
	}
	if driver.InformationURI != "https://example.com/sessionlint" {
		t.Errorf("informationUri = %q", driver.InformationURI)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q, want utf16CodeUnits", run.ColumnKind)
	}
	wantBase := map[string]map[string]string{"SRCROOT": {"uri": "file:///home/dev/shop%20app/"}}
	if !reflect.DeepEqual(run.OriginalURIBaseIDs, wantBase) {
		t.Errorf("originalUriBaseIds = %v, want %v", run.OriginalURIBaseIDs, wantBase)
	}
}

func TestSARIFRules(t *testing.T) {
	run := decodeSARIF(t, writeSARIF(t, sampleResult(), sampleSARIFOptions)).Runs[0]
	rules := run.Tool.Driver.Rules
	var ids []string
	for _, rule := range rules {
		ids = append(ids, rule.ID)
	}
	if want := []string{"localscopelogout", "manualsetsession", "refreshrotation"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("rule ids = %q, want %q", ids, want)
	}

	rule := rules[0]
	if rule.Name != "LogoutWithScopeLocalKeepsOtherSessionsSignedIn" {
		t.Errorf("name = %q", rule.Name)
	}
	if rule.ShortDescription.Text != localScopeLogoutDoc.Title {
		t.Errorf("shortDescription.text = %q, want the title", rule.ShortDescription.Text)
	}
	if rule.FullDescription == nil || rule.FullDescription.Text != localScopeLogoutDoc.Why {
		t.Errorf("fullDescription = %+v, want the Why text", rule.FullDescription)
	}
	if rule.HelpURI != "https://example.com/sessionlint/rules#localscopelogout" {
		t.Errorf("helpUri = %q", rule.HelpURI)
	}
	if rule.DefaultConfiguration == nil || rule.DefaultConfiguration.Level != "warning" {
		t.Errorf("defaultConfiguration = %+v, want level warning", rule.DefaultConfiguration)
	}

	wantHelpText := "`signOut({ scope: 'local' })` ends the session in this browser only.\n\n" +
		"Refresh tokens on other devices stay valid.\n\n" +
		"Reported code:\n\n    await supabase.auth.signOut({ scope: 'local' })\n\n" +
		"Corrected code:\n\n    await supabase.auth.signOut()\n\n" +
		"Limits:\n\nCalls through a wrapper are not followed."
	wantHelpMarkdown := "`signOut({ scope: 'local' })` ends the session in this browser only.\n\n" +
		"Refresh tokens on other devices stay valid.\n\n" +
		"## Reported code\n\n```ts\nawait supabase.auth.signOut({ scope: 'local' })\n```\n\n" +
		"## Corrected code\n\n```ts\nawait supabase.auth.signOut()\n```\n\n" +
		"## Limits\n\nCalls through a wrapper are not followed."
	if rule.Help == nil {
		t.Fatalf("help is missing")
	}
	if rule.Help.Text != wantHelpText {
		t.Errorf("help.text = %q, want %q", rule.Help.Text, wantHelpText)
	}
	if rule.Help.Markdown != wantHelpMarkdown {
		t.Errorf("help.markdown = %q, want %q", rule.Help.Markdown, wantHelpMarkdown)
	}

	wantProperties := map[string]any{
		"tags":              []any{"security", "external/cwe/cwe-613", "supabase"},
		"precision":         "high",
		"security-severity": "5.4",
	}
	if !reflect.DeepEqual(rule.Properties, wantProperties) {
		t.Errorf("properties = %#v, want %#v", rule.Properties, wantProperties)
	}

	// The TOML examples of refreshrotation get a toml code fence.
	if help := rules[2].Help; help == nil || !strings.Contains(help.Markdown, "```toml\n[auth]\n") {
		t.Errorf("refreshrotation help.markdown has no toml code block: %+v", help)
	}
}

func TestSARIFResults(t *testing.T) {
	run := decodeSARIF(t, writeSARIF(t, sampleResult(), sampleSARIFOptions)).Runs[0]
	if len(run.Results) != 3 {
		t.Fatalf("got %d results, want 3", len(run.Results))
	}

	first := run.Results[0]
	if first.RuleID != "localscopelogout" {
		t.Errorf("ruleId = %q", first.RuleID)
	}
	if first.RuleIndex == nil || *first.RuleIndex != 0 {
		t.Errorf("ruleIndex = %v, want 0", first.RuleIndex)
	}
	if first.Level != "warning" {
		t.Errorf("level = %q, want warning", first.Level)
	}
	if !strings.HasPrefix(first.Message.Text, "signOut({ scope: 'local' })") {
		t.Errorf("message.text = %q", first.Message.Text)
	}
	if len(first.Locations) != 1 {
		t.Fatalf("got %d locations, want 1", len(first.Locations))
	}
	location := first.Locations[0].PhysicalLocation
	wantArtifact := decodedArtifactLocation{URI: "src/auth/log%20out.ts", URIBaseID: "SRCROOT"}
	if location.ArtifactLocation != wantArtifact {
		t.Errorf("artifactLocation = %+v, want %+v", location.ArtifactLocation, wantArtifact)
	}
	wantRegion := decodedRegion{StartLine: 3, StartColumn: 8, EndLine: 3, EndColumn: 49}
	if location.Region == nil || *location.Region != wantRegion {
		t.Errorf("region = %+v, want %+v", location.Region, wantRegion)
	}
	wantFingerprints := map[string]string{"primaryLocationLineHash": "c129715d7a2bc9a3:1"}
	if !reflect.DeepEqual(first.PartialFingerprints, wantFingerprints) {
		t.Errorf("partialFingerprints = %v, want %v", first.PartialFingerprints, wantFingerprints)
	}

	if len(first.RelatedLocations) != 1 {
		t.Fatalf("got %d related locations, want 1", len(first.RelatedLocations))
	}
	related := first.RelatedLocations[0]
	if related.ID == nil || *related.ID != 1 {
		t.Errorf("related location id = %v, want 1", related.ID)
	}
	if related.Message == nil || related.Message.Text != "the session is created here" {
		t.Errorf("related location message = %+v", related.Message)
	}
	if got := related.PhysicalLocation.ArtifactLocation.URI; got != "src/auth/session.ts" {
		t.Errorf("related location uri = %q", got)
	}

	if len(first.Fixes) != 1 {
		t.Fatalf("got %d fixes, want 1", len(first.Fixes))
	}
	fix := first.Fixes[0]
	if fix.Description.Text != "Sign out of all sessions" {
		t.Errorf("fix description = %q", fix.Description.Text)
	}
	if len(fix.ArtifactChanges) != 1 || len(fix.ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fix changes = %+v, want one change with one replacement", fix.ArtifactChanges)
	}
	if fix.ArtifactChanges[0].ArtifactLocation != wantArtifact {
		t.Errorf("fix artifactLocation = %+v, want %+v", fix.ArtifactChanges[0].ArtifactLocation, wantArtifact)
	}
	replacement := fix.ArtifactChanges[0].Replacements[0]
	if want := (decodedRegion{StartLine: 3, StartColumn: 39, EndLine: 3, EndColumn: 46}); replacement.DeletedRegion != want {
		t.Errorf("deletedRegion = %+v, want %+v", replacement.DeletedRegion, want)
	}
	if replacement.InsertedContent == nil || replacement.InsertedContent.Text != "'global'" {
		t.Errorf("insertedContent = %+v, want 'global'", replacement.InsertedContent)
	}

	// Non-ASCII path characters are percent-encoded as UTF-8.
	second := run.Results[1]
	if got := second.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "src/%C3%BCn%C3%AFcode/%E2%82%AC.ts" {
		t.Errorf("uri of non-ASCII path = %q", got)
	}
	if second.RuleIndex == nil || *second.RuleIndex != 1 {
		t.Errorf("ruleIndex = %v, want 1", second.RuleIndex)
	}
	if second.Level != "note" {
		t.Errorf("level = %q, want note", second.Level)
	}
	if second.PartialFingerprints != nil {
		t.Errorf("partialFingerprints = %v, want none", second.PartialFingerprints)
	}
	if second.RelatedLocations != nil || second.Fixes != nil {
		t.Errorf("result without related locations or fixes has relatedLocations %v, fixes %v", second.RelatedLocations, second.Fixes)
	}
}

func TestSARIFNotifications(t *testing.T) {
	run := decodeSARIF(t, writeSARIF(t, sampleResult(), sampleSARIFOptions)).Runs[0]
	if len(run.Invocations) != 1 {
		t.Fatalf("got %d invocations, want 1", len(run.Invocations))
	}
	invocation := run.Invocations[0]
	if invocation.ExecutionSuccessful == nil || *invocation.ExecutionSuccessful {
		t.Errorf("executionSuccessful = %v, want false after an incomplete notice", invocation.ExecutionSuccessful)
	}

	notifications := invocation.ToolExecutionNotifications
	if len(notifications) != 2 {
		t.Fatalf("got %d notifications, want 2", len(notifications))
	}
	unreadable := notifications[0]
	if unreadable.Level != "error" {
		t.Errorf("incomplete notice level = %q, want error", unreadable.Level)
	}
	if unreadable.Message.Text != "cannot read file: permission denied" {
		t.Errorf("notification message = %q", unreadable.Message.Text)
	}
	if len(unreadable.Locations) != 1 {
		t.Fatalf("got %d notification locations, want 1", len(unreadable.Locations))
	}
	if got := unreadable.Locations[0].PhysicalLocation.ArtifactLocation; got != (decodedArtifactLocation{URI: "src/broken%231%25.ts", URIBaseID: "SRCROOT"}) {
		t.Errorf("notification artifactLocation = %+v", got)
	}
	if unreadable.Locations[0].PhysicalLocation.Region != nil {
		t.Errorf("notice without a line has region %+v", unreadable.Locations[0].PhysicalLocation.Region)
	}

	skipped := notifications[1]
	if skipped.Level != "warning" {
		t.Errorf("notice level = %q, want warning", skipped.Level)
	}
	if region := skipped.Locations[0].PhysicalLocation.Region; region == nil || region.StartLine != 12 {
		t.Errorf("notification region = %+v, want startLine 12", region)
	}
	if rule := skipped.AssociatedRule; rule == nil || rule.ID != "localscopelogout" || rule.Index == nil || *rule.Index != 0 {
		t.Errorf("associatedRule = %+v, want localscopelogout at index 0", rule)
	}
}

func TestSARIFExecutionSuccessful(t *testing.T) {
	r := sampleResult()
	r.Notices = r.Notices[1:] // keep only the notice that is not incomplete
	invocations := decodeSARIF(t, writeSARIF(t, r, SARIFOptions{})).Runs[0].Invocations
	if len(invocations) != 1 || invocations[0].ExecutionSuccessful == nil || !*invocations[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one with executionSuccessful true", invocations)
	}
}

// findNull returns the JSON path of the first null in v, or "".
func findNull(v any, path string) string {
	switch v := v.(type) {
	case nil:
		return path
	case map[string]any:
		for key, value := range v {
			if p := findNull(value, path+"."+key); p != "" {
				return p
			}
		}
	case []any:
		for i, value := range v {
			if p := findNull(value, path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	}
	return ""
}

func assertNoNull(t *testing.T, data []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode SARIF output: %v", err)
	}
	if p := findNull(v, "$"); p != "" {
		t.Errorf("SARIF output has null at %s:\n%s", p, data)
	}
}

func TestSARIFWritesNoNull(t *testing.T) {
	assertNoNull(t, writeSARIF(t, sampleResult(), sampleSARIFOptions))
	assertNoNull(t, writeSARIF(t, &analyzer.Result{}, SARIFOptions{}))
}

// go-sarif v2.3.3 writes "artifactChanges": null for a fix without
// changes, and the schema requires at least one change.
func TestSARIFFixWithoutEdits(t *testing.T) {
	r := sampleResult()
	r.Findings[0].Fixes = []analyzer.Fix{{Message: "nothing to change"}}
	data := writeSARIF(t, r, SARIFOptions{})
	assertNoNull(t, data)
	if fixes := decodeSARIF(t, data).Runs[0].Results[0].Fixes; fixes != nil {
		t.Errorf("fixes = %+v, want none for a fix without edits", fixes)
	}
}

// go-sarif v2.3.3 writes "status", "location" and "guid" of a suppression
// as null when they are unset. dropNullMembers must remove them and keep
// the order of the other members.
func TestDropNullMembersSuppression(t *testing.T) {
	result := sarif.NewRuleResult("r").WithMessage(sarif.NewTextMessage("m"))
	result.AddSuppression(sarif.NewSuppression("inSource"))
	raw, err := json.Marshal(result)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if !bytes.Contains(raw, []byte(`"status":null`)) {
		t.Fatalf("go-sarif no longer writes null for an unset status, so this test checks nothing: %s", raw)
	}

	cleaned, err := dropNullMembers(raw)
	if err != nil {
		t.Fatalf("dropNullMembers: %v", err)
	}
	want := `{
  "ruleId": "r",
  "message": {
    "text": "m"
  },
  "suppressions": [
    {
      "kind": "inSource"
    }
  ]
}
`
	if string(cleaned) != want {
		t.Errorf("dropNullMembers output:\n%s\nwant:\n%s", cleaned, want)
	}
}

func TestDropNullMembersKeepsValues(t *testing.T) {
	raw := []byte(`{"b":null,"a":[1,null,{"x":null}],"n":1.50,"s":"<&>\u00e9","t":true,"e":{}}`)
	cleaned, err := dropNullMembers(raw)
	if err != nil {
		t.Fatalf("dropNullMembers: %v", err)
	}
	want := `{
  "a": [
    1,
    null,
    {}
  ],
  "n": 1.50,
  "s": "<&>é",
  "t": true,
  "e": {}
}
`
	if string(cleaned) != want {
		t.Errorf("dropNullMembers output:\n%s\nwant:\n%s", cleaned, want)
	}
}

// go-sarif v2.3.3 SetPartialFingerPrint panics on a result without a
// fingerprint map, so a finding with fingerprints would crash the writer
// if it were used.
func TestSARIFFingerprints(t *testing.T) {
	r := sampleResult()
	r.Findings[1].Fingerprints = map[string]string{
		"primaryLocationLineHash": "abc:2",
		"other/v1":                "x",
	}
	results := decodeSARIF(t, writeSARIF(t, r, SARIFOptions{})).Runs[0].Results
	want := map[string]string{"primaryLocationLineHash": "abc:2", "other/v1": "x"}
	if !reflect.DeepEqual(results[1].PartialFingerprints, want) {
		t.Errorf("partialFingerprints = %v, want %v", results[1].PartialFingerprints, want)
	}
}

// go-sarif v2.3.3 Run.AddResult stores uint(-1) as ruleIndex for a rule
// that the driver does not list.
func TestSARIFUnknownRule(t *testing.T) {
	r := sampleResult()
	r.Findings[2].Rule = "notregistered"
	r.Findings[2].Level = ""
	results := decodeSARIF(t, writeSARIF(t, r, SARIFOptions{})).Runs[0].Results
	if results[2].RuleIndex != nil {
		t.Errorf("ruleIndex = %d, want none for an unknown rule", *results[2].RuleIndex)
	}
	if results[2].Level != "warning" {
		t.Errorf("level = %q, want the default warning", results[2].Level)
	}
}

func TestSARIFLevelFromRule(t *testing.T) {
	results := decodeSARIF(t, writeSARIF(t, levelFallbackResult(), SARIFOptions{})).Runs[0].Results
	if results[0].Level != "error" {
		t.Errorf("level = %q, want error from the rule's category level", results[0].Level)
	}
}

func TestSARIFRuleWithoutDoc(t *testing.T) {
	r := &analyzer.Result{Rules: []analyzer.Rule{testRule("bare", &analyzer.Doc{})}}
	r.Rules[0].Doc = nil
	data := writeSARIF(t, r, SARIFOptions{})
	assertNoNull(t, data)
	rule := decodeSARIF(t, data).Runs[0].Tool.Driver.Rules[0]
	if rule.ShortDescription.Text != "bare" || rule.Name != "Bare" {
		t.Errorf("rule without doc = %+v, want the id as description and name", rule)
	}
	if rule.HelpURI != "" || rule.Help != nil || rule.DefaultConfiguration != nil {
		t.Errorf("rule without doc has help %+v, helpUri %q, defaultConfiguration %+v", rule.Help, rule.HelpURI, rule.DefaultConfiguration)
	}
	if want := []any{"security"}; !reflect.DeepEqual(rule.Properties["tags"], want) {
		t.Errorf("tags = %v, want %v", rule.Properties["tags"], want)
	}
}

func TestSARIFAbsolutePaths(t *testing.T) {
	r := &analyzer.Result{
		Root: "/srv/repo",
		Findings: []analyzer.Finding{
			{Rule: "r", Message: "inside", Range: analyzer.Range{File: "/srv/repo/src/a.ts", Start: analyzer.Position{Line: 1, Column: 1}}},
			{Rule: "r", Message: "outside", Range: analyzer.Range{File: "/etc/other file.ts", Start: analyzer.Position{Line: 1, Column: 1}}},
			{Rule: "r", Message: "dot", Range: analyzer.Range{File: "./src/b.ts", Start: analyzer.Position{Line: 1, Column: 1}}},
		},
	}
	results := decodeSARIF(t, writeSARIF(t, r, SARIFOptions{})).Runs[0].Results
	want := []decodedArtifactLocation{
		{URI: "src/a.ts", URIBaseID: "SRCROOT"},
		{URI: "file:///etc/other%20file.ts"},
		{URI: "src/b.ts", URIBaseID: "SRCROOT"},
	}
	for i, w := range want {
		if got := results[i].Locations[0].PhysicalLocation.ArtifactLocation; got != w {
			t.Errorf("result %d artifactLocation = %+v, want %+v", i, got, w)
		}
	}
}

func TestSARIFRegion(t *testing.T) {
	tests := []struct {
		name       string
		start, end analyzer.Position
		want       *decodedRegion
	}{
		{"full range", analyzer.Position{Line: 2, Column: 3}, analyzer.Position{Line: 4, Column: 1}, &decodedRegion{2, 3, 4, 1}},
		{"empty range", analyzer.Position{Line: 2, Column: 3}, analyzer.Position{Line: 2, Column: 3}, &decodedRegion{2, 3, 2, 3}},
		{"no end", analyzer.Position{Line: 2, Column: 3}, analyzer.Position{}, &decodedRegion{StartLine: 2, StartColumn: 3}},
		{"end column before start", analyzer.Position{Line: 2, Column: 5}, analyzer.Position{Line: 2, Column: 1}, &decodedRegion{StartLine: 2, StartColumn: 5, EndLine: 2}},
		{"no line", analyzer.Position{}, analyzer.Position{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &analyzer.Result{Findings: []analyzer.Finding{{
				Rule: "r", Message: "m",
				Range: analyzer.Range{File: "a.ts", Start: tt.start, End: tt.end},
			}}}
			got := decodeSARIF(t, writeSARIF(t, r, SARIFOptions{})).Runs[0].Results[0].Locations[0].PhysicalLocation.Region
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("region = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSARIFDeterministic(t *testing.T) {
	r := sampleResult()
	r.Findings[0].Fingerprints["zeta"] = "1"
	r.Findings[0].Fingerprints["alpha"] = "2"
	first := writeSARIF(t, r, sampleSARIFOptions)
	for range 20 {
		if again := writeSARIF(t, r, sampleSARIFOptions); !bytes.Equal(first, again) {
			t.Fatalf("SARIF output differs between runs")
		}
	}
}

func TestRelativeURI(t *testing.T) {
	tests := []struct{ path, want string }{
		{"src/a.ts", "src/a.ts"},
		{"./src/a.ts", "src/a.ts"},
		{".//src/a.ts", "src/a.ts"},
		{"src/my file.ts", "src/my%20file.ts"},
		{"src/#1 100%.ts", "src/%231%20100%25.ts"},
		{"src/ü/日本.ts", "src/%C3%BC/%E6%97%A5%E6%9C%AC.ts"},
		{"a:b/c.ts", "a%3Ab/c.ts"},
		{"q?x=1&y[0].ts", "q%3Fx=1&y%5B0%5D.ts"},
		{`back\slash.ts`, "back%5Cslash.ts"},
		{"keep-._~!$&'()*+,;=@.ts", "keep-._~!$&'()*+,;=@.ts"},
	}
	for _, tt := range tests {
		if got := relativeURI(tt.path); got != tt.want {
			t.Errorf("relativeURI(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestFileURI(t *testing.T) {
	tests := []struct {
		path      string
		directory bool
		want      string
	}{
		{"/home/dev/shop app", true, "file:///home/dev/shop%20app/"},
		{"/home/dev/repo/", true, "file:///home/dev/repo/"},
		{"/", true, "file:///"},
		{"/tmp/ü.ts", false, "file:///tmp/%C3%BC.ts"},
		{"C:/Users/dev", true, "file:///C:/Users/dev/"},
		{"//server/share/repo", true, "file://server/share/repo/"},
		{"relative/dir", true, ""},
		{"", true, ""},
	}
	for _, tt := range tests {
		if got := fileURI(tt.path, tt.directory); got != tt.want {
			t.Errorf("fileURI(%q, %v) = %q, want %q", tt.path, tt.directory, got, tt.want)
		}
	}
}

func TestPascalCase(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Logout with scope 'local' keeps other sessions signed in", "LogoutWithScopeLocalKeepsOtherSessionsSignedIn"},
		{"Don't store tokens twice", "DontStoreTokensTwice"},
		{"refresh-token rotation (TOML)", "RefreshTokenRotationToml"},
		{"Session tokens kept in a second storage", "SessionTokensKeptInSecondStorage"},
		{"Sign out after MFA enrolment", "SignOutAfterMfaEnrolment"},
		{"Reuse window of 60 s", "ReuseWindowOf60"},
		{"Ünïcode title", "ÜnïcodeTitle"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := pascalCase(tt.title); got != tt.want {
			t.Errorf("pascalCase(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestFencedCodeLongerThanBackticks(t *testing.T) {
	got := fencedCode("const s = `a ``` b`")
	want := "````ts\nconst s = `a ``` b`\n````"
	if got != want {
		t.Errorf("fencedCode = %q, want %q", got, want)
	}
}
