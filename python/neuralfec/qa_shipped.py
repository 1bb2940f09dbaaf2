#!/usr/bin/env python3
"""The shipped students: each loads for its code, decodes clean frames
exactly, and beats plain min-sum with the same 5 iterations on noisy ones."""
import numpy as np
from gnuradio import blocks, fec, gr, gr_unittest
from gnuradio import neuralfec

EXPECTED = ["bch_127_64", "bch_127_64_cyclic", "bch_63_36", "bch_63_36_cyclic", "bch_63_45", "bch_63_45_cyclic", "n_0100_k_0042_gap_02"]


def frames(code, count, ebn0_db, seed):
    n, k = code.n(), code.k()
    rng = np.random.default_rng(seed)
    info = rng.integers(0, 2, (count, k)).astype(np.uint8)
    g = np.array([code.encode([int(i == j) for j in range(k)]) for i in range(k)], dtype=np.int64)
    cw = info.astype(np.int64) @ g % 2
    sigma = (1.0 / (2.0 * k / n * 10 ** (ebn0_db / 10))) ** 0.5 if ebn0_db is not None else 0.0
    return info, (2.0 * cw - 1 + sigma * rng.standard_normal(cw.shape)).astype(np.float32)


def decode(dec, soft):
    tb = gr.top_block()
    snk = blocks.vector_sink_b()
    tb.connect(blocks.vector_source_f(soft.ravel().tolist(), False), fec.decoder(dec, gr.sizeof_float, gr.sizeof_char), snk)
    tb.run()
    return np.array(snk.data(), dtype=np.uint8)


class qa_shipped(gr_unittest.TestCase):
    def test_001_all_present(self):
        self.assertEqual(neuralfec.shipped_weights(), EXPECTED)

    def test_002_each_student_works_and_beats_min_sum(self):
        for name in EXPECTED:
            path = neuralfec.shipped_weights(name)
            meta = neuralfec.weight_file_info(path)
            self.assertEqual(meta["iterations"], 5, name)
            self.assertIn("neuralfec-train", meta["provenance"], name)
            student = neuralfec.neural_minsum_decoder.make(path)
            code = neuralfec.code.make(meta["code"])
            info, soft = frames(code, 50, None, 1)
            self.assertTrue(np.array_equal(decode(student, soft), info.ravel()), name)
            # 600 frames at 5 dB: the margins measured are 20% to 3x fewer bit errors.
            info, soft = frames(code, 600, 5.0, 2)
            errs_student = int(np.sum(decode(neuralfec.neural_minsum_decoder.make(path), soft) != info.ravel()))
            errs_minsum = int(np.sum(decode(neuralfec.minsum_decoder.make(meta["code"], 5, True), soft) != info.ravel()))
            print("%s: bit errors %d (student) vs %d (min-sum T=5)" % (name, errs_student, errs_minsum))
            self.assertLess(errs_student, errs_minsum, name)


if __name__ == "__main__":
    gr_unittest.run(qa_shipped)
