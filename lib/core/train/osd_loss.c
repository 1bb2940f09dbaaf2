/* L_osd (nfec_train.h): a training target for the student followed by OSD.
 * OSD of order W decodes a frame when at most W of its basis bits (the k most
 * reliable independent positions) are wrong, so the term is a smooth count of
 * the wrong bits among the k largest |r|, penalized past W. */
#include "train/train_internal.h"
#include <math.h>
#include <stdlib.h>

static int by_magnitude(const void* a, const void* b)
{
    const nfec_ranked *x = a, *y = b;
    /* descending; ties by position, so the order is the same on any libc */
    return x->mag > y->mag ? -1 : x->mag < y->mag ? 1 : (x->v > y->v) - (x->v < y->v);
}

double nfec_osd_loss(const float* llr, const float* out, const uint8_t* bits, int n, int k, int order, double temperature, double gscale,
                     float* g, nfec_ranked* ranked, double* gmag)
{
    for (int v = 0; v < n; v++) {
        ranked[v].mag = fabsf(llr[v] + out[v]);
        ranked[v].v = v;
        gmag[v] = 0.0;
    }
    qsort(ranked, (size_t)n, sizeof *ranked, by_magnitude);
    const double tau = ranked[k - 1].mag;
    const int at = ranked[k - 1].v; /* where tau comes from: the gradient follows it there */
    double count = 0.0;
    for (int v = 0; v < n; v++) {
        const float r = llr[v] + out[v];
        if ((r < 0.0f) != (bits[v] != 0) || r == 0.0f) {
            const double s = nfec_sigmoid((fabs(r) - tau) / temperature), ds = s * (1.0 - s) / temperature;
            count += s;
            gmag[v] += ds;
            gmag[at] -= ds;
        }
    }
    const double x = count - order, loss = nfec_softplus(x), dx = gscale * nfec_sigmoid(x);
    for (int v = 0; v < n; v++) {
        const float r = llr[v] + out[v];
        if (gmag[v] != 0.0 && r != 0.0f)
            g[v] += (float)(dx * gmag[v] * (r > 0.0f ? 1.0 : -1.0));
    }
    return loss;
}
