#!/usr/bin/env bash
# Times lookout on 10,000 PromQL expressions from the promqltest corpus, end to end, next to
# promtool on the same expressions where promtool has a comparable command.
#
#   scripts/bench-format.sh [--runs N] [--count N] [--no-criterion]
#
# Workloads (all files are written to target/bench-format/):
#   1. lookout check promql --file exprs.txt        10,000 corpus expressions, all features on
#   2. lookout check promql --file compat.txt       10,000 expressions promtool 2.x also parses
#   3. promtool check rules compat-rules.yml        the same 10,000 as recording rules
#   4. both tools on a single expression, to show what process start-up costs
#   5. cargo bench: prettify / to_string / parse+prettify of 10,000 pre-parsed expressions
# promtool has no `promql format` before 2.46, so rule checking (YAML + parse of every rule) is
# the closest whole-command workload it offers; it does strictly more work than (2).
# Needs: cargo; optional promtool (Debian: apt-get install prometheus) and hyperfine.
set -euo pipefail

runs=10
count=10000
criterion=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --no-criterion) criterion=0; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench-format"
mkdir -p "$work"
cd "$root"

echo "== building release binary"
cargo build --release --quiet --bin lookout
lookout="$root/target/release/lookout"
features=promql-experimental-functions,promql-duration-expr,promql-extended-range-selectors,promql-binop-fill-modifiers

# Every expression at the end of an `eval` header line, trimmed as promqltest trims lines.
sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//' fixtures/promqltest/*.test |
  sed -nE \
    -e 's/^eval(_(fail|warn|ordered|info))?[[:space:]]+instant[[:space:]]+(at[[:space:]]+[^[:space:]]+[[:space:]]+)?(.+)$/\4/p' \
    -e 's/^eval(_(fail|warn|info))?[[:space:]]+range[[:space:]]+from[[:space:]]+.+[[:space:]]+to[[:space:]]+.+[[:space:]]+step[[:space:]]+[^[:space:]]+[[:space:]]+(.+)$/\3/p' \
    >"$work/corpus.txt"
total=$(wc -l <"$work/corpus.txt")

# Line numbers of the lines a `check promql -o github` run rejected.
rejected_lines() {
  sed -nE 's/^::error file=[^,]*,line=([0-9]+),.*/\1/p' | sort -un
}

# Lines of $1 whose numbers are not listed in file $2.
drop_lines() {
  # FILENAME, not NR == FNR: the list of bad lines may be empty.
  awk 'FILENAME == ARGV[1] { bad[$1] = 1; next } !(FNR in bad)' "$2" "$1"
}

# The first $2 lines of $1 repeated over and over.
cycle() {
  local src=$1 n=$2 have
  have=$(wc -l <"$src")
  if [ "$have" -eq 0 ]; then echo "no expressions in $src" >&2; exit 1; fi
  awk -v n="$n" '{ line[NR] = $0 } END { for (i = 0; i < n; i++) print line[i % NR + 1] }' "$src"
}

# Recording rules, one per expression, single-quoted so no YAML character needs escaping.
rules_file() {
  echo 'groups:'
  echo '  - name: bench'
  echo '    rules:'
  awk '{ gsub(/\047/, "\047\047"); printf "      - record: bench:expr_%d\n        expr: \047%s\047\n", NR, $0 }' "$1"
}

"$lookout" --enable-feature="$features" check promql -o github --file "$work/corpus.txt" \
  | rejected_lines >"$work/lookout-rejected.txt" || true
drop_lines "$work/corpus.txt" "$work/lookout-rejected.txt" >"$work/valid.txt"
cycle "$work/valid.txt" "$count" >"$work/exprs.txt"
echo "corpus: $total expressions, $(wc -l <"$work/valid.txt") parse with all features on"

have_promtool=0
if command -v promtool >/dev/null; then
  have_promtool=1
  promtool_version=$(promtool --version 2>&1 | head -n1)
  # One rule per corpus expression; promtool names each rejected rule by its 1-based index.
  rules_file "$work/valid.txt" >"$work/probe-rules.yml"
  promtool check rules "$work/probe-rules.yml" >"$work/probe.out" 2>&1 || true
  sed -nE 's/.*group "bench", rule ([0-9]+), .*/\1/p' "$work/probe.out" | sort -un >"$work/promtool-rejected.txt"
  if grep -q 'FAILED' "$work/probe.out" && [ ! -s "$work/promtool-rejected.txt" ]; then
    echo "promtool failed on the probe file without naming rules; see $work/probe.out" >&2
    exit 1
  fi
  drop_lines "$work/valid.txt" "$work/promtool-rejected.txt" >"$work/compat-src.txt"
  cycle "$work/compat-src.txt" "$count" >"$work/compat.txt"
  rules_file "$work/compat.txt" >"$work/compat-rules.yml"
  head -n1 "$work/compat.txt" >"$work/one.txt"
  rules_file "$work/one.txt" >"$work/one-rules.yml"
  echo "$promtool_version: accepts $(wc -l <"$work/compat-src.txt") of $(wc -l <"$work/valid.txt")"
  # Both tools must accept the shared workload, or the timings compare different things.
  promtool check rules "$work/compat-rules.yml" >/dev/null
  "$lookout" check promql --file "$work/compat.txt" >/dev/null
else
  echo "promtool not found: skipping the side-by-side runs (Debian: apt-get install prometheus)"
fi
"$lookout" --enable-feature="$features" check promql --file "$work/exprs.txt" >/dev/null

names=("lookout check promql --file exprs.txt ($count, all features)")
cmds=("$lookout --enable-feature=$features check promql --file $work/exprs.txt")
if [ "$have_promtool" = 1 ]; then
  names+=("lookout check promql --file compat.txt ($count)"
    "promtool check rules compat-rules.yml ($count)"
    "lookout check promql (1 expression)"
    "promtool check rules (1 rule)")
  cmds+=("$lookout check promql --file $work/compat.txt"
    "promtool check rules $work/compat-rules.yml"
    "$lookout check promql --file $work/one.txt"
    "promtool check rules $work/one-rules.yml")
fi

echo "== whole-command timings ($runs runs each)"
if command -v hyperfine >/dev/null; then
  args=()
  for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/hyperfine.md" \
    --export-json "$work/hyperfine.json" "${args[@]}"
  cat "$work/hyperfine.md"
else
  for i in "${!cmds[@]}"; do
    start=$(date +%s.%N)
    for _ in $(seq "$runs"); do ${cmds[$i]} >/dev/null; done
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v r="$runs" -v n="${names[$i]}" \
      'BEGIN { printf "%-55s %8.1f ms mean\n", n, (e - s) * 1000 / r }'
  done
fi

if [ "$criterion" = 1 ]; then
  echo "== in-process formatting (criterion, release)"
  cargo bench --quiet --bench promql -- --noplot 2>&1 | tee "$work/criterion.txt" |
    grep -E '^(parse|format_10k)/|time:|thrpt:'
fi
echo "files and raw results: $work"
