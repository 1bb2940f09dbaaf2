#!/usr/bin/env bash
# neuralfec-eval: the same counts for any number of threads (target-error
# stop included), every kind of decoder, and clear refusals.
# Usage: test_eval_app.sh EVAL WEIGHTS_DIR WORKDIR
set -euo pipefail
eval_app=$1
weights=$2
dir=$3
mkdir -p "$dir"
decoders="minsum:5,nms:4:0.8,oms:4:0.1,student:bch_63_36_cyclic+osd:2,student:bch_63_36@int16,osd:1,bm,chase:2"
for t in 1 3; do
    "$eval_app" --code bch:63,36 --decoders "$decoders" --ebn0 3,4:5:1 --frames 3000 --target-errors 40 \
        --threads $t --weights-dir "$weights" --csv "$dir/t$t.csv" >/dev/null
    cut -d, -f1-10 "$dir/t$t.csv" >"$dir/t$t.counts"
done
cmp "$dir/t1.counts" "$dir/t3.counts"
test "$(wc -l <"$dir/t1.counts")" -eq $((1 + 8 * 3))
# without --weights-dir, run from the build tree, shipped names are found too
"$eval_app" --code bch:63,36 --decoders student:bch_63_36,bp:5:layered,bp:5:0.5 --ebn0 4 --frames 600 >/dev/null
# refusals name the fault and exit non-zero
expect_refusal() {
    local what=$1
    shift
    if out=$("$eval_app" "$@" 2>&1); then
        echo "accepted: $*" >&2
        exit 1
    fi
    grep -q -- "$what" <<<"$out" || { echo "no '$what' in: $out" >&2; exit 1; }
}
expect_refusal "unknown decoder 'foo'" --code bch:15,7 --decoders foo --ebn0 3
expect_refusal "not a finite number" --code bch:15,7 --decoders bm --ebn0 3,x
expect_refusal "DAMPING must be below 1" --code bch:15,7 --decoders bp:5:1 --ebn0 3
expect_refusal "no shipped student nope.nfw" --code bch:15,7 --decoders student:nope --ebn0 3 --weights-dir "$weights"
expect_refusal "not a BCH code" --code /usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist --decoders bm --ebn0 3
expect_refusal "not the same code" --code bch:63,45 --decoders student:bch_63_36 --ebn0 3 --weights-dir "$weights"
expect_refusal "cannot write" --code bch:15,7 --decoders bm --ebn0 3 --frames 10 --csv /nonexistent/dir/x.csv
expect_refusal "outside 1..64" --code bch:15,7 --decoders bm --ebn0 3 --threads 0
echo "eval: ok"
