#include "code/gf2m.h"

/* Primitive polynomials for m = 3..10, bit i = coefficient of x^i. */
static const unsigned primitive[11] = { 0, 0, 0, 0xB, 0x13, 0x25, 0x43, 0x89, 0x11D, 0x211, 0x409 };

void nfec_gf_init(nfec_gf* f, int m)
{
    f->m = m;
    f->n = (1 << m) - 1;
    f->log[0] = 0;
    int x = 1;
    for (int i = 0; i < f->n; i++) {
        f->exp[i] = f->exp[i + f->n] = x;
        f->log[x] = i;
        x <<= 1;
        if (x & (1 << m))
            x ^= (int)primitive[m];
    }
}
