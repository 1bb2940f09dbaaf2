/* The float lane layout: NFEC_LANES frames at once, one per SIMD lane.
 *
 * Included by a kernel_isa.c.in file, which sets VEC, the floats of one SIMD
 * register, and the instruction set, and calls run(). A group's value is G =
 * NFEC_LANES / VEC vectors (GCC/Clang vector extensions), so each operation
 * is G SIMD instructions whatever the code's degree distribution. Each step is
 * the reference path's (decoder/reference.c) operation for operation, with
 * -ffp-contract=off, so results are bit-identical to it. The update rules
 * and the weighting are rules/'s, the schedules kernels/schedule_*.h, both in
 * this file's vocabulary; weights are plain per-iteration arrays: plain
 * min-sum is this kernel with every weight 1. */
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
#include "rules/all.h"
#include "rules/weighting.h"


/* A lane's slot in a weight row is the permute index itself. */
ALWAYS_INLINE int32_t sel_elem(int slot) { return slot; }
#define MASK_T vi
#define SEL_T vi
#include "kernels/lanes_step.h"

/* The lane vocabulary of the schedules (schedule_flooding.h). Signs travel
 * as sign bits: a sign token is x < 0 as a sign bit ("x < 0", not x's sign
 * bit, decides, as in the reference), a product of signs the XOR of
 * tokens. A memo (what a check keeps of an edge between its two loops) is
 * min-sum's x itself, else the rule's prepared magnitude (never negative,
 * never -0) with the token's sign bit. Magnitudes are never NaN and never
 * -0, so min / max order agrees with the reference's comparisons. */
typedef float ELEM_T;
typedef vf LANE_T;
typedef vi TOK_T;
#define WF(d) ((d)->wf)
#define WR(d) ((d)->rf)
ALWAYS_INLINE vf l_zero(void) { return splat(0.0f); }
ALWAYS_INLINE vi l_all(void) { return (vi){ 0 } - 1; }
ALWAYS_INLINE vf l_lim(void) { return splat(NFEC_MSG_MAX); }
ALWAYS_INLINE vf l_clamp(vf x) { return clamp(x, splat(NFEC_MSG_MAX)); }
ALWAYS_INLINE vf l_keep(vf x, vi keep) { return (vf)((vi)x & keep); }
ALWAYS_INLINE vf l_add(vf a, vf b) { return a + b; }
ALWAYS_INLINE vf l_sub(vf a, vf b) { return a - b; }
ALWAYS_INLINE vf l_abs(vf x) { return (vf)((vi)x & ~((vi){ 0 } + SIGN)); }
ALWAYS_INLINE vi l_tok(vf x) { return (x < splat(0.0f)) & SIGN; }
ALWAYS_INLINE vi l_tok_none(void) { return (vi){ 0 }; }
ALWAYS_INLINE vf l_memo(const int rule, vf x, vf p, vi tok) { return rule == NFEC_MINSUM ? x : (vf)((vi)p | tok); }
ALWAYS_INLINE vf l_memo_mag(vf q) { return l_abs(q); }
ALWAYS_INLINE vi l_memo_tok(vf q) { return l_tok(q); }
ALWAYS_INLINE vf l_signed(vf mag, vi tok) { return (vf)((vi)mag ^ tok); }
ALWAYS_INLINE vf l_sel(vi m, vf a, vf b) { return select_f(m, a, b); }
ALWAYS_INLINE vi s_none(void) { return (vi){ 0 }; }
/* Weight i: the flat value for every lane (uniform) or each lane's slot of
 * its row. */
ALWAYS_INLINE RW l_w(const float* flat, const float* rows, int i, vi sel, const int uniform)
{
    return uniform ? splat(flat[i]) : pick(rows + (size_t)i * NFEC_ROW, sel);
}
ALWAYS_INLINE vf l_b(const float* flat, const float* rows, int i, vi sel, const int uniform) { return l_w(flat, rows, i, sel, uniform); }

#include "kernels/schedule_flooding.h"
#include "kernels/schedule_layered.h"

/* All-ones in the lanes whose hard decision of soft[] violates a check (of
 * a basis of H's rows: the same answer, less work on redundant matrices). */
ALWAYS_INLINE int every_lane(vi m)
{
    int32_t all = -1;
    for (int l = 0; l < VEC; l++)
        all &= m[l];
    return all == -1;
}

/* Once every lane has failed a check the mask is final: stop there (tested
 * every SYN_STRIDE checks), as most iterations of a frame fail early. */
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
            if (c % SYN_STRIDE == SYN_STRIDE - 1 && every_lane(bad.m[h]))
                break;
        }
    }
    return bad;
}

/* Input: the scaled value, NaN as 0, clamped; output as is. */
ALWAYS_INLINE void to_lane_tile(float scale, const float* in, float* out)
{
    for (int j = 0; j < STAGE_TILE; j++)
        out[j] = nfec_llr_in(scale, in[j]);
}
ALWAYS_INLINE float from_lane(float x) { return x; }

#define LANES NFEC_LANES
#define BUF(d, name) ((vf*)(d)->lf.name)
#define SCHEDULE_NAME run
#include "kernels/lanes_batch.h"
