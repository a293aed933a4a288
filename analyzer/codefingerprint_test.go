package analyzer

import (
	"go/token"
	"regexp"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/fingerprint"
	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

// parseForTest parses src as the file name with a fresh parser.
func parseForTest(t *testing.T, name, src string) *tsparse.File {
	t.Helper()
	p := tsparse.NewParser()
	t.Cleanup(p.Close)
	content := []byte(src)
	tok := token.NewFileSet().AddFile(name, -1, len(content))
	f, err := p.Parse(name, content, tok, srcfile.NewLines(content))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Tree.Close)
	if len(f.Errors) > 0 {
		t.Fatalf("%s has a syntax error on line %d", name, f.Errors[0].Line)
	}
	return f
}

// markerRE matches the markers /*N*/ of scopeSource.
var markerRE = regexp.MustCompile(`/\*(\d+)\*/`)

const scopeSource = `export function outer() {
  const inner = async () => { /*1*/ call(); };
  useEffect(() => { /*2*/ x(); }, []);
  const logout = useCallback(async () => { /*3*/ y(); }, []);
  return <button onClick={async () => { /*4*/ z(); }} />;
}
class AuthStore {
  async signOut() { /*5*/ w(); }
  handler = () => { /*6*/ v(); };
}
const api = { logout: async () => { /*7*/ u(); }, "quoted-key": function () { /*8*/ } };
/*9*/ top();
export default async () => { /*10*/ };
window.onLogout = () => { /*11*/ };
promise.then(function named() { /*12*/ });
`

func TestEnclosingFunctionName(t *testing.T) {
	f := parseForTest(t, "src/scopes.tsx", scopeSource)
	want := map[string]string{
		"1":  "outer.inner",
		"2":  "outer.useEffect()",
		"3":  "outer.logout",
		"4":  "outer.onClick",
		"5":  "AuthStore.signOut",
		"6":  "AuthStore.handler",
		"7":  "logout",
		"8":  "quoted-key",
		"9":  "",
		"10": "default",
		"11": "window.onLogout",
		"12": "named",
	}
	markers := markerRE.FindAllStringSubmatchIndex(scopeSource, -1)
	if len(markers) != len(want) {
		t.Fatalf("found %d markers, want %d", len(markers), len(want))
	}
	for _, m := range markers {
		id := scopeSource[m[2]:m[3]]
		// The span is the marker comment itself.
		if got := enclosingFunctionName(f, m[0], m[1]); got != want[id] {
			t.Errorf("marker %s: enclosing function = %q, want %q", id, got, want[id])
		}
	}
}

func TestEnclosingFunctionNameTOMLTable(t *testing.T) {
	src := "[api]\nport = 54321\n\n[auth]\nenable_refresh_token_rotation = false\n"
	f := parseForTest(t, "supabase/config.toml", src)
	at := strings.Index(src, "false")
	if got := enclosingFunctionName(f, at, at+len("false")); got != "[auth]" {
		t.Errorf("enclosing name = %q, want %q", got, "[auth]")
	}
}

// TestCodeFingerprintsCountOccurrences checks that identical findings of
// one function get occurrence numbers in file order, and that the count
// covers candidates and decided findings together.
func TestCodeFingerprintsCountOccurrences(t *testing.T) {
	src := "async function logout() {\n  localStorage.clear();\n  localStorage.clear();\n}\nasync function other() {\n  localStorage.clear();\n}\n"
	f := parseForTest(t, "src/a.ts", src)
	var offsets []int
	for i := 0; ; {
		j := strings.Index(src[i:], "localStorage.clear()")
		if j < 0 {
			break
		}
		offsets = append(offsets, i+j)
		i += j + 1
	}
	finding := func(off int) Finding {
		fd := Finding{Rule: "clientonlylogout", Range: Range{File: "src/a.ts"}}
		fd.Start.Offset, fd.End.Offset = off, off+len("localStorage.clear()")
		return fd
	}
	// The second call of logout arrives as a candidate, the others as
	// findings; the order of the slices must not matter.
	findings := []Finding{finding(offsets[2]), finding(offsets[0])}
	pend := []pending{{finding: finding(offsets[1])}}
	addCodeFingerprints(f, findings, pend)

	code := func(fn string, n int) string {
		return fingerprint.Code(fingerprint.CodeInput{Rule: "clientonlylogout", File: "src/a.ts",
			Code: "localStorage.clear()", Function: fn, Occurrence: n})
	}
	checks := []struct {
		name string
		got  string
		want string
	}{
		{"first call in logout", findings[1].Fingerprints[fingerprint.CodeKey], code("logout", 1)},
		{"second call in logout", pend[0].finding.Fingerprints[fingerprint.CodeKey], code("logout", 2)},
		{"call in other", findings[0].Fingerprints[fingerprint.CodeKey], code("other", 1)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: fingerprint = %q, want %q", c.name, c.got, c.want)
		}
	}
}
