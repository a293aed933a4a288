package authconfig

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
	"github.com/sessionlint/sessionlint/analyzer/tsparse"
)

func parse(t *testing.T, src string) *tsparse.File {
	t.Helper()
	p := tsparse.NewParser()
	defer p.Close()
	fset := token.NewFileSet()
	tok := fset.AddFile("supabase/config.toml", -1, len(src))
	f, err := p.Parse("supabase/config.toml", []byte(src), tok, srcfile.NewLines([]byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReadEnvironments(t *testing.T) {
	src := `enable_refresh_token_rotation = false
auth.refresh_token_reuse_interval = 1_0

[auth]
enable_refresh_token_rotation = true
site_url = "http://localhost:3000"

[auth.sessions]
timebox = "24h"

[remotes.staging.auth]
refresh_token_reuse_interval = 0x1e
sessions = { inactivity_timeout = '8h' }

[remotes.preview]
auth.enable_refresh_token_rotation = false

[db]
refresh_token_reuse_interval = 90
`
	f := parse(t, src)
	defer f.Close()
	var got []string
	for _, s := range Read(f) {
		got = append(got, fmt.Sprintf("%s|%s=%s(%s)@%d %q", s.Env, s.Key, s.Value, s.Type, s.Line, src[s.Start:s.End]))
	}
	want := []string{
		`|refresh_token_reuse_interval=10(integer)@2 "1_0"`,
		`|enable_refresh_token_rotation=true(boolean)@5 "true"`,
		`|sessions.timebox=24h(string)@9 "\"24h\""`,
		`staging|refresh_token_reuse_interval=0x1e(integer)@12 "0x1e"`,
		`staging|sessions.inactivity_timeout=8h(string)@13 "'8h'"`,
		`preview|enable_refresh_token_rotation=false(boolean)@16 "false"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("settings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestInt(t *testing.T) {
	f := parse(t, "[auth]\nrefresh_token_reuse_interval = 0x1e\n")
	defer f.Close()
	settings := Read(f)
	if len(settings) != 1 {
		t.Fatalf("%d settings, want 1", len(settings))
	}
	if n, ok := Int(settings[0]); !ok || n != 30 {
		t.Errorf("Int = %d, %v; want 30, true", n, ok)
	}
}
