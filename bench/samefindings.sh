#!/usr/bin/env bash
# Checks that sessionlint reports the same findings with and without the
# prefilter, and with one and two workers, on each checkout named.
#
# Usage: bench/samefindings.sh CHECKOUT...
#
# The findings are compared as sessionlint's text output. Notices go to
# stderr and are not compared: a file the prefilter never parses gets no
# notice about its syntax errors. Exits with status 1 at the first
# checkout whose findings differ.
set -euo pipefail

if (($# == 0)); then
	echo "usage: bench/samefindings.sh CHECKOUT..." >&2
	exit 2
fi
for checkout in "$@"; do
	if [[ ! -d $checkout ]]; then
		echo "error: $checkout is not a folder; name the checkouts to compare" >&2
		exit 2
	fi
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/sessionlint" ./cmd/sessionlint)

# findings writes the findings of one run to a file; status 1 means
# findings and 2 an incomplete scan, which still prints them.
findings() {
	local out=$1
	shift
	local status=0
	"$tmp/sessionlint" -no-cache "$@" >"$out" 2>"$out.stderr" || status=$?
	if ((status > 2)); then
		echo "error: sessionlint $* exited with status $status" >&2
		cat "$out.stderr" >&2
		exit 1
	fi
}

for checkout in "$@"; do
	findings "$tmp/default.txt" -stats "$checkout"
	findings "$tmp/no-prefilter.txt" -no-prefilter "$checkout"
	findings "$tmp/j1.txt" -j 1 "$checkout"
	for other in no-prefilter j1; do
		if ! diff -u "$tmp/default.txt" "$tmp/$other.txt"; then
			echo "error: $checkout: the findings with $other differ from the default scan" >&2
			exit 1
		fi
	done
	echo "$checkout: $(grep -c -v '^ ' "$tmp/default.txt" || true) findings, the same with -no-prefilter and -j 1;" \
		"$(grep '^sessionlint: .* files found' "$tmp/default.txt.stderr" | sed 's/^sessionlint: //')"
done
