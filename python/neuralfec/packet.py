"""Packetized BPSK or QPSK link with our FEC on the payload: the transmit and
receive chains of examples/ota_tx.grc, ota_rx.grc, ota_loopback.grc and
ota_fading_loopback.grc (QPSK).

Packet: access code and length header (digital.header_format_default, 96
bits), then `codewords` codewords of the code carrying the data bytes and
their CRC32. The whole packet in one constellation (BPSK, or Gray QPSK at
unit energy: the access code then spans 32 symbols, and the Costas loop is
of order 4), root-raised-cosine pulses. The receiver normalizes the
level (AGC), finds packets by correlating with the access code (which also
gives timing and carrier phase), recovers symbol timing (polyphase clock
sync) and carrier (Costas loop), parses the header, and hands the payload's
soft symbols to the FEC decoder, bit 1 positive as GNU Radio's FEC expects.
"""
import numpy as np
import pmt
from gnuradio import analog, blocks, digital, fec, gr, pdu
from gnuradio.filter import firdes

from .neuralfec_python import code as _code
from .neuralfec_python import recording_writer as _recording_writer

LEN_TAG = "packet_len"
NFILTS = 32


def _geometry(code, codewords):
    """(bits sent a codeword, k, data bytes per packet) of a packet of
    `codewords` codewords."""
    c = _code.make(code)
    n, k = c.tx_n(), c.k()
    if codewords < 1 or (codewords * k) % 8:
        raise ValueError("%d codewords of %s carry %d bits, not whole bytes: choose a multiple of %d codewords"
                         % (codewords, code, codewords * k, 8 // _gcd(k, 8)))
    data = codewords * k // 8 - 4
    if data < 1:
        raise ValueError("%d codewords of %s leave no room beside the CRC32" % (codewords, code))
    return n, k, data


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def _qpsk():
    r = 0.5 ** 0.5
    return digital.constellation_calcdist([complex(-r, -r), complex(r, -r), complex(-r, r), complex(r, r)],
                                          [0, 1, 2, 3], 4, 1, digital.constellation.AMPLITUDE_NORMALIZATION)


# name: (the packet's constellation, bits most significant first and the soft
# decoder's values bit 1 positive; the access-code detection threshold packet_rx
# uses by default, see its docstring)
MODULATIONS = {
    "bpsk": (digital.constellation_bpsk, 0.5),
    "qpsk": (_qpsk, 0.8),
}


def _modulation(modulation):
    """(constellation, default detection threshold) of a modulation name."""
    if not isinstance(modulation, str) or modulation not in MODULATIONS:
        raise ValueError("modulation must be one of %s, not %r" % (", ".join(MODULATIONS), modulation))
    make, threshold = MODULATIONS[modulation]
    return make().base(), threshold


def _modulator(const, sps, excess_bw):
    return digital.generic_mod(const, False, sps, False, excess_bw, False, False)


class packet_tx(gr.hier_block2):
    """Bytes in, complex baseband out (unit energy symbols of `modulation`,
    "bpsk" or "qpsk", `sps` samples per symbol). `encoder`: a generic encoder
    of `code` with frame size codewords * K (neuralfec.linear_encoder).
    Packets are sent back to back."""

    def __init__(self, encoder, code="bch:63,36", codewords=8, sps=4, excess_bw=0.35, modulation="bpsk"):
        gr.hier_block2.__init__(self, "neuralfec_packet_tx", gr.io_signature(1, 1, gr.sizeof_char),
                                gr.io_signature(1, 1, gr.sizeof_gr_complex))
        n, k, data = _geometry(code, codewords)
        const, _ = _modulation(modulation)
        self.payload_bytes = data
        hdr = digital.header_format_default(digital.packet_utils.default_access_code, 0, const.bits_per_symbol())
        split = blocks.stream_to_tagged_stream(gr.sizeof_char, 1, data, LEN_TAG)
        crc = digital.crc32_bb(False, LEN_TAG, True)
        unpack = blocks.repack_bits_bb(8, 1, LEN_TAG, False, gr.GR_MSB_FIRST)
        enc = fec.extended_tagged_encoder(encoder, "11", LEN_TAG, codewords * k // 8)
        pack = blocks.repack_bits_bb(1, 8, LEN_TAG, False, gr.GR_MSB_FIRST)
        header = digital.protocol_formatter_bb(hdr, LEN_TAG)
        mux = blocks.tagged_stream_mux(gr.sizeof_char, LEN_TAG, 0)
        self.connect(self, split, crc, unpack, enc, pack)
        self.connect(pack, header, (mux, 0))
        self.connect(pack, (mux, 1))
        self.connect(mux, _modulator(const, sps, excess_bw), self)


def packet_codewords(code, codewords, payload):
    """The codeword bits [codewords, n] packet_tx sends for data bytes
    `payload` (its CRC32 appended as the transmitter appends it)."""
    c = _code.make(code)
    n, k, data = _geometry(code, codewords)
    payload = bytes(payload)
    if len(payload) != data:
        raise ValueError("a packet of %d codewords of %s carries %d data bytes, not %d" % (codewords, code, data, len(payload)))
    # the transmitter's own CRC block, once
    tb = gr.top_block()
    src = blocks.vector_source_b(list(payload), False)
    split = blocks.stream_to_tagged_stream(gr.sizeof_char, 1, data, LEN_TAG)
    crc = digital.crc32_bb(False, LEN_TAG, True)
    snk = blocks.vector_sink_b()
    tb.connect(src, split, crc, snk)
    tb.run()
    bits = np.unpackbits(np.array(snk.data(), dtype=np.uint8))  # most significant bit first, as repack_bits_bb(8, 1) sends them
    return np.array([c.encode(bits[i * k:(i + 1) * k].tolist()) for i in range(codewords)], dtype=np.uint8)


class _recorder(gr.basic_block):
    """PDUs of a packet's payload soft symbols in; each written with the
    known codewords to a recording (neuralfec.recording_writer), complete
    when the flowgraph stops."""

    def __init__(self, path, code, codewords):
        gr.basic_block.__init__(self, "neuralfec_payload_recorder", None, None)
        self.codewords = codewords
        self.writer = _recording_writer(path, code)
        self.message_port_register_in(pmt.intern("in"))
        self.set_msg_handler(pmt.intern("in"), self.handle)

    def handle(self, msg):
        soft = np.array(pmt.f32vector_elements(pmt.cdr(msg)), dtype=np.float32)
        if soft.size == self.codewords.size:
            self.writer.add(soft, self.codewords.ravel())

    def stop(self):
        self.writer.close()
        return True


class packet_rx(gr.hier_block2):
    """Complex baseband in; message port "out": the data bytes of every packet
    whose CRC32 holds after decoding (a PDU per packet). `decoder`: one of
    our decoders of `code` with frame size codewords * K (gr-fec's LDPC
    decoder takes one codeword per frame only). `modulation`: as sent by
    packet_tx. `threshold`: access-code correlation, relative to a perfect
    match after the AGC; None: 0.5 for BPSK, 0.8 for QPSK (its access code
    spans half the symbols, and random payload crosses 0.5 often enough to
    keep the header parser busy with false starts while real packets pass).

    `record`: a file to record every packet's payload soft symbols to, with
    the codewords sent, for neuralfec-train --data and neuralfec-eval --data
    (docs/recording-format.md), when every packet carries the same known
    data bytes, `record_payload` (a test pattern); the file appears when the
    flowgraph stops."""

    def __init__(self, decoder, code="bch:63,36", codewords=8, sps=4, excess_bw=0.35, threshold=None, record="", record_payload=b"",
                 modulation="bpsk"):
        gr.hier_block2.__init__(self, "neuralfec_packet_rx", gr.io_signature(1, 1, gr.sizeof_gr_complex),
                                gr.io_signature(0, 0, 0))
        self.message_port_register_hier_out("out")
        n, _, _ = _geometry(code, codewords)
        const, default_threshold = _modulation(modulation)
        bps = const.bits_per_symbol()
        if threshold is None:
            threshold = default_threshold
        hdr = digital.header_format_default(digital.packet_utils.default_access_code, 0, bps)
        access_code = [int(digital.packet_utils.default_access_code[i:i + 8], 2) for i in range(0, 64, 8)]
        sync_word = digital.modulate_vector_bc(_modulator(const, sps, excess_bw).to_basic_block(), access_code, [1])
        # Where corr_est puts its tags: the modulator's filter delay, by sps.
        mark_delays = {2: 34, 3: 56, 4: 87, 5: 119}
        if sps not in mark_delays:
            raise ValueError("samples per symbol must be one of %s, not %r" % (sorted(mark_delays), sps))
        mark_delay = mark_delays[sps]
        agc = analog.agc2_cc(1e-1, 1e-2, 1.0, 1.0)
        agc.set_max_gain(65536)
        corr = digital.corr_est_cc(sync_word, sps, mark_delay, threshold, digital.THRESHOLD_ABSOLUTE)
        level = blocks.multiply_by_tag_value_cc("amp_est", 1)
        taps = firdes.root_raised_cosine(NFILTS, NFILTS * sps, 1.0, excess_bw, 11 * sps * NFILTS)
        clock = digital.pfb_clock_sync_ccf(sps, 6.28 / 400.0, taps, NFILTS, NFILTS / 2, 1.5, 1)
        carrier = digital.costas_loop_cc(6.28 / 200.0, 2 ** bps, False)
        demux = digital.header_payload_demux(hdr.header_nbits() // bps, 1, 0, "payload symbols", "time_est", True,
                                             gr.sizeof_gr_complex, "rx_time", 1, [], 0)
        header_bits = fec.decoder(fec.dummy_decoder.make(hdr.header_nbits()), gr.sizeof_float, gr.sizeof_char)
        parser = digital.protocol_parser_b(hdr)
        to_pdu = pdu.tagged_stream_to_pdu(gr.types.float_t, "payload symbols")
        self.decoder = fec.async_decoder(decoder, True, False, codewords * n)
        crc = digital.crc32_async_bb(True)
        self.connect(self, agc, corr, level, clock, carrier, demux)
        self.connect((demux, 0), digital.constellation_soft_decoder_cf(const), header_bits, parser)
        self.msg_connect(parser, "info", demux, "header_data")
        # bps soft values a symbol: the length tag counts symbols
        length = blocks.tagged_stream_multiply_length(gr.sizeof_float, "payload symbols", bps)
        self.connect((demux, 1), digital.constellation_soft_decoder_cf(const), length, to_pdu)
        self.msg_connect(to_pdu, "pdus", self.decoder, "in")
        if record:
            self.recorder = _recorder(record, code, packet_codewords(code, codewords, record_payload))
            self.msg_connect(to_pdu, "pdus", self.recorder, "in")
        self.msg_connect(self.decoder, "out", crc, "in")
        self.msg_connect(crc, "out", self, "out")
