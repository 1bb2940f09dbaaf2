"""Helpers shared by the QA tests: frames in GNU Radio's soft-bit convention
and decoding through fec.decoder."""
import numpy as np
from gnuradio import blocks, fec, gr
from gnuradio import neuralfec


def soft_frames(spec, frames, ebn0_db, seed):
    """Random codewords of the code as BPSK soft bits (bit 0 -> -1.0) over
    AWGN at Eb/N0 (None: noiseless). Returns (info bits, soft symbols)."""
    c = neuralfec.code.make(spec)
    n, k = c.n(), c.k()
    rng = np.random.default_rng(seed)
    info = rng.integers(0, 2, (frames, k)).astype(np.uint8)
    g = np.array([c.encode([int(i == j) for j in range(k)]) for i in range(k)], dtype=np.int64)
    cw = info.astype(np.int64) @ g % 2
    sigma = 0.0 if ebn0_db is None else (1.0 / (2.0 * k / n * 10 ** (ebn0_db / 10))) ** 0.5
    soft = (2.0 * cw - 1 + sigma * rng.standard_normal(cw.shape)).astype(np.float32)
    return info, soft


def decode(dec, soft):
    """Runs soft symbols through fec.decoder with a generic_decoder."""
    tb = gr.top_block()
    snk = blocks.vector_sink_b()
    tb.connect(blocks.vector_source_f(soft.ravel().tolist(), False), fec.decoder(dec, gr.sizeof_float, gr.sizeof_char), snk)
    tb.run()
    return np.array(snk.data(), dtype=np.uint8)
