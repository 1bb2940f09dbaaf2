#!/usr/bin/python3
"""Hostile input through the blocks: special values, frame-size changes and
weight swaps while a flowgraph runs. Each gives a defined result or a logged
refusal, never a crash, a hang or a wrong-length stream."""
import os
import tempfile
import threading
import time

import numpy as np
from gnuradio import blocks, fec, gr, gr_unittest
from gnuradio import neuralfec

from qa_common import decode, soft_frames

SPEC, N, K = "bch:63,36", 63, 36


def all_decoders(frame_size):
    """Teacher and student, float and 16-bit fixed point, with and without
    OSD; OSD alone; Berlekamp-Massey and Chase."""
    w = neuralfec.shipped_weights("bch_63_36")
    return {
        "teacher": neuralfec.minsum_decoder.make(SPEC, 30, frame_size),
        "teacher int16": neuralfec.minsum_decoder.make(SPEC, 30, frame_size, fixed_point=True),
        "student": neuralfec.neural_minsum_decoder.make(w, "", frame_size),
        "student int16": neuralfec.neural_minsum_decoder.make(w, "", frame_size, 1.0, True, True),
        "student+osd:4": neuralfec.neural_minsum_decoder.make(w, "", frame_size, osd_order=4),
        "teacher int16 no osd": neuralfec.minsum_decoder.make(SPEC, 30, frame_size, fixed_point=True, osd_order=0),
        "osd:3": neuralfec.osd_decoder.make(SPEC, 3, frame_size),
        "bm": neuralfec.bch_decoder.make(SPEC, 0, frame_size),
        "chase:4": neuralfec.bch_decoder.make(SPEC, 4, frame_size),
    }


class qa_hostile(gr_unittest.TestCase):

    def test_001_special_values_give_defined_bits(self):
        info, clean = soft_frames(SPEC, 7, None, 3)
        frames = [
            np.full(N, np.nan),                                   # erasure: all-zero codeword
            np.where(np.arange(N) % 2, np.inf, -np.inf),          # infinities
            1e38 * np.where(np.arange(N) % 3, 1.0, -1.0),         # huge magnitudes
            np.zeros(N),                                          # no information at all
            clean[0] * 1e-40,                                     # denormal-scaled codeword
            clean[1],                                             # clean
            np.where(np.arange(N) % 16 == 0, np.nan, clean[2]),   # a few erasures
        ]
        soft = np.concatenate(frames).astype(np.float32)
        for name, dec in all_decoders(K * len(frames)).items():
            out = decode(dec, soft).reshape(len(frames), K)
            again = decode(dec, soft).reshape(len(frames), K)
            self.assertTrue(np.array_equal(out, again), name)  # deterministic
            self.assertTrue(np.all(out <= 1), name)
            self.assertTrue(np.all(out[0] == 0), name)
            self.assertTrue(np.all(out[3] == 0), name)
            self.assertTrue(np.array_equal(out[5], info[1]), name)
            self.assertTrue(np.array_equal(out[6], info[2]), name)
            if "int16" in name:
                # below the quantization step: read as no information
                self.assertTrue(np.all(out[4] == 0), name)
            else:
                self.assertTrue(np.array_equal(out[4], info[0]), name)

    def test_002_frame_size_changes_while_running(self):
        """set_frame_size from another thread while fec.decoder runs: sizes
        within the maximum are taken, bad and too-large ones refused, and the
        flowgraph delivers exactly the items it was asked for."""
        _, soft = soft_frames(SPEC, 64, 6.0, 4)
        for name, dec in all_decoders(4 * K).items():
            tb = gr.top_block()
            src = blocks.vector_source_f(soft.ravel().tolist(), True)
            head = blocks.head(gr.sizeof_char, 4 * K * 3000)
            snk = blocks.vector_sink_b()
            tb.connect(src, fec.decoder(dec, gr.sizeof_float, gr.sizeof_char), head, snk)
            answers, stop = [], threading.Event()

            def churn():
                sizes = [K, 2 * K, 37, 4 * K, 5 * K, 0, 3 * K]
                i = 0
                while not stop.is_set():
                    answers.append((sizes[i % len(sizes)], dec.set_frame_size(sizes[i % len(sizes)])))
                    i += 1
                    time.sleep(0.0005)

            t = threading.Thread(target=churn)
            tb.start()
            t.start()
            tb.wait()
            stop.set()
            t.join()
            self.assertEqual(len(snk.data()), 4 * K * 3000, name)
            self.assertTrue(np.all(np.array(snk.data()) <= 1), name)
            taken = {s for s, ok in answers if ok}
            refused = {s for s, ok in answers if not ok}
            self.assertTrue(taken <= {K, 2 * K, 3 * K, 4 * K}, name)
            self.assertTrue({37, 5 * K, 0} <= refused, name)

    def test_003_weight_swaps_under_load_fixed_point(self):
        """A fixed-point student swapped between two good files and one it
        cannot represent (weights of 40) while decoding: the bad file is
        refused, every frame stays intact."""
        frames = 4000
        info, soft = soft_frames(SPEC, frames, 20.0, 5)
        with tempfile.TemporaryDirectory() as tmp:
            big = os.path.join(tmp, "big.nfw")
            neuralfec.write_scalar_weights(SPEC, 5, 40.0, 0.0, big)
            good = [neuralfec.shipped_weights("bch_63_36"), os.path.join(tmp, "nms.nfw")]
            neuralfec.write_scalar_weights(SPEC, 5, 0.8, 0.0, good[1])
            dec = neuralfec.neural_minsum_decoder.make(good[0], "", 16 * K, 1.0, True, True)
            results, stop = [], threading.Event()

            def swap():
                i = 0
                while not stop.is_set():
                    path = [good[0], big, good[1]][i % 3]
                    results.append((path, dec.set_weight_file(path)))
                    i += 1
                    time.sleep(0.002)

            t = threading.Thread(target=swap)
            t.start()
            try:
                out = decode(dec, soft[: frames // 16 * 16])
            finally:
                stop.set()
                t.join()
            self.assertTrue(np.array_equal(out, info[: frames // 16 * 16].ravel()))
            self.assertTrue(all(not ok for p, ok in results if p == big))
            self.assertTrue(all(ok for p, ok in results if p != big))
            self.assertIn(dec.weight_file(), good)

    def test_004_alist_cache_is_checked(self):
        """alist_path() once returned a stale file from its cache (a k=45
        matrix for bch:63,36): now a file that is not the code's matrix is
        rewritten."""
        path = neuralfec.alist_path(SPEC)
        for junk in (None, "bch:63,45", "garbage"):
            if junk is None:
                os.remove(path)
            elif junk.startswith("bch:"):
                neuralfec.code.make(junk).write_alist(path)
            else:
                with open(path, "w") as f:
                    f.write("not an alist\n")
            again = neuralfec.alist_path(SPEC)
            self.assertEqual(again, path)
            self.assertEqual(neuralfec.code.make(again).hash(), neuralfec.code.make(SPEC).hash(), junk)


if __name__ == "__main__":
    gr_unittest.run(qa_hostile)
