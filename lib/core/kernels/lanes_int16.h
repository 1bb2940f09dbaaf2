/* The 16-bit fixed-point lane layout: NFEC_FIXED_LANES frames at once, one
 * per SIMD lane, min-sum only.
 *
 * Included by a kernel_isa.c.in file, which sets VEC, the int16 values of
 * one SIMD register, and the instruction set, and calls run_fixed(). Arithmetic
 * (the contract every build meets bit for bit, see nfec_decoder.h):
 *   messages are integers in units of 2^-NFEC_FIXED_FRAC LLR, clamped to
 *   +-NFEC_FIXED_MAX; sums saturate at the int16 range, in edge order;
 *   a weight w is wq = round(w * 2^WFRAC) and w * x is
 *   sat16((x * wq + 2^(WFRAC - 1)) >> WFRAC); an offset is round(b * 2^FRAC).
 * Lane operations use SSE2 / AVX2 instructions on x86 and plain vector
 * extensions (through int32) elsewhere. */
#include "decoder/decoder_internal.h"
#include <stdint.h>
#include <string.h>

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
ALWAYS_INLINE vs mul_pairs(vs x, __m256i lo_pairs, __m256i hi_pairs)
{
    const __m256i one = _mm256_set1_epi16(1);
    const __m256i lo = _mm256_madd_epi16(_mm256_unpacklo_epi16(I(x), one), lo_pairs);
    const __m256i hi = _mm256_madd_epi16(_mm256_unpackhi_epi16(I(x), one), hi_pairs);
    return (vs)_mm256_packs_epi32(_mm256_srai_epi32(lo, NFEC_FIXED_WFRAC), _mm256_srai_epi32(hi, NFEC_FIXED_WFRAC));
}
ALWAYS_INLINE vs mulw(vs x, vs wq)
{
    const __m256i half = _mm256_set1_epi16(1 << (NFEC_FIXED_WFRAC - 1));
    return mul_pairs(x, _mm256_unpacklo_epi16(I(wq), half), _mm256_unpackhi_epi16(I(wq), half));
}
/* One weight for every lane: its pair is a single broadcast. */
ALWAYS_INLINE vs mulw1(vs x, int wq)
{
    const __m256i pair = _mm256_set1_epi32((int32_t)((uint32_t)(1 << (NFEC_FIXED_WFRAC - 1)) << 16 | (uint16_t)wq));
    return mul_pairs(x, pair, pair);
}
/* row[slot] in each lane: the row (8 int16) in both halves, one byte
 * shuffle; sel holds each lane's byte pair (2 slot, 2 slot + 1). */
ALWAYS_INLINE vs pick(const int16_t* row, vs sel)
{
    return (vs)_mm256_shuffle_epi8(_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*)row)), I(sel));
}
ALWAYS_INLINE int16_t sel_elem(int slot) { return (int16_t)(2 * slot | (2 * slot + 1) << 8); }
#elif VEC == 8 && defined(NFEC_X86) && defined(__SSE2__)
#include <emmintrin.h>
#define I(x) ((__m128i)(x))
ALWAYS_INLINE vs splat16(int x) { return (vs)_mm_set1_epi16((short)x); }
ALWAYS_INLINE vs adds(vs a, vs b) { return (vs)_mm_adds_epi16(I(a), I(b)); }
ALWAYS_INLINE vs subs(vs a, vs b) { return (vs)_mm_subs_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmin(vs a, vs b) { return (vs)_mm_min_epi16(I(a), I(b)); }
ALWAYS_INLINE vs vmax(vs a, vs b) { return (vs)_mm_max_epi16(I(a), I(b)); }
ALWAYS_INLINE vs mul_pairs(vs x, __m128i lo_pairs, __m128i hi_pairs)
{
    const __m128i one = _mm_set1_epi16(1);
    const __m128i lo = _mm_madd_epi16(_mm_unpacklo_epi16(I(x), one), lo_pairs);
    const __m128i hi = _mm_madd_epi16(_mm_unpackhi_epi16(I(x), one), hi_pairs);
    return (vs)_mm_packs_epi32(_mm_srai_epi32(lo, NFEC_FIXED_WFRAC), _mm_srai_epi32(hi, NFEC_FIXED_WFRAC));
}
ALWAYS_INLINE vs mulw(vs x, vs wq)
{
    const __m128i half = _mm_set1_epi16(1 << (NFEC_FIXED_WFRAC - 1));
    return mul_pairs(x, _mm_unpacklo_epi16(I(wq), half), _mm_unpackhi_epi16(I(wq), half));
}
ALWAYS_INLINE vs mulw1(vs x, int wq)
{
    const __m128i pair = _mm_set1_epi32((int32_t)((uint32_t)(1 << (NFEC_FIXED_WFRAC - 1)) << 16 | (uint16_t)wq));
    return mul_pairs(x, pair, pair);
}
#define PICK_BY_LANE
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
ALWAYS_INLINE vs mulw(vs x, vs wq) { return sat((wide(x) * wide(wq) + (1 << (NFEC_FIXED_WFRAC - 1))) >> NFEC_FIXED_WFRAC); }
ALWAYS_INLINE vs mulw1(vs x, int wq) { return mulw(x, splat16(wq)); }
#define PICK_BY_LANE
#endif
#ifdef PICK_BY_LANE
/* row[slot] in each lane; sel holds the slots. */
ALWAYS_INLINE vs pick(const int16_t* row, vs sel)
{
    vs r;
    for (int l = 0; l < VEC; l++)
        r[l] = row[sel[l]];
    return r;
}
ALWAYS_INLINE int16_t sel_elem(int slot) { return (int16_t)slot; }
#endif

ALWAYS_INLINE vs clamp(vs x) { return vmax(vmin(x, splat16(NFEC_FIXED_MAX)), splat16(-NFEC_FIXED_MAX)); }
/* -x where s is negative (|x| <= NFEC_FIXED_MAX, so no overflow). */
ALWAYS_INLINE vs negate_where(vs x, vs s)
{
    const vs m = s >> 15;
    return (x ^ m) - m;
}
ALWAYS_INLINE vs select16(vs m, vs a, vs b) { return (a & m) | (b & ~m); }

/* The rule vocabulary (rules/minsum.h) for a group vector; a weight is its
 * lanes or, uniform, the one value mulw1 broadcasts. */
#define R_INLINE ALWAYS_INLINE
typedef vs RV;
typedef struct {
    vs lanes;
    int one, uniform;
} RW;
R_INLINE RV r_min(RV a, RV b) { return vmin(a, b); }
R_INLINE RV r_max(RV a, RV b) { return vmax(a, b); }
R_INLINE RV r_eq_sel(RV a, RV b, RV x, RV y) { return select16(a == b, x, y); }
R_INLINE RV r_mulw(RV x, RW w) { return w.uniform ? mulw1(x, w.one) : mulw(x, w.lanes); }
R_INLINE RV r_relu_mulw(RV x, RW w) { return r_mulw(vmax(x, splat16(0)), w); }
R_INLINE RV r_sub(RV a, RV b) { return subs(a, b); }
#include "rules/minsum.h"
#define KERNEL_RULES(X) X(NFEC_MINSUM, minsum, "min-sum")
#include "rules/dispatch.h"
#include "rules/weighting.h"

#define MASK_T vs
#define SEL_T vs
#include "kernels/lanes_step.h"

/* The lane vocabulary of the schedules (schedule_flooding.h): messages are
 * clamped to +-NFEC_FIXED_MAX and sums saturate; a sign token is x itself
 * (its sign bit), a product of signs the XOR of tokens; min-sum's memo is x. */
typedef int16_t ELEM_T;
typedef vs LANE_T;
typedef vs TOK_T;
#define WF(d) ((d)->wq)
#define WR(d) ((d)->rq)
ALWAYS_INLINE vs l_zero(void) { return splat16(0); }
ALWAYS_INLINE vs l_all(void) { return splat16(-1); }
ALWAYS_INLINE vs l_lim(void) { return splat16(NFEC_FIXED_MAX); }
ALWAYS_INLINE vs l_clamp(vs x) { return clamp(x); }
ALWAYS_INLINE vs l_keep(vs x, vs keep) { return x & keep; }
ALWAYS_INLINE vs l_add(vs a, vs b) { return adds(a, b); }
ALWAYS_INLINE vs l_sub(vs a, vs b) { return subs(a, b); }
ALWAYS_INLINE vs l_abs(vs x) { return vmax(x, -x); }
ALWAYS_INLINE vs l_tok(vs x) { return x; }
ALWAYS_INLINE vs l_tok_none(void) { return splat16(0); }
ALWAYS_INLINE vs l_memo(const int rule, vs x, vs p, vs tok)
{
    (void)rule, (void)p, (void)tok;
    return x;
}
ALWAYS_INLINE vs l_memo_mag(vs q) { return l_abs(q); }
ALWAYS_INLINE vs l_memo_tok(vs q) { return q; }
ALWAYS_INLINE vs l_signed(vs mag, vs tok) { return clamp(negate_where(mag, tok)); }
ALWAYS_INLINE vs l_sel(vs m, vs a, vs b) { return select16(m, a, b); }
ALWAYS_INLINE vs s_none(void) { return splat16(0); }
ALWAYS_INLINE RW l_w(const int16_t* flat, const int16_t* rows, int i, vs sel, const int uniform)
{
    const RW w = { uniform ? splat16(0) : pick(rows + (size_t)i * NFEC_ROW, sel), flat[i], uniform };
    return w;
}
ALWAYS_INLINE vs l_b(const int16_t* flat, const int16_t* rows, int i, vs sel, const int uniform)
{
    return uniform ? splat16(flat[i]) : pick(rows + (size_t)i * NFEC_ROW, sel);
}

#include "kernels/schedule_flooding.h"
#include "kernels/schedule_layered.h"

ALWAYS_INLINE int every_lane(vs m)
{
    int16_t all = -1;
    for (int l = 0; l < VEC; l++)
        all &= m[l];
    return all == -1;
}

/* Stops once every lane has failed a check, as the float layout's does. */
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
            if (c % SYN_STRIDE == SYN_STRIDE - 1 && every_lane(bad.m[h]))
                break;
        }
    }
    return bad;
}

/* Input: scaled to units of 2^-FRAC, NaN as 0, clamped, rounded to
 * nearest even; STAGE_TILE values at once, in vector operations (a scalar
 * lrintf per value was a tenth of the decoding time): adding and taking away
 * 1.5 * 2^23 rounds exactly as lrintf does, below 2^22, which the clamp
 * keeps. Output back in LLR units. */
typedef float tile_f __attribute__((vector_size(4 * STAGE_TILE)));
typedef int32_t tile_i __attribute__((vector_size(4 * STAGE_TILE)));
typedef int16_t tile_s __attribute__((vector_size(2 * STAGE_TILE)));
ALWAYS_INLINE void to_lane_tile(float scale, const float* in, int16_t* out)
{
    tile_f x;
    memcpy(&x, in, sizeof x);
    x = scale * x * (float)(1 << NFEC_FIXED_FRAC);
    const tile_f hi = (tile_f){ 0 } + (float)NFEC_FIXED_MAX, lo = -hi;
    x = (tile_f)((tile_i)x & (x == x));
    x = (tile_f)(((tile_i)x & (x < hi)) | ((tile_i)hi & ~(x < hi)));
    x = (tile_f)(((tile_i)x & (x > lo)) | ((tile_i)lo & ~(x > lo)));
    x = (x + 12582912.0f) - 12582912.0f;
    const tile_s r = __builtin_convertvector(__builtin_convertvector(x, tile_i), tile_s);
    memcpy(out, &r, sizeof r);
}
ALWAYS_INLINE float from_lane(int16_t x) { return (float)x * (1.0f / (float)(1 << NFEC_FIXED_FRAC)); }

#define LANES NFEC_FIXED_LANES
#define BUF(d, name) ((vs*)(d)->lq.name)
#define SCHEDULE_NAME run_fixed
#include "kernels/lanes_batch.h"
