package autofix

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// diffContext is the number of unchanged lines shown around each change,
// as in diff -u and git diff.
const diffContext = 3

// WriteDiff writes the change as a unified diff with "a/" and "b/" path
// prefixes, which `git apply` and `patch -p1` accept from the repository
// root. It writes nothing when the contents are equal.
func WriteDiff(w io.Writer, c Change) error {
	oldLines, newLines := splitLines(c.Old), splitLines(c.New)
	ops := diffLines(oldLines, newLines)
	hunks := groupHunks(ops)
	if len(hunks) == 0 {
		return nil
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "--- a/%s\n+++ b/%s\n", c.File, c.File)
	for _, h := range hunks {
		writeHunk(&buf, h, oldLines, newLines)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// splitLines splits content after each LF and keeps the terminators. A
// final line without one is kept as it is. CR bytes stay part of their
// line, so CRLF files round-trip.
func splitLines(content []byte) []string {
	var lines []string
	for len(content) > 0 {
		i := bytes.IndexByte(content, '\n')
		if i < 0 {
			lines = append(lines, string(content))
			break
		}
		lines = append(lines, string(content[:i+1]))
		content = content[i+1:]
	}
	return lines
}

// opKind is the kind of one line of an edit script.
type opKind int

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// op is one line of an edit script: a line of old (opEqual, opDelete)
// or of new (opInsert), with its index in each.
type op struct {
	kind     opKind
	old, new int
}

// diffLines returns a shortest edit script from a to b, computed with
// Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its
// Variations", 1986) after stripping the common prefix and suffix.
// Deletions come before insertions within a change.
func diffLines(a, b []string) []op {
	prefix := 0
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}

	var ops []op
	for i := 0; i < prefix; i++ {
		ops = append(ops, op{opEqual, i, i})
	}
	ops = append(ops, myers(a[prefix:len(a)-suffix], b[prefix:len(b)-suffix], prefix)...)
	for k := suffix; k > 0; k-- {
		ops = append(ops, op{opEqual, len(a) - k, len(b) - k})
	}
	return ops
}

// myers returns the edit script from a to b, whose indexes are shifted
// by offset. Its memory grows with D*(len(a)+len(b)), D being the number
// of changed lines, which stays small for fixes.
func myers(a, b []string, offset int) []op {
	n, m := len(a), len(b)
	maxD := n + m
	if maxD == 0 {
		return nil
	}
	v := make([]int, 2*maxD+1)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		snapshot := make([]int, len(v))
		copy(snapshot, v)
		trace = append(trace, snapshot)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[maxD+k-1] < v[maxD+k+1]) {
				x = v[maxD+k+1] // move down: insert b[y]
			} else {
				x = v[maxD+k-1] + 1 // move right: delete a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[maxD+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}

	// Walk the trace back from (n, m) to (0, 0).
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[maxD+k-1] < vd[maxD+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[maxD+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{opEqual, offset + x, offset + y})
		}
		if d == 0 {
			break
		}
		if x == prevX {
			y--
			rev = append(rev, op{opInsert, offset + x, offset + y})
		} else {
			x--
			rev = append(rev, op{opDelete, offset + x, offset + y})
		}
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}

// hunk is a range of the edit script shown together.
type hunk struct {
	ops []op
}

// groupHunks splits the edit script into hunks of changes with up to
// diffContext unchanged lines around them. Changes closer than twice
// that share a hunk.
func groupHunks(ops []op) []hunk {
	var hunks []hunk
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == opEqual {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-diffContext, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != opEqual {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == opEqual {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(end+diffContext, len(ops))
				break
			}
			end = run
		}
		hunks = append(hunks, hunk{ops: ops[start:end]})
		i = end
	}
	return hunks
}

// writeHunk writes one hunk with its "@@ -l,s +l,s @@" header.
func writeHunk(buf *bytes.Buffer, h hunk, oldLines, newLines []string) {
	oldStart, newStart := -1, -1
	oldCount, newCount := 0, 0
	for _, o := range h.ops {
		if o.kind != opInsert {
			if oldStart < 0 {
				oldStart = o.old
			}
			oldCount++
		}
		if o.kind != opDelete {
			if newStart < 0 {
				newStart = o.new
			}
			newCount++
		}
	}
	fmt.Fprintf(buf, "@@ -%s +%s @@\n", hunkRange(oldStart, oldCount, h.ops[0].old), hunkRange(newStart, newCount, h.ops[0].new))
	for _, o := range h.ops {
		switch o.kind {
		case opEqual:
			writeLine(buf, ' ', oldLines[o.old])
		case opDelete:
			writeLine(buf, '-', oldLines[o.old])
		case opInsert:
			writeLine(buf, '+', newLines[o.new])
		}
	}
}

// hunkRange formats the "l,s" part of a hunk header. An empty range is
// written with the line before it, as diff -u does.
func hunkRange(start, count, fallback int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", fallback)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// writeLine writes one diff line. A line without a final LF gets the
// "\ No newline at end of file" marker.
func writeLine(buf *bytes.Buffer, prefix byte, line string) {
	buf.WriteByte(prefix)
	buf.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		buf.WriteString("\n\\ No newline at end of file\n")
	}
}
