#!/usr/bin/env bash
# Times `lookout test rules` next to `promtool test rules` on the shapes of
# shared/research/perf_baselines.md and prints one-run ratios, plus peak RSS of each tool.
#
#   scripts/bench-rules.sh [--runs N]
#
# Workloads (fixtures/bench-rules/): trivial (1 series, 3 samples, 1 recording rule), heavy
# (1,000 series x 1,000 samples at 15 s, a recording and an alerting rule evaluated 1,000
# times), heavy without rules (loading only), and two real-world suites (cybozu-go/neco-apps,
# 16 test files; kubernetes-mixin, 8 files; some of their tests fail under promtool 2.42, so exit
# codes are ignored). Needs:
# cargo, hyperfine, promtool for the comparison (skipped with a message when absent),
# /usr/bin/time for RSS.
set -euo pipefail

runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

echo "== real-world suite (fixtures/realworld/neco-apps, 16 files)"
cd "$root/fixtures/realworld/neco-apps/test"
cmds=("$lookout test rules vmalert_test/argocd.yaml vmalert_test/cert-manager.yaml vmalert_test/cke.yaml vmalert_test/etcd.yaml vmalert_test/external-dns.yaml vmalert_test/ingress-watcher.yaml vmalert_test/ingress.yaml vmalert_test/kubernetes.yaml vmalert_test/metallb.yaml vmalert_test/monitoring.yaml vmalert_test/network-policy.yaml vmalert_test/node.yaml vmalert_test/rook.yaml vmalert_test/sabakan.yaml vmalert_test/teleport.yaml vmalert_test/vault.yaml")
[ $have_promtool = 1 ] && cmds+=("${cmds[0]/$lookout/promtool}")
hyperfine --warmup 1 --runs "$runs" -N -i "${cmds[@]}" 2>/dev/null | grep -E "Time|±|Benchmark" || true
if command -v /usr/bin/time >/dev/null; then
  for c in "${cmds[@]}"; do
    /usr/bin/time -f "%M" $c >/dev/null 2>/tmp/bench-rules-rss || true
    echo "   peak RSS $(tail -1 /tmp/bench-rules-rss) KB: ${c%% test*} test rules (16 files)"
  done
fi


echo "== real-world suite (fixtures/realworld/kubernetes-mixin, 8 files, 113 test groups)"
cd "$root/fixtures/realworld/kubernetes-mixin"
km_files=$(ls tests/*.yaml | tr '\n' ' ')
cmds=("$lookout test rules $km_files")
# promtool 2.42 fails 10 of its checks (they assume Prometheus 3.x's left-open windows).
[ $have_promtool = 1 ] && cmds+=("promtool test rules $km_files")
hyperfine --warmup 1 --runs "$runs" -N -i "${cmds[@]}" 2>/dev/null | grep -E "Time|±|Benchmark" || true
if command -v /usr/bin/time >/dev/null; then
  for c in "${cmds[@]}"; do
    /usr/bin/time -f "%M" $c >/dev/null 2>/tmp/bench-rules-rss || true
    echo "   peak RSS $(tail -1 /tmp/bench-rules-rss) KB: ${c%% test*} test rules (8 files)"
  done
fi
