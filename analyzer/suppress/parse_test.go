package suppress

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseWellFormed(t *testing.T) {
	cases := []struct {
		comment string
		want    Parsed
	}{
		{"// sessionlint-ignore localscopelogout -- device-only button beside Sign out everywhere",
			Parsed{Line, []string{"localscopelogout"}, "device-only button beside Sign out everywhere"}},
		{"//sessionlint-ignore localscopelogout--tight", Parsed{Line, []string{"localscopelogout"}, "tight"}},
		{"// sessionlint-ignore credentialchange,localscopelogout -- reviewed",
			Parsed{Line, []string{"credentialchange", "localscopelogout"}, "reviewed"}},
		{"// sessionlint-ignore credentialchange , localscopelogout -- spaces around commas",
			Parsed{Line, []string{"credentialchange", "localscopelogout"}, "spaces around commas"}},
		{"/* sessionlint-ignore clientonlylogout -- block comment */",
			Parsed{Line, []string{"clientonlylogout"}, "block comment"}},
		{"/** sessionlint-ignore clientonlylogout -- doc comment */",
			Parsed{Line, []string{"clientonlylogout"}, "doc comment"}},
		{"/*\n * sessionlint-ignore clientonlylogout -- a reason\n * on two lines\n */",
			Parsed{Line, []string{"clientonlylogout"}, "a reason on two lines"}},
		{"# sessionlint-ignore refreshrotation -- local development only",
			Parsed{Line, []string{"refreshrotation"}, "local development only"}},
		{"// sessionlint-ignore-file duplicatetokenstorage -- extension storage is the only store",
			Parsed{File, []string{"duplicatetokenstorage"}, "extension storage is the only store"}},
		{"// sessionlint-ignore\tmanualsetsession\t--\ttabs", Parsed{Line, []string{"manualsetsession"}, "tabs"}},
		{"// sessionlint-ignore localscopelogout -- a -- dash in the reason",
			Parsed{Line, []string{"localscopelogout"}, "a -- dash in the reason"}},
		{"// sessionlint-ignore localscopelogout -- reason // want \"x\"",
			Parsed{Line, []string{"localscopelogout"}, "reason // want \"x\""}},
	}
	for _, c := range cases {
		got, ok, err := Parse(c.comment)
		if !ok || err != nil {
			t.Errorf("Parse(%q): directive=%t err=%v, want a well-formed directive", c.comment, ok, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", c.comment, got, c.want)
		}
	}
}

func TestParseNotDirectives(t *testing.T) {
	for _, comment := range []string{
		"// a plain comment",
		"// we do not use sessionlint-ignore here",
		"// eslint-disable-next-line",
		"/* sessionlint */",
		"# sessionlint ignore foo -- bar",
		"// Sessionlint-ignore localscopelogout -- capital letter",
		"",
	} {
		if _, ok, err := Parse(comment); ok || err != nil {
			t.Errorf("Parse(%q): directive=%t err=%v, want no directive", comment, ok, err)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	cases := []struct{ comment, want string }{
		{"// sessionlint-ignore", "missing rule list; name the rules to silence, as in sessionlint-ignore localscopelogout -- reason"},
		{"// sessionlint-ignore -- because", "missing rule list; name the rules to silence, as in sessionlint-ignore localscopelogout -- reason"},
		{"// sessionlint-ignore-file", "missing rule list; name the rules to silence, as in sessionlint-ignore-file localscopelogout -- reason"},
		{"// sessionlint-ignore localscopelogout", "missing reason; write -- and why the finding does not apply after the rule names"},
		{"// sessionlint-ignore localscopelogout --", "missing reason; write -- and why the finding does not apply after the rule names"},
		{"/* sessionlint-ignore localscopelogout --   */", "missing reason; write -- and why the finding does not apply after the rule names"},
		{"// sessionlint-ignore localscopelogout reviewed by security",
			`rule names must be separated by commas, but "localscopelogout reviewed by security" holds a space; write -- before the reason`},
		{"// sessionlint-ignore localscopelogout - single dash",
			`rule names must be separated by commas, but "localscopelogout - single dash" holds a space; write -- before the reason`},
		{"// sessionlint-ignore a,,b -- r", `empty rule name in the list "a,,b"; separate rule names with single commas`},
		{"// sessionlint-ignore a, -- r", `empty rule name in the list "a,"; separate rule names with single commas`},
		{"// sessionlint-ignore local.scope -- r", `invalid rule name "local.scope"; rule names are letters and digits, such as localscopelogout`},
		{"// sessionlint-ignore a,b,a -- r", "rule a is named twice"},
		{"// sessionlint-ignore-next-line localscopelogout -- r",
			`unknown directive "sessionlint-ignore-next-line"; write sessionlint-ignore RULE -- reason, or sessionlint-ignore-file RULE -- reason for the whole file`},
		{"// sessionlint-disable localscopelogout",
			`unknown directive "sessionlint-disable"; write sessionlint-ignore RULE -- reason, or sessionlint-ignore-file RULE -- reason for the whole file`},
		{"// sessionlint-ignore:localscopelogout -- r",
			`unknown directive "sessionlint-ignore:localscopelogout"; write sessionlint-ignore RULE -- reason, or sessionlint-ignore-file RULE -- reason for the whole file`},
	}
	for _, c := range cases {
		_, ok, err := Parse(c.comment)
		if !ok {
			t.Errorf("Parse(%q): not a directive, want a malformed one", c.comment)
			continue
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) error = %v\nwant %s", c.comment, err, c.want)
		}
	}
}

func TestCoversLineAndFile(t *testing.T) {
	line := Directive{Parsed: Parsed{Kind: Line, Rules: []string{"a", "b"}, Reason: "r"}, Target: 7}
	file := Directive{Parsed: Parsed{Kind: File, Rules: []string{"a"}, Reason: "r"}}
	bad := Directive{Parsed: Parsed{Kind: Line, Rules: []string{"a"}}, Target: 7, Err: errMisplacedFileDirective}
	cases := []struct {
		d    *Directive
		rule string
		line int
		want bool
	}{
		{&line, "a", 7, true},
		{&line, "b", 7, true},
		{&line, "a", 6, false},
		{&line, "c", 7, false},
		{&file, "a", 1, true},
		{&file, "a", 900, true},
		{&file, "b", 1, false},
		{&bad, "a", 7, false},
	}
	for _, c := range cases {
		if got := c.d.Covers(c.rule, c.line); got != c.want {
			t.Errorf("%+v Covers(%s, %d) = %t, want %t", c.d.Parsed, c.rule, c.line, got, c.want)
		}
	}
}

func TestUnusedMessage(t *testing.T) {
	line := &Directive{Parsed: Parsed{Kind: Line, Rules: []string{"credentialchange", "localscopelogout"}}, Target: 12}
	file := &Directive{Parsed: Parsed{Kind: File, Rules: []string{"localscopelogout"}}}
	cases := []struct {
		d      *Directive
		unused []string
		want   string
	}{
		{line, []string{"credentialchange", "localscopelogout"},
			"sessionlint-ignore silences nothing: no finding of credentialchange or localscopelogout starts on line 12; remove the stale directive"},
		{line, []string{"localscopelogout"},
			"localscopelogout in this sessionlint-ignore silences nothing: no localscopelogout finding starts on line 12; remove it from the rule list"},
		{file, []string{"localscopelogout"},
			"sessionlint-ignore-file silences nothing: the file has no localscopelogout finding; remove the stale directive"},
	}
	for _, c := range cases {
		if got := UnusedMessage(c.d, c.unused); got != c.want {
			t.Errorf("UnusedMessage(%v) = %s\nwant %s", c.unused, got, c.want)
		}
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts
// is usable: at least one rule name of the allowed form, and a reason.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"// sessionlint-ignore localscopelogout -- reason",
		"/* sessionlint-ignore a,b -- r */",
		"# sessionlint-ignore-file x -- y",
		"// sessionlint-ignore",
		"/*\n * sessionlint-ignore a --\n * b\n */",
		"// sessionlint-ignore a,,b -- r",
		"// sessionlint-",
		"/* sessionlint-ignore a -- */*/",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, comment string) {
		p, ok, err := Parse(comment)
		if !ok {
			if err != nil || p.Kind != 0 {
				t.Fatalf("Parse(%q): not a directive, but err=%v kind=%v", comment, err, p.Kind)
			}
			return
		}
		if err != nil {
			if p.Kind != 0 || len(p.Rules) != 0 || p.Reason != "" {
				t.Fatalf("Parse(%q): malformed, but returned %+v", comment, p)
			}
			return
		}
		if p.Kind != Line && p.Kind != File {
			t.Fatalf("Parse(%q): kind %v", comment, p.Kind)
		}
		if len(p.Rules) == 0 {
			t.Fatalf("Parse(%q): no rules", comment)
		}
		seen := map[string]bool{}
		for _, r := range p.Rules {
			if !ruleNameRE.MatchString(r) || seen[r] {
				t.Fatalf("Parse(%q): rule %q invalid or repeated", comment, r)
			}
			seen[r] = true
		}
		if p.Reason == "" || p.Reason != strings.TrimSpace(p.Reason) || strings.Contains(p.Reason, "  ") {
			t.Fatalf("Parse(%q): reason %q not trimmed and collapsed", comment, p.Reason)
		}
		if utf8.ValidString(comment) && !utf8.ValidString(p.Reason) {
			t.Fatalf("Parse(%q): reason %q is not valid UTF-8", comment, p.Reason)
		}
	})
}
