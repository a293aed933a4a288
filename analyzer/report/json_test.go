package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
)

const sampleJSON = `{
  "version": 1,
  "tool": {
    "name": "sessionlint",
    "version": "1.2.3"
  },
  "root": ".",
  "findings": [
    {
      "rule": "localscopelogout",
      "category": "",
      "level": "warning",
      "message": "signOut({ scope: 'local' }) leaves the refresh tokens of other devices valid",
      "file": "src/auth/log out.ts",
      "line": 3,
      "column": 8,
      "endLine": 3,
      "endColumn": 49,
      "related": [
        {
          "message": "the session is created here",
          "file": "src/auth/session.ts",
          "line": 10,
          "column": 3,
          "endLine": 10,
          "endColumn": 20
        }
      ],
      "fixes": [
        {
          "message": "Sign out of all sessions",
          "edits": [
            {
              "file": "src/auth/log out.ts",
              "line": 3,
              "column": 39,
              "endLine": 3,
              "endColumn": 46,
              "newText": "'global'"
            }
          ]
        }
      ],
      "fingerprints": {
        "primaryLocationLineHash": "c129715d7a2bc9a3:1"
      }
    },
    {
      "rule": "manualsetsession",
      "category": "",
      "level": "note",
      "message": "setSession() is called with tokens read from <input> fields",
      "file": "src/ünïcode/€.ts",
      "line": 1,
      "column": 23,
      "endLine": 1,
      "endColumn": 55,
      "related": []
    },
    {
      "rule": "refreshrotation",
      "category": "",
      "level": "error",
      "message": "enable_refresh_token_rotation is false",
      "file": "supabase/config.toml",
      "line": 7,
      "column": 1,
      "endLine": 7,
      "endColumn": 38,
      "related": []
    }
  ],
  "notices": [
    {
      "file": "src/broken#1%.ts",
      "message": "cannot read file: permission denied",
      "incomplete": true
    },
    {
      "file": "src/app.ts",
      "line": 12,
      "rule": "localscopelogout",
      "message": "syntax error, the rest of the file was skipped",
      "incomplete": false
    }
  ],
  "summary": {
    "files": 4,
    "findings": 3,
    "error": 1,
    "warning": 1,
    "note": 1,
    "suppressed": 0,
    "incomplete": true
  }
}
`

const emptyJSON = `{
  "version": 1,
  "tool": {
    "name": "sessionlint",
    "version": ""
  },
  "findings": [],
  "notices": [],
  "summary": {
    "files": 0,
    "findings": 0,
    "error": 0,
    "warning": 0,
    "note": 0,
    "suppressed": 0,
    "incomplete": false
  }
}
`

// levelFallbackJSON is the output for a finding without a level, in a
// category whose level the rule sets, and with control characters in the
// message, which JSON escapes.
const levelFallbackJSON = `{
  "version": 1,
  "tool": {
    "name": "sessionlint",
    "version": "0.1.0"
  },
  "root": "apps/web",
  "findings": [
    {
      "rule": "credentialchange",
      "category": "password",
      "level": "error",
      "message": "tab\there \u001b & <b>",
      "file": "src/a.ts",
      "line": 1,
      "column": 2,
      "endLine": 1,
      "endColumn": 3,
      "related": []
    }
  ],
  "notices": [],
  "summary": {
    "files": 1,
    "findings": 1,
    "error": 1,
    "warning": 0,
    "note": 0,
    "suppressed": 0,
    "incomplete": false
  }
}
`

func levelFallbackResult() *analyzer.Result {
	doc := &analyzer.Doc{
		Title:          "Credential change keeps other sessions",
		Level:          analyzer.LevelWarning,
		CategoryLevels: map[string]analyzer.Level{"password": analyzer.LevelError},
	}
	return &analyzer.Result{
		Root:  "/srv/repo",
		Rules: []analyzer.Rule{testRule("credentialchange", doc)},
		Findings: []analyzer.Finding{{
			Rule:     "credentialchange",
			Category: "password",
			Message:  "tab\there \x1b & <b>",
			Range: analyzer.Range{
				File:  "src/a.ts",
				Start: analyzer.Position{Line: 1, Column: 2},
				End:   analyzer.Position{Line: 1, Column: 3},
			},
		}},
		FilesScanned: 1,
	}
}

func TestJSON(t *testing.T) {
	tests := []struct {
		name   string
		result *analyzer.Result
		opt    JSONOptions
		want   string
	}{
		{"sample", sampleResult(), JSONOptions{Version: "1.2.3", Root: "."}, sampleJSON},
		{"empty result", &analyzer.Result{}, JSONOptions{}, emptyJSON},
		{"level from rule category", levelFallbackResult(), JSONOptions{Version: "0.1.0", Root: `apps/web`}, levelFallbackJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, tt.result, tt.opt); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("JSON output:\n%s\nwant:\n%s", got, tt.want)
			}
			if !json.Valid(buf.Bytes()) {
				t.Errorf("JSON output is not valid JSON")
			}
			if tt.result.Root != "" && strings.Contains(buf.String(), tt.result.Root) {
				t.Errorf("JSON output contains the absolute root %q", tt.result.Root)
			}
		})
	}
}

func TestJSONRejectsAbsoluteRoot(t *testing.T) {
	for _, root := range []string{"/home/dev/repo", `C:\src\repo`, "c:/src", "//server/share"} {
		var buf bytes.Buffer
		err := JSON(&buf, sampleResult(), JSONOptions{Root: root})
		if err == nil {
			t.Errorf("JSON with root %q: no error", root)
		}
		if buf.Len() != 0 {
			t.Errorf("JSON with root %q wrote %d bytes before failing", root, buf.Len())
		}
	}
}

func TestJSONDeterministic(t *testing.T) {
	r := sampleResult()
	r.Findings[0].Fingerprints["zeta"] = "1"
	r.Findings[0].Fingerprints["alpha"] = "2"
	var first, second bytes.Buffer
	if err := JSON(&first, r, JSONOptions{}); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	for range 20 {
		second.Reset()
		if err := JSON(&second, r, JSONOptions{}); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("JSON output differs between runs:\n%s\n%s", first.String(), second.String())
		}
	}
}
