#!/usr/bin/env bash
# Seeds fuzz/corpus/promql_parse with every expression from the promqltest scripts, one file each,
# so libFuzzer starts from real PromQL instead of random bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/corpus/promql_parse"
mkdir -p "$out"
n=0
# Same header shapes as Prometheus's promqltest (lines are trimmed first there too).
sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//' "$here"/../fixtures/promqltest/*.test |
  sed -nE \
    -e 's/^eval(_(fail|warn|ordered|info))?[[:space:]]+instant[[:space:]]+(at[[:space:]]+[^[:space:]]+[[:space:]]+)?(.+)$/\4/p' \
    -e 's/^eval(_(fail|warn|info))?[[:space:]]+range[[:space:]]+from[[:space:]]+.+[[:space:]]+to[[:space:]]+.+[[:space:]]+step[[:space:]]+[^[:space:]]+[[:space:]]+(.+)$/\3/p' |
  while IFS= read -r expr; do
    n=$((n + 1))
    printf '%s' "$expr" >"$out/seed-$n"
  done
echo "seeded $(ls "$out" | grep -c '^seed-') inputs into $out"
