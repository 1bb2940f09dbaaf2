/* neuralfec.osd_decoder: ordered-statistics decoding on the channel values. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/osd_decoder.h>

namespace gr {
namespace neuralfec {

osd_decoder::sptr osd_decoder::make(const std::string& spec, int order, int frame_size)
{
    code::sptr c = code::make(spec);
    nfec_error err{};
    auto core = std::make_unique<owning_core<nfec_osd, nfec_osd_decode, nfec_osd_destroy>>(
        check_core(nfec_osd_create(c->get(), order, &err), err, "osd_decoder"), "ordered statistics, order " + std::to_string(order));
    return std::make_shared<decoder_adapter<osd_decoder>>("osd_decoder", c, std::move(core), frame_size, 1.0f);
}

} // namespace neuralfec
} // namespace gr
