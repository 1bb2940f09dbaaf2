/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_OSD_DECODER_H
#define INCLUDED_NEURALFEC_OSD_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Ordered-statistics decoder (OSD) on the channel values: near
 * maximum likelihood on short codes, the reference the other decoders are
 * measured against, and a decoder of its own where its cost is affordable.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_decoder with the soft-bit convention of minsum_decoder
 * (bit 0 -> -1.0; any positive scale: OSD does not depend on it).
 */
class NEURALFEC_API osd_decoder : public gr::fec::generic_decoder
{
public:
    typedef std::shared_ptr<osd_decoder> sptr;

    /*!
     * \param code spec: path to an .alist file, "bch:N,K" or "bch:N,K:cyclic"
     * \param order 0 to 4: every flip of up to `order` of the k most reliable
     *        independent positions is tried (cost grows as k^order)
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords); also
     *        the largest set_frame_size() accepts later
     */
    static sptr make(const std::string& code, int order = 2, int frame_size = 0);

protected:
    explicit osd_decoder(const std::string& name) : generic_decoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
