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
