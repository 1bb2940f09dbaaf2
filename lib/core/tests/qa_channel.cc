/* The channel object: constellations and their demapping against the
 * formulas, fading statistics, the interleaver, reproducible frames, and
 * the spellings every tool reads. */
#define BOOST_TEST_MODULE nfec_channel
#include "tests/qa_util.h"
#include "channel/constellation.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <cmath>
#include <cstring>

using channel_ptr = std::unique_ptr<nfec_channel, void (*)(nfec_channel*)>;

static const nfec_modulation ALL[] = { NFEC_MOD_BPSK, NFEC_MOD_QPSK, NFEC_MOD_8PSK, NFEC_MOD_16QAM, NFEC_MOD_64QAM };

static channel_ptr make_channel(const nfec_code* c, const char* modulation, const char* fading, double ebn0, uint64_t seed = 3)
{
    nfec_channel_config cfg;
    nfec_channel_config_default(&cfg);
    nfec_error err{};
    BOOST_REQUIRE_MESSAGE(nfec_channel_config_parse(&cfg, modulation, fading, &err) == NFEC_OK, err.msg);
    cfg.ebn0_db = ebn0;
    cfg.seed = seed;
    channel_ptr ch(nfec_channel_create(c, &cfg, &err), nfec_channel_destroy);
    BOOST_REQUIRE_MESSAGE(ch, err.msg);
    return ch;
}

BOOST_AUTO_TEST_CASE(constellations_are_gray_with_unit_energy)
{
    for (nfec_modulation m : ALL) {
        nfec_constellation c;
        BOOST_REQUIRE(nfec_constellation_make(&c, m) == 0);
        BOOST_TEST(c.points == 1 << nfec_modulation_bits(m));
        double energy = 0.0, dmin = INFINITY;
        for (int p = 0; p < c.points; p++) {
            energy += c.re[p] * c.re[p] + c.im[p] * c.im[p];
            for (int q = 0; q < p; q++)
                dmin = std::min(dmin, std::hypot(c.re[p] - c.re[q], c.im[p] - c.im[q]));
        }
        BOOST_TEST(energy / c.points == 1.0, boost::test_tools::tolerance(1e-12));
        /* Gray: nearest neighbours differ in exactly one bit */
        for (int p = 0; p < c.points; p++)
            for (int q = 0; q < p; q++)
                if (std::hypot(c.re[p] - c.re[q], c.im[p] - c.im[q]) < dmin * (1 + 1e-9))
                    BOOST_TEST(__builtin_popcount(unsigned(p ^ q)) == 1, "modulation " << m << " points " << p << ", " << q);
        /* a label's first bit 0 is BPSK's +1 side (for QAM: I positive) */
        BOOST_TEST(c.re[0] > 0.0);
    }
    nfec_constellation c;
    BOOST_TEST(nfec_constellation_make(&c, nfec_modulation(9)) == -1);
}

/* The formula written out: ln sum exp over each side, in long double
 * without the largest term taken out (moderate noise keeps it finite). */
static void formula(const nfec_constellation& c, double yr, double yi, double gr, double gi, double n0, bool maxlog, double* llr)
{
    for (int b = 0; b < c.bits; b++) {
        long double s[2] = { 0, 0 }, best[2] = { -INFINITY, -INFINITY };
        for (int p = 0; p < c.points; p++) {
            const int bit = p >> (c.bits - 1 - b) & 1;
            const long double xr = gr * c.re[p] - gi * c.im[p], xi = gr * c.im[p] + gi * c.re[p];
            const long double e = -((yr - xr) * (yr - xr) + (yi - xi) * (yi - xi)) / n0;
            s[bit] += std::exp(e);
            best[bit] = std::max(best[bit], e);
        }
        llr[b] = maxlog ? double(best[0] - best[1]) : double(std::log(s[0]) - std::log(s[1]));
    }
}

BOOST_AUTO_TEST_CASE(demapping_is_the_formula_exact_and_max_log)
{
    std::mt19937 rng(11);
    std::normal_distribution<double> g;
    for (nfec_modulation m : ALL) {
        nfec_constellation c;
        nfec_constellation_make(&c, m);
        for (int t = 0; t < 500; t++) {
            const double n0 = 0.05 + 0.5 * std::fabs(g(rng));
            const double gr = g(rng), gi = m == NFEC_MOD_BPSK ? 0.0 : g(rng);
            const int p = int(rng() % unsigned(c.points));
            const double yr = gr * c.re[p] - gi * c.im[p] + std::sqrt(n0 / 2) * g(rng);
            const double yi = m == NFEC_MOD_BPSK ? 0.0 : gr * c.im[p] + gi * c.re[p] + std::sqrt(n0 / 2) * g(rng);
            double got[8], want[8], got_max[8], want_max[8];
            nfec_constellation_demap(&c, yr, yi, gr, gi, n0, 0, got);
            nfec_constellation_demap(&c, yr, yi, gr, gi, n0, 1, got_max);
            formula(c, yr, yi, gr, gi, n0, false, want);
            formula(c, yr, yi, gr, gi, n0, true, want_max);
            for (int b = 0; b < c.bits; b++) {
                BOOST_TEST(got[b] == want[b], boost::test_tools::tolerance(1e-9));
                BOOST_TEST(std::fabs(got_max[b] - want_max[b]) <= 1e-12 * (1 + std::fabs(want_max[b])));
                /* max-log keeps one term of at most M/2 on each side */
                BOOST_TEST(std::fabs(got[b] - got_max[b]) <= std::log(c.points / 2.0) + 1e-9);
            }
        }
    }
    /* BPSK over AWGN is 2 y / sigma^2 = 4 y / n0 */
    nfec_constellation c;
    nfec_constellation_make(&c, NFEC_MOD_BPSK);
    double l;
    nfec_constellation_demap(&c, 0.3, 0.0, 1.0, 0.0, 0.5, 0, &l);
    BOOST_TEST(l == 4 * 0.3 / 0.5, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(noiseless_frames_carry_their_bits_through_every_mapping)
{
    auto code = make_code("bch:63,36");
    const int n = 63, k = 36;
    std::vector<uint8_t> info(k), bits(n);
    std::vector<float> llr(n), soft(n);
    for (const char* m : { "bpsk", "qpsk", "8psk", "16qam", "64qam:maxlog" })
        for (const char* f : { "awgn", "rayleigh-fast:interleaved", "rayleigh-block:5:no-csi" }) {
            auto ch = make_channel(code.get(), m, f, INFINITY);
            for (int i = 0; i < 20; i++) {
                nfec_channel_frame(ch.get(), 0, i, info.data(), bits.data(), llr.data(), soft.data());
                for (int v = 0; v < n; v++) {
                    BOOST_TEST((llr[v] > 0) == (bits[v] == 0), m << " " << f << " bit " << v);
                    BOOST_TEST((soft[v] > 0) == (bits[v] == 1));
                }
            }
        }
}

BOOST_AUTO_TEST_CASE(frames_are_reproducible_and_bpsk_awgn_is_two_y_over_sigma_squared)
{
    auto code = make_code("bch:31,16");
    const int n = 31, k = 16;
    std::vector<uint8_t> info(k), bits(n);
    std::vector<float> a(n), b(n), soft(n);
    for (const char* m : { "bpsk", "16qam" }) {
        auto ch = make_channel(code.get(), m, "rayleigh-block:3:interleaved", 4.0);
        nfec_channel_frame(ch.get(), 2, 7, info.data(), bits.data(), a.data(), nullptr);
        nfec_channel_frame(ch.get(), 1, 0, info.data(), bits.data(), b.data(), nullptr);
        nfec_channel_frame(ch.get(), 2, 7, info.data(), bits.data(), b.data(), nullptr);
        BOOST_TEST(std::memcmp(a.data(), b.data(), n * 4) == 0);
        nfec_channel_frame(ch.get(), 2, 8, info.data(), bits.data(), b.data(), nullptr);
        BOOST_TEST(std::memcmp(a.data(), b.data(), n * 4) != 0);
    }
    auto ch = make_channel(code.get(), "bpsk", "awgn", 3.0);
    const double sigma2 = 1.0 / (2.0 * 16.0 / 31.0 * std::pow(10.0, 0.3));
    BOOST_TEST(nfec_channel_sigma(ch.get()) * nfec_channel_sigma(ch.get()) == sigma2, boost::test_tools::tolerance(1e-12));
    nfec_channel_frame(ch.get(), 0, 0, info.data(), bits.data(), a.data(), soft.data());
    for (int v = 0; v < n; v++)
        BOOST_TEST(a[v] == 2.0 * -soft[v] / sigma2, boost::test_tools::tolerance(1e-6));
    /* Eb/N0 counts the bits a symbol carries: 16QAM's sigma^2 is a quarter of BPSK's */
    auto q = make_channel(code.get(), "16qam", "awgn", 3.0);
    BOOST_TEST(nfec_channel_sigma(q.get()) * nfec_channel_sigma(q.get()) == sigma2 / 4, boost::test_tools::tolerance(1e-12));
}

/* At 80 dB, BPSK's soft value with CSI is -|h|^2 x (the LLR's sigma^2/2
 * scale, not clamped like LLRs), without CSI -|h| x: the fades' statistics
 * are visible. */
BOOST_AUTO_TEST_CASE(fading_has_unit_mean_power_and_its_block_length)
{
    auto code = make_code("bch:63,36");
    const int n = 63, k = 36, frames = 3000;
    std::vector<uint8_t> info(k), bits(n);
    std::vector<float> soft(n);
    for (const char* f : { "rayleigh-fast", "rayleigh-block:7" }) {
        auto ch = make_channel(code.get(), "bpsk", f, 80.0);
        auto blind = make_channel(code.get(), "bpsk", (std::string(f) + ":no-csi").c_str(), 80.0);
        double power = 0.0, amplitude = 0.0, deep = 0.0;
        long same = 0, pairs = 0;
        for (int i = 0; i < frames; i++) {
            nfec_channel_frame(ch.get(), 0, i, info.data(), bits.data(), nullptr, soft.data());
            for (int v = 0; v < n; v++) {
                const double p = std::fabs(soft[v]);
                power += p;
                deep += p < 0.1;
                if (v % 7 != 0) {
                    pairs++;
                    same += std::fabs(std::fabs(soft[v]) - std::fabs(soft[v - 1])) < 1e-3 * (1 + p);
                }
            }
            nfec_channel_frame(blind.get(), 0, i, info.data(), bits.data(), nullptr, soft.data());
            for (int v = 0; v < n; v++)
                amplitude += std::fabs(soft[v]);
        }
        const double count = double(frames) * n;
        BOOST_TEST(power / count == 1.0, boost::test_tools::tolerance(0.02));           /* E|h|^2 = 1 */
        BOOST_TEST(amplitude / count == std::sqrt(M_PI) / 2, boost::test_tools::tolerance(0.02)); /* E|h| */
        BOOST_TEST(deep / count == 1 - std::exp(-0.1), boost::test_tools::tolerance(0.1));   /* |h|^2 exponential */
        if (std::string(f) == "rayleigh-fast")
            BOOST_TEST(same < pairs / 100);
        else
            BOOST_TEST(same == pairs); /* constant within each block of 7 symbols */
    }
}

BOOST_AUTO_TEST_CASE(the_interleaver_moves_bits_between_fades)
{
    /* a fade of 7 BPSK symbols hits 7 consecutive code bits in order, 7
     * scattered ones interleaved: the same fades, at other positions */
    auto code = make_code("bch:63,36");
    const int n = 63, k = 36;
    std::vector<uint8_t> info(k), bits(n);
    std::vector<float> plain(n), mixed(n);
    auto a = make_channel(code.get(), "bpsk", "rayleigh-block:7", 80.0);
    auto b = make_channel(code.get(), "bpsk", "rayleigh-block:7:interleaved", 80.0);
    long neighbours_alike[2] = { 0, 0 };
    for (int i = 0; i < 50; i++) {
        nfec_channel_frame(a.get(), 0, i, info.data(), bits.data(), nullptr, plain.data());
        nfec_channel_frame(b.get(), 0, i, info.data(), bits.data(), nullptr, mixed.data());
        std::vector<float> sa(n), sb(n);
        for (int v = 0; v < n; v++) {
            sa[v] = std::fabs(plain[v]);
            sb[v] = std::fabs(mixed[v]);
            if (v > 0) {
                neighbours_alike[0] += std::fabs(sa[v] - sa[v - 1]) < 1e-3f;
                neighbours_alike[1] += std::fabs(sb[v] - sb[v - 1]) < 1e-3f;
            }
        }
        std::sort(sa.begin(), sa.end());
        std::sort(sb.begin(), sb.end());
        for (int v = 0; v < n; v++)
            BOOST_TEST(std::fabs(sa[v] - sb[v]) < 1e-3f);
    }
    BOOST_TEST(neighbours_alike[0] == 50 * (63 - 9)); /* 9 block boundaries in 63 */
    BOOST_TEST(neighbours_alike[1] < 50 * 63 / 4);
}

BOOST_AUTO_TEST_CASE(spellings_are_read_back_and_bad_ones_named)
{
    for (auto [m, f] : { std::pair{ "bpsk", "awgn" }, std::pair{ "16qam:maxlog", "rayleigh-block:8:no-csi" },
                         std::pair{ "64qam", "rayleigh-fast:interleaved" }, std::pair{ "8psk", "rayleigh-fast:no-csi:interleaved" } }) {
        nfec_channel_config cfg;
        nfec_channel_config_default(&cfg);
        nfec_error err{};
        BOOST_REQUIRE_MESSAGE(nfec_channel_config_parse(&cfg, m, f, &err) == NFEC_OK, err.msg);
        char a[64], b[64];
        BOOST_TEST(std::string(nfec_channel_modulation_text(&cfg, a, sizeof a)) == m);
        BOOST_TEST(std::string(nfec_channel_channel_text(&cfg, b, sizeof b)) == f);
    }
    for (auto [m, f, says] : { std::tuple{ "qam16", "awgn", "bpsk, qpsk, 8psk, 16qam or 64qam" },
                               std::tuple{ "16qam:max", "awgn", ":maxlog" },
                               std::tuple{ "bpsk", "rayleigh-block", "rayleigh-block:L" },
                               std::tuple{ "bpsk", "rayleigh-block:0", "outside 1..1000000" },
                               std::tuple{ "bpsk", "rayleigh-block:1e3", "not an integer" },
                               std::tuple{ "bpsk", "awgn:no-csi", "no-csi with fading only" },
                               std::tuple{ "bpsk", "rayleigh-fast:interleaved:interleaved", "not an option here" },
                               std::tuple{ "bpsk", "rician", "awgn, rayleigh-fast or rayleigh-block:L" },
                               std::tuple{ "bpsk", "", "awgn, rayleigh-fast" } }) {
        nfec_channel_config cfg;
        nfec_channel_config_default(&cfg);
        nfec_error err{};
        BOOST_TEST(nfec_channel_config_parse(&cfg, m, f, &err) != NFEC_OK);
        BOOST_TEST(std::string(err.msg).find(says) != std::string::npos, err.msg);
        BOOST_TEST(cfg.modulation == NFEC_MOD_BPSK); /* untouched */
    }
    std::string huge(500, 'a');
    nfec_channel_config cfg;
    nfec_channel_config_default(&cfg);
    nfec_error err{};
    BOOST_TEST(nfec_channel_config_parse(&cfg, huge.c_str(), nullptr, &err) != NFEC_OK);
    /* a configuration made by hand is checked too */
    auto code = make_code("bch:15,7");
    cfg.fading = NFEC_FADING_RAYLEIGH_BLOCK;
    cfg.fading_block = 0;
    BOOST_TEST(!nfec_channel_create(code.get(), &cfg, &err));
    cfg.fading = nfec_fading(7);
    BOOST_TEST(!nfec_channel_create(code.get(), &cfg, &err));
    cfg.fading = NFEC_FADING_NONE;
    cfg.modulation = nfec_modulation(17);
    BOOST_TEST(!nfec_channel_create(code.get(), &cfg, &err));
}

/* The LLR scale from the soft bits alone: within 10% of 2 / sigma^2 over
 * AWGN from 0 to 8 dB for BPSK and QPSK, and it follows a level change. */
BOOST_AUTO_TEST_CASE(llr_scale_from_the_soft_bits_alone)
{
    auto code = make_code("bch:63,36");
    const int n = 63, k = 36, frames = 800;
    std::vector<uint8_t> info(k), bits(n);
    std::vector<float> soft(n);
    using est_ptr = std::unique_ptr<nfec_scale_estimator, void (*)(nfec_scale_estimator*)>;
    nfec_error err{};
    for (const char* m : { "bpsk", "qpsk" })
        for (double ebn0 = 0.0; ebn0 <= 8.0; ebn0 += 1.0) {
            auto ch = make_channel(code.get(), m, "awgn", ebn0, 21);
            est_ptr e(nfec_scale_estimator_create(20000, &err), nfec_scale_estimator_destroy);
            BOOST_REQUIRE_MESSAGE(e, err.msg);
            BOOST_TEST(nfec_scale_estimator_llr_scale(e.get()) == 1.0);
            for (int i = 0; i < frames; i++) {
                nfec_channel_frame(ch.get(), 0, i, info.data(), bits.data(), nullptr, soft.data());
                nfec_scale_estimator_update(e.get(), soft.data(), n);
            }
            const double sigma = nfec_channel_sigma(ch.get()), truth = 2.0 / (sigma * sigma);
            BOOST_TEST(nfec_scale_estimator_llr_scale(e.get()) == truth, boost::test_tools::tolerance(0.1));
            BOOST_TEST_MESSAGE(m << " " << ebn0 << " dB: estimated " << nfec_scale_estimator_llr_scale(e.get()) << ", true " << truth);
        }
    /* a level change mid-stream (an AGC, a gain knob): soft x 3 -> scale / 3 */
    auto ch = make_channel(code.get(), "bpsk", "awgn", 4.0, 22);
    const double sigma = nfec_channel_sigma(ch.get()), truth = 2.0 / (sigma * sigma);
    est_ptr e(nfec_scale_estimator_create(5000, &err), nfec_scale_estimator_destroy);
    for (int i = 0; i < 2000; i++) {
        nfec_channel_frame(ch.get(), 1, i, info.data(), bits.data(), nullptr, soft.data());
        if (i >= 1000)
            for (auto& s : soft)
                s *= 3.0f;
        if (i == 1000)
            BOOST_TEST(nfec_scale_estimator_llr_scale(e.get()) == truth, boost::test_tools::tolerance(0.1));
        nfec_scale_estimator_update(e.get(), soft.data(), n);
    }
    BOOST_TEST(nfec_scale_estimator_llr_scale(e.get()) == truth / 3, boost::test_tools::tolerance(0.1));
    /* what is not a number is not counted; an estimator of no memory is refused */
    const float odd[4] = { NAN, INFINITY, -INFINITY, 1.0f };
    const double before = nfec_scale_estimator_weight(e.get());
    nfec_scale_estimator_update(e.get(), odd, 4);
    BOOST_TEST(nfec_scale_estimator_weight(e.get()) < before + 1.0 + 1e-9);
    BOOST_TEST(std::isfinite(nfec_scale_estimator_llr_scale(e.get())));
    for (double bad : { 0.0, -5.0, 1e12, double(NAN) }) {
        BOOST_TEST(!nfec_scale_estimator_create(bad, &err));
        BOOST_TEST(std::string(err.msg).find("memory") != std::string::npos);
    }
    /* all zeros or pure noise: a finite, positive scale */
    est_ptr z(nfec_scale_estimator_create(100, &err), nfec_scale_estimator_destroy);
    const float zeros[8] = {};
    nfec_scale_estimator_update(z.get(), zeros, 8);
    BOOST_TEST(nfec_scale_estimator_llr_scale(z.get()) == 1.0);
}
