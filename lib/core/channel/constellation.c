/* Constellations (constellation.h): BPSK on the real line, QPSK, 16QAM and
 * 64QAM as square QAM with a Gray PAM per dimension (first half of the label
 * on I), 8PSK with a Gray label around the circle. Bit 0 of a dimension's
 * first label bit is the positive side, as BPSK's 0 -> +1. */
#include "channel/constellation.h"
#include <math.h>

static int gray(int i) { return i ^ (i >> 1); }

/* The PAM amplitude (before normalization) of a dimension's label. */
static double pam(int label, int levels)
{
    for (int j = 0; j < levels; j++)
        if (gray(j) == label)
            return (double)(levels - 1 - 2 * j);
    return 0.0;
}

int nfec_constellation_make(nfec_constellation* c, nfec_modulation m)
{
    const int bits = nfec_modulation_bits(m);
    if (bits == 0)
        return -1;
    c->bits = bits;
    c->points = 1 << bits;
    if (m == NFEC_MOD_8PSK) {
        for (int k = 0; k < 8; k++) {
            c->re[gray(k)] = cos(0.7853981633974483 * k);
            c->im[gray(k)] = sin(0.7853981633974483 * k);
        }
        return 0;
    }
    if (m == NFEC_MOD_BPSK) {
        c->re[0] = 1.0;
        c->re[1] = -1.0;
        c->im[0] = c->im[1] = 0.0;
        return 0;
    }
    const int half = bits / 2, levels = 1 << half;
    const double norm = sqrt(2.0 * (c->points - 1) / 3.0);
    for (int l = 0; l < c->points; l++) {
        c->re[l] = pam(l >> half, levels) / norm;
        c->im[l] = pam(l & (levels - 1), levels) / norm;
    }
    return 0;
}

void nfec_constellation_demap(const nfec_constellation* c, double yr, double yi, double gr, double gi, double n0, int maxlog, double* llr)
{
    double metric[NFEC_MAX_POINTS];
    for (int p = 0; p < c->points; p++) {
        const double dr = yr - (gr * c->re[p] - gi * c->im[p]), di = yi - (gr * c->im[p] + gi * c->re[p]);
        metric[p] = -(dr * dr + di * di) / n0;
    }
    for (int b = 0; b < c->bits; b++) {
        const int mask = 1 << (c->bits - 1 - b);
        double best0 = -INFINITY, best1 = -INFINITY;
        for (int p = 0; p < c->points; p++) {
            if (p & mask)
                best1 = metric[p] > best1 ? metric[p] : best1;
            else
                best0 = metric[p] > best0 ? metric[p] : best0;
        }
        if (maxlog) {
            llr[b] = best0 - best1;
            continue;
        }
        /* log-sum-exp around the largest term of each side */
        double s0 = 0.0, s1 = 0.0;
        for (int p = 0; p < c->points; p++) {
            if (p & mask)
                s1 += exp(metric[p] - best1);
            else
                s0 += exp(metric[p] - best0);
        }
        llr[b] = (best0 + log(s0)) - (best1 + log(s1));
    }
}
