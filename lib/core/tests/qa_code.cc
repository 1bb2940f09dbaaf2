/* Codes: BCH construction, alist reading and writing, encoding. */
#define BOOST_TEST_MODULE nfec_code
#include "code/code_internal.h"
#include "tests/qa_util.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include <sys/stat.h>
#include <cstdio>
#include <fstream>

static void check_generator(const nfec_code* c)
{
    /* Every encoded unit vector satisfies H: H * G^T = 0. */
    const int n = nfec_code_n(c), k = nfec_code_k(c);
    std::vector<uint8_t> info(k), cw(n);
    for (int i = 0; i < k; i++) {
        std::fill(info.begin(), info.end(), 0);
        info[i] = 1;
        nfec_code_encode(c, info.data(), cw.data());
        BOOST_REQUIRE(nfec_code_is_codeword(c, cw.data()));
        std::vector<uint8_t> back(k);
        nfec_code_extract_info(c, cw.data(), back.data());
        BOOST_REQUIRE(back == info);
    }
}

static int min_distance(const nfec_code* c)
{
    const int n = nfec_code_n(c), k = nfec_code_k(c);
    std::vector<uint8_t> info(k), cw(n);
    int best = n;
    for (uint32_t x = 1; x < (1u << k); x++) {
        for (int i = 0; i < k; i++)
            info[i] = (x >> i) & 1;
        nfec_code_encode(c, info.data(), cw.data());
        int w = 0;
        for (auto b : cw)
            w += b;
        best = std::min(best, w);
    }
    return best;
}

BOOST_AUTO_TEST_CASE(bch_dimensions_and_generators)
{
    const struct { int n, k, checks; } cases[] = {
        { 7, 4, 3 }, { 15, 7, 8 }, { 15, 5, 10 }, { 31, 16, 15 }, { 63, 36, 27 }, { 63, 45, 18 }, { 127, 64, 63 }, { 255, 131, 124 }, { 1023, 923, 100 },
    };
    for (auto t : cases) {
        auto c = make_code("bch:" + std::to_string(t.n) + "," + std::to_string(t.k));
        BOOST_TEST(nfec_code_n(c.get()) == t.n);
        BOOST_TEST(nfec_code_k(c.get()) == t.k); /* rank of H is n - k */
        BOOST_TEST(nfec_code_checks(c.get()) == t.checks);
        check_generator(c.get());
    }
    /* Edge counts of the matrices the issues quote. */
    BOOST_TEST(nfec_code_edges(make_code("bch:63,36").get()) == 486);
    BOOST_TEST(nfec_code_edges(make_code("bch:63,45").get()) == 432);
    BOOST_TEST(nfec_code_edges(make_code("bch:127,64").get()) == 2142);
}

BOOST_AUTO_TEST_CASE(bch_minimum_distance_reaches_designed_distance)
{
    const struct { int n, k, designed; } cases[] = {
        { 7, 4, 3 }, { 15, 11, 3 }, { 15, 7, 5 }, { 15, 5, 7 }, { 31, 21, 5 }, { 31, 16, 7 },
    };
    for (auto t : cases) {
        auto c = make_code("bch:" + std::to_string(t.n) + "," + std::to_string(t.k));
        BOOST_TEST(min_distance(c.get()) >= t.designed, "bch:" << t.n << "," << t.k);
    }
}

BOOST_AUTO_TEST_CASE(bch_cyclic_matrix_is_the_same_code)
{
    auto s = make_code("bch:63,36");
    auto r = make_code("bch:63,36:cyclic");
    BOOST_TEST(nfec_code_checks(r.get()) == 63);
    BOOST_TEST(nfec_code_edges(r.get()) == 1134);
    BOOST_TEST(nfec_code_k(r.get()) == 36);
    BOOST_TEST(nfec_code_hash(r.get()) != nfec_code_hash(s.get()));
    const int* a = nfec_code_info_positions(s.get());
    const int* b = nfec_code_info_positions(r.get());
    BOOST_TEST(std::vector<int>(a, a + 36) == std::vector<int>(b, b + 36), boost::test_tools::per_element());
    check_generator(r.get()); /* every shifted row is a check */
}

BOOST_AUTO_TEST_CASE(bch_spec_errors_name_the_fault)
{
    const struct { const char* spec; const char* says; } cases[] = {
        { "bch:63,37", "valid K for N = 63: 57, 51, 45, 39, 36, 30, 24, 18, 16, 10, 7" },
        { "bch:64,36", "N must be 2^m - 1" },
        { "bch:2047,1000", "N must be 2^m - 1" },
        { "bch:63", "expected bch:N,K" },
        { "bch:63,36:foo", "unknown suffix ':foo'" },
        { "bch:4294967359,36", "expected bch:N,K" }, /* once read as bch:63,36 (wrapped) */
        { "bch:63,4294967332", "expected bch:N,K" },
        { "bch:+63,36", "expected bch:N,K" },
        { "bch:63,,36", "expected bch:N,K" },
        { "bch:63,36 ", "unknown suffix ' '" },
        { "", "empty code spec" },
        { "bch:63,36\xff\xfe", "unknown suffix '?" "?'" }, /* messages stay valid UTF-8 */
        { "bch:63,36:\xc3\xa9", "unknown suffix ':\xc3\xa9'" },
    };
    for (auto t : cases) {
        nfec_error err{};
        BOOST_TEST(nfec_code_create(t.spec, &err) == nullptr);
        BOOST_TEST(std::string(err.msg).find(t.says) != std::string::npos, t.spec << " -> " << err.msg);
    }
}

BOOST_AUTO_TEST_CASE(gnuradio_alists_read_and_encode)
{
    const char* files[] = { "n_0100_k_0023_gap_10.alist", "n_0100_k_0027_gap_04.alist", "n_0100_k_0042_gap_02.alist",
                            "n_0300_k_0103_gap_24.alist", "n_0300_k_0122_gap_06.alist", "n_0300_k_0152_gap_03.alist",
                            "n_0500_k_0127_gap_21.alist", "n_0500_k_0202_gap_11.alist", "n_0512_k_0130_gap_21.alist",
                            "n_0700_k_0282_gap_16.alist", "n_1100_k_0442_gap_24.alist", "n_1300_k_0522_gap_30.alist",
                            "n_1800_k_0902_gap_28.alist", "PNB2_512_23C1.alist", "n_0100_k_0058_gen_matrix.alist",
                            "simple_g_matrix.alist" };
    for (auto f : files) {
        auto c = make_code(ldpc_file(f));
        BOOST_TEST_MESSAGE(f << ": n=" << nfec_code_n(c.get()) << " k=" << nfec_code_k(c.get()));
        channel ch(7);
        std::vector<uint8_t> info, cw;
        std::vector<float> rx;
        ch.frames(c.get(), 3, INFINITY, info, cw, rx);
        for (int i = 0; i < 3; i++)
            BOOST_TEST(nfec_code_is_codeword(c.get(), &cw[size_t(i) * nfec_code_n(c.get())]));
    }
    BOOST_TEST(nfec_code_k(make_code(ldpc_file("n_0100_k_0042_gap_02.alist")).get()) == 42);
    BOOST_TEST(nfec_code_k(make_code(ldpc_file("n_1800_k_0902_gap_28.alist")).get()) == 902);
}

static std::string tmp_path(const std::string& name) { return std::string(NFEC_TEST_TMP) + "/" + name; }

static std::string write_file(const std::string& name, const std::string& text)
{
    std::string p = tmp_path(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

BOOST_AUTO_TEST_CASE(alist_round_trip_keeps_the_matrix)
{
    for (const std::string& spec : std::vector<std::string>{ "bch:63,36", "bch:31,16:cyclic", ldpc_file("n_0100_k_0042_gap_02.alist") }) {
        auto c = make_code(spec);
        std::string p = tmp_path("roundtrip.alist");
        FILE* f = fopen(p.c_str(), "w");
        BOOST_REQUIRE(f);
        nfec_error err{};
        BOOST_TEST(nfec_code_write_alist(c.get(), f, &err) == NFEC_OK);
        fclose(f);
        auto back = make_code(p);
        BOOST_TEST(nfec_code_hash(back.get()) == nfec_code_hash(c.get()), spec);
        BOOST_TEST(nfec_code_k(back.get()) == nfec_code_k(c.get()));
    }
}

BOOST_AUTO_TEST_CASE(malformed_alists_are_refused_with_file_line_and_fault)
{
    /* A valid 4 x 3 matrix: rows {1,2}, {2,3}, {3,4}. */
    const std::string good = "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 2\n2 3\n3\n1 2\n2 3\n3 4\n";
    make_code(write_file("good.alist", good));
    const struct { const char* name; std::string text; const char* says; } cases[] = {
        { "empty", "", "file ends while reading the number of columns N" },
        { "words", "4 x3\n", ":1: 'x3' is not a number" },
        { "huge", "2000000 3\n", "the number of columns N is 2000000, outside 1..1048576" },
        { "zero_rows", "4 0\n", "the number of rows M is 0, outside" },
        { "weight_over_max", "4 3\n2 2\n1 3 2 1\n", ":3: the weight of column 2 is 3, outside 0..2" },
        { "sums_disagree", "4 3\n2 2\n1 2 2 1\n2 2 1\n", ":4: column weights add up to 6 ones but row weights to 5" },
        { "row_out_of_range", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 9\n2 3\n3\n1 2\n2 3\n3 4\n", ":6: column 2 lists row 9, but there are 3 rows" },
        { "col_out_of_range", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 2\n2 3\n3\n1 2\n2 3\n3 7\n", ":11: row 3 lists column 7, but there are 4 columns" },
        { "repeat", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 1\n2 3\n3\n1 2\n2 3\n3 4\n", ":6: column 2 lists row 1 twice" },
        { "disagree", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 2\n2 3\n3\n1 2\n2 4\n3 3\n", "row 3 lists column 3 twice" },
        { "disagree2", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 2\n2 3\n3\n1 2\n1 3\n3 4\n", "column 1 has weight 1, but the row lists put it in 2 rows" },
        { "truncated", good.substr(0, good.size() - 5), "file ends in the list of row 3 (0 of its 2 entries read)" },
        { "short_list", "4 3\n2 2\n1 2 2 1\n2 2 2\n1\n1 0\n2 3\n3\n1 2\n2 3\n3 4\n", ":6: column 2 lists 1 rows but its weight is 2" },
        { "trailing", good + "5\n", ":12: unexpected data after the last row list" },
        { "negative", "4 3\n2 2\n1 -2 2 1\n", ":3: the weight of column 2 is -2, outside 0..2" },
        { "full_rank", "2 2\n1 1\n1 1\n1 1\n1\n2\n1\n2\n", "full column rank" },
    };
    for (auto& t : cases) {
        std::string p = write_file(std::string("bad_") + t.name + ".alist", t.text);
        nfec_error err{};
        nfec_code* c = nfec_code_create(p.c_str(), &err);
        BOOST_TEST(c == nullptr, t.name);
        nfec_code_destroy(c);
        std::string msg = err.msg;
        BOOST_TEST(msg.find(p) == 0, t.name << ": message does not start with the file: " << msg);
        BOOST_TEST(msg.find(t.says) != std::string::npos, t.name << ": " << msg);
    }
    nfec_error err{};
    BOOST_TEST(nfec_code_create("/nonexistent/x.alist", &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("/nonexistent/x.alist: cannot open") == 0, err.msg);
    /* a FIFO (once blocked make() forever) and a directory are refused at once */
    const std::string fifo = tmp_path("fifo.alist");
    std::remove(fifo.c_str());
    BOOST_REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    BOOST_TEST(nfec_code_create(fifo.c_str(), &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("not a regular file") != std::string::npos, err.msg);
    BOOST_TEST(nfec_code_create(NFEC_TEST_TMP, &err) == nullptr);
    BOOST_TEST(std::string(err.msg).find("not a regular file") != std::string::npos, err.msg);
}

BOOST_AUTO_TEST_CASE(empty_and_repeated_rows_cost_what_the_file_holds)
{
    /* 16384 x 16384 with one edge, then 4096 copies of one row: the loader
     * once shifted the whole matrix for every dependent row (15 s, hours at
     * 65536) */
    const int n = 16384;
    std::string text = std::to_string(n) + " " + std::to_string(n) + "\n1 1\n1";
    for (int i = 1; i < n; i++)
        text += " 0";
    text += "\n1";
    for (int i = 1; i < n; i++)
        text += " 0";
    text += "\n1\n"; /* column 1 lists row 1, the others nothing */
    for (int i = 1; i < n; i++)
        text += "0\n";
    text += "1\n"; /* row 1 lists column 1, the others nothing */
    for (int i = 1; i < n; i++)
        text += "0\n";
    auto c = make_code(write_file("empty_rows.alist", text));
    BOOST_TEST(nfec_code_k(c.get()) == n - 1);
    const int m = 4096, w = 3;
    std::string rep = "6 " + std::to_string(m) + "\n" + std::to_string(m) + " 3\n";
    for (int v = 0; v < 6; v++)
        rep += v < w ? std::to_string(m) + " " : "0 ";
    rep += "\n";
    for (int r = 0; r < m; r++)
        rep += "3 ";
    rep += "\n";
    for (int v = 0; v < 6; v++) {
        if (v < w)
            for (int r = 1; r <= m; r++)
                rep += std::to_string(r) + " ";
        else
            rep += "0";
        rep += "\n";
    }
    for (int r = 0; r < m; r++)
        rep += "1 2 3\n";
    auto c2 = make_code(write_file("repeated_rows.alist", rep));
    BOOST_TEST(nfec_code_k(c2.get()) == 5);
    BOOST_TEST(nfec_code_syndrome_checks(c2.get()) == 1);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_an_alist_fails_cleanly)
{
    auto c = make_code("bch:15,7");
    std::string p = tmp_path("bch15.alist");
    FILE* f = fopen(p.c_str(), "w");
    nfec_code_write_alist(c.get(), f, nullptr);
    fclose(f);
    std::ifstream in(p, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    /* Every proper prefix (short of the final newline) must be refused. */
    for (size_t len = 0; len + 1 < text.size(); len++) {
        std::string q = write_file("cut.alist", text.substr(0, len));
        nfec_error err{};
        nfec_code* d = nfec_code_create(q.c_str(), &err);
        BOOST_TEST(d == nullptr, "cut at " << len << " was accepted");
        nfec_code_destroy(d);
        BOOST_TEST(err.status == NFEC_EPARSE, "cut at " << len << ": " << err.msg);
    }
}

BOOST_AUTO_TEST_CASE(early_stop_tests_a_basis_of_the_rows)
{
    /* Redundant matrices keep only n - k independent rows for the syndrome
     * test, full-rank ones all of theirs; either way a word passes exactly
     * when it passes every row of H. */
    std::mt19937 rng(12);
    for (const std::string& spec : std::vector<std::string>{ "bch:63,36", "bch:63,36:cyclic", "bch:63,45:cyclic", "bch:127,64:cyclic",
                                                             ldpc_file("n_0100_k_0042_gap_02.alist"), ldpc_file("n_1800_k_0902_gap_28.alist") }) {
        auto c = make_code(spec);
        const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get()), rows = nfec_code_syndrome_checks(c.get());
        BOOST_TEST(rows == n - k, spec);
        if (nfec_code_checks(c.get()) == n - k)
            BOOST_TEST(nfec_code_syndrome_start(c.get()) == nfec_code_check_start(c.get()));
        const int *start = nfec_code_syndrome_start(c.get()), *var = nfec_code_syndrome_var(c.get());
        std::vector<uint8_t> info(k), word(n);
        int agreed = 0, codewords = 0;
        for (int trial = 0; trial < 300; trial++) {
            for (auto& b : info)
                b = uint8_t(rng() & 1);
            nfec_code_encode(c.get(), info.data(), word.data());
            if (trial % 3 == 1)
                word[rng() % n] ^= 1;
            else if (trial % 3 == 2)
                for (auto& b : word)
                    b = uint8_t(rng() & 1);
            bool basis_ok = true;
            for (int r = 0; r < rows; r++) {
                int parity = 0;
                for (int e = start[r]; e < start[r + 1]; e++)
                    parity ^= word[var[e]];
                basis_ok = basis_ok && !parity;
            }
            const bool full_ok = nfec_code_is_codeword(c.get(), word.data()) != 0;
            agreed += basis_ok == full_ok;
            codewords += full_ok;
        }
        BOOST_TEST(agreed == 300, spec);
        BOOST_TEST(codewords >= 100, spec);
    }
}

/* IEEE 802.11n/ac: every length and rate, against the standard's shape
 * (24 block columns, Z = n / 24, the dual-diagonal parity part), the edge
 * counts of Annex F's tables (88 nonzero blocks at 648 rate 1/2, 86 at the
 * longer lengths), entries of H, a pinned hash of the expanded matrix, the
 * standard's information bits, and the structured encoder against the
 * dense one. */
BOOST_AUTO_TEST_CASE(wifi_codes_are_the_standards)
{
    struct {
        const char* spec;
        int k, edges;
        uint64_t hash;
    } codes[] = {
        { "wifi:648:1/2", 324, 2376, 0x3b699e19be87221bULL },   { "wifi:648:2/3", 432, 2376, 0x34cbc53b0922dd60ULL },
        { "wifi:648:3/4", 486, 2376, 0xd53b989d6fdfe6b0ULL },   { "wifi:648:5/6", 540, 2376, 0xca734cd6546203feULL },
        { "wifi:1296:1/2", 648, 4644, 0x92e697fd6ae5d794ULL },  { "wifi:1296:2/3", 864, 4752, 0x7f3061f82f5e29cdULL },
        { "wifi:1296:3/4", 972, 4752, 0x10ea096ced06c661ULL },  { "wifi:1296:5/6", 1080, 4590, 0x5076885f2cc089dbULL },
        { "wifi:1944:1/2", 972, 6966, 0x7e4a49880b636a18ULL },  { "wifi:1944:2/3", 1296, 7128, 0xa98f19516f723d6eULL },
        { "wifi:1944:3/4", 1458, 6885, 0xdbd90edfeba2d0e4ULL }, { "wifi:1944:5/6", 1620, 6399, 0x548e190679086fb3ULL },
    };
    std::mt19937 rng(19);
    for (auto& t : codes) {
        auto c = make_code(t.spec);
        const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get());
        BOOST_TEST_CONTEXT(t.spec)
        {
            BOOST_TEST(k == t.k);
            BOOST_TEST(nfec_code_checks(c.get()) == n - k);
            BOOST_TEST(nfec_code_edges(c.get()) == t.edges);
            BOOST_TEST(nfec_code_hash(c.get()) == t.hash);
            BOOST_REQUIRE(nfec_code_encoder(c.get()));
            BOOST_TEST(nfec_code_tx_n(c.get()) == n);
            for (int i = 0; i < k; i++)
                BOOST_REQUIRE(nfec_code_info_positions(c.get())[i] == i);
            std::vector<uint8_t> info(k), fast(n), dense(n);
            for (int f = 0; f < 20; f++) {
                for (auto& b : info)
                    b = uint8_t(rng() & 1);
                nfec_code_encode(c.get(), info.data(), fast.data());
                nfec_code_encode_dense(c.get(), info.data(), dense.data());
                BOOST_REQUIRE(fast == dense);
                BOOST_REQUIRE(nfec_code_is_codeword(c.get(), fast.data()));
                BOOST_REQUIRE(std::equal(info.begin(), info.end(), fast.begin()));
            }
        }
    }
    /* entries: wifi:648:1/2's block (1, 0) has shift 22 (row 27 holds column
     * 22), block (0, 12) shift 1 (row 0 holds column 12 * 27 + 1) */
    auto c = make_code("wifi:648:1/2");
    const int* start = nfec_code_check_start(c.get());
    const int* var = nfec_code_edge_var(c.get());
    auto row_has = [&](int r, int col) { return std::find(var + start[r], var + start[r + 1], col) != var + start[r + 1]; };
    BOOST_TEST(row_has(27, 22));
    BOOST_TEST(row_has(0, 12 * 27 + 1));
    BOOST_TEST(row_has(0, 0));
    BOOST_TEST(!row_has(0, 27));
    BOOST_TEST(start[1] - start[0] == 7); /* row 0 of the base matrix: 7 nonzero blocks */
}

BOOST_AUTO_TEST_CASE(wifi_specs_name_what_the_standard_has)
{
    for (const char* bad : { "wifi:", "wifi:648", "wifi:648:", "wifi:648:1/3", "wifi:600:1/2", "wifi:648:1/2:x", "wifi:-648:1/2", "wifi:1944:5/6 ",
                             "wifi:99999999999999999999:1/2", "wifi:648:11111111111/2" }) {
        nfec_error err{};
        BOOST_TEST(!nfec_code_create(bad, &err), bad);
        BOOST_TEST((std::string(err.msg).find("648, 1296") != std::string::npos), bad << ": " << err.msg);
    }
}

/* Decodes frames of `code` from the one channel object with normalized
 * min-sum (layered not needed: a reference, not a benchmark); returns the
 * information bit errors and checks the sizes the code promises. */
static long nms_bit_errors(const nfec_code* c, double ebn0_db, int frames, int T)
{
    const int n = nfec_code_n(c), k = nfec_code_k(c), tx = nfec_code_tx_n(c);
    nfec_channel_config cfg;
    nfec_channel_config_default(&cfg);
    cfg.ebn0_db = ebn0_db;
    cfg.seed = 77;
    cfg.random_codewords = 1;
    nfec_error err{};
    std::unique_ptr<nfec_channel, void (*)(nfec_channel*)> ch(nfec_channel_create(c, &cfg, &err), nfec_channel_destroy);
    BOOST_REQUIRE_MESSAGE(ch, err.msg);
    weights_ptr w(nfec_weights_create_scalar(c, T, 0.75f, 0.0f, &err));
    BOOST_REQUIRE_MESSAGE(w, err.msg);
    decoder_ptr d(nfec_decoder_create(c, w.get(), T, 1, &err));
    BOOST_REQUIRE_MESSAGE(d, err.msg);
    std::vector<uint8_t> info(k), cw(n), bits(n), got(k);
    std::vector<float> llr(n), soft(tx);
    long errors = 0;
    for (int f = 0; f < frames; f++) {
        nfec_channel_frame(ch.get(), 0, f, info.data(), cw.data(), llr.data(), soft.data());
        BOOST_REQUIRE(nfec_code_is_codeword(c, cw.data()));
        for (int v = 0; v < n; v++) {
            const int role = nfec_code_role(c, v);
            if (role == NFEC_ROLE_PUNCTURED)
                BOOST_REQUIRE(llr[v] == 0.0f);
            if (role == NFEC_ROLE_SHORTENED)
                BOOST_REQUIRE((cw[v] == 0 && llr[v] == NFEC_LLR_MAX));
        }
        nfec_decoder_decode(d.get(), llr.data(), 1.0f, 1, bits.data(), nullptr, nullptr);
        nfec_code_extract_info(c, bits.data(), got.data());
        for (int i = 0; i < k; i++)
            errors += got[i] != info[i];
    }
    return errors;
}

BOOST_AUTO_TEST_CASE(nr_ar4ja_and_dvbs2_codes_are_the_standards)
{
    struct expect {
        const char* spec;
        int n, k, tx_n, checks, edges;
        uint64_t hash;
    };
    /* n, k, sent bits and edges from the standards (BG1: 316 circulants, BG2:
     * 197; AR4JA 1/2: 15 M ones); hashes pin the expanded matrices */
    const expect codes[] = {
        { "nr:1:384", 26112, 8448, 25344, 17664, 121344, 0x4dda5032c8933d24ULL },
        { "nr:2:384", 19968, 3840, 19200, 16128, 75648, 0x81fa7bdbd53d7efaULL },
        { "nr:1:2", 136, 44, 132, 92, 632, 0xee7c35f3770d5e31ULL },
        { "nr:2:52:500", 2704, 500, 2600 - 20, 2184, 10244, 0x00cc9530f4a3535bULL },
        { "ccsds:ar4ja:1/2:1024", 2560, 1024, 2048, 1536, 7680, 0xcf616d1ee3ef08e1ULL },
        { "ccsds:ar4ja:2/3:1024", 1792, 1024, 1536, 768, 5888, 0xfb8368befe9403c9ULL },
        { "ccsds:ar4ja:4/5:1024", 1408, 1024, 1280, 384, 4992, 0x8a89aa1ec5375ea9ULL },
        { "ccsds:ar4ja:1/2:4096", 10240, 4096, 8192, 6144, 30720, 0xac35b9d2a8c7529dULL },
        /* C2: the basic code's 8176 positions (32 ones a row) and the two
         * appended zeros, each alone in a check; 18 shortened, 8160 sent */
        { "ccsds:c2", 8178, 7136, 8160, 1024, 1022 * 32 + 2, 0x702671b01734feb7ULL },
        /* DVB-S2 short frames: the accumulator's 2(n - K) - 1 ones plus the tables' */
        { "dvbs2:short:1/4", 16200, 3240, 16200, 12960, 48599, 0x30cbbcd37e4f2d33ULL },
        { "dvbs2:short:1/3", 16200, 5400, 16200, 10800, 53999, 0xa41857e8d168d8f1ULL },
        { "dvbs2:short:2/5", 16200, 6480, 16200, 9720, 58319, 0x0eeefe5b9a0b7d02ULL },
        { "dvbs2:short:1/2", 16200, 7200, 16200, 9000, 48599, 0xfac9652156e36fb2ULL },
        { "dvbs2:short:3/5", 16200, 9720, 16200, 6480, 71279, 0x87c2c1f3e68b3a14ULL },
        { "dvbs2:short:2/3", 16200, 10800, 16200, 5400, 53999, 0x0ad17dfd0ec63a8eULL },
        { "dvbs2:short:3/4", 16200, 11880, 16200, 4320, 47519, 0x45ebed2be93612adULL },
        { "dvbs2:short:4/5", 16200, 12600, 16200, 3600, 44999, 0x805749f0eb42875fULL },
        { "dvbs2:short:5/6", 16200, 13320, 16200, 2880, 49319, 0xdca9b47e50481234ULL },
        { "dvbs2:short:8/9", 16200, 14400, 16200, 1800, 48599, 0x6fd843b0d265b0a6ULL },
    };
    for (const auto& t : codes) {
        BOOST_TEST_CONTEXT(t.spec)
        {
            auto c = make_code(t.spec);
            BOOST_TEST(nfec_code_n(c.get()) == t.n);
            BOOST_TEST(nfec_code_k(c.get()) == t.k);
            BOOST_TEST(nfec_code_tx_n(c.get()) == t.tx_n);
            BOOST_TEST(nfec_code_checks(c.get()) == t.checks);
            BOOST_TEST(nfec_code_edges(c.get()) == t.edges);
            BOOST_TEST(nfec_code_hash(c.get()) == t.hash);
            BOOST_TEST(nfec_code_encoder(c.get()));
        }
    }
    /* spot entries. nr:1:384 (set 1): block (0, 0) has V = 307, block (1, 0)
     * V = 76; ccsds:ar4ja:1/2:1024 (M = 512): row 0 holds the identity of
     * block (0, 2) and I + pi_1 in block (0, 4), pi_1(0) = 128 * 3 + 16 */
    auto nr = make_code("nr:1:384");
    auto ar = make_code("ccsds:ar4ja:1/2:1024");
    auto row_has = [](const nfec_code* c, int r, int col) {
        const int *start = nfec_code_check_start(c), *var = nfec_code_edge_var(c);
        return std::find(var + start[r], var + start[r + 1], col) != var + start[r + 1];
    };
    BOOST_TEST(row_has(nr.get(), 0, 307));
    BOOST_TEST(row_has(nr.get(), 384, 76));
    BOOST_TEST(row_has(nr.get(), 383, (383 + 307) % 384));
    BOOST_TEST(!row_has(nr.get(), 0, 250));
    BOOST_TEST(row_has(ar.get(), 0, 1024));
    BOOST_TEST(row_has(ar.get(), 0, 2048));
    BOOST_TEST(row_has(ar.get(), 0, 2048 + 400));
    /* the standards' transmission: NR never sends the first 2Z bits, AR4JA
     * never its last M */
    const int* sent = nfec_code_tx_positions(nr.get());
    BOOST_TEST(sent[0] == 768);
    BOOST_TEST(nfec_code_punctured(nr.get()) == 768);
    BOOST_TEST(nfec_code_tx_positions(ar.get())[2047] == 2047);
    BOOST_TEST(nfec_code_punctured(ar.get()) == 512);
    /* ccsds:c2, Table 7-1: A(1,1) has its ones at 0 and 176 in row 0, one
     * column right in row 1; A(2,2) at 130 and 473; the appended zeros alone */
    auto c2 = make_code("ccsds:c2");
    BOOST_TEST(row_has(c2.get(), 0, 0));
    BOOST_TEST(row_has(c2.get(), 0, 176));
    BOOST_TEST(row_has(c2.get(), 1, 177));
    BOOST_TEST(row_has(c2.get(), 510, 175));
    BOOST_TEST(row_has(c2.get(), 511, 511 + 130));
    BOOST_TEST(row_has(c2.get(), 511, 511 + 473));
    BOOST_TEST(row_has(c2.get(), 511 + 40, 15 * 511 + (40 + 192) % 511));
    BOOST_TEST(!row_has(c2.get(), 0, 1));
    BOOST_TEST(nfec_code_check_start(c2.get())[1023] - nfec_code_check_start(c2.get())[1022] == 1);
    BOOST_TEST(row_has(c2.get(), 1022, 8176));
    BOOST_TEST(row_has(c2.get(), 1023, 8177));
    BOOST_TEST(nfec_code_tx_positions(c2.get())[0] == 18);
    BOOST_TEST(nfec_code_tx_positions(c2.get())[8159] == 8177);
    BOOST_TEST(nfec_code_shortened(c2.get()) == 18);
    BOOST_TEST(nfec_code_punctured(c2.get()) == 0);
    /* the generator is Annex C's [I | B]: the first information bit sent is
     * mother bit 18, so its parity is row 18 of B(1,1) | B(1,2), their first
     * rows ("55BF...", "6855...": bits 1010101 and 1101000 after the padding
     * bit) shifted right by 18 */
    std::vector<uint8_t> unit(7136, 0), word(8178, 1);
    unit[0] = 1;
    nfec_code_encode(c2.get(), unit.data(), word.data());
    const uint8_t b11[] = { 1, 0, 1, 0, 1, 0, 1 }, b12[] = { 1, 1, 0, 1, 0, 0, 0 };
    for (int c = 0; c < 7; c++) {
        BOOST_TEST(word[7154 + 18 + c] == b11[c]);
        BOOST_TEST(word[7154 + 511 + 18 + c] == b12[c]);
    }
    BOOST_TEST(word[18] == 1);
    BOOST_TEST(std::count(word.begin(), word.begin() + 7154, 1) == 1);
    BOOST_TEST(word[8176] + word[8177] == 0);
    BOOST_TEST(nfec_code_is_codeword(c2.get(), word.data()));
    /* dvbs2:short:1/2 (Table C.4 line 0: 20 712 2386 ..., q = 25): bit 0 in
     * rows 20 and 712, bit 1 in rows 45 and 737; row 5 holds p_4 and p_5 */
    auto dvb = make_code("dvbs2:short:1/2");
    BOOST_TEST(row_has(dvb.get(), 20, 0));
    BOOST_TEST(row_has(dvb.get(), 712, 0));
    BOOST_TEST(row_has(dvb.get(), 45, 1));
    BOOST_TEST(row_has(dvb.get(), 737, 1));
    BOOST_TEST(row_has(dvb.get(), 5, 7200 + 4));
    BOOST_TEST(row_has(dvb.get(), 5, 7200 + 5));
}

BOOST_AUTO_TEST_CASE(family_encoders_equal_the_dense_one)
{
    std::mt19937 rng(5);
    for (const char* spec : { "nr:1:2", "nr:1:15", "nr:1:60", "nr:2:7", "nr:2:72", "nr:2:52:500", "nr:1:9:100", "ccsds:ar4ja:1/2:1024",
                              "ccsds:ar4ja:2/3:1024", "ccsds:ar4ja:4/5:1024", "wifi:1944:5/6" }) {
        BOOST_TEST_CONTEXT(spec)
        {
            auto c = make_code(spec);
            const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get()), dim = nfec_code_dimension(c.get());
            BOOST_REQUIRE(nfec_code_systematic(c.get()));
            std::vector<uint8_t> info(k), mother(dim), fast(n), dense(n), back(k);
            for (int f = 0; f < 10; f++) {
                for (auto& b : info)
                    b = uint8_t(rng() & 1);
                nfec_code_encode(c.get(), info.data(), fast.data());
                /* the dense form on the mother's information bits: shortened ones 0 */
                const int* pos = nfec_code_mother_info_positions(c.get());
                for (int i = 0, j = 0; i < dim; i++)
                    mother[i] = nfec_code_role(c.get(), pos[i]) == NFEC_ROLE_SHORTENED ? 0 : info[j++];
                nfec_code_encode_dense(c.get(), mother.data(), dense.data());
                BOOST_REQUIRE(fast == dense);
                BOOST_REQUIRE(nfec_code_is_codeword(c.get(), fast.data()));
                nfec_code_extract_info(c.get(), fast.data(), back.data());
                BOOST_REQUIRE(back == info);
            }
        }
    }
    /* beyond the dense limit: no dense form, the family's encoder alone */
    for (const char* spec : { "nr:1:384", "nr:2:384:3000", "ccsds:ar4ja:1/2:4096", "ccsds:ar4ja:4/5:16384", "dvbs2:short:1/4", "dvbs2:short:8/9",
                              "ccsds:c2" }) {
        auto c = make_code(spec);
        BOOST_TEST(!nfec_code_systematic(c.get()), spec);
        const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get());
        std::vector<uint8_t> info(k), cw(n);
        for (int f = 0; f < 3; f++) {
            for (auto& b : info)
                b = uint8_t(rng() & 1);
            nfec_code_encode(c.get(), info.data(), cw.data());
            BOOST_TEST(nfec_code_is_codeword(c.get(), cw.data()), spec);
        }
        nfec_error err{};
        BOOST_TEST(!nfec_osd_create(c.get(), 2, &err), spec);
        BOOST_TEST((std::string(err.msg).find("too long") != std::string::npos), err.msg);
    }
}

BOOST_AUTO_TEST_CASE(circulant_inverse_is_the_inverse)
{
    /* random arrays of circulants (right shifts) over one and several words
     * an element; A A^-1 = I row by row; a singular array and one that is
     * not of circulants are refused */
    std::mt19937 rng(3);
    for (int l : { 32, 64, 256 }) {
        const int B = 3, m = B * l, words = (m + 63) / 64;
        std::vector<uint64_t> a(size_t(m) * words), inv(a.size());
        auto set = [&](std::vector<uint64_t>& x, int r, int c) { x[size_t(r) * words + c / 64] ^= 1ULL << (c % 64); };
        auto bit = [&](const std::vector<uint64_t>& x, int r, int c) { return int((x[size_t(r) * words + c / 64] >> (c % 64)) & 1u); };
        for (int tries = 0;; tries++) {
            BOOST_REQUIRE(tries < 20);
            std::fill(a.begin(), a.end(), 0);
            for (int i = 0; i < B; i++)
                for (int j = 0; j < B; j++)
                    for (int one = 0; one < (i == j ? 3 : 2); one++) {
                        const int s = int(rng() % unsigned(l));
                        for (int t = 0; t < l; t++)
                            set(a, i * l + t, j * l + (t + s) % l);
                    }
            if (nfec_circulant_invert(a.data(), B, l, words, inv.data()))
                break;
        }
        /* A (A^-1 x) = x for random x: A A^-1 = I but for a set of measure ~2^-16 */
        auto apply = [&](const std::vector<uint64_t>& mat, const std::vector<int>& x) {
            std::vector<int> y(m, 0);
            for (int r = 0; r < m; r++)
                for (int c = 0; c < m; c++)
                    y[r] ^= bit(mat, r, c) & x[c];
            return y;
        };
        for (int trial = 0; trial < 16; trial++) {
            std::vector<int> x(m);
            for (int& b : x)
                b = int(rng() & 1u);
            BOOST_REQUIRE_MESSAGE(apply(a, apply(inv, x)) == x, "L " << l << ": A A^-1 x != x");
        }
        std::vector<uint64_t> broken = a;
        set(broken, 1, 5); /* row 1 no longer its block's first shifted */
        BOOST_TEST(!nfec_circulant_invert(broken.data(), B, l, words, inv.data()));
        std::vector<uint64_t> singular(a.size(), 0);
        BOOST_TEST(!nfec_circulant_invert(singular.data(), B, l, words, inv.data()));
    }
}

BOOST_AUTO_TEST_CASE(punctured_and_shortened_codes_round_trip)
{
    /* noiseless: every frame exact; noisy: BER where these codes are known to
     * be (rate-1/3 NR BG1 and AR4JA 1/2 of 1024 bits near 1-2 dB) */
    for (const char* spec : { "nr:2:52:500", "nr:1:16", "ccsds:ar4ja:1/2:1024", "ccsds:ar4ja:4/5:1024" }) {
        auto c = make_code(spec);
        BOOST_TEST(nms_bit_errors(c.get(), INFINITY, 20, 10) == 0, spec);
    }
    auto nr = make_code("nr:1:16");
    const long k = nfec_code_k(nr.get());
    const double low = double(nms_bit_errors(nr.get(), -1.0, 200, 10)) / (200 * k);
    const double high = double(nms_bit_errors(nr.get(), 3.0, 200, 10)) / (200 * k);
    BOOST_TEST(low > 2e-2);
    BOOST_TEST(high < 1e-3);
    auto ar = make_code("ccsds:ar4ja:1/2:1024");
    BOOST_TEST(double(nms_bit_errors(ar.get(), 3.0, 100, 20)) / (100 * 1024.0) < 1e-3);
    BOOST_TEST(double(nms_bit_errors(ar.get(), 0.0, 50, 10)) / (50 * 1024.0) > 1e-2);
    auto c2 = make_code("ccsds:c2");
    BOOST_TEST(nms_bit_errors(c2.get(), INFINITY, 5, 10) == 0);
    BOOST_TEST(double(nms_bit_errors(c2.get(), 4.5, 20, 20)) / (20 * 7136.0) < 1e-4);
    BOOST_TEST(double(nms_bit_errors(c2.get(), 2.5, 10, 20)) / (10 * 7136.0) > 1e-3);
    auto dvb = make_code("dvbs2:short:1/2");
    BOOST_TEST(nms_bit_errors(dvb.get(), INFINITY, 5, 10) == 0);
    BOOST_TEST(double(nms_bit_errors(dvb.get(), 2.0, 20, 20)) / (20 * 7200.0) < 1e-3);
    BOOST_TEST(double(nms_bit_errors(dvb.get(), 0.0, 10, 20)) / (10 * 7200.0) > 1e-2);
}

BOOST_AUTO_TEST_CASE(nr_ar4ja_and_dvbs2_specs_name_what_the_standard_has)
{
    struct bad {
        const char* spec;
        const char* names;
    };
    for (const bad& b : { bad{ "nr:", "nr:BG:Z" }, bad{ "nr:1", "nr:BG:Z" }, bad{ "nr:3:384", "base graph" }, bad{ "nr:1:385", "lifting size" },
                          bad{ "nr:1:17", "lifting size" }, bad{ "nr:1:1000000000000", "lifting size" }, bad{ "nr:1:-2", "lifting size" },
                          bad{ "nr:1:384:768", "2Z < K" }, bad{ "nr:1:384:8449", "2Z < K" }, bad{ "nr:2:384:3841", "2Z < K" },
                          bad{ "nr:1:384:8448:1", "nr:BG:Z" }, bad{ "nr:1:384:", "information bits" }, bad{ "nr:1:384x", "lifting size" },
                          bad{ "nr:1:2:4", "2Z < K" }, bad{ "ccsds:ar4ja:1/3:1024", "1/2, 2/3 or 4/5" },
                          bad{ "ccsds:ar4ja:1/2:2048", "1024, 4096 or 16384" }, bad{ "ccsds:ar4ja:1/2", "1024, 4096 or 16384" },
                          bad{ "ccsds:ar4ja:", "ccsds:ar4ja:R:K" }, bad{ "ccsds:ar4ja:1/2:1024:", "ccsds:ar4ja:R:K" },
                          bad{ "ccsds:c2x", "ccsds:c2 (the (8160, 7136) code" }, bad{ "ccsds:c2:", "ccsds:c2 (the" },
                          bad{ "dvbs2:short:9/10", "1/4, 1/3, 2/5" }, bad{ "dvbs2:normal:1/2", "dvbs2:short:R" }, bad{ "dvbs2:", "dvbs2:short:R" },
                          bad{ "dvbs2:short:1/2 ", "dvbs2:short:R" } }) {
        nfec_error err{};
        BOOST_TEST(!nfec_code_create(b.spec, &err), b.spec);
        BOOST_TEST((std::string(err.msg).find(b.names) != std::string::npos), b.spec << ": " << err.msg);
    }
}
