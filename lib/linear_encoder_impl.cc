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
        : linear_encoder("linear_encoder"), d_code(std::move(c)), d_layout(d_code->n(), d_code->k(), frame_size, "linear_encoder")
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
        const int n = d_code->n(), k = d_code->k();
        for (int f = 0; f < d_layout.codewords(); f++)
            nfec_code_encode(d_code->get(), info + size_t(f) * k, cw + size_t(f) * n);
    }

private:
    code::sptr d_code;
    frame_layout d_layout;
};
} // namespace

linear_encoder::sptr linear_encoder::make(const std::string& spec, int frame_size)
{
    return std::make_shared<linear_encoder_impl>(code::make(spec), frame_size);
}

} // namespace neuralfec
} // namespace gr
