// Package gitignore matches paths against the patterns of one .gitignore
// file, with the semantics of gitignore(5). `*`, `?` and `[...]` never
// match a slash, and `**` matches across folders. A pattern with a slash
// at its start or middle is anchored to the file's folder, and a trailing
// slash matches folders only. `!` re-includes, and the last matching
// pattern wins. A path inside an ignored folder is ignored, because git
// never looks inside such a folder.
//
// Patterns are matched segment by segment without regular expressions, so
// checking every file of a large monorepo stays cheap.
package gitignore

import (
	"bufio"
	"bytes"
	"path"
	"strings"
	"sync"

	"github.com/sessionlint/sessionlint/analyzer/regularfile"
)

// Matcher holds the compiled patterns of one .gitignore file. It is safe
// for concurrent use.
type Matcher struct {
	patterns []pattern

	mu sync.Mutex
	// folders caches the verdict for parent folders, which the files of
	// one folder share.
	folders map[string]bool
}

type pattern struct {
	// segments are the slash-separated parts; "**" is a segment of its own.
	segments []segment
	// anchored patterns match from the folder of the .gitignore file;
	// others match the last segments of the path at any depth.
	anchored bool
	dirOnly  bool
	negate   bool
}

// segment is one slash-separated part of a pattern, with fast paths for
// the common forms "name", "*.ext" and "prefix*".
type segment struct {
	glob string // in path.Match syntax
	kind segmentKind
	// text is the literal part for literal, suffix and prefix segments.
	text string
}

type segmentKind int

const (
	segGlob segmentKind = iota
	segLiteral
	segSuffix // "*" followed by literal text
	segPrefix // literal text followed by "*"
	segAny    // "**"
)

func newSegment(glob string) segment {
	if glob == "**" {
		return segment{glob: glob, kind: segAny}
	}
	const meta = `*?[\`
	switch {
	case !strings.ContainsAny(glob, meta):
		return segment{glob: glob, kind: segLiteral, text: glob}
	case glob[0] == '*' && !strings.ContainsAny(glob[1:], meta):
		return segment{glob: glob, kind: segSuffix, text: glob[1:]}
	case glob[len(glob)-1] == '*' && !strings.ContainsAny(glob[:len(glob)-1], meta):
		return segment{glob: glob, kind: segPrefix, text: glob[:len(glob)-1]}
	}
	return segment{glob: glob, kind: segGlob}
}

func (s *segment) match(name string) bool {
	switch s.kind {
	case segLiteral:
		return name == s.text
	case segSuffix:
		return strings.HasSuffix(name, s.text)
	case segPrefix:
		return strings.HasPrefix(name, s.text)
	case segAny:
		return true
	}
	ok, err := path.Match(s.glob, name)
	return err == nil && ok
}

// CompileFile reads and compiles the .gitignore file at name.
func CompileFile(name string) (*Matcher, error) {
	data, err := regularfile.Read(name, 0) // never blocks on a named pipe
	if err != nil {
		return nil, err
	}
	return Compile(data), nil
}

// Compile compiles the text of a .gitignore file. Lines that are not
// valid patterns match nothing, as in git.
func Compile(data []byte) *Matcher {
	m := &Matcher{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		if p, ok := parseLine(sc.Text()); ok {
			m.patterns = append(m.patterns, p)
		}
	}
	return m
}

// parseLine compiles one line, or returns false for a blank line, a
// comment or a pattern that can never match.
func parseLine(line string) (pattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	line = trimTrailingSpaces(line)
	if line == "" || line[0] == '#' {
		return pattern{}, false
	}
	var p pattern
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return pattern{}, false
	}
	if strings.Contains(line, "/") {
		p.anchored = true
		line = strings.TrimLeft(line, "/")
	}
	for _, seg := range strings.Split(line, "/") {
		if seg == "" {
			continue // "a//b" is "a/b"
		}
		if strings.Contains(seg, "**") && seg != "**" {
			// Two asterisks inside a segment are two ordinary asterisks.
			seg = collapseStars(seg)
		}
		if seg != "**" {
			seg = matchSyntax(seg)
			if _, err := path.Match(seg, ""); err != nil {
				return pattern{}, false
			}
		}
		p.segments = append(p.segments, newSegment(seg))
	}
	if len(p.segments) == 0 {
		return pattern{}, false
	}
	return p, true
}

// trimTrailingSpaces removes trailing spaces that are not escaped with a
// backslash.
func trimTrailingSpaces(s string) string {
	for strings.HasSuffix(s, " ") && !strings.HasSuffix(s, `\ `) {
		s = s[:len(s)-1]
	}
	return s
}

func collapseStars(seg string) string {
	for strings.Contains(seg, "**") {
		seg = strings.ReplaceAll(seg, "**", "*")
	}
	return seg
}

// matchSyntax converts a git bracket negation "[!a]" to the "[^a]" that
// path.Match reads.
func matchSyntax(seg string) string {
	if !strings.Contains(seg, "[!") {
		return seg
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		switch {
		case seg[i] == '\\' && i+1 < len(seg):
			b.WriteByte(seg[i])
			b.WriteByte(seg[i+1])
			i++
		case seg[i] == '[' && i+1 < len(seg) && seg[i+1] == '!':
			b.WriteString("[^")
			i++
		default:
			b.WriteByte(seg[i])
		}
	}
	return b.String()
}

// MatchesPath reports whether git ignores rel, a slash-separated path
// relative to the folder of the .gitignore file; a trailing slash marks a
// folder. The path is ignored when the last pattern that matches it, or
// one of its parent folders, is not a negation.
func (m *Matcher) MatchesPath(rel string) bool {
	if m == nil || len(m.patterns) == 0 {
		return false
	}
	isDir := strings.HasSuffix(rel, "/")
	rel = strings.Trim(rel, "/")
	if rel == "" {
		return false
	}
	segs := strings.Split(rel, "/")
	// A parent folder that is ignored hides everything inside it.
	m.mu.Lock()
	defer m.mu.Unlock()
	end := 0
	for n := 1; n < len(segs); n++ {
		end += len(segs[n-1])
		folder := rel[:end]
		end++ // the slash
		ignored, ok := m.folders[folder]
		if !ok {
			ignored = m.match(segs[:n], true)
			if m.folders == nil {
				m.folders = map[string]bool{}
			}
			m.folders[folder] = ignored
		}
		if ignored {
			return true
		}
	}
	return m.match(segs, isDir)
}

// match applies the patterns in order to one path and returns the
// verdict of the last one that matches.
func (m *Matcher) match(segs []string, isDir bool) bool {
	ignored := false
	for i := range m.patterns {
		p := &m.patterns[i]
		if p.negate != ignored {
			continue // this pattern cannot change the verdict
		}
		if p.dirOnly && !isDir {
			continue
		}
		if p.matches(segs) {
			ignored = !p.negate
		}
	}
	return ignored
}

func (p *pattern) matches(segs []string) bool {
	if !p.anchored {
		// A pattern without a slash matches the last segment at any depth.
		return p.segments[0].match(segs[len(segs)-1])
	}
	return matchSegments(p.segments, segs)
}

// matchSegments matches pattern segments against path segments, where a
// "**" segment matches zero or more path segments, except at the end of
// the pattern, where it matches one or more (everything inside a folder).
func matchSegments(pats []segment, segs []string) bool {
	for len(pats) > 0 {
		if pats[0].kind == segAny {
			rest := pats[1:]
			if len(rest) == 0 {
				return len(segs) > 0
			}
			for i := 0; i <= len(segs); i++ {
				if matchSegments(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 || !pats[0].match(segs[0]) {
			return false
		}
		pats, segs = pats[1:], segs[1:]
	}
	return len(segs) == 0
}
