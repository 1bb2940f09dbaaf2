/* The backward pass of the neural decoders: exact gradients of a loss on
 * the traced messages with respect to every expanded weight, by the chain
 * rule through the iterations in reverse. The update rule's own backward
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

void nfec_backward(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr,
                   const float* g_out, const float* g_c2v, const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work)
{
    const int n = nfec_code_n(code), E = nfec_code_edges(code), m = nfec_code_checks(code);
    const int T = nfec_decoder_iterations(d);
    const int *cs = nfec_code_check_start(code), *vs = nfec_code_var_start(code), *ve = nfec_code_var_edges(code);
    const float* wcv_all = nfec_decoder_weights(d, NFEC_W_CV);
    const float* bcv_all = nfec_decoder_weights(d, NFEC_B_CV);
    float* g_next = work;      /* dL/d v2c(t + 1), E */
    float* g_cur = work + E;   /* dL/d v2c(t), E */
    float* G = work + 2 * E;   /* dL/d c2v(t), E */
    float* a = work + 3 * E;   /* |v2c(t)| */
    float* mag = work + 4 * E; /* the rule's prepared magnitudes */
    float* g_mag = work + 5 * E;
    float* g_a = work + 6 * E; /* dL/d |v2c(t)| through the check rule */
    const int rule = nfec_decoder_update_rule(d);

    for (int t = T - 1; t >= 0; t--) {
        const float* x = tr->v2c + (size_t)t * E;
        const float* wcv = wcv_all + (size_t)t * E;
        const float* bcv = bcv_all + (size_t)t * E;
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
                G[e] = go + (later ? sv - g_next[e] : 0.0f) + (g_c2v ? g_c2v[(size_t)t * E + e] : 0.0f);
            }
            acc[NFEC_W_OUT][(size_t)t * n + v] += (double)go * llr[v];
        }

        for (int e = 0; e < E; e++)
            g_cur[e] = g_v2c ? g_v2c[(size_t)t * E + e] : 0.0f;
        /* c2v(t)_e = s_e weigh(rule(|x| of the other edges)), s_e the sign
         * product of the other edges' x: piecewise constant. */
        for (int e = 0; e < E; e++) {
            a[e] = fabsf(x[e]);
            g_a[e] = 0.0f;
        }
        for (int c = 0; c < m; c++) {
            const int e0 = cs[c], e1 = cs[c + 1];
            float sgn = 1.0f;
            struct rule_state st = { 0 }; /* the other rules' part, for the compiler */
            rule_begin(rule, &st, NFEC_MSG_MAX);
            for (int e = e0; e < e1; e++) {
                sgn = x[e] < 0.0f ? -sgn : sgn;
                const float p = rule_prep(rule, a[e]);
                rule_take(rule, &st, p);
                mag[e] = p;
            }
            for (int e = e0; e < e1; e++) {
                const float s = x[e] < 0.0f ? -sgn : sgn;
                g_mag[e] = weigh_backward(rule_emit(rule, &st, mag[e]), wcv[e], bcv[e], G[e] * s, &acc[NFEC_W_CV][(size_t)t * E + e],
                                          &acc[NFEC_B_CV][(size_t)t * E + e]);
            }
            rule_backward(rule, a + e0, e1 - e0, NFEC_MSG_MAX, g_mag + e0, g_a + e0);
        }
        for (int e = 0; e < E; e++)
            g_cur[e] += x[e] < 0.0f ? -g_a[e] : g_a[e];

        /* v2c(t) = w_ch(t) l + (sum of the other c2v(t - 1)). */
        for (int v = 0; v < n; v++) {
            float s = 0.0f;
            for (int j = vs[v]; j < vs[v + 1]; j++)
                s += g_cur[ve[j]];
            acc[NFEC_W_CH][(size_t)t * n + v] += (double)s * llr[v];
        }
        memcpy(g_next, g_cur, (size_t)E * sizeof(float));
    }
}
