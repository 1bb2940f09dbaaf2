#!/usr/bin/env bash
# Our layered normalized min-sum beside AFF3CT's (the C++ simulator the
# field uses, built outside our tree: ../shared/peers/aff3ct.md) on the same
# code, Eb/N0, iteration count, factor and early stop, float and 16-bit, one
# thread; the two programs alternated ROUNDS times, the best rate of each kept
# (single rates on a shared machine move by +-20%). AFF3CT decodes the
# all-zero codeword with its inter-frame SIMD layered decoder; we decode random
# codewords. Rates are information Mbit/s of the decoder alone (AFF3CT's
# decode_siho task, our kernel path). Puncturing is handed to AFF3CT as its
# LDPC puncturing pattern; shortened codes are not compared.
#   AFF3CT=/path/to/aff3ct-3.0.2 bash scripts/aff3ct_compare.sh SPEC EBN0 [T] [ALPHA] [ROUNDS]
source "$(dirname "$0")/common.sh"
SPEC=${1:?usage: AFF3CT=BIN bash scripts/aff3ct_compare.sh SPEC EBN0 [T] [ALPHA] [ROUNDS]}
EBN0=${2:?Eb/N0 in dB}
T=${3:-10}
ALPHA=${4:-0.75}
ROUNDS=${5:-3}
: "${AFF3CT:?set AFF3CT to the aff3ct binary}"
[ -x "$AFF3CT" ] || { echo "aff3ct_compare: $AFF3CT is not an executable" >&2; exit 2; }
[ -x "$BUILD/apps/neuralfec-speed" ] || build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the matrix with its information positions in AFF3CT's alist extension, and
# the puncturing pattern: one bit per block of the largest size that keeps
# every block wholly sent or wholly punctured
read -r N K TX PATTERN < <(run_built_python - "$SPEC" "$work/code.alist" <<'EOF'
import sys
from gnuradio import neuralfec
c = neuralfec.code.make(sys.argv[1])
if c.shortened():
    sys.exit("aff3ct_compare: %s is shortened; AFF3CT's puncturer cannot express that" % sys.argv[1])
c.write_alist(sys.argv[2])
with open(sys.argv[2], "a") as f:
    f.write("# Positions of the information bits in the codewords:\n%d\n%s\n" % (c.k(), " ".join(map(str, c.info_positions()))))
n, sent = c.n(), set(c.tx_positions())
block = max(b for b in range(1, n + 1) if n % b == 0 and all(len({v in sent for v in range(s, s + b)}) == 1 for s in range(0, n, b)))
print(n, c.k(), c.tx_n(), ",".join("1" if s in sent else "0" for s in range(0, n, block)))
EOF
)
[ -n "$N" ] || exit 1
pct=()
[ "$TX" != "$N" ] && pct=(--pct-type LDPC --pct-pattern "$PATTERN")

ours() { # float and int16 Mbit/s and BER of our kernel
    "$BUILD/apps/neuralfec-speed" --code "$SPEC" --ebn0 "$EBN0" --seconds 1 --no-threads --no-flowgraph \
        --decoders "nms:$T:$ALPHA:layered,nms:$T:$ALPHA:layered@int16" | awk '$1 ~ /^nms/ {printf "%s %s ", $7, $4}'
}
aff3ct() { # Mbit/s (decode_siho) and BER at precision $1
    "$AFF3CT" --sim-type BFER -C LDPC -p "$1" --dec-h-path "$work/code.alist" -K "$K" -N "$TX" "${pct[@]}" \
        --dec-type BP_HORIZONTAL_LAYERED --dec-implem NMS --dec-norm "$ALPHA" --dec-simd INTER -i "$T" \
        -m "$EBN0" -M "$(awk -v e="$EBN0" 'BEGIN{print e + 0.001}')" -t 1 --sim-stats --sim-stop-time 2 -e 1000000000 \
        --src-type AZCW --enc-type AZCW 2>&1 |
        awk -v RS='[\r\n]' '/decode_siho/ {rate = $14} /^ +-?[0-9.]+ \| +-?[0-9.]+ \|\|/ {ber = $11} END {printf "%s %s ", rate, ber}'
}
best() { awk -v a="$1" -v b="$2" 'BEGIN{print (a + 0 > b + 0) ? a : b}'; }
of=0 oi=0 af=0 ai=0
for r in $(seq "$ROUNDS"); do
    read -r f fb i ib <<<"$(ours)"
    read -r a32 a32b <<<"$(aff3ct 32)"
    read -r a16 a16b <<<"$(aff3ct 16)"
    echo "round $r: ours float $f (BER $fb), int16 $i (BER $ib); AFF3CT float $a32 (BER $a32b), int16 $a16 (BER $a16b)"
    of=$(best "$of" "$f") oi=$(best "$oi" "$i") af=$(best "$af" "$a32") ai=$(best "$ai" "$a16")
done
echo "$SPEC at $EBN0 dB, layered NMS T=$T alpha $ALPHA, best of $ROUNDS (information Mbit/s, one thread):"
echo "  float: ours $of, AFF3CT $af (x$(awk -v a="$of" -v b="$af" 'BEGIN{printf "%.2f", a / b}'))"
echo "  int16: ours $oi, AFF3CT $ai (x$(awk -v a="$oi" -v b="$ai" 'BEGIN{printf "%.2f", a / b}'))"
