/* Any decoder a spec names (nfec_spec.h), ready to decode frames: what
 * neuralfec-eval and neuralfec-speed run on the C kernels. */
#ifndef INCLUDED_NFEC_APPS_DECODER_RUN_H
#define INCLUDED_NFEC_APPS_DECODER_RUN_H

#include <gnuradio/neuralfec/nfec_spec.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct decoder_run decoder_run;

/* A student's NAME is looked up as NAME.nfw in weights_dir when no file of
 * that name exists. A student trained on another matrix of the same code
 * (bch:N,K:cyclic on bch:N,K) decodes on its own matrix. */
decoder_run* decoder_run_create(const nfec_code* code, const nfec_decoder_spec* spec, const char* weights_dir, nfec_error* err);
void decoder_run_destroy(decoder_run* r);
/* Codewords into bits[f * n + v]; returns the message-passing iterations (0
 * for the others). */
long decoder_run_decode(decoder_run* r, const float* in, float in_scale, size_t nframes, uint8_t* bits);
/* The path a student's weights came from ("" for other decoders). */
const char* decoder_run_weights(const decoder_run* r);

#ifdef __cplusplus
}
#endif
#endif
