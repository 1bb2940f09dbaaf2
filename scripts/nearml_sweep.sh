#!/usr/bin/env bash
# The near-ML comparison behind docs/nearml.md and docs/results.md: every
# shipped decoder, alone and with OSD post-processing, OSD alone (the ML
# reference), Berlekamp-Massey and Chase on the four reference codes, over
# Eb/N0 1..6 dB on the test stream (never a training frame). CSVs into
# docs/nearml/, then the summary table (scripts/nearml_table.py) into
# docs/nearml/table.md, which docs/results.md includes (scripts/ablation.py).
# Usage: scripts/nearml_sweep.sh [BUILD]   (about 30-40 minutes on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
EVAL="$BUILD/apps/neuralfec-eval"
OUT="$ROOT/docs/nearml"
LDPC=/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist
mkdir -p "$OUT"
run() { # name code frames decoders
    "$EVAL" --code "$2" --decoders "$4" --ebn0 1:6:0.5 --frames "$3" --target-errors 100 \
        --weights-dir "$ROOT/weights" --csv "$OUT/$1.csv"
}
for c in 63_36 63_45; do
    spec="bch:${c/_/,}"
    run "bch_$c" "$spec" 200000 "minsum:30,student:bch_$c,student:bch_${c}_cyclic,student:bch_$c+osd:2,student:bch_${c}_cyclic+osd:2,student:bch_${c}_cyclic+osd:2@int16,osd:2,osd:4,bm,chase:4"
done
run bch_127_64 bch:127,64 50000 "minsum:30,student:bch_127_64,student:bch_127_64_cyclic,student:bch_127_64_cyclic+osd:2,student:bch_127_64_cyclic+osd:3,osd:3,bm,chase:4"
# OSD-4 on BCH(127,64) costs about 1 ms a frame: three points only
"$EVAL" --code bch:127,64 --decoders osd:4 --ebn0 2:3:0.5 --frames 20000 --target-errors 100 --csv "$OUT/bch_127_64_osd4.csv"
run n_0100_k_0042_gap_02 "$LDPC" 100000 "minsum:30,student:n_0100_k_0042_gap_02,student:n_0100_k_0042_gap_02+osd:2,student:n_0100_k_0042_gap_02+osd:3,osd:3,osd:4"
/usr/bin/python3 "$ROOT/scripts/nearml_table.py" "$OUT"/bch_63_*.csv "$OUT"/bch_127_64.csv "$OUT"/n_*.csv >"$OUT/table.md.tmp"
mv "$OUT/table.md.tmp" "$OUT/table.md"
cat "$OUT/table.md"
