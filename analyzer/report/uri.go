package report

import (
	"path/filepath"
	"strings"
)

// relativeURI returns the relative URI reference of a repository-relative
// path: "./" prefixes removed and every byte outside the RFC 3986 path
// characters percent-encoded, so "src/my file#1.ts" becomes
// "src/my%20file%231.ts" and "ü.ts" becomes "%C3%BC.ts". A colon is
// encoded as well, because "a:b.ts" would otherwise parse as a URI with
// the scheme "a".
func relativeURI(p string) string {
	for strings.HasPrefix(p, "./") {
		p = strings.TrimLeft(p[2:], "/")
	}
	return escapeURIPath(p, false)
}

// fileURI returns the file URI of an absolute path, or "" when the path is
// not absolute. With directory set, the URI ends in a slash, as SARIF
// requires for a uriBaseId. Windows drive and UNC paths become
// "file:///C:/dir" and "file://server/share/dir".
func fileURI(p string, directory bool) string {
	p = filepath.ToSlash(p)
	var uri string
	switch {
	case strings.HasPrefix(p, "//"):
		// A UNC path: the server name is the URI authority.
		uri = "file:" + escapeURIPath(p, true)
	case strings.HasPrefix(p, "/"):
		uri = "file://" + escapeURIPath(p, true)
	case len(p) >= 3 && isASCIILetter(p[0]) && p[1] == ':' && p[2] == '/':
		uri = "file:///" + escapeURIPath(p, true)
	default:
		return ""
	}
	if directory && !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// escapeURIPath percent-encodes every byte of p that RFC 3986 does not
// allow in a path: unreserved characters, sub-delimiters, "@", "/" and,
// with keepColon, ":" stay as they are.
func escapeURIPath(p string, keepColon bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isURIPathByte(c) || (c == ':' && keepColon) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0F])
	}
	return b.String()
}

func isURIPathByte(c byte) bool {
	switch {
	case isASCIILetter(c), c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~', // unreserved
		'!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', // sub-delims
		'@', '/':
		return true
	}
	return false
}
