/* neuralfec.neural_minsum_decoder: the student, weights from a file, hot
 * swappable. */
#include "decoder_adapter.h"
#include <gnuradio/neuralfec/neural_minsum_decoder.h>

namespace gr {
namespace neuralfec {

namespace {

weights_ptr load_weights(const std::string& path)
{
    nfec_error err{};
    return weights_ptr(check_core(nfec_weights_load(path.c_str(), &err), err, "neural_minsum_decoder"));
}

/* The weights' rule and schedule (a neural BP or layered student runs as it
 * was trained). */
core_ptr make_core(const code::sptr& c, const nfec_weights* w, bool early_stop, bool fixed_point, int osd_order)
{
    return make_message_passing_core(c, w, 0, NFEC_MINSUM, "", early_stop, fixed_point, osd_order, "neural_minsum_decoder");
}

class neural_minsum_decoder_impl : public decoder_adapter<neural_minsum_decoder>
{
public:
    neural_minsum_decoder_impl(code::sptr c, core_ptr dec, const std::string& path, int frame_size, float llr_scale, bool early_stop, bool fixed_point,
                               int osd_order)
        : decoder_adapter<neural_minsum_decoder>("neural_minsum_decoder", std::move(c), std::move(dec), frame_size, llr_scale),
          d_early_stop(early_stop), d_fixed_point(fixed_point), d_osd_order(osd_order), d_path(path)
    {
    }

    bool set_weight_file(const std::string& path) override
    {
        /* one swap at a time, so weight_file() names the weights in use */
        std::lock_guard<std::mutex> swap(d_swap_mutex);
        try {
            weights_ptr w = load_weights(path);
            replace_decoder(make_core(get_code(), w.get(), d_early_stop, d_fixed_point, d_osd_order));
        } catch (const std::exception& e) {
            d_logger->error("{:s}; keeping {:s}", e.what(), weight_file());
            return false;
        }
        std::lock_guard<std::mutex> lock(d_path_mutex);
        d_path = path;
        return true;
    }

    std::string weight_file() const override
    {
        std::lock_guard<std::mutex> lock(d_path_mutex);
        return d_path;
    }

    int iterations() const override { return decoder_iterations(); }

private:
    const bool d_early_stop, d_fixed_point;
    const int d_osd_order;
    std::mutex d_swap_mutex;
    mutable std::mutex d_path_mutex;
    std::string d_path;
};

} // namespace

neural_minsum_decoder::sptr
neural_minsum_decoder::make(const std::string& path, const std::string& spec, int frame_size, float llr_scale, bool early_stop, bool fixed_point,
                            int osd_order)
{
    check_llr_scale(llr_scale, "neural_minsum_decoder");
    weights_ptr w = load_weights(path);
    code::sptr c = code::make(nfec_weights_code_spec(w.get()));
    if (!spec.empty()) {
        /* the frames' code: the weights' matrix, or another of the same code,
         * which the weights' own matrix decodes (bch:N,K:cyclic for bch:N,K) */
        nfec_error err{};
        if (nfec_weights_fit_code(w.get(), code::make(spec)->get(), nullptr, &err) != NFEC_OK)
            throw std::invalid_argument("neural_minsum_decoder: " + path + ": " + err.msg);
    }
    core_ptr dec = make_core(c, w.get(), early_stop, fixed_point, osd_order);
    return std::make_shared<neural_minsum_decoder_impl>(c, std::move(dec), path, frame_size, llr_scale, early_stop, fixed_point, osd_order);
}

neural_minsum_decoder::sptr neural_minsum_decoder::make_scalar(const std::string& spec, int iterations, float alpha, float beta, int frame_size,
                                                              float llr_scale, bool early_stop, bool fixed_point, int osd_order,
                                                              const std::string& schedule)
{
    check_llr_scale(llr_scale, "neural_minsum_decoder");
    code::sptr c = code::make(spec);
    nfec_error err{};
    weights_ptr w(check_core(nfec_weights_create_scalar(c->get(), iterations, alpha, beta, &err), err, "neural_minsum_decoder"));
    nfec_weights_set_schedule(w.get(), schedule_of(schedule, "neural_minsum_decoder"), nullptr);
    core_ptr dec = make_core(c, w.get(), early_stop, fixed_point, osd_order);
    return std::make_shared<neural_minsum_decoder_impl>(c, std::move(dec), "", frame_size, llr_scale, early_stop, fixed_point, osd_order);
}

} // namespace neuralfec
} // namespace gr
