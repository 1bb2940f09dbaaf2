/*
 * Python bindings of gr-neuralfec (pybind11, written by hand: the module is
 * small and its docstrings live beside the calls).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <gnuradio/neuralfec/bch_decoder.h>
#include <gnuradio/neuralfec/code.h>
#include <gnuradio/neuralfec/linear_encoder.h>
#include <gnuradio/neuralfec/bp_decoder.h>
#include <gnuradio/neuralfec/make_decoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>
#include <gnuradio/neuralfec/neural_minsum_decoder.h>
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_recording.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <gnuradio/neuralfec/osd_decoder.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <cstring>
#include <stdexcept>

namespace py = pybind11;
using namespace gr::neuralfec;

/* A generic_decoder made here (make_decoder) reaches Python as its own class,
 * with its own methods (mean_iterations, set_weight_file, ...). */
namespace pybind11 {
template <>
struct polymorphic_type_hook<gr::fec::generic_decoder> {
    template <class T>
    static const void* as(const gr::fec::generic_decoder* src, const std::type_info*& type)
    {
        const T* p = dynamic_cast<const T*>(src);
        if (p)
            type = &typeid(T);
        return p;
    }
    static const void* get(const gr::fec::generic_decoder* src, const std::type_info*& type)
    {
        if (const void* p = as<neural_minsum_decoder>(src, type))
            return p;
        if (const void* p = as<bp_decoder>(src, type))
            return p;
        if (const void* p = as<minsum_decoder>(src, type))
            return p;
        if (const void* p = as<osd_decoder>(src, type))
            return p;
        if (const void* p = as<bch_decoder>(src, type))
            return p;
        type = src ? &typeid(*src) : nullptr; /* pybind11's own rule */
        return dynamic_cast<const void*>(src);
    }
};
} // namespace pybind11

namespace {

/* llr_scale from Python: a positive number, or "auto" (llr_scale_auto:
 * estimated from the soft bits); ValueError otherwise. */
float llr_scale_arg(const py::object& v)
{
    if (py::isinstance<py::str>(v)) {
        if (v.cast<std::string>() == "auto")
            return llr_scale_auto;
        throw std::invalid_argument("llr_scale must be a positive finite number or \"auto\", not \"" + v.cast<std::string>() + "\"");
    }
    const float x = v.cast<float>();
    if (!(x > 0.0f))
        throw std::invalid_argument("llr_scale must be a positive finite number or \"auto\", not " + std::to_string(x));
    return x;
}

/* Hand-made normalized / offset min-sum weights, written to a weight file. */
void write_scalar_weights(const std::string& spec, int iterations, float alpha, float beta, const std::string& path)
{
    auto c = code::make(spec);
    nfec_error err{};
    nfec_weights* w = nfec_weights_create_scalar(c->get(), iterations, alpha, beta, &err);
    nfec_status st = w ? nfec_weights_set_provenance(w, ("neuralfec.write_scalar_weights: normalization " + std::to_string(alpha) + ", offset " + std::to_string(beta)).c_str(), &err) : err.status;
    if (st == NFEC_OK)
        st = nfec_weights_save(w, path.c_str(), &err);
    nfec_weights_destroy(w);
    if (st != NFEC_OK)
        throw std::invalid_argument(err.msg);
}

/* Text from a file, as Python text even when it is not valid UTF-8 (a bad
 * byte becomes U+FFFD rather than an exception). */
py::str file_text(const char* s)
{
    PyObject* o = PyUnicode_DecodeUTF8(s, Py_ssize_t(std::strlen(s)), "replace");
    if (!o)
        throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

/* What a weight file holds, as a dict. */
py::dict weight_file_info(const std::string& path)
{
    nfec_error err{};
    nfec_weights* w = nfec_weights_load(path.c_str(), &err);
    if (!w)
        throw std::invalid_argument(err.msg);
    py::dict d;
    d["code"] = file_text(nfec_weights_code_spec(w));
    d["iterations"] = nfec_weights_iterations(w);
    d["provenance"] = file_text(nfec_weights_provenance(w));
    d["rule"] = nfec_update_rule_name(nfec_weights_update_rule(w));
    d["schedule"] = nfec_schedule_name(nfec_weights_schedule(w));
    py::dict sharing;
    for (int f = 0; f < NFEC_FAMILIES; f++)
        sharing[nfec_family_name(nfec_family(f))] = nfec_weights_sharing(w, nfec_family(f));
    d["sharing"] = sharing;
    float alpha, beta;
    const bool scalar = nfec_weights_scalar(w, &alpha, &beta);
    d["kind"] = scalar ? "scalar" : "learned"; // scalar: nothing learned per edge or iteration
    d["alpha"] = scalar ? py::object(py::float_(alpha)) : py::object(py::none());
    d["beta"] = scalar ? py::object(py::float_(beta)) : py::object(py::none());
    nfec_weights_destroy(w);
    return d;
}

/* A decoder spec (nfec_spec.h) as a dict; ValueError naming the fault. */
py::dict parse_decoder_spec(const std::string& text)
{
    static const char* const kinds[] = { "minsum", "nms", "oms", "bp", "student", "osd", "bm", "chase" };
    nfec_decoder_spec s;
    nfec_error err{};
    if (nfec_decoder_spec_parse(text.c_str(), &s, &err) != NFEC_OK)
        throw std::invalid_argument(err.msg);
    py::dict d;
    d["kind"] = kinds[s.kind];
    d["iterations"] = s.iterations;
    d["early_stop"] = bool(s.early_stop);
    d["rule"] = nfec_update_rule_name(s.rule);
    d["schedule"] = nfec_schedule_name(s.schedule);
    d["alpha"] = s.alpha;
    d["beta"] = s.beta;
    d["damping"] = s.damping;
    d["weights"] = std::string(s.weights);
    d["osd_order"] = s.osd_order;
    d["chase_bits"] = s.chase_bits;
    d["fixed_point"] = s.precision == NFEC_FIXED16;
    return d;
}

/* The channel of a code at an Eb/N0 in the tools' spellings. */
static std::unique_ptr<nfec_channel, void (*)(nfec_channel*)> make_channel(const code::sptr& c, double ebn0_db, uint64_t seed, int stream,
                                                                          const std::string& modulation, const std::string& channel)
{
    nfec_channel_config cfg;
    nfec_channel_config_default(&cfg);
    nfec_error err{};
    if (nfec_channel_config_parse(&cfg, modulation.c_str(), channel.c_str(), &err) != NFEC_OK)
        throw std::invalid_argument(err.msg);
    cfg.seed = seed;
    cfg.ebn0_db = ebn0_db;
    cfg.stream = stream;
    std::unique_ptr<nfec_channel, void (*)(nfec_channel*)> ch(nfec_channel_create(c->get(), &cfg, &err), nfec_channel_destroy);
    if (!ch)
        throw std::invalid_argument(err.msg);
    return ch;
}

/* Frames start .. start + count - 1 of a step of the channel (nfec_channel.h):
 * (information bits, codewords, the sent bits' soft values in GNU Radio's
 * convention). */
py::tuple channel_frames(const std::string& spec, double ebn0_db, int count, uint64_t seed, long step, int start, int stream,
                         const std::string& modulation, const std::string& channel)
{
    if (count < 0 || start < 0 || count > (1 << 24) || long(start) + count > (1L << 31) - 1)
        throw std::invalid_argument("channel_frames: count " + std::to_string(count) + " and start " + std::to_string(start) +
                                    " must be non-negative and fit the frame counter");
    code::sptr c = code::make(spec);
    auto ch = make_channel(c, ebn0_db, seed, stream, modulation, channel);
    const int n = c->n(), k = c->k();
    py::array_t<uint8_t> info({ count, k }), cw({ count, n });
    py::array_t<float> soft({ count, c->tx_n() });
    for (int f = 0; f < count; f++)
        nfec_channel_frame(ch.get(), step, start + f, info.mutable_data(f, 0), cw.mutable_data(f, 0), nullptr, soft.mutable_data(f, 0));
    return py::make_tuple(info, cw, soft);
}

/* 2 / sigma^2: what turns the channel's soft bits into its LLRs. */
double channel_llr_scale(const std::string& spec, double ebn0_db, const std::string& modulation)
{
    auto ch = make_channel(code::make(spec), ebn0_db, 1, NFEC_STREAM_TEST, modulation, "awgn");
    const double s = nfec_channel_sigma(ch.get());
    return s > 0 ? 2.0 / (s * s) : double(NFEC_LLR_MAX);
}

/* A recording being written (nfec_recording.h): frames added one by one,
 * the file appearing whole at close(). */
class recording_writer
{
public:
    recording_writer(const std::string& path, const std::string& spec) : d_code(code::make(spec))
    {
        nfec_error err{};
        if (!(d_w = nfec_recording_writer_create(path.c_str(), d_code->get(), &err)))
            throw std::invalid_argument(err.msg);
    }
    ~recording_writer() { nfec_recording_writer_abandon(d_w); }
    void add(py::array_t<float, py::array::c_style | py::array::forcecast> soft, py::array_t<uint8_t, py::array::c_style | py::array::forcecast> bits)
    {
        const long n = d_code->n();
        if (!d_w)
            throw std::invalid_argument("recording_writer: already closed");
        if (soft.size() != bits.size() || soft.size() % n)
            throw std::invalid_argument("recording_writer.add: soft values and codeword bits of whole frames of n = " + std::to_string(n) +
                                        " (got " + std::to_string(soft.size()) + " and " + std::to_string(bits.size()) + ")");
        nfec_error err{};
        for (long f = 0; f < long(soft.size()) / n; f++)
            if (nfec_recording_writer_add(d_w, soft.data() + f * n, bits.data() + f * n, &err) != NFEC_OK)
                throw std::invalid_argument(err.msg);
    }
    long frames() const { return d_w ? nfec_recording_writer_frames(d_w) : d_closed_frames; }
    void close()
    {
        if (!d_w)
            return;
        nfec_error err{};
        d_closed_frames = nfec_recording_writer_frames(d_w);
        nfec_status st = nfec_recording_writer_finish(d_w, &err);
        d_w = nullptr;
        if (st != NFEC_OK)
            throw std::runtime_error(err.msg);
    }

private:
    code::sptr d_code;
    nfec_recording_writer* d_w = nullptr;
    long d_closed_frames = 0;
};

/* A whole recording: (soft values [frames, n], codewords [frames, n]). */
py::tuple read_recording(const std::string& path, const std::string& spec)
{
    code::sptr c = code::make(spec);
    nfec_error err{};
    std::unique_ptr<nfec_recording, void (*)(nfec_recording*)> r(nfec_recording_load(path.c_str(), c->get(), &err), nfec_recording_destroy);
    if (!r)
        throw std::invalid_argument(err.msg);
    const long frames = nfec_recording_frames(r.get()), n = c->n();
    py::array_t<float> soft({ frames, n });
    py::array_t<uint8_t> bits({ frames, n });
    for (long f = 0; f < frames; f++)
        nfec_recording_frame(r.get(), f, soft.mutable_data(f, 0), bits.mutable_data(f, 0));
    return py::make_tuple(soft, bits);
}

/* An Eb/N0 list (nfec_spec.h) as a list of floats. */
std::vector<double> parse_ebn0_list(const std::string& text)
{
    std::vector<double> out(1024);
    int count = 0;
    nfec_error err{};
    if (nfec_parse_ebn0_list(text.c_str(), out.data(), int(out.size()), &count, &err) != NFEC_OK)
        throw std::invalid_argument(err.msg);
    out.resize(size_t(count));
    return out;
}

} // namespace

PYBIND11_MODULE(neuralfec_python, m)
{
    // generic_encoder / generic_decoder are registered by gnuradio.fec.
    py::module::import("gnuradio.fec");

    py::class_<code, std::shared_ptr<code>>(m, "code", "A binary linear code named by a spec string.")
        .def_static("make", &code::make, py::arg("spec"),
                    "spec: path to an .alist file, 'bch:N,K', 'bch:N,K:cyclic', 'wifi:N:R' (IEEE 802.11n/ac), 'nr:BG:Z[:K]' (5G NR), "
                    "'ccsds:ar4ja:R:K', 'ccsds:c2' or 'dvbs2:short:R'. Raises ValueError naming the fault.")
        .def("spec", &code::spec)
        .def("n", &code::n, "code length (the mother code's: codewords and decoder LLRs)")
        .def("k", &code::k, "information bits per codeword (shortened ones excluded)")
        .def("tx_n", &code::tx_n, "bits sent per codeword (n less punctured and shortened)")
        .def("punctured", &code::punctured, "positions never sent")
        .def("shortened", &code::shortened, "information bits fixed to 0, neither supplied nor sent")
        .def("tx_positions", &code::tx_positions, "the codeword positions sent, in order")
        .def(
            "tx_expand",
            [](const code& c, py::array_t<float, py::array::c_style | py::array::forcecast> sent, float scale) {
                if (sent.ndim() != 2 || sent.shape(1) != c.tx_n())
                    throw std::invalid_argument("tx_expand: expected (frames, " + std::to_string(c.tx_n()) + ") values, the bits sent a codeword");
                const auto frames = sent.shape(0);
                py::array_t<float> llr({ frames, py::ssize_t(c.n()) });
                for (py::ssize_t f = 0; f < frames; f++)
                    nfec_code_tx_expand(c.get(), sent.data(f, 0), scale, llr.mutable_data(f, 0));
                return llr;
            },
            py::arg("sent"), py::arg("scale") = 1.0f,
            "(frames, tx_n) received values -> (frames, n) LLRs of the whole code: scale * value where sent, 0 where "
            "punctured, +1e4 (bit 0, certain) where shortened")
        .def("checks", &code::checks, "rows of the parity-check matrix")
        .def("edges", &code::edges, "ones in the parity-check matrix")
        .def("hash", &code::hash, "identity of the parity-check matrix")
        .def("info_positions", &code::info_positions, "codeword positions of the information bits")
        .def("encode", &code::encode, py::arg("info"), "k information bits -> n code bits")
        .def("write_alist", &code::write_alist, py::arg("path"), "writes H as alist (atomically)");

    py::class_<minsum_decoder, gr::fec::generic_decoder, std::shared_ptr<minsum_decoder>>(
        m, "minsum_decoder", "Min-sum decoder (the teacher), a gr::fec::generic_decoder.")
        .def_static("make",
                    [](const std::string& c, int t, int fs, const py::object& scale, bool es, bool fp, int osd, const std::string& sched) {
                        return minsum_decoder::make(c, t, fs, llr_scale_arg(scale), es, fp, osd, sched);
                    },
                    py::arg("code"), py::arg("max_iterations") = 30, py::arg("frame_size") = 0, py::arg("llr_scale") = 1.0f, py::arg("early_stop") = true, py::arg("fixed_point") = false, py::arg("osd_order") = -1,
                    py::arg("schedule") = "flooding",
                    "code: alist path or bch:N,K[:cyclic]; frame_size: information bits per frame, a multiple of K (0: K; -N: N codewords); "
                    "llr_scale: LLR = -llr_scale * soft bit, positive, or \"auto\": estimated from the soft bits (two-level: BPSK, QPSK) "
                    "and logged when it changes (only the 16-bit arithmetic depends on it); "
                    "fixed_point: 16-bit integer arithmetic, 16 codewords at once (soft bits of order 1); "
                    "osd_order: OSD of this order (0-4) on the codewords min-sum fails, -1 the code's default "
                    "(2 for length <= 64, else 0); schedule: \"flooding\" or \"layered\" (row-layered: about flooding's "
                    "error rate at twice the iterations)")
        .def("rate", &minsum_decoder::rate)
        .def("set_frame_size", &minsum_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &minsum_decoder::get_input_size)
        .def("get_output_size", &minsum_decoder::get_output_size)
        .def("get_iterations", &minsum_decoder::get_iterations, "mean iterations per codeword in the last frame")
        .def("mean_iterations", &minsum_decoder::mean_iterations, "mean iterations per codeword over all frames decoded");

    py::class_<bp_decoder, gr::fec::generic_decoder, std::shared_ptr<bp_decoder>>(
        m, "bp_decoder", "Sum-product (belief propagation) decoder, a gr::fec::generic_decoder.")
        .def_static("make",
                    [](const std::string& c, int t, int fs, const py::object& scale, bool es, int osd, const std::string& sched, float damping) {
                        return bp_decoder::make(c, t, fs, llr_scale_arg(scale), es, osd, sched, damping);
                    },
                    py::arg("code"), py::arg("max_iterations") = 30, py::arg("frame_size") = 0, py::arg("llr_scale") = 1.0f, py::arg("early_stop") = true, py::arg("osd_order") = -1, py::arg("schedule") = "flooding",
                    py::arg("damping") = 0.0f,
                    "as minsum_decoder.make without fixed_point; BP depends on the LLRs' scale: llr_scale = 2 / sigma^2 "
                    "for BPSK of amplitude 1, or \"auto\" (estimated from the soft bits); damping in [0, 1), flooding only: "
                    "each check message from the second iteration is (1 - damping) new + damping old")
        .def("rate", &bp_decoder::rate)
        .def("set_frame_size", &bp_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &bp_decoder::get_input_size)
        .def("get_output_size", &bp_decoder::get_output_size)
        .def("get_iterations", &bp_decoder::get_iterations, "mean iterations per codeword in the last frame")
        .def("mean_iterations", &bp_decoder::mean_iterations, "mean iterations per codeword over all frames decoded");

    py::class_<neural_minsum_decoder, gr::fec::generic_decoder, std::shared_ptr<neural_minsum_decoder>>(
        m, "neural_minsum_decoder",
        "Neural decoder (the student) with weights from a file, on the file's update rule and schedule, a gr::fec::generic_decoder.")
        .def_static("make",
                    [](const std::string& w, const std::string& c, int fs, const py::object& scale, bool es, bool fp, int osd) {
                        return neural_minsum_decoder::make(w, c, fs, llr_scale_arg(scale), es, fp, osd);
                    },
                    py::arg("weight_file"), py::arg("code") = "", py::arg("frame_size") = 0, py::arg("llr_scale") = 1.0f, py::arg("early_stop") = true,
                    py::arg("fixed_point") = false, py::arg("osd_order") = -1,
                    "weight_file: from neuralfec-train or neuralfec-weights init; code: empty for the file's own, "
                    "else the same code (decoded on the weights' own matrix); llr_scale: LLR = -llr_scale * soft bit, or \"auto\" "
                    "(matters only with offsets, sum-product or fixed point); "
                    "early_stop: stop a codeword once its hard decision satisfies every check; "
                    "fixed_point: 16-bit integer arithmetic, weights quantized at load (LLR steps of 1/64, clamp 128); "
                    "osd_order: OSD of this order (0-4) on the codewords the student fails, -1 the code's default")
        .def_static("make_scalar",
                    [](const std::string& c, int t, float a, float b, int fs, const py::object& scale, bool es, bool fp, int osd,
                       const std::string& sched) { return neural_minsum_decoder::make_scalar(c, t, a, b, fs, llr_scale_arg(scale), es, fp, osd, sched); },
                    py::arg("code"), py::arg("iterations"), py::arg("alpha"), py::arg("beta") = 0.0f, py::arg("frame_size") = 0,
                    py::arg("llr_scale") = 1.0f, py::arg("early_stop") = true,
                    py::arg("fixed_point") = false, py::arg("osd_order") = -1, py::arg("schedule") = "flooding",
                    "normalized (alpha) / offset (beta) min-sum with hand-made weights; schedule: \"flooding\" or \"layered\"; "
                    "the rest as make()")
        .def("set_weight_file", &neural_minsum_decoder::set_weight_file, py::arg("weight_file"),
             "swap weights while running; a bad file is refused (logged) and the old weights stay")
        .def("weight_file", &neural_minsum_decoder::weight_file)
        .def("iterations", &neural_minsum_decoder::iterations)
        .def("rate", &neural_minsum_decoder::rate)
        .def("set_frame_size", &neural_minsum_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &neural_minsum_decoder::get_input_size)
        .def("get_output_size", &neural_minsum_decoder::get_output_size)
        .def("get_iterations", &neural_minsum_decoder::get_iterations)
        .def("mean_iterations", &neural_minsum_decoder::mean_iterations, "mean iterations per codeword over all frames decoded");

    py::class_<osd_decoder, gr::fec::generic_decoder, std::shared_ptr<osd_decoder>>(
        m, "osd_decoder", "Ordered-statistics decoder (near-ML on short codes) on the channel values, a gr::fec::generic_decoder.")
        .def_static("make", &osd_decoder::make, py::arg("code"), py::arg("order") = 2, py::arg("frame_size") = 0,
                    "code: alist path or bch:N,K[:cyclic]; order: 0-4 (cost grows as k^order); frame_size as for the other decoders")
        .def("rate", &osd_decoder::rate)
        .def("set_frame_size", &osd_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &osd_decoder::get_input_size)
        .def("get_output_size", &osd_decoder::get_output_size);

    py::class_<bch_decoder, gr::fec::generic_decoder, std::shared_ptr<bch_decoder>>(
        m, "bch_decoder", "Berlekamp-Massey / Chase-II decoder of the BCH codes, a gr::fec::generic_decoder.")
        .def_static("make", &bch_decoder::make, py::arg("code"), py::arg("chase_bits") = 0, py::arg("frame_size") = 0,
                    "code: bch:N,K[:cyclic]; chase_bits: 0 for Berlekamp-Massey on the hard decision, 1-12 for Chase-II "
                    "on that many least reliable positions")
        .def("correctable", &bch_decoder::correctable, "the number of errors corrected, t")
        .def("rate", &bch_decoder::rate)
        .def("set_frame_size", &bch_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &bch_decoder::get_input_size)
        .def("get_output_size", &bch_decoder::get_output_size);

    m.def(
        "_make_decoder",
        [](const std::string& spec, const std::string& c, int fs, const std::string& dir, const py::object& scale) {
            return make_decoder(spec, c, fs, dir, llr_scale_arg(scale));
        },
        py::arg("spec"), py::arg("code"), py::arg("frame_size") = 0, py::arg("weights_dir") = "", py::arg("llr_scale") = 1.0f);
    m.def("parse_decoder_spec", &parse_decoder_spec, py::arg("spec"),
          "a decoder spec (minsum:T, nms:T:ALPHA[:BETA], oms:T:BETA, bp:T[:DAMPING], each with :full and :layered; student:FILE|NAME, "
          "osd:W, bm, chase:P, +osd:W, @int16) as a dict; ValueError naming the fault");
    m.def("channel_frames", &channel_frames, py::arg("code"), py::arg("ebn0_db"), py::arg("count"), py::arg("seed") = 1, py::arg("step") = 0,
          py::arg("start") = 0, py::arg("stream") = int(NFEC_STREAM_TEST), py::arg("modulation") = "bpsk", py::arg("channel") = "awgn",
          "frames start..start+count-1 of the channel (counter-based: the same frames as neuralfec-eval with the same seed, "
          "modulation and channel, spelled as its --modulation and --channel): (info bits [count, k], codewords [count, n], "
          "soft bits [count, n] in GNU Radio's convention, bit 1 -> +1, = -LLR * sigma^2 / 2); ebn0_db inf: noiseless");
    py::class_<recording_writer>(m, "recording_writer",
                                 "Recorded soft symbols for neuralfec-train --data and neuralfec-eval --data "
                                 "(docs/recording-format.md): the file appears whole at close(), or not at all")
        .def(py::init<const std::string&, const std::string&>(), py::arg("path"), py::arg("code"))
        .def("add", &recording_writer::add, py::arg("soft"), py::arg("codewords"),
             "frames of soft values in GNU Radio's convention and the codewords sent (0/1), n values each; "
             "ValueError for a NaN or a codeword that is not one")
        .def("frames", &recording_writer::frames)
        .def("close", &recording_writer::close, "completes the file (atomically)");
    m.def("read_recording", &read_recording, py::arg("path"), py::arg("code"),
          "(soft values [frames, n], codewords [frames, n]) of a recording, checked whole; ValueError naming the fault");
    m.def("channel_llr_scale", &channel_llr_scale, py::arg("code"), py::arg("ebn0_db"), py::arg("modulation") = "bpsk",
          "2 / sigma^2 of the channel (Eb/N0 per information bit, the modulation's bits per symbol): soft bits times this are LLRs");
    m.def("parse_ebn0_list", &parse_ebn0_list, py::arg("text"), "numbers and ranges A:B:STEP, comma-separated, as a list");
    m.def("write_scalar_weights", &write_scalar_weights, py::arg("code"), py::arg("iterations"),
          py::arg("alpha") = 1.0f, py::arg("beta") = 0.0f, py::arg("path"),
          "writes normalized (alpha) / offset (beta) min-sum weights as a weight file");
    m.def("weight_file_info", &weight_file_info, py::arg("path"), "code, iterations, rule, schedule, sharing, kind (scalar: alpha, beta) and provenance of a weight file");

    py::class_<linear_encoder, gr::fec::generic_encoder, std::shared_ptr<linear_encoder>>(
        m, "linear_encoder", "Systematic encoder of any binary linear code, a gr::fec::generic_encoder.")
        .def_static("make", &linear_encoder::make, py::arg("code"), py::arg("frame_size") = 0)
        .def("rate", &linear_encoder::rate)
        .def("set_frame_size", &linear_encoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &linear_encoder::get_input_size)
        .def("get_output_size", &linear_encoder::get_output_size);
}
