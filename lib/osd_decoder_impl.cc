/* neuralfec.osd_decoder: ordered-statistics decoding on the channel values. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/osd_decoder.h>

namespace gr {
namespace neuralfec {

namespace {
class osd_core : public core_decoder
{
public:
    osd_core(const code::sptr& c, int order)
    {
        nfec_error err{};
        d_osd = check_core(nfec_osd_create(c->get(), order, &err), err, "osd_decoder");
    }
    ~osd_core() override { nfec_osd_destroy(d_osd); }
    osd_core(const osd_core&) = delete;
    osd_core& operator=(const osd_core&) = delete;
    long decode(const float* in, float scale, size_t frames, uint8_t* bits) override
    {
        nfec_osd_decode(d_osd, in, scale, frames, bits);
        return 0;
    }

private:
    nfec_osd* d_osd;
};
} // namespace

osd_decoder::sptr osd_decoder::make(const std::string& spec, int order, int frame_size)
{
    code::sptr c = code::make(spec);
    return std::make_shared<decoder_adapter<osd_decoder>>("osd_decoder", c, std::make_unique<osd_core>(c, order), frame_size, 1.0f);
}

} // namespace neuralfec
} // namespace gr
