/* The decoder object, shared by decoder/ (object, reference path, dispatch),
 * the SIMD kernels (kernels/) and near-ML post-processing; not part of the
 * public API. */
#ifndef INCLUDED_NFEC_DECODER_INTERNAL_H
#define INCLUDED_NFEC_DECODER_INTERNAL_H

#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_decoder.h>

/* A soft input as the decoders read it: LLR = scale * in, NaN as 0 (an
 * erasure), clamped to +-NFEC_LLR_MAX. The one definition, for the kernels,
 * the reference path and near-ML post-processing. */
static inline float nfec_llr_in(float scale, float in)
{
    const float x = scale * in;
    return x != x ? 0.0f : x > NFEC_LLR_MAX ? NFEC_LLR_MAX : (x < -NFEC_LLR_MAX ? -NFEC_LLR_MAX : x);
}

/* What the weighting of check messages (rules/weighting.h) needs of the
 * weights: none (every w_cv 1, every b_cv 0), a scale (every b_cv 0, every
 * w_cv >= 0) or the full offset, ReLU and scale. */
enum { NFEC_WEIGHTING_PLAIN, NFEC_WEIGHTING_SCALED, NFEC_WEIGHTING_FULL };

/* Lanes at different iterations take their weights from rows of NFEC_ROW
 * iterations of one weight: row (window w, element i) holds iterations
 * 8w .. 8w + 7 of element i, at [(w * count + i) * NFEC_ROW + slot]. */
enum { NFEC_ROW = 8 };

struct nfec_decoder;
/* Decodes a batch (nfec_decoder_decode's contract): one function per kernel
 * and instruction set, listed in the generated kernel_table.h. */
typedef long nfec_batch_fn_t(struct nfec_decoder*, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations);
typedef nfec_batch_fn_t* nfec_batch_fn;
struct nfec_kernel_entry {
    nfec_isa isa;
    nfec_batch_fn run_float, run_fixed;
};
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NFEC_PORTABLE_ONLY)
#define NFEC_X86 1
#endif

/* The weights of every family as the kernels read them, iteration-major:
 * w_ch, w_out, d_out, d_ch T * n values, w_cv, b_cv T * E; damp the two
 * shares of a damped c -> v message (the new one's 1 - delta, the old
 * one's delta; flat only). The layered
 * schedule's totals carry w_ch(t) l, so it adds d_ch(t) = w_ch(t) - w_ch(t - 1)
 * at each iteration and outputs total + d_out(t) l, d_out = w_out - w_ch. */
#define NFEC_WEIGHT_ARRAYS(T) \
    {                         \
        T *w_ch, *w_cv, *b_cv, *w_out, *d_out, *d_ch, *damp; \
    }
struct nfec_weight_arrays_f NFEC_WEIGHT_ARRAYS(float);
struct nfec_weight_arrays_q NFEC_WEIGHT_ARRAYS(int16_t);
/* Work memory of one group: frame l of value i at [i * LANES + l], aligned
 * to a whole group; `stage` holds input frames before they take a lane.
 * stage, llr, out, sum, total: n values; v2c (the check pass's scratch) and
 * c2v: E. */
#define NFEC_WORK_ARRAYS(T) \
    {                       \
        T *stage, *llr, *v2c, *c2v, *out, *sum, *total; \
    }
struct nfec_work_f NFEC_WORK_ARRAYS(float);
struct nfec_work_q NFEC_WORK_ARRAYS(int16_t);

struct nfec_decoder {
    const nfec_code* code;
    int n, m, edges, T, early_stop;
    /* sum-product flooding only: c2v(t) = (1 - damping) new + damping c2v(t - 1), t > 0 */
    float damping;
    nfec_isa isa;
    nfec_precision precision;
    nfec_update_rule update; /* the check rule (rules/rules.h) */
    int weighting;           /* NFEC_WEIGHTING_* */
    /* every weight the same at every iteration: one window, slot 0 */
    int invariant;
    /* a lane takes the next frame as soon as its own stops (needs every
     * iteration in one window); otherwise a group runs until all its lanes
     * have stopped */
    int refill;
    nfec_batch_fn run_float, run_fixed;
    struct nfec_hybrid* hybrid; /* OSD post-processing, NULL when off */
    const int *check_start, *edge_var, *var_start, *var_edges;
    int syn_m; /* independent checks, for the early-stop test */
    const int *syn_start, *syn_var;
    nfec_schedule schedule;
    void* block; /* every array below (decoder.c) */
    /* the weights, per iteration (T * n or T * E values), in float and
     * quantized (wf, wq), and in lane rows (rf, rq: NFEC_ROW iterations per
     * element) */
    struct nfec_weight_arrays_f wf, rf;
    struct nfec_weight_arrays_q wq, rq;
    /* work memory of one lane group, float (lf) and int16 (lq) */
    struct nfec_work_f lf;
    struct nfec_work_q lq;
};

/* The kernel alone (nfec_decoder_decode without post-processing). */
long nfec_kernel_decode(struct nfec_decoder*, const float*, float, size_t, uint8_t*, float*, int*);

/* OSD post-processing (nearml/hybrid.c): made for one decoder, decoding
 * through its kernel. */
struct nfec_hybrid;
nfec_status nfec_hybrid_create(const struct nfec_decoder* d, int order, nfec_osd_reliability by, struct nfec_hybrid** out, nfec_error* err);
void nfec_hybrid_destroy(struct nfec_hybrid* h);
int nfec_hybrid_order(const struct nfec_hybrid* h);
long long nfec_hybrid_frames(const struct nfec_hybrid* h);
long nfec_hybrid_decode(struct nfec_decoder*, const float*, float, size_t, uint8_t*, float*, int*);


#endif
