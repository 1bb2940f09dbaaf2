/* neuralfec.bch_decoder: Berlekamp-Massey and Chase-II for the BCH codes. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/bch_decoder.h>

namespace gr {
namespace neuralfec {

namespace {
/* The count of decoded frames is not the block's business. */
void decode_frames(nfec_bch* b, const float* in, float scale, size_t frames, uint8_t* bits) { nfec_bch_decode(b, in, scale, frames, bits); }

class bch_decoder_impl : public decoder_adapter<bch_decoder>
{
public:
    bch_decoder_impl(code::sptr c, int t, core_ptr core, int frame_size)
        : decoder_adapter<bch_decoder>("bch_decoder", std::move(c), std::move(core), frame_size, 1.0f), d_t(t)
    {
    }
    int correctable() const override { return d_t; }

private:
    const int d_t;
};
} // namespace

bch_decoder::sptr bch_decoder::make(const std::string& spec, int chase_bits, int frame_size)
{
    code::sptr c = code::make(spec);
    nfec_error err{};
    nfec_bch* b = check_core(nfec_bch_create(c->get(), chase_bits, &err), err, "bch_decoder");
    const int t = nfec_bch_t(b);
    return std::make_shared<bch_decoder_impl>(c, t, std::make_unique<owning_core<nfec_bch, decode_frames, nfec_bch_destroy>>(
                                                     b, chase_bits ? "Chase-II on " + std::to_string(chase_bits) + " positions" : "Berlekamp-Massey"), frame_size);
}

} // namespace neuralfec
} // namespace gr
