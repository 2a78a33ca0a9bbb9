#!/usr/bin/env bash
# Times `lookout check config --syntax-only` next to `promtool check config --syntax-only`:
# one process per file over every prometheus.yml fixture (fixtures/config/*.yml), and
# hyperfine on the largest one (conf.good.yml). Prints per-process means and ratios.
#
#   scripts/bench-config.sh [--runs N]
#
# Verdicts are not compared here (tests/cli/config_conformance.rs does that); exit codes are
# ignored. Needs: cargo, hyperfine; promtool for the comparison (skipped when absent).
set -euo pipefail

runs=20
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
cd fixtures/config
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
tools=("$lookout")
command -v promtool >/dev/null && tools+=(promtool) || echo "promtool not found: timing lookout only"

files=(*.yml)
for tool in "${tools[@]}"; do
  start=$(date +%s%N)
  for f in "${files[@]}"; do
    "$tool" check config --syntax-only "$f" >/dev/null 2>&1 || true
  done
  end=$(date +%s%N)
  printf '%-10s %d files, %.2f ms per process\n' "$(basename "$tool")" "${#files[@]}" \
    "$(echo "($end - $start) / ${#files[@]} / 1000000" | bc -l)"
done

cmds=()
for tool in "${tools[@]}"; do cmds+=("$tool check config --syntax-only conf.good.yml"); done
hyperfine --warmup 3 --runs "$runs" -N -i "${cmds[@]}" 2>/dev/null | grep -E "Time|±|Benchmark|faster" || true
