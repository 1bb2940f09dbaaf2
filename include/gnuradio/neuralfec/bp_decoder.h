/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_BP_DECODER_H
#define INCLUDED_NEURALFEC_BP_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <gnuradio/neuralfec/llr_scale.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Sum-product (belief propagation) decoder for any binary linear code.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_decoder, input and output as minsum_decoder's. Unlike
 * min-sum, sum-product depends on the LLRs' scale: set llr_scale to
 * 2 / sigma^2 for BPSK of amplitude 1 in noise of variance sigma^2 (gr-fec's
 * ldpc_decoder asks for sigma for the same reason). Float only; check
 * messages are clipped at 28.
 */
class NEURALFEC_API bp_decoder : public gr::fec::generic_decoder
{
public:
    typedef std::shared_ptr<bp_decoder> sptr;

    /*!
     * The arguments of minsum_decoder::make, without fixed_point.
     * \param code spec: path to an .alist file, "bch:N,K", "bch:N,K:cyclic" or
     *        "wifi:N:R" (nfec_code.h)
     * \param max_iterations iterations (default 30)
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords)
     * \param llr_scale LLR = -llr_scale * soft bit, a positive number, or
     *        llr_scale_auto (estimated from the soft bits, llr_scale.h)
     * \param early_stop stop a codeword once its hard decision satisfies every check
     * \param osd_order OSD on the codewords BP fails, 0 to 4; -1: the code's default
     * \param schedule "flooding" or "layered"
     * \param damping 0 <= damping < 1, flooding only: from the second
     *        iteration each check message is (1 - damping) new + damping old
     *        (nfec_decoder_set_damping); 0: none
     */
    static sptr make(const std::string& code,
                     int max_iterations = 30,
                     int frame_size = 0,
                     float llr_scale = 1.0f,
                     bool early_stop = true,
                     int osd_order = -1,
                     const std::string& schedule = "flooding",
                     float damping = 0.0f);

    //! Mean iterations per codeword over everything this decoder has decoded.
    virtual double mean_iterations() const = 0;

protected:
    explicit bp_decoder(const std::string& name) : generic_decoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
