/* The fixed-point kernel on 256-bit vectors: AVX2, and AVX-512 (VL, BW) on
 * the same width. */
#define VEC 16
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Everything here runs only on AVX2 CPUs or better (nfec_isa_supported). */
#pragma GCC target("avx2")
#endif
#include "fixed_lanes.h"

#ifdef NFEC_X86
__attribute__((target("avx2"))) void nfec_fixed_avx2(struct nfec_decoder* d, int* iters) { run_fixed(d, iters); }
__attribute__((target("avx512f,avx512vl,avx512bw"))) void nfec_fixed_avx512(struct nfec_decoder* d, int* iters) { run_fixed(d, iters); }
#endif
