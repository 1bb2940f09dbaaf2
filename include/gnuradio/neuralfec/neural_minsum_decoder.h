/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_NEURAL_MINSUM_DECODER_H
#define INCLUDED_NEURALFEC_NEURAL_MINSUM_DECODER_H

#include <gnuradio/fec/generic_decoder.h>
#include <gnuradio/neuralfec/api.h>
#include <gnuradio/neuralfec/llr_scale.h>
#include <string>

namespace gr {
namespace neuralfec {

/*!
 * \brief Neural decoder (the student): few iterations, learned weights from a
 * weight file, on the file's update rule (min-sum or, for neural BP,
 * sum-product) and schedule.
 * \ingroup neuralfec
 *
 * A gr::fec::generic_decoder with the soft-bit convention of minsum_decoder.
 * Min-sum weights without offsets make the decoder scale invariant; with
 * offsets, and for neural BP, the input should be LLRs: set llr_scale to
 * 2/sigma^2 for BPSK with unit amplitude, or scale the soft bits upstream.
 */
class NEURALFEC_API neural_minsum_decoder : public gr::fec::generic_decoder
{
public:
    typedef std::shared_ptr<neural_minsum_decoder> sptr;

    /*!
     * \param weight_file a weight file (neuralfec-train, neuralfec-weights init)
     * \param code the code spec; empty: the one recorded in the file. If given
     *             it must be the same code (same n, k and information
     *             positions; the weights then decode on their own matrix)
     * \param frame_size information bits per frame, a multiple of K (0: K; -N: N codewords); also
     *        the largest set_frame_size() accepts later, as for gr-fec's coders
     * \param llr_scale LLR = -llr_scale * soft bit, a positive number, or
     *        llr_scale_auto (estimated from the soft bits, llr_scale.h)
     * \param early_stop stop a codeword once its hard decision satisfies every check
     * \param fixed_point decode in 16-bit integers, 16 codewords at once, with
     *        the weights quantized at load (nfec_decoder.h): LLRs are quantized
     *        in steps of 1/64 and clamped at 128
     * \param osd_order ordered-statistics decoding (nfec_osd.h) of this order
     *        on the codewords the student fails, 0 to 4; -1: the code's
     *        default (2 on codes of length 64 or less, else 0)
     */
    static sptr make(const std::string& weight_file,
                     const std::string& code = "",
                     int frame_size = 0,
                     float llr_scale = 1.0f,
                     bool early_stop = true,
                     bool fixed_point = false,
                     int osd_order = -1);

    /*!
     * Normalized / offset min-sum as a student with hand-made weights: check
     * messages times alpha, minus beta, at every iteration (the weights of
     * neuralfec-weights init). weight_file() is empty until set_weight_file.
     * schedule: "flooding" or "layered" (a weight file carries its own). The
     * other parameters as for make().
     */
    static sptr make_scalar(const std::string& code,
                            int iterations,
                            float alpha,
                            float beta = 0.0f,
                            int frame_size = 0,
                            float llr_scale = 1.0f,
                            bool early_stop = true,
                            bool fixed_point = false,
                            int osd_order = -1,
                            const std::string& schedule = "flooding");

    /*!
     * Replaces the weights while the flowgraph runs, between two frames. A file
     * that does not load or does not match the code is refused with a logged
     * error and the old weights keep decoding. Returns whether it was taken.
     */
    virtual bool set_weight_file(const std::string& weight_file) = 0;
    virtual std::string weight_file() const = 0;
    //! Iterations per codeword (from the weight file).
    virtual int iterations() const = 0;

    //! Mean iterations per codeword over everything this decoder has decoded.
    virtual double mean_iterations() const = 0;

protected:
    explicit neural_minsum_decoder(const std::string& name) : generic_decoder(name) {}
};

} // namespace neuralfec
} // namespace gr

#endif
