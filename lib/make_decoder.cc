/* neuralfec.make_decoder: a decoder spec to a block. */
#include "core_handles.h"
#include <gnuradio/neuralfec/bch_decoder.h>
#include <gnuradio/neuralfec/bp_decoder.h>
#include <gnuradio/neuralfec/make_decoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>
#include <gnuradio/neuralfec/neural_minsum_decoder.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <gnuradio/neuralfec/osd_decoder.h>
#include <vector>

namespace gr {
namespace neuralfec {

gr::fec::generic_decoder::sptr make_decoder(const std::string& spec, const std::string& code_spec, int frame_size, const std::string& weights_dir,
                                            float llr_scale)
{
    const std::string who = "decoder '" + spec + "'";
    nfec_decoder_spec s;
    nfec_error err{};
    if (nfec_decoder_spec_parse(spec.c_str(), &s, &err) != NFEC_OK)
        throw std::invalid_argument(err.msg);
    const bool fixed = s.precision == NFEC_FIXED16;
    const std::string schedule = nfec_schedule_name(s.schedule);
    switch (s.kind) {
    case NFEC_SPEC_MINSUM:
        return minsum_decoder::make(code_spec, s.iterations, frame_size, llr_scale, s.early_stop, fixed, s.osd_order, schedule);
    case NFEC_SPEC_BP:
        return bp_decoder::make(code_spec, s.iterations, frame_size, llr_scale, s.early_stop, s.osd_order, schedule, s.damping);
    case NFEC_SPEC_OSD:
        return osd_decoder::make(code_spec, s.osd_order, frame_size);
    case NFEC_SPEC_BM:
    case NFEC_SPEC_CHASE:
        return bch_decoder::make(code_spec, s.chase_bits, frame_size);
    case NFEC_SPEC_NMS:
    case NFEC_SPEC_OMS:
    case NFEC_SPEC_STUDENT:
        break;
    }
    if (s.kind == NFEC_SPEC_STUDENT) {
        code::sptr c = code::make(code_spec);
        std::vector<char> path(NFEC_SPEC_TEXT_MAX + weights_dir.size() + 16);
        if (nfec_student_path(s.weights, weights_dir.c_str(), path.data(), path.size(), &err) != NFEC_OK)
            throw std::invalid_argument(who + ": " + err.msg);
        weights_ptr w(check_core(nfec_weights_load(path.data(), &err), err, who));
        if (nfec_weights_fit_code(w.get(), c->get(), nullptr, &err) != NFEC_OK)
            throw std::invalid_argument(who + ": " + err.msg);
        /* the weights' own matrix (the file's code) */
        return neural_minsum_decoder::make(path.data(), "", frame_size, llr_scale, true, fixed, s.osd_order);
    }
    return neural_minsum_decoder::make_scalar(code_spec, s.iterations, s.alpha, s.beta, frame_size, llr_scale, s.early_stop, fixed, s.osd_order, schedule);
}

} // namespace neuralfec
} // namespace gr
