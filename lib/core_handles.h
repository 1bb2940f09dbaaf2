/* RAII handles for the C core's objects, and the one place C core errors
 * become C++ exceptions. */
#ifndef INCLUDED_NEURALFEC_CORE_HANDLES_H
#define INCLUDED_NEURALFEC_CORE_HANDLES_H

#include <gnuradio/logger.h>
#include <gnuradio/neuralfec/code.h>
#include <gnuradio/neuralfec/nfec_bch.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/llr_scale.h>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

namespace gr {
namespace neuralfec {

struct decoder_deleter {
    void operator()(nfec_decoder* d) const { nfec_decoder_destroy(d); }
};
using decoder_ptr = std::unique_ptr<nfec_decoder, decoder_deleter>;

struct weights_deleter {
    void operator()(nfec_weights* w) const { nfec_weights_destroy(w); }
};
using weights_ptr = std::unique_ptr<nfec_weights, weights_deleter>;

/* Throws std::invalid_argument("<who>: <message>") when p is null. */
template <class T>
T* check_core(T* p, const nfec_error& err, const std::string& who)
{
    if (!p)
        throw std::invalid_argument(who + ": " + err.msg);
    return p;
}

/* What an adapter decodes with: frames of soft values in (LLR = scale * in),
 * codewords out. */
class core_decoder
{
public:
    virtual ~core_decoder() = default;
    /* Returns the message-passing iterations spent (0 for the others). */
    virtual long decode(const float* in, float scale, size_t frames, uint8_t* bits) = 0;
    virtual int iterations() const { return 0; }
    /* What decodes, for the debug log: "min-sum, layered, T=10, float, avx2 kernel". */
    virtual std::string describe() const = 0;
};
using core_ptr = std::unique_ptr<core_decoder>;

/* (Neural) min-sum, with its OSD post-processing if set. */
class message_passing_core : public core_decoder
{
public:
    explicit message_passing_core(decoder_ptr d) : d_dec(std::move(d)) {}
    long decode(const float* in, float scale, size_t frames, uint8_t* bits) override
    {
        return nfec_decoder_decode(d_dec.get(), in, scale, frames, bits, nullptr, nullptr);
    }
    int iterations() const override { return nfec_decoder_iterations(d_dec.get()); }
    std::string describe() const override
    {
        const nfec_decoder* d = d_dec.get();
        std::string s = std::string(nfec_update_rule_name(nfec_decoder_update_rule(d))) + ", " + nfec_schedule_name(nfec_decoder_schedule(d)) +
                        ", T=" + std::to_string(nfec_decoder_iterations(d)) + ", " + nfec_precision_name(nfec_decoder_precision(d)) + ", " +
                        nfec_isa_name(nfec_decoder_isa(d)) + " kernel";
        if (nfec_decoder_osd_order(d))
            s += ", OSD order " + std::to_string(nfec_decoder_osd_order(d)) + " on failures";
        return s;
    }

private:
    decoder_ptr d_dec;
};

/* A core_decoder that owns a C object decoding frames of soft values
 * (nfec_osd, nfec_bch): Decode and Destroy are the object's functions. */
template <class T, void (*Decode)(T*, const float*, float, size_t, uint8_t*), void (*Destroy)(T*)>
class owning_core : public core_decoder
{
public:
    owning_core(T* p, std::string what) : d_p(p), d_what(std::move(what)) {}
    ~owning_core() override { Destroy(d_p); }
    owning_core(const owning_core&) = delete;
    owning_core& operator=(const owning_core&) = delete;
    long decode(const float* in, float scale, size_t frames, uint8_t* bits) override
    {
        Decode(d_p, in, scale, frames, bits);
        return 0;
    }
    std::string describe() const override { return d_what; }

private:
    T* d_p;
    const std::string d_what;
};

/* OSD post-processing of order osd_order (NFEC_OSD_AUTO: the code's
 * default, nfec_osd.h) ordered by the decoder's soft output plus the channel
 * (measured best, docs/nearml.md); throws like check_core. */
inline void set_osd(nfec_decoder* d, int osd_order, const std::string& who)
{
    nfec_error err{};
    const int order = osd_order == NFEC_OSD_AUTO ? nfec_osd_auto_order(nfec_decoder_code(d)) : osd_order;
    if (nfec_decoder_set_osd(d, order, NFEC_OSD_BY_SUM, &err) != NFEC_OK)
        throw std::invalid_argument(who + ": " + err.msg);
}

/* Throws std::invalid_argument("<who>: ...") unless llr_scale is a positive
 * finite number or llr_scale_auto (a negative scale would invert every bit). */
inline void check_llr_scale(float llr_scale, const std::string& who)
{
    if (llr_scale == llr_scale_auto)
        return;
    if (!(llr_scale > 0.0f) || !(llr_scale < std::numeric_limits<float>::infinity()))
        throw std::invalid_argument(who + ": llr_scale must be a positive finite number or llr_scale_auto (\"auto\"), not " +
                                    std::to_string(llr_scale));
}

/* The schedule by name, "flooding" or "layered"; throws naming both. */
inline nfec_schedule schedule_of(const std::string& name, const std::string& who)
{
    if (name != "flooding" && name != "layered")
        throw std::invalid_argument(who + ": schedule must be \"flooding\" or \"layered\", not \"" + name + "\"");
    return name == "layered" ? NFEC_LAYERED : NFEC_FLOODING;
}

inline void set_schedule(nfec_decoder* d, const std::string& schedule, const std::string& who)
{
    nfec_error err{};
    if (nfec_decoder_set_schedule(d, schedule_of(schedule, who), &err) != NFEC_OK)
        throw std::invalid_argument(who + ": " + err.msg);
}

/* 16-bit fixed point or float; throws like check_core when the decoder's
 * weights cannot be represented in fixed point. */
inline void set_precision(nfec_decoder* d, bool fixed_point, const std::string& who)
{
    nfec_error err{};
    if (nfec_decoder_set_precision(d, fixed_point ? NFEC_FIXED16 : NFEC_FLOAT32, &err) != NFEC_OK)
        throw std::invalid_argument(who + ": " + err.msg);
}

/* A message-passing core: without weights, T iterations of `rule` on
 * `schedule` (damped: nfec_decoder_set_damping); with weights, the weights' rule, schedule and T (schedule
 * empty). Throws like check_core. */
inline core_ptr make_message_passing_core(const code::sptr& c, const nfec_weights* w, int T, nfec_update_rule rule, const std::string& schedule,
                                          bool early_stop, bool fixed_point, int osd_order, const std::string& who, float damping = 0.0f)
{
    nfec_error err{};
    decoder_ptr d(check_core(nfec_decoder_create(c->get(), w, w ? 0 : T, early_stop, &err), err, who));
    if (!w && nfec_decoder_set_update_rule(d.get(), rule, &err) != NFEC_OK)
        throw std::invalid_argument(who + ": " + err.msg);
    if (!schedule.empty())
        set_schedule(d.get(), schedule, who);
    if (nfec_decoder_set_damping(d.get(), damping, &err) != NFEC_OK)
        throw std::invalid_argument(who + ": " + err.msg);
    set_precision(d.get(), fixed_point, who);
    set_osd(d.get(), osd_order, who);
    return std::make_unique<message_passing_core>(std::move(d));
}

/* Frames of several codewords: frame_size information bits = codewords * K.
 * The size given at construction is also the largest, as for gr-fec's own
 * coders: fec.decoder sizes its buffers once, so a larger frame at run time
 * would write past them. */
class frame_layout
{
public:
    static constexpr uint64_t MAX_INPUT_BITS = 1u << 26;

    /* frame_size in information bits, 0 for one codeword, -N for N codewords
     * (the GRC definitions' default, -32: fast on streams, and room for
     * tagged or async frames up to 32 codewords); one that is not a multiple
     * of K or beyond MAX_INPUT_BITS code bits throws
     * std::invalid_argument("<who>: <reason>"). */
    frame_layout(int n, int k, int frame_size, const std::string& who)
        : d_n(n), d_k(k), d_codewords(1), d_max_bits(std::numeric_limits<unsigned>::max())
    {
        if (frame_size < 0 && uint64_t(-int64_t(frame_size)) * uint64_t(n) > MAX_INPUT_BITS)
            throw std::invalid_argument(who + ": frame size " + std::to_string(frame_size) + " (" + std::to_string(-int64_t(frame_size)) +
                                        " codewords) needs more than " + std::to_string(MAX_INPUT_BITS) + " code bits a frame");
        const uint64_t bits = frame_size < 0 ? uint64_t(-int64_t(frame_size)) * uint64_t(k) : frame_size ? uint64_t(frame_size) : uint64_t(k);
        std::string why = set_info_bits(unsigned(bits));
        if (!why.empty())
            throw std::invalid_argument(who + ": " + why);
        d_max_bits = unsigned(info_bits());
    }

    /* At run time a bad size is logged and the old one kept; returns whether it was taken. */
    bool change(unsigned frame_size, const gr::logger_ptr& logger)
    {
        std::string why = set_info_bits(frame_size);
        if (why.empty())
            return true;
        logger->error("{:s}; keeping {:d} bits", why, info_bits());
        return false;
    }

    int codewords() const { return d_codewords; }
    int input_bits() const { return d_codewords * d_n; }
    int info_bits() const { return d_codewords * d_k; }
    /* K/N rounded up by one ulp: gr-fec's tagged and async blocks truncate
     * frame_bits * rate() to an integer, and the nearest double below K/N
     * would turn 1800 * 902/1800 into 901. */
    double rate() const;

private:
    /* Empty string when accepted, else the reason. */
    std::string set_info_bits(unsigned frame_size)
    {
        if (frame_size == 0 || frame_size % unsigned(d_k) != 0)
            return "frame size " + std::to_string(frame_size) +
                   " bits is not a positive multiple of the code's dimension K = " +
                   std::to_string(d_k);
        if (frame_size > d_max_bits)
            return "frame size " + std::to_string(frame_size) + " bits exceeds the maximum, " +
                   std::to_string(d_max_bits) + " bits, given at construction";
        /* the block's buffers hold codewords * n values, in int */
        if (uint64_t(frame_size / unsigned(d_k)) * uint64_t(d_n) > MAX_INPUT_BITS)
            return "frame size " + std::to_string(frame_size) + " bits needs more than " + std::to_string(MAX_INPUT_BITS) +
                   " code bits a frame";
        d_codewords = int(frame_size / unsigned(d_k));
        return "";
    }

    int d_n, d_k, d_codewords;
    unsigned d_max_bits;
};

} // namespace neuralfec
} // namespace gr

#endif
