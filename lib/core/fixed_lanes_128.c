/* The fixed-point kernel on 128-bit vectors: portable C (SSE2 on x86-64,
 * plain vector extensions elsewhere) and SSE4.1. */
#define VEC 8
#include "fixed_lanes.h"

void nfec_fixed_portable(struct nfec_decoder* d, int* iters) { run_fixed(d, iters); }
#ifdef NFEC_X86
__attribute__((target("sse4.1"))) void nfec_fixed_sse41(struct nfec_decoder* d, int* iters) { run_fixed(d, iters); }
#endif
