/* gr-neuralfec C core: ordered-statistics decoding (OSD), near maximum
 * likelihood on short codes (Fossorier & Lin, IEEE Trans. IT 1995).
 *
 * Positions are ordered by the magnitude of a reliability vector (the channel
 * LLRs, or a decoder's soft output); GF(2) elimination finds the k most
 * reliable independent positions (the basis), on H or on a generator matrix,
 * whichever has fewer rows. Order-0 takes the basis bits from the hard
 * decision of the reliability vector and re-encodes; order w also tries every
 * flip of up to w basis bits. The winner has the least correlation discrepancy
 * against the channel LLRs (the sum of |LLR| where the codeword disagrees with
 * the channel's hard decision), which is the ML metric for BPSK over AWGN.
 *
 * Pruning is exact: a pattern's discrepancy on the basis alone is a lower
 * bound of its total, and patterns are tried in increasing order of it, so a
 * loop stops as soon as that bound reaches the best so far. A hard decision
 * that is a codeword is returned at once (discrepancy 0 is optimal).
 *
 * Cost per frame (measured, docs/nearml.md): tens of microseconds on BCH-63
 * at order 4; order 4 on BCH(127,64) at low Eb/N0 about a millisecond.
 * Nothing is allocated per frame; one object must not be used by two threads
 * at once; a frame's result depends on that frame only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_OSD_H
#define INCLUDED_NFEC_OSD_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { NFEC_OSD_MAX_ORDER = 4 };

/* The order a decoder's OSD post-processing takes when the user does not say
 * (osd_order = NFEC_OSD_AUTO in the GNU Radio blocks): 2 on codes of length
 * 64 or less, where it costs a fraction of the decoding at the Eb/N0 that
 * matter and brings the decoder to within a few hundredths of a dB of OSD-4
 * (docs/nearml.md), else 0. */
enum { NFEC_OSD_AUTO = -1 };
int nfec_osd_auto_order(const nfec_code* code);

typedef struct nfec_osd nfec_osd;

/* An OSD of `order` (0..NFEC_OSD_MAX_ORDER) for `code` (which must outlive
 * it). An order above k searches every pattern of the k basis bits. */
nfec_osd* nfec_osd_create(const nfec_code* code, int order, nfec_error* err);
void nfec_osd_destroy(nfec_osd* osd);
int nfec_osd_order(const nfec_osd* osd);

/* One frame: llr[n] the channel LLRs (positive favours bit 0; NaN reads as 0,
 * magnitudes clamped to NFEC_LLR_MAX like the decoders' input), reliability[n]
 * the values to order by and take the starting hard decision from (NULL: the
 * LLRs). Writes the codeword into bits[n] and returns its discrepancy. */
float nfec_osd_decode_frame(nfec_osd* osd, const float* llr, const float* reliability, uint8_t* bits);

/* nframes frames of soft values in[f * n + v], LLR = in_scale * in (the
 * decoders' convention, nfec_decoder.h), codewords into bits[f * n + v]. */
void nfec_osd_decode(nfec_osd* osd, const float* in, float in_scale, size_t nframes, uint8_t* bits);

#ifdef __cplusplus
}
#endif
#endif
