#!/usr/bin/python3
"""Soak: the student decodes a continuous stream in a running flowgraph for
NFEC_SOAK_SECONDS (30 in CI; `NFEC_SOAK_SECONDS=600` for the 10-minute run),
its weights swapped every 2 s. Every frame that goes in comes out, every bit
is right, and memory stays flat."""
import os
import time

import numpy as np
from gnuradio import blocks, fec, gr, gr_unittest
from gnuradio import neuralfec
from qa_common import soft_frames


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class qa_soak(gr_unittest.TestCase):
    def test_soak(self):
        seconds = float(os.environ.get("NFEC_SOAK_SECONDS", "30"))
        spec, k, n, per_frame = "bch:63,36", 36, 63, 8
        info, soft = soft_frames(spec, 64, None, 5)  # clean codewords: every bit must come back
        files = [neuralfec.shipped_weights("bch_63_36")]
        tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "qa_soak_%d.nfw" % os.getpid())
        neuralfec.write_scalar_weights(spec, 5, 0.7, 0.0, tmp)
        files.append(tmp)
        dec = neuralfec.neural_minsum_decoder.make(files[0], "", k * per_frame)
        tb = gr.top_block()
        src = blocks.vector_source_f(soft.ravel().tolist(), True)
        thr = blocks.throttle(gr.sizeof_float, 4e6)
        blk = fec.decoder(dec, gr.sizeof_float, gr.sizeof_char)
        ref = blocks.vector_source_b(info.ravel().tolist(), True)
        err = blocks.xor_bb()
        errf = blocks.char_to_float(1, 1)
        window = blocks.moving_average_ff(200000, 1.0, 4000, 1)
        probe = blocks.probe_signal_f()
        tb.connect(src, thr, blk, (err, 0))
        tb.connect(ref, (err, 1))
        tb.connect(err, errf, window, probe)
        tb.start()
        time.sleep(min(2.0, seconds / 4))
        rss0, t0 = rss_kib(), time.time()
        worst, swaps = 0.0, 0
        while time.time() - t0 < seconds:
            time.sleep(0.5)
            worst = max(worst, probe.level())
            if int((time.time() - t0) / 2) > swaps:
                swaps += 1
                self.assertTrue(dec.set_weight_file(files[swaps % 2]))
        rss1 = rss_kib()
        tb.stop()
        tb.wait()
        os.unlink(tmp)
        frames_in = blk.nitems_read(0) // n
        frames_out = blk.nitems_written(0) // k
        print("soak %.0f s: %d codewords in, %d out, %d weight swaps, bit errors in any window %g, RSS %d -> %d KiB"
              % (seconds, frames_in, frames_out, swaps, worst, rss0, rss1))
        self.assertEqual(blk.nitems_read(0) % (n * per_frame), 0)
        self.assertEqual(frames_in, frames_out)
        self.assertGreater(frames_out, 1000 * seconds)
        self.assertEqual(worst, 0.0)
        # AddressSanitizer holds freed memory in quarantine, so RSS there says
        # nothing about leaks; the plain build checks it.
        if "libasan" not in os.environ.get("LD_PRELOAD", ""):
            self.assertLess(rss1 - rss0, 20 * 1024)


if __name__ == "__main__":
    gr_unittest.run(qa_soak)
