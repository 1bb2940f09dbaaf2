#!/usr/bin/python3
"""Every example flowgraph compiles with grcc and runs headless, bounded."""
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from gnuradio import gr, gr_unittest
from qa_common import SRC, soft_frames


def compile_grc(path, outdir):
    env = dict(os.environ, GRC_BLOCKS_PATH=os.path.join(SRC, "grc"), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(["grcc", "-o", outdir, path], env=env, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("grcc %s failed:\n%s%s" % (path, r.stdout, r.stderr))
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, os.path.join(outdir, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return getattr(mod, name)


_QT_APP = []


def run_headless(name, seconds, outdir):
    """Compiles examples/<name>.grc, runs it for `seconds` with any QT widgets
    offscreen, and returns the stopped flowgraph."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PyQt5 import Qt
    if not _QT_APP:
        _QT_APP.append(Qt.QApplication.instance() or Qt.QApplication([]))
    tb = compile_grc(os.path.join(SRC, "examples", name + ".grc"), outdir)()
    tb.start()
    time.sleep(seconds)
    tb.stop()
    tb.wait()
    return tb


class qa_examples(gr_unittest.TestCase):
    def test_every_block_definition_makes_its_decoder(self):
        # A flowgraph holding every FEC definition of grc/ with its default
        # parameters compiles with grcc and makes each object.
        defs = sorted(f[:-len(".block.yml")] for f in os.listdir(os.path.join(SRC, "grc")) if f.endswith("_def.block.yml"))
        self.assertIn("neuralfec_bp_decoder_def", defs)
        blocks = []
        for i, d in enumerate(defs):
            params = {"weight_file": "neuralfec.shipped_weights('bch_63_36')"} if "neural" in d else {}
            blocks.append({"name": "d%d" % i, "id": "variable_" + d, "parameters": params,
                           "states": {"coordinate": [8 + 100 * i, 100], "rotation": 0, "state": "enabled"}})
        for name, kind in (("src", "blocks_null_source"), ("snk", "blocks_null_sink")):
            blocks.append({"name": name, "id": kind, "parameters": {"type": "byte"},
                           "states": {"coordinate": [8, 300], "rotation": 0, "state": "enabled"}})
        import yaml
        graph = {"options": {"parameters": {"id": "every_def", "generate_options": "no_gui", "output_language": "python", "run": "True",
                                            "run_options": "run", "title": "every definition"},
                             "states": {"coordinate": [8, 8], "rotation": 0, "state": "enabled"}},
                 "blocks": blocks, "connections": [["src", "0", "snk", "0"]], "metadata": {"file_format": 1}}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "every_def.grc")
            with open(path, "w") as f:
                yaml.safe_dump(graph, f)
            tb = compile_grc(path, d)()
            made = [getattr(tb, "d%d" % i) for i in range(len(defs))]
            self.assertTrue(all(m is not None for m in made))
            print("every definition made:", ", ".join(type(m).__name__ for m in made))

    def test_minsum_loopback(self):
        with tempfile.TemporaryDirectory() as d:
            cls = compile_grc(os.path.join(SRC, "examples", "minsum_loopback.grc"), d)
            tb = cls()
            tb.run()
            out, ref = np.array(tb.decoded.data()), np.array(tb.bits)
            self.assertEqual(len(out), len(ref))
            ber = np.mean(out != ref)
            # Min-sum T=30 on BCH(63,36) at 4 dB with its default OSD-2 on the
            # codewords it fails: BER near 1e-4 (min-sum alone about 0.03,
            # raw 0.044), so 200 codewords decode with at most a few errors.
            print("minsum_loopback BER at 4 dB: %.4f" % ber)
            self.assertLess(ber, 0.002)


    def test_decode_soft_file_script(self):
        # 21 codewords (two batches of 8 and a tail of 5) of recorded soft
        # symbols at 6 dB, through the script, with the teacher.
        info, soft = soft_frames("bch:63,36", 21, 8.0, 8)
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, "in.f32"), os.path.join(d, "out.u8")
            soft.tofile(src)
            r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "decode_soft_file.py"), "--code", "bch:63,36", "--teacher", "30", src, dst],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(np.array_equal(np.fromfile(dst, dtype=np.uint8), info.ravel()))
            soft.ravel()[:-1].tofile(src)
            r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "decode_soft_file.py"), "--code", "bch:63,36", src, dst],
                               capture_output=True, text=True, timeout=120)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("not a whole number of 63-symbol codewords", r.stderr)

    def test_fading_student_script(self):
        # trains a (short) student for 16QAM over fast Rayleigh fading without CSI and compares
        # it with the shipped AWGN student through FEC Extended Decoder, headless
        env = dict(os.environ, NFEC_BUILD_DIR=os.environ.get("NFEC_BUILD_DIR", os.path.join(SRC, "build")))
        r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "fading_student.py"), "--steps", "40", "--frames", "640",
                            "--ebn0", "16"], capture_output=True, text=True, timeout=300, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [line.split() for line in r.stdout.splitlines() if line.startswith("16.00")]
        self.assertEqual(len(rows), 1, r.stdout)
        awgn, channel = float(rows[0][1]), float(rows[0][2])
        self.assertTrue(0 < channel < 0.2 and 0 < awgn < 0.2, r.stdout)

    def test_ota_fading_student_script(self):
        # the QPSK fading loopback, headless: two recordings, a short training on the first,
        # both students on the second, and the link run with each
        env = dict(os.environ, NFEC_BUILD_DIR=os.environ.get("NFEC_BUILD_DIR", os.path.join(SRC, "build")),
                   GRC_BLOCKS_PATH=os.path.join(SRC, "grc"))
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "ota_fading_student.py"), "--seconds", "3", "--steps", "40",
                                "--keep", d], capture_output=True, text=True, timeout=400, env=env)
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            recorded = [int(line.split(": ")[1].split()[0]) for line in r.stdout.splitlines() if line.startswith("recorded")]
            self.assertEqual(len(recorded), 2, r.stdout)
            self.assertTrue(all(n > 50 for n in recorded), r.stdout)
            for name in ("train.rec", "test.rec", "channel.nfw"):
                self.assertGreater(os.path.getsize(os.path.join(d, name)), 0, name)
            ber = [float(line.split()[4]) for line in r.stdout.splitlines() if line.startswith(("student:", "minsum:30"))]
            self.assertEqual(len(ber), 3, r.stdout)
            self.assertTrue(all(0 < b < 0.1 for b in ber), r.stdout)
            through = [int(line.split(": ")[1].split()[0]) for line in r.stdout.splitlines() if "packets through in" in line]
            self.assertEqual(len(through), 2, r.stdout)
            self.assertTrue(all(n > 50 for n in through), r.stdout)

    def test_loopback_ber_gui(self):
        # The QT flowgraph, headless: three decoders on one noisy stream for a
        # few seconds; every live BER must be that of a working decoder at
        # 4 dB (raw channel 0.044; decoders 0.02-0.04).
        with tempfile.TemporaryDirectory() as d:
            tb = run_headless("loopback_ber", 4, d)
            bers = {name: getattr(tb, "probe_" + name).level() for name in ("teacher", "student", "grfec")}
            print("loopback_ber at 4 dB:", bers)
            for name, ber in bers.items():
                self.assertGreater(ber, 0.0, name)
                self.assertLess(ber, 0.042, name)

    def test_ber_curve_gui(self):
        # GNU Radio's BER Curve Generator and BER sink with our decoders,
        # headless for a few seconds: every decoder of every curve decoded at
        # its own Es/N0, needing fewer iterations as Es/N0 rises.
        with tempfile.TemporaryDirectory() as d:
            tb = run_headless("ber_curve", 4, d)
            for name in ("dec_teacher", "dec_student", "dec_student16"):
                iters = [dec[0].mean_iterations() for dec in getattr(tb, name)]
                print("ber_curve %s mean iterations per Es/N0:" % name, ["%.2f" % x for x in iters])
                self.assertEqual(len(iters), len(tb.esno))
                self.assertGreater(iters[0], 2.0, name)
                self.assertGreater(iters[0], 3 * iters[-1], name)

    def test_ota_flowgraphs(self):
        # The radio ends compile (running them needs hardware); the loopback,
        # a channel model in place of the radios, runs headless and delivers
        # CRC-checked packets.
        with tempfile.TemporaryDirectory() as d:
            for name in ("ota_tx", "ota_rx"):
                compile_grc(os.path.join(SRC, "examples", name + ".grc"), d)
            tb = run_headless("ota_loopback", 4, d)
            sent = tb.throttle.sample_rate() * 4 / tb.tx.payload_bytes
            # A loaded machine delays the receiver; a working link still
            # delivers hundreds of CRC-checked packets.
            print("ota_loopback: %d packets through of about %d sent" % (tb.received.num_messages(), sent))
            self.assertGreater(tb.received.num_messages(), 100)
            for i in range(min(20, tb.received.num_messages())):
                self.assertEqual(len(gr.pmt.u8vector_elements(gr.pmt.cdr(tb.received.get_message(i)))), tb.tx.payload_bytes)


if __name__ == "__main__":
    gr_unittest.run(qa_examples)
