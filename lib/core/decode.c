/* The decoder object: creation, weights, instruction-set choice, frames in
 * and out of the SIMD kernels' lanes (minsum_lanes.h, fixed_lanes.h), and the reference
 * path: a plain one-frame implementation of the same arithmetic that traces
 * every iteration for training and that the kernel is tested against. */
#include "decoder_internal.h"
#include "internal.h"
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
static void* carve_rows(struct arena* a, size_t count, int T, size_t elem) { return carve(a, windows_for(T) * count * NFEC_ROW, elem); }

static void carve_all(nfec_decoder* d, struct arena* a)
{
    const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
    d->w_ch = carve(a, T * n, sizeof(float));
    d->w_out = carve(a, T * n, sizeof(float));
    d->w_cv = carve(a, T * E, sizeof(float));
    d->b_cv = carve(a, T * E, sizeof(float));
    d->qw_ch = carve(a, T * n, sizeof(int16_t));
    d->qw_out = carve(a, T * n, sizeof(int16_t));
    d->qw_cv = carve(a, T * E, sizeof(int16_t));
    d->qb_cv = carve(a, T * E, sizeof(int16_t));
    d->lw_ch = carve_rows(a, n, d->T, sizeof(float));
    d->lw_out = carve_rows(a, n, d->T, sizeof(float));
    d->lw_cv = carve_rows(a, E, d->T, sizeof(float));
    d->lb_cv = carve_rows(a, E, d->T, sizeof(float));
    d->lq_ch = carve_rows(a, n, d->T, sizeof(int16_t));
    d->lq_out = carve_rows(a, n, d->T, sizeof(int16_t));
    d->lq_cv = carve_rows(a, E, d->T, sizeof(int16_t));
    d->lqb_cv = carve_rows(a, E, d->T, sizeof(int16_t));
    d->stage = carve_groups(a, n);
    d->llr = carve_groups(a, n);
    d->out = carve_groups(a, n);
    d->sum = carve_groups(a, n);
    d->total = carve_groups(a, n);
    d->v2c = carve_groups(a, E);
    d->c2v = carve_groups(a, E);
    d->q_stage = carve_groups(a, n);
    d->q_llr = carve_groups(a, n);
    d->q_out = carve_groups(a, n);
    d->q_sum = carve_groups(a, n);
    d->q_total = carve_groups(a, n);
    d->q_v2c = carve_groups(a, E);
    d->q_c2v = carve_groups(a, E);
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
    if (weights) {
        nfec_decoder_set_weights(d, weights, NULL);
    } else {
        for (size_t i = 0; i < T * n; i++)
            d->w_ch[i] = d->w_out[i] = 1.0f;
        for (size_t i = 0; i < T * E; i++) /* offsets stay 0 from the zeroed block */
            d->w_cv[i] = 1.0f;
        d->check_rule = NFEC_RULE_PLAIN;
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

/* Keeps the quantized weights in step with the float ones (out-of-range
 * values saturate; the fixed kernel never runs with them, see above). */
static void quantize_weights(nfec_decoder* d)
{
    const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
    quantize(d->w_ch, T * n, NFEC_FIXED_WFRAC, d->qw_ch);
    quantize(d->w_out, T * n, NFEC_FIXED_WFRAC, d->qw_out);
    quantize(d->w_cv, T * E, NFEC_FIXED_WFRAC, d->qw_cv);
    quantize(d->b_cv, T * E, NFEC_FIXED_FRAC, d->qb_cv);
}

/* Whether every family is the same at every iteration. */
static int iteration_invariant(const nfec_decoder* d)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    for (size_t t = 1; t < (size_t)d->T; t++)
        if (memcmp(d->w_ch, d->w_ch + t * n, n * sizeof(float)) || memcmp(d->w_out, d->w_out + t * n, n * sizeof(float)) ||
            memcmp(d->w_cv, d->w_cv + t * E, E * sizeof(float)) || memcmp(d->b_cv, d->b_cv + t * E, E * sizeof(float)))
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

/* Everything the kernels derive from the float weights. */
static void prepare_weights(nfec_decoder* d)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    quantize_weights(d);
    d->invariant = iteration_invariant(d);
    d->refill = d->invariant || d->T <= NFEC_ROW;
    lane_rows(d->w_ch, sizeof(float), n, d, d->lw_ch);
    lane_rows(d->w_out, sizeof(float), n, d, d->lw_out);
    lane_rows(d->w_cv, sizeof(float), E, d, d->lw_cv);
    lane_rows(d->b_cv, sizeof(float), E, d, d->lb_cv);
    lane_rows(d->qw_ch, sizeof(int16_t), n, d, d->lq_ch);
    lane_rows(d->qw_out, sizeof(int16_t), n, d, d->lq_out);
    lane_rows(d->qw_cv, sizeof(int16_t), E, d, d->lq_cv);
    lane_rows(d->qb_cv, sizeof(int16_t), E, d, d->lqb_cv);
}

static int check_rule(const nfec_decoder* d)
{
    int rule = NFEC_RULE_PLAIN;
    for (size_t i = 0; i < (size_t)d->T * (size_t)d->edges; i++) {
        if (d->b_cv[i] != 0.0f || !(d->w_cv[i] >= 0.0f))
            return NFEC_RULE_FULL;
        if (d->w_cv[i] != 1.0f)
            rule = NFEC_RULE_SCALED;
    }
    return rule;
}

nfec_status nfec_decoder_set_weights(nfec_decoder* d, const nfec_weights* w, nfec_error* err)
{
    if (nfec_weights_match_code(w, d->code, err) != NFEC_OK)
        return NFEC_EMISMATCH;
    if (nfec_weights_iterations(w) != d->T)
        return nfec_fail(err, NFEC_EINVAL, "the weights are for %d iterations, the decoder runs %d", nfec_weights_iterations(w), d->T);
    if (d->precision == NFEC_FIXED16 && check_fixed_weights(w, err) != NFEC_OK)
        return NFEC_EINVAL;
    nfec_weights_expand(w, NFEC_W_CH, d->w_ch);
    nfec_weights_expand(w, NFEC_W_CV, d->w_cv);
    nfec_weights_expand(w, NFEC_B_CV, d->b_cv);
    nfec_weights_expand(w, NFEC_W_OUT, d->w_out);
    d->check_rule = check_rule(d);
    prepare_weights(d);
    return NFEC_OK;
}

nfec_status nfec_decoder_set_precision(nfec_decoder* d, nfec_precision p, nfec_error* err)
{
    if (p != NFEC_FLOAT32 && p != NFEC_FIXED16)
        return nfec_fail(err, NFEC_EINVAL, "unknown precision %d", (int)p);
    if (p == NFEC_FIXED16) {
        const size_t T = (size_t)d->T, n = (size_t)d->n, E = (size_t)d->edges;
        if (check_fixed_range(NFEC_W_CH, d->w_ch, T * n, err) != NFEC_OK || check_fixed_range(NFEC_W_CV, d->w_cv, T * E, err) != NFEC_OK ||
            check_fixed_range(NFEC_B_CV, d->b_cv, T * E, err) != NFEC_OK || check_fixed_range(NFEC_W_OUT, d->w_out, T * n, err) != NFEC_OK)
            return NFEC_EINVAL;
    }
    d->precision = p;
    return NFEC_OK;
}

nfec_precision nfec_decoder_precision(const nfec_decoder* d) { return d->precision; }

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

const float* nfec_decoder_weights(const nfec_decoder* d, nfec_family f)
{
    switch (f) {
    case NFEC_W_CH:
        return d->w_ch;
    case NFEC_W_CV:
        return d->w_cv;
    case NFEC_B_CV:
        return d->b_cv;
    default:
        return d->w_out;
    }
}


static nfec_batch_fn fixed_runner_for(nfec_isa isa)
{
    switch (isa) {
#ifdef NFEC_X86
    case NFEC_ISA_SSE41:
        return nfec_fixed_sse41;
    case NFEC_ISA_AVX2:
        return nfec_fixed_avx2;
    case NFEC_ISA_AVX512:
        return nfec_fixed_avx512;
#endif
    default:
        return nfec_fixed_portable;
    }
}

static nfec_batch_fn runner_for(nfec_isa isa)
{
    switch (isa) {
#ifdef NFEC_X86
    case NFEC_ISA_SSE41:
        return nfec_lanes_sse41;
    case NFEC_ISA_AVX2:
        return nfec_lanes_avx2;
    case NFEC_ISA_AVX512:
        return nfec_lanes_avx512;
#endif
    case NFEC_ISA_PORTABLE:
        return nfec_lanes_portable;
    default:
        return NULL;
    }
}

const char* nfec_isa_name(nfec_isa isa)
{
    static const char* const names[] = { "auto", "portable", "sse4.1", "avx2", "avx512" };
    return isa >= NFEC_ISA_AUTO && isa <= NFEC_ISA_AVX512 ? names[isa] : "unknown";
}

int nfec_isa_supported(nfec_isa isa)
{
    if (!runner_for(isa))
        return 0;
#ifdef NFEC_X86
    __builtin_cpu_init();
    switch (isa) {
    case NFEC_ISA_SSE41:
        return __builtin_cpu_supports("sse4.1");
    case NFEC_ISA_AVX2:
        return __builtin_cpu_supports("avx2");
    case NFEC_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    default:
        break;
    }
#endif
    return 1;
}

nfec_isa nfec_isa_best(void)
{
    for (nfec_isa isa = NFEC_ISA_AVX512; isa > NFEC_ISA_PORTABLE; isa--)
        if (nfec_isa_supported(isa))
            return isa;
    return NFEC_ISA_PORTABLE;
}

nfec_status nfec_decoder_set_isa(nfec_decoder* d, nfec_isa isa, nfec_error* err)
{
    if (isa == NFEC_ISA_AUTO)
        isa = nfec_isa_best();
    if (!nfec_isa_supported(isa))
        return nfec_fail(err, NFEC_EINVAL, "instruction set %s is not available on this CPU or in this build", nfec_isa_name(isa));
    d->isa = isa;
    d->run_float = runner_for(isa);
    d->run_fixed = fixed_runner_for(isa);
    return NFEC_OK;
}

nfec_isa nfec_decoder_isa(const nfec_decoder* d) { return d->isa; }

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

long nfec_decoder_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    if (d->hybrid)
        return nfec_hybrid_decode(d, in, in_scale, nframes, bits, soft, iterations);
    return nfec_kernel_decode(d, in, in_scale, nframes, bits, soft, iterations);
}

long nfec_kernel_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    if (d->precision == NFEC_FIXED16)
        return d->run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
    return d->run_float(d, in, in_scale, nframes, bits, soft, iterations);
}
