/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_MINSUM_DECODER_H
#define INCLUDED_NEURALFEC_MINSUM_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <gnuradio/neuralfec/llr_scale.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Min-sum decoder (flooding or row-layered schedule) for any binary linear code.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_decoder: use it in FEC Extended Decoder, fec.decoder and
 * the tagged and async decoders. Input: one float per code bit in GNU Radio's
 * soft-bit convention (bit 0 -> -1.0, bit 1 -> +1.0, any positive scale; NaN is
 * read as an erasure). Output: the information bits, one per byte, at the
 * positions gr-fec's ldpc_encoder uses for the same alist.
 */
class NEURALFEC_API minsum_decoder : public gr::fec::generic_decoder
{
public:
    typedef std::shared_ptr<minsum_decoder> sptr;

    /*!
     * Arguments in the order of neural_minsum_decoder::make after its first.
     * \param code spec: path to an .alist file, "bch:N,K", "bch:N,K:cyclic" or
     *        "wifi:N:R" (nfec_code.h)
     * \param max_iterations iterations (default 30)
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords); also
     *        the largest set_frame_size() accepts later, as for gr-fec's coders
     * \param llr_scale LLR = -llr_scale * soft bit, a positive number, or
     *        llr_scale_auto (estimated from the soft bits, llr_scale.h); min-sum
     *        and OSD do not depend on it, the 16-bit arithmetic quantizes the LLRs
     * \param early_stop stop a codeword once its hard decision satisfies every check
     * \param fixed_point decode in 16-bit integers, 16 codewords at once
     *        (nfec_decoder.h): LLRs are quantized in steps of 1/64, so they
     *        should be of order 1, as GNU Radio's BPSK symbols are
     * \param osd_order ordered-statistics decoding (nfec_osd.h) of this order
     *        on the codewords min-sum fails, 0 to 4; -1: the code's default
     *        (2 on codes of length 64 or less, else 0)
     * \param schedule "flooding" (every check, then every variable) or
     *        "layered" (check by check, each updating the totals at once:
     *        about the error rate of flooding at twice the iterations)
     */
    static sptr make(const std::string& code,
                     int max_iterations = 30,
                     int frame_size = 0,
                     float llr_scale = 1.0f,
                     bool early_stop = true,
                     bool fixed_point = false,
                     int osd_order = -1,
                     const std::string& schedule = "flooding");

    //! Mean iterations per codeword over everything this decoder has decoded.
    virtual double mean_iterations() const = 0;

protected:
    explicit minsum_decoder(const std::string& name) : generic_decoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
