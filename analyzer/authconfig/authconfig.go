// Package authconfig is the building-block analyzer that reads the
// session settings of supabase/config.toml: the [auth] table, which the
// local stack and `supabase config push` use, and the [remotes.NAME.auth]
// tables, which override it for one remote project (a branch or a
// staging environment). Keys may be written in table headers, as dotted
// keys or in inline tables; all three spell the same setting.
package authconfig

import (
	"reflect"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// The settings this package records, as paths below the auth table.
const (
	KeyRotation          = "enable_refresh_token_rotation"
	KeyReuseInterval     = "refresh_token_reuse_interval"
	KeyTimebox           = "sessions.timebox"
	KeyInactivityTimeout = "sessions.inactivity_timeout"
)

var recorded = map[string]bool{KeyRotation: true, KeyReuseInterval: true, KeyTimebox: true, KeyInactivityTimeout: true}

// Result is the result of Analyzer: the file and its recorded settings
// in file order, both nil for other files.
type Result struct {
	File     *tsparse.File
	Settings []analyzer.AuthSetting
}

// Analyzer reads the session settings of a supabase/config.toml.
var Analyzer = &analysis.Analyzer{
	Name:       "authconfig",
	Doc:        "reads the refresh-token and session settings of supabase/config.toml, per environment",
	Requires:   []*analysis.Analyzer{tsparse.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	f := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
	if f == nil || f.Lang != tsparse.LangTOML {
		return &Result{}, nil
	}
	return &Result{File: f, Settings: Read(f)}, nil
}

// Summary records the settings in the file summary of the config file.
var Summary = &analysis.Analyzer{
	Name:       "authconfigsummary",
	Doc:        "records the session settings of supabase/config.toml in its file summary",
	Requires:   []*analysis.Analyzer{Analyzer},
	Run:        runSummary,
	ResultType: reflect.TypeOf((*analyzer.FileSummary)(nil)),
}

func runSummary(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[Analyzer].(*Result)
	if r.File == nil {
		return (*analyzer.FileSummary)(nil), nil
	}
	return &analyzer.FileSummary{File: r.File.Name, Session: &analyzer.SessionFacts{Settings: r.Settings}}, nil
}

// Read returns the recorded settings of a parsed TOML file, skipping
// pairs inside syntax error regions.
func Read(f *tsparse.File) []analyzer.AuthSetting {
	var out []analyzer.AuthSetting
	for i := 0; i < int(f.Root.NamedChildCount()); i++ {
		n := f.Root.NamedChild(i)
		switch n.Type() {
		case "pair":
			out = readPair(f, nil, n, out)
		case "table":
			if n.NamedChildCount() == 0 {
				continue
			}
			prefix := keyPath(f, n.NamedChild(0))
			for j := 1; j < int(n.NamedChildCount()); j++ {
				if p := n.NamedChild(j); p.Type() == "pair" {
					out = readPair(f, prefix, p, out)
				}
			}
		}
	}
	return out
}

// readPair records a pair under the table path prefix, descending into
// inline tables.
func readPair(f *tsparse.File, prefix []string, pair *sitter.Node, out []analyzer.AuthSetting) []analyzer.AuthSetting {
	if pair.NamedChildCount() < 2 || f.InError(pair.StartByte(), pair.EndByte()) {
		return out
	}
	path := append(append([]string{}, prefix...), keyPath(f, pair.NamedChild(0))...)
	value := pair.NamedChild(1)
	if value.Type() == "inline_table" {
		for i := 0; i < int(value.NamedChildCount()); i++ {
			if p := value.NamedChild(i); p.Type() == "pair" {
				out = readPair(f, path, p, out)
			}
		}
		return out
	}
	env, key, ok := settingOf(path)
	if !ok {
		return out
	}
	return append(out, analyzer.AuthSetting{
		Env: env, Key: key, Value: valueText(f, value), Type: value.Type(),
		Line:  f.Lines.Line(int(value.StartByte())),
		Start: int(value.StartByte()), End: int(value.EndByte()),
	})
}

// settingOf splits a full key path into the environment and the setting
// below auth: auth.X is the base environment "", remotes.NAME.auth.X is
// the remote NAME.
func settingOf(path []string) (env, key string, ok bool) {
	switch {
	case len(path) >= 2 && path[0] == "auth":
		key = strings.Join(path[1:], ".")
	case len(path) >= 4 && path[0] == "remotes" && path[2] == "auth":
		env, key = path[1], strings.Join(path[3:], ".")
	default:
		return "", "", false
	}
	return env, key, recorded[key]
}

// keyPath returns the parts of a bare, quoted or dotted key.
func keyPath(f *tsparse.File, key *sitter.Node) []string {
	switch key.Type() {
	case "bare_key":
		return []string{f.Text(key)}
	case "quoted_key":
		return []string{unquote(f.Text(key))}
	case "dotted_key":
		var parts []string
		for i := 0; i < int(key.NamedChildCount()); i++ {
			parts = append(parts, keyPath(f, key.NamedChild(i))...)
		}
		return parts
	}
	return nil
}

// valueText returns a value as written, with the quotes of a string
// removed and the underscores of an integer dropped.
func valueText(f *tsparse.File, v *sitter.Node) string {
	text := strings.TrimSpace(f.Text(v))
	switch v.Type() {
	case "string":
		return unquote(text)
	case "integer":
		return strings.ReplaceAll(text, "_", "")
	}
	return text
}

// unquote removes the quotes of a TOML basic or literal string.
func unquote(s string) string {
	switch {
	case strings.HasPrefix(s, `"""`) || strings.HasPrefix(s, `'''`):
		return strings.TrimSuffix(s[3:], s[:3])
	case strings.HasPrefix(s, `"`):
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return strings.Trim(s, `"`)
	case strings.HasPrefix(s, `'`):
		return strings.Trim(s, `'`)
	}
	return s
}

// Int parses an integer setting; TOML allows 0x, 0o and 0b prefixes.
func Int(s analyzer.AuthSetting) (int64, bool) {
	if s.Type != "integer" {
		return 0, false
	}
	n, err := strconv.ParseInt(s.Value, 0, 64)
	return n, err == nil
}
