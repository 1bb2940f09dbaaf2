/* neuralfec.minsum_decoder: the teacher, plain min-sum. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/minsum_decoder.h>

namespace gr {
namespace neuralfec {

minsum_decoder::sptr minsum_decoder::make(const std::string& spec, int max_iterations, int frame_size, float llr_scale, bool early_stop,
                                          bool fixed_point, int osd_order)
{
    const std::string who = "minsum_decoder";
    check_llr_scale(llr_scale, who);
    code::sptr c = code::make(spec);
    nfec_error err{};
    decoder_ptr d(check_core(nfec_decoder_create(c->get(), nullptr, max_iterations, early_stop, &err), err, who));
    set_precision(d.get(), fixed_point, who);
    set_osd(d.get(), osd_order, who);
    return std::make_shared<decoder_adapter<minsum_decoder>>(who, c, std::make_unique<message_passing_core>(std::move(d)), frame_size, llr_scale);
}

} // namespace neuralfec
} // namespace gr
