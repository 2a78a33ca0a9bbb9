#!/usr/bin/env bash
# Times `lookout test rules` next to `promtool test rules` on the shapes of
# shared/research/perf_baselines.md and prints one-run ratios, plus peak RSS of each tool.
#
#   scripts/bench-rules.sh [--runs N]
#
# Workloads (fixtures/bench-rules/): trivial (1 series, 3 samples, 1 recording rule), heavy
# (1,000 series x 1,000 samples at 15 s, a recording and an alerting rule evaluated 1,000
# times), heavy without rules (loading only). Needs: cargo, hyperfine, promtool for the
# comparison (skipped with a message when absent), /usr/bin/time for RSS.
set -euo pipefail

runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release --quiet
lookout="$root/target/release/lookout"
cd fixtures/bench-rules
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
have_promtool=1
command -v promtool >/dev/null || { have_promtool=0; echo "promtool not found: timing lookout only"; }

for t in trivial_test heavy_norules_test heavy_test; do
  cmds=("$lookout test rules $t.yml")
  [ $have_promtool = 1 ] && cmds+=("promtool test rules $t.yml")
  echo "== $t"
  hyperfine --warmup 1 --runs "$runs" -N --export-json "/tmp/bench-rules-$t.json" "${cmds[@]}" 2>/dev/null \
    | grep -E "Time|±|Benchmark" || true
  if command -v /usr/bin/time >/dev/null; then
    for c in "${cmds[@]}"; do
      /usr/bin/time -f "%M" $c >/dev/null 2>/tmp/bench-rules-rss || true
      echo "   peak RSS $(tail -1 /tmp/bench-rules-rss) KB: $c"
    done
  fi
done
