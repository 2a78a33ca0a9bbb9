#!/usr/bin/env bash
# Times `lookout grade` (issue 10): one repository per process (the `complete` fixture, each
# rubric), next to the challenge's own `python3 run.py` when its path is given; then a class
# of 100 repositories (copies of the five fixtures) graded in parallel in one process.
#
#   scripts/bench-grade.sh [--runs N] [--runpy PATH/TO/run.py]
#
# run.py (techlearn-center/monitoring-stack) is not shipped with lookout: pass a copy with
# --runpy to compare; it is run from a temporary copy of the fixture, since it reads the files
# next to itself. Needs: cargo, hyperfine; python3 for run.py.
set -euo pipefail

runs=50
runpy=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --runpy) runpy=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
lookout="${CARGO_TARGET_DIR:-$root/target}/release/lookout"
fixtures="$root/fixtures/challenge"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

one=(-N --warmup 5 --runs "$runs" -i)
cmds=(
  "$lookout grade --rubric readme $fixtures/complete"
  "$lookout grade --rubric runpy $fixtures/complete"
  "$lookout grade --rubric runpy-substring $fixtures/complete"
)
if [ -n "$runpy" ]; then
  cp -r "$fixtures/complete" "$tmp/runpy-repo"
  cp "$runpy" "$tmp/runpy-repo/run.py"
  cmds+=("python3 $tmp/runpy-repo/run.py")
fi
names=()
for c in "${cmds[@]}"; do names+=(-n "$(echo "$c" | sed "s|$lookout|lookout|; s|$fixtures/||; s|$tmp/runpy-repo/||")" "$c"); done
hyperfine "${one[@]}" --export-markdown "$tmp/one.md" "${names[@]}" >/dev/null
echo "## one repository (complete), per process"
cat "$tmp/one.md"

# A class: 100 repositories, the five fixtures in turn.
mkdir -p "$tmp/class"
for i in $(seq -w 1 100); do
  names=(complete reformatted partial empty gamed)
  cp -r "$fixtures/${names[$((10#$i % 5))]}" "$tmp/class/student-$i"
done
hyperfine -N --warmup 2 --runs 10 -i --export-markdown "$tmp/class.md" \
  -n "lookout grade -q -o csv class/*" "$lookout grade -q -o csv $(echo "$tmp"/class/student-*)" \
  -n "lookout grade -q -o csv -j 1 class/*" "$lookout grade -q -o csv -j 1 $(echo "$tmp"/class/student-*)" >/dev/null
echo
echo "## 100 repositories, one process (all CPUs, then -j 1)"
cat "$tmp/class.md"
