package prefilter

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestMatcherFindsTokens(t *testing.T) {
	m := NewMatcher([]string{"signOut", "localStorage", "mfa", "@supabase/"})
	cases := []struct {
		text string
		want bool
	}{
		{"await supabase.auth.signOut()", true},
		{"signOut", true},
		{"xsignOutx", true},
		{"signOu", false},
		{"ignOut", false},
		{"window.localStorage.clear()", true},
		{"const mfa = 1", true},
		{"mf", false},
		{"import { createClient } from '@supabase/supabase-js'", true},
		{"import React from 'react'", false},
		{"", false},
		{"S", false},
	}
	for _, c := range cases {
		if got := m.Match([]byte(c.text)); got != c.want {
			t.Errorf("Match(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestMatcherShortAndEmptyTokens(t *testing.T) {
	one := NewMatcher([]string{"$"})
	if !one.Match([]byte("a$")) || !one.Match([]byte("$")) || !one.Match([]byte("$a")) {
		t.Error("a one-byte token is not found at the end, alone or at the start")
	}
	if one.Match([]byte("abc")) {
		t.Error("a one-byte token matched a text without it")
	}
	if !NewMatcher([]string{""}).Match([]byte("x")) {
		t.Error("an empty token does not match every text")
	}
	if NewMatcher(nil).Match([]byte("anything")) {
		t.Error("a matcher without tokens matched")
	}
}

// TestMatcherAgreesWithContains compares the matcher with bytes.Contains
// on random texts over a small alphabet, where tokens share byte pairs
// and overlap often.
func TestMatcherAgreesWithContains(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abAB.-"
	randomText := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for round := 0; round < 2000; round++ {
		var tokens []string
		for i := 0; i < 1+r.IntN(4); i++ {
			tokens = append(tokens, randomText(2+r.IntN(4)))
		}
		m := NewMatcher(tokens)
		text := randomText(r.IntN(40))
		want := false
		for _, tok := range tokens {
			if bytes.Contains([]byte(text), []byte(tok)) {
				want = true
			}
		}
		if got := m.Match([]byte(text)); got != want {
			t.Fatalf("tokens %q, text %q: Match = %v, bytes.Contains = %v", tokens, text, got, want)
		}
	}
}

func TestForAnalyzers(t *testing.T) {
	a := &analysis.Analyzer{Name: "a"}
	b := &analysis.Analyzer{Name: "b"}
	c := &analysis.Analyzer{Name: "c"}
	none := &analysis.Analyzer{Name: "none"}
	Declare(a, "signOut", "mfa")
	Declare(b, "mfa", "cookie")
	Declare(none)
	tokens, undeclared := ForAnalyzers([]*analysis.Analyzer{a, b, c, none})
	if want := []string{"cookie", "mfa", "signOut"}; !reflect.DeepEqual(tokens, want) {
		t.Errorf("tokens = %q, want %q", tokens, want)
	}
	if want := []string{"c"}; !reflect.DeepEqual(undeclared, want) {
		t.Errorf("undeclared = %q, want %q", undeclared, want)
	}
	if got, ok := Tokens(none); !ok || len(got) != 0 {
		t.Errorf("Tokens(none) = %q, %v; want no tokens, declared", got, ok)
	}
}

func BenchmarkMatcher(b *testing.B) {
	m := NewMatcher([]string{"signOut", "updateUser", "mfa", "setSession", "localStorage", "sessionStorage", "cookie", "@supabase/"})
	text := bytes.Repeat([]byte("export function IssueRow({ issue }: Props) { const [open, setOpen] = useState(false);\n"), 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		m.Match(text)
	}
}

// TestGroupMatcherAgreesWithMatcher compares each group's bit with a
// Matcher of that group on texts built from the tokens' parts.
func TestGroupMatcherAgreesWithMatcher(t *testing.T) {
	groups := [][]string{
		{"signOut", "handleSignOut?.("},
		{"t", "?"},
		{"onSuccess(", "layout'", "/layout.tsx\""},
		{},
		{"", "never"},
	}
	texts := []string{
		"", "x", "t", "?", "signOu", "await supabase.auth.signOut()", "props.handleSignOut?.()",
		"mutation({ onSuccess() {} })", "import L from './layout'", "export * from \"./ui/layout.tsx\"",
		"onSuccess (x)", "lay out", "tt??",
	}
	g := NewGroupMatcher(groups)
	all := uint64(1)<<len(groups) - 1
	for _, text := range texts {
		got := g.Match([]byte(text), all, nil)
		for i, tokens := range groups {
			want := len(tokens) > 0 && NewMatcher(tokens).Match([]byte(text))
			if (got&(1<<i) != 0) != want {
				t.Errorf("text %q, group %d %q: group matcher %v, matcher %v", text, i, tokens, got&(1<<i) != 0, want)
			}
		}
	}
}

// TestGroupMatcherWantAndDone checks that Match looks only for wanted
// groups and stops once done returns true.
func TestGroupMatcherWantAndDone(t *testing.T) {
	g := NewGroupMatcher([][]string{{"alpha"}, {"beta"}, {"gamma"}})
	text := []byte("alpha beta gamma")
	if got := g.Match(text, 0b010, nil); got != 0b010 {
		t.Errorf("want only group 1: got %03b", got)
	}
	if got := g.Match(text, 0b111, nil); got != 0b111 {
		t.Errorf("want every group: got %03b", got)
	}
	calls := 0
	stopAtFirst := func(uint64) bool { calls++; return true }
	if got := g.Match(text, 0b111, stopAtFirst); got != 0b001 {
		t.Errorf("stopping at the first group found: got %03b, want 001", got)
	}
	if calls != 1 {
		t.Errorf("done called %d times, want 1", calls)
	}
}
