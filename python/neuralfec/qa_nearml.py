#!/usr/bin/python3
"""Near-ML decoding through the blocks: OSD post-processing on the min-sum
decoders (osd_order), the OSD and BCH decoders as generic_decoders, the
argument rules the makes share, and the spec parser the tools share."""
import numpy as np
from gnuradio import gr_unittest
from gnuradio import neuralfec

from qa_common import decode, soft_frames

SPEC, N, K = "bch:63,36", 63, 36


def bit_errors(dec, info, soft):
    return int(np.sum(decode(dec, soft) != info.ravel()))


class qa_nearml(gr_unittest.TestCase):

    def test_001_osd_post_processing_helps_and_keeps_frame_sizes(self):
        info, soft = soft_frames(SPEC, 640, 3.5, 11)
        w = neuralfec.shipped_weights("bch_63_36_cyclic")
        alone = bit_errors(neuralfec.neural_minsum_decoder.make(w, "", 32 * K, osd_order=0), info, soft)
        auto = neuralfec.neural_minsum_decoder.make(w, "", 32 * K)
        hybrid = bit_errors(auto, info, soft)
        self.assertEqual(hybrid, bit_errors(neuralfec.neural_minsum_decoder.make(w, "", 32 * K, osd_order=2), info, soft))
        self.assertLess(hybrid * 10, alone)  # about 1e-4 against 1.5e-2 here
        self.assertEqual(auto.get_output_size(), 32 * K)
        teacher = bit_errors(neuralfec.minsum_decoder.make(SPEC, 30, 32 * K, osd_order=0), info, soft)
        self.assertLess(bit_errors(neuralfec.minsum_decoder.make(SPEC, 30, 32 * K, osd_order=2), info, soft) * 10, teacher)
        # the default is off on longer codes
        long_code = "bch:127,64"
        i2, s2 = soft_frames(long_code, 64, 3.0, 12)
        self.assertEqual(bit_errors(neuralfec.minsum_decoder.make(long_code, 10, 64 * 8), i2, s2),
                         bit_errors(neuralfec.minsum_decoder.make(long_code, 10, 64 * 8, osd_order=0), i2, s2))

    def test_002_osd_and_bch_decoders(self):
        info, soft = soft_frames(SPEC, 512, 4.0, 13)
        osd = bit_errors(neuralfec.osd_decoder.make(SPEC, 2, 16 * K), info, soft)
        bm_dec = neuralfec.bch_decoder.make(SPEC, 0, 16 * K)
        self.assertEqual(bm_dec.correctable(), 5)
        bm = bit_errors(bm_dec, info, soft)
        chase = bit_errors(neuralfec.bch_decoder.make(SPEC, 4, 16 * K), info, soft)
        self.assertLess(osd, chase)
        self.assertLess(chase, bm)
        self.assertGreater(bm, 0)
        # the scale of the soft values does not matter to either
        self.assertEqual(osd, bit_errors(neuralfec.osd_decoder.make(SPEC, 2, 16 * K), info, soft * 7.5))
        self.assertEqual(bm, bit_errors(neuralfec.bch_decoder.make(SPEC, 0, 16 * K), info, soft * 0.01))
        # the redundant matrix is the same code
        self.assertEqual(bm, bit_errors(neuralfec.bch_decoder.make(SPEC + ":cyclic", 0, 16 * K), info, soft))

    def test_003_makes_refuse_what_they_cannot_do(self):
        w = neuralfec.shipped_weights("bch_63_36")
        for bad in (0.0, -1.0, float("nan"), float("inf")):
            with self.assertRaisesRegex(ValueError, "llr_scale must be a positive"):
                neuralfec.neural_minsum_decoder.make(w, "", 0, bad)
            with self.assertRaisesRegex(ValueError, "llr_scale must be a positive"):
                neuralfec.minsum_decoder.make(SPEC, 30, 0, bad)
        for bad in (-2, 5):
            with self.assertRaisesRegex(ValueError, "OSD order"):
                neuralfec.minsum_decoder.make(SPEC, 30, osd_order=bad)
            with self.assertRaisesRegex(ValueError, "OSD order"):
                neuralfec.osd_decoder.make(SPEC, bad)
        with self.assertRaisesRegex(ValueError, "is not a BCH code"):
            neuralfec.bch_decoder.make("/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist")
        with self.assertRaisesRegex(ValueError, "Chase bits"):
            neuralfec.bch_decoder.make(SPEC, 13)
        # -N is N codewords
        self.assertEqual(neuralfec.minsum_decoder.make(SPEC, 30, -32).get_output_size(), 32 * 36)
        self.assertEqual(neuralfec.osd_decoder.make(SPEC, 2, -1).get_output_size(), 36)
        # sizes that overflowed the frame arithmetic (an ASan abort once)
        for bad in (-2 ** 31, -(2 ** 21), 2 ** 31 - 4, 36 * 2 ** 25):
            with self.assertRaisesRegex(ValueError, "frame size"):
                neuralfec.minsum_decoder.make(SPEC, 30, bad)
            with self.assertRaisesRegex(ValueError, "frame size"):
                neuralfec.osd_decoder.make(SPEC, 2, bad)
        self.assertFalse(neuralfec.minsum_decoder.make(SPEC, 30, 36 * 4).set_frame_size(2 ** 32 - 36))
        # both makes take the frame size third
        self.assertEqual(neuralfec.minsum_decoder.make(SPEC, 30, 288).get_output_size(), 288)
        self.assertEqual(neuralfec.neural_minsum_decoder.make(w, "", 288).get_output_size(), 288)

    def test_004_one_spec_parser(self):
        s = neuralfec.parse_decoder_spec("student:bch_63_36_cyclic+osd:2@int16")
        self.assertEqual((s["kind"], s["weights"], s["osd_order"], s["fixed_point"]), ("student", "bch_63_36_cyclic", 2, True))
        s = neuralfec.parse_decoder_spec("minsum:10:full")
        self.assertEqual((s["kind"], s["iterations"], s["early_stop"], s["osd_order"]), ("minsum", 10, False, 0))
        s = neuralfec.parse_decoder_spec("nms:5:0.7")
        self.assertEqual((s["kind"], s["iterations"], round(s["alpha"], 6), s["beta"]), ("nms", 5, 0.7, 0.0))
        self.assertEqual(neuralfec.parse_decoder_spec("oms:5:0.25")["beta"], 0.25)
        self.assertEqual(neuralfec.parse_decoder_spec("chase:3")["chase_bits"], 3)
        self.assertEqual(neuralfec.parse_decoder_spec("osd:4")["osd_order"], 4)
        s = neuralfec.parse_decoder_spec("bp:20:layered:full+osd:1")
        self.assertEqual((s["kind"], s["iterations"], s["rule"], s["schedule"], s["early_stop"], s["osd_order"]),
                         ("bp", 20, "sum-product", "layered", False, 1))
        s = neuralfec.parse_decoder_spec("bp:50:0.25:full")
        self.assertEqual((s["kind"], s["iterations"], s["damping"], s["early_stop"], s["schedule"]), ("bp", 50, 0.25, False, "flooding"))
        self.assertEqual(neuralfec.parse_decoder_spec("bp:5")["damping"], 0.0)
        s = neuralfec.parse_decoder_spec("nms:5:0.8:layered@int16")
        self.assertEqual((s["kind"], s["rule"], s["schedule"], s["fixed_point"]), ("nms", "min-sum", "layered", True))
        for bad, why in (("minsum:10:0.7", "unknown decoder"), ("minsum:0", "iterations"), ("bm+osd:2", "follows a message-passing"),
                         ("bp:5@int16", "16-bit"), ("minsum:5:layered:layered", "unknown decoder"), ("osd:2:layered", "unknown decoder"),
                         ("osd:2@int16", "16-bit"), ("osd:5", "OSD order"), ("chase:x", "not an integer"), ("", "empty"),
                         ("nms:5:nan", "not a finite number"), ("student:", "weight file"), ("bp:5:1", "below 1"),
                         ("bp:5:-0.1", "DAMPING"), ("bp:5:0.3:layered", "flooding schedule only"), ("bp:5:0.3:0.2", "unknown decoder")):
            with self.assertRaisesRegex(ValueError, why):
                neuralfec.parse_decoder_spec(bad)
        self.assertEqual(neuralfec.parse_ebn0_list("1:2:0.5,4"), [1.0, 1.5, 2.0, 4.0])
        for bad in ("1:2", "3:1:1", "x", "1,,2", "1:2:0"):
            with self.assertRaises(ValueError):
                neuralfec.parse_ebn0_list(bad)


if __name__ == "__main__":
    gr_unittest.run(qa_nearml)
