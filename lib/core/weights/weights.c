/* Neural min-sum parameters in memory: four families, each stored in its
 * sharing form and expanded to per-iteration arrays only for the decoder. */
#include "code/code_internal.h"
#include "weights/weights_internal.h"
#include "rules/rules.h"
#include <gnuradio/neuralfec/nfec_weights.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nfec_weights {
    int T;
    int len[NFEC_FAMILIES];
    int sharing[NFEC_FAMILIES];
    float* data[NFEC_FAMILIES];
    char* spec;
    uint64_t hash;
    int n, m, edges;
    char* provenance;
    nfec_update_rule rule;
    nfec_schedule schedule;
};

static const float neutral[NFEC_FAMILIES] = { 1.0f, 1.0f, 0.0f, 1.0f };

static int count_of(int T, int len, int sharing)
{
    if (sharing < 0)
        return 0;
    return ((sharing & NFEC_PER_ITERATION) ? T : 1) * ((sharing & NFEC_PER_ELEMENT) ? len : 1);
}

static char* dup_str(const char* s)
{
    size_t len = strlen(s);
    char* d = malloc(len + 1);
    if (d)
        memcpy(d, s, len + 1);
    return d;
}

nfec_weights* nfec_weights_alloc(const char* spec, uint64_t hash, int n, int m, int edges, int T, const int* sharing, nfec_error* err)
{
    if (T < 1 || T > NFEC_MAX_ITERATIONS) {
        nfec_fail(err, NFEC_EINVAL, "iteration count %d is outside 1..%d", T, NFEC_MAX_ITERATIONS);
        return NULL;
    }
    if (n < 1 || n > NFEC_MAX_N || m < 0 || m > NFEC_MAX_N || edges < 0 || edges > NFEC_MAX_EDGES ||
        (long long)T * (edges > n ? edges : n) > NFEC_MAX_EDGES) {
        nfec_fail(err, NFEC_EINVAL, "weights of %d iterations for n=%d, m=%d, %d edges: absurd sizes", T, n, m, edges);
        return NULL;
    }
    for (int f = 0; f < NFEC_FAMILIES; f++)
        if (sharing[f] < NFEC_SHARE_ABSENT || sharing[f] > (NFEC_PER_ITERATION | NFEC_PER_ELEMENT)) {
            nfec_fail(err, NFEC_EINVAL, "weight family %s: sharing mode %d is not one of -1..3", nfec_family_name((nfec_family)f), sharing[f]);
            return NULL;
        }
    nfec_weights* w = calloc(1, sizeof *w);
    if (!w)
        goto oom;
    w->T = T;
    w->n = n;
    w->m = m;
    w->edges = edges;
    w->hash = hash;
    w->len[NFEC_W_CH] = w->len[NFEC_W_OUT] = n;
    w->len[NFEC_W_CV] = w->len[NFEC_B_CV] = edges;
    w->spec = dup_str(spec);
    w->provenance = dup_str("");
    if (!w->spec || !w->provenance)
        goto oom;
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        w->sharing[f] = sharing[f];
        int cnt = count_of(T, w->len[f], sharing[f]);
        w->data[f] = malloc(((size_t)cnt + 1) * sizeof(float));
        if (!w->data[f])
            goto oom;
        for (int i = 0; i < cnt; i++)
            w->data[f][i] = neutral[f];
    }
    return w;
oom:
    nfec_weights_destroy(w);
    nfec_fail(err, NFEC_ENOMEM, "out of memory allocating weights");
    return NULL;
}

nfec_weights* nfec_weights_create(const nfec_code* code, int T, const int sharing[NFEC_FAMILIES], nfec_error* err)
{
    return nfec_weights_alloc(nfec_code_spec(code), nfec_code_hash(code), nfec_code_n(code), nfec_code_checks(code), nfec_code_edges(code), T, sharing, err);
}

const char* nfec_family_name(nfec_family f)
{
    static const char* names[NFEC_FAMILIES] = { "w_ch", "w_cv", "b_cv", "w_out" };
    return (unsigned)f < NFEC_FAMILIES ? names[f] : "?";
}

nfec_weights* nfec_weights_create_scalar(const nfec_code* code, int T, float alpha, float beta, nfec_error* err)
{
    if (!isfinite(alpha) || !isfinite(beta) || beta < 0.0f) {
        nfec_fail(err, NFEC_EINVAL, "normalization %g and offset %g must be finite, the offset >= 0", alpha, beta);
        return NULL;
    }
    int sharing[NFEC_FAMILIES] = { NFEC_SHARE_ABSENT, 0, beta != 0.0f ? 0 : NFEC_SHARE_ABSENT, NFEC_SHARE_ABSENT };
    nfec_weights* w = nfec_weights_create(code, T, sharing, err);
    if (w) {
        w->data[NFEC_W_CV][0] = alpha;
        if (beta != 0.0f)
            w->data[NFEC_B_CV][0] = beta;
    }
    return w;
}

nfec_weights* nfec_weights_clone(const nfec_weights* src, nfec_error* err)
{
    nfec_weights* w = calloc(1, sizeof *w);
    if (!w)
        goto oom;
    *w = *src;
    w->spec = dup_str(src->spec);
    w->provenance = dup_str(src->provenance);
    for (int f = 0; f < NFEC_FAMILIES; f++)
        w->data[f] = NULL;
    if (!w->spec || !w->provenance)
        goto oom;
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        size_t bytes = ((size_t)count_of(w->T, w->len[f], w->sharing[f]) + 1) * sizeof(float);
        w->data[f] = malloc(bytes);
        if (!w->data[f])
            goto oom;
        memcpy(w->data[f], src->data[f], bytes);
    }
    return w;
oom:
    nfec_weights_destroy(w);
    nfec_fail(err, NFEC_ENOMEM, "out of memory copying weights");
    return NULL;
}

void nfec_weights_destroy(nfec_weights* w)
{
    if (!w)
        return;
    for (int f = 0; f < NFEC_FAMILIES; f++)
        free(w->data[f]);
    free(w->spec);
    free(w->provenance);
    free(w);
}

int nfec_weights_iterations(const nfec_weights* w) { return w->T; }
int nfec_weights_sharing(const nfec_weights* w, nfec_family f) { return w->sharing[f]; }
int nfec_weights_family_length(const nfec_weights* w, nfec_family f) { return w->len[f]; }
int nfec_weights_count(const nfec_weights* w, nfec_family f) { return count_of(w->T, w->len[f], w->sharing[f]); }
float* nfec_weights_data(nfec_weights* w, nfec_family f) { return w->data[f]; }
const float* nfec_weights_data_const(const nfec_weights* w, nfec_family f) { return w->data[f]; }

int nfec_weights_scalar(const nfec_weights* w, float* alpha, float* beta)
{
    float first[NFEC_FAMILIES];
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const int count = nfec_weights_count(w, (nfec_family)f);
        first[f] = count ? w->data[f][0] : neutral[f];
        for (int i = 1; i < count; i++)
            if (w->data[f][i] != first[f])
                return 0;
    }
    *alpha = first[NFEC_W_CV];
    *beta = first[NFEC_B_CV];
    return first[NFEC_W_CH] == 1.0f && first[NFEC_W_OUT] == 1.0f;
}

const char* nfec_weights_code_spec(const nfec_weights* w) { return w->spec; }
uint64_t nfec_weights_code_hash(const nfec_weights* w) { return w->hash; }
int nfec_weights_code_n(const nfec_weights* w) { return w->n; }
int nfec_weights_code_checks(const nfec_weights* w) { return w->m; }
int nfec_weights_code_edges(const nfec_weights* w) { return w->edges; }
const char* nfec_weights_provenance(const nfec_weights* w) { return w->provenance; }

nfec_update_rule nfec_weights_update_rule(const nfec_weights* w) { return w->rule; }
nfec_schedule nfec_weights_schedule(const nfec_weights* w) { return w->schedule; }

nfec_status nfec_weights_set_schedule(nfec_weights* w, nfec_schedule schedule, nfec_error* err)
{
    if (schedule != NFEC_FLOODING && schedule != NFEC_LAYERED)
        return nfec_fail(err, NFEC_EINVAL, "unknown schedule %d", (int)schedule);
    w->schedule = schedule;
    return NFEC_OK;
}

nfec_status nfec_weights_set_update_rule(nfec_weights* w, nfec_update_rule rule, nfec_error* err)
{
    if ((unsigned)rule >= NFEC_RULE_COUNT)
        return nfec_fail(err, NFEC_EINVAL, "unknown update rule %d", (int)rule);
    w->rule = rule;
    return NFEC_OK;
}

nfec_status nfec_weights_set_provenance(nfec_weights* w, const char* text, nfec_error* err)
{
    char* p = dup_str(text);
    if (!p)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory storing provenance");
    free(w->provenance);
    w->provenance = p;
    return NFEC_OK;
}

void nfec_weights_expand(const nfec_weights* w, nfec_family f, float* out)
{
    const int len = w->len[f], sh = w->sharing[f];
    for (int t = 0; t < w->T; t++) {
        float* dst = out + (size_t)t * len;
        if (sh < 0) {
            for (int i = 0; i < len; i++)
                dst[i] = neutral[f];
            continue;
        }
        const float* src = w->data[f] + (size_t)((sh & NFEC_PER_ITERATION) ? t : 0) * ((sh & NFEC_PER_ELEMENT) ? len : 1);
        for (int i = 0; i < len; i++)
            dst[i] = src[(sh & NFEC_PER_ELEMENT) ? i : 0];
    }
}

nfec_status nfec_weights_match_code(const nfec_weights* w, const nfec_code* code, nfec_error* err)
{
    if (w->hash == nfec_code_hash(code) && w->n == nfec_code_n(code) && w->m == nfec_code_checks(code) && w->edges == nfec_code_edges(code))
        return NFEC_OK;
    return nfec_fail(err, NFEC_EMISMATCH,
                     "weights were trained for %s (n=%d, m=%d, %d edges) but the decoder's code is %s (n=%d, m=%d, %d edges)%s",
                     w->spec, w->n, w->m, w->edges, nfec_code_spec(code), nfec_code_n(code), nfec_code_checks(code), nfec_code_edges(code),
                     (w->n == nfec_code_n(code) && w->m == nfec_code_checks(code) && w->edges == nfec_code_edges(code)) ? " (same sizes, different matrix)" : "");
}
