#!/usr/bin/env bash
# The shared library exports the public API and nothing of the core's
# internals: every exported nfec_ symbol is declared in an installed header,
# the C++ makes are there, and no kernel or helper is.
# Usage: test_exports.sh LIBRARY INCLUDE_DIR
set -euo pipefail
lib=$1
inc=$2
syms=$(nm -D --defined-only "$lib" | awk '{print $3}')
fail=0
for s in $(grep '^nfec_' <<<"$syms"); do
    grep -q "$s(" "$inc"/nfec_*.h || { echo "exported but not public: $s"; fail=1; }
done
for s in nfec_code_create nfec_decoder_decode nfec_osd_create nfec_bch_create nfec_decoder_spec_parse; do
    grep -qx "$s" <<<"$syms" || { echo "public but not exported: $s"; fail=1; }
done
for s in nfec_fail nfec_kernel_decode nfec_lanes_avx2 nfec_hybrid_decode nfec_write_atomic; do
    grep -qx "$s" <<<"$syms" && { echo "internal but exported: $s"; fail=1; }
done
demangled=$(nm -DC --defined-only "$lib")
grep -q "gr::neuralfec::minsum_decoder::make" <<<"$demangled" || { echo "C++ API not exported"; fail=1; }
echo "$(grep -c '^nfec_' <<<"$syms") C symbols, $(wc -l <<<"$syms") in all"
exit $fail
