// Package redact removes token-looking literals from the text sessionlint
// writes. Rule messages and the source line under a finding quote the
// scanned code, which may contain a JWT, an API key or another secret.
// No output format may repeat it.
//
// A secret is found by shape, not by checking it anywhere:
//
//   - a JWT: three base64url parts separated by dots, the first starting
//     with "eyJ" (the encoding of `{"`), or its first two parts when a
//     message shortened the quote;
//   - a key with a known prefix: Supabase "sb_secret_", "sb_publishable_"
//     and "sbp_", Stripe "sk_", "rk_" and "pk_" live and test keys, GitHub
//     "ghp_" (and its siblings) and "github_pat_", Slack "xox?-", GitLab
//     "glpat-", AWS "AKIA"/"ASIA" access key ids, Google "AIza" keys, and
//     the header of a PEM private key;
//   - any other run of at least 32 characters of the base64 and hex
//     alphabets (letters, digits, "+", "/", "=", "_", "-") that holds a
//     letter and a digit and has at least 16 characters between
//     separators ("/", "_", "-"). Long identifiers with digits match too;
//     the rule prefers hiding a name to printing a key.
package redact

import (
	"regexp"
	"sort"
	"strings"
)

// Placeholder replaces a secret in messages.
const Placeholder = "<redacted>"

// minGenericLength is the shortest run that the generic rule takes for a
// key. Supabase, Stripe and most other API keys are longer.
const minGenericLength = 32

// minSegmentLength is the longest stretch without "/", "_" or "-" that a
// generic key must have. Paths and kebab-case or snake_case names are
// made of shorter words.
const minSegmentLength = 16

// prefixed matches the secrets with a known shape. Every alternative is at
// least len(Placeholder) characters long, so Mask can keep the length.
var prefixed = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*` +
	`|eyJ[A-Za-z0-9_-]{7,}\.eyJ[A-Za-z0-9_-]*` + // a JWT cut after its payload started, as in a shortened quote
	`|sb_(?:secret|publishable)_[A-Za-z0-9_-]{8,}` +
	`|sbp_[A-Za-z0-9]{20,}` +
	`|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}` +
	`|gh[pousr]_[A-Za-z0-9]{30,}` +
	`|github_pat_[A-Za-z0-9_]{30,}` +
	`|xox[abposr]-[A-Za-z0-9-]{10,}` +
	`|glpat-[A-Za-z0-9_-]{20,}` +
	`|(?:AKIA|ASIA)[0-9A-Z]{16}` +
	`|AIza[0-9A-Za-z_-]{35}` +
	`|-----BEGIN [A-Z ]*PRIVATE KEY-----`)

// span is a half-open byte range of a secret.
type span struct{ start, end int }

// String returns s with every secret replaced by Placeholder.
func String(s string) string {
	return replace(s, func(int) string { return Placeholder })
}

// Mask returns s with every secret replaced by Placeholder padded with
// "*" to the length of the secret, so that the columns of the text after
// it stay the same. Secrets are ASCII, so the length in bytes is also the
// length in UTF-16 code units.
func Mask(s string) string {
	return replace(s, func(n int) string {
		if n < len(Placeholder) {
			return strings.Repeat("*", n)
		}
		return Placeholder + strings.Repeat("*", n-len(Placeholder))
	})
}

// Contains reports whether s holds a secret.
func Contains(s string) bool {
	return len(find(s)) > 0
}

func replace(s string, with func(n int) string) string {
	spans := find(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(with(sp.end - sp.start))
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// find returns the secrets of s, sorted and without overlaps.
func find(s string) []span {
	var spans []span
	for _, m := range prefixed.FindAllStringIndex(s, -1) {
		spans = append(spans, span{m[0], m[1]})
	}
	spans = append(spans, genericKeys(s)...)
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		last := &merged[len(merged)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// genericKeys returns the runs of the key alphabet that look like a key.
func genericKeys(s string) []span {
	var spans []span
	for i := 0; i < len(s); {
		if !isKeyChar(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && isKeyChar(s[i]) {
			i++
		}
		if looksLikeKey(s[start:i]) {
			spans = append(spans, span{start, i})
		}
	}
	return spans
}

func looksLikeKey(run string) bool {
	if len(run) < minGenericLength {
		return false
	}
	hasDigit, hasLetter := false, false
	segment, longest := 0, 0
	for i := 0; i < len(run); i++ {
		c := run[i]
		switch {
		case c >= '0' && c <= '9':
			hasDigit = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			hasLetter = true
		}
		if c == '/' || c == '_' || c == '-' {
			segment = 0
			continue
		}
		segment++
		longest = max(longest, segment)
	}
	return hasDigit && hasLetter && longest >= minSegmentLength
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '+' || c == '/' || c == '=' || c == '_' || c == '-'
}
