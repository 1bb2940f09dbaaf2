/* The decoder object, shared by decode.c (API, reference path) and
 * minsum_lanes.c (the SIMD kernel); not part of the public API. */
#ifndef INCLUDED_NFEC_DECODER_INTERNAL_H
#define INCLUDED_NFEC_DECODER_INTERNAL_H

#include "internal.h"
#include <gnuradio/neuralfec/nfec_decoder.h>

/* What the check rule needs of the weights: plain min-sum (every w_cv 1,
 * every b_cv 0), scaled (every b_cv 0, every w_cv >= 0) or the full rule. */
enum { NFEC_RULE_PLAIN, NFEC_RULE_SCALED, NFEC_RULE_FULL };

struct nfec_decoder {
    const nfec_code* code;
    int n, m, edges, T, early_stop;
    nfec_isa isa;
    nfec_precision precision;
    int check_rule;
    void (*run_group)(struct nfec_decoder*, int*);
    void (*run_fixed)(struct nfec_decoder*, int*);
    const int *check_start, *edge_var, *var_start, *var_edges;
    int syn_m; /* independent checks, for the early-stop test */
    const int *syn_start, *syn_var;
    float *w_ch, *w_cv, *b_cv, *w_out; /* T * n, T * E, T * E, T * n */
    /* work memory of one group: frame l of value i at [i * NFEC_LANES + l],
     * aligned to a whole group */
    float *llr, *v2c, *c2v, *out, *final; /* n, E, E, n, n groups */
    float *sum, *total;                   /* n, n groups */
    /* the fixed-point kernel's weights (quantized from the float ones) and
     * work memory, groups of NFEC_FIXED_LANES */
    int16_t *qw_ch, *qw_cv, *qb_cv, *qw_out;
    int16_t *q_llr, *q_v2c, *q_c2v, *q_out, *q_final, *q_sum, *q_total;
};

/* Decodes the group in d->llr into d->final, each lane's iterations in
 * iters[NFEC_LANES]; one build per instruction set. */
void nfec_lanes_portable(struct nfec_decoder* d, int* iters);
void nfec_fixed_portable(struct nfec_decoder* d, int* iters);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NFEC_PORTABLE_ONLY)
#define NFEC_X86 1
void nfec_lanes_sse41(struct nfec_decoder* d, int* iters);
void nfec_lanes_avx2(struct nfec_decoder* d, int* iters);
void nfec_lanes_avx512(struct nfec_decoder* d, int* iters);
void nfec_fixed_sse41(struct nfec_decoder* d, int* iters);
void nfec_fixed_avx2(struct nfec_decoder* d, int* iters);
void nfec_fixed_avx512(struct nfec_decoder* d, int* iters);
#endif

#endif
