/* gr-neuralfec C core: the learned parameters of a neural min-sum decoder.
 *
 * For T iterations t = 0..T-1 on a code with n variables and E edges:
 *   v -> c:  m_vc(t) = w_ch[t][v] * l_v + sum_{c' != c} m_c'v(t-1)
 *   c -> v:  m_cv(t) = w_cv[t][e] * prod sign(m_v'c(t)) * max(0, min |m_v'c(t)| - b_cv[t][e])
 *   output:  s_v(t)  = w_out[t][v] * l_v + sum_c m_cv(t)
 * Each family may be shared across iterations and/or across its elements
 * (scalar normalized or offset min-sum); an absent family takes its neutral
 * value (1 for weights, 0 for offsets). With every weight 1 and every offset 0
 * the decoder is plain min-sum.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_WEIGHTS_H
#define INCLUDED_NFEC_WEIGHTS_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_error.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    NFEC_W_CH = 0, /* channel weight in v -> c messages, per variable */
    NFEC_W_CV,     /* check-message weight, per edge */
    NFEC_B_CV,     /* check-message offset, per edge */
    NFEC_W_OUT,    /* channel weight in the soft output, per variable */
    NFEC_FAMILIES
} nfec_family;

/* Sharing of one family, as bit flags. */
enum {
    NFEC_SHARE_ABSENT = -1,   /* not stored: neutral value everywhere */
    NFEC_PER_ITERATION = 1,   /* a separate value for each iteration */
    NFEC_PER_ELEMENT = 2,     /* a separate value for each variable or edge */
};

typedef struct nfec_weights nfec_weights;

/* Weights for `code` and T iterations, each family with the given sharing
 * (a combination of the flags above, or NFEC_SHARE_ABSENT), filled with its
 * neutral value. */
nfec_weights* nfec_weights_create(const nfec_code* code,
                                  int iterations,
                                  const int sharing[NFEC_FAMILIES],
                                  nfec_error* err);
/* Classic hand-made decoders: normalized (alpha) and offset (beta) min-sum,
 * one scalar each for all edges and iterations. alpha = 1, beta = 0 is min-sum. */
nfec_weights* nfec_weights_create_scalar(const nfec_code* code,
                                         int iterations,
                                         float alpha,
                                         float beta,
                                         nfec_error* err);
nfec_weights* nfec_weights_clone(const nfec_weights* w, nfec_error* err);
void nfec_weights_destroy(nfec_weights* w);

int nfec_weights_iterations(const nfec_weights* w);
int nfec_weights_sharing(const nfec_weights* w, nfec_family f);
/* Elements of a family per iteration: n for W_CH/W_OUT, E for W_CV/B_CV. */
int nfec_weights_family_length(const nfec_weights* w, nfec_family f);
/* Number of stored parameters of a family (0 when absent) and their storage:
 * index (t, i) is at [(per_iteration ? t : 0) * (per_element ? len : 1) +
 * (per_element ? i : 0)]. */
int nfec_weights_count(const nfec_weights* w, nfec_family f);
float* nfec_weights_data(nfec_weights* w, nfec_family f);
const float* nfec_weights_data_const(const nfec_weights* w, nfec_family f);
/* The value every (t, i) of a family takes, written to out[T * len]. */
void nfec_weights_expand(const nfec_weights* w, nfec_family f, float* out);
/* 1 when the weights are a scalar decoder: every check weight one value
 * (*alpha), every offset one value (*beta, 0 when absent), the channel and
 * output weights neutral (normalized, offset or plain min-sum: nothing
 * learned per edge or iteration); else 0. */
int nfec_weights_scalar(const nfec_weights* w, float* alpha, float* beta);
/* The code identity the weights belong to. */
const char* nfec_weights_code_spec(const nfec_weights* w);
uint64_t nfec_weights_code_hash(const nfec_weights* w);
int nfec_weights_code_n(const nfec_weights* w);
int nfec_weights_code_checks(const nfec_weights* w);
int nfec_weights_code_edges(const nfec_weights* w);
/* NFEC_OK when the weights were made for this code (same matrix), else
 * NFEC_EMISMATCH with a message naming both. */
nfec_status nfec_weights_match_code(const nfec_weights* w,
                                    const nfec_code* code,
                                    nfec_error* err);
/* Where a student named by the user lives: NAME itself when such a file
 * exists, else DIR/NAME.nfw (a shipped student); NFEC_EIO naming both when
 * neither does. */
nfec_status nfec_student_path(const char* name, const char* dir, char* out, size_t size, nfec_error* err);
/* NFEC_OK when the weights decode `code`'s frames: made for its matrix, or
 * for another matrix of the same code (bch:N,K:cyclic for bch:N,K: same n, k
 * and information positions), in which case *own (if own is not NULL)
 * receives that matrix's code, to decode on and to destroy; else NULL. */
nfec_status nfec_weights_fit_code(const nfec_weights* w, const nfec_code* code, nfec_code** own, nfec_error* err);

/* "w_ch", "w_cv", "b_cv", "w_out". */
const char* nfec_family_name(nfec_family f);

/* Weight files (docs/weight-file-format.md). load validates everything and
 * names the fault; save refuses weights that are not finite or beyond
 * NFEC_WEIGHT_MAX and writes atomically
 * (temp file, fsync, rename). parse reads a file image already in memory;
 * `name` labels it in messages. */
nfec_weights* nfec_weights_load(const char* path, nfec_error* err);
nfec_weights* nfec_weights_parse(const void* data, size_t size, const char* name, nfec_error* err);
nfec_status nfec_weights_save(const nfec_weights* w, const char* path, nfec_error* err);
/* NFEC_OK when every stored weight is finite and within +-NFEC_WEIGHT_MAX,
 * else names the first that is not. The bound keeps every product and sum
 * of the decoders finite (LLRs are clamped to 1e4, messages to 1e6), so the
 * SIMD kernels and the reference path agree on any file that loads; trained
 * weights are of order 1. */
#define NFEC_WEIGHT_MAX 1.0e4f
nfec_status nfec_weights_check_finite(const nfec_weights* w, nfec_error* err);

/* The check-node update rule and the schedule the weights are for
 * (nfec_decoder.h): a decoder given the weights runs them. New weights are
 * for min-sum, flooding. */
typedef enum { NFEC_MINSUM = 0, NFEC_SUMPRODUCT = 1 } nfec_update_rule;
typedef enum { NFEC_FLOODING = 0, NFEC_LAYERED = 1 } nfec_schedule;
nfec_update_rule nfec_weights_update_rule(const nfec_weights* w);
nfec_status nfec_weights_set_update_rule(nfec_weights* w, nfec_update_rule rule, nfec_error* err);
nfec_schedule nfec_weights_schedule(const nfec_weights* w);
nfec_status nfec_weights_set_schedule(nfec_weights* w, nfec_schedule schedule, nfec_error* err);

/* Free-text provenance carried in the weight file. */
const char* nfec_weights_provenance(const nfec_weights* w);
nfec_status nfec_weights_set_provenance(nfec_weights* w, const char* text, nfec_error* err);

#ifdef __cplusplus
}
#endif
#endif
