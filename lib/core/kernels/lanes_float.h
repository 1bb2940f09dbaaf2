/* The (neural) min-sum kernel, flooding schedule, NFEC_LANES frames at once.
 *
 * Included by a kernel_isa.c.in file, which sets VEC, the floats of one SIMD
 * register, and the instruction set, and calls run(). A group's value is G =
 * NFEC_LANES / VEC vectors (GCC/Clang vector extensions), so each operation
 * is G SIMD instructions whatever the code's degree distribution. Each step is
 * the reference path's (decoder/reference.c) operation for operation, with
 * -ffp-contract=off, so results are bit-identical to it. The update rules
 * and the weighting are rules/'s, in this file's vocabulary; weights are
 * plain per-iteration arrays: plain min-sum is this kernel with every weight
 * 1. */
#include "decoder/decoder_internal.h"
#include <stdint.h>

#define G (NFEC_LANES / VEC)
typedef float vf __attribute__((vector_size(4 * VEC)));
typedef int32_t vi __attribute__((vector_size(4 * VEC)));
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define SIGN ((int32_t)0x80000000u)
#define EACH for (int h = 0; h < G; h++)

ALWAYS_INLINE vf select_f(vi m, vf a, vf b) { return (vf)(((vi)a & m) | ((vi)b & ~m)); }
/* (a < b ? a : b) and (a > b ? a : b), exactly what minps / maxps compute,
 * and a broadcast: the compiler finds none of them by itself (the running
 * minimum's latency bounds the check pass; a weight is broadcast per edge). */
#if VEC == 8 && defined(NFEC_X86) && defined(__AVX__)
#include <immintrin.h>
ALWAYS_INLINE vf splat(float x) { return (vf)_mm256_set1_ps(x); }
ALWAYS_INLINE vf vmin(vf a, vf b) { return (vf)_mm256_min_ps((__m256)a, (__m256)b); }
ALWAYS_INLINE vf vmax(vf a, vf b) { return (vf)_mm256_max_ps((__m256)a, (__m256)b); }
/* row[slot] in each lane: one permute */
ALWAYS_INLINE vf pick(const float* row, vi slot) { return (vf)_mm256_permutevar8x32_ps(_mm256_load_ps(row), (__m256i)slot); }
#elif VEC == 4 && defined(NFEC_X86) && defined(__SSE2__)
#include <emmintrin.h>
ALWAYS_INLINE vf splat(float x) { return (vf)_mm_set1_ps(x); }
ALWAYS_INLINE vf vmin(vf a, vf b) { return (vf)_mm_min_ps((__m128)a, (__m128)b); }
ALWAYS_INLINE vf vmax(vf a, vf b) { return (vf)_mm_max_ps((__m128)a, (__m128)b); }
#define PICK_BY_LANE
#else
ALWAYS_INLINE vf splat(float x)
{
    vf r;
    for (int l = 0; l < VEC; l++)
        r[l] = x;
    return r;
}
ALWAYS_INLINE vf vmin(vf a, vf b) { return select_f(a < b, a, b); }
ALWAYS_INLINE vf vmax(vf a, vf b) { return select_f(a > b, a, b); }
#define PICK_BY_LANE
#endif
#ifdef PICK_BY_LANE
ALWAYS_INLINE vf pick(const float* row, vi slot)
{
    vf r;
    for (int l = 0; l < VEC; l++)
        r[l] = row[slot[l]];
    return r;
}
#endif
/* The reference's x > lim ? lim : (x < -lim ? -lim : x), for finite lim. */
ALWAYS_INLINE vf clamp(vf x, vf lim) { return vmax(vmin(lim, x), -lim); }

/* The rule vocabulary (rules/minsum.h) for a group vector. */
#define R_INLINE ALWAYS_INLINE
typedef vf RV;
typedef vi RI;
typedef vf RW;
R_INLINE RV r_splat(float x) { return splat(x); }
R_INLINE RI r_isplat(int32_t x) { return (vi){ 0 } + x; }
R_INLINE RV r_min(RV a, RV b) { return vmin(a, b); }
R_INLINE RV r_max(RV a, RV b) { return vmax(a, b); }
R_INLINE RV r_eq_sel(RV a, RV b, RV x, RV y) { return select_f(a == b, x, y); }
R_INLINE RV r_lt_sel(RV a, RV b, RV x, RV y) { return select_f(a < b, x, y); }
R_INLINE RI r_bits(RV x) { return (vi)x; }
R_INLINE RV r_from_bits(RI i) { return (vf)i; }
R_INLINE RV r_mulw(RV x, RW w) { return x * w; }
R_INLINE RV r_relu_mulw(RV x, RW w) { return select_f(x > splat(0.0f), x * w, splat(0.0f)); }
R_INLINE RV r_sub(RV a, RV b) { return a - b; }
#include "rules/rules.h"
#include "rules/weighting.h"
#define KERNEL_RULES NFEC_CHECK_RULES

/* A lane's slot in a weight row is the permute index itself. */
ALWAYS_INLINE int32_t sel_elem(int slot) { return slot; }
#define MASK_T vi
#define SEL_T vi
#include "kernels/lanes_step.h"

/* One iteration's check pass, with the variable side folded in: each v -> c
 * message is made as the check reads it, from the variable totals of the
 * previous iteration (total minus the edge's own c -> v message), and each
 * new c -> v message is added to its variable's sum as it is made. Edges are
 * numbered check by check, so every sum runs over its variable's edges in
 * the reference's order. The v -> c values of a check live only in
 * `scratch`; the only E-sized array is c2v, read and written in order.
 *
 * c -> v: the rule's magnitude over the other edges, weighted, with the sign
 * product of the other edges. Signs travel as sign bits: the product's sign
 * is their XOR, and "x < 0" (not the sign bit) decides, as in the
 * reference. scratch keeps the rule's prepared magnitude with that sign
 * (min-sum: x itself, its magnitude being |x|). Magnitudes are never NaN and
 * never -0, so min / max order agrees with the reference's comparisons. */
ALWAYS_INLINE void check_pass(const struct nfec_decoder* d, const struct step* s, const vf* total, vf* c2v, vf* scratch, vf* sum, const int rule,
                              const int weighting, const int uniform, const int masked)
{
    const float* wcv = d->lw_cv + (size_t)s->win * d->edges * NFEC_ROW;
    const float* bcv = d->lb_cv + (size_t)s->win * d->edges * NFEC_ROW;
    const vf zero = splat(0.0f), lim = splat(NFEC_MSG_MAX);
    const vi sign = (vi){ 0 } + SIGN;
    for (int v = 0; v < d->n * G; v++)
        sum[v] = zero;
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        EACH {
            const vi keep = masked ? s->keep[h] : (vi){ 0 } - 1;
            struct rule_state st;
            rule_begin(rule, &st, lim);
            vi sgn = (vi){ 0 };
            for (int e = e0; e < e1; e++) {
                const vf x = clamp(total[d->edge_var[e] * G + h] - (vf)((vi)c2v[e * G + h] & keep), lim);
                const vi neg = (x < zero) & sign;
                const vf p = rule_prep(rule, (vf)((vi)x & ~sign));
                scratch[e * G + h] = rule == NFEC_MINSUM ? x : (vf)((vi)p | neg);
                sgn ^= neg;
                rule_take(rule, &st, p);
            }
            for (int e = e0; e < e1; e++) {
                const vf q = scratch[e * G + h];
                const vf w = uniform ? splat(d->w_cv[e]) : pick(wcv + (size_t)e * NFEC_ROW, s->sel[h]);
                const vf b = uniform ? splat(d->b_cv[e]) : pick(bcv + (size_t)e * NFEC_ROW, s->sel[h]);
                const vf mag = weigh(rule_emit(rule, &st, (vf)((vi)q & ~sign)), weighting, w, b);
                const vf y = (vf)((vi)mag ^ sgn ^ ((q < zero) & sign));
                c2v[e * G + h] = y;
                sum[d->edge_var[e] * G + h] += y;
            }
        }
    }
}

/* Each lane's soft output of its iteration and the totals its v -> c
 * messages of the next are made from. */
ALWAYS_INLINE void var_pass(const struct nfec_decoder* d, const struct step* s, const vf* llr, const vf* sum, vf* out, vf* total, const int uniform)
{
    const float* wout = d->lw_out + (size_t)s->win * d->n * NFEC_ROW;
    const float* wch = d->lw_ch + (size_t)s->win_next * d->n * NFEC_ROW;
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            out[i] = (uniform ? splat(d->w_out[v]) : pick(wout + (size_t)v * NFEC_ROW, s->sel[h])) * llr[i] + sum[i];
            total[i] = sum[i] + (uniform ? splat(d->w_ch[v]) : pick(wch + (size_t)v * NFEC_ROW, s->sel_next[h])) * llr[i];
        }
}

/* The totals of fresh lanes: their weighted channel values. */
ALWAYS_INLINE void fresh_totals(const struct nfec_decoder* d, const mask* fresh, const vf* llr, vf* total)
{
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            total[i] = select_f(fresh->m[h], splat(d->w_ch[v]) * llr[i], total[i]);
        }
}

/* All-ones in the lanes whose hard decision of soft[] violates a check (of
 * a basis of H's rows: the same answer, less work on redundant matrices). */
ALWAYS_INLINE mask unsatisfied(const struct nfec_decoder* d, const vf* soft)
{
    const vf zero = splat(0.0f);
    mask bad;
    EACH {
        bad.m[h] = (vi){ 0 };
        for (int c = 0; c < d->syn_m; c++) {
            vi s = (vi){ 0 };
            for (int e = d->syn_start[c]; e < d->syn_start[c + 1]; e++)
                s ^= soft[d->syn_var[e] * G + h] < zero;
            bad.m[h] |= s;
        }
    }
    return bad;
}

/* Input: the scaled value, NaN as 0, clamped; output as is. */
ALWAYS_INLINE float to_lane(float scale, float in) { return nfec_llr_in(scale, in); }
ALWAYS_INLINE float from_lane(float x) { return x; }

#define LANES NFEC_LANES
#define ELEM_T float
#define LANE_T vf
#define BUF(d, name) ((vf*)(d)->name)
#define SCHEDULE_NAME run
#include "kernels/schedule_flooding.h"
