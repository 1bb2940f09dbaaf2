/* gr-neuralfec C core: algebraic decoding of the BCH codes (bch:N,K and
 * bch:N,K:cyclic, which are one code).
 *
 * Hard decision, then Berlekamp-Massey on the syndromes S_1 .. S_2t and a
 * Chien search: every pattern of at most t errors is corrected, t being half
 * the number of consecutive roots alpha^1, alpha^2, ... of the generator. When
 * the locator's roots do not account for its degree the failure is detected
 * and the hard decision is passed on.
 *
 * Chase-II soft decoding with chase_bits = p > 0: the 2^p patterns of flips of
 * the p least reliable positions are each decoded as above and the codeword of
 * least correlation discrepancy against the channel LLRs wins (nfec_osd.h).
 *
 * Nothing is allocated per frame; one object must not be used by two threads
 * at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_BCH_H
#define INCLUDED_NFEC_BCH_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { NFEC_CHASE_MAX_BITS = 12 };

typedef struct nfec_bch nfec_bch;

/* For a code made from a bch: spec (else NFEC_EINVAL, naming the spec);
 * chase_bits 0 (plain Berlekamp-Massey) .. NFEC_CHASE_MAX_BITS. */
nfec_bch* nfec_bch_create(const nfec_code* code, int chase_bits, nfec_error* err);
void nfec_bch_destroy(nfec_bch* bch);
int nfec_bch_t(const nfec_bch* bch);
int nfec_bch_chase_bits(const nfec_bch* bch);

/* One frame of channel LLRs (positive favours bit 0; NaN reads as 0):
 * writes bits[n], the decoded codeword or, on failure, the hard decision.
 * Returns 1 when decoded, 0 on a detected failure. */
int nfec_bch_decode_frame(nfec_bch* bch, const float* llr, uint8_t* bits);

/* Hard bits (0/1 bytes) in, corrected in place; 1 when decoded, 0 when the
 * failure is detected (bits left as they were). */
int nfec_bch_correct(nfec_bch* bch, uint8_t* bits);

/* nframes frames, LLR = in_scale * in (nfec_decoder.h's convention); returns
 * the number of frames decoded (not failed). */
size_t nfec_bch_decode(nfec_bch* bch, const float* in, float in_scale, size_t nframes, uint8_t* bits);

#ifdef __cplusplus
}
#endif
#endif
