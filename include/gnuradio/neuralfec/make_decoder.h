/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_MAKE_DECODER_H
#define INCLUDED_NEURALFEC_MAKE_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <gnuradio/neuralfec/llr_scale.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief The decoder a spec names (nfec_spec.h: minsum:T, nms:T:ALPHA,
 * oms:T:BETA, bp:T[:DAMPING], :full, :layered, student:FILE|NAME, osd:W, bm, chase:P,
 * +osd:W, @int16) for the frames of `code`, as the block every tool and
 * flowgraph runs, with LLR = -llr_scale * soft bit (BP, offsets and int16
 * depend on it).
 * \ingroup neuralfec
 *
 * A spec means exactly what it says: without +osd:W a min-sum decoder has no
 * OSD post-processing. A student's NAME is looked up as NAME.nfw in
 * weights_dir when no such file exists; a student trained on another matrix
 * of the same code (bch:N,K:cyclic for bch:N,K frames) decodes on its own.
 * Throws std::invalid_argument naming the fault.
 */
NEURALFEC_API gr::fec::generic_decoder::sptr
make_decoder(const std::string& spec, const std::string& code, int frame_size = 0, const std::string& weights_dir = "", float llr_scale = 1.0f);

} // namespace neuralfec
} // namespace gr

#endif
