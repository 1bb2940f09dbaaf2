#define _POSIX_C_SOURCE 200809L
#include "decoder_run.h"
#include <gnuradio/neuralfec/nfec_bch.h>
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct decoder_run {
    nfec_code* own;     /* the student's matrix, when not the code's */
    nfec_decoder* dec;  /* message passing (+ OSD) */
    nfec_osd* osd;
    nfec_bch* bch;
    char path[NFEC_SPEC_TEXT_MAX + 64];
};

static nfec_weights* load_student(decoder_run* r, const nfec_code* code, const char* name, const char* dir, nfec_error* err)
{
    if (nfec_student_path(name, dir, r->path, sizeof r->path, err) != NFEC_OK)
        return NULL;
    nfec_weights* w = nfec_weights_load(r->path, err);
    if (w && nfec_weights_fit_code(w, code, &r->own, err) != NFEC_OK) {
        nfec_weights_destroy(w);
        return NULL;
    }
    return w;
}

decoder_run* decoder_run_create(const nfec_code* code, const nfec_decoder_spec* s, const char* weights_dir, nfec_error* err)
{
    decoder_run* r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        err->status = NFEC_ENOMEM;
        return NULL;
    }
    nfec_weights* w = NULL;
    int ok = 1;
    switch (s->kind) {
    case NFEC_SPEC_OSD:
        ok = (r->osd = nfec_osd_create(code, s->osd_order, err)) != NULL;
        break;
    case NFEC_SPEC_BM:
    case NFEC_SPEC_CHASE:
        ok = (r->bch = nfec_bch_create(code, s->chase_bits, err)) != NULL;
        break;
    case NFEC_SPEC_STUDENT:
        ok = (w = load_student(r, code, s->weights, weights_dir, err)) != NULL;
        break;
    case NFEC_SPEC_NMS:
    case NFEC_SPEC_OMS:
        ok = (w = nfec_weights_create_scalar(code, s->iterations, s->alpha, s->beta, err)) != NULL;
        break;
    case NFEC_SPEC_MINSUM:
    case NFEC_SPEC_BP:
        break;
    }
    if (ok && nfec_decoder_spec_is_message_passing(s)) {
        const nfec_code* on = r->own ? r->own : code;
        /* a student runs its file's rule and schedule; the others the spec's */
        const int own = s->kind == NFEC_SPEC_STUDENT;
        ok = (r->dec = nfec_decoder_create(on, w, w ? 0 : s->iterations, s->early_stop, err)) != NULL &&
             (own || nfec_decoder_set_update_rule(r->dec, s->rule, err) == NFEC_OK) &&
             (own || nfec_decoder_set_schedule(r->dec, s->schedule, err) == NFEC_OK) &&
             (own || nfec_decoder_set_damping(r->dec, s->damping, err) == NFEC_OK) &&
             nfec_decoder_set_precision(r->dec, s->precision, err) == NFEC_OK &&
             nfec_decoder_set_osd(r->dec, s->osd_order, NFEC_OSD_BY_SUM, err) == NFEC_OK;
    }
    nfec_weights_destroy(w);
    if (!ok) {
        decoder_run_destroy(r);
        return NULL;
    }
    return r;
}

void decoder_run_destroy(decoder_run* r)
{
    if (!r)
        return;
    nfec_decoder_destroy(r->dec);
    nfec_osd_destroy(r->osd);
    nfec_bch_destroy(r->bch);
    nfec_code_destroy(r->own);
    free(r);
}

long decoder_run_decode(decoder_run* r, const float* in, float in_scale, size_t nframes, uint8_t* bits)
{
    if (r->dec)
        return nfec_decoder_decode(r->dec, in, in_scale, nframes, bits, NULL, NULL);
    if (r->osd)
        nfec_osd_decode(r->osd, in, in_scale, nframes, bits);
    else
        nfec_bch_decode(r->bch, in, in_scale, nframes, bits);
    return 0;
}

const char* decoder_run_weights(const decoder_run* r) { return r->path; }
