"""
gr-neuralfec: neural min-sum channel decoders as GNU Radio FEC plugins.

    from gnuradio import neuralfec
    dec = neuralfec.minsum_decoder.make("bch:63,36", 30)                     # teacher
    student = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"))
    enc = neuralfec.linear_encoder.make("bch:63,36")
"""
import os

from .neuralfec_python import *
from .paths import WEIGHTS_DIR


def shipped_weights(name=None):
    """Path of a shipped student weight file by name (e.g. "bch_63_36",
    "bch_63_36_cyclic"); without a name, the sorted list of names."""
    names = sorted(f[:-4] for f in os.listdir(WEIGHTS_DIR) if f.endswith(".nfw")) if os.path.isdir(WEIGHTS_DIR) else []
    if name is None:
        return names
    path = os.path.join(WEIGHTS_DIR, name + ".nfw")
    if not os.path.exists(path):
        raise ValueError("no shipped weights '%s' in %s (have: %s)" % (name, WEIGHTS_DIR, ", ".join(names) or "none"))
    return path
