#!/usr/bin/env bash
# Times sessionlint side by side with a read-and-parse baseline, ast-grep
# and ESLint on one checkout, and prints the ratios of the medians.
#
# Usage: bench/compare.sh [-r RUNS] [-c COPIES] [-s] CHECKOUT
#
#   -r RUNS    timed runs per tool (default 10; ESLint gets at most 3)
#   -c COPIES  scan a folder holding COPIES copies of CHECKOUT instead
#              (built once under the cache folder)
#   -s         skip ESLint (neither installed nor run), which takes 13 to
#              50 seconds per run on the monorepos in docs/performance.md
#
# The tools:
#   readparse    bench/readparse: discovers, reads and prefilters the
#                files as sessionlint does and parses the files that
#                pass, then reads and parses the files that sessionlint
#                parsed on demand (-also), with no rule: the time of
#                reading and parsing the files sessionlint parses, the
#                baseline of the 1.25x goal
#   sessionlint  every rule and the project phase, two workers, no cache
#   sessionlint-j1, sessionlint-no-prefilter
#   ast-grep     @ast-grep/cli with the rules of bench/astgrep
#   eslint       eslint with @typescript-eslint/parser and the
#                no-restricted-syntax selectors of bench/eslint
#
# Before timing, the script checks that sessionlint reports the same
# findings with and without the prefilter and with one and two workers,
# and measures its peak memory with /usr/bin/time.
#
# Needs Go, Node 20 with npm, hyperfine and GNU time (Debian packages
# hyperfine and time). npm packages and binaries go to
# $SESSIONLINT_BENCH_CACHE (default .ci/.cache/bench), so a second run
# reuses them.
set -euo pipefail

runs=10
copies=1
skip_eslint=false
while getopts "r:c:s" opt; do
	case $opt in
	r) runs=$OPTARG ;;
	c) copies=$OPTARG ;;
	s) skip_eslint=true ;;
	*)
		sed -n '4,11p' "$0" >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))
if (($# != 1)); then
	echo "usage: bench/compare.sh [-r RUNS] [-c COPIES] [-s] CHECKOUT" >&2
	exit 2
fi
if [[ ! -d $1 ]]; then
	echo "error: $1 is not a folder; name the checkout to scan" >&2
	exit 2
fi
checkout=$(cd "$1" && pwd)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${SESSIONLINT_BENCH_CACHE:-$root/.ci/.cache/bench}
mkdir -p "$cache/bin" "$cache/node"

for tool in hyperfine /usr/bin/time go npm; do
	if ! command -v "$tool" >/dev/null; then
		echo "error: $tool is missing; install Go, npm and the Debian packages hyperfine and time" >&2
		exit 1
	fi
done

echo "==> Building sessionlint and readparse"
(cd "$root" && go build -o "$cache/bin/sessionlint" ./cmd/sessionlint && go build -o "$cache/bin/readparse" ./bench/readparse)
sessionlint=$cache/bin/sessionlint
readparse=$cache/bin/readparse

astgrep_version=0.51.1
eslint_version=10.16.0
parser_version=8.74.0
packages=()
# The ast-grep binary comes with the platform package of @ast-grep/cli,
# so the skipped postinstall script is not needed.
if [[ ! -f $cache/node/.installed-astgrep-$astgrep_version ]]; then
	packages+=("@ast-grep/cli@$astgrep_version")
fi
if ! $skip_eslint && [[ ! -f $cache/node/.installed-eslint-$eslint_version-$parser_version ]]; then
	packages+=("eslint@$eslint_version" "@typescript-eslint/parser@$parser_version")
fi
if ((${#packages[@]} > 0)); then
	echo "==> Installing ${packages[*]} into $cache/node"
	npm install --silent --no-audit --no-fund --prefix "$cache/node" "${packages[@]}"
	touch "$cache/node/.installed-astgrep-$astgrep_version"
	if ! $skip_eslint; then
		touch "$cache/node/.installed-eslint-$eslint_version-$parser_version"
	fi
fi
astgrep=$(ls "$cache"/node/node_modules/@ast-grep/cli-*/ast-grep 2>/dev/null | head -1)
if [[ -z $astgrep || ! -x $astgrep ]]; then
	echo "error: no ast-grep binary for this platform under $cache/node/node_modules/@ast-grep" >&2
	exit 1
fi
eslint=$cache/node/node_modules/.bin/eslint
# The config imports @typescript-eslint/parser, which Node resolves from
# the folder of the config file.
cp "$root/bench/eslint/eslint.config.mjs" "$cache/node/eslint.config.mjs"

target=$checkout
if ((copies > 1)); then
	target=$cache/copies/$(basename "$checkout")-x$copies
	if [[ ! -d $target ]]; then
		echo "==> Copying $checkout $copies times to $target"
		mkdir -p "$target.tmp"
		for i in $(seq 1 "$copies"); do
			cp -R "$checkout" "$target.tmp/copy$i"
		done
		mv "$target.tmp" "$target"
	fi
fi
cd "$target"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# scan runs sessionlint and keeps its findings; exit status 1 means
# findings, and 2 an incomplete scan, which the comparison still uses.
scan() {
	local out=$1
	shift
	local status=0
	"$sessionlint" -no-cache "$@" "$target" >"$out" 2>"$out.stderr" || status=$?
	if ((status > 2)); then
		echo "error: sessionlint $* exited with status $status" >&2
		cat "$out.stderr" >&2
		exit 1
	fi
}

echo "==> Checking that every setting gives the same findings"
scan "$tmp/default.txt" -stats
scan "$tmp/no-prefilter.txt" -no-prefilter
scan "$tmp/j1.txt" -j 1
grep '^sessionlint:' "$tmp/default.txt.stderr" | grep -v 'parsed on demand: ' || true
sed -n 's/^sessionlint: parsed on demand: //p' "$tmp/default.txt.stderr" >"$tmp/on-demand.txt"
for other in no-prefilter j1; do
	if ! cmp -s "$tmp/default.txt" "$tmp/$other.txt"; then
		echo "error: the findings with $other differ from the default scan:" >&2
		diff "$tmp/default.txt" "$tmp/$other.txt" >&2 || true
		exit 1
	fi
done
# Indented lines are the notes under a finding.
echo "$(grep -c -v '^ ' "$tmp/default.txt" || true) findings, the same with -no-prefilter and with -j 1"

echo "==> Peak memory"
/usr/bin/time -f '%M' -o "$tmp/rss" "$sessionlint" -no-cache "$target" >/dev/null 2>&1 || true
echo "sessionlint: $(($(tail -1 "$tmp/rss") / 1024)) MB maximum resident set size"

echo "==> Timing, $runs runs each"
hyperfine -N -i --warmup 1 --runs "$runs" --export-csv "$tmp/fast.csv" \
	-n readparse "$readparse -also $tmp/on-demand.txt $target" \
	-n sessionlint "$sessionlint -no-cache $target" \
	-n sessionlint-j1 "$sessionlint -no-cache -j 1 $target" \
	-n ast-grep "$astgrep scan --config $root/bench/astgrep/sgconfig.yml $target"
slow_runs=$((runs < 3 ? runs : 3))
hyperfine -N -i --runs "$slow_runs" --export-csv "$tmp/slow.csv" \
	-n sessionlint-no-prefilter "$sessionlint -no-cache -no-prefilter $target"
if ! $skip_eslint; then
	hyperfine -N -i --runs "$slow_runs" --export-csv "$tmp/eslint.csv" \
		-n eslint "$eslint --config $cache/node/eslint.config.mjs --no-warn-ignored $target"
fi

echo "==> Medians and ratios ($target)"
tail -q -n +2 "$tmp"/*.csv | awk -F, -v jobs="$(nproc)" '
	{ median[$1] = $4; cpu[$1] = $5 + $6; order[++n] = $1 }
	END {
		for (i = 1; i <= n; i++) printf "%-26s %8.3f s median, %8.3f s user+system\n", order[i], median[order[i]], cpu[order[i]]
		s = median["sessionlint"]
		printf "\nsessionlint / ast-grep            %6.3f  (goal: at most 0.5)\n", s / median["ast-grep"]
		if ("eslint" in median) printf "sessionlint / eslint              %6.4f  (goal: at most 0.02, that is 1/50)\n", s / median["eslint"]
		printf "sessionlint / readparse           %6.3f  (goal: at most 1.25)\n", s / median["readparse"]
		printf "sessionlint -j 1 / sessionlint -j %d  %6.3f  (goal: at least 1.6 with two workers)\n", jobs, median["sessionlint-j1"] / s
		printf "sessionlint -no-prefilter / sessionlint  %6.2f\n", median["sessionlint-no-prefilter"] / s
	}'
