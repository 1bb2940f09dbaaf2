/* The decoder object: creation, weights, instruction-set choice, frames in
 * and out of the SIMD kernel's lanes (minsum_lanes.c), and the reference
 * path: a plain one-frame implementation of the same arithmetic that traces
 * every iteration for training and that the kernel is tested against. */
#include "decoder_internal.h"
#include "internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Work buffers hold whole lane groups, aligned for the widest vectors. */
static void* alloc_groups(size_t groups)
{
    const size_t bytes = (groups + 1) * NFEC_LANES * sizeof(float);
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

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
    const size_t T = (size_t)iterations, n = (size_t)d->n, E = (size_t)d->edges;
    d->w_ch = alloc_floats(T * n);
    d->w_out = alloc_floats(T * n);
    d->w_cv = alloc_floats(T * E);
    d->b_cv = alloc_floats(T * E);
    d->llr = alloc_groups(n);
    d->out = alloc_groups(n);
    d->final = alloc_groups(n);
    d->v2c = alloc_groups(E);
    d->c2v = alloc_groups(E);
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
        d->check_rule = NFEC_RULE_PLAIN;
    }
    return d;
oom:
    nfec_decoder_destroy(d);
    nfec_fail(err, NFEC_ENOMEM, "out of memory creating a decoder for %s", nfec_code_spec(code));
    return NULL;
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
    nfec_weights_expand(w, NFEC_W_CH, d->w_ch);
    nfec_weights_expand(w, NFEC_W_CV, d->w_cv);
    nfec_weights_expand(w, NFEC_B_CV, d->b_cv);
    nfec_weights_expand(w, NFEC_W_OUT, d->w_out);
    d->check_rule = check_rule(d);
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
        x[v] = llr[v] != llr[v] ? 0.0f : clampf(llr[v], NFEC_LLR_MAX);
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

typedef void (*group_runner)(nfec_decoder*, int*);

static group_runner runner_for(nfec_isa isa)
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
    d->run_group = runner_for(isa);
    return NFEC_OK;
}

nfec_isa nfec_decoder_isa(const nfec_decoder* d) { return d->isa; }

long nfec_decoder_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    enum { W = NFEC_LANES };
    const int n = d->n;
    long total = 0;
    for (size_t f = 0; f < nframes; f += W) {
        /* A last, partial group is padded with zero LLRs, which satisfy
         * every check and so stop at once with early stop on. */
        const int used = nframes - f >= W ? W : (int)(nframes - f);
        for (int k = 0; k < W; k++)
            for (int v = 0; v < n; v++) {
                const float x = k < used ? in_scale * in[(f + (size_t)k) * n + (size_t)v] : 0.0f;
                d->llr[(size_t)v * W + k] = x != x ? 0.0f : clampf(x, NFEC_LLR_MAX);
            }
        int iters[W];
        d->run_group(d, iters);
        for (int k = 0; k < used; k++) {
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
    }
    return total;
}
