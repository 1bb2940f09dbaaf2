/* The (neural) min-sum decoder, flooding schedule.
 *
 * Layout: W frames are interleaved in lanes, so message e of lane l sits at
 * [e * W + l]; every inner loop runs over the W lanes and vectorizes. The
 * group runner is specialized for W = NFEC_LANES (full groups) and W = 1 (the
 * remainder); the wide one is compiled once per instruction set and picked per
 * decoder (the best the CPU has, unless asked otherwise). Each build is the
 * same C, with -ffp-contract=off, so every one gives bit-identical results. Rules (weights and offsets) are plain arrays expanded
 * from nfec_weights, so every sharing mode runs the same loop: plain min-sum is
 * this decoder with every weight 1. */
#include "internal.h"
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__) && !defined(NFEC_PORTABLE_ONLY)
#define NFEC_X86 1
#endif
#define ALWAYS_INLINE inline __attribute__((always_inline))

struct nfec_decoder {
    const nfec_code* code;
    int n, m, edges, T, early_stop;
    nfec_isa isa;
    void (*run_wide)(struct nfec_decoder*, int*);
    const int *check_start, *edge_var, *var_start, *var_edges;
    float *w_ch, *w_cv, *b_cv, *w_out; /* T * n, T * E, T * E, T * n */
    /* work memory for one group of NFEC_LANES frames */
    float *llr, *v2c, *c2v, *out, *final; /* n*W, E*W, E*W, n*W, n*W */
};

static void* alloc_floats(size_t count) { return malloc((count + 1) * sizeof(float)); }

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
    const size_t T = (size_t)iterations, n = (size_t)d->n, E = (size_t)d->edges, W = NFEC_LANES;
    d->w_ch = alloc_floats(T * n);
    d->w_out = alloc_floats(T * n);
    d->w_cv = alloc_floats(T * E);
    d->b_cv = alloc_floats(T * E);
    d->llr = alloc_floats(n * W);
    d->out = alloc_floats(n * W);
    d->final = alloc_floats(n * W);
    d->v2c = alloc_floats(E * W);
    d->c2v = alloc_floats(E * W);
    if (!d->w_ch || !d->w_out || !d->w_cv || !d->b_cv || !d->llr || !d->out || !d->final || !d->v2c || !d->c2v)
        goto oom;
    nfec_decoder_set_isa(d, NFEC_ISA_AUTO, NULL);
    if (weights) {
        nfec_decoder_set_weights(d, weights, NULL);
    } else {
        for (size_t i = 0; i < T * n; i++)
            d->w_ch[i] = d->w_out[i] = 1.0f;
        for (size_t i = 0; i < T * E; i++) {
            d->w_cv[i] = 1.0f;
            d->b_cv[i] = 0.0f;
        }
    }
    return d;
oom:
    nfec_decoder_destroy(d);
    nfec_fail(err, NFEC_ENOMEM, "out of memory creating a decoder for %s", nfec_code_spec(code));
    return NULL;
}

nfec_status nfec_decoder_set_weights(nfec_decoder* d, const nfec_weights* w, nfec_error* err)
{
    if (nfec_weights_match_code(w, d->code, err) != NFEC_OK)
        return NFEC_EMISMATCH;
    if (nfec_weights_iterations(w) != d->T)
        return nfec_fail(err, NFEC_EINVAL, "the weights are for %d iterations, the decoder runs %d", nfec_weights_iterations(w), d->T);
    nfec_weights_expand(w, NFEC_W_CH, d->w_ch);
    nfec_weights_expand(w, NFEC_W_CV, d->w_cv);
    nfec_weights_expand(w, NFEC_B_CV, d->b_cv);
    nfec_weights_expand(w, NFEC_W_OUT, d->w_out);
    return NFEC_OK;
}

void nfec_decoder_destroy(nfec_decoder* d)
{
    if (!d)
        return;
    free(d->w_ch);
    free(d->w_out);
    free(d->w_cv);
    free(d->b_cv);
    free(d->llr);
    free(d->out);
    free(d->final);
    free(d->v2c);
    free(d->c2v);
    free(d);
}

int nfec_decoder_iterations(const nfec_decoder* d) { return d->T; }
const nfec_code* nfec_decoder_code(const nfec_decoder* d) { return d->code; }

static ALWAYS_INLINE float clampf(float x, float lim) { return x > lim ? lim : (x < -lim ? -lim : x); }

/* Message buffers of one iteration. Decoding reuses one set; tracing gives
 * each iteration its own, so the training app can read them all. */
typedef struct {
    float *v2c, *c2v, *out;
} msgs;

/* v -> c messages of the first iteration: the weighted channel value. */
static ALWAYS_INLINE void first_v2c(const nfec_decoder* d, float* v2c, const int W)
{
    for (int v = 0; v < d->n; v++) {
        const float w = d->w_ch[v];
        const float* l = d->llr + (size_t)v * W;
        for (int j = d->var_start[v]; j < d->var_start[v + 1]; j++) {
            float* x = v2c + (size_t)d->var_edges[j] * W;
            for (int k = 0; k < W; k++)
                x[k] = clampf(w * l[k], NFEC_MSG_MAX);
        }
    }
}

/* c -> v: sign product and min / second min over the other edges, then
 * offset, ReLU and weight. */
static ALWAYS_INLINE void check_pass(const nfec_decoder* d, int t, const float* v2c, float* c2v, const int W)
{
    const float* wcv = d->w_cv + (size_t)t * d->edges;
    const float* bcv = d->b_cv + (size_t)t * d->edges;
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        float min1[NFEC_LANES], min2[NFEC_LANES], sgn[NFEC_LANES];
        int arg[NFEC_LANES];
        for (int k = 0; k < W; k++) {
            min1[k] = min2[k] = NFEC_MSG_MAX;
            sgn[k] = 1.0f;
            arg[k] = -1;
        }
        for (int e = e0; e < e1; e++) {
            const float* x = v2c + (size_t)e * W;
            for (int k = 0; k < W; k++) {
                const float a = fabsf(x[k]);
                const int lt = a < min1[k];
                sgn[k] = x[k] < 0.0f ? -sgn[k] : sgn[k];
                min2[k] = lt ? min1[k] : (a < min2[k] ? a : min2[k]);
                arg[k] = lt ? e : arg[k];
                min1[k] = lt ? a : min1[k];
            }
        }
        for (int e = e0; e < e1; e++) {
            const float* x = v2c + (size_t)e * W;
            float* y = c2v + (size_t)e * W;
            const float w = wcv[e], b = bcv[e];
            for (int k = 0; k < W; k++) {
                float mag = (arg[k] == e ? min2[k] : min1[k]) - b;
                mag = mag > 0.0f ? mag * w : 0.0f;
                y[k] = x[k] < 0.0f ? -sgn[k] * mag : sgn[k] * mag;
            }
        }
    }
}

/* Soft output of iteration t, and the v -> c messages of iteration t + 1
 * (when next is set): total minus the edge's own incoming message. */
static ALWAYS_INLINE void var_pass(const nfec_decoder* d, int t, const float* c2v, float* out, float* v2c_next, const int W)
{
    const int next = v2c_next != NULL;
    const float* wout = d->w_out + (size_t)t * d->n;
    const float* wch = d->w_ch + (size_t)(next ? t + 1 : t) * d->n;
    for (int v = 0; v < d->n; v++) {
        const int j0 = d->var_start[v], j1 = d->var_start[v + 1];
        const float* l = d->llr + (size_t)v * W;
        float sum[NFEC_LANES];
        for (int k = 0; k < W; k++)
            sum[k] = 0.0f;
        for (int j = j0; j < j1; j++) {
            const float* y = c2v + (size_t)d->var_edges[j] * W;
            for (int k = 0; k < W; k++)
                sum[k] += y[k];
        }
        float* o = out + (size_t)v * W;
        for (int k = 0; k < W; k++)
            o[k] = wout[v] * l[k] + sum[k];
        if (!next)
            continue;
        for (int k = 0; k < W; k++)
            sum[k] += wch[v] * l[k];
        for (int j = j0; j < j1; j++) {
            const size_t e = (size_t)d->var_edges[j] * W;
            for (int k = 0; k < W; k++)
                v2c_next[e + k] = clampf(sum[k] - c2v[e + k], NFEC_MSG_MAX);
        }
    }
}

/* ok[k] = 1 where lane k's hard decision of soft[] satisfies every check. */
static ALWAYS_INLINE void syndrome(const nfec_decoder* d, const float* soft, unsigned char* ok, const int W)
{
    unsigned char bad[NFEC_LANES] = { 0 };
    for (int c = 0; c < d->m; c++) {
        unsigned char s[NFEC_LANES] = { 0 };
        for (int e = d->check_start[c]; e < d->check_start[c + 1]; e++) {
            const float* x = soft + (size_t)d->edge_var[e] * W;
            for (int k = 0; k < W; k++)
                s[k] ^= (unsigned char)(x[k] < 0.0f);
        }
        for (int k = 0; k < W; k++)
            bad[k] |= s[k];
    }
    for (int k = 0; k < W; k++)
        ok[k] = !bad[k];
}

/* Copies lane k of src into final. */
static ALWAYS_INLINE void latch(const nfec_decoder* d, const float* src, int k, const int W)
{
    for (int v = 0; v < d->n; v++)
        d->final[(size_t)v * W + k] = src[(size_t)v * W + k];
}

/* Decodes the group in d->llr; the result is in d->final, iterations in iters. */
static ALWAYS_INLINE void run_group(nfec_decoder* d, int* iters, const int W)
{
    unsigned char done[NFEC_LANES] = { 0 }, ok[NFEC_LANES];
    int remaining = W;
    for (int k = 0; k < W; k++)
        iters[k] = d->T;
    if (d->early_stop) {
        syndrome(d, d->llr, ok, W);
        for (int k = 0; k < W; k++)
            if (ok[k]) {
                done[k] = 1;
                iters[k] = 0;
                latch(d, d->llr, k, W);
                remaining--;
            }
        if (!remaining)
            return;
    }
    first_v2c(d, d->v2c, W);
    for (int t = 0; t < d->T; t++) {
        check_pass(d, t, d->v2c, d->c2v, W);
        var_pass(d, t, d->c2v, d->out, t + 1 < d->T ? d->v2c : NULL, W);
        if (!d->early_stop || t + 1 == d->T)
            continue;
        syndrome(d, d->out, ok, W);
        for (int k = 0; k < W; k++)
            if (ok[k] && !done[k]) {
                done[k] = 1;
                iters[k] = t + 1;
                latch(d, d->out, k, W);
                remaining--;
            }
        if (!remaining)
            return;
    }
    for (int k = 0; k < W; k++)
        if (!done[k])
            latch(d, d->out, k, W);
}

void nfec_decoder_trace(nfec_decoder* d, const float* llr, nfec_trace* tr)
{
    const size_t n = (size_t)d->n, E = (size_t)d->edges;
    for (size_t v = 0; v < n; v++)
        d->llr[v] = llr[v] != llr[v] ? 0.0f : clampf(llr[v], NFEC_LLR_MAX);
    first_v2c(d, tr->v2c, 1);
    for (int t = 0; t < d->T; t++) {
        float* v2c = tr->v2c + (size_t)t * E;
        float* c2v = tr->c2v + (size_t)t * E;
        check_pass(d, t, v2c, c2v, 1);
        var_pass(d, t, c2v, tr->out + (size_t)t * n, t + 1 < d->T ? v2c + E : NULL, 1);
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

typedef void (*group_runner)(nfec_decoder*, int*);
static void run_group_one(nfec_decoder* d, int* iters) { run_group(d, iters, 1); }
static void run_wide_portable(nfec_decoder* d, int* iters) { run_group(d, iters, NFEC_LANES); }
#ifdef NFEC_X86
__attribute__((target("sse4.1"))) static void run_wide_sse41(nfec_decoder* d, int* iters) { run_group(d, iters, NFEC_LANES); }
__attribute__((target("avx2"))) static void run_wide_avx2(nfec_decoder* d, int* iters) { run_group(d, iters, NFEC_LANES); }
__attribute__((target("avx512f,avx512vl,avx512bw"))) static void run_wide_avx512(nfec_decoder* d, int* iters)
{
    run_group(d, iters, NFEC_LANES);
}
#endif

static group_runner runner_for(nfec_isa isa)
{
    switch (isa) {
#ifdef NFEC_X86
    case NFEC_ISA_SSE41:
        return run_wide_sse41;
    case NFEC_ISA_AVX2:
        return run_wide_avx2;
    case NFEC_ISA_AVX512:
        return run_wide_avx512;
#endif
    case NFEC_ISA_PORTABLE:
        return run_wide_portable;
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
    d->run_wide = runner_for(isa);
    return NFEC_OK;
}

nfec_isa nfec_decoder_isa(const nfec_decoder* d) { return d->isa; }

long nfec_decoder_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    const int n = d->n;
    long total = 0;
    size_t f = 0;
    while (f < nframes) {
        const int W = nframes - f >= NFEC_LANES ? NFEC_LANES : 1;
        for (int k = 0; k < W; k++) {
            const float* src = in + (f + (size_t)k) * n;
            for (int v = 0; v < n; v++) {
                float x = in_scale * src[v];
                d->llr[(size_t)v * W + k] = x != x ? 0.0f : clampf(x, NFEC_LLR_MAX);
            }
        }
        int iters[NFEC_LANES];
        if (W == NFEC_LANES)
            d->run_wide(d, iters);
        else
            run_group_one(d, iters);
        for (int k = 0; k < W; k++) {
            const size_t base = (f + (size_t)k) * n;
            for (int v = 0; v < n; v++) {
                const float s = d->final[(size_t)v * W + k];
                if (bits)
                    bits[base + v] = s < 0.0f;
                if (soft)
                    soft[base + v] = s;
            }
            if (iterations)
                iterations[f + k] = iters[k];
            total += iters[k];
        }
        f += (size_t)W;
    }
    return total;
}
