#!/usr/bin/env bash
# Frames/s of a neuralfec-eval sweep and steps/s of neuralfec-train on one
# rank against RANKS ranks of one thread each, on this machine: rounds
# alternated, best of three each (the machine's speed drifts between runs),
# and the counts of every distributed sweep checked against the single one.
#   bash scripts/mpi_scaling.sh [RANKS]      (docs/cluster.md)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RANKS="${1:-2}"
APPS="$BUILD/apps"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
MPIRUN=(mpirun -np "$RANKS")
[ "$RANKS" -gt "$(nproc)" ] && MPIRUN+=(--oversubscribe)
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

SWEEP=(--code bch:63,36 --decoders minsum:30,student:bch_63_36_cyclic+osd:2 --ebn0 2:5:1 --frames 200000 --threads 1)
TRAIN=(--code bch:63,36:cyclic --iterations 5 --steps 200 --batch 240 --init-alpha 0.3 --ebn0 3:7 --val-ebn0 4,5 --val-frames 500
       --validate-every 100000 --threads 1 --log-every 1000)
div() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
best() { tr ' ' '\n' | grep . | sort -g | head -n 1; }

e1="" eP="" t1="" tP=""
for round in 1 2 3; do
    e1+=" $(seconds "$APPS/neuralfec-eval" "${SWEEP[@]}" --csv "$OUT/one.csv")"
    eP+=" $(seconds "${MPIRUN[@]}" "$APPS/neuralfec-eval" "${SWEEP[@]}" --csv "$OUT/many.csv")"
    cmp <(cut -d, -f1-7 "$OUT/one.csv") <(cut -d, -f1-7 "$OUT/many.csv")
    t1+=" $(seconds "$APPS/neuralfec-train" "${TRAIN[@]}" -o "$OUT/one.nfw")"
    tP+=" $(seconds "${MPIRUN[@]}" "$APPS/neuralfec-train" "${TRAIN[@]}" -o "$OUT/many.nfw")"
done
# frames: field 5 (the code "bch:63,36" holds one comma)
frames=$(awk -F, 'NR > 1 { s += $5 } END { print s }' "$OUT/one.csv")
E1=$(echo "$e1" | best) EP=$(echo "$eP" | best) T1=$(echo "$t1" | best) TP=$(echo "$tP" | best)
printf "eval  %s: %d frames; 1 rank %.2f s (%.0f frames/s), %d ranks %.2f s (%.0f frames/s): %.2fx; counts identical\n" \
    "${SWEEP[1]}" "$frames" "$E1" "$(div "$frames" "$E1")" "$RANKS" "$EP" "$(div "$frames" "$EP")" "$(div "$E1" "$EP")"
printf "train %s, batch 240, 200 steps: 1 rank %.2f s, %d ranks %.2f s: %.2fx (whole runs, set-up included)\n" \
    "${TRAIN[1]}" "$T1" "$RANKS" "$TP" "$(div "$T1" "$TP")"
