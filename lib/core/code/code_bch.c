/* Narrow-sense primitive binary BCH codes and their cyclic parity-check
 * matrices. g(x) is the product of the distinct minimal polynomials of
 * alpha^1 .. alpha^(2t); h(x) = (x^N + 1) / g(x). Row i of the standard matrix
 * holds h reversed, starting at column i; the redundant ("cyclic") matrix has
 * all N cyclic shifts of that row. */
#include "code/gf2m.h"
#include "code/code_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BCH_MAX_N = NFEC_GF_MAX_N };

/* poly[0..deg] over GF(2) times the minimal polynomial of alpha^s, in place.
 * The minimal polynomial is the product of (x + alpha^j) over the cyclotomic
 * coset of s; its coefficients land in GF(2). */
static int mul_minimal(const nfec_gf* f, int s, unsigned char* poly, int deg)
{
    int coeff[BCH_MAX_N + 1] = { 1 }; /* field elements, as powers-basis ints */
    int cdeg = 0, j = s;
    do {
        /* coeff *= (x + alpha^j) */
        int a = f->exp[j];
        for (int i = cdeg + 1; i >= 0; i--) {
            int hi = i > 0 ? coeff[i - 1] : 0;
            int lo = i <= cdeg ? coeff[i] : 0;
            int prod = nfec_gf_mul(f, lo, a);
            coeff[i] = hi ^ prod;
        }
        cdeg++;
        j = (2 * j) % f->n;
    } while (j != s);
    unsigned char out[2 * BCH_MAX_N + 2] = { 0 };
    for (int i = 0; i <= deg; i++)
        if (poly[i])
            for (int q = 0; q <= cdeg; q++)
                out[i + q] ^= (unsigned char)(coeff[q] & 1);
    memcpy(poly, out, (size_t)(deg + cdeg + 1));
    return deg + cdeg;
}

/* Generator polynomials for t = 1, 2, ... until g = x^N + 1. Calls back with
 * (K, g) for each new dimension; stops early when visit returns nonzero. */
typedef int (*bch_visit)(void* ctx, int k, const unsigned char* g, int deg);

static void bch_generators(int m, bch_visit visit, void* ctx)
{
    nfec_gf f;
    nfec_gf_init(&f, m);
    unsigned char g[2 * BCH_MAX_N + 2] = { 1 };
    unsigned char used[BCH_MAX_N] = { 0 };
    int deg = 0, last_k = -1;
    for (int i = 1; i < f.n && deg < f.n; i++) {
        if (!used[i]) {
            int j = i;
            do {
                used[j] = 1;
                j = (2 * j) % f.n;
            } while (j != i);
            deg = mul_minimal(&f, i, g, deg);
        }
        /* g now covers alpha^1 .. alpha^i; for even i it is g for t = i / 2.
         * Several t can give one g; each dimension is reported once. */
        int k = f.n - deg;
        if (i % 2 == 0 && k != last_k && k > 0) {
            last_k = k;
            if (visit(ctx, k, g, deg))
                return;
        }
    }
}

typedef struct {
    int want_k, found;
    unsigned char g[2 * BCH_MAX_N + 2];
    int deg;
    char list[1024];
} bch_search;

static int visit_find(void* p, int k, const unsigned char* g, int deg)
{
    bch_search* s = p;
    size_t len = strlen(s->list);
    snprintf(s->list + len, sizeof s->list - len, "%s%d", len ? ", " : "", k);
    if (k == s->want_k) {
        s->found = 1;
        s->deg = deg;
        memcpy(s->g, g, (size_t)deg + 1);
    }
    return 0;
}

static nfec_status make_rows(int n, int k, const unsigned char* h, int cyclic, nfec_rows* out, nfec_error* err)
{
    int weight = 0;
    for (int j = 0; j <= k; j++)
        weight += h[j];
    out->n = n;
    out->m = cyclic ? n : n - k;
    out->row_start = malloc(((size_t)out->m + 1) * sizeof(int));
    out->cols = malloc(((size_t)out->m * weight + 1) * sizeof(int));
    if (!out->row_start || !out->cols) {
        nfec_rows_free(out);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory building a BCH matrix");
    }
    int e = 0;
    for (int i = 0; i < out->m; i++) {
        out->row_start[i] = e;
        for (int j = 0; j <= k; j++)
            if (h[k - j])
                out->cols[e++] = (i + j) % n;
    }
    out->row_start[out->m] = e;
    return NFEC_OK;
}

/* Up to 7 decimal digits at p into *out; the character after them, or NULL
 * when there are none or more. */
static const char* decimal(const char* p, long* out)
{
    long v = 0;
    const char* q = p;
    for (; *q >= '0' && *q <= '9'; q++) {
        if (q - p == 7)
            return NULL;
        v = v * 10 + (*q - '0');
    }
    *out = v;
    return q == p ? NULL : q;
}

nfec_status nfec_bch_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err)
{
    nfec_rows* enc = &fam->enc;
    memset(dec, 0, sizeof *dec);
    memset(enc, 0, sizeof *enc);
    /* N and K: decimal digits only, no sign, no wrap-around (sscanf's %d
     * read 4294967359 as 63) */
    long nk[2] = { 0, 0 };
    const char* p = strncmp(spec, "bch:", 4) == 0 ? decimal(spec + 4, &nk[0]) : NULL;
    p = p && *p == ',' ? decimal(p + 1, &nk[1]) : NULL;
    if (!p)
        return nfec_fail(err, NFEC_EPARSE, "'%s': expected bch:N,K or bch:N,K:cyclic", spec);
    const int n = (int)nk[0], k = (int)nk[1];
    if (*p && strcmp(p, ":cyclic") != 0)
        return nfec_fail(err, NFEC_EPARSE, "'%s': unknown suffix '%s' (the only one is ':cyclic')", spec, p);
    int cyclic = *p != 0;
    int m = 0;
    for (int q = 3; q <= 10; q++)
        if (n == (1 << q) - 1)
            m = q;
    if (!m)
        return nfec_fail(err, NFEC_EINVAL, "'%s': N must be 2^m - 1 with m = 3..10 (7, 15, 31, ..., 1023), not %d", spec, n);
    bch_search s = { .want_k = k };
    bch_generators(m, visit_find, &s);
    if (!s.found)
        return nfec_fail(err, NFEC_EINVAL, "'%s': there is no narrow-sense BCH code of length %d and dimension %d; valid K for N = %d: %s", spec, n, k, n, s.list);

    /* h = (x^n + 1) / g by long division over GF(2). */
    unsigned char rem[BCH_MAX_N + 1] = { 0 }, h[BCH_MAX_N + 1] = { 0 };
    rem[0] = rem[n] = 1;
    for (int i = n; i >= s.deg; i--)
        if (rem[i]) {
            h[i - s.deg] = 1;
            for (int j = 0; j <= s.deg; j++)
                rem[i - s.deg + j] ^= s.g[j];
        }
    nfec_status st = make_rows(n, k, h, cyclic, dec, err);
    if (st == NFEC_OK && cyclic)
        st = make_rows(n, k, h, 0, enc, err);
    if (st != NFEC_OK)
        nfec_rows_free(dec);
    return st;
}
