package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestByteSizeSet(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"2097152", 2 << 20},
		{"2MiB", 2 << 20},
		{"2 mib", 2 << 20},
		{"512KiB", 512 << 10},
		{"1GiB", 1 << 30},
		{"5MB", 5_000_000},
		{"100kb", 100_000},
		{"42B", 42},
	}
	for _, c := range cases {
		var b byteSize
		if err := b.Set(c.in); err != nil {
			t.Errorf("Set(%q) = %v, want %d", c.in, err, c.want)
			continue
		}
		if int64(b) != c.want {
			t.Errorf("Set(%q) = %d, want %d", c.in, int64(b), c.want)
		}
	}
	for _, in := range []string{"", "-1", "2TB", "MiB", "1.5MiB", "99999999999999GiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, int64(b))
		}
	}
}

func TestByteSizeString(t *testing.T) {
	for _, c := range []struct {
		size int64
		want string
	}{{2 << 20, "2MiB"}, {1536, "1536"}, {3 << 10, "3KiB"}, {1 << 30, "1GiB"}, {1000, "1000"}, {0, "0"}} {
		b := byteSize(c.size)
		if got := b.String(); got != c.want {
			t.Errorf("String(%d) = %q, want %q", c.size, got, c.want)
		}
	}
}

func TestRunInputLimitFlags(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/auth.ts": localScopeLogout})

	status, _, stderr := runCommand(t, "-max-file-size", "100", dir)
	if status != exitClean {
		t.Errorf("-max-file-size 100: exit status %d, want %d", status, exitClean)
	}
	want := fmt.Sprintf("src/auth.ts: notice: not analysed: the file is %d bytes, over the -max-file-size limit of 100 bytes; raise the limit to check it\n", len(localScopeLogout))
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr = %q, want it to start with %q", stderr, want)
	}

	status, _, stderr = runCommand(t, "-max-line-length", "40", dir)
	if status != exitClean {
		t.Errorf("-max-line-length 40: exit status %d, want %d", status, exitClean)
	}
	longest := strings.Split(localScopeLogout, "\n")[2]
	want = fmt.Sprintf("src/auth.ts:3: notice: not analysed: line 3 is %d bytes long, over the -max-line-length limit of 40 bytes; "+
		"minified or generated code is skipped, raise the limit to check it\n", len(longest))
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr = %q, want it to start with %q", stderr, want)
	}

	status, stdout, _ := runCommand(t, "-max-file-size", "0", "-max-line-length", "0", dir)
	if status != exitFindings || !strings.Contains(stdout, "(localscopelogout)") {
		t.Errorf("limits off: exit status %d, stdout %q; want the finding", status, stdout)
	}
}

func TestRunInputLimitFlagErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-max-file-size", "lots"}, `invalid value "lots" for flag -max-file-size: use a number of bytes such as 2097152 or 2MiB, or 0 for no limit`},
		{[]string{"-max-line-length", "-1"}, "sessionlint: invalid -max-line-length -1: use a number of bytes, or 0 for no limit"},
	}
	for _, c := range cases {
		status, _, stderr := runCommand(t, c.args...)
		if status != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", c.args, status, stderr, exitError, c.want)
		}
	}
}

func TestRunMissingPathMessage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	status, _, stderr := runCommand(t, missing)
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if want := "sessionlint: " + missing + ": no such file or directory\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestRunErrorEscapesControlCharacters(t *testing.T) {
	name := "evil\x1b]0;title\x07\nname.ts"
	missing := filepath.Join(t.TempDir(), name)
	status, _, stderr := runCommand(t, missing)
	if status != exitError {
		t.Errorf("exit status = %d, want %d", status, exitError)
	}
	if strings.ContainsAny(stderr[:len(stderr)-1], "\x1b\x07\n") {
		t.Errorf("stderr = %q holds raw control characters", stderr)
	}
	if !strings.Contains(stderr, `evil\x1b]0;title\x07\nname.ts: no such file or directory`) {
		t.Errorf("stderr = %q, want the escaped path", stderr)
	}
}
