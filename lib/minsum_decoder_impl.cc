/* neuralfec.minsum_decoder and neuralfec.bp_decoder: the plain decoders,
 * min-sum and sum-product, on either schedule. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/bp_decoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>

namespace gr {
namespace neuralfec {

minsum_decoder::sptr minsum_decoder::make(const std::string& spec, int max_iterations, int frame_size, float llr_scale, bool early_stop,
                                          bool fixed_point, int osd_order, const std::string& schedule)
{
    const std::string who = "minsum_decoder";
    check_llr_scale(llr_scale, who);
    code::sptr c = code::make(spec);
    core_ptr core = make_message_passing_core(c, nullptr, max_iterations, NFEC_MINSUM, schedule, early_stop, fixed_point, osd_order, who);
    return std::make_shared<decoder_adapter<minsum_decoder>>(who, c, std::move(core), frame_size, llr_scale);
}

bp_decoder::sptr bp_decoder::make(const std::string& spec, int max_iterations, int frame_size, float llr_scale, bool early_stop, int osd_order,
                                  const std::string& schedule, float damping)
{
    const std::string who = "bp_decoder";
    check_llr_scale(llr_scale, who);
    code::sptr c = code::make(spec);
    core_ptr core = make_message_passing_core(c, nullptr, max_iterations, NFEC_SUMPRODUCT, schedule, early_stop, false, osd_order, who, damping);
    return std::make_shared<decoder_adapter<bp_decoder>>(who, c, std::move(core), frame_size, llr_scale);
}

} // namespace neuralfec
} // namespace gr
