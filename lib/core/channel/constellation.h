/* Gray-labelled constellations of unit mean energy and their bit LLRs. */
#ifndef INCLUDED_NFEC_CHANNEL_CONSTELLATION_H
#define INCLUDED_NFEC_CHANNEL_CONSTELLATION_H

#include <gnuradio/neuralfec/nfec_channel.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { NFEC_MAX_POINTS = 64 };

typedef struct {
    int bits, points;
    /* the point of each label (label bits most significant first = the
     * symbol's first code bit first) */
    double re[NFEC_MAX_POINTS], im[NFEC_MAX_POINTS];
} nfec_constellation;

/* 0, or -1 for a modulation that is not one. */
int nfec_constellation_make(nfec_constellation* c, nfec_modulation m);

/* llr[bits] of a symbol received as y through gain g (what the receiver
 * believes h is) with complex noise of power n0: exact or max-log, positive
 * for 0. */
void nfec_constellation_demap(const nfec_constellation* c, double yr, double yi, double gr, double gi, double n0, int maxlog, double* llr);

#ifdef __cplusplus
}
#endif
#endif
