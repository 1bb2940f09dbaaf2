/* The 16-bit fixed-point decoder: every instruction set and schedule
 * bit-identical to a plain scalar model of the arithmetic nfec_decoder.h
 * specifies, weights it
 * cannot represent refused by name, error rates close to the float decoder. */
#define BOOST_TEST_MODULE nfec_fixed
#include "tests/qa_util.h"
#include <gnuradio/neuralfec/nfec_weights.h>
#include <algorithm>
#include <cstring>
#include <limits>

namespace {

decoder_ptr make_fixed(const nfec_code* c, const nfec_weights* w, int T, int early)
{
    nfec_error err{};
    decoder_ptr d(nfec_decoder_create(c, w, T, early, &err));
    BOOST_REQUIRE_MESSAGE(d, err.msg);
    BOOST_REQUIRE_MESSAGE(nfec_decoder_set_precision(d.get(), NFEC_FIXED16, &err) == NFEC_OK, err.msg);
    return d;
}

int16_t sat16(long v) { return int16_t(std::clamp<long>(v, INT16_MIN, INT16_MAX)); }
int16_t clampq(long v) { return int16_t(std::clamp<long>(v, -NFEC_FIXED_MAX, NFEC_FIXED_MAX)); }
int16_t quantize(float x, int frac) { return sat16(std::clamp<long>(lrintf(x * float(1 << frac)), -INT16_MAX, INT16_MAX)); }
int16_t mulw(int16_t x, int16_t wq) { return sat16((long(x) * wq + (1 << (NFEC_FIXED_WFRAC - 1))) >> NFEC_FIXED_WFRAC); }

/* The arithmetic of nfec_decoder.h, one frame, written plainly. */
struct scalar_model {
    const nfec_code* c;
    int n, m, E, T, early;
    bool layered;
    std::vector<int16_t> wch, wcv, bcv, wout, dout, dch;

    scalar_model(const nfec_code* code, nfec_decoder* d, int early_stop)
        : c(code), n(nfec_code_n(code)), m(nfec_code_checks(code)), E(nfec_code_edges(code)), T(nfec_decoder_iterations(d)), early(early_stop),
          layered(nfec_decoder_schedule(d) == NFEC_LAYERED)
    {
        auto q = [&](nfec_family f, size_t count, int frac) {
            const float* x = nfec_decoder_weights(d, f);
            std::vector<int16_t> out(count);
            for (size_t i = 0; i < count; i++)
                out[i] = quantize(x[i], frac);
            return out;
        };
        wch = q(NFEC_W_CH, size_t(T) * n, NFEC_FIXED_WFRAC);
        wout = q(NFEC_W_OUT, size_t(T) * n, NFEC_FIXED_WFRAC);
        wcv = q(NFEC_W_CV, size_t(T) * E, NFEC_FIXED_WFRAC);
        bcv = q(NFEC_B_CV, size_t(T) * E, NFEC_FIXED_FRAC);
        /* layered: d_out = w_out - w_ch, d_ch(t) = w_ch(t) - w_ch(t - 1), in float, then quantized */
        const float *ch = nfec_decoder_weights(d, NFEC_W_CH), *o = nfec_decoder_weights(d, NFEC_W_OUT);
        for (size_t i = 0; i < size_t(T) * n; i++) {
            dout.push_back(quantize(o[i] - ch[i], NFEC_FIXED_WFRAC));
            dch.push_back(quantize(i >= size_t(n) ? ch[i] - ch[i - n] : 0.0f, NFEC_FIXED_WFRAC));
        }
    }

    /* One check's min-sum messages from x (its edges' v -> c values). */
    void check(int t, int e0, int e1, const int16_t* x, int16_t* c2v) const
    {
        int min1 = NFEC_FIXED_MAX, min2 = NFEC_FIXED_MAX, arg = -1, negatives = 0;
        for (int e = e0; e < e1; e++) {
            const int a = std::abs(int(x[e]));
            negatives += x[e] < 0;
            if (a < min1) {
                min2 = min1;
                min1 = a;
                arg = e;
            } else if (a < min2) {
                min2 = a;
            }
        }
        for (int e = e0; e < e1; e++) {
            const int others = negatives - (x[e] < 0);
            int mag = std::max(sat16((e == arg ? min2 : min1) - long(bcv[size_t(t) * E + e])), int16_t(0));
            mag = mulw(int16_t(mag), wcv[size_t(t) * E + e]);
            c2v[e] = clampq(others % 2 ? -mag : mag);
        }
    }

    /* The row-layered schedule: totals updated check by check, by the
     * difference before the message clamp. */
    std::vector<int16_t> decode_layered(const std::vector<int16_t>& llr, int* iterations) const
    {
        const int* cs = nfec_code_check_start(c);
        const int* ev = nfec_code_edge_var(c);
        std::vector<int16_t> total(n), x(E), c2v(E, 0), prev(E), out(n);
        for (int v = 0; v < n; v++)
            total[v] = mulw(llr[v], wch[v]);
        for (int t = 0; t < T; t++) {
            for (int v = 0; t && v < n; v++)
                total[v] = sat16(long(total[v]) + mulw(llr[v], dch[size_t(t) * n + v]));
            for (int ch = 0; ch < m; ch++) {
                for (int e = cs[ch]; e < cs[ch + 1]; e++) {
                    prev[e] = c2v[e];
                    x[e] = clampq(sat16(long(total[ev[e]]) - c2v[e]));
                }
                check(t, cs[ch], cs[ch + 1], x.data(), c2v.data());
                for (int e = cs[ch]; e < cs[ch + 1]; e++)
                    total[ev[e]] = sat16(long(sat16(long(total[ev[e]]) - prev[e])) + c2v[e]);
            }
            for (int v = 0; v < n; v++)
                out[v] = sat16(long(total[v]) + mulw(llr[v], dout[size_t(t) * n + v]));
            *iterations = t + 1;
            if (early && t + 1 < T && satisfied(out))
                return out;
        }
        return out;
    }

    bool satisfied(const std::vector<int16_t>& soft) const
    {
        std::vector<uint8_t> bits(n);
        for (int v = 0; v < n; v++)
            bits[v] = soft[v] < 0;
        return nfec_code_is_codeword(c, bits.data()) != 0;
    }

    std::vector<int16_t> decode(const float* in, float in_scale, int* iterations) const
    {
        const int* cs = nfec_code_check_start(c);
        const int* vs = nfec_code_var_start(c);
        const int* ve = nfec_code_var_edges(c);
        std::vector<int16_t> llr(n), v2c(E), c2v(E), out(n);
        for (int v = 0; v < n; v++) {
            const float x = in_scale * in[v] * float(1 << NFEC_FIXED_FRAC);
            llr[v] = std::isnan(x) ? 0 : clampq(lrintf(std::clamp(x, -float(NFEC_FIXED_MAX), float(NFEC_FIXED_MAX))));
        }
        *iterations = 0;
        if (early && satisfied(llr))
            return llr;
        if (layered)
            return decode_layered(llr, iterations);
        for (int v = 0; v < n; v++)
            for (int j = vs[v]; j < vs[v + 1]; j++)
                v2c[ve[j]] = clampq(mulw(llr[v], wch[v]));
        for (int t = 0; t < T; t++) {
            for (int ch = 0; ch < m; ch++)
                check(t, cs[ch], cs[ch + 1], v2c.data(), c2v.data());
            const bool next = t + 1 < T;
            for (int v = 0; v < n; v++) {
                int16_t sum = 0;
                for (int j = vs[v]; j < vs[v + 1]; j++)
                    sum = sat16(long(sum) + c2v[ve[j]]);
                out[v] = sat16(long(mulw(llr[v], wout[size_t(t) * n + v])) + sum);
                if (!next)
                    continue;
                sum = sat16(long(sum) + mulw(llr[v], wch[size_t(t + 1) * n + v]));
                for (int j = vs[v]; j < vs[v + 1]; j++)
                    v2c[ve[j]] = clampq(sat16(long(sum) - c2v[ve[j]]));
            }
            *iterations = t + 1;
            if (early && next && satisfied(out))
                return out;
        }
        return out;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(every_instruction_set_matches_the_scalar_model)
{
    const std::vector<std::string> codes{ "bch:63,36", "bch:63,36:cyclic", "bch:63,45:cyclic", "bch:127,64:cyclic",
                                          ldpc_file("n_0100_k_0042_gap_02.alist"), ldpc_file("n_1800_k_0902_gap_28.alist") };
    long compared = 0;
    for (const std::string& spec : codes) {
        auto c = make_code(spec);
        const int n = nfec_code_n(c.get()), frames = 2 * NFEC_FIXED_LANES + 5;
        channel ch(8);
        std::vector<uint8_t> info, cw, bits(size_t(frames) * n);
        std::vector<float> rx, soft(size_t(frames) * n);
        ch.frames(c.get(), frames, 2.5, info, cw, rx);
        nfec_error err{};
        weights_ptr scaled(nfec_weights_create_scalar(c.get(), 7, 0.7f, 0.0f, &err));
        weights_ptr offset(nfec_weights_create_scalar(c.get(), 7, 0.7f, 0.1f, &err)); /* the same at every iteration */
        /* lanes taking new frames (T <= 8), and groups in step (T = 12) */
        auto full = random_weights(c.get(), 6, 3, 1.6f, 0.5f), grouped = random_weights(c.get(), 12, 4, 1.6f, 0.5f);
        for (int schedule : { NFEC_FLOODING, NFEC_LAYERED })
        for (int early : { 0, 1 })
            for (const nfec_weights* w : { (const nfec_weights*)nullptr, (const nfec_weights*)scaled.get(), (const nfec_weights*)offset.get(),
                                           (const nfec_weights*)full.get(),
                                           (const nfec_weights*)grouped.get() })
                /* a unit scale, and a large one that drives sums into saturation */
                for (float in_scale : { -1.0f, -40.0f }) {
                    auto d = make_fixed(c.get(), w, w ? 0 : 10, early);
                    BOOST_REQUIRE(nfec_decoder_set_schedule(d.get(), nfec_schedule(schedule), &err) == NFEC_OK);
                    const scalar_model model(c.get(), d.get(), early);
                    for (int isa = NFEC_ISA_PORTABLE; isa <= NFEC_ISA_AVX512; isa++) {
                        if (nfec_decoder_set_isa(d.get(), nfec_isa(isa), &err) != NFEC_OK)
                            continue;
                        std::vector<int> iters(frames);
                        nfec_decoder_decode(d.get(), rx.data(), in_scale, frames, bits.data(), soft.data(), iters.data());
                        for (int f = 0; f < frames; f++) {
                            int want_iters = -1;
                            const auto want = model.decode(&rx[size_t(f) * n], in_scale, &want_iters);
                            BOOST_TEST(iters[f] == want_iters);
                            bool same = true;
                            for (int v = 0; v < n; v++)
                                same = same && soft[size_t(f) * n + v] == float(want[v]) / float(1 << NFEC_FIXED_FRAC) &&
                                       bits[size_t(f) * n + v] == (want[v] < 0);
                            BOOST_TEST(same, spec << " " << nfec_schedule_name(nfec_schedule(schedule)) << " " << nfec_isa_name(nfec_isa(isa))
                                                  << (w ? " weighted" : "") << " early " << early
                                                  << " scale " << in_scale << " frame " << f);
                            compared++;
                        }
                    }
                }
    }
    BOOST_TEST_MESSAGE("frames compared: " << compared);
    BOOST_TEST(compared >= long(6 * 2 * 2 * 5 * 2 * (2 * NFEC_FIXED_LANES + 5)));
}

BOOST_AUTO_TEST_CASE(unrepresentable_weights_are_refused_by_name)
{
    auto c = make_code("bch:31,16");
    nfec_error err{};
    weights_ptr big(nfec_weights_create_scalar(c.get(), 3, 40.0f, 0.0f, &err));
    decoder_ptr d(nfec_decoder_create(c.get(), big.get(), 0, 1, &err));
    BOOST_REQUIRE(d);
    BOOST_TEST(nfec_decoder_set_precision(d.get(), NFEC_FIXED16, &err) == NFEC_EINVAL);
    BOOST_TEST(std::string(err.msg).find("w_cv") != std::string::npos, err.msg);
    BOOST_TEST(nfec_decoder_precision(d.get()) == NFEC_FLOAT32);
    /* while fixed, set_weights refuses them too and keeps the old ones */
    auto f = make_fixed(c.get(), nullptr, 3, 1);
    BOOST_TEST(nfec_decoder_set_weights(f.get(), big.get(), &err) == NFEC_EINVAL);
    BOOST_TEST(std::string(err.msg).find("fixed-point") != std::string::npos, err.msg);
    BOOST_TEST(nfec_decoder_weights(f.get(), NFEC_W_CV)[0] == 1.0f);
    weights_ptr offset(nfec_weights_create_scalar(c.get(), 3, 0.8f, 200.0f, &err));
    BOOST_TEST(nfec_decoder_set_weights(f.get(), offset.get(), &err) == NFEC_EINVAL);
    BOOST_TEST(std::string(err.msg).find("b_cv") != std::string::npos, err.msg);
    BOOST_TEST(nfec_decoder_set_precision(f.get(), nfec_precision(7), &err) == NFEC_EINVAL);
}

BOOST_AUTO_TEST_CASE(error_rate_is_close_to_float)
{
    /* Same frames, min-sum T=10 and NMS 0.75 T=5: the 16-bit decoder's bit
     * errors within 10% (plus a few) of the float decoder's. */
    auto c = make_code("bch:63,36");
    const int n = 63, frames = 4000;
    channel ch(21);
    std::vector<uint8_t> info, cw, bits(size_t(frames) * n);
    std::vector<float> rx;
    ch.frames(c.get(), frames, 4.0, info, cw, rx);
    nfec_error err{};
    weights_ptr nms(nfec_weights_create_scalar(c.get(), 5, 0.75f, 0.0f, &err));
    for (const nfec_weights* w : { (const nfec_weights*)nullptr, (const nfec_weights*)nms.get() }) {
        long errors[2] = { 0, 0 };
        for (int fixed : { 0, 1 }) {
            decoder_ptr d(nfec_decoder_create(c.get(), w, w ? 0 : 10, 1, &err));
            BOOST_REQUIRE(nfec_decoder_set_precision(d.get(), fixed ? NFEC_FIXED16 : NFEC_FLOAT32, &err) == NFEC_OK);
            /* true LLRs: 2 y / sigma^2 */
            const double sigma2 = 1.0 / (2.0 * 36.0 / 63.0 * std::pow(10.0, 0.4));
            nfec_decoder_decode(d.get(), rx.data(), float(-2.0 / sigma2), frames, bits.data(), nullptr, nullptr);
            for (size_t i = 0; i < bits.size(); i++)
                errors[fixed] += bits[i] != cw[i];
        }
        BOOST_TEST_MESSAGE((w ? "nms 0.75 T=5" : "min-sum T=10") << ": float " << errors[0] << " bit errors, int16 " << errors[1]);
        BOOST_TEST(errors[0] > 100);
        BOOST_TEST(errors[1] <= errors[0] * 11 / 10 + 10);
    }
}

/* The input's conversion (vectorized in the kernels) rounds ties to even,
 * as lrintf in the model does, and maps NaN, infinities and huge values the
 * model's way, in every instruction set; 63 values a frame leave a partial
 * tile at each frame's end. */
BOOST_AUTO_TEST_CASE(input_rounding_ties_and_specials_match_the_model)
{
    auto c = make_code("bch:63,36:cyclic");
    const int n = 63, frames = NFEC_FIXED_LANES + 3;
    const float unit = 1.0f / float(1 << NFEC_FIXED_FRAC), nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> rx(size_t(frames) * n);
    std::mt19937 rng(11);
    for (size_t i = 0; i < rx.size(); i++) {
        const int k = int(rng() % 41) - 20;
        const float specials[] = { nan, inf, -inf, 1e38f, 8191.5f * unit, -8190.5f * unit, -0.0f };
        rx[i] = rng() % 5 ? (float(k) + 0.5f) * unit : specials[rng() % 7];
    }
    nfec_error err{};
    auto d = make_fixed(c.get(), nullptr, 3, 0);
    const scalar_model model(c.get(), d.get(), 0);
    std::vector<uint8_t> bits(rx.size());
    std::vector<float> soft(rx.size());
    for (int isa = NFEC_ISA_PORTABLE; isa <= NFEC_ISA_AVX512; isa++) {
        if (nfec_decoder_set_isa(d.get(), nfec_isa(isa), &err) != NFEC_OK)
            continue;
        nfec_decoder_decode(d.get(), rx.data(), -1.0f, frames, bits.data(), soft.data(), nullptr);
        for (int f = 0; f < frames; f++) {
            int it = 0;
            const auto want = model.decode(&rx[size_t(f) * n], -1.0f, &it);
            bool same = true;
            for (int v = 0; v < n; v++)
                same = same && soft[size_t(f) * n + v] == float(want[v]) * unit;
            BOOST_TEST(same, nfec_isa_name(nfec_isa(isa)) << " frame " << f);
        }
    }
}

BOOST_AUTO_TEST_CASE(hostile_input_gives_defined_output)
{
    auto c = make_code("bch:63,36:cyclic");
    const int n = 63, frames = 17;
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    const float specials[] = { nan, inf, -inf, 1e38f, -1e38f, 1e-42f, -0.0f, 0.0f, 3.0f };
    std::vector<float> rx(size_t(frames) * n);
    std::mt19937 rng(4);
    for (size_t i = 0; i < rx.size(); i++)
        rx[i] = specials[rng() % 9];
    auto d = make_fixed(c.get(), nullptr, 20, 1);
    std::vector<uint8_t> bits(rx.size(), 7);
    std::vector<float> soft(rx.size());
    nfec_decoder_decode(d.get(), rx.data(), -1.0f, frames, bits.data(), soft.data(), nullptr);
    for (size_t i = 0; i < rx.size(); i++) {
        BOOST_TEST(bits[i] <= 1);
        BOOST_TEST(std::fabs(soft[i]) <= 32767.0f / (1 << NFEC_FIXED_FRAC));
    }
}
