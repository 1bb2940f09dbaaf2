/* The 16-bit fixed-point (neural) min-sum kernel, NFEC_FIXED_LANES frames at
 * once, flooding schedule.
 *
 * Included by a file that sets VEC, the int16 values of one SIMD register,
 * and builds run_fixed() once per instruction set of that width. Arithmetic
 * (the contract every build meets bit for bit, see nfec_decoder.h):
 *   messages are integers in units of 2^-NFEC_FIXED_FRAC LLR, clamped to
 *   +-NFEC_FIXED_MAX; sums saturate at the int16 range, in edge order;
 *   a weight w is wq = round(w * 2^WFRAC) and w * x is
 *   sat16((x * wq + 2^(WFRAC - 1)) >> WFRAC); an offset is round(b * 2^FRAC).
 * Lane operations use SSE2 / AVX2 instructions on x86 and plain vector
 * extensions (through int32) elsewhere. */
#include "decoder_internal.h"
#include <stdint.h>

#define G (NFEC_FIXED_LANES / VEC)
typedef int16_t vs __attribute__((vector_size(2 * VEC)));
typedef int32_t vw __attribute__((vector_size(4 * VEC)));
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define EACH for (int h = 0; h < G; h++)

#if VEC == 16 && defined(NFEC_X86) && defined(__AVX2__)
#include <immintrin.h>
#define I(x) ((__m256i)(x))
ALWAYS_INLINE vs splat16(int x) { return (vs)_mm256_set1_epi16((short)x); }
ALWAYS_INLINE vs adds(vs a, vs b) { return (vs)_mm256_adds_epi16(I(a), I(b)); }
ALWAYS_INLINE vs subs(vs a, vs b) { return (vs)_mm256_subs_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmin(vs a, vs b) { return (vs)_mm256_min_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmax(vs a, vs b) { return (vs)_mm256_max_epi16(I(a), I(b)); }
/* (x, 1) pairs times (wq, 2^(WFRAC-1)) pairs: one madd gives the rounded
 * product in 32 bits; unpack and pack both work per 128-bit half, so the
 * lanes come back in order. */
ALWAYS_INLINE vs mulw(vs x, int wq)
{
    const __m256i pair = _mm256_set1_epi32((int32_t)((uint32_t)(1 << (NFEC_FIXED_WFRAC - 1)) << 16 | (uint16_t)wq));
    const __m256i one = _mm256_set1_epi16(1);
    const __m256i lo = _mm256_srai_epi32(_mm256_madd_epi16(_mm256_unpacklo_epi16(I(x), one), pair), NFEC_FIXED_WFRAC);
    const __m256i hi = _mm256_srai_epi32(_mm256_madd_epi16(_mm256_unpackhi_epi16(I(x), one), pair), NFEC_FIXED_WFRAC);
    return (vs)_mm256_packs_epi32(lo, hi);
}
#elif VEC == 8 && defined(NFEC_X86) && defined(__SSE2__)
#include <emmintrin.h>
#define I(x) ((__m128i)(x))
ALWAYS_INLINE vs splat16(int x) { return (vs)_mm_set1_epi16((short)x); }
ALWAYS_INLINE vs adds(vs a, vs b) { return (vs)_mm_adds_epi16(I(a), I(b)); }
ALWAYS_INLINE vs subs(vs a, vs b) { return (vs)_mm_subs_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmin(vs a, vs b) { return (vs)_mm_min_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmax(vs a, vs b) { return (vs)_mm_max_epi16(I(a), I(b)); }
ALWAYS_INLINE vs mulw(vs x, int wq)
{
    const __m128i pair = _mm_set1_epi32((int32_t)((uint32_t)(1 << (NFEC_FIXED_WFRAC - 1)) << 16 | (uint16_t)wq));
    const __m128i one = _mm_set1_epi16(1);
    const __m128i lo = _mm_srai_epi32(_mm_madd_epi16(_mm_unpacklo_epi16(I(x), one), pair), NFEC_FIXED_WFRAC);
    const __m128i hi = _mm_srai_epi32(_mm_madd_epi16(_mm_unpackhi_epi16(I(x), one), pair), NFEC_FIXED_WFRAC);
    return (vs)_mm_packs_epi32(lo, hi);
}
#else
ALWAYS_INLINE vs splat16(int x)
{
    vs r;
    for (int l = 0; l < VEC; l++)
        r[l] = (int16_t)x;
    return r;
}
ALWAYS_INLINE vs sat(vw x)
{
    const vw hi = (vw){ 0 } + INT16_MAX, lo = (vw){ 0 } + INT16_MIN;
    x = ((x > hi) & hi) | (~(x > hi) & x);
    x = ((x < lo) & lo) | (~(x < lo) & x);
    return __builtin_convertvector(x, vs);
}
ALWAYS_INLINE vw wide(vs x) { return __builtin_convertvector(x, vw); }
ALWAYS_INLINE vs adds(vs a, vs b) { return sat(wide(a) + wide(b)); }
ALWAYS_INLINE vs subs(vs a, vs b) { return sat(wide(a) - wide(b)); }
ALWAYS_INLINE vs vmin(vs a, vs b) { return ((a < b) & a) | (~(a < b) & b); }
ALWAYS_INLINE vs vmax(vs a, vs b) { return ((a > b) & a) | (~(a > b) & b); }
ALWAYS_INLINE vs mulw(vs x, int wq) { return sat((wide(x) * wq + (1 << (NFEC_FIXED_WFRAC - 1))) >> NFEC_FIXED_WFRAC); }
#endif

ALWAYS_INLINE vs clamp(vs x) { return vmax(vmin(x, splat16(NFEC_FIXED_MAX)), splat16(-NFEC_FIXED_MAX)); }
/* -x where s is negative (|x| <= NFEC_FIXED_MAX, so no overflow). */
ALWAYS_INLINE vs negate_where(vs x, vs s)
{
    const vs m = s >> 15;
    return (x ^ m) - m;
}
ALWAYS_INLINE vs select16(vs m, vs a, vs b) { return (a & m) | (b & ~m); }

/* The check pass with the variable side folded in, as in minsum_lanes.h
 * (the sums saturate in the same edge order as the reference's). The sign
 * of the product of the other edges' messages is the sign bit of the XOR of
 * all of them with the edge's own. */
ALWAYS_INLINE void check_pass(const struct nfec_decoder* d, int t, const vs* llr, const vs* total, vs* c2v, vs* scratch, vs* sum,
                              const int rule, const int first)
{
    const int16_t* wcv = d->qw_cv + (size_t)t * d->edges;
    const int16_t* bcv = d->qb_cv + (size_t)t * d->edges;
    const vs zero = splat16(0);
    for (int v = 0; v < d->n * G; v++)
        sum[v] = zero;
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        EACH {
            vs min1 = splat16(NFEC_FIXED_MAX), min2 = min1, sgn = zero;
            for (int e = e0; e < e1; e++) {
                const int v = d->edge_var[e] * G + h;
                const vs x = first ? clamp(mulw(llr[v], d->qw_ch[d->edge_var[e]])) : clamp(subs(total[v], c2v[e * G + h]));
                scratch[e * G + h] = x;
                const vs a = vmax(x, -x);
                sgn ^= x;
                min2 = vmin(vmax(a, min1), min2);
                min1 = vmin(a, min1);
            }
            for (int e = e0; e < e1; e++) {
                const vs x = scratch[e * G + h];
                vs mag = select16(vmax(x, -x) == min1, min2, min1);
                if (rule == NFEC_RULE_SCALED)
                    mag = mulw(mag, wcv[e]);
                else if (rule == NFEC_RULE_FULL)
                    mag = mulw(vmax(subs(mag, splat16(bcv[e])), zero), wcv[e]);
                const vs y = clamp(negate_where(mag, sgn ^ x));
                c2v[e * G + h] = y;
                const int v = d->edge_var[e] * G + h;
                sum[v] = adds(sum[v], y);
            }
        }
    }
}

ALWAYS_INLINE void var_pass(const struct nfec_decoder* d, int t, const vs* llr, const vs* sum, vs* out, vs* total, int next)
{
    const int16_t* wout = d->qw_out + (size_t)t * d->n;
    const int16_t* wch = d->qw_ch + (size_t)(next ? t + 1 : t) * d->n;
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            out[i] = adds(mulw(llr[i], wout[v]), sum[i]);
            if (next)
                total[i] = adds(sum[i], mulw(llr[i], wch[v]));
        }
}

typedef struct {
    vs m[G];
} mask;

ALWAYS_INLINE mask unsatisfied(const struct nfec_decoder* d, const vs* soft)
{
    mask bad;
    EACH {
        bad.m[h] = splat16(0);
        for (int c = 0; c < d->syn_m; c++) {
            vs s = splat16(0);
            for (int e = d->syn_start[c]; e < d->syn_start[c + 1]; e++)
                s ^= soft[d->syn_var[e] * G + h];
            bad.m[h] |= s >> 15;
        }
    }
    return bad;
}

#define LANE_T vs
#define MASK_T vs
#define BUF(d, name) ((vs*)(d)->q_##name)
#define SCHEDULE_NAME run_fixed
#define select_lane select16
#include "lanes_schedule.h"
