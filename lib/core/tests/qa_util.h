/* Test helpers for the C core's Boost.Test suites: owning handles, a seeded
 * Gaussian source and BPSK/AWGN frames in GNU Radio's convention. */
#ifndef INCLUDED_NFEC_QA_UTIL_H
#define INCLUDED_NFEC_QA_UTIL_H

#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

struct code_deleter {
    void operator()(nfec_code* c) const { nfec_code_destroy(c); }
};
struct decoder_deleter {
    void operator()(nfec_decoder* d) const { nfec_decoder_destroy(d); }
};
struct weights_deleter {
    void operator()(nfec_weights* w) const { nfec_weights_destroy(w); }
};
using code_ptr = std::unique_ptr<nfec_code, code_deleter>;
using decoder_ptr = std::unique_ptr<nfec_decoder, decoder_deleter>;
using weights_ptr = std::unique_ptr<nfec_weights, weights_deleter>;

inline code_ptr make_code(const std::string& spec)
{
    nfec_error err{};
    code_ptr c(nfec_code_create(spec.c_str(), &err));
    BOOST_REQUIRE_MESSAGE(c, spec << ": " << err.msg);
    return c;
}

inline std::string ldpc_file(const char* name) { return std::string(NFEC_LDPC_DIR) + "/" + name; }

/* Random codewords sent as BPSK (bit 0 -> -1.0, as GNU Radio maps them) over
 * AWGN at Eb/N0 = ebn0_db; noiseless when ebn0_db is infinite. */
/* Frames from the one channel object (nfec_channel.h), as soft bits in GNU
 * Radio's convention (bit 1 -> +1); each call draws new frames (its own
 * step of the test stream). */
struct channel {
    uint64_t seed;
    long calls = 0;
    explicit channel(uint64_t s) : seed(s) {}

    void frames(const nfec_code* c, int count, double ebn0_db, std::vector<uint8_t>& info, std::vector<uint8_t>& cw, std::vector<float>& rx)
    {
        const int n = nfec_code_n(c), k = nfec_code_k(c);
        nfec_channel_config cfg;
        nfec_channel_config_default(&cfg);
        cfg.seed = seed;
        cfg.ebn0_db = ebn0_db;
        nfec_error err{};
        std::unique_ptr<nfec_channel, void (*)(nfec_channel*)> ch(nfec_channel_create(c, &cfg, &err), nfec_channel_destroy);
        BOOST_REQUIRE_MESSAGE(ch, err.msg);
        info.resize(size_t(count) * k);
        cw.resize(size_t(count) * n);
        rx.resize(size_t(count) * n);
        for (int f = 0; f < count; f++)
            nfec_channel_frame(ch.get(), calls, f, &info[size_t(f) * k], &cw[size_t(f) * n], nullptr, &rx[size_t(f) * n]);
        calls++;
    }
};

/* Per-edge, per-iteration weights and offsets drawn at random (scales in
 * [0.3, max_scale), offsets in [0, max_offset)), so that a kernel mixing up
 * edges, iterations or lanes cannot agree by accident. */
inline weights_ptr random_weights(const nfec_code* c, int T, uint32_t seed, float max_scale, float max_offset)
{
    nfec_error err{};
    const int both = NFEC_PER_ITERATION | NFEC_PER_ELEMENT, sharing[NFEC_FAMILIES] = { both, both, both, both };
    weights_ptr w(nfec_weights_create(c, T, sharing, &err));
    BOOST_REQUIRE_MESSAGE(w, err.msg);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> scale(0.3f, max_scale), offset(0.0f, max_offset);
    for (nfec_family f : { NFEC_W_CH, NFEC_W_CV, NFEC_B_CV, NFEC_W_OUT }) {
        float* x = nfec_weights_data(w.get(), f);
        for (int i = 0; i < nfec_weights_count(w.get(), f); i++)
            x[i] = f == NFEC_B_CV ? offset(rng) : scale(rng);
    }
    return w;
}

#endif
