#!/usr/bin/python3
"""Channels beyond BPSK over AWGN from Python, and llr_scale="auto": the
decoders estimate the scale from the soft bits, as well as knowing it."""
import os
import subprocess
import tempfile
import time

import numpy as np
from gnuradio import blocks, channels, gr, gr_unittest
from gnuradio import neuralfec

from qa_common import decode

BUILD = os.environ.get("NFEC_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
APPS = os.path.join(BUILD, "apps")

SPEC = "bch:63,36"
NOISE = 0.7
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

    def test_004_recordings_round_trip_and_refuse_bad_files(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.nfsoft")
            info, cw, soft = neuralfec.channel_frames(SPEC, 4.0, 50, 12)
            w = neuralfec.recording_writer(path, SPEC)
            w.add(soft[:20], cw[:20])
            self.assertFalse(os.path.exists(path))  # whole or not at all
            w.add(soft[20:], cw[20:])
            w.close()
            self.assertEqual(w.frames(), 50)
            got_soft, got_cw = neuralfec.read_recording(path, SPEC)
            self.assertTrue(np.array_equal(got_soft, soft) and np.array_equal(got_cw, cw))
            # a frame that is not one: NaN, a word that is not a codeword, a wrong size
            w = neuralfec.recording_writer(os.path.join(d, "bad"), SPEC)
            bad = soft[:1].copy()
            bad[0, 3] = np.nan
            with self.assertRaisesRegex(ValueError, "not a finite number"):
                w.add(bad, cw[:1])
            flipped = cw[:1].copy()
            flipped[0, 0] ^= 1
            with self.assertRaisesRegex(ValueError, "not a codeword"):
                w.add(soft[:1], flipped)
            with self.assertRaisesRegex(ValueError, "whole frames"):
                w.add(soft[0, :10], cw[0, :10])
            del w
            self.assertFalse(os.path.exists(os.path.join(d, "bad")))  # abandoned: nothing left
            # truncated, corrupted, another code, not a recording
            with open(path, "rb") as f:
                raw = f.read()
            for name, data, says in (("short", raw[:-5], "truncated"), ("flip", raw[:100] + bytes([raw[100] ^ 1]) + raw[101:], "checksum"),
                                     ("text", b"hello world, not a recording at all", "not a gr-neuralfec recording")):
                p = os.path.join(d, name)
                with open(p, "wb") as f:
                    f.write(data)
                with self.assertRaisesRegex(ValueError, says):
                    neuralfec.read_recording(p, SPEC)
            with self.assertRaisesRegex(ValueError, "recorded for a code with n=63"):
                neuralfec.read_recording(path, "bch:63,45")
            with self.assertRaises(ValueError):
                neuralfec.recording_writer(os.path.join(d, "no", "such", "dir", "r"), SPEC)

    def test_005_record_from_a_loopback_then_train_and_evaluate_on_it(self):
        # packet_tx -> a channel model -> packet_rx recording every payload of a known test pattern
        codewords = 8
        payload = bytes(np.random.default_rng(5).integers(0, 256, codewords * K // 8 - 4, dtype=np.uint8))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "loop.nfsoft")
            tb = gr.top_block()
            src = blocks.vector_source_b(list(payload) * 400, False)
            tx = neuralfec.packet_tx(neuralfec.linear_encoder.make(SPEC, codewords * K), SPEC, codewords)
            chan = channels.channel_model(NOISE, 0.0, 1.0, [0.7], 3)
            rx = neuralfec.packet_rx(neuralfec.minsum_decoder.make(SPEC, 30, codewords * K), SPEC, codewords, record=path, record_payload=payload)
            got = blocks.message_debug()
            tb.connect(src, tx, chan, rx)
            tb.msg_connect(rx, "out", got, "store")
            tb.start()
            t0 = time.time()
            while rx.recorder.writer.frames() < 120 * codewords and time.time() - t0 < 60:
                time.sleep(0.1)
            tb.stop()
            tb.wait()
            soft, cw = neuralfec.read_recording(path, SPEC)
            self.assertGreaterEqual(soft.shape[0], 120 * codewords)
            self.assertTrue(np.array_equal(cw[:codewords], neuralfec.packet_codewords(SPEC, codewords, payload)))
            # the radio's own noise: hard decisions are wrong now and then, and agree with the codewords mostly
            wrong = float(((soft > 0) != (cw == 1)).mean())
            print("recorded %d frames, hard decisions wrong %.2e, %d packets through the CRC" % (soft.shape[0], wrong, got.num_messages()))
            self.assertTrue(1e-4 < wrong < 0.2, wrong)
            # evaluate and train on it
            r = subprocess.run([os.path.join(APPS, "neuralfec-eval"), "--code", SPEC, "--decoders", "minsum:5,bp:10", "--data", path,
                                "--threads", "1", "--csv", os.path.join(d, "e.csv")], capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("LLR scale estimated from their soft values", r.stderr)
            self.assertIn("bp:10", r.stdout)
            r = subprocess.run([os.path.join(APPS, "neuralfec-train"), "--code", SPEC, "-o", os.path.join(d, "s.nfw"), "--data", path,
                                "--steps", "30", "--batch", "32", "--iterations", "3", "--teacher", "nms:10:0.7", "--threads", "1",
                                "--log-every", "10"], capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("recorded frames", r.stderr)
            self.assertIn("held-out BER", r.stderr)
            self.assertTrue(os.path.exists(os.path.join(d, "s.nfw")))
            # a recording of another code is refused by both
            for tool in ("neuralfec-eval", "neuralfec-train"):
                args = [os.path.join(APPS, tool), "--code", "bch:63,45", "--data", path]
                args += ["--decoders", "minsum:5"] if tool == "neuralfec-eval" else ["-o", os.path.join(d, "x.nfw")]
                r = subprocess.run(args, capture_output=True, text=True, timeout=60)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn("recorded for a code", r.stderr)


if __name__ == "__main__":
    gr_unittest.run(qa_channel)
