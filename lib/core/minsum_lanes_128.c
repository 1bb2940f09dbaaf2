/* The SIMD kernel on 128-bit vectors: portable C (any target's baseline, SSE2
 * on x86-64) and SSE4.1. */
#define VEC 4
#include "minsum_lanes.h"

void nfec_lanes_portable(struct nfec_decoder* d, int* iters) { run(d, iters); }
#ifdef NFEC_X86
__attribute__((target("sse4.1"))) void nfec_lanes_sse41(struct nfec_decoder* d, int* iters) { run(d, iters); }
#endif
