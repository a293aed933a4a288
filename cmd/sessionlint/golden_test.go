package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite the golden files of the sample app")

// TestSampleAppGolden builds the binary, scans fixtures/sampleapp from
// the repository root in every format and compares the output with the
// golden files in testdata.
func TestSampleAppGolden(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "sessionlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			cmd := exec.Command(bin, "-format", format, "-j", "3", "fixtures/sampleapp")
			cmd.Dir = root
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("exit status: %v, want 1 (findings)\nstderr:\n%s", err, stderr.String())
			}
			got := normaliseVersion(normaliseRoot(stdout.String(), root))
			golden := filepath.Join("testdata", "sampleapp."+format)
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (rerun with -update-golden after checking the change):\n%s", golden, firstDiff(got, string(want)))
			}
		})
	}
}

// srcRootURI matches the SRCROOT base URI of a SARIF log, the file URI
// of the checkout, whose percent-encoding depends on the checkout path.
var srcRootURI = regexp.MustCompile(`("SRCROOT": \{\s*"uri": ")file:[^"]*(")`)

// normaliseRoot replaces the checkout's location, which SARIF records
// as the SRCROOT base URI, with a fixed placeholder.
func normaliseRoot(s, root string) string {
	s = srcRootURI.ReplaceAllString(s, "${1}file:///CHECKOUT/${2}")
	return strings.ReplaceAll(s, root, "/CHECKOUT")
}

// normaliseVersion replaces the sessionlint version in the JSON
// tool.version and the SARIF tool.driver.semanticVersion with a fixed
// placeholder, so that a release does not change the golden files.
func normaliseVersion(s string) string {
	s = strings.ReplaceAll(s, `"semanticVersion": "`+version+`"`, `"semanticVersion": "VERSION"`)
	return strings.ReplaceAll(s, `"version": "`+version+`"`, `"version": "VERSION"`)
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
