//go:build unix

// Package hostile builds a repository of broken and hostile inputs for
// the tests of the scan. It has files in odd encodings, with odd line
// endings or names, special files, symbolic link loops, files too large
// to analyse, and files with planted findings among them. Some entries
// cannot live in git (named pipes, sockets, links out of the folder,
// names with a newline), so the tests build the folder at run time.
package hostile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// Finding is a finding the scan must report.
type Finding struct {
	File         string
	Line, Column int
	Rule         string
}

// Notice is a notice the scan must report. The tests compare the whole
// list, so each notice must appear exactly once.
type Notice struct {
	File       string
	Line       int
	Message    string
	Incomplete bool
}

// Repo is a built hostile repository and what a scan of it must report.
type Repo struct {
	// Root is the repository root; it holds an empty .git folder.
	Root string
	// Findings and Notices are sorted as the scan sorts them.
	Findings []Finding
	Notices  []Notice
	// Secrets are the token-looking literals planted in the source, which
	// no output may contain.
	Secrets []string
}

// Options choose the entries that need a privilege or that only some
// tests can check.
type Options struct {
	// Unreadable adds a file and a folder without read permission. A scan
	// run as root reads them anyway, so only a scan by another user can
	// check them.
	Unreadable bool
}

// The planted finding: a sign-out that ends this device's session only.
const (
	rule          = "localscopelogout"
	clientSetup   = "import { createClient } from '@supabase/supabase-js';\n\nconst supabase = createClient('https://example.supabase.co', 'public-anon-key');\n\n"
	plantedSource = clientSetup + "export async function logout() {\n  await supabase.auth.signOut({ scope: 'local' });\n}\n"
	// plantedLine and plantedColumn locate "scope" in plantedSource.
	plantedLine   = 6
	plantedColumn = 33
)

// JWT and SecretKey are the planted secrets: a structurally valid JWT with
// a made-up payload and signature, and a Supabase secret key of the
// documented shape with random characters.
const (
	JWT       = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.bm90LWEtcmVhbC1zaWduYXR1cmU"
	SecretKey = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"
)

// Nesting is the depth of the nested brackets and JSX elements.
const Nesting = 10000

// Build creates the hostile repository in a new temporary folder.
func Build(t testing.TB, opt Options) *Repo {
	t.Helper()
	b := &builder{t: t, repo: &Repo{Root: openTempDir(t), Secrets: []string{JWT, SecretKey}}}
	b.mkdir(".git")
	b.write("package.json", "{}\n")
	b.write(".gitignore", "ignored/\n")

	b.plantedFiles()
	b.encodingFiles()
	b.sizeFiles()
	b.specialFiles()
	b.linkFiles()
	if opt.Unreadable {
		b.unreadableFiles()
	}

	sort.Slice(b.repo.Findings, func(i, j int) bool {
		a, c := b.repo.Findings[i], b.repo.Findings[j]
		if a.File != c.File {
			return a.File < c.File
		}
		return a.Line < c.Line || a.Line == c.Line && a.Column < c.Column
	})
	sort.Slice(b.repo.Notices, func(i, j int) bool {
		a, c := b.repo.Notices[i], b.repo.Notices[j]
		if a.File != c.File {
			return a.File < c.File
		}
		return a.Line < c.Line || a.Line == c.Line && a.Message < c.Message
	})
	return b.repo
}

// openTempDir returns a new temporary folder that every user can read,
// so that a scan run as another user sees the same tree. The testing
// package creates its folders readable by their owner only.
func openTempDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type builder struct {
	t    testing.TB
	repo *Repo
}

func (b *builder) path(rel string) string {
	return filepath.Join(b.repo.Root, filepath.FromSlash(rel))
}

func (b *builder) mkdir(rel string) {
	b.t.Helper()
	if err := os.MkdirAll(b.path(rel), 0o755); err != nil {
		b.t.Fatal(err)
	}
}

func (b *builder) write(rel, content string) {
	b.t.Helper()
	b.mkdir(filepath.Dir(rel))
	if err := os.WriteFile(b.path(rel), []byte(content), 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *builder) finding(rel string, line, column int) {
	b.repo.Findings = append(b.repo.Findings, Finding{File: rel, Line: line, Column: column, Rule: rule})
}

func (b *builder) notice(rel string, line int, message string, incomplete bool) {
	b.repo.Notices = append(b.repo.Notices, Notice{File: rel, Line: line, Message: message, Incomplete: incomplete})
}

// plantedFiles writes files with findings: odd line endings, odd text
// before the finding, odd names, deep nesting and secrets.
func (b *builder) plantedFiles() {
	b.write("src/planted.ts", plantedSource)
	b.finding("src/planted.ts", plantedLine, plantedColumn)

	b.write("src/crlf.ts", strings.ReplaceAll(plantedSource, "\n", "\r\n"))
	b.finding("src/crlf.ts", plantedLine, plantedColumn)

	b.write("src/lone-cr.ts", strings.ReplaceAll(plantedSource, "\n", "\r"))
	b.finding("src/lone-cr.ts", plantedLine, plantedColumn)

	// Editors hide the byte-order mark and do not count it as a column.
	b.write("src/bom.ts", "\uFEFFexport const logout = () => supabase.auth.signOut({ scope: 'local' });\nimport { supabase } from './planted';\n")
	b.finding("src/bom.ts", 1, 53)

	// Each invalid byte counts as one column, as editors show one
	// replacement character for it.
	b.write("src/invalid-utf8.ts", strings.Replace(plantedSource, "  await", "  /*\xff\xfe*/ await", 1))
	b.finding("src/invalid-utf8.ts", plantedLine, plantedColumn+7)

	// "é" is one UTF-16 unit and "😀" two.
	b.write("src/non-ascii.ts", strings.Replace(plantedSource, "  await", "  /* é😀 */ await", 1))
	b.finding("src/non-ascii.ts", plantedLine, plantedColumn+10)

	for _, name := range []string{"src/odd names/a b#c%d é.ts", "src/new\nline.ts", "src/esc\x1b[31mred.ts", "src/tab\tand\rreturn.ts"} {
		b.write(name, plantedSource)
		b.finding(name, plantedLine, plantedColumn)
	}

	b.write("src/empty.ts", "")

	// The deep files put the planted function after the nesting, which
	// has one bracket or tag per line, so no line is over the limit for
	// minified code.
	deep := clientSetup + "export const deep =\n" + strings.Repeat("[\n", Nesting) + strings.Repeat("]\n", Nesting) + ";\n"
	b.write("src/deep-brackets.ts", deep+plantedSource[len(clientSetup):])
	b.finding("src/deep-brackets.ts", strings.Count(deep, "\n")+2, plantedColumn)
	deepJSX := clientSetup + "export const Deep = () => (\n" + strings.Repeat("<div>\n", Nesting) + strings.Repeat("</div>\n", Nesting) + ");\n"
	b.write("src/deep-jsx.tsx", deepJSX+plantedSource[len(clientSetup):])
	b.finding("src/deep-jsx.tsx", strings.Count(deepJSX, "\n")+2, plantedColumn)

	// Secrets in the flagged line and in the code the messages quote.
	secret := strings.Replace(clientSetup, "'public-anon-key'", "'"+JWT+"'", 1) +
		"export function forceLogout() {\n  localStorage.removeItem('sb-" + JWT + "-auth-token');\n}\n\n" +
		"export async function restore() {\n  const refresh = localStorage.getItem('refresh_token_" + SecretKey + "');\n" +
		"  await supabase.auth.setSession({ access_token: '" + JWT + "', refresh_token: refresh! });\n}\n\n" +
		"export async function logout() {\n  await supabase.auth.signOut({ scope: 'local' }); // " + SecretKey + "\n}\n"
	b.write("src/secret.ts", secret)
	b.repo.Findings = append(b.repo.Findings,
		Finding{File: "src/secret.ts", Line: 6, Column: 3, Rule: "clientonlylogout"},
		Finding{File: "src/secret.ts", Line: 11, Column: 9, Rule: "manualsetsession"},
		Finding{File: "src/secret.ts", Line: 15, Column: plantedColumn, Rule: rule})

	// Dependencies and ignored folders are not scanned at all.
	b.write("node_modules/lib/index.ts", plantedSource)
	b.write("ignored/planted.ts", plantedSource)
}

// encodingFiles writes files that are not UTF-8 text.
func (b *builder) encodingFiles() {
	b.write("src/binary.ts", "export const x = 1;\x00\x01\x02"+plantedSource)
	b.notice("src/binary.ts", 0, "not analysed: binary file (it contains NUL bytes)", false)

	b.write("src/utf16.ts", string(utf16LE(plantedSource, true)))
	b.notice("src/utf16.ts", 0, "not analysed: the file is UTF-16 encoded; save it as UTF-8 to have it checked", false)

	b.write("src/utf16-no-bom.ts", string(utf16LE(plantedSource, false)))
	b.notice("src/utf16-no-bom.ts", 0, "not analysed: the file is UTF-16 encoded without a byte-order mark; save it as UTF-8 to have it checked", false)
}

// utf16LE encodes ASCII text as UTF-16 little-endian.
func utf16LE(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xFF, 0xFE)
	}
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}

// MinifiedLine returns one line of minified-looking code of at least n
// bytes that holds the words the rules look for.
func MinifiedLine(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "var k%d=localStorage.getItem(\"k%d\");", i, i)
	}
	sb.WriteString("function out(){return supabase.auth.signOut({scope:\"local\"})}")
	return sb.String()
}

// sizeFiles writes files over the default limits: minified bundles of
// 100 kB and 5 MB on one line and a file of 3 MiB.
func (b *builder) sizeFiles() {
	bundle := MinifiedLine(100_000)
	b.write("src/bundle.js", bundle+"\n")
	b.notice("src/bundle.js", 1, fmt.Sprintf("not analysed: line 1 is %d bytes long, over the -max-line-length limit of 20000 bytes; "+
		"minified or generated code is skipped, raise the limit to check it", len(bundle)), false)

	// A minified bundle of 5 MB is skipped for its size before its lines
	// are looked at.
	minified := MinifiedLine(5_000_000) + "\n"
	b.write("src/min5mb.js", minified)
	b.notice("src/min5mb.js", 0, fmt.Sprintf("not analysed: the file is %d bytes, over the -max-file-size limit of 2097152 bytes; raise the limit to check it", len(minified)), false)

	huge := strings.Repeat(plantedSource, 3<<20/len(plantedSource)+1)
	b.write("src/huge.ts", huge)
	b.notice("src/huge.ts", 0, fmt.Sprintf("not analysed: the file is %d bytes, over the -max-file-size limit of 2097152 bytes; raise the limit to check it", len(huge)), false)
}

// specialFiles makes a named pipe, a socket and a device under source
// file names, and named pipes where the scan reads project files.
func (b *builder) specialFiles() {
	b.t.Helper()
	b.mkfifo("src/pipe.ts")
	b.notice("src/pipe.ts", 0, "not read: a named pipe, not a regular file", false)
	// Project files read beside the sources: a pipe in their place is
	// skipped without a notice, as a missing file is.
	for _, name := range []string{"tsconfig.json", "package-lock.json", "yarn.lock", "src/.gitignore"} {
		b.mkfifo(name)
	}
	b.mkfifo("ignored/pipe.ts")

	if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
		b.socket("src/socket.ts")
		b.notice("src/socket.ts", 0, "not read: a socket, not a regular file", false)
	}
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		// A character device like /dev/null (major 1, minor 3).
		if err := syscall.Mknod(b.path("src/device.ts"), syscall.S_IFCHR|0o644, 1<<8|3); err == nil {
			b.notice("src/device.ts", 0, "not read: a character device, not a regular file", false)
		}
	}
}

func (b *builder) mkfifo(rel string) {
	b.t.Helper()
	b.mkdir(filepath.Dir(rel))
	if err := syscall.Mkfifo(b.path(rel), 0o644); err != nil {
		b.t.Fatalf("mkfifo %s: %v", rel, err)
	}
}

// socket binds a Unix socket at rel and closes the descriptor, which
// leaves the socket file in place.
func (b *builder) socket(rel string) {
	b.t.Helper()
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		b.t.Fatalf("socket: %v", err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: b.path(rel)}); err != nil {
		b.t.Fatalf("bind %s: %v", rel, err)
	}
}

// linkFiles makes symbolic links: loops, links out of the repository,
// a broken link and a link to a planted file.
func (b *builder) linkFiles() {
	b.t.Helper()
	outside := openTempDir(b.t)
	if err := os.WriteFile(filepath.Join(outside, "outside.ts"), []byte(plantedSource), 0o644); err != nil {
		b.t.Fatal(err)
	}
	links := []struct {
		rel, target, message string
	}{
		{"src/loop", ".", "symbolic link to src, a folder that contains it; not followed"},
		{"src/nested/up", "../..", "symbolic link to the repository root, a folder that contains it; not followed"},
		{"src/loop-a.ts", "loop-b.ts", "symbolic link loop; not followed"},
		{"src/loop-b.ts", "loop-a.ts", "symbolic link loop; not followed"},
		{"src/outside.ts", filepath.Join(outside, "outside.ts"), "symbolic link to a path outside the repository root; not followed"},
		{"src/outside-dir", outside, "symbolic link to a path outside the repository root; not followed"},
		{"src/alias.ts", "planted.ts", "symbolic link to src/planted.ts; not followed, files are scanned under their own paths"},
		{"src/broken.ts", "missing.ts", "broken symbolic link; not followed"},
		{"src/readme.md", "planted.ts", ""}, // not a source file name: no notice
	}
	for _, l := range links {
		b.mkdir(filepath.Dir(l.rel))
		if err := os.Symlink(l.target, b.path(l.rel)); err != nil {
			b.t.Fatal(err)
		}
		if l.message != "" {
			b.notice(l.rel, 0, l.message, false)
		}
	}
}

// unreadableFiles makes a file and a folder that the scan cannot read.
func (b *builder) unreadableFiles() {
	b.t.Helper()
	b.write("src/locked.ts", plantedSource)
	b.write("src/locked-dir/inside.ts", plantedSource)
	for _, rel := range []string{"src/locked.ts", "src/locked-dir"} {
		if err := os.Chmod(b.path(rel), 0); err != nil {
			b.t.Fatal(err)
		}
	}
	b.t.Cleanup(func() {
		// t.TempDir cannot remove a folder it cannot list.
		_ = os.Chmod(b.path("src/locked-dir"), 0o755)
	})
	b.notice("src/locked.ts", 0, "cannot read: permission denied", true)
	b.notice("src/locked-dir", 0, "cannot read: permission denied", true)
}
