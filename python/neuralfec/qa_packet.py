#!/usr/bin/python3
"""The packet link of the OTA examples: neuralfec.packet_tx through a channel
model (noise, carrier frequency and phase offset, timing drift, unknown
level) into neuralfec.packet_rx delivers the sent bytes, packet by packet."""
import time

import numpy as np
from gnuradio import blocks, channels, gr, gr_unittest
from gnuradio import neuralfec

CODE, K, CODEWORDS = "bch:63,36", 36, 8


class qa_packet(gr_unittest.TestCase):

    def run_link(self, decoder, noise, freq_offset, phase, level, want, seconds=30.0, modulation="bpsk"):
        """Random bytes through the link until `want` packets arrived (or
        `seconds` passed: slow under sanitizers); returns (bytes sent,
        packets received, data bytes per packet)."""
        tb = gr.top_block()
        rng = np.random.default_rng(1)
        data = rng.integers(0, 256, 32 * 400).astype(np.uint8).tolist()
        src = blocks.vector_source_b(data, False)
        tx = neuralfec.packet_tx(neuralfec.linear_encoder.make(CODE, CODEWORDS * K), CODE, CODEWORDS, modulation=modulation)
        chan = channels.channel_model(noise, freq_offset, 1.00001, [level * np.exp(1j * phase)], 7)
        rx = neuralfec.packet_rx(decoder, CODE, CODEWORDS, modulation=modulation)
        got = blocks.message_debug()
        tb.connect(src, tx, chan, rx)
        tb.msg_connect(rx, "out", got, "store")
        tb.start()
        t0 = time.time()
        while got.num_messages() < want and time.time() - t0 < seconds:
            time.sleep(0.1)
        time.sleep(0.5)  # stragglers
        tb.stop()
        tb.wait()
        packets = [bytes(gr.pmt.u8vector_elements(gr.pmt.cdr(got.get_message(i)))) for i in range(got.num_messages())]
        return bytes(data), packets, tx.payload_bytes

    def check(self, decoder, name, noise, freq_offset, phase, level, at_least, modulation="bpsk"):
        sent, packets, size = self.run_link(decoder, noise, freq_offset, phase, level, at_least, modulation=modulation)
        chunks = {sent[i:i + size] for i in range(0, len(sent) - size + 1, size)}
        print("%s: %d of %d packets through (noise %.2f, offset %.4f, phase %.1f, level %.1f)"
              % (name, len(packets), len(chunks), noise, freq_offset, phase, level))
        self.assertEqual(size, CODEWORDS * K // 8 - 4)
        self.assertGreaterEqual(len(packets), at_least, name)
        for p in packets:
            self.assertIn(p, chunks, name)  # every delivered packet is one that was sent

    def test_001_student_through_impairments(self):
        dec = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"), "", CODEWORDS * K)
        self.check(dec, "student", 0.12, 0.0005, 1.0, 0.3, 300)
        dec16 = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"), "", CODEWORDS * K, 1.0, True, True)
        self.check(dec16, "student int16", 0.8, -0.001, 2.5, 2.0, 300)

    def test_002_teacher_plugs_in(self):
        self.check(neuralfec.minsum_decoder.make(CODE, 30, CODEWORDS * K), "teacher", 0.3, 0.0002, -1.0, 1.0, 300)

    def test_003_bad_geometry_is_refused(self):
        enc = neuralfec.linear_encoder.make(CODE, 3 * K)
        with self.assertRaisesRegex(ValueError, "not whole bytes"):
            neuralfec.packet_tx(enc, CODE, 3)
        with self.assertRaisesRegex(ValueError, "samples per symbol"):
            neuralfec.packet_rx(neuralfec.minsum_decoder.make(CODE), CODE, 8, 7)
        with self.assertRaisesRegex(ValueError, "modulation must be one of bpsk, qpsk, not '8psk'"):
            neuralfec.packet_tx(neuralfec.linear_encoder.make(CODE, CODEWORDS * K), CODE, CODEWORDS, modulation="8psk")

    def test_004_qpsk_through_impairments(self):
        # the whole packet in Gray QPSK: access code of 32 symbols, Costas loop of order 4
        self.check(neuralfec.minsum_decoder.make(CODE, 30, CODEWORDS * K), "teacher qpsk", 0.07, 0.0005, 1.0, 0.5, 300, "qpsk")
        dec = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"), "", CODEWORDS * K)
        self.check(dec, "student qpsk", 0.5, -0.001, 2.5, 2.0, 300, "qpsk")


if __name__ == "__main__":
    gr_unittest.run(qa_packet)
