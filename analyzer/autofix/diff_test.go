package autofix

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func diffOf(t *testing.T, oldText, newText string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDiff(&buf, Change{File: "src/a.ts", Old: []byte(oldText), New: []byte(newText)}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// numbered returns the lines "line 1" to "line n", each ended by LF.
func numbered(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

func TestWriteDiff(t *testing.T) {
	ten := numbered(10)
	cases := []struct {
		name     string
		old, new string
		want     string
	}{
		{
			name: "equal contents",
			old:  ten, new: ten,
			want: "",
		},
		{
			name: "replaced line in the middle",
			old:  ten,
			new:  strings.Replace(ten, "line 5\n", "line five\n", 1),
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n",
		},
		{
			name: "inserted first line",
			old:  ten,
			new:  "line 0\n" + ten,
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,4 @@\n+line 0\n line 1\n line 2\n line 3\n",
		},
		{
			name: "deleted last line",
			old:  ten,
			new:  numbered(9),
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -7,4 +7,3 @@\n line 7\n line 8\n line 9\n-line 10\n",
		},
		{
			name: "changed last line without a line break",
			old:  "a\nb",
			new:  "a\nc",
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
		},
		{
			name: "line break added at the end",
			old:  "a\nb",
			new:  "a\nb\n",
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "insertion into an empty file",
			old:  "",
			new:  "x\n",
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -0,0 +1 @@\n+x\n",
		},
		{
			name: "changes six lines apart share a hunk",
			old:  ten,
			new:  strings.NewReplacer("line 2\n", "two\n", "line 9\n", "nine\n").Replace(ten),
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,10 +1,10 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n line 6\n line 7\n line 8\n-line 9\n+nine\n line 10\n",
		},
		{
			name: "changes further apart get two hunks",
			old:  numbered(20),
			new:  strings.NewReplacer("line 2\n", "two\n", "line 18\n", "eighteen\n").Replace(numbered(20)),
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n" +
				"@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+eighteen\n line 19\n line 20\n",
		},
		{
			name: "CRLF line ends are kept",
			old:  "a\r\nb\r\nc\r\n",
			new:  "a\r\nB\r\nc\r\n",
			want: "--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := diffOf(t, c.old, c.new); got != c.want {
				t.Errorf("diff:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestWriteDiffAppliesWithGitApply checks with `git apply` that the diff
// of several scattered changes turns the old content into the new one.
func TestWriteDiffAppliesWithGitApply(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	oldText := numbered(60)
	newText := strings.NewReplacer(
		"line 1\n", "first\n",
		"line 7\n", "",
		"line 20\n", "line 20\ninserted a\ninserted b\n",
		"line 33\n", "thirty-three\n",
		"line 34\n", "thirty-four\n",
		"line 60\n", "last",
	).Replace(oldText)

	dir := t.TempDir()
	path := filepath.Join(dir, "src", "a.ts")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(oldText), 0o644); err != nil {
		t.Fatal(err)
	}
	patch := filepath.Join(dir, "fix.patch")
	if err := os.WriteFile(patch, []byte(diffOf(t, oldText, newText)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(git, "apply", "--unsafe-paths", "--directory=.", patch)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != newText {
		t.Errorf("patched file:\n%s\nwant:\n%s", got, newText)
	}
}

// TestDiffLinesIsMinimal checks the edit script length on inputs whose
// shortest edit script is known.
func TestDiffLinesIsMinimal(t *testing.T) {
	cases := []struct {
		a, b    string
		changes int
	}{
		{"abcabba", "cbabac", 5}, // the example of Myers' paper: D = 5
		{"abc", "abc", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"abcdef", "abxdef", 2},
	}
	for _, c := range cases {
		a, b := strings.Split(c.a, ""), strings.Split(c.b, "")
		if c.a == "" {
			a = nil
		}
		if c.b == "" {
			b = nil
		}
		ops := diffLines(a, b)
		changes := 0
		var rebuilt []string
		for _, o := range ops {
			switch o.kind {
			case opEqual:
				rebuilt = append(rebuilt, a[o.old])
			case opInsert:
				rebuilt = append(rebuilt, b[o.new])
				changes++
			case opDelete:
				changes++
			}
		}
		if changes != c.changes {
			t.Errorf("%q -> %q: %d changes, want %d", c.a, c.b, changes, c.changes)
		}
		if strings.Join(rebuilt, "") != c.b {
			t.Errorf("%q -> %q: the script rebuilds %q", c.a, c.b, strings.Join(rebuilt, ""))
		}
	}
}
