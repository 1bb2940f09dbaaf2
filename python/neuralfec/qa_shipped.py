#!/usr/bin/python3
"""The shipped students: each loads for its code, decodes clean frames
exactly, and beats plain min-sum with the same 5 iterations on noisy ones."""
import os

import numpy as np
import yaml
from gnuradio import gr_unittest
from gnuradio import neuralfec
from qa_common import SRC, decode, soft_frames

EXPECTED = ["bch_127_64", "bch_127_64_cyclic", "bch_127_64_cyclic_layered", "bch_63_36", "bch_63_36_cyclic", "bch_63_36_cyclic_layered", "bch_63_45", "bch_63_45_cyclic",
            "bch_63_45_cyclic_layered", "ccsds_ar4ja_1_2_1024", "n_0100_k_0042_gap_02", "n_0300_k_0152_gap_03", "nr_1_16", "wifi_648_1_2"]


class qa_shipped(gr_unittest.TestCase):
    def test_001_all_present(self):
        self.assertEqual(neuralfec.shipped_weights(), EXPECTED)

    def test_003_grc_offers_every_file_and_says_which_are_scalar(self):
        # the definition's Weights choices are the shipped files, and a label says
        # "scalar NMS" exactly where the file's kind is scalar
        with open(os.path.join(SRC, "grc", "neuralfec_neural_minsum_decoder_def.block.yml")) as f:
            param = next(p for p in yaml.safe_load(f)["parameters"] if p["id"] == "weights")
        self.assertEqual(sorted(param["options"][:-1]), EXPECTED)
        for name, label in zip(param["options"][:-1], param["option_labels"]):
            scalar = neuralfec.weight_file_info(neuralfec.shipped_weights(name))["kind"] == "scalar"
            self.assertEqual("scalar NMS" in label, scalar, "%s: %s" % (name, label))

    def test_002_each_student_works_and_beats_min_sum(self):
        for name in EXPECTED:
            path = neuralfec.shipped_weights(name)
            meta = neuralfec.weight_file_info(path)
            self.assertEqual(meta["iterations"], 5, name)
            self.assertIn("neuralfec-train", meta["provenance"], name)
            # the provenance names no machine's directories (the code spec of an alist
            # student is GNU Radio's installed file, which every machine has)
            self.assertNotRegex(meta["provenance"].replace(meta["code"], ""), r"(/tmp/|/work/|/home/|/root/|command: /)", name)
            student = neuralfec.neural_minsum_decoder.make(path)
            info, soft = soft_frames(meta["code"], 50, None, 1)
            self.assertTrue(np.array_equal(decode(student, soft), info.ravel()), name)
            # 600 frames at 3.5 dB (fixed seed): measured 1.6x to 4x fewer bit errors.
            info, soft = soft_frames(meta["code"], 600, 3.5, 2)
            errs_student = int(np.sum(decode(neuralfec.neural_minsum_decoder.make(path), soft) != info.ravel()))
            errs_minsum = int(np.sum(decode(neuralfec.minsum_decoder.make(meta["code"], 5), soft) != info.ravel()))
            print("%s: bit errors %d (student) vs %d (min-sum T=5)" % (name, errs_student, errs_minsum))
            self.assertLess(errs_student, errs_minsum, name)


if __name__ == "__main__":
    gr_unittest.run(qa_shipped)
