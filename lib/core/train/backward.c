/* The backward pass of the neural decoders: exact gradients of a loss on
 * the traced messages with respect to every expanded weight, by the chain
 * rule through the iterations (and, layered, the checks) in reverse. The update rule's own backward
 * (rules/) routes a check message's gradient to its inputs (min-sum: the one
 * edge that supplied its magnitude); signs are piecewise constant; the
 * weighting's ReLU passes gradient only where it is open. The forward's
 * v -> c clamp at NFEC_MSG_MAX is taken as identity. */
#include "decoder/decoder_internal.h"
#include "train/train_internal.h"
#define R_BACKWARD 1
#include "rules/scalar.h"
#include <math.h>
#include <string.h>

/* One check's part at iteration t: given G[e] = dL/dc2v_e(t) on its edges,
 * adds the weights' gradients and sets g_x[e] = dL/dv2c_e(t) through the
 * check (its own loss term added by the caller). c2v_e = s_e weigh(rule(|x|
 * of the other edges)), s_e the sign product of the other edges' x:
 * piecewise constant. work: 4 floats per edge of the check. */
static void check_backward(int rule, int e0, int e1, const float* x, const float* wcv, const float* bcv, const float* G, double* acc_w,
                           double* acc_b, float* g_x, float* work)
{
    const int deg = e1 - e0;
    float *a = work, *p = work + deg, *g_mag = work + 2 * deg, *g_a = work + 3 * deg;
    float sgn = 1.0f;
    struct rule_state st = { 0 }; /* the other rules' part, for the compiler */
    rule_begin(rule, &st, NFEC_MSG_MAX);
    for (int j = 0; j < deg; j++) {
        const int e = e0 + j;
        sgn = x[e] < 0.0f ? -sgn : sgn;
        a[j] = fabsf(x[e]);
        p[j] = rule_prep(rule, a[j]);
        rule_take(rule, &st, p[j]);
        g_a[j] = 0.0f;
    }
    for (int j = 0; j < deg; j++) {
        const int e = e0 + j;
        const float s = x[e] < 0.0f ? -sgn : sgn;
        g_mag[j] = weigh_backward(rule_emit(rule, &st, p[j]), wcv[e], bcv[e], G[e] * s, &acc_w[e], &acc_b[e]);
    }
    rule_backward(rule, a, deg, NFEC_MSG_MAX, g_mag, g_a);
    for (int j = 0; j < deg; j++)
        g_x[e0 + j] = x[e0 + j] < 0.0f ? -g_a[j] : g_a[j];
}

/* Flooding: v2c(t) = w_ch(t) l + (sum of the other c2v(t - 1)). */
static void backward_flooding(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr, const float* g_out,
                              const float* g_c2v, const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work)
{
    const int n = nfec_code_n(code), E = nfec_code_edges(code), m = nfec_code_checks(code);
    const int T = nfec_decoder_iterations(d);
    const int *cs = nfec_code_check_start(code), *vs = nfec_code_var_start(code), *ve = nfec_code_var_edges(code);
    const float* wcv_all = nfec_decoder_weights(d, NFEC_W_CV);
    const float* bcv_all = nfec_decoder_weights(d, NFEC_B_CV);
    float* g_next = work;     /* dL/d v2c(t + 1), E */
    float* g_cur = work + E;  /* dL/d v2c(t), E */
    float* G = work + 2 * E;  /* dL/d c2v(t), E */
    float* g_x = work + 3 * E; /* through the checks, E */
    float* scratch = work + 4 * E;
    const int rule = nfec_decoder_update_rule(d);

    for (int t = T - 1; t >= 0; t--) {
        const float* x = tr->v2c + (size_t)t * E;
        const size_t tE = (size_t)t * E;
        const int later = t + 1 < T;

        /* c2v(t) feeds out(t), v2c(t + 1) on the other edges, and the loss. */
        for (int v = 0; v < n; v++) {
            const float go = g_out ? g_out[(size_t)t * n + v] : 0.0f;
            float sv = 0.0f;
            if (later)
                for (int j = vs[v]; j < vs[v + 1]; j++)
                    sv += g_next[ve[j]];
            for (int j = vs[v]; j < vs[v + 1]; j++) {
                const int e = ve[j];
                G[e] = go + (later ? sv - g_next[e] : 0.0f) + (g_c2v ? g_c2v[tE + e] : 0.0f);
            }
            acc[NFEC_W_OUT][(size_t)t * n + v] += (double)go * llr[v];
        }
        for (int c = 0; c < m; c++)
            check_backward(rule, cs[c], cs[c + 1], x, wcv_all + tE, bcv_all + tE, G, acc[NFEC_W_CV] + tE, acc[NFEC_B_CV] + tE, g_x, scratch);
        for (int e = 0; e < E; e++)
            g_cur[e] = (g_v2c ? g_v2c[tE + e] : 0.0f) + g_x[e];
        for (int v = 0; v < n; v++) {
            float s = 0.0f;
            for (int j = vs[v]; j < vs[v + 1]; j++)
                s += g_cur[ve[j]];
            acc[NFEC_W_CH][(size_t)t * n + v] += (double)s * llr[v];
        }
        memcpy(g_next, g_cur, (size_t)E * sizeof(float));
    }
}

/* Layered: check c's v2c(t) on variable v is w_ch(t) l + c2v(t) of the
 * checks before c + c2v(t - 1) of the checks after c (its own excluded), so
 * c2v(t) of check c feeds v2c(t) of later checks and v2c(t + 1) of earlier
 * ones. Checks are visited in reverse; per variable, `next` holds dL/dv2c(t
 * + 1) of the checks before the current one, `cur` dL/dv2c(t) of those after
 * it. */
static void backward_layered(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr, const float* g_out,
                             const float* g_c2v, const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work)
{
    const int n = nfec_code_n(code), E = nfec_code_edges(code), m = nfec_code_checks(code);
    const int T = nfec_decoder_iterations(d);
    const int *cs = nfec_code_check_start(code), *ev = nfec_code_edge_var(code);
    const float* wcv_all = nfec_decoder_weights(d, NFEC_W_CV);
    const float* bcv_all = nfec_decoder_weights(d, NFEC_B_CV);
    float* g_next = work;      /* dL/d v2c(t + 1), E */
    float* g_cur = work + E;   /* dL/d v2c(t), E */
    float* G = work + 2 * E;   /* dL/d c2v(t), E */
    float* next = work + 3 * E; /* n */
    float* cur = next + n;      /* n */
    float* scratch = cur + n;
    const int rule = nfec_decoder_update_rule(d);
    memset(g_next, 0, (size_t)E * sizeof(float));
    memset(next, 0, (size_t)n * sizeof(float));
    for (int t = T - 1; t >= 0; t--) {
        const float* x = tr->v2c + (size_t)t * E;
        const size_t tE = (size_t)t * E, tn = (size_t)t * n;
        memset(cur, 0, (size_t)n * sizeof(float));
        for (int c = m - 1; c >= 0; c--) {
            for (int e = cs[c]; e < cs[c + 1]; e++) {
                const int v = ev[e];
                next[v] -= g_next[e];
                G[e] = (g_out ? g_out[tn + v] : 0.0f) + (g_c2v ? g_c2v[tE + e] : 0.0f) + next[v] + cur[v];
            }
            check_backward(rule, cs[c], cs[c + 1], x, wcv_all + tE, bcv_all + tE, G, acc[NFEC_W_CV] + tE, acc[NFEC_B_CV] + tE, g_cur, scratch);
            for (int e = cs[c]; e < cs[c + 1]; e++) {
                const int v = ev[e];
                g_cur[e] += g_v2c ? g_v2c[tE + e] : 0.0f;
                cur[v] += g_cur[e];
                acc[NFEC_W_CH][tn + (size_t)v] += (double)g_cur[e] * llr[v];
            }
        }
        for (int v = 0; v < n; v++) {
            acc[NFEC_W_OUT][tn + (size_t)v] += (double)(g_out ? g_out[tn + v] : 0.0f) * llr[v];
            next[v] = cur[v];
        }
        memcpy(g_next, g_cur, (size_t)E * sizeof(float));
    }
}

void nfec_backward(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr, const float* g_out, const float* g_c2v,
                   const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work)
{
    if (nfec_decoder_schedule(d) == NFEC_LAYERED)
        backward_layered(d, code, llr, tr, g_out, g_c2v, g_v2c, acc, work);
    else
        backward_flooding(d, code, llr, tr, g_out, g_c2v, g_v2c, acc, work);
}
