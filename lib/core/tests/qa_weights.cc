/* Weights and weight files: the student's parameters, their file format and
 * every way a file can be wrong. */
#define BOOST_TEST_MODULE nfec_weights
#include "tests/qa_util.h"
#include <gnuradio/neuralfec/nfec_weights.h>
#include <cstring>
#include <fstream>
#include <limits>

static std::string tmp(const std::string& name) { return std::string(NFEC_TEST_TMP) + "/" + name; }

static std::vector<unsigned char> read_all(const std::string& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::vector<unsigned char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

static std::string parse_error(const std::vector<unsigned char>& bytes)
{
    nfec_error err{};
    nfec_weights* w = nfec_weights_parse(bytes.data(), bytes.size(), "x.nfw", &err);
    nfec_weights_destroy(w);
    return w ? std::string() : std::string(err.msg);
}

/* Rewrites the trailing checksum so a deliberate edit reaches the checks after it. */
static void reseal(std::vector<unsigned char>& b)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i + 8 < b.size(); i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; i++)
        b[b.size() - 8 + i] = (unsigned char)(h >> (8 * i));
}

/* Every family per edge/variable and per iteration, filled with distinct values. */
static weights_ptr full_weights(const nfec_code* c, int T)
{
    int sharing[NFEC_FAMILIES] = { 3, 3, 3, 3 };
    nfec_error err{};
    weights_ptr w(nfec_weights_create(c, T, sharing, &err));
    BOOST_REQUIRE_MESSAGE(w, err.msg);
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        float* d = nfec_weights_data(w.get(), nfec_family(f));
        for (int i = 0; i < nfec_weights_count(w.get(), nfec_family(f)); i++)
            d[i] = f == NFEC_B_CV ? 0.01f * float(i % 7) : 0.5f + 0.01f * float(i % 50);
    }
    nfec_weights_set_provenance(w.get(), "qa_weights: synthetic", &err);
    return w;
}

BOOST_AUTO_TEST_CASE(save_load_round_trip_is_identical)
{
    auto c = make_code("bch:15,7");
    auto w = full_weights(c.get(), 3);
    nfec_error err{};
    std::string p = tmp("round.nfw");
    BOOST_REQUIRE_MESSAGE(nfec_weights_save(w.get(), p.c_str(), &err) == NFEC_OK, err.msg);
    weights_ptr back(nfec_weights_load(p.c_str(), &err));
    BOOST_REQUIRE_MESSAGE(back, err.msg);
    BOOST_TEST(nfec_weights_iterations(back.get()) == 3);
    BOOST_TEST(std::string(nfec_weights_code_spec(back.get())) == "bch:15,7");
    BOOST_TEST(std::string(nfec_weights_provenance(back.get())) == "qa_weights: synthetic");
    BOOST_TEST(nfec_weights_match_code(back.get(), c.get(), &err) == NFEC_OK);
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const int cnt = nfec_weights_count(w.get(), nfec_family(f));
        BOOST_TEST(cnt == nfec_weights_count(back.get(), nfec_family(f)));
        BOOST_TEST(std::memcmp(nfec_weights_data(w.get(), nfec_family(f)), nfec_weights_data(back.get(), nfec_family(f)), size_t(cnt) * 4) == 0);
    }
    /* Saving again gives the same bytes. */
    std::string q = tmp("round2.nfw");
    nfec_weights_save(back.get(), q.c_str(), &err);
    BOOST_TEST(read_all(p) == read_all(q));
}

BOOST_AUTO_TEST_CASE(the_update_rule_travels_in_the_file)
{
    /* Min-sum weights stay version 1 (earlier builds read them); sum-product
     * ones are version 2 with the rule in the header; a loaded file makes a
     * decoder of its rule. */
    auto c = make_code("bch:15,7");
    auto w = full_weights(c.get(), 3);
    nfec_error err{};
    const std::string p1 = tmp("rule1.nfw"), p2 = tmp("rule2.nfw");
    BOOST_REQUIRE(nfec_weights_save(w.get(), p1.c_str(), &err) == NFEC_OK);
    BOOST_TEST(read_all(p1)[8] == 1);
    BOOST_REQUIRE(nfec_weights_set_update_rule(w.get(), NFEC_SUMPRODUCT, &err) == NFEC_OK);
    BOOST_REQUIRE(nfec_weights_save(w.get(), p2.c_str(), &err) == NFEC_OK);
    const auto b2 = read_all(p2);
    BOOST_TEST(b2[8] == 2);
    BOOST_TEST(b2.size() == read_all(p1).size() + 8);
    weights_ptr back(nfec_weights_load(p2.c_str(), &err));
    BOOST_REQUIRE_MESSAGE(back, err.msg);
    BOOST_TEST(nfec_weights_update_rule(back.get()) == NFEC_SUMPRODUCT);
    decoder_ptr d(nfec_decoder_create(c.get(), back.get(), 0, 1, &err));
    BOOST_REQUIRE_MESSAGE(d, err.msg);
    BOOST_TEST(nfec_decoder_update_rule(d.get()) == NFEC_SUMPRODUCT);
    BOOST_TEST(nfec_decoder_set_precision(d.get(), NFEC_FIXED16, &err) == NFEC_EINVAL);
    BOOST_TEST(std::string(err.msg).find("sum-product rule runs in float only") != std::string::npos, err.msg);
    weights_ptr ms(nfec_weights_load(p1.c_str(), &err));
    BOOST_REQUIRE(nfec_decoder_set_weights(d.get(), ms.get(), &err) == NFEC_OK);
    BOOST_TEST(nfec_decoder_update_rule(d.get()) == NFEC_MINSUM);
    BOOST_REQUIRE(nfec_decoder_set_precision(d.get(), NFEC_FIXED16, &err) == NFEC_OK);
    BOOST_TEST(nfec_decoder_set_weights(d.get(), back.get(), &err) == NFEC_EINVAL);
    BOOST_TEST(nfec_decoder_update_rule(d.get()) == NFEC_MINSUM);

    auto bad = b2;
    bad[72] = 7;
    reseal(bad);
    BOOST_TEST(parse_error(bad).find("unknown update rule 7") != std::string::npos, parse_error(bad));
    BOOST_TEST(nfec_weights_set_update_rule(w.get(), nfec_update_rule(5), &err) == NFEC_EINVAL);
}

BOOST_AUTO_TEST_CASE(every_truncation_and_every_byte_corruption_is_refused)
{
    auto c = make_code("bch:7,4");
    auto w = full_weights(c.get(), 2);
    std::string p = tmp("small.nfw");
    nfec_error err{};
    BOOST_REQUIRE(nfec_weights_save(w.get(), p.c_str(), &err) == NFEC_OK);
    auto bytes = read_all(p);
    BOOST_TEST(parse_error(bytes).empty());
    const std::string total = std::to_string(bytes.size());
    for (size_t len = 0; len < bytes.size(); len++) {
        std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + long(len));
        std::string msg = parse_error(cut);
        BOOST_TEST(!msg.empty(), "truncation at " << len << " accepted");
        if (len >= 72)
            BOOST_TEST(msg.find("truncated at byte " + std::to_string(len) + " of " + total) != std::string::npos, msg);
    }
    for (size_t i = 0; i < bytes.size(); i++)
        for (unsigned char x : { 0x01, 0x80, 0xff }) {
            auto bad = bytes;
            bad[i] ^= x;
            BOOST_TEST(!parse_error(bad).empty(), "corruption at byte " << i << " ^ " << int(x) << " accepted");
        }
    auto longer = bytes;
    longer.push_back(0);
    BOOST_TEST(parse_error(longer).find("1 bytes of unexpected data after byte " + total) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_fault_has_its_message)
{
    auto c = make_code("bch:7,4");
    auto w = full_weights(c.get(), 2);
    std::string p = tmp("faults.nfw");
    nfec_error err{};
    BOOST_REQUIRE(nfec_weights_save(w.get(), p.c_str(), &err) == NFEC_OK);
    const auto good = read_all(p);

    auto b = good;
    b[1] = 'X';
    BOOST_TEST(parse_error(b).find("not a gr-neuralfec weight file") != std::string::npos);

    b = good;
    b[8] = 3; /* version */
    BOOST_TEST(parse_error(b).find("unsupported version 3") != std::string::npos, parse_error(b));

    b = good;
    b[100] ^= 0x10;
    BOOST_TEST(parse_error(b).find("checksum mismatch") != std::string::npos);

    b = good;
    b[44] = 0xff, b[45] = 0xff, b[46] = 0xff, b[47] = 0x7f; /* T = 2^31 - 1 */
    reseal(b);
    BOOST_TEST(parse_error(b).find("iteration count") != std::string::npos, parse_error(b));

    b = good;
    b[32] = 0xff, b[33] = 0xff, b[34] = 0xff, b[35] = 0x0f; /* absurd n */
    reseal(b);
    BOOST_TEST(parse_error(b).find("absurd sizes") != std::string::npos, parse_error(b));

    b = good;
    b[48] = 9; /* sharing of w_ch */
    reseal(b);
    BOOST_TEST(parse_error(b).find("sharing mode 9") != std::string::npos, parse_error(b));

    /* A NaN weight with a valid checksum: the last payload float. */
    b = good;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(&b[b.size() - 12], &nan, 4);
    reseal(b);
    BOOST_TEST(parse_error(b).find("is NaN") != std::string::npos, parse_error(b));

    /* A finite but huge weight (once loaded, and the SIMD kernel then
     * disagreed with the reference path on overflowing sums). */
    b = good;
    const float huge = 3e38f;
    std::memcpy(&b[b.size() - 12], &huge, 4);
    reseal(b);
    BOOST_TEST(parse_error(b).find("= 3e+38 is beyond +-10000") != std::string::npos, parse_error(b));

    /* Only regular files are replaced (renaming over a device node would
     * replace the device), and two writers never share a temp file. */
    BOOST_TEST(nfec_weights_save(w.get(), "/dev/null", &err) == NFEC_EIO);
    BOOST_TEST(std::string(err.msg).find("/dev/null: not a regular file") != std::string::npos, err.msg);
    BOOST_TEST(nfec_weights_load("/dev/zero", &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("not a regular file") != std::string::npos, err.msg);

    /* The writer refuses non-finite weights too. */
    nfec_weights_data(w.get(), NFEC_W_CV)[3] = std::numeric_limits<float>::infinity();
    BOOST_TEST(nfec_weights_save(w.get(), tmp("inf.nfw").c_str(), &err) != NFEC_OK);
    BOOST_TEST(std::string(err.msg).find("w_cv[3] is infinite") != std::string::npos, err.msg);

    /* Wrong code: same sizes is not enough, the matrix identity decides. */
    auto other = make_code("bch:63,45");
    auto w2 = full_weights(make_code("bch:63,36").get(), 2);
    BOOST_TEST(nfec_weights_match_code(w2.get(), other.get(), &err) == NFEC_EMISMATCH);
    BOOST_TEST(std::string(err.msg).find("weights were trained for bch:63,36 (n=63, m=27, 486 edges) but the decoder's code is bch:63,45") != std::string::npos, err.msg);
    auto cyc = make_code("bch:63,36:cyclic");
    BOOST_TEST(nfec_weights_match_code(w2.get(), cyc.get(), &err) == NFEC_EMISMATCH);

    BOOST_TEST(nfec_weights_load(tmp("missing.nfw").c_str(), &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("cannot open") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sharing_modes_expand_to_per_iteration_arrays)
{
    auto c = make_code("bch:7,4");
    const int E = nfec_code_edges(c.get()), T = 3;
    nfec_error err{};
    for (int sh : { 0, 1, 2, 3 }) {
        int sharing[NFEC_FAMILIES] = { -1, sh, -1, -1 };
        weights_ptr w(nfec_weights_create(c.get(), T, sharing, &err));
        float* d = nfec_weights_data(w.get(), NFEC_W_CV);
        for (int i = 0; i < nfec_weights_count(w.get(), NFEC_W_CV); i++)
            d[i] = float(i + 1);
        std::vector<float> full(size_t(T) * E);
        nfec_weights_expand(w.get(), NFEC_W_CV, full.data());
        for (int t = 0; t < T; t++)
            for (int e = 0; e < E; e++) {
                int idx = ((sh & 1) ? t : 0) * ((sh & 2) ? E : 1) + ((sh & 2) ? e : 0);
                BOOST_TEST(full[size_t(t) * E + e] == float(idx + 1));
            }
        std::vector<float> ch(size_t(T) * 7);
        nfec_weights_expand(w.get(), NFEC_W_CH, ch.data());
        BOOST_TEST(ch == std::vector<float>(ch.size(), 1.0f), boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(a_scalar_decoder_is_told_from_learned_weights)
{
    /* One check weight and one offset everywhere, neutral channel and output
     * weights: scalar, whatever the sharing; one value off anywhere: not. */
    auto c = make_code("bch:15,7");
    nfec_error err{};
    weights_ptr w(nfec_weights_create_scalar(c.get(), 3, 0.4f, 0.25f, &err));
    float alpha = 0, beta = 0;
    BOOST_TEST(nfec_weights_scalar(w.get(), &alpha, &beta) == 1);
    BOOST_TEST(alpha == 0.4f);
    BOOST_TEST(beta == 0.25f);
    int sharing[NFEC_FAMILIES] = { 3, 3, -1, 3 };
    weights_ptr full(nfec_weights_create(c.get(), 3, sharing, &err));
    for (int f : { NFEC_W_CH, NFEC_W_OUT }) {
        for (int i = 0; i < nfec_weights_count(full.get(), nfec_family(f)); i++)
            nfec_weights_data(full.get(), nfec_family(f))[i] = 1.0f;
    }
    float* cv = nfec_weights_data(full.get(), NFEC_W_CV);
    for (int i = 0; i < nfec_weights_count(full.get(), NFEC_W_CV); i++)
        cv[i] = 0.7f;
    BOOST_TEST(nfec_weights_scalar(full.get(), &alpha, &beta) == 1);
    BOOST_TEST(alpha == 0.7f);
    BOOST_TEST(beta == 0.0f);
    cv[5] = 0.71f;
    BOOST_TEST(nfec_weights_scalar(full.get(), &alpha, &beta) == 0);
    cv[5] = 0.7f;
    nfec_weights_data(full.get(), NFEC_W_OUT)[2] = 1.5f;
    BOOST_TEST(nfec_weights_scalar(full.get(), &alpha, &beta) == 0);
}
