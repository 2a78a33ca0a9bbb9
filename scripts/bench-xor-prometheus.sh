#!/usr/bin/env bash
# Prometheus 2.42's own XOR decoder (the tsdb/chunkenc iterator that its queries use) next to
# lookout's (`decode_xor_into` and `decode_xor_at`, benches/tsdb.rs), on every XOR chunk of one
# data directory, alternating, in M samples per CPU-second (best and median of 10 rounds each).
#
#   scripts/bench-xor-prometheus.sh DATA_DIR [RUNS]
#   scripts/bench-xor-prometheus.sh --prometheus-src CLONE DATA_DIR [RUNS]
#
# DATA_DIR: a Prometheus data directory (e.g. the 10,000-series set that bench-query.sh
# backfills). Needs go (1.19 or later). Without --prometheus-src, Go fetches
# github.com/prometheus/prometheus v0.42.0 (= 2.42.0) through its module proxy; with it (for
# machines without that network), the three packages the decoder needs are taken from tag
# v2.42.0 of CLONE, a git clone of prometheus/prometheus.
set -euo pipefail

src=
if [ "${1:-}" = --prometheus-src ]; then src=$2; shift 2; fi
if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
data=$1 runs=${2:-3}
[ -d "$data" ] || { echo "not a directory: $data" >&2; exit 2; }
command -v go >/dev/null || { echo "go is required" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/scripts/xor-prometheus/main.go" "$tmp/"
if [ -n "$src" ]; then
  # A module of just model/histogram, model/value and tsdb/chunkenc at v2.42.0; chunkenc's one
  # use of github.com/pkg/errors (Errorf) is served by a local shim.
  mkdir -p "$tmp/prom" "$tmp/pkgerrors"
  for f in $(git -C "$src" ls-tree -r --name-only v2.42.0 model/histogram model/value tsdb/chunkenc | grep -v _test.go); do
    mkdir -p "$tmp/prom/$(dirname "$f")"
    git -C "$src" show "v2.42.0:$f" > "$tmp/prom/$f"
  done
  printf 'module github.com/pkg/errors\n\ngo 1.19\n' > "$tmp/pkgerrors/go.mod"
  printf 'package errors\n\nimport "fmt"\n\nfunc Errorf(format string, args ...interface{}) error { return fmt.Errorf(format, args...) }\n' \
    > "$tmp/pkgerrors/errors.go"
  printf 'module github.com/prometheus/prometheus\n\ngo 1.19\n\nrequire github.com/pkg/errors v0.9.1\n\nreplace github.com/pkg/errors => ../pkgerrors\n' \
    > "$tmp/prom/go.mod"
  printf 'module xorbench\n\ngo 1.19\n\nrequire (\n\tgithub.com/prometheus/prometheus v0.42.0\n\tgithub.com/pkg/errors v0.9.1\n)\n\nreplace github.com/prometheus/prometheus => ./prom\n\nreplace github.com/pkg/errors => ./pkgerrors\n' \
    > "$tmp/go.mod"
  (cd "$tmp" && GOFLAGS=-mod=mod GOPROXY=off go build -o xorbench .)
else
  printf 'module xorbench\n\ngo 1.19\n' > "$tmp/go.mod"
  (cd "$tmp" && go get github.com/prometheus/prometheus@v0.42.0 >/dev/null && go build -o xorbench .)
fi

bench=$(cd "$root" && cargo bench --bench tsdb --no-run --quiet --message-format=json \
  | sed -n 's/.*"executable":"\([^"]*\/deps\/tsdb-[^"]*\)".*/\1/p' | tail -1)
[ -x "$bench" ] || { echo "could not find the tsdb bench binary" >&2; exit 2; }

for _ in $(seq 1 "$runs"); do
  "$tmp/xorbench" "$data" | tail -1
  LOOKOUT_BENCH_SETS=LOOKOUT_BENCH_TSDB LOOKOUT_BENCH_TSDB=$data "$bench" zzz 2>&1 \
    | sed -n 's/^LOOKOUT_BENCH_TSDB: \(decode_xor_[a-z]*\)/lookout \1:/p'
done
