/* The (neural) min-sum kernel, flooding schedule, NFEC_LANES frames at once.
 *
 * Included by a file that sets VEC, the floats of one SIMD register, and then
 * builds run() once per instruction set of that width. A group's value is G =
 * NFEC_LANES / VEC vectors (GCC/Clang vector extensions), so each operation
 * is G SIMD instructions whatever the code's degree distribution. Each step is
 * the reference path's (decode.c) operation for operation, with
 * -ffp-contract=off, so results are bit-identical to it. Rules are plain
 * per-iteration arrays: plain min-sum is this kernel with every weight 1. */
#include "decoder_internal.h"
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
#elif VEC == 4 && defined(NFEC_X86) && defined(__SSE2__)
#include <emmintrin.h>
ALWAYS_INLINE vf splat(float x) { return (vf)_mm_set1_ps(x); }
ALWAYS_INLINE vf vmin(vf a, vf b) { return (vf)_mm_min_ps((__m128)a, (__m128)b); }
ALWAYS_INLINE vf vmax(vf a, vf b) { return (vf)_mm_max_ps((__m128)a, (__m128)b); }
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
#endif
/* The reference's x > lim ? lim : (x < -lim ? -lim : x), for finite lim. */
ALWAYS_INLINE vf clamp(vf x, vf lim) { return vmax(vmin(lim, x), -lim); }

/* One iteration's check pass, with the variable side folded in: each v -> c
 * message is made as the check reads it, from the variable totals of the
 * previous iteration (total minus the edge's own c -> v message; on the
 * first iteration the weighted channel value), and each new c -> v message
 * is added to its variable's sum as it is made. Edges are numbered check by
 * check, so every sum runs over its variable's edges in the reference's
 * order. The v -> c values of a check live only in `scratch`; the only
 * E-sized array is c2v, read and written in order.
 *
 * c -> v: sign product and min / second min over the other edges, then
 * offset, ReLU and weight. Signs travel as sign bits: the product's sign is
 * their XOR, and "x < 0" (not the sign bit) decides, as in the reference.
 * The edge that holds the minimum is recognized by |x| == min1 rather than
 * by its index: on a tie min2 == min1, so either choice is the same value.
 * Magnitudes are never NaN and never -0, so min / max order agrees with the
 * reference's comparisons. */
ALWAYS_INLINE void check_pass(const struct nfec_decoder* d, int t, const vf* llr, const vf* total, vf* c2v, vf* scratch, vf* sum,
                              const int rule, const int first)
{
    const float* wcv = d->w_cv + (size_t)t * d->edges;
    const float* bcv = d->b_cv + (size_t)t * d->edges;
    const vf zero = splat(0.0f), lim = splat(NFEC_MSG_MAX);
    const vi sign = (vi){ 0 } + SIGN;
    for (int v = 0; v < d->n * G; v++)
        sum[v] = zero;
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        EACH {
            vf min1 = lim, min2 = min1;
            vi sgn = (vi){ 0 };
            for (int e = e0; e < e1; e++) {
                const int v = d->edge_var[e] * G + h;
                const vf x = first ? clamp(splat(d->w_ch[d->edge_var[e]]) * llr[v], lim) : clamp(total[v] - c2v[e * G + h], lim);
                scratch[e * G + h] = x;
                const vf a = (vf)((vi)x & ~sign);
                sgn ^= (x < zero) & sign;
                min2 = vmin(vmax(a, min1), min2);
                min1 = vmin(a, min1);
            }
            for (int e = e0; e < e1; e++) {
                const vf x = scratch[e * G + h];
                const vf a = (vf)((vi)x & ~sign);
                vf mag = select_f(a == min1, min2, min1);
                if (rule == NFEC_RULE_SCALED) /* equal to the full rule when b = 0, w >= 0 */
                    mag = mag * splat(wcv[e]);
                else if (rule == NFEC_RULE_FULL) {
                    mag = mag - splat(bcv[e]);
                    mag = select_f(mag > zero, mag * splat(wcv[e]), zero);
                }
                const vf y = (vf)((vi)mag ^ sgn ^ ((x < zero) & sign));
                c2v[e * G + h] = y;
                sum[d->edge_var[e] * G + h] += y;
            }
        }
    }
}

/* Soft output of iteration t and, when next, the totals the v -> c messages
 * of iteration t + 1 are made from. */
ALWAYS_INLINE void var_pass(const struct nfec_decoder* d, int t, const vf* llr, const vf* sum, vf* out, vf* total, int next)
{
    const float* wout = d->w_out + (size_t)t * d->n;
    const float* wch = d->w_ch + (size_t)(next ? t + 1 : t) * d->n;
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            out[i] = splat(wout[v]) * llr[i] + sum[i];
            if (next)
                total[i] = sum[i] + splat(wch[v]) * llr[i];
        }
}

/* A lane mask of the whole group. */
typedef struct {
    vi m[G];
} mask;

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

#define LANE_T vf
#define MASK_T vi
#define BUF(d, name) ((vf*)(d)->name)
#define SCHEDULE_NAME run
#define select_lane select_f
#include "lanes_schedule.h"
