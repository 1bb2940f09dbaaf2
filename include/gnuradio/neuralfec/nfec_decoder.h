/* gr-neuralfec C core: the (neural) min-sum decoder, flooding schedule.
 *
 * Soft-input convention, the one place it is defined:
 *   LLR = in_scale * in, positive favours bit 0.
 * GNU Radio's FEC flowgraphs map bit 0 -> -1.0 and bit 1 -> +1.0, so they pass
 * in_scale < 0 (-1 for min-sum, which is scale invariant; -2/sigma^2 for true
 * LLRs). NaN reads as 0 (an erasure); magnitudes are clamped to NFEC_LLR_MAX.
 * Hard decision: bit 1 where the soft output is negative, else bit 0.
 *
 * Frames are decoded NFEC_LANES at a time, interleaved in SIMD lanes; with
 * early stop, a lane whose frame stops takes the next frame of the call at
 * once (when T <= 8 or the weights are the same at every iteration; else a
 * group of lanes runs until all its frames stop), so pass many frames per
 * call. A frame's result does not depend on the frames decoded with it. A decoder owns all its work memory, so decoding allocates
 * nothing. One decoder must not be used by two threads at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_DECODER_H
#define INCLUDED_NFEC_DECODER_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NFEC_LLR_MAX 1.0e4f
#define NFEC_MSG_MAX 1.0e6f
enum { NFEC_LANES = 8 };

typedef struct nfec_decoder nfec_decoder;

/* A decoder for `code` (which must outlive it). With weights == NULL it is
 * plain min-sum with `iterations` iterations; otherwise `iterations` must be 0
 * or equal to the weights' iteration count, and the weights must match the code
 * (they are copied). early_stop: a frame stops once its hard decision satisfies
 * every check (it is also tested before the first iteration). */
nfec_decoder* nfec_decoder_create(const nfec_code* code,
                                  const nfec_weights* weights,
                                  int iterations,
                                  int early_stop,
                                  nfec_error* err);
void nfec_decoder_destroy(nfec_decoder* dec);
/* Replaces the weights (same code, same iteration count) without allocating. */
nfec_status nfec_decoder_set_weights(nfec_decoder* dec, const nfec_weights* weights, nfec_error* err);

int nfec_decoder_iterations(const nfec_decoder* dec);
const nfec_code* nfec_decoder_code(const nfec_decoder* dec);

/* Decodes nframes frames of n values, in[f * n + v]. Writes hard decisions
 * bits[f * n + v] (may be NULL), soft outputs soft[f * n + v] (may be NULL) and
 * the iterations used by each frame (may be NULL). Returns the total number of
 * iterations over all frames. */
long nfec_decoder_decode(nfec_decoder* dec,
                         const float* in,
                         float in_scale,
                         size_t nframes,
                         uint8_t* bits,
                         float* soft,
                         int* iterations);

/* Every iteration's messages of one frame, for training: v2c and c2v hold
 * T * edges values (iteration t at [t * edges]), out T * n soft outputs. */
typedef struct {
    float* v2c;
    float* c2v;
    float* out;
} nfec_trace;

/* Decodes one frame of LLRs (sanitized like nfec_decoder_decode's, no scale,
 * no early stop), writing every iteration into the trace. The values are the
 * ones nfec_decoder_decode computes in NFEC_FLOAT32. */
void nfec_decoder_trace(nfec_decoder* dec, const float* llr, nfec_trace* trace);

/* Instruction sets of the wide (NFEC_LANES frames at once) kernel. Every one
 * gives bit-identical results; a decoder starts on the best this CPU has. */
typedef enum {
    NFEC_ISA_AUTO = 0,
    NFEC_ISA_PORTABLE, /* plain C, as the compiler's baseline target allows */
    NFEC_ISA_SSE41,
    NFEC_ISA_AVX2,
    NFEC_ISA_AVX512
} nfec_isa;
const char* nfec_isa_name(nfec_isa isa);
/* Built in and supported by this CPU. */
int nfec_isa_supported(nfec_isa isa);
nfec_isa nfec_isa_best(void);
/* Switches the decoder's kernel (NFEC_ISA_AUTO: the best); an instruction set
 * this CPU lacks is refused with NFEC_EINVAL. */
nfec_status nfec_decoder_set_isa(nfec_decoder* dec, nfec_isa isa, nfec_error* err);
nfec_isa nfec_decoder_isa(const nfec_decoder* dec);

/* The check-node update rule (nfec_update_rule, nfec_weights.h): min-sum
 * or sum-product (belief propagation, the phi form with check messages
 * clipped at 28). The weights act the same on either: w_cv * max(mag - b_cv,
 * 0) on each check message, w_ch and w_out on the channel values, so neural
 * BP is the sum-product rule with weights. A decoder made or given weights
 * runs their rule; without weights it runs min-sum until set. Sum-product
 * runs in NFEC_FLOAT32 only: the setters refuse the combination
 * (NFEC_EINVAL), as does nfec_decoder_set_weights. */
nfec_status nfec_decoder_set_update_rule(nfec_decoder* dec, nfec_update_rule rule, nfec_error* err);
nfec_update_rule nfec_decoder_update_rule(const nfec_decoder* dec);
/* "min-sum", "sum-product" */
const char* nfec_update_rule_name(nfec_update_rule rule);

/* The schedule (nfec_schedule, nfec_weights.h): flooding (every check, then
 * every variable, each iteration) or row-layered (check by check, in order:
 * each check reads the totals as the checks before it left them and updates
 * them at once, so information crosses the graph in fewer iterations). The
 * weights act alike: w_ch(t) enters each total as iteration t begins, w_cv
 * and b_cv weigh each layer's messages of each iteration. A decoder made or
 * given weights runs their schedule; without weights it floods until set. */
nfec_status nfec_decoder_set_schedule(nfec_decoder* dec, nfec_schedule schedule, nfec_error* err);
nfec_schedule nfec_decoder_schedule(const nfec_decoder* dec);
/* "flooding", "layered" */
const char* nfec_schedule_name(nfec_schedule schedule);

/* Damping of sum-product flooding (0 <= damping < 1; 0, the default, is
 * none): from the second iteration on each c -> v message is (1 - damping)
 * times the rule's new message plus damping times the edge's message of the
 * iteration before, in float (the weights act on the new message first), as
 * in the reference path. It slows the oscillation BP shows on the short
 * cycles of dense matrices (BCH). Refused (NFEC_EINVAL) outside that range,
 * on min-sum and on the layered schedule (whose messages already replace
 * each other within an iteration); while damped, switching the rule or the
 * schedule away, or weights of another rule or schedule, are refused the
 * same way. */
nfec_status nfec_decoder_set_damping(nfec_decoder* dec, float damping, nfec_error* err);
float nfec_decoder_damping(const nfec_decoder* dec);

/* Arithmetic of the decoder. NFEC_FIXED16 runs NFEC_FIXED_LANES frames at
 * once on 16-bit integers: LLRs and messages in units of 2^-NFEC_FIXED_FRAC,
 * clamped to +-NFEC_FIXED_MAX (input: round to nearest after the scale, NaN
 * reads as 0); sums saturate at the int16 range; weights are quantized once,
 * to round(w * 2^NFEC_FIXED_WFRAC), and w * x is the product rounded half up;
 * offsets to round(b * 2^NFEC_FIXED_FRAC). Soft outputs are the integers
 * times 2^-NFEC_FIXED_FRAC. Layered: totals start at w_ch(0) x l, gain
 * d_ch(t) x l as iteration t begins (d_ch(t) = w_ch(t) - w_ch(t-1), quantized
 * as a weight), a check reads clamp(sat(total - c2v)) and leaves
 * sat(sat(total - c2v) + c2v_new), and the output is total + d_out(t) x l
 * (d_out = w_out - w_ch). Every instruction set gives the same integers. */
typedef enum { NFEC_FLOAT32 = 0, NFEC_FIXED16 = 1 } nfec_precision;
enum { NFEC_FIXED_LANES = 16, NFEC_FIXED_FRAC = 6, NFEC_FIXED_MAX = 8191, NFEC_FIXED_WFRAC = 10 };
/* Switches the arithmetic; NFEC_FIXED16 refuses (NFEC_EINVAL, naming the
 * weight) weights beyond what it can represent: |w| >= 32, |b| >= 128. While
 * fixed, nfec_decoder_set_weights refuses such weights the same way. */
nfec_status nfec_decoder_set_precision(nfec_decoder* dec, nfec_precision precision, nfec_error* err);
nfec_precision nfec_decoder_precision(const nfec_decoder* dec);
const char* nfec_precision_name(nfec_precision precision);

/* Near-ML post-processing (nfec_osd.h): after decoding, a frame whose hard
 * decision fails a check goes to an OSD of `order` (0 switches it off), which
 * orders the positions by `by` and measures candidates against the channel
 * LLRs; every other frame is left exactly as the decoder made it. Its soft
 * output takes the sign of the OSD's codeword (magnitude kept, at least the
 * smallest normal float); its iteration count is the decoder's. */
typedef enum {
    NFEC_OSD_BY_CHANNEL = 0, /* the channel LLRs */
    NFEC_OSD_BY_OUTPUT,      /* the decoder's soft output */
    NFEC_OSD_BY_SUM          /* channel LLRs plus soft output */
} nfec_osd_reliability;
nfec_status nfec_decoder_set_osd(nfec_decoder* dec, int order, nfec_osd_reliability by, nfec_error* err);
/* 0 when off */
int nfec_decoder_osd_order(const nfec_decoder* dec);
/* Frames sent to OSD since the decoder was made. */
long long nfec_decoder_osd_frames(const nfec_decoder* dec);

/* The decoder's weights of a family expanded to T * length values. */
const float* nfec_decoder_weights(const nfec_decoder* dec, nfec_family f);

#ifdef __cplusplus
}
#endif
#endif
