package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

// CodeKey is the key of sessionlint's own fingerprint in
// Finding.Fingerprints, in the JSON output and in SARIF
// result.partialFingerprints.
//
// Unlike PrimaryLocationLineHash, which hashes the text from the flagged
// line on, this fingerprint covers the flagged code itself and the name
// of the function around it. It therefore stays the same when code is
// added or removed elsewhere in the file, and changes when the flagged
// code changes. A baseline matches findings by it.
const CodeKey = "sessionlint/v1"

// CodeInput is what a code fingerprint covers.
type CodeInput struct {
	Rule string
	// File is the repository-relative path with forward slashes.
	File string
	// Code is the flagged source text, which Code normalises with
	// NormalizeCode.
	Code string
	// Function is the dotted name of the functions around the flagged
	// code, such as "AuthProvider.logout", or "" at module level.
	Function string
	// Occurrence counts the earlier findings of the file with the same
	// rule, code and function, from 1: it tells identical findings of
	// one function apart.
	Occurrence int
}

// Code returns the code fingerprint: 32 lowercase hexadecimal digits of
// the SHA-256 of the rule, path, function and normalised code, a colon
// and the occurrence number, such as "0f3c…9a:1".
func Code(in CodeInput) string {
	h := sha256.New()
	for _, part := range []string{"sessionlint/v1", in.Rule, in.File, in.Function, NormalizeCode(in.Code)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + ":" + strconv.Itoa(in.Occurrence)
}

// NormalizeCode removes every white-space character from code, so that
// re-indenting, re-wrapping or reformatting the flagged code (prettier,
// an editor) keeps its fingerprint.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
}
