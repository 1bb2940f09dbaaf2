/* The generic_encoder / generic_decoder plugins, driven directly. */
#define BOOST_TEST_MODULE neuralfec_plugins
#include <gnuradio/fec/ldpc_encoder.h>
#include <gnuradio/neuralfec/code.h>
#include <gnuradio/neuralfec/linear_encoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>
#include <boost/test/unit_test.hpp>
#include <random>

using namespace gr::neuralfec;

static const std::string alist42 = std::string(NFEC_LDPC_DIR) + "/n_0100_k_0042_gap_02.alist";

/* Encodes with `enc`, maps to GNU Radio soft bits and decodes with `dec`. */
static std::vector<uint8_t> round_trip(gr::fec::generic_encoder::sptr enc, gr::fec::generic_decoder::sptr dec, const std::vector<uint8_t>& info)
{
    std::vector<uint8_t> cw(enc->get_output_size());
    enc->generic_work(const_cast<uint8_t*>(info.data()), cw.data());
    std::vector<float> soft(cw.size());
    for (size_t i = 0; i < cw.size(); i++)
        soft[i] = cw[i] ? 1.0f : -1.0f;
    std::vector<uint8_t> out(dec->get_output_size());
    dec->generic_work(soft.data(), out.data());
    return out;
}

static std::vector<uint8_t> random_bits(size_t count, unsigned seed)
{
    std::mt19937 rng(seed);
    std::vector<uint8_t> b(count);
    for (auto& x : b)
        x = rng() & 1;
    return b;
}

BOOST_AUTO_TEST_CASE(encoder_decoder_round_trip_with_frames_of_several_codewords)
{
    for (std::string spec : std::vector<std::string>{ "bch:63,36", "bch:63,36:cyclic", alist42 }) {
        auto c = code::make(spec);
        for (int cws : { 1, 3, 8, 9 }) {
            auto enc = linear_encoder::make(spec, cws * c->k());
            auto dec = minsum_decoder::make(spec, 30, cws * c->k());
            BOOST_TEST(enc->get_input_size() == cws * c->k());
            BOOST_TEST(enc->get_output_size() == cws * c->n());
            BOOST_TEST(dec->get_input_size() == cws * c->n());
            auto info = random_bits(size_t(cws) * c->k(), unsigned(cws));
            BOOST_TEST(round_trip(enc, dec, info) == info, spec << " x" << cws);
            BOOST_TEST(dec->get_iterations() == 0.0f);
        }
    }
}

BOOST_AUTO_TEST_CASE(frames_from_grfec_ldpc_encoder_decode_unchanged)
{
    auto grenc = gr::fec::ldpc_encoder::make(alist42);
    auto dec = minsum_decoder::make(alist42);
    for (unsigned seed = 0; seed < 20; seed++) {
        auto info = random_bits(42, seed);
        BOOST_TEST(round_trip(grenc, dec, info) == info);
    }
    /* The same positions: our encoder's codeword equals gr-fec's. */
    auto ours = linear_encoder::make(alist42);
    auto info = random_bits(42, 99);
    std::vector<uint8_t> a(100), b(100);
    grenc->generic_work(info.data(), a.data());
    ours->generic_work(info.data(), b.data());
    BOOST_TEST(a == b);
}

BOOST_AUTO_TEST_CASE(rate_survives_grfec_truncation)
{
    /* The tagged and async blocks compute unsigned(frame_bits * rate()). */
    auto dec = minsum_decoder::make(std::string(NFEC_LDPC_DIR) + "/n_1800_k_0902_gap_28.alist");
    for (int cws = 1; cws <= 16; cws++)
        BOOST_TEST(unsigned(cws * 1800 * dec->rate()) == unsigned(cws * 902));
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_refused_with_a_reason)
{
    BOOST_CHECK_EXCEPTION(minsum_decoder::make("bch:63,36", 30, 37), std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()).find("frame size 37 bits is not a positive multiple of the code's dimension K = 36") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(minsum_decoder::make("bch:63,35"), std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()).find("valid K for N = 63") != std::string::npos;
    });
    BOOST_CHECK_THROW(minsum_decoder::make("bch:63,36", 0), std::invalid_argument);
    BOOST_CHECK_THROW(linear_encoder::make("/no/such.alist"), std::invalid_argument);
    /* At run time a bad size is logged and the old one kept; the size given
     * at construction is the largest. */
    auto dec = minsum_decoder::make("bch:63,36", 30, 72);
    BOOST_TEST(!dec->set_frame_size(50));
    BOOST_TEST(dec->get_output_size() == 72);
    BOOST_TEST(dec->set_frame_size(36));
    BOOST_TEST(dec->get_output_size() == 36);
    BOOST_TEST(dec->get_input_size() == 63);
    BOOST_TEST(!dec->set_frame_size(108));
    BOOST_TEST(dec->get_output_size() == 36);
    BOOST_TEST(dec->set_frame_size(72));
    BOOST_TEST(dec->get_input_size() == 126);
    auto enc = linear_encoder::make("bch:63,36", 36);
    BOOST_TEST(!enc->set_frame_size(72));
    BOOST_TEST(enc->get_input_size() == 36);
}
