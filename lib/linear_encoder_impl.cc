/* neuralfec.linear_encoder: systematic encoding by the C core. */
#include "core_handles.h"
#include <gnuradio/neuralfec/linear_encoder.h>

namespace gr {
namespace neuralfec {

namespace {
class linear_encoder_impl : public linear_encoder
{
public:
    linear_encoder_impl(code::sptr c, int frame_size)
        : linear_encoder("linear_encoder"), d_code(std::move(c)), d_layout(d_code->tx_n(), d_code->k(), frame_size, "linear_encoder"),
          d_codeword(size_t(d_code->n()))
    {
    }

    double rate() override { return d_layout.rate(); }
    int get_input_size() override { return d_layout.info_bits(); }
    int get_output_size() override { return d_layout.input_bits(); }

    bool set_frame_size(unsigned int frame_size) override { return d_layout.change(frame_size, d_logger); }

    void generic_work(void* in, void* out) override
    {
        const auto* info = static_cast<const uint8_t*>(in);
        auto* cw = static_cast<uint8_t*>(out);
        const int n = d_code->n(), k = d_code->k(), tx_n = d_code->tx_n();
        for (int f = 0; f < d_layout.codewords(); f++) {
            if (tx_n == n) {
                nfec_code_encode(d_code->get(), info + size_t(f) * k, cw + size_t(f) * n);
                continue;
            }
            /* the sent bits only (puncturing, shortening) */
            nfec_code_encode(d_code->get(), info + size_t(f) * k, d_codeword.data());
            nfec_code_tx_bits(d_code->get(), d_codeword.data(), cw + size_t(f) * tx_n);
        }
    }

private:
    code::sptr d_code;
    frame_layout d_layout;
    std::vector<uint8_t> d_codeword;
};
} // namespace

linear_encoder::sptr linear_encoder::make(const std::string& spec, int frame_size)
{
    return std::make_shared<linear_encoder_impl>(code::make(spec), frame_size);
}

} // namespace neuralfec
} // namespace gr
