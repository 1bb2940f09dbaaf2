/* GF(2^m), m = 3..10, by log and antilog tables: the field of the BCH codes
 * (code_bch.c builds their generators, nearml/bch_algebraic.c decodes them).
 * Elements are ints in the polynomial basis over the primitive polynomial. */
#ifndef INCLUDED_NFEC_GF2M_H
#define INCLUDED_NFEC_GF2M_H

enum { NFEC_GF_MAX_N = 1023 };

typedef struct {
    int m, n;                      /* n = 2^m - 1 */
    int exp[2 * NFEC_GF_MAX_N];    /* alpha^i for i < 2n, so sums of two logs need no reduction */
    int log[NFEC_GF_MAX_N + 1];    /* log[0] unused */
} nfec_gf;

/* m outside 3..10 is the caller's error (checked where specs are parsed). */
void nfec_gf_init(nfec_gf* f, int m);

static inline int nfec_gf_mul(const nfec_gf* f, int a, int b) { return a && b ? f->exp[f->log[a] + f->log[b]] : 0; }
/* a / b for b != 0 */
static inline int nfec_gf_div(const nfec_gf* f, int a, int b) { return a ? f->exp[f->log[a] + f->n - f->log[b]] : 0; }

#endif
