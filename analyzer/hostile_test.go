//go:build unix

package analyzer_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/report"
	"github.com/sessionlint/sessionlint/internal/hostile"
	"github.com/sessionlint/sessionlint/rules"
)

// scanHostile scans the hostile repository with the command's default
// limits.
func scanHostile(t *testing.T, repo *hostile.Repo, jobs int) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{
		Paths:         []string{repo.Root},
		Rules:         rules.All(),
		Jobs:          jobs,
		MaxFileSize:   analyzer.DefaultMaxFileSize,
		MaxLineLength: analyzer.DefaultMaxLineLength,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func TestHostileFolderFindingsAndNotices(t *testing.T) {
	repo := hostile.Build(t, hostile.Options{})
	res := scanHostile(t, repo, 2)

	var findings []hostile.Finding
	for _, f := range res.Findings {
		findings = append(findings, hostile.Finding{File: f.File, Line: f.Start.Line, Column: f.Start.Column, Rule: f.Rule})
	}
	if !reflect.DeepEqual(findings, repo.Findings) {
		t.Errorf("findings differ:\n%s", diffLines(repo.Findings, findings))
	}

	var notices []hostile.Notice
	for _, n := range res.Notices {
		notices = append(notices, hostile.Notice{File: n.File, Line: n.Line, Message: n.Message, Incomplete: n.Incomplete})
	}
	if !reflect.DeepEqual(notices, repo.Notices) {
		t.Errorf("notices differ:\n%s", diffLines(repo.Notices, notices))
	}
}

func TestHostileFolderOutputIdentical(t *testing.T) {
	repo := hostile.Build(t, hostile.Options{})
	var first map[string][]byte
	for _, jobs := range []int{1, 2, 8, 2} {
		outputs := writeAllFormats(t, scanHostile(t, repo, jobs))
		if first == nil {
			first = outputs
			continue
		}
		for format, out := range outputs {
			if !bytes.Equal(out, first[format]) {
				t.Errorf("-j %d: %s output differs from the first run", jobs, format)
			}
		}
	}
}

func TestHostileFolderSecretsRedacted(t *testing.T) {
	repo := hostile.Build(t, hostile.Options{})
	res := scanHostile(t, repo, 1)
	for format, out := range writeAllFormats(t, res) {
		for _, secret := range repo.Secrets {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("%s output contains the secret %s", format, secret)
			}
			// A shortened quote must not leak the start of a secret either.
			if head := secret[:20]; bytes.Contains(out, []byte(head)) {
				t.Errorf("%s output contains the start %s of a secret", format, head)
			}
		}
		if !bytes.Contains(out, []byte("<redacted>")) {
			t.Errorf("%s output has no <redacted> placeholder", format)
		}
	}
}

// writeAllFormats returns the output of every writer for res.
func writeAllFormats(t *testing.T, res *analyzer.Result) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var buf bytes.Buffer
	if err := report.Text(&buf, res, report.TextOptions{ShowSource: true}); err != nil {
		t.Fatal(err)
	}
	if err := report.Notices(&buf, res); err != nil {
		t.Fatal(err)
	}
	out["text"] = append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	if err := report.JSON(&buf, res, report.JSONOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	out["json"] = append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	if err := report.SARIF(&buf, res, report.SARIFOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	// The SARIF log holds the absolute root, which differs between
	// repositories but not between runs.
	out["sarif"] = append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	if err := report.GitHub(&buf, res, report.GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	out["github"] = append([]byte(nil), buf.Bytes()...)
	return out
}

// diffLines lists the entries missing from got and the unexpected ones.
func diffLines[T comparable](want, got []T) string {
	var b strings.Builder
	seen := map[T]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w] > 0 {
			seen[w]--
			continue
		}
		b.WriteString("missing:    ")
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(fmt.Sprintf("%+v", w)), "\n", `\n`))
		b.WriteByte('\n')
	}
	for _, g := range got {
		if seen[g] > 0 {
			seen[g]--
			b.WriteString("unexpected: ")
			b.WriteString(strings.ReplaceAll(strings.TrimSpace(fmt.Sprintf("%+v", g)), "\n", `\n`))
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 {
		return "same entries in a different order"
	}
	return b.String()
}
