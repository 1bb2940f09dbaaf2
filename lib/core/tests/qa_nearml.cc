/* Near-ML decoding: OSD against exhaustive ML, the hybrid against the decoder
 * alone, Berlekamp-Massey and Chase on every correctable pattern, hostile
 * input. */
#define BOOST_TEST_MODULE nfec_nearml
#include "tests/qa_util.h"
#include <gnuradio/neuralfec/nfec_bch.h>
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>

namespace {

struct osd_deleter {
    void operator()(nfec_osd* o) const { nfec_osd_destroy(o); }
};
struct bch_deleter {
    void operator()(nfec_bch* b) const { nfec_bch_destroy(b); }
};
using osd_ptr = std::unique_ptr<nfec_osd, osd_deleter>;
using bch_ptr = std::unique_ptr<nfec_bch, bch_deleter>;

osd_ptr make_osd(const nfec_code* c, int order)
{
    nfec_error err{};
    osd_ptr o(nfec_osd_create(c, order, &err));
    BOOST_REQUIRE_MESSAGE(o, err.msg);
    return o;
}

bch_ptr make_bch(const nfec_code* c, int chase)
{
    nfec_error err{};
    bch_ptr b(nfec_bch_create(c, chase, &err));
    BOOST_REQUIRE_MESSAGE(b, err.msg);
    return b;
}

/* Channel LLRs of the test channel's soft bits (bit 0 -> -1.0). */
std::vector<float> llrs_of(const nfec_code* c, const std::vector<float>& rx, double ebn0_db)
{
    const double rate = double(nfec_code_k(c)) / nfec_code_n(c);
    const float scale = -float(4.0 * rate * std::pow(10.0, ebn0_db / 10.0)); /* -2 / sigma^2 */
    std::vector<float> llr(rx.size());
    for (size_t i = 0; i < rx.size(); i++)
        llr[i] = scale * rx[i];
    return llr;
}

/* Correlation discrepancy of bits against the LLRs. */
double discrepancy(const float* llr, const uint8_t* bits, int n)
{
    double d = 0;
    for (int v = 0; v < n; v++)
        if ((llr[v] < 0) != (bits[v] != 0))
            d += std::fabs(llr[v]);
    return d;
}

/* Every codeword of a small code (n <= 64), bit-packed, by Gray code over
 * the generator rows. */
std::vector<uint64_t> all_codewords(const nfec_code* c)
{
    const int n = nfec_code_n(c), k = nfec_code_k(c);
    BOOST_REQUIRE(n <= 64 && k <= 20);
    std::vector<uint64_t> rows(k), out(1, 0);
    std::vector<uint8_t> info(k, 0), cw(n);
    for (int r = 0; r < k; r++) {
        info[r] = 1;
        nfec_code_encode(c, info.data(), cw.data());
        info[r] = 0;
        for (int v = 0; v < n; v++)
            rows[r] |= uint64_t(cw[v]) << v;
    }
    for (uint32_t i = 1; i < (1u << k); i++)
        out.push_back(out.back() ^ rows[__builtin_ctz(i)]);
    return out;
}

/* The ML discrepancy, least over every codeword: discrepancy(c) is that of
 * the all-zero word plus the sum of llr over c's ones, summed a byte at a
 * time from tables. */
double ml_discrepancy(const std::vector<uint64_t>& words, const float* llr, int n)
{
    double d0 = 0, table[8][256] = {};
    for (int v = 0; v < n; v++)
        d0 += llr[v] < 0 ? -llr[v] : 0;
    for (int b = 0; b < 8; b++)
        for (int x = 0; x < 256; x++)
            for (int i = 0; i < 8 && 8 * b + i < n; i++)
                if ((x >> i) & 1)
                    table[b][x] += llr[8 * b + i];
    const int bytes = (n + 7) / 8;
    double best = std::numeric_limits<double>::infinity();
    for (uint64_t w : words) {
        double s = 0;
        for (int b = 0; b < bytes; b++)
            s += table[b][(w >> (8 * b)) & 0xff];
        best = std::min(best, s);
    }
    return d0 + best;
}

std::string write_alist(const std::string& name, const std::string& text)
{
    const std::string p = std::string(NFEC_TEST_TMP) + "/" + name;
    std::ofstream(p) << text;
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(osd_equals_exhaustive_ml)
{
    struct point {
        const char* spec;
        int order, frames;
        double ebn0;
        float step; /* LLRs rounded to multiples of it (many equal reliabilities), or 0 */
    };
    /* order 4 is every pattern on bch:7,4; order 2 is already ML on bch:15,7 */
    for (const point& p : { point{ "bch:7,4", 4, 3000, 1.0, 0.0f }, point{ "bch:15,7", 4, 3000, 1.0, 0.0f }, point{ "bch:15,7", 2, 3000, 2.0, 0.0f },
                            point{ "bch:15,7:cyclic", 2, 1000, 2.0, 0.0f }, point{ "bch:31,16", 4, 1000, 2.0, 0.0f }, point{ "bch:7,4", 4, 1000, 1.0, 0.5f },
                            point{ "bch:15,7", 4, 1000, 1.0, 0.5f }, point{ "bch:31,16", 4, 500, 2.0, 1.0f } }) {
        auto c = make_code(p.spec);
        const int n = nfec_code_n(c.get());
        const auto words = all_codewords(c.get());
        auto o = make_osd(c.get(), p.order);
        channel ch(7);
        std::vector<uint8_t> info, cw, bits(n);
        std::vector<float> rx;
        ch.frames(c.get(), p.frames, p.ebn0, info, cw, rx);
        auto llr = llrs_of(c.get(), rx, p.ebn0);
        if (p.step > 0)
            for (float& x : llr)
                x = p.step * std::round(x / p.step);
        int differ = 0;
        for (int f = 0; f < p.frames; f++) {
            const float* l = &llr[size_t(f) * n];
            const float d = nfec_osd_decode_frame(o.get(), l, nullptr, bits.data());
            BOOST_REQUIRE(nfec_code_is_codeword(c.get(), bits.data()));
            BOOST_REQUIRE_CLOSE(d, discrepancy(l, bits.data(), n), 1e-3);
            differ += std::fabs(d - ml_discrepancy(words, l, n)) > 1e-3 * (1 + d);
        }
        BOOST_TEST(differ == 0, p.spec << " order " << p.order << " step " << p.step << ": " << differ << " of " << p.frames << " frames not ML");
    }
}

BOOST_AUTO_TEST_CASE(osd_on_g_and_on_h_agree_and_frames_are_independent)
{
    /* n - k > k: elimination on G; n - k <= k: on H (bch:63,36 and n_0100 are
     * both kinds of code; bch:31,6 has few information bits) */
    for (const std::string& spec : std::vector<std::string>{ "bch:31,6", "bch:63,36", "bch:63,45:cyclic", ldpc_file("n_0100_k_0042_gap_02.alist") }) {
        auto c = make_code(spec);
        const int n = nfec_code_n(c.get()), frames = 60;
        auto o = make_osd(c.get(), 2);
        channel ch(11);
        std::vector<uint8_t> info, cw, batch(size_t(frames) * n), one(n);
        std::vector<float> rx;
        ch.frames(c.get(), frames, 2.0, info, cw, rx);
        nfec_osd_decode(o.get(), rx.data(), -1.0f, frames, batch.data());
        for (int f = frames - 1; f >= 0; f--) { /* reverse order: no state carried between frames */
            nfec_osd_decode(o.get(), &rx[size_t(f) * n], -1.0f, 1, one.data());
            BOOST_TEST(std::equal(one.begin(), one.end(), batch.begin() + size_t(f) * n), spec << " frame " << f);
            BOOST_TEST(nfec_code_is_codeword(c.get(), one.data()));
        }
    }
}

BOOST_AUTO_TEST_CASE(osd_orders_by_the_reliability_given)
{
    /* a reliability that is the sent codeword itself orders and decides
     * perfectly: order 0 returns that codeword */
    auto c = make_code("bch:63,36");
    const int n = nfec_code_n(c.get());
    auto o = make_osd(c.get(), 0);
    channel ch(3);
    std::vector<uint8_t> info, cw, bits(n);
    std::vector<float> rx;
    ch.frames(c.get(), 50, 1.0, info, cw, rx);
    const auto llr = llrs_of(c.get(), rx, 1.0);
    for (int f = 0; f < 50; f++) {
        std::vector<float> rel(n);
        for (int v = 0; v < n; v++)
            rel[v] = (cw[size_t(f) * n + v] ? -1.0f : 1.0f) * float(1 + (v * 7) % n);
        nfec_osd_decode_frame(o.get(), &llr[size_t(f) * n], rel.data(), bits.data());
        BOOST_TEST(std::equal(bits.begin(), bits.end(), cw.begin() + size_t(f) * n));
    }
}

BOOST_AUTO_TEST_CASE(hybrid_keeps_decoded_frames_and_is_never_worse)
{
    for (const std::string& spec : std::vector<std::string>{ "bch:63,36", "bch:63,45:cyclic", ldpc_file("n_0100_k_0042_gap_02.alist") }) {
        auto c = make_code(spec);
        const int n = nfec_code_n(c.get()), frames = 600;
        channel ch(5);
        std::vector<uint8_t> info, cw, alone(size_t(frames) * n), hyb(size_t(frames) * n);
        std::vector<float> rx, soft_alone(alone.size()), soft_hyb(alone.size());
        ch.frames(c.get(), frames, 3.0, info, cw, rx);
        for (nfec_precision prec : { NFEC_FLOAT32, NFEC_FIXED16 })
            for (nfec_osd_reliability by : { NFEC_OSD_BY_CHANNEL, NFEC_OSD_BY_OUTPUT, NFEC_OSD_BY_SUM }) {
                nfec_error err{};
                decoder_ptr a(nfec_decoder_create(c.get(), nullptr, 5, 1, &err)), h(nfec_decoder_create(c.get(), nullptr, 5, 1, &err));
                BOOST_REQUIRE(a && h);
                BOOST_REQUIRE(nfec_decoder_set_precision(a.get(), prec, &err) == NFEC_OK);
                BOOST_REQUIRE(nfec_decoder_set_precision(h.get(), prec, &err) == NFEC_OK);
                BOOST_REQUIRE_MESSAGE(nfec_decoder_set_osd(h.get(), 2, by, &err) == NFEC_OK, err.msg);
                BOOST_TEST(nfec_decoder_osd_order(h.get()) == 2);
                std::vector<int> ia(frames), ih(frames);
                const long ta = nfec_decoder_decode(a.get(), rx.data(), -1.0f, frames, alone.data(), soft_alone.data(), ia.data());
                const long th = nfec_decoder_decode(h.get(), rx.data(), -1.0f, frames, hyb.data(), soft_hyb.data(), ih.data());
                BOOST_TEST(ta == th);
                BOOST_TEST(ia == ih);
                long err_alone = 0, err_hyb = 0, rescued = 0;
                for (int f = 0; f < frames; f++) {
                    const size_t o = size_t(f) * n;
                    const bool ok = nfec_code_is_codeword(c.get(), &alone[o]);
                    if (ok) {
                        BOOST_TEST(std::equal(&alone[o], &alone[o] + n, &hyb[o]));
                        BOOST_TEST(std::equal(&soft_alone[o], &soft_alone[o] + n, &soft_hyb[o]));
                    } else {
                        rescued++;
                        BOOST_TEST(nfec_code_is_codeword(c.get(), &hyb[o]));
                        for (int v = 0; v < n; v++)
                            BOOST_TEST((soft_hyb[o + v] < 0) == (hyb[o + v] != 0));
                    }
                    for (int v = 0; v < n; v++) {
                        err_alone += alone[o + v] != cw[o + v];
                        err_hyb += hyb[o + v] != cw[o + v];
                    }
                }
                BOOST_TEST(rescued > 0, spec);
                BOOST_TEST(nfec_decoder_osd_frames(h.get()) == rescued);
                BOOST_TEST(err_hyb < err_alone, spec << " " << nfec_precision_name(prec) << " by " << int(by));
            }
    }
}

BOOST_AUTO_TEST_CASE(hybrid_refuses_bad_orders_and_switches_off)
{
    auto c = make_code("bch:15,7");
    nfec_error err{};
    decoder_ptr d(nfec_decoder_create(c.get(), nullptr, 5, 1, &err));
    for (int bad : { -1, 5, 1000 }) {
        BOOST_TEST(nfec_decoder_set_osd(d.get(), bad, NFEC_OSD_BY_OUTPUT, &err) == NFEC_EINVAL);
        BOOST_TEST(std::string(err.msg).find("OSD order") != std::string::npos, err.msg);
    }
    BOOST_TEST(nfec_decoder_set_osd(d.get(), 2, nfec_osd_reliability(7), &err) == NFEC_EINVAL);
    BOOST_TEST(nfec_decoder_set_osd(d.get(), 3, NFEC_OSD_BY_OUTPUT, &err) == NFEC_OK);
    BOOST_TEST(nfec_decoder_set_osd(d.get(), 0, NFEC_OSD_BY_OUTPUT, &err) == NFEC_OK);
    BOOST_TEST(nfec_decoder_osd_order(d.get()) == 0);
    BOOST_TEST(nfec_osd_create(c.get(), 5, &err) == nullptr);
}

BOOST_AUTO_TEST_CASE(bm_corrects_every_pattern_up_to_t)
{
    struct point {
        const char* spec;
        int t;
        bool exhaustive;
    };
    for (const point& p : { point{ "bch:7,4", 1, true }, point{ "bch:15,7", 2, true }, point{ "bch:31,16", 3, true },
                            point{ "bch:63,36:cyclic", 5, false }, point{ "bch:127,64", 10, false }, point{ "bch:255,131", 18, false } }) {
        auto c = make_code(p.spec);
        const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get());
        auto b = make_bch(c.get(), 0);
        BOOST_TEST(nfec_bch_t(b.get()) == p.t, p.spec);
        std::mt19937 rng(17);
        std::vector<uint8_t> info(k), cw(n), bits(n);
        auto check = [&](const std::vector<int>& pos) {
            for (auto& x : info)
                x = uint8_t(rng() & 1);
            nfec_code_encode(c.get(), info.data(), cw.data());
            bits = cw;
            for (int v : pos)
                bits[v] ^= 1;
            BOOST_REQUIRE(nfec_bch_correct(b.get(), bits.data()) == 1);
            BOOST_REQUIRE(bits == cw);
        };
        if (p.exhaustive) {
            /* every pattern of weight <= t, by combinations */
            std::vector<int> pos;
            std::function<void(int)> rec = [&](int from) {
                check(pos);
                if (int(pos.size()) == p.t)
                    return;
                for (int v = from; v < n; v++) {
                    pos.push_back(v);
                    rec(v + 1);
                    pos.pop_back();
                }
            };
            rec(0);
        } else {
            for (int trial = 0; trial < 3000; trial++) {
                std::vector<int> all(n);
                for (int v = 0; v < n; v++)
                    all[v] = v;
                std::shuffle(all.begin(), all.end(), rng);
                all.resize(size_t(trial % (p.t + 1)));
                check(all);
            }
        }
        /* heavier patterns: a codeword or a detected failure that leaves the bits */
        for (int trial = 0; trial < 2000; trial++) {
            for (auto& x : info)
                x = uint8_t(rng() & 1);
            nfec_code_encode(c.get(), info.data(), cw.data());
            bits = cw;
            const int w = p.t + 1 + trial % std::min(n - p.t - 1, 3 * p.t);
            for (int i = 0; i < w; i++)
                bits[rng() % unsigned(n)] ^= 1;
            const auto before = bits;
            if (nfec_bch_correct(b.get(), bits.data()))
                BOOST_REQUIRE(nfec_code_is_codeword(c.get(), bits.data()));
            else
                BOOST_REQUIRE(bits == before);
        }
    }
}

BOOST_AUTO_TEST_CASE(chase_is_never_worse_than_bm)
{
    auto c = make_code("bch:63,36");
    const int n = nfec_code_n(c.get()), frames = 1500;
    auto bm = make_bch(c.get(), 0);
    auto chase = make_bch(c.get(), 4);
    BOOST_TEST(nfec_bch_chase_bits(chase.get()) == 4);
    channel ch(23);
    std::vector<uint8_t> info, cw, a(n), b(n);
    std::vector<float> rx;
    ch.frames(c.get(), frames, 3.0, info, cw, rx);
    const auto llr = llrs_of(c.get(), rx, 3.0);
    long err_bm = 0, err_chase = 0;
    for (int f = 0; f < frames; f++) {
        const float* l = &llr[size_t(f) * n];
        const int ok_bm = nfec_bch_decode_frame(bm.get(), l, a.data());
        const int ok_chase = nfec_bch_decode_frame(chase.get(), l, b.data());
        if (ok_bm) {
            BOOST_REQUIRE(ok_chase);
            BOOST_REQUIRE(discrepancy(l, b.data(), n) <= discrepancy(l, a.data(), n) + 1e-3);
        }
        if (ok_chase)
            BOOST_REQUIRE(nfec_code_is_codeword(c.get(), b.data()));
        for (int v = 0; v < n; v++) {
            err_bm += a[v] != cw[size_t(f) * n + v];
            err_chase += b[v] != cw[size_t(f) * n + v];
        }
    }
    BOOST_TEST(err_chase < err_bm);
}

BOOST_AUTO_TEST_CASE(bch_decoder_refuses_other_codes_and_options)
{
    nfec_error err{};
    auto ldpc = make_code(ldpc_file("n_0100_k_0042_gap_02.alist"));
    BOOST_TEST(nfec_bch_create(ldpc.get(), 0, &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("is not a BCH code") != std::string::npos, err.msg);
    auto c = make_code("bch:15,7");
    for (int bad : { -1, NFEC_CHASE_MAX_BITS + 1 })
        BOOST_TEST(nfec_bch_create(c.get(), bad, &err) == nullptr);
}

BOOST_AUTO_TEST_CASE(hostile_inputs_give_codewords)
{
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    /* rank-deficient H (row 3 = row 1 + row 2), k = 1 and k = n - 1 */
    const std::string deficient = write_alist("deficient.alist", "6 3\n2 4\n2 2 2 2 2 2\n4 4 4\n1 3\n1 2\n2 3\n1 3\n2 3\n1 2\n1 2 4 6\n2 3 5 6\n1 3 4 5\n");
    const std::string spc = write_alist("spc.alist", "5 1\n1 5\n1 1 1 1 1\n5\n1\n1\n1\n1\n1\n1 2 3 4 5\n");
    for (const std::string& spec : std::vector<std::string>{ "bch:63,36", "bch:31,16:cyclic", "bch:7,1", spc, deficient }) {
        auto c = make_code(spec);
        const int n = nfec_code_n(c.get());
        std::vector<std::vector<float>> inputs = { std::vector<float>(n, 0.0f), std::vector<float>(n, nan), std::vector<float>(n, inf),
                                                   std::vector<float>(n, -inf), std::vector<float>(n, 3e38f) };
        std::vector<float> mixed(n);
        for (int v = 0; v < n; v++)
            mixed[v] = v % 4 == 0 ? nan : v % 4 == 1 ? -inf : v % 4 == 2 ? -3e38f : 1e-30f;
        inputs.push_back(mixed);
        for (int order : { 0, 1, 4 }) {
            auto o = make_osd(c.get(), order);
            BOOST_TEST(nfec_osd_order(o.get()) == std::min(order, nfec_code_k(c.get())));
            std::vector<uint8_t> bits(n);
            for (const auto& in : inputs) {
                nfec_osd_decode(o.get(), in.data(), -1.0f, 1, bits.data());
                BOOST_TEST(nfec_code_is_codeword(c.get(), bits.data()), spec);
                const float d = nfec_osd_decode_frame(o.get(), in.data(), in.data(), bits.data());
                BOOST_TEST(std::isfinite(d));
            }
        }
        nfec_error err{};
        decoder_ptr d(nfec_decoder_create(c.get(), nullptr, 5, 1, &err));
        BOOST_REQUIRE(nfec_decoder_set_osd(d.get(), 4, NFEC_OSD_BY_SUM, &err) == NFEC_OK);
        std::vector<uint8_t> bits(n);
        for (const auto& in : inputs) {
            nfec_decoder_decode(d.get(), in.data(), 1.0f, 1, bits.data(), nullptr, nullptr);
            BOOST_TEST(nfec_code_is_codeword(c.get(), bits.data()), spec);
        }
        if (spec.rfind("bch:", 0) == 0)
            for (int chase : { 0, 3 }) {
                auto b = make_bch(c.get(), chase);
                for (const auto& in : inputs)
                    if (nfec_bch_decode(b.get(), in.data(), 1.0f, 1, bits.data()))
                        BOOST_TEST(nfec_code_is_codeword(c.get(), bits.data()), spec);
            }
    }
}
