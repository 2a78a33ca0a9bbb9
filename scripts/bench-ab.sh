#!/usr/bin/env bash
# Times two commands in alternating runs (A, B, A, B, ...) and prints the median and mean wall
# time of each. On a shared machine whose load drifts, alternating keeps the drift out of
# the comparison better than timing all runs of one command, then all of the other.
#
#   scripts/bench-ab.sh RUNS 'COMMAND A' 'COMMAND B'
#
# Each command runs through `bash -c`, its output discarded.
set -euo pipefail
if [ $# -ne 3 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
runs=$1 a=$2 b=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for _ in $(seq 1 "$runs"); do
  for x in a b; do
    cmd=$a
    [ "$x" = b ] && cmd=$b
    t0=$(date +%s%N)
    bash -c "$cmd" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000)) >> "$tmp/$x"
  done
done
for x in a b; do
  cmd=$a
  [ "$x" = b ] && cmd=$b
  sort -n "$tmp/$x" | awk -v name="$x" -v cmd="$cmd" '
    {v[NR] = $1; s += $1}
    END {printf "%s: median %.1f ms, mean %.1f ms (%d runs): %s\n", toupper(name), v[int((NR + 1) / 2)] / 1000, s / NR / 1000, NR, cmd}'
done
