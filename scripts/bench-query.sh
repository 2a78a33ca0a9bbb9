#!/usr/bin/env bash
# Times `lookout query --tsdb DIR` (a cold process: open the blocks, evaluate, print JSON)
# next to a warm Prometheus 2.42 server answering the same query over HTTP on the same
# blocks, for the queries of shared/research/perf_baselines.md and the full scan of the
# issue. Prints medians and the ratio server/lookout (above 1: lookout is faster).
#
#   scripts/bench-query.sh [--series N] [--runs N] [--data DIR]
#
# Without --data, generates gen_openmetrics.py data (N series x 720 samples at 15 s,
# default 10000) and backfills it with promtool into a temporary directory. Needs: cargo,
# python3, curl, promtool and prometheus.
set -euo pipefail

series=10000
runs=7
data=
while [ $# -gt 0 ]; do
  case "$1" in
    --series) series=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release --quiet
lookout="$root/target/release/lookout"
for t in python3 curl promtool prometheus; do
  command -v $t >/dev/null || { echo "$t is required" >&2; exit 2; }
done

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
if [ -z "$data" ]; then
  python3 fixtures/tsdb/gen_openmetrics.py --series "$series" --samples 720 > "$tmp/gen.om" 2>/dev/null
  promtool tsdb create-blocks-from openmetrics -q "$tmp/gen.om" "$tmp/data" >/dev/null
  rm "$tmp/gen.om"
  data=$tmp/data
fi
cp -r "$data" "$tmp/served"
printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$tmp/prometheus.yml"
port=${PORT:-19099}
url=http://127.0.0.1:$port
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/served" \
  --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:$port \
  --log.level=warn > "$tmp/prom.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "$url/-/ready" && break; sleep 0.05; done

start=1699999200
end=1700009985
h1=$((end - 3600))
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }

bench() { # name kind range-start expr
  local name=$1 kind=$2 qs=$3 expr=$4
  local curl_args=(--data-urlencode "query=$expr") lk_args=(query "$kind" "$expr" --tsdb "$data" -o json)
  local path=/api/v1/query
  if [ "$kind" = range ]; then
    curl_args+=(--data-urlencode "start=$qs" --data-urlencode "end=$end" --data-urlencode "step=15")
    lk_args+=(--start "$qs" --end "$end" --step 15s)
    path=/api/v1/query_range
  else
    curl_args+=(--data-urlencode "time=$end")
    lk_args+=(--time "$end")
  fi
  curl -s -o /dev/null "${curl_args[@]}" "$url$path" # warm-up
  local server lk
  server=$(for _ in $(seq 1 "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "${curl_args[@]}" "$url$path"; done | median)
  lk=$(for _ in $(seq 1 "$runs"); do
    a=$(date +%s%N); "$lookout" "${lk_args[@]}" > /dev/null 2>&1 || true; b=$(date +%s%N)
    echo "($b - $a) / 1000000000" | bc -l
  done | median)
  printf '%-24s server %8.1f ms   lookout cold %8.1f ms   ratio %5.2f\n' "$name" \
    "$(echo "$server * 1000" | bc -l)" "$(echo "$lk * 1000" | bc -l)" "$(echo "$server / $lk" | bc -l)"
}

echo "data: $data ($("$lookout" tsdb list "$data" | tail -n +2 | awk '{s+=$5} END {print s}') samples)"
bench i_sum_rate            instant "" 'sum(rate(gen_counter_total[5m]))'
bench i_count_all           instant "" 'count({__name__=~"gen_.*"})'
bench r1h_sum_rate          range "$h1" 'sum(rate(gen_counter_total[5m]))'
bench r1h_hist_quantile     range "$h1" 'histogram_quantile(0.9, sum by (le)(rate(gen_latency_seconds_bucket[5m])))'
bench r1h_rate_all_counters range "$h1" 'rate(gen_counter_total[5m])'
bench r1h_avg_over_time     range "$h1" 'avg_over_time(gen_gauge[10m])'
bench r1h_topk              range "$h1" 'topk(5, gen_gauge)'
bench r1h_raw_all_gauges    range "$h1" 'gen_gauge'
bench r3h_sum_by_inst_rate  range "$start" 'sum by (instance)(rate(gen_counter_total[5m]))'
bench r3h_hist_quantile     range "$start" 'histogram_quantile(0.9, sum by (le)(rate(gen_latency_seconds_bucket[5m])))'
# The issue's full scan (both engines reject its result, duplicate label sets after
# count_over_time drops the names, but only after reading every sample), and a variant
# with a valid answer.
bench full_scan_issue       instant "" 'count(count_over_time({__name__=~"gen_.+"}[3h]))'
bench full_scan_valid       instant "" 'count(last_over_time({__name__=~"gen_.+"}[3h]))'
echo "prometheus RSS: $(ps -o rss= -p $pid) KB"
