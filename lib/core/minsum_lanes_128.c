/* The SIMD kernel on 128-bit vectors: portable C (any target's baseline, SSE2
 * on x86-64) and SSE4.1. */
#define VEC 4
#include "minsum_lanes.h"

long nfec_lanes_portable(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run(d, in, in_scale, nframes, bits, soft, iterations);
}
#ifdef NFEC_X86
__attribute__((target("sse4.1"))) long nfec_lanes_sse41(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run(d, in, in_scale, nframes, bits, soft, iterations);
}
#endif
