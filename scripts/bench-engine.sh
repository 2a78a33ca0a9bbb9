#!/usr/bin/env bash
# Times lookout's PromQL engine on Prometheus's perf-baseline data shape and prints the medians
# next to Prometheus 2.42's (shared/research/perf_baselines.md: same queries over HTTP, 2 cores).
#
#   scripts/bench-engine.sh [--sizes 1000,10000] [--no-rss]
#
# Data: benches/engine.rs builds N series x 720 samples (3 h at 15 s) in memory, mixed like
# gen_openmetrics.py (counters / gauges / classic histograms). Queries: 1 h range, 15 s step.
# Peak RSS: one test-mode run of the bench binary per size under /usr/bin/time -v (store
# build plus one evaluation of each query); skipped when /usr/bin/time is missing.
# Needs: cargo, awk. Raw output: target/bench-engine/.
set -euo pipefail

sizes=1000,10000
rss=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --no-rss) rss=0; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench-engine"
mkdir -p "$work"
cd "$root"

# name|query|Prometheus 2.42 median ms at 1k|at 10k (perf_baselines.md, range 1 h step 15 s)
refs=(
  "sum_rate|sum(rate(gen_counter_total[5m]))|17.1|162"
  "histogram_quantile|histogram_quantile(0.9, sum by (le) (rate(gen_latency_seconds_bucket[5m])))|6.8|55.1"
  "topk|topk(5, gen_gauge)|6.5|54.6"
)

echo "== building release"
cargo build --release --quiet
# Not --quiet: the "Executable ..." line names the bench binary for the RSS runs.
cargo bench --bench engine --no-run 2>"$work/build.txt" || { cat "$work/build.txt" >&2; exit 1; }
exe=$(sed -nE 's/.*Executable .*\((.*)\)$/\1/p' "$work/build.txt" | tail -n1)

echo "== cargo bench --bench engine (sizes $sizes)"
# Old estimates would be reported for a size that fails to run, so clear them first.
rm -rf "$root/target/criterion/range_1h"
LOOKOUT_BENCH_SIZES=$sizes cargo bench --quiet --bench engine -- --noplot 2>&1 |
  tee "$work/criterion.txt" | grep -E '^range_1h/|time:'

# Criterion's median of the sample, in ms, from its estimates file.
median_ms() {
  local f="$root/target/criterion/range_1h/$1/$2/new/estimates.json"
  [ -f "$f" ] || { echo "-"; return; }
  sed -nE 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/p' "$f" |
    awk '{ printf "%.1f", $1 / 1e6 }'
}

# Peak RSS in MB of one test-mode run of the bench binary: $1 sizes, $2 queries, $3 log name.
peak_mb() {
  LOOKOUT_BENCH_SIZES=$1 LOOKOUT_BENCH_QUERIES=$2 /usr/bin/time -v "$exe" --test \
    >/dev/null 2>"$work/rss-$3.txt" || true
  sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$work/rss-$3.txt" |
    awk '{ printf "%.0f", $1 / 1024 }'
}

declare -A peak
have_rss=0
if [ "$rss" = 1 ] && [ -x /usr/bin/time ] && [ -n "$exe" ]; then
  echo "== peak RSS (test-mode runs of $exe)"
  for n in ${sizes//,/ }; do
    # A query name that matches nothing: the store alone.
    store=$(peak_mb "$n" none "$n-store")
    all=$(peak_mb "$n" "" "$n-all")
    peak[$n]="${all:-?} MB (store alone: ${store:-?} MB)"
    have_rss=1
  done
fi

echo
echo "| query (1 h range, 15 s step) | series | lookout median | Prometheus 2.42 | lookout / 2.42 |"
echo "|---|---:|---:|---:|---:|"
for n in ${sizes//,/ }; do
  for r in "${refs[@]}"; do
    IFS='|' read -r name query ref1k ref10k <<<"$r"
    case "$n" in
      1000) ref=$ref1k ;;
      10000) ref=$ref10k ;;
      *) ref= ;;
    esac
    ours=$(median_ms "$name" "$n")
    if [ -n "$ref" ] && [ "$ours" != "-" ]; then
      ratio=$(awk -v a="$ours" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')
      echo "| \`$query\` | $n | $ours ms | $ref ms | $ratio |"
    else
      echo "| \`$query\` | $n | $ours ms | - | - |"
    fi
  done
done
if [ "$have_rss" = 1 ]; then
  echo
  for n in ${sizes//,/ }; do
    echo "peak RSS, $n series, store + one run of each query: ${peak[$n]:-?}"
  done
fi
echo "Prometheus figures are HTTP medians (query + JSON of one ~8 KB series), Prometheus serving"
echo "TSDB blocks; lookout's are in-process over MemStorage. Raw output: $work"
