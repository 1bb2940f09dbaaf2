/* The decoder object: creation, its memory, its weights as the kernels read
 * them (expanded per iteration, quantized, in lane rows), precision and
 * near-ML post-processing. The reference path is in reference.c, the choice
 * of kernel in dispatch.c. */
#include "decoder/decoder_internal.h"
#include "rules/rules.h"
#include "code/code_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every array of a decoder is carved out of one block, each 64-byte aligned
 * for the widest vectors, and the block starts zeroed: a lane that keeps its
 * old value in a blend is then always defined, even in the first group.
 * carve() with no block yet only adds up the size. */
struct arena {
    char* block;
    size_t used;
};
static void* carve(struct arena* a, size_t count, size_t elem)
{
    void* p = a->block ? a->block + a->used : NULL;
    a->used += (count * elem + 63) / 64 * 64;
    return p;
}
/* Work buffers hold whole lane groups (one spare). */
static void* carve_groups(struct arena* a, size_t groups) { return carve(a, groups + 1, NFEC_LANES * sizeof(float)); }
_Static_assert(NFEC_LANES * sizeof(float) == NFEC_FIXED_LANES * sizeof(int16_t), "a float and a fixed-point group are the same size");
/* Lane rows of `count` weights: a window of NFEC_ROW iterations per row. */
static size_t windows_for(int T) { return ((size_t)T + NFEC_ROW - 1) / NFEC_ROW; }

#define CARVE_WEIGHTS(a, set, T, n, E, elem)       \
    do {                                           \
        (set).w_ch = carve(a, (T) * (n), elem);    \
        (set).w_out = carve(a, (T) * (n), elem);   \
        (set).d_out = carve(a, (T) * (n), elem);   \
        (set).d_ch = carve(a, (T) * (n), elem);    \
        (set).w_cv = carve(a, (T) * (E), elem);    \
        (set).b_cv = carve(a, (T) * (E), elem);    \
        (set).damp = carve(a, 2, elem);            \
    } while (0)
#define CARVE_WORK(a, set, n, E)                   \
    do {                                           \
        (set).stage = carve_groups(a, n);          \
        (set).llr = carve_groups(a, n);            \
        (set).out = carve_groups(a, n);            \
        (set).sum = carve_groups(a, n);            \
        (set).total = carve_groups(a, n);          \
        (set).v2c = carve_groups(a, E);            \
        (set).c2v = carve_groups(a, E);            \
    } while (0)

static void carve_all(nfec_decoder* d, struct arena* a)
{
    const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
    const size_t rows = windows_for(d->T) * NFEC_ROW; /* lane rows: iterations rounded up to whole windows */
    CARVE_WEIGHTS(a, d->wf, T, n, E, sizeof(float));
    CARVE_WEIGHTS(a, d->wq, T, n, E, sizeof(int16_t));
    CARVE_WEIGHTS(a, d->rf, rows, n, E, sizeof(float));
    CARVE_WEIGHTS(a, d->rq, rows, n, E, sizeof(int16_t));
    CARVE_WORK(a, d->lf, n, E);
    CARVE_WORK(a, d->lq, n, E);
}

static void prepare_weights(nfec_decoder* d);
nfec_decoder* nfec_decoder_create(const nfec_code* code, const nfec_weights* weights, int iterations, int early_stop, nfec_error* err)
{
    if (weights) {
        if (nfec_weights_match_code(weights, code, err) != NFEC_OK)
            return NULL;
        if (iterations != 0 && iterations != nfec_weights_iterations(weights)) {
            nfec_fail(err, NFEC_EINVAL, "the weights are for %d iterations, not %d", nfec_weights_iterations(weights), iterations);
            return NULL;
        }
        iterations = nfec_weights_iterations(weights);
    }
    if (iterations < 1 || iterations > NFEC_MAX_ITERATIONS) {
        nfec_fail(err, NFEC_EINVAL, "iteration count %d is outside 1..%d", iterations, NFEC_MAX_ITERATIONS);
        return NULL;
    }
    nfec_decoder* d = calloc(1, sizeof *d);
    if (!d)
        goto oom;
    d->code = code;
    d->n = nfec_code_n(code);
    d->m = nfec_code_checks(code);
    d->edges = nfec_code_edges(code);
    d->T = iterations;
    d->early_stop = early_stop != 0;
    d->check_start = nfec_code_check_start(code);
    d->edge_var = nfec_code_edge_var(code);
    d->var_start = nfec_code_var_start(code);
    d->var_edges = nfec_code_var_edges(code);
    d->syn_m = nfec_code_syndrome_checks(code);
    d->syn_start = nfec_code_syndrome_start(code);
    d->syn_var = nfec_code_syndrome_var(code);
    struct arena a = { NULL, 0 };
    carve_all(d, &a);
    a.block = aligned_alloc(64, a.used);
    if (!a.block)
        goto oom;
    memset(a.block, 0, a.used);
    d->block = a.block;
    a.used = 0;
    carve_all(d, &a);
    const size_t T = (size_t)iterations, n = (size_t)d->n, E = (size_t)d->edges;
    nfec_decoder_set_isa(d, NFEC_ISA_AUTO, NULL);
    d->wf.damp[0] = 1.0f; /* undamped; quantized with the weights below */
    if (weights) {
        nfec_decoder_set_weights(d, weights, NULL);
    } else {
        for (size_t i = 0; i < T * n; i++)
            d->wf.w_ch[i] = d->wf.w_out[i] = 1.0f;
        for (size_t i = 0; i < T * E; i++) /* offsets stay 0 from the zeroed block */
            d->wf.w_cv[i] = 1.0f;
        d->weighting = NFEC_WEIGHTING_PLAIN;
        prepare_weights(d);
    }
    return d;
oom:
    nfec_decoder_destroy(d);
    nfec_fail(err, NFEC_ENOMEM, "out of memory creating a decoder for %s", nfec_code_spec(code));
    return NULL;
}

/* The fixed-point kernel's range for the weights of a family. */
static nfec_status check_fixed_range(nfec_family f, const float* x, size_t count, nfec_error* err)
{
    const float limit = f == NFEC_B_CV ? 128.0f : 32.0f;
    for (size_t i = 0; i < count; i++)
        if (!(fabsf(x[i]) < limit))
            return nfec_fail(err, NFEC_EINVAL, "weight %s[%zu] = %g is outside the 16-bit fixed-point range (|value| < %g)",
                             nfec_family_name(f), i, (double)x[i], (double)limit);
    return NFEC_OK;
}

static nfec_status check_fixed_weights(const nfec_weights* w, nfec_error* err)
{
    for (int f = 0; f < NFEC_FAMILIES; f++)
        if (check_fixed_range((nfec_family)f, nfec_weights_data_const(w, (nfec_family)f), (size_t)nfec_weights_count(w, (nfec_family)f), err) != NFEC_OK)
            return NFEC_EINVAL;
    return NFEC_OK;
}

static void quantize(const float* x, size_t count, int frac, int16_t* q)
{
    const float scale = (float)(1 << frac);
    for (size_t i = 0; i < count; i++) {
        const long v = lrintf(x[i] * scale);
        q[i] = (int16_t)(v > INT16_MAX ? INT16_MAX : v < -INT16_MAX ? -INT16_MAX : v);
    }
}

/* The layered schedule's differences (decoder_internal.h); d_ch(0) is 0:
 * a fresh frame starts from w_ch(0) l itself. */
static void layered_differences(nfec_decoder* d)
{
    const size_t T = (size_t)d->T, n = (size_t)d->n;
    for (size_t t = 0; t < T; t++)
        for (size_t v = 0; v < n; v++) {
            const size_t i = t * n + v;
            d->wf.d_out[i] = d->wf.w_out[i] - d->wf.w_ch[i];
            d->wf.d_ch[i] = t ? d->wf.w_ch[i] - d->wf.w_ch[i - n] : 0.0f;
        }
}

/* Keeps the quantized weights in step with the float ones (out-of-range
 * values saturate; the fixed kernel never runs with them, see above). */
static void quantize_weights(nfec_decoder* d)
{
    const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
    quantize(d->wf.w_ch, T * n, NFEC_FIXED_WFRAC, d->wq.w_ch);
    quantize(d->wf.w_out, T * n, NFEC_FIXED_WFRAC, d->wq.w_out);
    quantize(d->wf.d_out, T * n, NFEC_FIXED_WFRAC, d->wq.d_out);
    quantize(d->wf.d_ch, T * n, NFEC_FIXED_WFRAC, d->wq.d_ch);
    quantize(d->wf.w_cv, T * E, NFEC_FIXED_WFRAC, d->wq.w_cv);
    quantize(d->wf.b_cv, T * E, NFEC_FIXED_FRAC, d->wq.b_cv);
    quantize(d->wf.damp, 2, NFEC_FIXED_WFRAC, d->wq.damp);
}

/* Whether every family is the same at every iteration. */
static int iteration_invariant(const nfec_decoder* d)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    for (size_t t = 1; t < (size_t)d->T; t++)
        if (memcmp(d->wf.w_ch, d->wf.w_ch + t * n, n * sizeof(float)) || memcmp(d->wf.w_out, d->wf.w_out + t * n, n * sizeof(float)) ||
            memcmp(d->wf.w_cv, d->wf.w_cv + t * E, E * sizeof(float)) || memcmp(d->wf.b_cv, d->wf.b_cv + t * E, E * sizeof(float)))
            return 0;
    return 1;
}

/* src[t * count + i] into lane rows (decoder_internal.h); slots past the
 * last iteration repeat it. */
static void lane_rows(const void* src, size_t elem, size_t count, const nfec_decoder* d, void* rows)
{
    const size_t windows = d->invariant ? 1 : windows_for(d->T);
    for (size_t w = 0; w < windows; w++)
        for (size_t i = 0; i < count; i++)
            for (size_t j = 0; j < NFEC_ROW; j++) {
                const size_t t = d->invariant ? 0 : w * NFEC_ROW + j < (size_t)d->T ? w * NFEC_ROW + j : (size_t)d->T - 1;
                memcpy((char*)rows + ((w * count + i) * NFEC_ROW + j) * elem, (const char*)src + (t * count + i) * elem, elem);
            }
}

#define LANE_ROWS(d, set, rows, elem)                         \
    do {                                                      \
        lane_rows((set).w_ch, elem, (size_t)(d)->n, d, (rows).w_ch);     \
        lane_rows((set).w_out, elem, (size_t)(d)->n, d, (rows).w_out);   \
        lane_rows((set).d_out, elem, (size_t)(d)->n, d, (rows).d_out);   \
        lane_rows((set).d_ch, elem, (size_t)(d)->n, d, (rows).d_ch);     \
        lane_rows((set).w_cv, elem, (size_t)(d)->edges, d, (rows).w_cv); \
        lane_rows((set).b_cv, elem, (size_t)(d)->edges, d, (rows).b_cv); \
    } while (0)

/* Everything the kernels derive from the float weights. */
static void prepare_weights(nfec_decoder* d)
{
    layered_differences(d);
    quantize_weights(d);
    d->invariant = iteration_invariant(d);
    d->refill = d->invariant || d->T <= NFEC_ROW;
    LANE_ROWS(d, d->wf, d->rf, sizeof(float));
    LANE_ROWS(d, d->wq, d->rq, sizeof(int16_t));
}

static int weighting_of(const nfec_decoder* d)
{
    int kind = NFEC_WEIGHTING_PLAIN;
    for (size_t i = 0; i < (size_t)d->T * (size_t)d->edges; i++) {
        if (d->wf.b_cv[i] != 0.0f || !(d->wf.w_cv[i] >= 0.0f))
            return NFEC_WEIGHTING_FULL;
        if (d->wf.w_cv[i] != 1.0f)
            kind = NFEC_WEIGHTING_SCALED;
    }
    return kind;
}

/* The int16 kernels run min-sum only (the one rule they include). */
static nfec_status runs_in(nfec_update_rule rule, nfec_precision p, nfec_error* err)
{
    if (p == NFEC_FIXED16 && rule != NFEC_MINSUM)
        return nfec_fail(err, NFEC_EINVAL, "the %s rule runs in float only, not in int16", nfec_update_rule_name(rule));
    return NFEC_OK;
}

/* Damping runs on sum-product flooding only (nfec_decoder.h). */
static nfec_status damping_runs(float damping, nfec_update_rule rule, nfec_schedule schedule, nfec_error* err)
{
    if (damping == 0.0f || (rule == NFEC_SUMPRODUCT && schedule == NFEC_FLOODING))
        return NFEC_OK;
    return nfec_fail(err, NFEC_EINVAL, "damping %g runs on sum-product flooding only, not %s %s (set the damping to 0 first)", (double)damping,
                     nfec_update_rule_name(rule), nfec_schedule_name(schedule));
}

nfec_status nfec_decoder_set_damping(nfec_decoder* d, float damping, nfec_error* err)
{
    if (!(damping >= 0.0f && damping < 1.0f))
        return nfec_fail(err, NFEC_EINVAL, "damping %g is outside 0 <= damping < 1", (double)damping);
    if (damping_runs(damping, d->update, d->schedule, err) != NFEC_OK)
        return NFEC_EINVAL;
    d->damping = damping;
    d->wf.damp[0] = 1.0f - damping;
    d->wf.damp[1] = damping;
    quantize(d->wf.damp, 2, NFEC_FIXED_WFRAC, d->wq.damp);
    return NFEC_OK;
}

float nfec_decoder_damping(const nfec_decoder* d) { return d->damping; }

nfec_status nfec_decoder_set_weights(nfec_decoder* d, const nfec_weights* w, nfec_error* err)
{
    if (nfec_weights_match_code(w, d->code, err) != NFEC_OK)
        return NFEC_EMISMATCH;
    if (nfec_weights_iterations(w) != d->T)
        return nfec_fail(err, NFEC_EINVAL, "the weights are for %d iterations, the decoder runs %d", nfec_weights_iterations(w), d->T);
    if (runs_in(nfec_weights_update_rule(w), d->precision, err) != NFEC_OK ||
        damping_runs(d->damping, nfec_weights_update_rule(w), nfec_weights_schedule(w), err) != NFEC_OK)
        return NFEC_EINVAL;
    if (d->precision == NFEC_FIXED16 && check_fixed_weights(w, err) != NFEC_OK)
        return NFEC_EINVAL;
    d->update = nfec_weights_update_rule(w);
    d->schedule = nfec_weights_schedule(w);
    nfec_weights_expand(w, NFEC_W_CH, d->wf.w_ch);
    nfec_weights_expand(w, NFEC_W_CV, d->wf.w_cv);
    nfec_weights_expand(w, NFEC_B_CV, d->wf.b_cv);
    nfec_weights_expand(w, NFEC_W_OUT, d->wf.w_out);
    d->weighting = weighting_of(d);
    prepare_weights(d);
    return NFEC_OK;
}

nfec_status nfec_decoder_set_precision(nfec_decoder* d, nfec_precision p, nfec_error* err)
{
    if (p != NFEC_FLOAT32 && p != NFEC_FIXED16)
        return nfec_fail(err, NFEC_EINVAL, "unknown precision %d", (int)p);
    if (runs_in(d->update, p, err) != NFEC_OK)
        return NFEC_EINVAL;
    if (p == NFEC_FIXED16) {
        const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
        if (check_fixed_range(NFEC_W_CH, d->wf.w_ch, T * n, err) != NFEC_OK || check_fixed_range(NFEC_W_CV, d->wf.w_cv, T * E, err) != NFEC_OK ||
            check_fixed_range(NFEC_B_CV, d->wf.b_cv, T * E, err) != NFEC_OK || check_fixed_range(NFEC_W_OUT, d->wf.w_out, T * n, err) != NFEC_OK)
            return NFEC_EINVAL;
    }
    d->precision = p;
    return NFEC_OK;
}

nfec_precision nfec_decoder_precision(const nfec_decoder* d) { return d->precision; }

nfec_status nfec_decoder_set_update_rule(nfec_decoder* d, nfec_update_rule rule, nfec_error* err)
{
    if ((unsigned)rule >= NFEC_RULE_COUNT)
        return nfec_fail(err, NFEC_EINVAL, "unknown update rule %d", (int)rule);
    if (runs_in(rule, d->precision, err) != NFEC_OK || damping_runs(d->damping, rule, d->schedule, err) != NFEC_OK)
        return NFEC_EINVAL;
    d->update = rule;
    return NFEC_OK;
}

nfec_update_rule nfec_decoder_update_rule(const nfec_decoder* d) { return d->update; }

nfec_status nfec_decoder_set_schedule(nfec_decoder* d, nfec_schedule schedule, nfec_error* err)
{
    if (schedule != NFEC_FLOODING && schedule != NFEC_LAYERED)
        return nfec_fail(err, NFEC_EINVAL, "unknown schedule %d", (int)schedule);
    if (damping_runs(d->damping, d->update, schedule, err) != NFEC_OK)
        return NFEC_EINVAL;
    d->schedule = schedule;
    return NFEC_OK;
}

nfec_schedule nfec_decoder_schedule(const nfec_decoder* d) { return d->schedule; }

const char* nfec_schedule_name(nfec_schedule schedule)
{
    return schedule == NFEC_FLOODING ? "flooding" : schedule == NFEC_LAYERED ? "layered" : "unknown";
}

const char* nfec_update_rule_name(nfec_update_rule rule)
{
#define RULE_NAME(id, name, label) [id] = label,
    static const char* const names[] = { NFEC_CHECK_RULES(RULE_NAME) };
    return (unsigned)rule < NFEC_RULE_COUNT ? names[rule] : "unknown";
}

const char* nfec_precision_name(nfec_precision p) { return p == NFEC_FIXED16 ? "int16" : p == NFEC_FLOAT32 ? "float" : "unknown"; }

void nfec_decoder_destroy(nfec_decoder* d)
{
    if (!d)
        return;
    nfec_hybrid_destroy(d->hybrid);
    free(d->block);
    free(d);
}

int nfec_decoder_iterations(const nfec_decoder* d) { return d->T; }
const nfec_code* nfec_decoder_code(const nfec_decoder* d) { return d->code; }

const float* nfec_decoder_weights(const nfec_decoder* d, nfec_family f)
{
    switch (f) {
    case NFEC_W_CH:
        return d->wf.w_ch;
    case NFEC_W_CV:
        return d->wf.w_cv;
    case NFEC_B_CV:
        return d->wf.b_cv;
    default:
        return d->wf.w_out;
    }
}


nfec_status nfec_decoder_set_osd(nfec_decoder* d, int order, nfec_osd_reliability by, nfec_error* err)
{
    struct nfec_hybrid* h = NULL;
    if (order != 0) {
        const nfec_status st = nfec_hybrid_create(d, order, by, &h, err);
        if (st != NFEC_OK)
            return st;
    }
    nfec_hybrid_destroy(d->hybrid);
    d->hybrid = h;
    return NFEC_OK;
}

int nfec_decoder_osd_order(const nfec_decoder* d) { return d->hybrid ? nfec_hybrid_order(d->hybrid) : 0; }
long long nfec_decoder_osd_frames(const nfec_decoder* d) { return d->hybrid ? nfec_hybrid_frames(d->hybrid) : 0; }
