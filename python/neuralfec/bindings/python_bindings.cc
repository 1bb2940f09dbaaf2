/*
 * Python bindings of gr-neuralfec (pybind11, written by hand: the module is
 * small and its docstrings live beside the calls).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <gnuradio/neuralfec/code.h>
#include <gnuradio/neuralfec/linear_encoder.h>
#include <gnuradio/neuralfec/minsum_decoder.h>

namespace py = pybind11;
using namespace gr::neuralfec;

PYBIND11_MODULE(neuralfec_python, m)
{
    // generic_encoder / generic_decoder are registered by gnuradio.fec.
    py::module::import("gnuradio.fec");

    py::class_<code, std::shared_ptr<code>>(m, "code", "A binary linear code named by a spec string.")
        .def_static("make", &code::make, py::arg("spec"),
                    "spec: path to an .alist file, 'bch:N,K' or 'bch:N,K:cyclic'. Raises ValueError naming the fault.")
        .def("spec", &code::spec)
        .def("n", &code::n, "code length")
        .def("k", &code::k, "dimension (n - rank H)")
        .def("checks", &code::checks, "rows of the parity-check matrix")
        .def("edges", &code::edges, "ones in the parity-check matrix")
        .def("hash", &code::hash, "identity of the parity-check matrix")
        .def("info_positions", &code::info_positions, "codeword positions of the information bits")
        .def("encode", &code::encode, py::arg("info"), "k information bits -> n code bits")
        .def("write_alist", &code::write_alist, py::arg("path"), "writes H as alist (atomically)");

    py::class_<minsum_decoder, gr::fec::generic_decoder, std::shared_ptr<minsum_decoder>>(
        m, "minsum_decoder", "Min-sum decoder (the teacher), a gr::fec::generic_decoder.")
        .def_static("make", &minsum_decoder::make, py::arg("code"), py::arg("max_iterations") = 30,
                    py::arg("early_stop") = true, py::arg("frame_size") = 0,
                    "code: alist path or bch:N,K[:cyclic]; frame_size: information bits per frame, a multiple of K (0: K)")
        .def("rate", &minsum_decoder::rate)
        .def("set_frame_size", &minsum_decoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &minsum_decoder::get_input_size)
        .def("get_output_size", &minsum_decoder::get_output_size)
        .def("get_iterations", &minsum_decoder::get_iterations, "mean iterations per codeword in the last frame");

    py::class_<linear_encoder, gr::fec::generic_encoder, std::shared_ptr<linear_encoder>>(
        m, "linear_encoder", "Systematic encoder of any binary linear code, a gr::fec::generic_encoder.")
        .def_static("make", &linear_encoder::make, py::arg("code"), py::arg("frame_size") = 0)
        .def("rate", &linear_encoder::rate)
        .def("set_frame_size", &linear_encoder::set_frame_size, py::arg("frame_size"))
        .def("get_input_size", &linear_encoder::get_input_size)
        .def("get_output_size", &linear_encoder::get_output_size);
}
