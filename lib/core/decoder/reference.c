/* The reference path: a plain one-frame implementation of the kernels'
 * arithmetic that traces every iteration, for training (train/) and as what
 * the SIMD kernels are tested against bit for bit. */
#include "decoder/decoder_internal.h"
#include <math.h>

static float clampf(float x, float lim) { return x > lim ? lim : (x < -lim ? -lim : x); }

/* The reference path, one frame, messages of iteration t in the trace. */
static void ref_first_v2c(const nfec_decoder* d, const float* llr, float* v2c)
{
    for (int v = 0; v < d->n; v++)
        for (int j = d->var_start[v]; j < d->var_start[v + 1]; j++)
            v2c[d->var_edges[j]] = clampf(d->w_ch[v] * llr[v], NFEC_MSG_MAX);
}

static void ref_check_pass(const nfec_decoder* d, int t, const float* v2c, float* c2v)
{
    const float* wcv = d->w_cv + (size_t)t * d->edges;
    const float* bcv = d->b_cv + (size_t)t * d->edges;
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        float min1 = NFEC_MSG_MAX, min2 = NFEC_MSG_MAX, sgn = 1.0f;
        int arg = -1;
        for (int e = e0; e < e1; e++) {
            const float a = fabsf(v2c[e]);
            sgn = v2c[e] < 0.0f ? -sgn : sgn;
            if (a < min1) {
                min2 = min1;
                min1 = a;
                arg = e;
            } else if (a < min2) {
                min2 = a;
            }
        }
        for (int e = e0; e < e1; e++) {
            float mag = (e == arg ? min2 : min1) - bcv[e];
            mag = mag > 0.0f ? mag * wcv[e] : 0.0f;
            c2v[e] = v2c[e] < 0.0f ? -sgn * mag : sgn * mag;
        }
    }
}

static void ref_var_pass(const nfec_decoder* d, int t, const float* llr, const float* c2v, float* out, float* v2c_next)
{
    const float* wout = d->w_out + (size_t)t * d->n;
    const float* wch = d->w_ch + (size_t)(t + 1) * d->n;
    for (int v = 0; v < d->n; v++) {
        const int j0 = d->var_start[v], j1 = d->var_start[v + 1];
        float sum = 0.0f;
        for (int j = j0; j < j1; j++)
            sum += c2v[d->var_edges[j]];
        out[v] = wout[v] * llr[v] + sum;
        if (!v2c_next)
            continue;
        sum += wch[v] * llr[v];
        for (int j = j0; j < j1; j++)
            v2c_next[d->var_edges[j]] = clampf(sum - c2v[d->var_edges[j]], NFEC_MSG_MAX);
    }
}

void nfec_decoder_trace(nfec_decoder* d, const float* llr, nfec_trace* tr)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    float* x = d->out; /* n floats of scratch: the sanitized input */
    for (size_t v = 0; v < n; v++)
        x[v] = nfec_llr_in(1.0f, llr[v]);
    ref_first_v2c(d, x, tr->v2c);
    for (int t = 0; t < d->T; t++) {
        float* v2c = tr->v2c + (size_t)t * E;
        float* c2v = tr->c2v + (size_t)t * E;
        ref_check_pass(d, t, v2c, c2v);
        ref_var_pass(d, t, x, c2v, tr->out + (size_t)t * n, t + 1 < d->T ? v2c + E : NULL);
    }
}
