/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_LINEAR_ENCODER_H
#define INCLUDED_NEURALFEC_LINEAR_ENCODER_H

#include <gnuradio/fec/generic_encoder.h>
#include <gnuradio/neuralfec/api.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Systematic encoder of any binary linear code.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_encoder; bits in and out one per byte. For an alist code
 * its output equals fec.ldpc_encoder's for the same file.
 */
class NEURALFEC_API linear_encoder : public gr::fec::generic_encoder
{
public:
    typedef std::shared_ptr<linear_encoder> sptr;

    /*!
     * \param code spec: path to an .alist file, "bch:N,K", "bch:N,K:cyclic" or
     *        "wifi:N:R" (nfec_code.h)
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords); also
     *        the largest set_frame_size() accepts later, as for gr-fec's coders
     */
    static sptr make(const std::string& code, int frame_size = 0);

protected:
    explicit linear_encoder(const std::string& name) : generic_encoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
