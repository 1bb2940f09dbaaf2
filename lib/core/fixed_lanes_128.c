/* The fixed-point kernel on 128-bit vectors: portable C (SSE2 on x86-64,
 * plain vector extensions elsewhere) and SSE4.1. */
#define VEC 8
#include "fixed_lanes.h"

long nfec_fixed_portable(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
}
#ifdef NFEC_X86
__attribute__((target("sse4.1"))) long nfec_fixed_sse41(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    return run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
}
#endif
