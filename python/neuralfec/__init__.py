"""
gr-neuralfec: neural min-sum channel decoders as GNU Radio FEC plugins.

    from gnuradio import neuralfec
    dec = neuralfec.minsum_decoder.make("bch:63,36", 30)                     # teacher
    student = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"))
    enc = neuralfec.linear_encoder.make("bch:63,36")
"""
import os
import tempfile

from .neuralfec_python import *
from .neuralfec_python import _make_decoder
from .packet import packet_codewords, packet_rx, packet_tx
from .paths import WEIGHTS_DIR


def decode_soft(decoder, soft):
    """Soft bits (GNU Radio's convention: bit 1 positive; any shape, whole
    frames of the decoder) through fec.decoder with a generic_decoder of
    ours or gr-fec's; the information bits it outputs, as uint8."""
    import numpy as np
    from gnuradio import blocks, fec, gr
    tb = gr.top_block()
    snk = blocks.vector_sink_b()
    tb.connect(blocks.vector_source_f(np.asarray(soft, dtype=np.float32).ravel().tolist(), False),
               fec.decoder(decoder, gr.sizeof_float, gr.sizeof_char), snk)
    tb.run()
    return np.array(snk.data(), dtype=np.uint8)


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


def make_decoder(spec, code, frame_size=0, llr_scale=1.0):
    """The block a decoder spec names (minsum:T, nms:T:ALPHA[:BETA],
    oms:T:BETA, bp:T[:DAMPING], each with :full and :layered; student:FILE|NAME, osd:W,
    bm, chase:P; +osd:W after a message-passing decoder, @int16 at the end)
    for the frames of `code`, exactly as named (no OSD unless +osd:W). NAME:
    a shipped student. LLR = -llr_scale * soft bit: BP, offsets and int16
    depend on it (2 / sigma^2 for BPSK of amplitude 1; "auto": estimated from
    the soft bits while running). ValueError naming the fault."""
    return _make_decoder(spec, code, frame_size, WEIGHTS_DIR, llr_scale)


def alist_path(spec):
    """An alist file of the code's parity-check matrix, for gr-fec's own
    decoders: an .alist spec is returned as it is, any other code is written
    to a private cache directory, and rewritten whenever the file there is not
    that matrix (stale, foreign or damaged)."""
    if not spec.startswith("bch:"):
        return spec
    want = code.make(spec)
    cache = os.path.join(tempfile.gettempdir(), "gr-neuralfec-%d" % os.getuid())
    os.makedirs(cache, mode=0o700, exist_ok=True)
    st = os.lstat(cache)
    if not os.path.isdir(cache) or os.path.islink(cache) or st.st_uid != os.getuid():
        raise ValueError("alist cache %s is not a directory of this user's" % cache)
    path = os.path.join(cache, spec.replace(":", "_").replace(",", "_") + ".alist")
    try:
        if code.make(path).hash() == want.hash():
            return path
    except ValueError:
        pass  # missing or not an alist: written below
    want.write_alist(path)
    return path
