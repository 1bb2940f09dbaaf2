/* neuralfec.bch_decoder: Berlekamp-Massey and Chase-II for the BCH codes. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/bch_decoder.h>

namespace gr {
namespace neuralfec {

namespace {
class bch_core : public core_decoder
{
public:
    bch_core(const code::sptr& c, int chase_bits)
    {
        nfec_error err{};
        d_bch = check_core(nfec_bch_create(c->get(), chase_bits, &err), err, "bch_decoder");
    }
    ~bch_core() override { nfec_bch_destroy(d_bch); }
    bch_core(const bch_core&) = delete;
    bch_core& operator=(const bch_core&) = delete;
    long decode(const float* in, float scale, size_t frames, uint8_t* bits) override
    {
        nfec_bch_decode(d_bch, in, scale, frames, bits);
        return 0;
    }
    int t() const { return nfec_bch_t(d_bch); }

private:
    nfec_bch* d_bch;
};

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
    auto core = std::make_unique<bch_core>(c, chase_bits);
    const int t = core->t();
    return std::make_shared<bch_decoder_impl>(c, t, std::move(core), frame_size);
}

} // namespace neuralfec
} // namespace gr
