/* What the weight objects offer the rest of the core beyond the public API. */
#ifndef INCLUDED_NFEC_WEIGHTS_INTERNAL_H
#define INCLUDED_NFEC_WEIGHTS_INTERNAL_H

#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_weights.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Weights for a code known only by its identity (as read from a file). */
struct nfec_weights;
struct nfec_weights* nfec_weights_alloc(const char* spec, uint64_t hash, int n, int m, int edges, int T, const int* sharing, nfec_error* err);

#ifdef __cplusplus
}
#endif

#endif
