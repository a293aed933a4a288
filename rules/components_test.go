package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer"
	"github.com/sessionlint/sessionlint/analyzer/analyzertest"
	"github.com/sessionlint/sessionlint/rules"
)

// TestComponentFixtures runs every rule over Vue, Svelte and Astro apps.
func TestComponentFixtures(t *testing.T) {
	analyzertest.Run(t, "../fixtures/sfc", rules.All())
}

func scanComponents(t *testing.T) *analyzer.Result {
	t.Helper()
	res, err := analyzer.Run(analyzer.Config{Paths: []string{"../fixtures/sfc"}, Rules: rules.All(), Jobs: 2})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return res
}

func findingAt(t *testing.T, res *analyzer.Result, file, rule string, line int) analyzer.Finding {
	t.Helper()
	for _, f := range res.Findings {
		if f.File == file && f.Rule == rule && f.Start.Line == line {
			return f
		}
	}
	t.Fatalf("no %s finding on %s:%d", rule, file, line)
	return analyzer.Finding{}
}

// TestComponentPositions checks that findings in script blocks and in
// template handlers point at the flagged code of the component file:
// editor lines, UTF-16 columns and byte offsets.
func TestComponentPositions(t *testing.T) {
	res := scanComponents(t)
	cases := []struct {
		file, rule string
		line       int
		start, end int // UTF-16 columns
		text       string
	}{
		// A template handler: the scope option inside the attribute value.
		{"vue/components/AccountMenu.vue", "localscopelogout", 4, 59, 73, "scope: 'local'"},
		// A <script setup> block indented with tabs.
		{"vue/components/AccountMenu.vue", "localscopelogout", 13, 33, 47, "scope: 'local'"},
		// The second of two script blocks.
		{"vue/pages/settings.vue", "credentialchange", 11, 27, 81, "supabase.auth.updateUser({ password: password.value })"},
		// "Vergiß 🔑" before the handler: ß is one UTF-16 unit in two
		// bytes, the key emoji two units in four bytes.
		{"svelte/src/routes/+layout.svelte", "clientonlylogout", 40, 48, 68, "localStorage.clear()"},
		// The instance script after a context="module" block.
		{"svelte/src/routes/+layout.svelte", "duplicatetokenstorage", 15, 20, 78, "localStorage.setItem('access_token', session.access_token)"},
		// A client <script> in the markup, after the frontmatter.
		{"astro/src/pages/index.astro", "localscopelogout", 18, 39, 53, "scope: 'local'"},
		// An is:inline script called from an onclick string.
		{"astro/src/pages/index.astro", "clientonlylogout", 24, 9, 29, "localStorage.clear()"},
	}
	for _, c := range cases {
		file := "fixtures/sfc/" + c.file
		f := findingAt(t, res, file, c.rule, c.line)
		if f.Start.Column != c.start || f.End.Line != c.line || f.End.Column != c.end {
			t.Errorf("%s:%d %s: got %d:%d-%d:%d, want %d:%d-%d:%d", c.file, c.line, c.rule,
				f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, c.line, c.start, c.line, c.end)
		}
		content := readFixture(t, file)
		if got := string(content[f.Start.Offset:f.End.Offset]); got != c.text {
			t.Errorf("%s:%d %s: flagged text %q, want %q", c.file, c.line, c.rule, got, c.text)
		}
	}
}

// TestComponentFixes applies the suggested fix of findings in components
// and compares the fixed lines.
func TestComponentFixes(t *testing.T) {
	res := scanComponents(t)
	cases := []struct {
		file, rule string
		line       int
		// from and to are the 1-based lines of the fixed file to compare.
		from, to int
		want     string
	}{
		{"vue/components/AccountMenu.vue", "localscopelogout", 4, 4, 4,
			`    <button class="quiet" @click="supabase.auth.signOut()">Leave</button>`},
		{"vue/components/AccountMenu.vue", "localscopelogout", 13, 13, 13,
			"\t\tawait supabase.auth.signOut()"},
		{"vue/pages/settings.vue", "credentialchange", 11, 12, 14,
			"  if (error) throw error\n" +
				"  const { error: signOutError } = await supabase.auth.signOut({ scope: 'others' })\n" +
				"  if (signOutError) throw signOutError"},
		{"svelte/src/routes/+layout.svelte", "clientonlylogout", 25, 24, 27,
			"  async function logout() {\n" +
				"    await supabase.auth.signOut()\n" +
				"    localStorage.removeItem('sb-abcdefghijklmnop-auth-token')\n" +
				"    await goto('/login')"},
		{"astro/src/pages/index.astro", "localscopelogout", 18, 18, 18,
			"        await supabase.auth.signOut()"},
	}
	for _, c := range cases {
		file := "fixtures/sfc/" + c.file
		f := findingAt(t, res, file, c.rule, c.line)
		if len(f.Fixes) != 1 {
			t.Errorf("%s:%d %s: got %d fixes, want 1", c.file, c.line, c.rule, len(f.Fixes))
			continue
		}
		fixed := analyzertest.ApplyEdits(readFixture(t, file), f.Fixes[0].Edits)
		lines := strings.Split(fixed, "\n")
		if c.to > len(lines) {
			t.Errorf("%s: the fixed file has %d lines, want at least %d", c.file, len(lines), c.to)
			continue
		}
		got := strings.Join(lines[c.from-1:c.to], "\n")
		// The want markers at the end of fixture lines are left out.
		got = stripMarkers(got)
		if got != c.want {
			t.Errorf("%s:%d %s: fixed lines\n%s\nwant\n%s", c.file, c.line, c.rule, got, c.want)
		}
	}
}

func readFixture(t *testing.T, file string) []byte {
	t.Helper()
	content, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return content
}

// stripMarkers removes trailing `// want` and `<!-- want` comments.
func stripMarkers(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		for _, m := range []string{" // want ", " <!-- want "} {
			if k := strings.Index(l, m); k >= 0 {
				l = l[:k]
			}
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// TestComponentSuppression checks that a directive in a script block
// silences the finding on the next line, and where the directive sits.
func TestComponentSuppression(t *testing.T) {
	res := scanComponents(t)
	f := findingAt(t, res, "fixtures/sfc/vue/components/KioskMenu.vue", "localscopelogout", 5)
	if f.Suppression == nil {
		t.Fatal("the finding is not suppressed")
	}
	if got, want := f.Suppression.Justification, "a kiosk shares one account on purpose"; got != want {
		t.Errorf("justification: got %q, want %q", got, want)
	}
	d := f.Suppression.Directive
	if d.Start.Line != 4 || d.Start.Column != 2 || d.End.Line != 4 || d.End.Column != 81 {
		t.Errorf("directive: got %d:%d-%d:%d, want 4:2-4:81", d.Start.Line, d.Start.Column, d.End.Line, d.End.Column)
	}
}
