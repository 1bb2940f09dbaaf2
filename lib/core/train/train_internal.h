/* Pieces of training shared between the C core's files. */
#ifndef INCLUDED_NFEC_TRAIN_INTERNAL_H
#define INCLUDED_NFEC_TRAIN_INTERNAL_H

#include <gnuradio/neuralfec/nfec_decoder.h>

/* Adds to acc (expanded per-iteration arrays of each family) the gradient of
 * a loss whose gradients with respect to the traced soft outputs, c->v and
 * v->c messages are g_out (T*n), g_c2v and g_v2c (T*E); any may be NULL.
 * work: 7 * edges floats. */
void nfec_backward(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr,
                   const float* g_out, const float* g_c2v, const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work);

#endif
