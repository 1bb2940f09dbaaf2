/* The LLR-scale estimator (nfec_channel.h): moments with exponential
 * forgetting, the M2M4 estimator of amplitude and noise. */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <math.h>
#include <stdlib.h>

struct nfec_scale_estimator {
    double memory;
    double weight, m2, m4; /* forgotten sums: count, sum s^2, sum s^4 */
};

nfec_scale_estimator* nfec_scale_estimator_create(double memory, nfec_error* err)
{
    if (!(memory >= 16.0 && memory <= 1e9)) {
        nfec_fail(err, NFEC_EINVAL, "LLR-scale estimator: memory %g values is outside 16..1e9", memory);
        return NULL;
    }
    nfec_scale_estimator* e = calloc(1, sizeof *e);
    if (!e) {
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        return NULL;
    }
    e->memory = memory;
    return e;
}

void nfec_scale_estimator_destroy(nfec_scale_estimator* e) { free(e); }

void nfec_scale_estimator_update(nfec_scale_estimator* e, const float* soft, size_t count)
{
    double w = 0.0, m2 = 0.0, m4 = 0.0;
    for (size_t i = 0; i < count; i++) {
        const double s = soft[i];
        if (!isfinite(s))
            continue;
        w += 1.0;
        m2 += s * s;
        m4 += s * s * s * s;
    }
    /* A step in level (a gain knob, an AGC) mixes two levels in the moments,
     * which no longer look like one two-level signal: a block whose mean
     * square is off the remembered one by more than 1.5x in power (five
     * standard deviations of a block of 256 values at 0 dB) starts afresh.
     * Slower drifts are followed by forgetting: the block forgets the past
     * as that many single values would. */
    const double keep = e->weight > 0.0 && w >= 256.0 && (m2 / w > 1.5 * e->m2 / e->weight || m2 / w < e->m2 / e->weight / 1.5)
                            ? 0.0
                            : exp(-w / e->memory);
    e->weight = keep * e->weight + w;
    e->m2 = keep * e->m2 + m2;
    e->m4 = keep * e->m4 + m4;
}

double nfec_scale_estimator_llr_scale(const nfec_scale_estimator* e)
{
    if (e->weight <= 0.0 || e->m2 <= 0.0)
        return 1.0;
    const double m2 = e->m2 / e->weight, m4 = e->m4 / e->weight;
    double a4 = 0.5 * (3.0 * m2 * m2 - m4);
    /* signal power at least 1/100 of the noise's (about -20 dB) */
    const double floor_a2 = m2 / 101.0;
    double a2 = a4 > floor_a2 * floor_a2 ? sqrt(a4) : floor_a2;
    a2 = a2 < m2 ? a2 : m2;
    double sigma2 = m2 - a2;
    sigma2 = sigma2 > 1e-6 * m2 ? sigma2 : 1e-6 * m2;
    return 2.0 * sqrt(a2) / sigma2;
}

double nfec_scale_estimator_weight(const nfec_scale_estimator* e) { return e->weight; }
