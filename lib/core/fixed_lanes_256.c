/* The fixed-point kernel on 256-bit vectors: AVX2, and AVX-512 (VL, BW) on
 * the same width. */
#define VEC 16
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Everything here runs only on AVX2 CPUs or better (nfec_isa_supported). */
#pragma GCC target("avx2")
#endif
#include "fixed_lanes.h"

#ifdef NFEC_X86
__attribute__((target("avx2"))) long nfec_fixed_avx2(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
}
__attribute__((target("avx512f,avx512vl,avx512bw"))) long nfec_fixed_avx512(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
}
#endif
