/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_BCH_DECODER_H
#define INCLUDED_NEURALFEC_BCH_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Algebraic decoder of the BCH codes: Berlekamp-Massey with a Chien
 * search (every pattern of up to t errors), or Chase-II soft decoding.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_decoder with the soft-bit convention of minsum_decoder.
 * A codeword with more errors than it can correct is detected where the
 * algebra allows and its hard decision passed on.
 */
class NEURALFEC_API bch_decoder : public gr::fec::generic_decoder
{
public:
    typedef std::shared_ptr<bch_decoder> sptr;

    /*!
     * \param code "bch:N,K" (or "bch:N,K:cyclic", the same code)
     * \param chase_bits 0: Berlekamp-Massey on the hard decision; p = 1..12:
     *        Chase-II, the 2^p flips of the p least reliable positions each
     *        decoded, the codeword closest to the channel values kept
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords); also
     *        the largest set_frame_size() accepts later
     */
    static sptr make(const std::string& code, int chase_bits = 0, int frame_size = 0);

    //! The number of errors corrected, t.
    virtual int correctable() const = 0;

protected:
    explicit bch_decoder(const std::string& name) : generic_decoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
