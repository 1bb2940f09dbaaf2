#!/usr/bin/python3
"""The neural min-sum decoder block: weight files, code matching, hot swap."""
import os
import tempfile
import time

import numpy as np
from gnuradio import blocks, digital, fec, gr, gr_unittest
from gnuradio import neuralfec
from qa_common import decode, soft_frames


class qa_neural(gr_unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_001_unit_weights_decode_like_the_teacher(self):
        f = self.path("ones.nfw")
        neuralfec.write_scalar_weights("bch:63,36", 5, 1.0, 0.0, f)
        info, soft = soft_frames("bch:63,36", 200, 3.0, 1)
        for early in (False, True):
            a = decode(neuralfec.neural_minsum_decoder.make(f, "", 0, 1.0, early), soft)
            b = decode(neuralfec.minsum_decoder.make("bch:63,36", 5, early_stop=early), soft)
            self.assertTrue(np.array_equal(a, b))
        meta = neuralfec.weight_file_info(f)
        self.assertEqual(meta["code"], "bch:63,36")
        self.assertEqual(meta["iterations"], 5)

    def test_002_code_must_match(self):
        f = self.path("w.nfw")
        neuralfec.write_scalar_weights("bch:63,45", 5, 0.8, 0.0, f)
        neuralfec.neural_minsum_decoder.make(f, "bch:63,45")
        with self.assertRaisesRegex(ValueError, "weights were trained for bch:63,45, not the same code as bch:63,36"):
            neuralfec.neural_minsum_decoder.make(f, "bch:63,36")
        # another matrix of the same code: decoded on the weights' own matrix,
        # as neuralfec-bench and neuralfec-eval do
        info, soft = soft_frames("bch:63,45", 8, None, 2)
        dec = neuralfec.neural_minsum_decoder.make(f, "bch:63,45:cyclic", 8 * 45)
        self.assertTrue(np.array_equal(decode(dec, soft), info.ravel()))
        with open(self.path("junk.nfw"), "wb") as j:
            j.write(b"NFECWGT\x00\x01\x00")
        with self.assertRaisesRegex(ValueError, "truncated at byte 10 of a 72-byte header"):
            neuralfec.neural_minsum_decoder.make(self.path("junk.nfw"))

    def test_003_hot_swap_in_a_running_flowgraph(self):
        # A continuous stream of clean codewords decodes while weights are
        # swapped many times, bad files among them: every frame arrives, intact.
        spec = "bch:63,36"
        good_a, good_b, bad = self.path("a.nfw"), self.path("b.nfw"), self.path("bad.nfw")
        neuralfec.write_scalar_weights(spec, 5, 0.8, 0.0, good_a)
        neuralfec.write_scalar_weights(spec, 5, 0.7, 0.0, good_b)
        neuralfec.write_scalar_weights("bch:63,45", 5, 0.7, 0.0, bad)
        frames = 3000
        info, soft = soft_frames(spec, frames, 20.0, 3)
        dec = neuralfec.neural_minsum_decoder.make(good_a, "", 36 * 4)
        tb = gr.top_block()
        src = blocks.vector_source_f(soft.ravel().tolist(), False)
        thr = blocks.throttle(gr.sizeof_float, 63 * 30000)
        snk = blocks.vector_sink_b()
        tb.connect(src, thr, fec.decoder(dec, gr.sizeof_float, gr.sizeof_char), snk)
        tb.start()
        taken = refused = 0
        for i in range(40):
            ok = dec.set_weight_file([good_a, good_b, bad, self.path("missing.nfw")][i % 4])
            taken += ok
            refused += not ok
            time.sleep(0.002)
        tb.wait()
        self.assertEqual((taken, refused), (20, 20))
        self.assertEqual(dec.weight_file(), good_b)
        out = np.array(snk.data(), dtype=np.uint8)
        self.assertEqual(len(out), info.size)
        self.assertTrue(np.array_equal(out, info.ravel()))

    def test_004_in_fec_extended_decoder(self):
        # A student from neuralfec-weights-style scalar weights in the usual chain.
        f = self.path("nms.nfw")
        neuralfec.write_scalar_weights("bch:63,36", 5, 0.8, 0.0, f)
        bits = np.random.default_rng(4).integers(0, 2, 36 * 40).astype(np.uint8)
        tb = gr.top_block()
        src = blocks.vector_source_b(bits.tolist(), False)
        enc = fec.extended_encoder(encoder_obj_list=neuralfec.linear_encoder.make("bch:63,36"), threading=None, puncpat="11")
        dec = fec.extended_decoder(decoder_obj_list=[neuralfec.neural_minsum_decoder.make(f) for _ in range(2)],
                                   threading="capillary", ann=None, puncpat="11", integration_period=10000)
        snk = blocks.vector_sink_b()
        tb.connect(src, enc, digital.map_bb([-1, 1]), blocks.char_to_float(1, 1), dec, snk)
        tb.run()
        self.assertEqual(list(snk.data()), bits.tolist())


if __name__ == "__main__":
    gr_unittest.run(qa_neural)
