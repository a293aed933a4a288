// Package refreshrotation reports supabase/config.toml settings that
// turn refresh-token rotation off or widen the reuse interval.
package refreshrotation

import (
	"fmt"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// defaultReuseInterval is the Supabase CLI default for
// refresh_token_reuse_interval, in seconds.
const defaultReuseInterval = 10

// Doc is the rule documentation.
var Doc = &analyzer.Doc{
	Title: "Refresh-token rotation off or reuse interval widened",
	Why: "With rotation on, every refresh returns a new refresh token and the old one becomes invalid; a stolen " +
		"token that is used after the legitimate client refreshed is detected as reuse and the whole session is " +
		"revoked. `enable_refresh_token_rotation = false` turns this off, so a stolen refresh token works until the " +
		"session ends.\n\n" +
		"`refresh_token_reuse_interval` is the window in which an already-used refresh token is still accepted, to " +
		"absorb races between tabs. The default is 10 seconds; a wider window gives a stolen token that long to be " +
		"replayed without detection.",
	Bad:  "[auth]\nenable_refresh_token_rotation = false\nrefresh_token_reuse_interval = 60",
	Good: "[auth]\nenable_refresh_token_rotation = true\nrefresh_token_reuse_interval = 10",
	Limits: "Only supabase/config.toml is read; settings changed in the hosted dashboard are not visible to a " +
		"repository scan.",
	Level:            analyzer.LevelWarning,
	CWE:              613,
	SecuritySeverity: "6.1",
	Precision:        "very-high",
	Tags:             []string{"session-management", "configuration"},
}

// Analyzer reports weak rotation settings.
var Analyzer = &analysis.Analyzer{
	Name:     "refreshrotation",
	Doc:      "reports supabase/config.toml with refresh-token rotation off or a reuse interval above 10 seconds",
	Requires: []*analysis.Analyzer{tsparse.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	f := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
	if f == nil || f.Lang != tsparse.LangTOML {
		return nil, nil
	}
	for i := 0; i < int(f.Root.NamedChildCount()); i++ {
		table := f.Root.NamedChild(i)
		if table.Type() != "table" || tableName(f, table) != "auth" {
			continue
		}
		for j := 0; j < int(table.NamedChildCount()); j++ {
			pair := table.NamedChild(j)
			if pair.Type() != "pair" || pair.NamedChildCount() < 2 || f.InError(pair.StartByte(), pair.EndByte()) {
				continue
			}
			key := keyText(f, pair.NamedChild(0))
			value := pair.NamedChild(1)
			check(pass, f, key, value)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, f *tsparse.File, key string, value *sitter.Node) {
	text := strings.TrimSpace(f.Text(value))
	switch key {
	case "enable_refresh_token_rotation":
		if value.Type() == "boolean" && text == "false" {
			pass.Report(analysis.Diagnostic{
				Pos: f.Pos(value.StartByte()), End: f.Pos(value.EndByte()),
				Message: "enable_refresh_token_rotation = false turns off refresh-token rotation, so a stolen refresh " +
					"token stays usable and reuse is never detected; set it to true (the default)",
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "turn refresh-token rotation on",
					TextEdits: []analysis.TextEdit{{Pos: f.Pos(value.StartByte()), End: f.Pos(value.EndByte()), NewText: []byte("true")}},
				}},
			})
		}
	case "refresh_token_reuse_interval":
		if value.Type() != "integer" {
			return
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 0, 64)
		if err != nil || n <= defaultReuseInterval {
			return
		}
		pass.Report(analysis.Diagnostic{
			Pos: f.Pos(value.StartByte()), End: f.Pos(value.EndByte()),
			Message: fmt.Sprintf("refresh_token_reuse_interval = %d accepts a used refresh token for %d seconds, "+
				"so a replayed stolen token goes undetected that long; keep it at %d seconds (the default) or less",
				n, n, defaultReuseInterval),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   "restore the default reuse interval",
				TextEdits: []analysis.TextEdit{{Pos: f.Pos(value.StartByte()), End: f.Pos(value.EndByte()), NewText: []byte(strconv.Itoa(defaultReuseInterval))}},
			}},
		})
	}
}

// tableName returns the dotted name of a TOML table header.
func tableName(f *tsparse.File, table *sitter.Node) string {
	if table.NamedChildCount() == 0 {
		return ""
	}
	return keyText(f, table.NamedChild(0))
}

// keyText returns a bare, quoted or dotted key as a dotted string
// without quotes or spaces.
func keyText(f *tsparse.File, key *sitter.Node) string {
	switch key.Type() {
	case "bare_key":
		return f.Text(key)
	case "quoted_key":
		return strings.Trim(f.Text(key), `"'`)
	case "dotted_key":
		var parts []string
		for i := 0; i < int(key.NamedChildCount()); i++ {
			parts = append(parts, keyText(f, key.NamedChild(i)))
		}
		return strings.Join(parts, ".")
	}
	return ""
}
