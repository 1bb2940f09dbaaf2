"""Helpers shared by the QA tests: frames in GNU Radio's soft-bit convention
and decoding through fec.decoder, and where the source tree is."""
import os

from gnuradio import neuralfec

# the source tree: grc/, examples/, apps/ (ctest sets it; else this file's)
SRC = os.environ.get("NFEC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def soft_frames(spec, frames, ebn0_db, seed):
    """Random codewords of the code as BPSK soft bits (bit 0 -> -1.0) over
    AWGN at Eb/N0 (None: noiseless), from the one channel object
    (neuralfec.channel_frames). Returns (info bits, soft symbols)."""
    info, _, soft = neuralfec.channel_frames(spec, float("inf") if ebn0_db is None else ebn0_db, frames, seed)
    return info, soft


# soft symbols through fec.decoder with a generic_decoder
decode = neuralfec.decode_soft
