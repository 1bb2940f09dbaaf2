#!/usr/bin/python3
"""A student trained for the user's channel, against the shipped (BPSK over
AWGN) one, through GNU Radio's FEC Extended Decoder on the same frames.

The channel is the channel object's (docs/channels.md): here 16QAM over fast
Rayleigh fading without channel knowledge at the receiver (the fade's phase
known, its amplitude not), where the demapper's LLRs are wrong in a way a
student can learn; with CSI the exact LLRs leave it little to learn.

    fading_student.py                                   # trains (about a minute), then compares
    fading_student.py --weights mine.nfw --ebn0 14,16,18
    fading_student.py --modulation qpsk --channel rayleigh-block:16:no-csi
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from gnuradio import blocks, fec, gr
from gnuradio import neuralfec

CODE = "/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist"
SHIPPED = "n_0100_k_0042_gap_02"
CODEWORDS = 32  # per generic_work call: decoded together in SIMD lanes


def ber(weights, soft, info, k):
    """Information-bit error rate of a student through fec.extended_decoder."""
    dec = neuralfec.neural_minsum_decoder.make(weights, CODE, CODEWORDS * k, "auto")
    frames = soft.shape[0] - soft.shape[0] % CODEWORDS
    tb = gr.top_block()
    src = blocks.vector_source_f(soft[:frames].ravel().tolist(), False)
    snk = blocks.vector_sink_b()
    tb.connect(src, fec.extended_decoder(decoder_obj_list=dec, threading=None, ann=None, puncpat="11", integration_period=10000), snk)
    tb.run()
    out = np.array(snk.data(), dtype=np.uint8)
    return float((out != info[:frames].ravel()[: out.size]).mean())


def train(args, path):
    tool = shutil.which("neuralfec-train") or os.path.join(os.environ.get("NFEC_BUILD_DIR", "build"), "apps", "neuralfec-train")
    cmd = [tool, "--code", CODE, "-o", path, "--modulation", args.modulation, "--channel", args.channel, "--steps", str(args.steps)]
    print("training:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modulation", default="16qam")
    ap.add_argument("--channel", default="rayleigh-fast:no-csi")
    ap.add_argument("--weights", help="a student already trained for the channel (else one is trained)")
    ap.add_argument("--steps", type=int, default=3000, help="training steps when training")
    ap.add_argument("--ebn0", default="14,16,18")
    ap.add_argument("--frames", type=int, default=20000)
    args = ap.parse_args()
    k = neuralfec.code.make(CODE).k()
    with tempfile.TemporaryDirectory() as d:
        weights = args.weights
        if not weights:
            weights = os.path.join(d, "channel.nfw")
            train(args, weights)
        print("%-8s %14s %14s   (%s over %s, test frames)" % ("Eb/N0", "AWGN student", "channel's", args.modulation, args.channel))
        for ebn0 in neuralfec.parse_ebn0_list(args.ebn0):
            info, _, soft = neuralfec.channel_frames(CODE, ebn0, args.frames, 2024, modulation=args.modulation, channel=args.channel)
            print("%-8.2f %14.3e %14.3e" % (ebn0, ber(neuralfec.shipped_weights(SHIPPED), soft, info, k), ber(weights, soft, info, k)))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
