/* -*- c++ -*- */
/*
 * The decoders' llr_scale when nobody knows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_LLR_SCALE_H
#define INCLUDED_NEURALFEC_LLR_SCALE_H

namespace gr {
namespace neuralfec {

/*! llr_scale of the decoders' make(): estimated while running from the soft
 * bits themselves (their second and fourth moments over the last 20000 or
 * so, nfec_scale_estimator in nfec_channel.h), and logged at info level
 * when it moves by more than 10%. Right for two-level soft bits (BPSK, or
 * the per-bit values of a QPSK constellation decoder); biased for denser
 * constellations. Python and GRC spell it "auto". */
constexpr float llr_scale_auto = 0.0f;

} // namespace neuralfec
} // namespace gr

#endif
