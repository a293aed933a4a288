package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		opt  TextOptions
		want string
	}{
		{
			name: "findings only",
			want: "src/auth/log out.ts:3:8: signOut({ scope: 'local' }) leaves the refresh tokens of other devices valid (localscopelogout)\n" +
				"    note: the session is created here (src/auth/session.ts:10:3)\n" +
				"src/ünïcode/€.ts:1:23: setSession() is called with tokens read from <input> fields (manualsetsession)\n" +
				"supabase/config.toml:7:1: enable_refresh_token_rotation is false (refreshrotation)\n",
		},
		{
			name: "with source",
			opt:  TextOptions{ShowSource: true},
			want: "src/auth/log out.ts:3:8: signOut({ scope: 'local' }) leaves the refresh tokens of other devices valid (localscopelogout)\n" +
				"\tawait supabase.auth.signOut({ scope: 'local' })\n" +
				// The tab stays a tab, "await " is six cells, and the
				// flagged call is 41 characters long.
				"\t      ^" + strings.Repeat("~", 40) + "\n" +
				"    note: the session is created here (src/auth/session.ts:10:3)\n" +
				"src/ünïcode/€.ts:1:23: setSession() is called with tokens read from <input> fields (manualsetsession)\n" +
				`const ñ = "😀"; await supabase.auth.setSession(tokens)` + "\n" +
				// Column 23 counts 😀 as two UTF-16 units, but it is one
				// character, so 21 characters come before the call.
				strings.Repeat(" ", 21) + "^" + strings.Repeat("~", 31) + "\n" +
				"supabase/config.toml:7:1: enable_refresh_token_rotation is false (refreshrotation)\n" +
				"enable_refresh_token_rotation = false\n" +
				"^" + strings.Repeat("~", 36) + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Text(&buf, sampleResult(), tt.opt); err != nil {
				t.Fatalf("Text: %v", err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("Text output:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestTextEscapesControlCharacters(t *testing.T) {
	tests := []struct {
		name    string
		finding analyzer.Finding
		want    string
	}{
		{
			name: "escape sequence in message",
			finding: analyzer.Finding{
				Rule: "r", Message: "bad \x1b[31mred\x1b[0m",
				Range: analyzer.Range{File: "a.ts", Start: analyzer.Position{Line: 1, Column: 1}},
			},
			want: `a.ts:1:1: bad \x1b[31mred\x1b[0m (r)` + "\n",
		},
		{
			name: "newline and CR in path",
			finding: analyzer.Finding{
				Rule: "r", Message: "m",
				Range: analyzer.Range{File: "a\nb\r.ts", Start: analyzer.Position{Line: 2, Column: 3}},
			},
			want: `a\nb\r.ts:2:3: m (r)` + "\n",
		},
		{
			name: "tab, DEL and NUL in message",
			finding: analyzer.Finding{
				Rule: "r", Message: "a\tb\x7fc\x00",
				Range: analyzer.Range{File: "a.ts", Start: analyzer.Position{Line: 1, Column: 1}},
			},
			want: `a.ts:1:1: a\tb\x7fc\x00 (r)` + "\n",
		},
		{
			name: "C1 control and bidi override",
			finding: analyzer.Finding{
				Rule: "r", Message: "x\u009by\u202ez\u2066",
				Range: analyzer.Range{File: "a.ts", Start: analyzer.Position{Line: 1, Column: 1}},
			},
			want: `a.ts:1:1: x\u009by\u202ez\u2066 (r)` + "\n",
		},
		{
			name: "invalid UTF-8 in path",
			finding: analyzer.Finding{
				Rule: "r", Message: "m",
				Range: analyzer.Range{File: "a\xff\xc3.ts", Start: analyzer.Position{Line: 1, Column: 1}},
			},
			want: `a\xff\xc3.ts:1:1: m (r)` + "\n",
		},
		{
			name: "non-ASCII text unchanged",
			finding: analyzer.Finding{
				Rule: "r", Message: "ünïcode “quoted” 😀",
				Range: analyzer.Range{File: "é.ts", Start: analyzer.Position{Line: 1, Column: 1}},
			},
			want: "é.ts:1:1: ünïcode “quoted” 😀 (r)\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := &analyzer.Result{Findings: []analyzer.Finding{tt.finding}}
			if err := Text(&buf, r, TextOptions{}); err != nil {
				t.Fatalf("Text: %v", err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("Text output = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTextSourceUnderline(t *testing.T) {
	tests := []struct {
		name       string
		lineText   string
		start, end analyzer.Position
		wantSource string
		wantMarker string
	}{
		{
			name:       "escape before flagged call",
			lineText:   "x = '\x1b'; signOut()",
			start:      analyzer.Position{Line: 1, Column: 10},
			end:        analyzer.Position{Line: 1, Column: 19},
			wantSource: `x = '\x1b'; signOut()`,
			// ESC is written as four characters, so the marks move right
			// by three.
			wantMarker: strings.Repeat(" ", 12) + "^" + strings.Repeat("~", 8),
		},
		{
			name:       "flagged escape",
			lineText:   "a\x1bb",
			start:      analyzer.Position{Line: 1, Column: 2},
			end:        analyzer.Position{Line: 1, Column: 3},
			wantSource: `a\x1bb`,
			wantMarker: " ^~~~",
		},
		{
			name:       "tabs kept",
			lineText:   "\t\tfoo(bar)",
			start:      analyzer.Position{Line: 1, Column: 7},
			end:        analyzer.Position{Line: 1, Column: 10},
			wantSource: "\t\tfoo(bar)",
			wantMarker: "\t\t    ^~~",
		},
		{
			name:       "empty range",
			lineText:   "foo()",
			start:      analyzer.Position{Line: 1, Column: 4},
			end:        analyzer.Position{Line: 1, Column: 4},
			wantSource: "foo()",
			wantMarker: "   ^",
		},
		{
			name:       "range continues on next line",
			lineText:   "call(a,",
			start:      analyzer.Position{Line: 1, Column: 5},
			end:        analyzer.Position{Line: 2, Column: 3},
			wantSource: "call(a,",
			wantMarker: "    ^~~",
		},
		{
			name:       "range at end of line",
			lineText:   "abc",
			start:      analyzer.Position{Line: 1, Column: 4},
			end:        analyzer.Position{Line: 1, Column: 4},
			wantSource: "abc",
			wantMarker: "   ^",
		},
		{
			name:       "bidi override in source",
			lineText:   "s = \"\u202e\"; x",
			start:      analyzer.Position{Line: 1, Column: 10},
			end:        analyzer.Position{Line: 1, Column: 11},
			wantSource: `s = "\u202e"; x`,
			wantMarker: strings.Repeat(" ", 14) + "^",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &analyzer.Result{Findings: []analyzer.Finding{{
				Rule: "r", Message: "m", LineText: tt.lineText,
				Range: analyzer.Range{File: "a.ts", Start: tt.start, End: tt.end},
			}}}
			var buf bytes.Buffer
			if err := Text(&buf, r, TextOptions{ShowSource: true}); err != nil {
				t.Fatalf("Text: %v", err)
			}
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if len(lines) != 3 {
				t.Fatalf("Text wrote %d lines, want 3: %q", len(lines), buf.String())
			}
			if lines[1] != tt.wantSource {
				t.Errorf("source line = %q, want %q", lines[1], tt.wantSource)
			}
			if lines[2] != tt.wantMarker {
				t.Errorf("marker line = %q, want %q", lines[2], tt.wantMarker)
			}
		})
	}
}

func TestNotices(t *testing.T) {
	r := sampleResult()
	r.Notices = append(r.Notices,
		analyzer.Notice{Rule: "refreshrotation", Message: "rule failed: config.toml is not valid TOML", Incomplete: true},
		analyzer.Notice{File: "src/\x1b[2Jx.ts", Line: 1, Message: "line\nbreak"},
	)
	want := "src/broken#1%.ts: notice: cannot read file: permission denied\n" +
		"src/app.ts:12: notice: syntax error, the rest of the file was skipped (localscopelogout)\n" +
		"sessionlint: notice: rule failed: config.toml is not valid TOML (refreshrotation)\n" +
		`src/\x1b[2Jx.ts:1: notice: line\nbreak` + "\n"

	var buf bytes.Buffer
	if err := Notices(&buf, r); err != nil {
		t.Fatalf("Notices: %v", err)
	}
	if got := buf.String(); got != want {
		t.Errorf("Notices output:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextEmptyResult(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, &analyzer.Result{}, TextOptions{ShowSource: true}); err != nil {
		t.Fatalf("Text: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Text output = %q, want nothing", buf.String())
	}
}
