/* Arrays of circulants as matrices over the ring GF(2)[x]/(x^L + 1): a
 * circulant whose row i is its first row shifted right by i is the
 * polynomial of that first row, and the product of two is the product of
 * their polynomials. For L a power of two, x^L + 1 = (x + 1)^L: an element
 * is a unit exactly when it has an odd number of terms, and then
 * u^-1 = u^(L - 1) (u = 1 + n with n^L = 0). Gauss-Jordan on a few blocks
 * over this ring inverts an L-times larger binary matrix in a few hundred
 * polynomial products instead of a dense elimination (AR4JA's I + C B at
 * M = 8192: milliseconds against seconds). */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    int l, lw; /* bits, words of an element */
    uint64_t* tmp;
} ring;

static uint64_t low_mask(int l) { return l >= 64 ? ~0ULL : (1ULL << l) - 1; }

/* dst = src x^s: bit t of dst is bit (t - s) mod L of src */
static void rot(const ring* r, const uint64_t* src, int s, uint64_t* dst)
{
    s %= r->l;
    if (r->l < 64) {
        const uint64_t x = src[0] & low_mask(r->l);
        dst[0] = s ? ((x << s) | (x >> (r->l - s))) & low_mask(r->l) : x;
        return;
    }
    const int q = s / 64, b = s % 64, n = r->lw;
    for (int w = 0; w < n; w++) {
        const uint64_t hi = src[(w - q + n) % n], lo = src[(w - q - 1 + 2 * n) % n];
        dst[w] = b ? (hi << b) | (lo >> (64 - b)) : hi;
    }
}

/* out = a b (out may be neither) */
static void mul(const ring* r, const uint64_t* a, const uint64_t* b, uint64_t* out)
{
    memset(out, 0, sizeof(uint64_t) * (size_t)r->lw);
    for (int w = 0; w < r->lw; w++)
        for (uint64_t x = a[w] & low_mask(r->l); x; x &= x - 1) {
            rot(r, b, w * 64 + __builtin_ctzll(x), r->tmp);
            for (int v = 0; v < r->lw; v++)
                out[v] ^= r->tmp[v];
        }
}

static int is_unit(const ring* r, const uint64_t* a)
{
    int odd = 0;
    for (int w = 0; w < r->lw; w++)
        odd ^= __builtin_parityll(a[w] & low_mask(r->l));
    return odd;
}

/* out = u^(L - 1) = u u^2 u^4 ... u^(L/2), u a unit; scratch: 3 elements */
static void inverse(const ring* r, const uint64_t* u, uint64_t* out, uint64_t* scratch)
{
    uint64_t *sq = scratch, *next = scratch + r->lw, *prod = scratch + 2 * r->lw;
    memcpy(sq, u, sizeof(uint64_t) * (size_t)r->lw);
    memset(out, 0, sizeof(uint64_t) * (size_t)r->lw);
    out[0] = 1;
    for (int p = 1; p < r->l; p *= 2) {
        mul(r, out, sq, prod);
        memcpy(out, prod, sizeof(uint64_t) * (size_t)r->lw);
        memset(next, 0, sizeof(uint64_t) * (size_t)r->lw); /* squaring: bit t to bit 2t mod L */
        for (int t = 0; t < r->l; t++)
            if ((sq[t / 64] >> (t % 64)) & 1u)
                next[(2 * t % r->l) / 64] ^= 1ULL << (2 * t % r->l % 64);
        memcpy(sq, next, sizeof(uint64_t) * (size_t)r->lw);
    }
}

/* bits [col, col + L) of a packed row, as an element, and back (OR) */
static void get_bits(const ring* r, const uint64_t* row, int col, uint64_t* e)
{
    if (r->l >= 64) {
        memcpy(e, row + col / 64, sizeof(uint64_t) * (size_t)r->lw);
        return;
    }
    e[0] = (row[col / 64] >> (col % 64)) & low_mask(r->l);
}
static void put_bits(const ring* r, uint64_t* row, int col, const uint64_t* e)
{
    if (r->l >= 64)
        memcpy(row + col / 64, e, sizeof(uint64_t) * (size_t)r->lw);
    else
        row[col / 64] |= (e[0] & low_mask(r->l)) << (col % 64);
}

int nfec_circulant_invert(const uint64_t* a, int blocks, int l, int words, uint64_t* inv)
{
    ring r = { l, (l + 63) / 64, NULL };
    const int B = blocks, LW = r.lw, width = 2 * B;
    /* [A | I] as elements, then scratch: 3 for inverse, 2 more */
    uint64_t* m = calloc((size_t)(B * width + 6) * (size_t)LW, sizeof(uint64_t));
    if (!m || (l & (l - 1)) || l < 2 || (l % 64 && l > 64)) {
        free(m);
        return 0;
    }
    uint64_t *scratch = m + (size_t)B * width * LW, *piv = scratch + 3 * LW, *prod = piv + LW;
    r.tmp = prod + LW;
#define EL(i, j) (m + ((size_t)(i) * width + (j)) * LW)
    int ok = 1;
    /* the first rows, and a check that every row is its block's first shifted */
    for (int i = 0; i < B; i++)
        for (int j = 0; j < B; j++) {
            get_bits(&r, a + (size_t)i * l * words, j * l, EL(i, j));
            for (int t = 1; ok && t < l; t++) {
                get_bits(&r, a + ((size_t)i * l + t) * words, j * l, piv);
                rot(&r, EL(i, j), t, prod);
                for (int w = 0; w < LW; w++)
                    ok &= !((piv[w] ^ prod[w]) & low_mask(l));
            }
        }
    for (int i = 0; i < B; i++)
        EL(i, B + i)[0] = 1;
    for (int c = 0; ok && c < B; c++) {
        int p = c;
        while (p < B && !is_unit(&r, EL(p, c)))
            p++;
        if (p == B) {
            ok = 0;
            break;
        }
        for (int j = 0; j < width; j++)
            for (int w = 0; w < LW; w++) {
                const uint64_t t = EL(p, j)[w];
                EL(p, j)[w] = EL(c, j)[w];
                EL(c, j)[w] = t;
            }
        inverse(&r, EL(c, c), piv, scratch);
        for (int j = 0; j < width; j++) {
            mul(&r, piv, EL(c, j), prod);
            memcpy(EL(c, j), prod, sizeof(uint64_t) * (size_t)LW);
        }
        for (int i = 0; i < B; i++) {
            if (i == c)
                continue;
            memcpy(piv, EL(i, c), sizeof(uint64_t) * (size_t)LW);
            for (int j = 0; j < width; j++) {
                mul(&r, piv, EL(c, j), prod);
                for (int w = 0; w < LW; w++)
                    EL(i, j)[w] ^= prod[w];
            }
        }
    }
    /* the inverse's circulants, expanded row by row */
    if (ok) {
        memset(inv, 0, sizeof(uint64_t) * (size_t)B * l * words);
        for (int i = 0; i < B; i++)
            for (int j = 0; j < B; j++)
                for (int t = 0; t < l; t++) {
                    rot(&r, EL(i, B + j), t, prod);
                    put_bits(&r, inv + ((size_t)i * l + t) * words, j * l, prod);
                }
    }
#undef EL
    free(m);
    return ok;
}
