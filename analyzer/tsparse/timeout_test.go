package tsparse

import (
	"errors"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// parseFile parses src as name with p and fails the test on an error.
func parseFile(t *testing.T, p *Parser, name, src string) (*File, error) {
	t.Helper()
	fset := token.NewFileSet()
	tok := fset.AddFile(name, -1, len(src))
	lines := srcfile.NewLines([]byte(src))
	tok.SetLines(tokenLines(lines.Starts(), len(src)))
	return p.Parse(name, []byte(src), tok, lines)
}

func TestParseTimeoutThenFreshParse(t *testing.T) {
	p := NewParser()
	defer p.Close()

	// About 2 MB of code takes far longer than a microsecond to parse.
	large := strings.Repeat("export const value = { list: [1, 2, 3], f: (y: number) => y * 2 };\n", 30000)
	p.Timeout = time.Microsecond
	_, err := parseFile(t, p, "large.ts", large)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Parse = %v, want ErrTimeout", err)
	}

	// Without a reset after the timeout, tree-sitter would resume the
	// halted parse of large.ts here and return its tree.
	p.Timeout = 0
	small := "const a = 1;\n"
	f, err := parseFile(t, p, "small.ts", small)
	if err != nil {
		t.Fatalf("Parse after a timeout = %v", err)
	}
	defer f.Close()
	if got := int(f.Root.EndByte()); got != len(small) {
		t.Errorf("tree ends at byte %d, want %d: the parser resumed the timed-out parse", got, len(small))
	}
	if len(f.Errors) != 0 {
		t.Errorf("tree of %q has %d error regions, want none", small, len(f.Errors))
	}
	if got := f.Root.NamedChild(0).Type(); got != "lexical_declaration" {
		t.Errorf("first statement is %s, want lexical_declaration", got)
	}
}

func TestParseTimeoutNotHitByOrdinaryFile(t *testing.T) {
	p := NewParser()
	defer p.Close()
	p.Timeout = 10 * time.Second
	f, err := parseFile(t, p, "ok.ts", "export function f() { return 1; }\n")
	if err != nil {
		t.Fatalf("Parse = %v, want no error", err)
	}
	f.Close()
}
