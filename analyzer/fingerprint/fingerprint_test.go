package fingerprint

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sessionlint/sessionlint/analyzer/srcfile"
)

// The expected hashes below were computed by hand from the closed form of
// the line hash, not with this package:
//
//	hash(line) = sum of u[k] * 37^(99-k) for k = 0..99, modulo 2^64
//
// where u is the normalized code unit sequence from the line's first unit
// on (spaces, tabs and the LF of a CRLF dropped, CR turned into LF),
// followed by the end marker 65535 and then zeros. The products were
// evaluated with arbitrary-precision integers, for example in Python:
//
//	hex(sum(u * pow(37, 99 - k, 2**64) for k, u in enumerate(units)) % 2**64)
const (
	// Empty last line: u = [65535], so hash = 65535 * 37^99 mod 2^64.
	hashEOF = "c129715d7a2bc9a3"
	// Line "a" followed by line "b": u = ['a'=97, '\n'=10, 'b'=98, 65535],
	// hash = 97*37^99 + 10*37^98 + 98*37^97 + 65535*37^96 mod 2^64.
	hashAThenB = "c74339777b6a2c60"
	// Last line "b": u = [98, 65535], hash = 98*37^99 + 65535*37^98.
	hashBLast = "8ee5a81e681643c1"
	// Line "a" followed by a final line break: u = [97, 10, 65535],
	// hash = 97*37^99 + 10*37^98 + 65535*37^97.
	hashAThenEOF = "243cbaa4685aab12"
	// A line of 100 'y' (121): the block holds only 'y', so
	// hash = 121 * (37^99 + ... + 37^0) = 121 * (37^100 - 1) / 36 mod 2^64.
	hashHundredY = "cadd4b5b9d92c51c"
	// "é" (U+00E9, one UTF-16 unit) then a line break:
	// u = [0xE9, 10, 65535].
	hashEAcute = "46b47b20627f8c7a"
	// "😀" (U+1F600) is the surrogate pair D83D DE00:
	// u = [0xD83D, 0xDE00, 65535].
	hashEmoji = "56e41eb4cc943584"
	// The invalid byte FF decodes to U+FFFD: u = [0xFFFD, 65535].
	hashReplacement = "8989dec65f08d110"
	// E2 82 is a truncated three-byte sequence, so it decodes to a single
	// U+FFFD before 'A': u = [0xFFFD, 0x41, 65535].
	hashTruncatedThenA = "cf2096991e7b7a5d"
)

func TestLineHashes(t *testing.T) {
	hundredY := strings.Repeat("y", 100)
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{"empty file", "", []string{hashEOF + ":1"}},
		{"LF", "a\nb", []string{hashAThenB + ":1", hashBLast + ":1"}},
		{"CRLF", "a\r\nb", []string{hashAThenB + ":1", hashBLast + ":1"}},
		{"lone CR", "a\rb", []string{hashAThenB + ":1", hashBLast + ":1"}},
		{"spaces and tabs dropped", " a \r\n\t b\t", []string{hashAThenB + ":1", hashBLast + ":1"}},
		{"final LF", "a\n", []string{hashAThenEOF + ":1", hashEOF + ":1"}},
		{"final CRLF", "a\r\n", []string{hashAThenEOF + ":1", hashEOF + ":1"}},
		{"final lone CR", "a\r", []string{hashAThenEOF + ":1", hashEOF + ":1"}},
		{
			// Both long lines hash only their own 100 'y', so the second
			// one gets the count 2.
			"duplicate lines", hundredY + "\n" + hundredY + "\n",
			[]string{hashHundredY + ":1", hashHundredY + ":2", hashEOF + ":1"},
		},
		{
			"duplicate lines CRLF", hundredY + "\r\n" + hundredY + "\r\n",
			[]string{hashHundredY + ":1", hashHundredY + ":2", hashEOF + ":1"},
		},
		{"non-ASCII", "é\n", []string{hashEAcute + ":1", hashEOF + ":1"}},
		{"surrogate pair", "😀", []string{hashEmoji + ":1"}},
		{"invalid byte", "\xff", []string{hashReplacement + ":1"}},
		{"truncated sequence", "\xe2\x82A", []string{hashTruncatedThenA + ":1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LineHashes([]byte(tt.content))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LineHashes(%q) = %q, want %q", tt.content, got, tt.want)
			}
		})
	}
}

func TestLineHashesCountMatchesEditorLines(t *testing.T) {
	inputs := []string{
		"", "x", "x\n", "\n\n", "a\r\n\r\nb", "a\r\rb\n", "\r \n", " \t ", "a\n\r\n\rb\r\n",
	}
	for _, content := range inputs {
		got := len(LineHashes([]byte(content)))
		want := srcfile.NewLines([]byte(content)).Count()
		if got != want {
			t.Errorf("LineHashes(%q) has %d lines, srcfile counts %d", content, got, want)
		}
	}
}

func TestLineHashesBlockLimit(t *testing.T) {
	// A line hash covers 100 units, so text after the 100th unit of a
	// line changes neither that line's hash nor the count suffix.
	base := strings.Repeat("k", 100)
	first := LineHashes([]byte(base + "first"))
	second := LineHashes([]byte(base + "second"))
	if first[0] != second[0] {
		t.Errorf("hash of line 1 depends on unit 101: %q != %q", first[0], second[0])
	}

	// A change within the first 100 units changes the hash.
	changed := LineHashes([]byte(strings.Repeat("k", 99) + "j"))
	if changed[0] == first[0] {
		t.Errorf("hash of line 1 ignores unit 100: both %q", first[0])
	}
}

// TestLineHashesSARIFFixture checks a CRLF file with non-ASCII text and a
// surrogate pair against hashes computed outside this package. For line
// 5 the 100 normalized units run from "constgrüße=" (the emoji as
// D83D DC4B) through the CRLF, read as one LF, to the ";" that ends line
// 6. Horner's rule over them, h = h*37 + unit modulo 2^64, ends at
// 0xe13abe19b095fec1; the line 11 value was computed the same way.
func TestLineHashesSARIFFixture(t *testing.T) {
	content, err := os.ReadFile("../../fixtures/sarif/src/Abmeldung für alle #1.ts")
	if err != nil {
		t.Fatal(err)
	}
	hashes := LineHashes(content)
	if len(hashes) != 14 {
		t.Fatalf("got %d line hashes, want 14", len(hashes))
	}
	if hashes[4] != "e13abe19b095fec1:1" {
		t.Errorf("line 5 hash = %q, want e13abe19b095fec1:1", hashes[4])
	}
	if hashes[10] != "da101adce7a09b40:1" {
		t.Errorf("line 11 hash = %q, want da101adce7a09b40:1", hashes[10])
	}
	if hashes[13] != hashEOF+":1" {
		t.Errorf("last line hash = %q, want the empty last line %s:1", hashes[13], hashEOF)
	}
}
