/* Sum-product (belief propagation), in Gallager's phi form: with
 * phi(y) = -log tanh(y / 2) = log((1 + e^-y) / (1 - e^-y)), its own
 * inverse, a check sends edge e the magnitude phi(S - phi(a_e)), S the sum
 * of phi(a_j) over all its edges: one sum per check, not a product of tanh
 * and a division per edge.
 *
 * Numerically safe: phi's argument is kept in [SP_LO, SP_HI] = [1e-12, 28]
 * (magnitudes are clipped at 28, phi(28) = 1.4e-12, and a magnitude or a
 * difference S - phi(a_e) below 1e-12, rounding included, counts as 1e-12,
 * phi(1e-12) = 28.3), so every value is finite and positive; 1 - e^-y is
 * computed as -expm1(-y) and log1p with Kahan's correction, so phi keeps its
 * relative precision at both ends. exp and log are this file's own
 * polynomials (relative error below 2.5e-7, measured in qa_decoder), written
 * in the rule vocabulary
 * (minsum.h) plus RI (RV's bits as int32), r_bits, r_from_bits, r_isplat,
 * r_splat and r_lt_sel(a, b, x, y) = (a < b ? x : y): the reference path and
 * every SIMD build compute the same bits. About 60 operations per edge
 * against min-sum's 4. */

#define SP_LO 1e-12f
#define SP_HI 28.0f

R_INLINE RV sp_clamp(RV y) { return r_min(r_max(y, r_splat(SP_LO)), r_splat(SP_HI)); }

/* log(w) for w >= 1 (normal): w = 2^e m, m in [sqrt(1/2), sqrt(2)),
 * log m = 2 atanh((m - 1) / (m + 1)) by its series to z^9. */
R_INLINE RV sp_log(RV w)
{
    const RI bits = r_bits(w);
    const RV magic = r_splat(12582912.0f); /* 1.5 * 2^23: its bits + e are e as a float */
    RV m = r_from_bits((bits & r_isplat(0x007fffff)) | r_isplat(0x3f800000));
    RV e = r_from_bits(((bits >> 23) - r_isplat(127)) + r_bits(magic)) - magic;
    e = e + r_lt_sel(r_splat(1.41421356f), m, r_splat(1.0f), r_splat(0.0f));
    m = r_lt_sel(r_splat(1.41421356f), m, m * r_splat(0.5f), m);
    const RV z = (m - r_splat(1.0f)) / (m + r_splat(1.0f)), z2 = z * z;
    RV s = r_splat(1.0f / 9.0f);
    s = s * z2 + r_splat(1.0f / 7.0f);
    s = s * z2 + r_splat(1.0f / 5.0f);
    s = s * z2 + r_splat(1.0f / 3.0f);
    s = s * z2 + r_splat(1.0f);
    return e * r_splat(0.693147181f) + r_splat(2.0f) * z * s;
}

/* phi(y) for y in [SP_LO, SP_HI]. -y = -k ln 2 + r with k = round(y / ln 2),
 * |r| <= ln 2 / 2; em = e^r - 1 by its series to r^7; e^-y = 2^-k (1 + em),
 * and for k = 0, 1 - e^-y = -em exactly as computed (no cancellation). */
R_INLINE RV sp_phi(RV y)
{
    const RV magic = r_splat(12582912.0f);
    const RV big = y * r_splat(1.44269504f) + magic; /* k in its low bits */
    const RV k = big - magic;
    const RV r = (k * r_splat(0.693145752f) - y) + k * r_splat(1.42860677e-6f); /* ln 2 in two parts */
    RV p = r_splat(1.0f / 5040.0f);
    p = p * r + r_splat(1.0f / 720.0f);
    p = p * r + r_splat(1.0f / 120.0f);
    p = p * r + r_splat(1.0f / 24.0f);
    p = p * r + r_splat(1.0f / 6.0f);
    p = p * r + r_splat(0.5f);
    p = p * r + r_splat(1.0f);
    const RV em = p * r;
    const RV scale = r_from_bits((r_isplat(127) - (r_bits(big) - r_bits(magic))) << 23);
    const RV u = (r_splat(1.0f) + em) * scale;
    const RV one_minus_u = r_eq_sel(k, r_splat(0.0f), -em, r_splat(1.0f) - u);
    const RV t = r_splat(2.0f) * u / one_minus_u; /* phi = log1p(t) */
    const RV w = r_splat(1.0f) + t;
    const RV wm1 = w - r_splat(1.0f);
    return r_eq_sel(wm1, r_splat(0.0f), t, sp_log(w) * (t / r_eq_sel(wm1, r_splat(0.0f), r_splat(1.0f), wm1)));
}

struct sumproduct {
    RV sum;
};

R_INLINE void sumproduct_begin(struct sumproduct* s, RV lim)
{
    (void)lim;
    s->sum = r_splat(0.0f);
}
R_INLINE RV sumproduct_prep(RV a) { return sp_phi(sp_clamp(a)); }
R_INLINE void sumproduct_take(struct sumproduct* s, RV p) { s->sum = s->sum + p; }
R_INLINE RV sumproduct_emit(const struct sumproduct* s, RV p) { return sp_phi(sp_clamp(s->sum - p)); }

#ifdef R_BACKWARD
#include <math.h>
/* phi and its derivative -1 / sinh(y), exactly (libm, double): the forward's
 * own phi agrees to about 1e-7. 0 outside the clamp, where phi's argument
 * is constant. */
static double sp_exact(double y) { return log1p(2.0 * exp(-y) / -expm1(-y)); } /* -log tanh(y / 2) loses digits for large y */
static double sp_slope(double y) { return y > SP_LO && y < SP_HI ? -1.0 / sinh(y) : 0.0; }

/* g_a[j] += dL/da_j (minsum_backward's contract): mag_e = phi(S_e),
 * S_e = sum over j != e of phi(a_j), so dL/da_j = phi'(a_j) * sum over
 * e != j of g_e phi'(S_e): one total, less each edge's own term. */
static void sumproduct_backward(const float* a, int deg, float lim, const float* g_mag, float* g_a)
{
    (void)lim;
    double sum = 0.0, total = 0.0;
    for (int e = 0; e < deg; e++)
        sum += sp_exact(fmin(fmax(a[e], SP_LO), SP_HI));
    for (int e = 0; e < deg; e++) {
        const double own = sp_exact(fmin(fmax(a[e], SP_LO), SP_HI));
        total += g_mag[e] * sp_slope(sum - own);
    }
    for (int e = 0; e < deg; e++) {
        const double own = sp_exact(fmin(fmax(a[e], SP_LO), SP_HI));
        const double ge = g_mag[e] * sp_slope(sum - own);
        g_a[e] += (float)((total - ge) * sp_slope(a[e]));
    }
}
#endif
