/* neuralfec.minsum_decoder: the teacher, plain min-sum. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/minsum_decoder.h>

namespace gr {
namespace neuralfec {

namespace {
decoder_ptr make_core(const code::sptr& c, int max_iterations, bool early_stop, bool fixed_point)
{
    nfec_error err{};
    decoder_ptr d(check_core(nfec_decoder_create(c->get(), nullptr, max_iterations, early_stop, &err), err, "minsum_decoder"));
    set_precision(d.get(), fixed_point, "minsum_decoder");
    return d;
}
} // namespace

minsum_decoder::sptr minsum_decoder::make(const std::string& spec, int max_iterations, bool early_stop, int frame_size, bool fixed_point)
{
    code::sptr c = code::make(spec);
    decoder_ptr dec = make_core(c, max_iterations, early_stop, fixed_point);
    /* Min-sum is scale invariant: any positive LLR scale decodes the same. */
    return std::make_shared<decoder_adapter<minsum_decoder>>("minsum_decoder", c, std::move(dec), frame_size, 1.0f);
}

} // namespace neuralfec
} // namespace gr
