/* The generic_decoder side of every gr-neuralfec decoder: GNU Radio's soft
 * bits in, the C core decodes, information bits out. No decoding logic here. */
#ifndef INCLUDED_NEURALFEC_DECODER_ADAPTER_H
#define INCLUDED_NEURALFEC_DECODER_ADAPTER_H

#include "core_handles.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <cmath>
#include <mutex>
#include <vector>

namespace gr {
namespace neuralfec {

template <class Base>
class decoder_adapter : public Base
{
public:
    /* llr_scale: the decoder sees LLR = -llr_scale * soft bit (GNU Radio maps
     * bit 0 to -1.0; LLR > 0 favours bit 0); llr_scale_auto: estimated from
     * the soft bits of every frame and those before it. */
    decoder_adapter(const std::string& name, code::sptr c, core_ptr dec, int frame_size, float llr_scale)
        : Base(name), d_code(std::move(c)), d_layout(d_code->tx_n(), d_code->k(), frame_size, name), d_dec(std::move(dec)),
          d_in_scale(-llr_scale), d_iterations(0.0f), d_estimator(nullptr, nfec_scale_estimator_destroy)
    {
        if (llr_scale == llr_scale_auto) {
            nfec_error err{};
            d_estimator.reset(nfec_scale_estimator_create(ESTIMATOR_MEMORY, &err));
            if (!d_estimator)
                throw std::runtime_error(name + ": " + err.msg);
            d_in_scale = -1.0f;
        }
        resize();
        this->d_logger->debug("{:s}{:s}", d_dec->describe(), d_estimator ? ", LLR scale estimated from the soft bits" : "");
    }

    double rate() override { return d_layout.rate(); }
    int get_input_size() override { return d_layout.input_bits(); }
    int get_output_size() override { return d_layout.info_bits(); }
    float get_iterations() override { return d_iterations; }

    bool set_frame_size(unsigned int frame_size) override
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        if (!d_layout.change(frame_size, this->d_logger))
            return false;
        resize();
        return true;
    }

    void generic_work(void* in, void* out) override
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        const int cws = d_layout.codewords(), n = d_code->n(), k = d_code->k(), tx_n = d_code->tx_n();
        const float* soft = static_cast<const float*>(in);
        if (d_estimator)
            follow_scale(soft, size_t(cws) * size_t(tx_n));
        long total;
        if (tx_n == n) {
            total = d_dec->decode(soft, d_in_scale, size_t(cws), d_bits.data());
        } else {
            /* the mother code's LLRs: punctured unknown, shortened known */
            for (int f = 0; f < cws; f++)
                nfec_code_tx_expand(d_code->get(), soft + size_t(f) * tx_n, d_in_scale, &d_llr[size_t(f) * n]);
            total = d_dec->decode(d_llr.data(), 1.0f, size_t(cws), d_bits.data());
        }
        auto* bits_out = static_cast<uint8_t*>(out);
        for (int f = 0; f < cws; f++)
            nfec_code_extract_info(d_code->get(), &d_bits[size_t(f) * n], bits_out + size_t(f) * k);
        d_iterations = float(total) / float(cws);
        d_total_iterations += total;
        d_total_codewords += cws;
    }

    /* Overrides the min-sum decoders' mean_iterations(); the others do not
     * declare it. */
    double mean_iterations() const
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        return d_total_codewords ? double(d_total_iterations) / double(d_total_codewords) : 0.0;
    }

protected:
    /* Swaps in a new decoder between two frames. */
    void replace_decoder(core_ptr dec)
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        d_dec = std::move(dec);
        this->d_logger->debug("{:s}", d_dec->describe());
    }
    const code::sptr& get_code() const { return d_code; }
    int decoder_iterations() const
    {
        std::lock_guard<std::mutex> lock(d_mutex);
        return d_dec->iterations();
    }

private:
    /* soft values the estimate remembers (about; nfec_channel.h) */
    static constexpr double ESTIMATOR_MEMORY = 20000.0;

    void resize()
    {
        const size_t bits = size_t(d_layout.codewords()) * size_t(d_code->n());
        d_bits.resize(bits);
        if (d_code->tx_n() != d_code->n())
            d_llr.resize(bits);
    }

    void follow_scale(const float* soft, size_t count)
    {
        nfec_scale_estimator_update(d_estimator.get(), soft, count);
        const double scale = nfec_scale_estimator_llr_scale(d_estimator.get());
        d_in_scale = -float(scale);
        /* a quarter: at high SNR the moments' estimate wanders by +-10% from
         * packet to packet, where no decoder minds */
        if (d_logged_scale == 0.0 || std::fabs(scale / d_logged_scale - 1.0) > 0.25) {
            this->d_logger->info("LLR scale {:.4g} (estimated from the soft bits; was {:.4g})", scale, d_logged_scale);
            d_logged_scale = scale;
        }
    }

    code::sptr d_code;
    frame_layout d_layout;
    core_ptr d_dec;
    float d_in_scale;
    float d_iterations;
    std::unique_ptr<nfec_scale_estimator, void (*)(nfec_scale_estimator*)> d_estimator; /* llr_scale_auto */
    double d_logged_scale = 0.0;
    long long d_total_iterations = 0, d_total_codewords = 0;
    std::vector<uint8_t> d_bits;
    std::vector<float> d_llr; /* punctured or shortened codes: the expanded frame */
    mutable std::mutex d_mutex;
};

} // namespace neuralfec
} // namespace gr

#endif
