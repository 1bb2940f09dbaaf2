/* The SIMD kernel on 256-bit vectors: AVX2, and AVX-512 (VL) on the same
 * width, which gains its extra registers and masked blends. */
#define VEC 8
#include "minsum_lanes.h"

#ifdef NFEC_X86
__attribute__((target("avx2"))) void nfec_lanes_avx2(struct nfec_decoder* d, int* iters) { run(d, iters); }
__attribute__((target("avx512f,avx512vl,avx512bw"))) void nfec_lanes_avx512(struct nfec_decoder* d, int* iters) { run(d, iters); }
#endif
