#!/usr/bin/env bash
# Backfill benchmark: `lookout tsdb create-blocks-from openmetrics` against promtool (2.42)
# on the same generated OpenMetrics file, run side by side, and the ratios.
#
#   scripts/bench-backfill.sh                 # 10,000 series x 720 samples (475 MB), 3 runs
#   SERIES=1000 RUNS=5 scripts/bench-backfill.sh
#
# Environment: SERIES, SAMPLES (per series), RUNS, LOOKOUT (binary; default: a release build
# of this checkout), PROMTOOL, GEN (the generator), WORK (scratch directory; default: a new
# one under $TMPDIR; an input already there is reused), KEEP=1 keeps what was generated.
# Wall time and peak RSS come from GNU time (/usr/bin/time); each tool reads the input once
# before its runs so both start from the page cache. Medians are reported.
set -euo pipefail

SERIES=${SERIES:-10000}
SAMPLES=${SAMPLES:-720}
RUNS=${RUNS:-3}
PROMTOOL=${PROMTOOL:-promtool}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN:-$ROOT/fixtures/tsdb/gen_openmetrics.py}

if [[ -z "${LOOKOUT:-}" ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
    LOOKOUT=$ROOT/target/release/lookout
fi
command -v "$PROMTOOL" >/dev/null || { echo "promtool not found (set PROMTOOL)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) not found" >&2; exit 2; }
[[ -f "$GEN" ]] || { echo "generator not found: $GEN (set GEN)" >&2; exit 2; }

# Only what this script creates is removed: the whole directory when it made it, else the
# files it wrote there.
if [[ -z "${WORK:-}" ]]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-backfill.XXXXXX")
    CLEAN=("$WORK")
else
    mkdir -p "$WORK"
    CLEAN=("$WORK/time" "$WORK/out-promtool" "$WORK/out-lookout")
fi
INPUT=$WORK/gen-${SERIES}x${SAMPLES}.om
if [[ ! -s "$INPUT" ]]; then
    echo "generating $INPUT ..." >&2
    CLEAN+=("$INPUT")
    python3 "$GEN" --series "$SERIES" --samples "$SAMPLES" >"$INPUT" 2>/dev/null
fi
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "${CLEAN[@]}"' EXIT
fi

# One run: prints "seconds max-rss-KiB output-bytes".
run() {
    local out=$WORK/out-$1
    shift
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" -q "$INPUT" "$out" >/dev/null
    echo "$(cat "$WORK/time") $(du -sb "$out" | cut -f1)"
    rm -rf "$out"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -a pt pr ps lt lr ls
for i in $(seq "$RUNS"); do
    cat "$INPUT" >/dev/null
    read -r t r s < <(run promtool "$PROMTOOL" tsdb create-blocks-from openmetrics)
    pt+=("$t"); pr+=("$r"); ps+=("$s")
    cat "$INPUT" >/dev/null
    read -r t r s < <(run lookout "$LOOKOUT" tsdb create-blocks-from openmetrics)
    lt+=("$t"); lr+=("$r"); ls+=("$s")
    echo "run $i: promtool ${pt[-1]} s ${pr[-1]} KiB; lookout ${lt[-1]} s ${lr[-1]} KiB" >&2
done

PT=$(printf '%s\n' "${pt[@]}" | median); PR=$(printf '%s\n' "${pr[@]}" | median)
LT=$(printf '%s\n' "${lt[@]}" | median); LR=$(printf '%s\n' "${lr[@]}" | median)
PS=${ps[0]}; LS=${ls[0]}
SIZE=$(du -b "$INPUT" | cut -f1)

echo "input: $SERIES series x $SAMPLES samples, $SIZE bytes; $RUNS runs, medians; $(nproc) CPUs"
echo "$("$PROMTOOL" --version 2>&1 | head -1)"
printf '%-10s %10s %14s %14s\n' tool "wall s" "max RSS MiB" "blocks bytes"
printf '%-10s %10.2f %14.1f %14d\n' promtool "$PT" "$(echo "$PR / 1024" | bc -l)" "$PS"
printf '%-10s %10.2f %14.1f %14d\n' lookout "$LT" "$(echo "$LR / 1024" | bc -l)" "$LS"
printf 'ratios (promtool / lookout): time %.2fx, memory %.2fx, blocks %.4fx\n' \
    "$(echo "$PT / $LT" | bc -l)" "$(echo "$PR / $LR" | bc -l)" "$(echo "$PS / $LS" | bc -l)"
