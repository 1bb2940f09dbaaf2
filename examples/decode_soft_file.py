#!/usr/bin/python3
"""Decode a file of recorded soft symbols with a gr-neuralfec decoder.

The file holds float32 soft bits in GNU Radio's convention (bit 0 -> negative,
bit 1 -> positive; any scale), as a File Sink after a soft demodulator writes
them, codeword after codeword. The information bits are written one per byte
(0/1), as an FEC Extended Decoder outputs them.

    decode_soft_file.py --code bch:63,36 in.f32 out.u8                 # shipped student
    decode_soft_file.py --code bch:63,36 --weights my.nfw in.f32 out.u8
    decode_soft_file.py --code bch:63,36 --teacher 30 in.f32 out.u8    # min-sum
"""
import argparse
import os
import sys

import numpy as np
from gnuradio import neuralfec

BATCH = 8  # codewords per generic_work call: decoded together in SIMD lanes


def make_decoder(args, codewords, k):
    if args.teacher:
        return neuralfec.minsum_decoder.make(args.code, args.teacher, codewords * k)
    path = args.weights if args.weights and os.path.exists(args.weights) else neuralfec.shipped_weights(args.weights or "bch_63_36")
    return neuralfec.neural_minsum_decoder.make(path, args.code, codewords * k)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", required=True, help="alist path, bch:N,K or bch:N,K:cyclic")
    ap.add_argument("--weights", help="a weight file, or a shipped student's name (default: bch_63_36)")
    ap.add_argument("--teacher", type=int, metavar="T", help="min-sum with T iterations instead of a student")
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()
    try:
        code = neuralfec.code.make(args.code)
        n, k = code.n(), code.k()
        soft = np.fromfile(args.input, dtype=np.float32)
        if soft.size % n:
            sys.exit("%s: %d symbols is not a whole number of %d-symbol codewords" % (args.input, soft.size, n))
        codewords = soft.size // n
        whole = codewords - codewords % BATCH
        parts = []
        if whole:
            parts.append(neuralfec.decode_soft(make_decoder(args, BATCH, k), soft[: whole * n]))
        if codewords > whole:
            parts.append(neuralfec.decode_soft(make_decoder(args, 1, k), soft[whole * n:]))
    except ValueError as e:
        sys.exit(str(e))
    bits = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
    tmp = args.output + ".tmp"
    bits.tofile(tmp)
    os.replace(tmp, args.output)
    print("%s: %d codewords, %d information bits written to %s" % (args.input, codewords, bits.size, args.output))


if __name__ == "__main__":
    main()
