/* The reference path: a plain one-frame implementation of the kernels'
 * arithmetic that traces every iteration, for training (train/) and as what
 * the SIMD kernels are tested against bit for bit. */
#include "decoder/decoder_internal.h"
#include "rules/scalar.h"
#include <math.h>
#include <string.h>

static float clampf(float x, float lim) { return x > lim ? lim : (x < -lim ? -lim : x); }

/* The reference path, one frame, messages of iteration t in the trace. */
static void ref_first_v2c(const nfec_decoder* d, const float* llr, float* v2c)
{
    for (int v = 0; v < d->n; v++)
        for (int j = d->var_start[v]; j < d->var_start[v + 1]; j++)
            v2c[d->var_edges[j]] = clampf(d->wf.w_ch[v] * llr[v], NFEC_MSG_MAX);
}

/* One check pass of rule `name`: the rule keeps each edge's prepared
 * magnitude in c2v between its two loops. Flooding: v2c is given. Layered
 * (total != NULL): each check makes its v2c from the totals as the checks
 * before it left them, x = clamp(total - c2v(t - 1)), and sets
 * total = (total - c2v(t - 1)) + c2v(t). */
#define REF_CHECK_PASS(id, name, label)                                                                                               \
    static void ref_check_##name(const nfec_decoder* d, const float* wcv, const float* bcv, float* v2c, const float* c2v_prev, float* c2v, \
                                 float* total)                                                                                 \
    {                                                                                                                          \
        for (int c = 0; c < d->m; c++) {                                                                                       \
            const int e0 = d->check_start[c], e1 = d->check_start[c + 1];                                                      \
            struct rule_state st;                                                                                              \
            rule_begin(id, &st, NFEC_MSG_MAX);                                                                                 \
            float sgn = 1.0f;                                                                                                  \
            for (int e = e0; e < e1; e++) {                                                                                    \
                if (total)                                                                                                     \
                    v2c[e] = clampf(total[d->edge_var[e]] - c2v_prev[e], NFEC_MSG_MAX);                                        \
                sgn = v2c[e] < 0.0f ? -sgn : sgn;                                                                              \
                c2v[e] = rule_prep(id, fabsf(v2c[e]));                                                                         \
                rule_take(id, &st, c2v[e]);                                                                                    \
            }                                                                                                                  \
            for (int e = e0; e < e1; e++) {                                                                                    \
                const float mag = weigh(rule_emit(id, &st, c2v[e]), NFEC_WEIGHTING_FULL, wcv[e], bcv[e]);                      \
                c2v[e] = v2c[e] < 0.0f ? -sgn * mag : sgn * mag;                                                               \
                if (total) /* the difference before the clamp: see kernels/schedule_layered.h */                             \
                    total[d->edge_var[e]] = (total[d->edge_var[e]] - c2v_prev[e]) + c2v[e];                                    \
            }                                                                                                                  \
        }                                                                                                                      \
    }
NFEC_CHECK_RULES(REF_CHECK_PASS)
#define REF_CHECK_ENTRY(id, name, label) [id] = ref_check_##name,
static void (*const ref_check[])(const nfec_decoder*, const float*, const float*, float*, const float*, float*, float*) = { NFEC_CHECK_RULES(
    REF_CHECK_ENTRY) };

static void ref_check_pass(const nfec_decoder* d, int t, float* v2c, const float* c2v_prev, float* c2v, float* total)
{
    ref_check[d->update](d, d->wf.w_cv + (size_t)t * d->edges, d->wf.b_cv + (size_t)t * d->edges, v2c, c2v_prev, c2v, total);
}

static void ref_var_pass(const nfec_decoder* d, int t, const float* llr, const float* c2v, float* out, float* v2c_next)
{
    const float* wout = d->wf.w_out + (size_t)t * d->n;
    const float* wch = d->wf.w_ch + (size_t)(t + 1) * d->n;
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

/* Layered: totals start at w_ch(0) l (no check has spoken), gain
 * d_ch(t) l as iteration t begins, and the output is total + d_out(t) l. */
static void ref_layered(nfec_decoder* d, const float* x, nfec_trace* tr)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    float* total = d->lf.sum; /* n floats of scratch */
    float* zero = d->lf.c2v;  /* E floats of scratch, zeroed: c2v(-1) */
    memset(zero, 0, E * sizeof(float));
    for (size_t v = 0; v < n; v++)
        total[v] = d->wf.w_ch[v] * x[v];
    for (int t = 0; t < d->T; t++) {
        const size_t tn = (size_t)t * n;
        for (size_t v = 0; t && v < n; v++)
            total[v] = total[v] + d->wf.d_ch[tn + v] * x[v];
        ref_check_pass(d, t, tr->v2c + (size_t)t * E, t ? tr->c2v + (size_t)(t - 1) * E : zero, tr->c2v + (size_t)t * E, total);
        for (size_t v = 0; v < n; v++)
            tr->out[tn + v] = total[v] + d->wf.d_out[tn + v] * x[v];
    }
}

void nfec_decoder_trace(nfec_decoder* d, const float* llr, nfec_trace* tr)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    float* x = d->lf.out; /* n floats of scratch: the sanitized input */
    for (size_t v = 0; v < n; v++)
        x[v] = nfec_llr_in(1.0f, llr[v]);
    if (d->schedule == NFEC_LAYERED) {
        ref_layered(d, x, tr);
        return;
    }
    ref_first_v2c(d, x, tr->v2c);
    for (int t = 0; t < d->T; t++) {
        float* v2c = tr->v2c + (size_t)t * E;
        float* c2v = tr->c2v + (size_t)t * E;
        ref_check_pass(d, t, v2c, NULL, c2v, NULL);
        for (size_t e = 0; t && d->damping != 0.0f && e < E; e++) /* damped sum-product (decoder_internal.h) */
            c2v[e] = c2v[e] * d->wf.damp[0] + (c2v - E)[e] * d->wf.damp[1];
        ref_var_pass(d, t, x, c2v, tr->out + (size_t)t * n, t + 1 < d->T ? v2c + E : NULL);
    }
}
