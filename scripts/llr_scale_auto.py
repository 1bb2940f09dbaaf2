#!/usr/bin/python3
"""What llr_scale="auto" costs a scale-sensitive decoder: sum-product and
offset min-sum through fec.decoder on the same AWGN frames with the true
scale 2/sigma^2, "auto", and wrong fixed scales (x4, x1/4); Eb/N0 at BER 1e-3
interpolated (log BER, linear in dB), and the loss of each against the
true scale.
    PYTHONPATH=build/test_modules /usr/bin/python3 scripts/llr_scale_auto.py [--frames N]
"""
import argparse
import math
import os
import sys

from gnuradio import neuralfec

LDPC = "/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist"


def crossing(points, target):
    """Eb/N0 where BER falls through target (None when it does not)."""
    for (x0, b0), (x1, b1) in zip(points, points[1:]):
        if b0 >= target > b1 > 0:
            return x0 + (x1 - x0) * (math.log(b0) - math.log(target)) / (math.log(b0) - math.log(b1))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=20000)
    args = ap.parse_args()
    rows = []
    for code, points, decoders in ((LDPC, "1:5:0.25", ("bp:20", "oms:10:0.5")), ("bch:63,36:cyclic", "3:6.5:0.25", ("bp:10",))):
        k = neuralfec.code.make(code).k()
        cws = 32
        frames = args.frames - args.frames % cws
        for spec in decoders:
            curves = {}
            for ebn0 in neuralfec.parse_ebn0_list(points):
                info, _, soft = neuralfec.channel_frames(code, ebn0, frames, 77, 0, 0)
                true = neuralfec.channel_llr_scale(code, ebn0)
                for name, scale in (("true", true), ("auto", "auto"), ("x4", 4 * true), ("x1/4", true / 4)):
                    out = neuralfec.decode_soft(neuralfec.make_decoder(spec, code, cws * k, scale), soft)
                    ber = float((out != info.ravel()[: out.size]).mean())
                    curves.setdefault(name, []).append((ebn0, ber))
            at = {name: crossing(pts, 1e-3) for name, pts in curves.items()}
            for name in ("true", "auto", "x4", "x1/4"):
                loss = None if at[name] is None or at["true"] is None else at[name] - at["true"]
                rows.append((os.path.basename(code), spec, name, at[name], loss))
                print("%-26s %-12s %-5s Eb/N0 at BER 1e-3: %s  loss %s" % (
                    os.path.basename(code), spec, name, "%.3f dB" % at[name] if at[name] else "-", "%+.3f dB" % loss if loss is not None else "-"))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
