#!/usr/bin/env bash
# Every kernel file of the library holds the instructions of its set: no
# 256-bit registers in the portable and SSE4.1 builds, 256-bit ones in AVX2,
# AVX-512 mask registers in AVX-512 (its kernels are 256-bit, with AVX-512VL).
# Usage: test_kernel_isa.sh LIBNFEC.a WORKDIR
set -euo pipefail
lib=$1
dir=$2
mkdir -p "$dir/isa_check"
cd "$dir/isa_check"
ar x "$lib"
fail=0
for kind in lanes fixed; do
    for isa in portable sse41 avx2 avx512; do
        obj=$(ls | grep -E "^nfec_${kind}_${isa}\.c\.o$" || true)
        [ -n "$obj" ] || { echo "no object for nfec_${kind}_${isa}"; fail=1; continue; }
        asm=$(objdump -d --no-show-raw-insn "$obj")
        ymm=$(grep -c 'ymm' <<<"$asm" || true)
        mask=$(grep -cE '%k[1-7]' <<<"$asm" || true)
        sse41=$(grep -cE '\b(v?pblendvb|v?blendvps|v?pminsd|v?pmaxsd|v?pminuw|v?pmulld|v?ptest|v?pmovzx|v?pmovsx|v?pblendw)\b' <<<"$asm" || true)
        echo "nfec_${kind}_${isa}: ${ymm} ymm, ${mask} mask-register, ${sse41} SSE4.1-family instructions"
        case $isa in
        portable) [ "$ymm" -eq 0 ] || fail=1 ;;
        sse41) [ "$ymm" -eq 0 ] && [ "$sse41" -gt 0 ] || fail=1 ;;
        avx2) [ "$ymm" -gt 100 ] && [ "$mask" -eq 0 ] || fail=1 ;;
        avx512) [ "$ymm" -gt 100 ] && [ "$mask" -gt 0 ] || fail=1 ;;
        esac
    done
done
exit $fail
