/* A decoder followed by OSD on the frames it fails (nfec_decoder_set_osd).
 * Frames go through the kernel in chunks, so the soft outputs OSD orders by
 * live in buffers of a fixed size: nothing is allocated per call. */
#include "decoder/decoder_internal.h"
#include <float.h>
#include <gnuradio/neuralfec/nfec_osd.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { HYBRID_CHUNK = 64 }; /* frames per kernel call: enough for lane refill */

struct nfec_hybrid {
    nfec_osd* osd;
    nfec_osd_reliability by;
    long long frames; /* sent to OSD */
    uint8_t* bits;    /* CHUNK * n */
    float* soft;      /* CHUNK * n */
    int* iters;       /* CHUNK */
    float* llr;       /* n */
    float* rel;       /* n */
};

nfec_status nfec_hybrid_create(const nfec_decoder* d, int order, nfec_osd_reliability by, struct nfec_hybrid** out, nfec_error* err)
{
    if (order < 1 || order > NFEC_OSD_MAX_ORDER)
        return nfec_fail(err, NFEC_EINVAL, "OSD order %d is outside 0..%d", order, NFEC_OSD_MAX_ORDER);
    if (by != NFEC_OSD_BY_CHANNEL && by != NFEC_OSD_BY_OUTPUT && by != NFEC_OSD_BY_SUM)
        return nfec_fail(err, NFEC_EINVAL, "unknown OSD reliability %d", (int)by);
    struct nfec_hybrid* h = calloc(1, sizeof *h);
    if (!h)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory for OSD post-processing");
    h->by = by;
    h->osd = nfec_osd_create(d->code, order, err);
    if (!h->osd) {
        nfec_hybrid_destroy(h);
        return NFEC_ENOMEM; /* the order was checked above; err says what failed */
    }
    const size_t n = (size_t)d->n;
    h->bits = malloc(HYBRID_CHUNK * n);
    h->soft = malloc(HYBRID_CHUNK * n * sizeof(float));
    h->iters = malloc(HYBRID_CHUNK * sizeof(int));
    h->llr = malloc(n * sizeof(float));
    h->rel = malloc(n * sizeof(float));
    if (!h->bits || !h->soft || !h->iters || !h->llr || !h->rel) {
        nfec_hybrid_destroy(h);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory for OSD post-processing");
    }
    *out = h;
    return NFEC_OK;
}

void nfec_hybrid_destroy(struct nfec_hybrid* h)
{
    if (!h)
        return;
    nfec_osd_destroy(h->osd);
    free(h->bits);
    free(h->soft);
    free(h->iters);
    free(h->llr);
    free(h->rel);
    free(h);
}

int nfec_hybrid_order(const struct nfec_hybrid* h) { return nfec_osd_order(h->osd); }
long long nfec_hybrid_frames(const struct nfec_hybrid* h) { return h->frames; }

/* OSD on one failed frame, in place in its bits and soft output. */
static void rescue(struct nfec_hybrid* h, int n, const float* in, float in_scale, uint8_t* bits, float* soft)
{
    for (int v = 0; v < n; v++)
        h->llr[v] = nfec_llr_in(in_scale, in[v]);
    const float* rel = NULL;
    if (h->by == NFEC_OSD_BY_OUTPUT) {
        rel = soft;
    } else if (h->by == NFEC_OSD_BY_SUM) {
        for (int v = 0; v < n; v++)
            h->rel[v] = h->llr[v] + soft[v];
        rel = h->rel;
    }
    nfec_osd_decode_frame(h->osd, h->llr, rel, bits);
    for (int v = 0; v < n; v++) {
        const float mag = fmaxf(fabsf(soft[v]), FLT_MIN);
        soft[v] = bits[v] ? -mag : mag;
    }
    h->frames++;
}

long nfec_hybrid_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    struct nfec_hybrid* h = d->hybrid;
    const size_t n = (size_t)d->n;
    long total = 0;
    for (size_t f0 = 0; f0 < nframes; f0 += HYBRID_CHUNK) {
        const size_t cnt = nframes - f0 < HYBRID_CHUNK ? nframes - f0 : HYBRID_CHUNK;
        total += nfec_kernel_decode(d, in + f0 * n, in_scale, cnt, h->bits, h->soft, h->iters);
        for (size_t i = 0; i < cnt; i++) {
            uint8_t* fb = h->bits + i * n;
            /* a frame that stopped early satisfies every check already */
            const int stopped = d->early_stop && h->iters[i] < d->T;
            if (!stopped && !nfec_code_is_codeword(d->code, fb))
                rescue(h, d->n, in + (f0 + i) * n, in_scale, fb, h->soft + i * n);
        }
        if (bits)
            memcpy(bits + f0 * n, h->bits, cnt * n);
        if (soft)
            memcpy(soft + f0 * n, h->soft, cnt * n * sizeof(float));
        if (iterations)
            memcpy(iterations + f0, h->iters, cnt * sizeof(int));
    }
    return total;
}
