"""
gr-neuralfec: neural min-sum channel decoders as GNU Radio FEC plugins.

    from gnuradio import neuralfec
    dec = neuralfec.minsum_decoder.make("bch:63,36", 30)
    enc = neuralfec.linear_encoder.make("bch:63,36")
"""
from .neuralfec_python import *
