/* gr-neuralfec C core: the one parser of what users type — numbers, Eb/N0
 * lists and decoder specs — for every tool and the Python helpers.
 *
 * Decoder specs:
 *   minsum:T              min-sum, T iterations, early stop
 *   nms:T:ALPHA[:BETA]    normalized min-sum (check messages x ALPHA, minus BETA)
 *   oms:T:BETA            offset min-sum
 *   bp:T[:DAMPING]        sum-product (belief propagation), DAMPING in [0, 1)
 *                         (nfec_decoder_set_damping; flooding only)
 *   student:FILE|NAME     a trained decoder (its file's rule and schedule), a
 *                         weight file or a shipped student's name
 *   osd:W                 ordered-statistics decoding of order W on the channel LLRs
 *   bm                    Berlekamp-Massey (BCH codes)
 *   chase:P               Chase-II on the P least reliable positions (BCH codes)
 * The first four take `:full` (no early stop) and `:layered` (the
 * row-layered schedule), in either order; after any of the first five,
 * `+osd:W`: OSD of order W on the frames the decoder fails
 * (nfec_decoder_set_osd). `@int16` at the end: 16-bit fixed point (the
 * min-sum decoders). Anything else is refused, naming the fault.
 *
 * Eb/N0 lists: comma-separated numbers and inclusive ranges A:B:STEP, e.g.
 * "4,5,6", "1:6:0.5" or "2,3:5:1".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_SPEC_H
#define INCLUDED_NFEC_SPEC_H

#include <gnuradio/neuralfec/nfec_decoder.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The whole text as a number in [lo, hi]; `what` names it in the message. */
nfec_status nfec_parse_long(const char* text, long lo, long hi, const char* what, long* out, nfec_error* err);
nfec_status nfec_parse_double(const char* text, double lo, double hi, const char* what, double* out, nfec_error* err);

/* Up to `max` points into out; their number into *count. */
nfec_status nfec_parse_ebn0_list(const char* text, double* out, int max, int* count, nfec_error* err);

typedef enum {
    NFEC_SPEC_MINSUM = 0,
    NFEC_SPEC_NMS,
    NFEC_SPEC_OMS,
    NFEC_SPEC_BP,
    NFEC_SPEC_STUDENT,
    NFEC_SPEC_OSD,
    NFEC_SPEC_BM,
    NFEC_SPEC_CHASE
} nfec_spec_kind;

enum { NFEC_SPEC_TEXT_MAX = 4096 };

typedef struct {
    nfec_spec_kind kind;
    int iterations;         /* minsum, nms, oms, bp */
    int early_stop;         /* :full gives 0; else 1 */
    nfec_update_rule rule;  /* bp: NFEC_SUMPRODUCT; else NFEC_MINSUM (a student: its file's) */
    nfec_schedule schedule; /* :layered gives NFEC_LAYERED (a student: its file's) */
    float alpha, beta;      /* nms (alpha, beta), oms (1, beta) */
    float damping;          /* bp: DAMPING; else 0 */
    char weights[NFEC_SPEC_TEXT_MAX]; /* student: FILE or NAME as given */
    int osd_order;          /* osd:W, or +osd:W after a message-passing decoder; else 0 */
    int chase_bits;         /* chase:P */
    nfec_precision precision;
} nfec_decoder_spec;

nfec_status nfec_decoder_spec_parse(const char* text, nfec_decoder_spec* out, nfec_error* err);
/* Whether the spec runs a message-passing decoder (min-sum, BP, a student),
 * with or without OSD. */
int nfec_decoder_spec_is_message_passing(const nfec_decoder_spec* s);

#ifdef __cplusplus
}
#endif
#endif
