#!/usr/bin/python3
"""Channels beyond BPSK over AWGN from Python, and llr_scale="auto": the
decoders estimate the scale from the soft bits, as well as knowing it."""
import numpy as np
from gnuradio import gr_unittest
from gnuradio import neuralfec

from qa_common import decode

SPEC = "bch:63,36"
K = 36


def bit_errors(dec, info, soft):
    return int((decode(dec, soft)[: info.size] != info.ravel()).sum())


class qa_channel(gr_unittest.TestCase):

    def test_001_modulations_and_fading_reach_the_decoders(self):
        # noiseless: every modulation and channel carries its bits
        for m in ("bpsk", "qpsk", "8psk", "16qam", "64qam:maxlog"):
            for ch in ("awgn", "rayleigh-block:4:interleaved", "rayleigh-fast:no-csi"):
                info, cw, soft = neuralfec.channel_frames(SPEC, float("inf"), 8, 3, modulation=m, channel=ch)
                self.assertTrue(np.array_equal(soft > 0, cw == 1), (m, ch))
        # the same frames as asked again; 16QAM needs more Eb/N0 than BPSK
        a = neuralfec.channel_frames(SPEC, 5.0, 64, 4, modulation="16qam", channel="rayleigh-fast")
        b = neuralfec.channel_frames(SPEC, 5.0, 64, 4, modulation="16qam", channel="rayleigh-fast")
        self.assertTrue(np.array_equal(a[2], b[2]))
        dec = neuralfec.minsum_decoder.make(SPEC, 30, 64 * K, osd_order=0)
        errs = {m: bit_errors(dec, *neuralfec.channel_frames(SPEC, 6.0, 64, 5, modulation=m)[0::2]) for m in ("bpsk", "16qam")}
        self.assertLess(errs["bpsk"], errs["16qam"])
        self.assertAlmostEqual(neuralfec.channel_llr_scale(SPEC, 4.0, "16qam"), 4 * neuralfec.channel_llr_scale(SPEC, 4.0), places=9)
        for bad in (("qam16", "awgn"), ("bpsk", "rayleigh-block"), ("bpsk", "awgn:no-csi")):
            with self.assertRaisesRegex(ValueError, "modulation|channel"):
                neuralfec.channel_frames(SPEC, 3.0, 1, modulation=bad[0], channel=bad[1])

    def test_002_auto_scale_decodes_as_the_true_one(self):
        # sum-product depends on the scale: "auto" decodes as the true 2/sigma^2 does, x4 does worse
        frames, ebn0 = 2000, 4.0
        info, _, soft = neuralfec.channel_frames(SPEC, ebn0, frames, 9)
        true = neuralfec.channel_llr_scale(SPEC, ebn0)
        fs = 64 * K
        errs = {}
        for name, scale in (("true", true), ("auto", "auto"), ("x4", 4 * true), ("x0.25", true / 4)):
            errs[name] = bit_errors(neuralfec.bp_decoder.make(SPEC, 10, fs, llr_scale=scale, osd_order=0), info[: frames // 64 * 64],
                                    soft[: frames // 64 * 64])
        self.assertLessEqual(abs(errs["auto"] - errs["true"]), 0.05 * errs["true"] + 5, errs)
        self.assertGreater(errs["x4"], 1.2 * errs["true"], errs)
        self.assertGreater(errs["x0.25"], 1.05 * errs["true"], errs)
        # every make takes it, and make_decoder's specs too
        for dec in (neuralfec.minsum_decoder.make(SPEC, 30, fs, llr_scale="auto"),
                    neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"), "", fs, "auto"),
                    neuralfec.neural_minsum_decoder.make_scalar(SPEC, 5, 0.5, 0.1, fs, llr_scale="auto"),
                    neuralfec.make_decoder("bp:10", SPEC, fs, "auto")):
            self.assertLess(bit_errors(dec, info[:640], soft[:640]), 0.02 * 640 * K)
        for bad in ("Auto", "", "2"):
            with self.assertRaisesRegex(ValueError, 'positive finite number or "auto"'):
                neuralfec.bp_decoder.make(SPEC, 10, llr_scale=bad)

    def test_003_auto_scale_follows_a_level_change(self):
        # the soft bits' level changes (x5) mid-stream: auto still decodes the second half as the true scale does
        frames, ebn0 = 2560, 4.0
        info, _, soft = neuralfec.channel_frames(SPEC, ebn0, frames, 10)
        true = neuralfec.channel_llr_scale(SPEC, ebn0)
        louder = soft.copy()
        louder[frames // 2:] *= 5.0
        fs = 64 * K
        auto = decode(neuralfec.bp_decoder.make(SPEC, 10, fs, llr_scale="auto", osd_order=0), louder)
        known = decode(neuralfec.bp_decoder.make(SPEC, 10, fs, llr_scale=true / 5, osd_order=0), louder[frames // 2:])
        # the second half, after a frame of the new level
        tail = slice(frames // 2 + 64, frames)
        e_auto = int((auto[tail.start * K: tail.stop * K] != info[tail].ravel()).sum())
        e_known = int((known[(tail.start - frames // 2) * K:] != info[tail].ravel()).sum())
        self.assertGreater(e_known, 100)
        self.assertLessEqual(abs(e_auto - e_known), 0.1 * e_known + 5, (e_auto, e_known))


if __name__ == "__main__":
    gr_unittest.run(qa_channel)
