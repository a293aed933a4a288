// Package prefilter decides from the raw bytes of a TypeScript or
// JavaScript file whether any analyzer can report on it, so that the
// driver parses only the files that matter.
//
// Each analyzer that runs on script files declares its tokens: strings
// that every script file it reports on, or summarises for the project
// phase, must contain (the auth method names, the storage objects). A
// file that holds none of the tokens of any analyzer of the scan is not
// parsed. The driver disables the prefilter when one analyzer of the
// scan has declared nothing, so a new rule is never silently skipped.
package prefilter

import (
	"bytes"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
)

var (
	mu       sync.Mutex
	declared = map[*analysis.Analyzer][]string{}
)

// Declare records the tokens of an analyzer: on a script file whose text
// contains none of them, the analyzer reports nothing and its result
// holds nothing that the project phase or the other analyzers read. An
// analyzer that never reports on script files (one that reads only
// supabase/config.toml or SQL migrations) declares no tokens. Declaring
// again adds tokens.
func Declare(a *analysis.Analyzer, tokens ...string) {
	mu.Lock()
	defer mu.Unlock()
	declared[a] = append(declared[a][:len(declared[a]):len(declared[a])], tokens...)
}

// Tokens returns the declared tokens of a, and false when a declared none.
func Tokens(a *analysis.Analyzer) ([]string, bool) {
	mu.Lock()
	defer mu.Unlock()
	t, ok := declared[a]
	return t, ok
}

// ForAnalyzers returns the union of the tokens of the analyzers, sorted,
// and the names of the analyzers that declared nothing (for which the
// prefilter must be off).
func ForAnalyzers(as []*analysis.Analyzer) (tokens, undeclared []string) {
	seen := map[string]bool{}
	for _, a := range as {
		t, ok := Tokens(a)
		if !ok {
			undeclared = append(undeclared, a.Name)
			continue
		}
		for _, s := range t {
			if !seen[s] {
				seen[s] = true
				tokens = append(tokens, s)
			}
		}
	}
	sort.Strings(tokens)
	sort.Strings(undeclared)
	return tokens, undeclared
}

// Matcher finds whether a text contains any of a set of tokens in one
// pass over the bytes. Each token is found through one of its byte pairs
// (the rarest in source code by a fixed ranking), which a 64 Kibit table
// flags; only positions whose pair is flagged are compared in full.
type Matcher struct {
	g *GroupMatcher
}

// NewMatcher returns a matcher for the tokens. An empty token matches
// every text; no tokens match none.
func NewMatcher(tokens []string) *Matcher {
	return &Matcher{g: NewGroupMatcher([][]string{tokens})}
}

// rarity ranks a byte by how seldom it occurs in TypeScript source:
// upper-case letters and punctuation such as '@' or '-' are rarer than
// lower-case letters, and among those the ranking follows English letter
// frequency. The ranking only steers speed, never the result.
func rarity(c byte) int {
	const byFrequency = "etaoinsrlcdupmhgfbyvwkxjqz"
	switch {
	case c >= 'a' && c <= 'z':
		for i := 0; i < len(byFrequency); i++ {
			if byFrequency[i] == c {
				return 100 + i
			}
		}
	case c >= 'A' && c <= 'Z':
		return 200
	case c == ' ' || c == '\t' || c == '\n' || c == '.' || c == '(' || c == ')' || c == ';':
		return 0
	}
	return 150
}

// Match reports whether text contains one of the tokens.
func (m *Matcher) Match(text []byte) bool { return m.g.Match(text, 1, nil) != 0 }

// GroupMatcher finds which of up to 64 groups of tokens a text contains,
// in one pass over the bytes, the way Matcher finds whether it contains
// any token. Group i is bit i of the masks.
type GroupMatcher struct {
	pairs   [1 << 10]uint64
	anchors map[uint16][]groupAnchor
	// short lists the tokens of one byte, which have no pair. empty marks
	// the groups with the empty token, which every text contains.
	short []groupByte
	empty uint64
}

type groupAnchor struct {
	token  string
	offset int // of the pair in the token
	group  uint64
}

type groupByte struct {
	c     byte
	group uint64
}

// NewGroupMatcher returns a matcher for the groups of tokens. It panics
// with more than 64 groups.
func NewGroupMatcher(groups [][]string) *GroupMatcher {
	if len(groups) > 64 {
		panic("prefilter: more than 64 token groups")
	}
	m := &GroupMatcher{anchors: map[uint16][]groupAnchor{}}
	for g, tokens := range groups {
		bit := uint64(1) << g
		for _, t := range tokens {
			switch len(t) {
			case 0:
				m.empty |= bit
				continue
			case 1:
				m.short = append(m.short, groupByte{c: t[0], group: bit})
				continue
			}
			k, offset := anchorPair(t)
			m.pairs[k>>6] |= 1 << (k & 63)
			m.anchors[k] = append(m.anchors[k], groupAnchor{token: t, offset: offset, group: bit})
		}
	}
	return m
}

// anchorPair returns the pair of bytes of t, at least two bytes long,
// that is rarest in source code, and its offset in t.
func anchorPair(t string) (pair uint16, offset int) {
	best, bestScore := 0, -1
	for i := 0; i+1 < len(t); i++ {
		if s := rarity(t[i]) + rarity(t[i+1]); s > bestScore {
			best, bestScore = i, s
		}
	}
	return uint16(t[best])<<8 | uint16(t[best+1]), best
}

// Match returns the groups among want of which text contains a token.
// It stops early once it has found all of them. It also stops once done,
// when not nil, returns true for the groups found so far.
func (m *GroupMatcher) Match(text []byte, want uint64, done func(found uint64) bool) uint64 {
	found := m.empty & want
	finished := func() bool { return found == want || (done != nil && found != 0 && done(found)) }
	if finished() {
		return found
	}
	for _, s := range m.short {
		if want&s.group != 0 && found&s.group == 0 && bytes.IndexByte(text, s.c) >= 0 {
			found |= s.group
			if finished() {
				return found
			}
		}
	}
	if len(text) < 2 {
		return found
	}
	prev := uint16(text[0])
	for i, c := range text[1:] {
		k := prev<<8 | uint16(c)
		prev = uint16(c)
		if m.pairs[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		for _, a := range m.anchors[k] {
			if want&a.group == 0 || found&a.group != 0 {
				continue
			}
			start := i - a.offset
			if start >= 0 && start+len(a.token) <= len(text) && string(text[start:start+len(a.token)]) == a.token {
				found |= a.group
				if finished() {
					return found
				}
			}
		}
	}
	return found
}
