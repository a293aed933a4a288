package suppress

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/sessionlint/sessionlint/analyzer/config"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// RuleName is the name of the rule that reports directive problems.
const RuleName = "directive"

// Result is the result of Analyzer: the directives of the file in
// source order.
type Result struct {
	Directives []Directive
}

// Analyzer finds the directives of a file and reports the malformed ones
// and the unknown rule names they hold. It is the analyzer of the rule
// "directive", but sessionlint's driver runs it for every file even when
// that rule is off, because the driver needs its result to apply the
// directives; the driver then drops its diagnostics.
var Analyzer = &analysis.Analyzer{
	Name:       RuleName,
	Doc:        "finds sessionlint-ignore directives and reports malformed ones and unknown rule names",
	Requires:   []*analysis.Analyzer{tsparse.Analyzer, config.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	f := pass.ResultOf[tsparse.Analyzer].(*tsparse.Result).File
	if f == nil || !bytes.Contains(f.Src, []byte(prefix)) {
		return &Result{}, nil
	}
	settings := config.Of(pass)
	ds := Collect(f)
	for i := range ds {
		d := &ds[i]
		if d.Err != nil {
			pass.Report(analysis.Diagnostic{
				Pos: f.Pos(uint32(d.Start)), End: f.Pos(uint32(d.End)),
				Message: "invalid directive: " + d.Err.Error(),
			})
			continue
		}
		known := d.Rules[:0:0]
		for _, name := range d.Rules {
			msg := ""
			switch {
			case name == RuleName:
				msg = "directive findings cannot be silenced by a directive; fix the directive, or turn the rule " +
					"directive off or lower its level in .sessionlint.yaml"
			case !settings.KnownRule(name):
				msg = unknownRuleMessage(name, settings.RuleNames())
			default:
				known = append(known, name)
				continue
			}
			d.Unknown = append(d.Unknown, name)
			start, end := nameSpan(f.Src, d, name)
			pass.Report(analysis.Diagnostic{Pos: f.Pos(uint32(start)), End: f.Pos(uint32(end)), Message: msg})
		}
		d.Rules = known
	}
	return &Result{Directives: ds}, nil
}

func unknownRuleMessage(name string, rules []string) string {
	msg := fmt.Sprintf("unknown rule %q in directive", name)
	if s := config.Suggest(name, rules); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return msg + "; the rules are " + strings.Join(rules, ", ")
}

// nameSpan returns the byte span of a rule name in the rule list of a
// directive comment, or the span of the whole comment when it cannot be
// found.
func nameSpan(src []byte, d *Directive, name string) (start, end int) {
	text := string(src[d.Start:d.End])
	from := strings.Index(text, IgnoreKeyword) + len(IgnoreKeyword)
	if d.Kind == File {
		from = strings.Index(text, IgnoreFileKeyword) + len(IgnoreFileKeyword)
	}
	limit := len(text)
	if i := strings.Index(text[from:], "--"); i >= 0 {
		limit = from + i
	}
	for i := from; i < limit; {
		j := strings.Index(text[i:limit], name)
		if j < 0 {
			break
		}
		s, e := i+j, i+j+len(name)
		if !isNameByte(text, s-1) && !isNameByte(text, e) {
			return d.Start + s, d.Start + e
		}
		i = e
	}
	return d.Start, d.End
}

func isNameByte(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	c := text[i]
	return c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// UnusedMessage returns the message of the finding for the rules of a
// directive that silenced nothing.
func UnusedMessage(d *Directive, unused []string) string {
	what := "no " + unused[0] + " finding"
	if len(unused) > 1 {
		what = "no finding of " + strings.Join(unused[:len(unused)-1], ", ") + " or " + unused[len(unused)-1]
	}
	if d.Kind == File {
		return fmt.Sprintf("%s silences nothing: the file has %s; remove the stale directive", IgnoreFileKeyword, what)
	}
	if len(unused) < len(d.Rules) {
		return fmt.Sprintf("%s in this %s silences nothing: %s starts on line %d; remove it from the rule list",
			strings.Join(unused, ", "), IgnoreKeyword, what, d.Target)
	}
	return fmt.Sprintf("%s silences nothing: %s starts on line %d; remove the stale directive", IgnoreKeyword, what, d.Target)
}
