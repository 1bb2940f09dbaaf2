/* neuralfec-speed: decoding speed per core, in one run, of our kernels and of
 * GNU Radio's ldpc_decoder on the same frames.
 *
 * Per code and Eb/N0 point (the one where the teacher's BER is about 1e-3, and
 * 3 dB above it), on one batch of random codewords sent as BPSK over AWGN:
 *   kernel     nfec_decoder_decode straight on LLRs, one thread, per
 *              instruction set asked for;
 *   2 threads  the same with one decoder per core;
 *   flowgraph  vector_source -> fec::decoder -> head -> null_sink, the path
 *              FEC Extended Decoder builds (threading None), frames of 32
 *              codewords; with 2 threads the capillary topology (deinterleave,
 *              two decoders, interleave) that its "capillary" threading builds;
 *   gr-fec     gr::fec::ldpc_decoder (BP, 50 iterations) through generic_work,
 *              sigma 0.5 (GNU Radio's default) and 0.3 (its best on these
 *              codes, see docs/results.md; the channel's own sigma is worse).
 * Reported: BER, mean iterations, frames/s, information Mbit/s, the ratio to
 * gr-fec, and edge updates per second against the SIMD compute bound. Rates
 * are the best of REPEATS runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "outputs.h"
#include <gnuradio/blocks/deinterleave.h>
#include <gnuradio/blocks/head.h>
#include <gnuradio/blocks/interleave.h>
#include <gnuradio/blocks/null_sink.h>
#include <gnuradio/blocks/vector_source.h>
#include <gnuradio/fec/decoder.h>
#include <gnuradio/fec/ldpc_decoder.h>
#include "data_dir.h"
#include "decoder_run.h"
#include <gnuradio/neuralfec/make_decoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>
#include <gnuradio/neuralfec/neural_minsum_decoder.h>
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <gnuradio/top_block.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int FLOWGRAPH_CODEWORDS = 32; /* codewords per generic_work call */
constexpr uint64_t SEED = 2026;
/* Each rate is the best of this many runs of a third of --seconds: a shared
 * VM's neighbours and clock changes only ever slow a run down. */
constexpr int REPEATS = 3;

/* The model behind the compute bound: an edge update (one edge, one frame,
 * one iteration: its check message and its variable message) needs at least
 * 12 vector operations on the lanes: |x| and sign, the running first and
 * second minimum (3), the select of the other edges' minimum (2), weight, the
 * sign product, the variable sum, the extrinsic subtraction and clamp (2).
 * A Zen core issues at most 4 vector operations per cycle. */
constexpr double OPS_PER_EDGE_UPDATE = 12.0, VECTOR_OPS_PER_CYCLE = 4.0;

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

[[noreturn]] void die(const std::string& msg)
{
    std::fprintf(stderr, "neuralfec-speed: %s\n", msg.c_str());
    std::exit(2);
}

struct code_deleter {
    void operator()(nfec_code* c) const { nfec_code_destroy(c); }
};
struct weights_deleter {
    void operator()(nfec_weights* w) const { nfec_weights_destroy(w); }
};
struct decoder_deleter {
    void operator()(nfec_decoder* d) const { nfec_decoder_destroy(d); }
};
using code_ptr = std::unique_ptr<nfec_code, code_deleter>;
using weights_ptr = std::unique_ptr<nfec_weights, weights_deleter>;
using decoder_ptr = std::unique_ptr<nfec_decoder, decoder_deleter>;

/* Core clock, from a chain of dependent integer adds (one per cycle). */
double measure_clock_hz()
{
    const long rounds = 50000000;
    unsigned long x = 1;
    const auto t0 = clock_type::now();
    for (long i = 0; i < rounds; i++) {
#if defined(__x86_64__)
        asm volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                     "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
                     : "+r"(x));
#else
        asm volatile("" : "+r"(x));
        x += 8;
#endif
    }
    const double dt = seconds_since(t0);
    return x == 0 ? 0.0 : 8.0 * double(rounds) / dt;
}

/* Lanes one vector instruction of the kernel holds, for the compute bound:
 * 128-bit or 256-bit vectors (AVX-512 runs the 256-bit kernel) of float or
 * int16. */
int vector_lanes(nfec_isa isa, nfec_precision p)
{
    const int floats = isa == NFEC_ISA_AVX512 || isa == NFEC_ISA_AVX2 ? 8 : 4;
    return p == NFEC_FIXED16 ? 2 * floats : floats;
}

struct options {
    std::vector<std::string> codes;
    double seconds = 1.0;
    std::vector<double> ebn0;
    std::vector<nfec_isa> isas;
    std::string weights_dir, csv;
    std::set<std::string> decoders;  /* named ones; with no specs either, all */
    std::vector<std::string> specs; /* decoder specs (nfec_spec.h), measured as well */
    bool wants(const std::string& name) const { return decoders.count(name) || (decoders.empty() && specs.empty()); }
    bool flowgraph = true, threads = true;
};

struct frames {
    int n = 0, k = 0, count = 0;
    double ebn0 = 0, sigma = 0;
    int tx_n = 0;
    /* GNU Radio's convention, bit 0 -> -1: sent, the tx_n values a codeword
     * radios deliver (the flowgraph's input); soft, the whole codeword gr-fec
     * decodes (the same unless punctured or shortened) */
    std::vector<float> llr, sent, soft;
    std::vector<uint8_t> info, codewords;
};

frames make_frames(const nfec_code* c, double ebn0, int count)
{
    frames f;
    f.n = nfec_code_n(c);
    f.k = nfec_code_k(c);
    f.count = count;
    f.ebn0 = ebn0;
    nfec_channel_config cc;
    nfec_channel_config_default(&cc);
    cc.seed = SEED;
    cc.ebn0_db = ebn0;
    nfec_error err{};
    std::unique_ptr<nfec_channel, void (*)(nfec_channel*)> ch(nfec_channel_create(c, &cc, &err), nfec_channel_destroy);
    if (!ch)
        throw std::invalid_argument(err.msg);
    f.sigma = nfec_channel_sigma(ch.get());
    f.llr.resize(size_t(count) * f.n);
    f.tx_n = nfec_code_tx_n(c);
    f.sent.resize(size_t(count) * f.tx_n);
    f.soft.resize(f.llr.size());
    f.info.resize(size_t(count) * f.k);
    f.codewords.resize(size_t(count) * f.n);
    for (int i = 0; i < count; i++) {
        nfec_channel_frame(ch.get(), 0, i, &f.info[size_t(i) * f.k], &f.codewords[size_t(i) * f.n], &f.llr[size_t(i) * f.n],
                           &f.sent[size_t(i) * f.tx_n]);
        /* gr-fec knows nothing of puncturing: a certain 0 where shortened and
         * 1e-3 where punctured (its BP gives BER 0.5 on exact zeros) */
        float* whole = &f.soft[size_t(i) * f.n];
        nfec_code_tx_expand(c, &f.sent[size_t(i) * f.tx_n], -1.0f, whole);
        for (int v = 0; v < f.n; v++)
            whole[v] = whole[v] == 0.0f && f.tx_n < f.n ? 1e-3f : -whole[v];
    }
    return f;
}

struct result {
    std::string code, decoder, path, isa;
    double ebn0 = 0, ber = NAN, iterations = NAN, fps = 0, mbps = 0, edge_rate = 0, bound = 0;
    long frames = 0;
};

/* Information bit errors of decoded codewords. */
long info_errors(const nfec_code* c, const frames& f, const std::vector<uint8_t>& bits, int count)
{
    std::vector<uint8_t> got(f.k);
    long e = 0;
    for (int i = 0; i < count; i++) {
        nfec_code_extract_info(c, &bits[size_t(i) * f.n], got.data());
        for (int b = 0; b < f.k; b++)
            e += got[b] != f.info[size_t(i) * f.k + b];
    }
    return e;
}

/* A decoder of ours: teacher (weights empty) or student. */
struct ours {
    std::string name;
    const nfec_weights* w; /* nullptr: plain min-sum */
    int iterations;
    bool early;
    std::string weight_file; /* for the block; empty: minsum_decoder */
    nfec_precision precision;
};

decoder_ptr create(const nfec_code* c, const ours& o)
{
    nfec_error err{};
    decoder_ptr d(nfec_decoder_create(c, o.w, o.w ? 0 : o.iterations, o.early, &err));
    if (!d || nfec_decoder_set_precision(d.get(), o.precision, &err) != NFEC_OK)
        die(o.name + ": " + err.msg);
    return d;
}

/* Frames decoded, their iterations and the time taken by one spin. */
struct spin_result {
    long frames = 0, iterations = 0;
    double seconds = 0;
};

/* Calls decode_batch (a batch of `batch` frames; returns its iterations)
 * over and over for `seconds`. */
spin_result spin(const std::function<long()>& decode_batch, long batch, double seconds)
{
    spin_result r;
    const auto t0 = clock_type::now();
    do {
        r.iterations += decode_batch();
        r.frames += batch;
    } while ((r.seconds = seconds_since(t0)) < seconds);
    return r;
}

/* The fastest of REPEATS spins of seconds / REPEATS each. */
spin_result best_spin(const std::function<long()>& decode_batch, long batch, double seconds)
{
    spin_result best;
    for (int rep = 0; rep < REPEATS; rep++) {
        const spin_result r = spin(decode_batch, batch, seconds / REPEATS);
        if (rep == 0 || r.frames / r.seconds > best.frames / best.seconds)
            best = r;
    }
    return best;
}

/* One batch of the frames through an nfec_decoder. */
long decode_batch(nfec_decoder* d, const frames& f, std::vector<uint8_t>& bits)
{
    return nfec_decoder_decode(d, f.llr.data(), 1.0f, size_t(f.count), bits.data(), nullptr, nullptr);
}

gr::fec::generic_decoder::sptr make_block_decoder(const nfec_code* c, const ours& o, const frames& f)
{
    const int fs = FLOWGRAPH_CODEWORDS * f.k;
    if (o.weight_file.empty())
        return gr::neuralfec::minsum_decoder::make(nfec_code_spec(c), o.iterations, fs, 1.0f, o.early, false, 0);
    return gr::neuralfec::neural_minsum_decoder::make(o.weight_file, nfec_code_spec(c), fs, float(2.0 / (f.sigma * f.sigma)), o.early, false, 0);
}

/* The flowgraph path with `workers` decoders (1: fec::decoder alone, 2: the
 * capillary topology). Returns frames/s. */
double flowgraph_fps(const std::function<gr::fec::generic_decoder::sptr()>& make, const frames& f, long target_frames, int workers)
{
    auto tb = gr::make_top_block("neuralfec-speed");
    target_frames -= target_frames % (FLOWGRAPH_CODEWORDS * workers);
    auto src = gr::blocks::vector_source_f::make(f.sent, true);
    auto head = gr::blocks::head::make(sizeof(char), uint64_t(target_frames) * f.k);
    auto sink = gr::blocks::null_sink::make(sizeof(char));
    if (workers == 1) {
        auto dec = gr::fec::decoder::make(make(), sizeof(float), sizeof(char));
        tb->connect(src, 0, dec, 0);
        tb->connect(dec, 0, head, 0);
    } else {
        auto split = gr::blocks::deinterleave::make(sizeof(float), FLOWGRAPH_CODEWORDS * f.n);
        auto join = gr::blocks::interleave::make(sizeof(char), FLOWGRAPH_CODEWORDS * f.k);
        tb->connect(src, 0, split, 0);
        for (int i = 0; i < workers; i++) {
            auto dec = gr::fec::decoder::make(make(), sizeof(float), sizeof(char));
            tb->connect(split, i, dec, 0);
            tb->connect(dec, 0, join, i);
        }
        tb->connect(join, 0, head, 0);
    }
    tb->connect(head, 0, sink, 0);
    const auto t0 = clock_type::now();
    tb->run();
    return double(target_frames) / seconds_since(t0);
}

class bench
{
public:
    explicit bench(options opt) : d_opt(std::move(opt)), d_clock(measure_clock_hz()) {}

    void run_code(const std::string& spec)
    {
        nfec_error err{};
        code_ptr c(nfec_code_create(spec.c_str(), &err));
        if (!c)
            die(err.msg);
        const int n = nfec_code_n(c.get()), k = nfec_code_k(c.get()), E = nfec_code_edges(c.get());
        std::printf("\n== %s: n=%d k=%d, %d checks, %d edges\n", spec.c_str(), n, k, nfec_code_checks(c.get()), E);

        /* gr-fec reads alist files: a built-in family's matrix (a spec that is
         * no file) is exported for it */
        std::string alist = spec;
        if (access(spec.c_str(), R_OK) != 0) {
            alist = "/tmp/neuralfec-speed-" + std::to_string(getpid()) + ".alist";
            if (nfec_code_save_alist(c.get(), alist.c_str(), &err) != NFEC_OK)
                die(err.msg);
        }
        const std::string student_file = find_student(spec);
        weights_ptr sw;
        std::string student_name, nms_file;
        if (!student_file.empty()) {
            sw.reset(nfec_weights_load(student_file.c_str(), &err));
            if (!sw)
                die(err.msg);
            student_name = "student T=" + std::to_string(nfec_weights_iterations(sw.get()));
        } else {
            /* Same kernel work as a student: weights are per edge anyway. */
            sw.reset(nfec_weights_create_scalar(c.get(), 5, 0.8f, 0.0f, &err));
            student_name = "nms T=5 a=0.8 (no shipped student)";
            nms_file = "/tmp/neuralfec-speed-" + std::to_string(getpid()) + ".nfw";
            if (!sw || nfec_weights_save(sw.get(), nms_file.c_str(), &err) != NFEC_OK)
                die(err.msg);
        }
        const std::string student_path = student_file.empty() ? nms_file : student_file;
        const std::vector<std::pair<std::string, ours>> all{
            { "teacher", { "teacher T=30", nullptr, 30, true, "", NFEC_FLOAT32 } },
            { "teacher-full", { "teacher T=30 no early stop", nullptr, 30, false, "", NFEC_FLOAT32 } },
            { "student", { student_name, sw.get(), 0, true, student_path, NFEC_FLOAT32 } },
            { "teacher-int16", { "teacher T=30 int16", nullptr, 30, true, "", NFEC_FIXED16 } },
            { "teacher-full-int16", { "teacher T=30 int16 no early stop", nullptr, 30, false, "", NFEC_FIXED16 } },
            { "student-int16", { student_name + " int16", sw.get(), 0, true, student_path, NFEC_FIXED16 } },
        };
        std::vector<ours> decoders;
        for (const auto& [key, o] : all)
            if (d_opt.wants(key))
                decoders.push_back(o);
        if (!student_file.empty())
            std::printf("student: %s\n", student_file.c_str());
        std::vector<double> points = d_opt.ebn0;
        if (points.empty()) {
            const double low = ber_1e3_point(c.get(), all[0].second);
            points = { low, low + 3.0 };
        }
        const int batch = std::max(64, (int(131072 / n) + 63) / 64 * 64);
        for (double ebn0 : points) {
            const frames f = make_frames(c.get(), ebn0, batch);
            std::printf("-- Eb/N0 %.2f dB (sigma %.3f), %d frames per batch\n", ebn0, f.sigma, batch);
            double ref = NAN;
            if (d_opt.wants("grfec"))
                for (double sigma : { 0.5, 0.3 }) {
                    const result g = measure_grfec(c.get(), spec, alist, f, float(sigma));
                    if (std::isnan(ref))
                        ref = g.fps;
                    print(g, ref);
                }
            for (const ours& o : decoders)
                measure_ours(c.get(), spec, o, f, ref);
            for (const std::string& name : d_opt.specs)
                measure_spec(c.get(), spec, name, f, ref);
        }
        if (alist != spec)
            std::remove(alist.c_str());
        if (!nms_file.empty())
            std::remove(nms_file.c_str());
    }

    void write_csv() const
    {
        if (d_opt.csv.empty())
            return;
        const std::string tmp = d_opt.csv + ".tmp";
        std::ofstream out(tmp);
        out << "code,ebn0_db,decoder,path,isa,frames,ber,iterations,frames_per_s,info_mbps,edge_updates_per_s,simd_bound\n";
        for (const result& r : d_results)
            out << '"' << r.code << "\"," << r.ebn0 << ",\"" << r.decoder << "\"," << r.path << ',' << r.isa << ',' << r.frames << ','
                << r.ber << ',' << r.iterations << ',' << r.fps << ',' << r.mbps << ',' << r.edge_rate << ',' << r.bound << '\n';
        out.close();
        if (!out || std::rename(tmp.c_str(), d_opt.csv.c_str()) != 0)
            die("cannot write " + d_opt.csv);
        std::printf("\nwrote %s\n", d_opt.csv.c_str());
    }

    double clock_hz() const { return d_clock; }

private:
    std::string find_student(const std::string& spec) const
    {
        std::string name = spec.substr(spec.find_last_of('/') + 1);
        if (name.size() > 6 && name.compare(name.size() - 6, 6, ".alist") == 0)
            name.resize(name.size() - 6);
        for (char& ch : name)
            if (ch == ':' || ch == ',')
                ch = '_';
        const std::string path = d_opt.weights_dir + "/" + name + ".nfw";
        return access(path.c_str(), R_OK) == 0 ? path : "";
    }

    /* The Eb/N0 (0.25 dB grid) where the teacher's BER is closest to 1e-3. */
    double ber_1e3_point(const nfec_code* c, const ours& teacher) const
    {
        auto d = create(c, teacher);
        const int n = nfec_code_n(c), count = std::max(64, 400000 / n);
        std::vector<uint8_t> bits(size_t(count) * n);
        double prev_db = 0, prev = 1;
        for (double db = 0.0; db <= 12.0; db += 0.25) {
            const frames f = make_frames(c, db, count);
            nfec_decoder_decode(d.get(), f.llr.data(), 1.0f, size_t(count), bits.data(), nullptr, nullptr);
            const double ber = double(info_errors(c, f, bits, count)) / (double(count) * f.k);
            if (ber <= 1e-3)
                return (db > 0 && std::fabs(std::log(prev / 1e-3)) < std::fabs(std::log(1e-3 / std::max(ber, 1e-9)))) ? prev_db : db;
            prev_db = db;
            prev = ber;
        }
        return 12.0;
    }

    result measure_grfec(const nfec_code* c, const std::string& spec, const std::string& alist, const frames& f, float sigma)
    {
        auto dec = gr::fec::ldpc_decoder::make(alist, sigma, 50);
        /* gr-fec's information bits are those of the alist matrix's own
         * systematic form (ours for an alist code; a standard's code keeps the
         * standard's, elsewhere) */
        nfec_error err{};
        std::unique_ptr<nfec_code, void (*)(nfec_code*)> as_alist(nfec_code_create(alist.c_str(), &err), nfec_code_destroy);
        if (!as_alist)
            die(err.msg);
        const int* pos = nfec_code_info_positions(as_alist.get());
        std::vector<uint8_t> out(f.k), bits;
        long errors = 0, done = 0;
        double best = 0;
        for (int rep = 0; rep < REPEATS; rep++) {
            long n = 0;
            const auto t0 = clock_type::now();
            double dt = 0;
            while (n < 16 || dt < d_opt.seconds / REPEATS) {
                const long at = done + n;
                const int i = int(at % f.count);
                dec->generic_work(const_cast<float*>(&f.soft[size_t(i) * f.n]), out.data());
                if (at < f.count)
                    for (int b = 0; b < f.k; b++)
                        errors += out[b] != f.codewords[size_t(i) * f.n + size_t(pos[b])];
                n++;
                dt = seconds_since(t0);
            }
            done += n;
            best = std::max(best, double(n) / dt);
        }
        result r;
        r.code = spec;
        r.ebn0 = f.ebn0;
        char name[64];
        std::snprintf(name, sizeof name, "gr-fec ldpc_decoder sigma=%.3g", double(sigma));
        r.decoder = name;
        r.path = "generic_work";
        r.isa = "-";
        r.frames = done;
        r.ber = double(errors) / (double(std::min<long>(done, f.count)) * f.k);
        r.fps = best;
        r.mbps = r.fps * f.k / 1e6;
        (void)c;
        d_results.push_back(r);
        return r;
    }

    void measure_ours(const nfec_code* c, const std::string& spec, const ours& o, const frames& f, double ref)
    {
        const int E = nfec_code_edges(c);
        std::vector<uint8_t> bits(size_t(f.count) * f.n);
        auto d = create(c, o);
        std::vector<int> iters(f.count);
        nfec_decoder_decode(d.get(), f.llr.data(), 1.0f, size_t(f.count), bits.data(), nullptr, iters.data());
        const double ber = double(info_errors(c, f, bits, f.count)) / (double(f.count) * f.k);
        result base;
        base.code = spec;
        base.ebn0 = f.ebn0;
        base.decoder = o.name;
        base.ber = ber;
        double kernel_fps = 0;
        for (nfec_isa isa : d_opt.isas) {
            nfec_error err{};
            if (nfec_decoder_set_isa(d.get(), isa, &err) != NFEC_OK) {
                std::printf("  (%s skipped: %s)\n", nfec_isa_name(isa), err.msg);
                continue;
            }
            const spin_result sr = best_spin([&] { return decode_batch(d.get(), f, bits); }, f.count, d_opt.seconds);
            const long done = sr.frames, total_iters = sr.iterations;
            const double dt = sr.seconds;
            result r = base;
            r.path = "kernel";
            r.isa = nfec_isa_name(nfec_decoder_isa(d.get()));
            r.frames = done;
            r.iterations = double(total_iters) / double(done);
            r.fps = double(done) / dt;
            r.mbps = r.fps * f.k / 1e6;
            r.edge_rate = double(total_iters) * E / dt;
            r.bound = d_clock * vector_lanes(nfec_decoder_isa(d.get()), o.precision) * VECTOR_OPS_PER_CYCLE / OPS_PER_EDGE_UPDATE;
            kernel_fps = std::max(kernel_fps, r.fps);
            print(r, ref);
            d_results.push_back(r);
        }
        if (d_opt.threads) {
            result r = base;
            r.path = "kernel 2 threads";
            r.isa = nfec_isa_name(nfec_isa_best());
            std::vector<long> done(2), its(2);
            double dt = 0;
            for (int rep = 0; rep < REPEATS; rep++) {
                std::vector<long> n(2), it(2);
                const auto t0 = clock_type::now();
                std::vector<std::thread> workers;
                for (int t = 0; t < 2; t++)
                    workers.emplace_back([&, t] {
                        auto dec = create(c, o);
                        std::vector<uint8_t> b(bits.size());
                        const spin_result sr = spin([&] { return decode_batch(dec.get(), f, b); }, f.count, d_opt.seconds / REPEATS);
                        n[t] = sr.frames;
                        it[t] = sr.iterations;
                    });
                for (auto& w : workers)
                    w.join();
                const double t = seconds_since(t0);
                if (rep == 0 || (n[0] + n[1]) / t > (done[0] + done[1]) / dt) {
                    done = n;
                    its = it;
                    dt = t;
                }
            }
            r.frames = done[0] + done[1];
            r.iterations = double(its[0] + its[1]) / double(r.frames);
            r.fps = double(r.frames) / dt;
            r.mbps = r.fps * f.k / 1e6;
            r.edge_rate = double(its[0] + its[1]) * E / dt;
            print(r, ref);
            d_results.push_back(r);
        }
        if (d_opt.flowgraph)
            for (int workers : { 1, 2 }) {
                if (workers == 2 && !d_opt.threads)
                    continue;
                result r = base;
                r.path = workers == 1 ? "flowgraph" : "flowgraph capillary x2";
                r.isa = nfec_isa_name(nfec_isa_best());
                r.frames = long(kernel_fps * d_opt.seconds / REPEATS * workers);
                for (int rep = 0; rep < REPEATS; rep++)
                    r.fps = std::max(r.fps, flowgraph_fps([&] { return make_block_decoder(c, o, f); }, f, r.frames, workers));
                r.mbps = r.fps * f.k / 1e6;
                print(r, ref);
                d_results.push_back(r);
            }
    }

    /* A decoder spec: the C kernels on one thread (decoder_run.h, what
     * neuralfec-eval runs) and the block make_decoder builds, through the
     * flowgraph. */
    void measure_spec(const nfec_code* c, const std::string& code_spec, const std::string& name, const frames& f, double ref)
    {
        nfec_decoder_spec s;
        nfec_error err{};
        nfec_decoder_spec_parse(name.c_str(), &s, &err);
        std::unique_ptr<decoder_run, void (*)(decoder_run*)> run(decoder_run_create(c, &s, d_opt.weights_dir.c_str(), &err), decoder_run_destroy);
        if (!run)
            die(name + ": " + err.msg);
        std::vector<uint8_t> bits(size_t(f.count) * f.n);
        const auto batch = [&] { return decoder_run_decode(run.get(), f.llr.data(), 1.0f, size_t(f.count), bits.data()); };
        batch();
        result r;
        r.code = code_spec;
        r.ebn0 = f.ebn0;
        r.decoder = name;
        r.ber = double(info_errors(c, f, bits, f.count)) / (double(f.count) * f.k);
        r.path = "kernel";
        r.isa = nfec_isa_name(nfec_isa_best());
        const spin_result sr = best_spin(batch, f.count, d_opt.seconds);
        const double best = double(sr.frames) / sr.seconds;
        r.frames = sr.frames;
        r.fps = best;
        r.iterations = double(sr.iterations) / double(r.frames);
        r.mbps = r.fps * f.k / 1e6;
        print(r, ref);
        d_results.push_back(r);
        if (!d_opt.flowgraph)
            return;
        result g = r;
        g.path = "flowgraph";
        g.iterations = NAN;
        g.fps = 0;
        g.frames = long(best * d_opt.seconds / REPEATS);
        const int fs = FLOWGRAPH_CODEWORDS * f.k;
        for (int rep = 0; rep < REPEATS; rep++)
            g.fps = std::max(g.fps, flowgraph_fps([&] { return gr::neuralfec::make_decoder(name, code_spec, fs, d_opt.weights_dir); }, f, g.frames, 1));
        g.mbps = g.fps * f.k / 1e6;
        print(g, ref);
        d_results.push_back(g);
    }

    void print(const result& r, double ref) const
    {
        if (d_results.empty() || d_header_for != r.code + std::to_string(r.ebn0)) {
            std::printf("  %-38s %-24s %-8s %9s %6s %11s %8s %8s %9s\n", "decoder", "path", "isa", "BER", "iter", "frames/s",
                        "Mbit/s", "x gr-fec", "edge/s");
            d_header_for = r.code + std::to_string(r.ebn0);
        }
        char edges[48] = "";
        if (r.edge_rate > 0 && r.bound > 0)
            std::snprintf(edges, sizeof edges, "%.2e (bound/%.1f)", r.edge_rate, r.bound / r.edge_rate);
        else if (r.edge_rate > 0)
            std::snprintf(edges, sizeof edges, "%.2e", r.edge_rate);
        std::printf("  %-38s %-24s %-8s %9.2e %6.2f %11.0f %8.3f %8.1f %s\n", r.decoder.c_str(), r.path.c_str(), r.isa.c_str(), r.ber,
                    r.iterations, r.fps, r.mbps, r.fps / ref, edges);
        std::fflush(stdout);
    }

    options d_opt;
    double d_clock;
    std::vector<result> d_results;
    mutable std::string d_header_for;
};

const char* const USAGE =
    "usage: neuralfec-speed [--code SPEC]... [--ebn0 DB[,DB...]] [--seconds S] [--isa best|all|NAME]\n"
    "                       [--decoders LIST] [--weights-dir DIR] [--no-flowgraph] [--no-threads] [--csv FILE]\n"
    "Decoders (default all): teacher, teacher-full (no early stop), student, and each\n"
    "with -int16 (teacher-int16, teacher-full-int16, student-int16); grfec; and any decoder\n"
    "spec (minsum:T, student:NAME, osd:W, bm, chase:P, X+osd:W, ...: neuralfec-eval --help),\n"
    "measured on one thread and through the flowgraph. Naming only specs skips the named set.\n"
    "Default codes: bch:63,36, bch:127,64 and GNU Radio's n_0100_k_0042_gap_02 and\n"
    "n_1800_k_0902_gap_28; default points: the teacher's BER-1e-3 Eb/N0 and 3 dB above.\n";

options parse(int argc, char** argv)
{
    options o;
    o.weights_dir = app_weights_dir();
    std::string isa = "best";
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(a + " needs a value\n" + USAGE);
            return argv[++i];
        };
        if (a == "--code")
            o.codes.push_back(value());
        else if (a == "--seconds") {
            nfec_error err{};
            if (nfec_parse_double(value().c_str(), 1e-3, 3600, "--seconds", &o.seconds, &err) != NFEC_OK)
                die(err.msg);
        }
        else if (a == "--ebn0") {
            std::vector<double> points(256);
            int count = 0;
            nfec_error err{};
            if (nfec_parse_ebn0_list(value().c_str(), points.data(), int(points.size()), &count, &err) != NFEC_OK)
                die(err.msg);
            o.ebn0.assign(points.begin(), points.begin() + count);
        } else if (a == "--isa")
            isa = value();
        else if (a == "--weights-dir")
            o.weights_dir = value();
        else if (a == "--csv")
            o.csv = value();
        else if (a == "--decoders") {
            const std::string v = value();
            for (size_t p = 0; p < v.size();) {
                const size_t q = v.find(',', p);
                const std::string name = v.substr(p, q - p);
                nfec_decoder_spec spec;
                nfec_error err{};
                if (name == "teacher" || name == "teacher-full" || name == "student" || name == "teacher-int16" ||
                    name == "teacher-full-int16" || name == "student-int16" || name == "grfec")
                    o.decoders.insert(name);
                else if (nfec_decoder_spec_parse(name.c_str(), &spec, &err) == NFEC_OK)
                    o.specs.push_back(name);
                else
                    die(std::string(err.msg) + "\n" + USAGE);
                p = q == std::string::npos ? v.size() : q + 1;
            }
        } else if (a == "--no-flowgraph")
            o.flowgraph = false;
        else if (a == "--no-threads")
            o.threads = false;
        else if (a == "-h" || a == "--help") {
            std::fputs(USAGE, stdout);
            std::exit(0);
        } else
            die("unknown option " + a + "\n" + USAGE);
    }
    if (isa == "best")
        o.isas = { nfec_isa_best() };
    else if (isa == "all") {
        for (int i = NFEC_ISA_PORTABLE; i <= NFEC_ISA_AVX512; i++)
            if (nfec_isa_supported(nfec_isa(i)))
                o.isas.push_back(nfec_isa(i));
    } else {
        for (int i = NFEC_ISA_PORTABLE; i <= NFEC_ISA_AVX512; i++)
            if (isa == nfec_isa_name(nfec_isa(i)))
                o.isas = { nfec_isa(i) };
        if (o.isas.empty())
            die("unknown instruction set " + isa + " (portable, sse4.1, avx2, avx512, best, all)");
    }
    if (o.codes.empty())
        o.codes = { "bch:63,36", "bch:127,64", std::string(NFEC_LDPC_DIR) + "/n_0100_k_0042_gap_02.alist",
                    std::string(NFEC_LDPC_DIR) + "/n_1800_k_0902_gap_28.alist" };
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    app_check_stdout_at_exit("neuralfec-speed");
    const options opt = parse(argc, argv);
    try {
        bench b(opt);
        std::printf("core clock %.2f GHz (dependent-add chain), best kernel %s; SIMD bound = clock x lanes per vector x %.0f "
                    "vector ops/cycle / %.0f ops per edge update\n",
                    b.clock_hz() / 1e9, nfec_isa_name(nfec_isa_best()), VECTOR_OPS_PER_CYCLE, OPS_PER_EDGE_UPDATE);
        for (const std::string& spec : opt.codes)
            b.run_code(spec);
        b.write_csv();
    } catch (const std::exception& e) {
        die(e.what());
    }
    return 0;
}
