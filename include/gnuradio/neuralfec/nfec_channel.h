/* gr-neuralfec C core: the channel, what a sent codeword becomes at the
 * decoder's input, for training, evaluation, the bench, the speed tool and
 * the tests alike.
 *
 * Code bits (optionally interleaved) are grouped m = log2(M) at a time into
 * Gray-labelled symbols of unit mean energy: BPSK (bit b -> 1 - 2b), QPSK,
 * 8PSK, 16QAM, 64QAM. Each symbol x is received as y = h x + w: h = 1
 * (AWGN) or complex Gaussian of unit mean power, drawn per symbol (fast
 * Rayleigh) or per block of L symbols; w complex Gaussian with N0 =
 * 1 / (R m Eb/N0) (R the code rate), sigma^2 = N0 / 2 per real dimension.
 * BPSK is real: y = |h| x + w (coherent, phase removed). The receiver knows
 * h (CSI) or only its phase (no CSI: amplitude taken as 1, the mean power),
 * and demaps each bit exactly, LLR = ln sum_{b=0} exp(-|y - h x|^2 / N0) -
 * ln sum_{b=1} ..., or max-log (the largest term of each sum). LLRs are
 * positive for 0. BPSK over AWGN gives llr = 2 y / sigma^2.
 *
 * GNU Radio's soft-bit convention is the opposite sign and the BPSK scale:
 * soft = -llr * sigma^2 / 2 (for BPSK over AWGN, -y: bit 1 -> +1, as
 * digital.map_bb([-1, 1]) makes it).
 *
 * Every frame is a pure function of (seed, stream, step, index), whatever
 * thread draws it and in whatever order: training is reproducible and
 * resumable, and the streams never share a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_CHANNEL_H
#define INCLUDED_NFEC_CHANNEL_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_error.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Frame streams: training batches, validation (model selection) and test
 * (reported results). */
enum { NFEC_STREAM_TRAIN = 1, NFEC_STREAM_VALIDATION = 2, NFEC_STREAM_TEST = 3 };

typedef enum { NFEC_MOD_BPSK = 0, NFEC_MOD_QPSK = 1, NFEC_MOD_8PSK = 2, NFEC_MOD_16QAM = 3, NFEC_MOD_64QAM = 4 } nfec_modulation;
typedef enum { NFEC_FADING_NONE = 0, NFEC_FADING_RAYLEIGH_FAST = 1, NFEC_FADING_RAYLEIGH_BLOCK = 2 } nfec_fading;
typedef enum { NFEC_DEMAP_EXACT = 0, NFEC_DEMAP_MAXLOG = 1 } nfec_demapper;

typedef struct {
    nfec_modulation modulation; /* NFEC_MOD_BPSK */
    nfec_demapper demapper;     /* NFEC_DEMAP_EXACT */
    nfec_fading fading;         /* NFEC_FADING_NONE */
    int fading_block;           /* L, symbols per fade of NFEC_FADING_RAYLEIGH_BLOCK (1..1e6) */
    int csi;                    /* 1 (default): the receiver knows h; 0: only its phase */
    int interleave;             /* 1: code bits permuted (a fixed pseudo-random order) before mapping */
    double ebn0_db;             /* +INFINITY: noiseless */
    int random_codewords;       /* 1: random information bits, encoded (default); 0: the all-zero codeword */
    uint64_t seed;
    int stream;                 /* NFEC_STREAM_* (default NFEC_STREAM_TEST) */
} nfec_channel_config;

/* BPSK, no fading, 0 dB, random codewords, seed 1, the test stream. */
void nfec_channel_config_default(nfec_channel_config* cfg);

/* The spellings every tool takes (--modulation, --channel), into cfg; NULL
 * leaves that part as it is:
 *   modulation  bpsk | qpsk | 8psk | 16qam | 64qam, then :maxlog for the
 *               max-log demapper (exact by default)
 *   channel     awgn | rayleigh-fast | rayleigh-block:L, then :no-csi
 *               and/or :interleaved */
nfec_status nfec_channel_config_parse(nfec_channel_config* cfg, const char* modulation, const char* channel, nfec_error* err);
/* The spellings back ("16qam:maxlog", "rayleigh-block:8:no-csi"), for
 * tables and provenance. */
const char* nfec_channel_modulation_text(const nfec_channel_config* cfg, char* buf, size_t len);
const char* nfec_channel_channel_text(const nfec_channel_config* cfg, char* buf, size_t len);
/* Bits per symbol of a modulation (0: not one). */
int nfec_modulation_bits(nfec_modulation m);

typedef struct nfec_channel nfec_channel;

/* For frames of `code` (which must outlive it); NULL and a message for a
 * configuration it cannot run (NaN Eb/N0, an unknown modulation...). */
nfec_channel* nfec_channel_create(const nfec_code* code, const nfec_channel_config* cfg, nfec_error* err);
void nfec_channel_destroy(nfec_channel* ch);

nfec_status nfec_channel_set_ebn0(nfec_channel* ch, double ebn0_db, nfec_error* err);
/* The noise standard deviation per real dimension (0 when noiseless). */
double nfec_channel_sigma(const nfec_channel* ch);

/* Frame (step, index): info[k] and the codeword bits[n]; the code's tx_n
 * sent bits cross the channel (Eb/N0 counts k per tx_n); llr[n] as the
 * decoders read them (noiseless: +-1e4; punctured 0, shortened +1e4) and
 * soft[tx_n], the received values in GNU Radio's convention, each of these
 * two NULL if not wanted. Thread-safe: the channel is only read;
 * nothing is allocated. */
void nfec_channel_frame(const nfec_channel* ch, long step, int index, uint8_t* info, uint8_t* bits, float* llr, float* soft);

/* The LLR scale of soft bits nobody gave it for: GNU Radio soft bits of
 * two-level symbols (BPSK, or a QPSK constellation's per-bit values), s =
 * -(A x + noise) with x = +-1 and noise of variance sigma^2, have LLRs
 * -s * 2 A / sigma^2. A and sigma come from the second and fourth moments of
 * s (the M2M4 estimator: A^4 = (3 M2^2 - M4) / 2, sigma^2 = M2 - A^2), kept
 * over about `memory` recent values with exponential forgetting; a block
 * of at least 256 values whose power is off by more than 1.5x (a step in
 * level) starts the moments afresh. Denser constellations' soft bits are
 * not two-level: there it is biased. */
typedef struct nfec_scale_estimator nfec_scale_estimator;

/* memory: values (16..1e9). */
nfec_scale_estimator* nfec_scale_estimator_create(double memory, nfec_error* err);
void nfec_scale_estimator_destroy(nfec_scale_estimator* e);
/* Takes count soft values; NaN and infinities are skipped. */
void nfec_scale_estimator_update(nfec_scale_estimator* e, const float* soft, size_t count);
/* 2 A / sigma^2 of what it has seen (1 before any value); the signal
 * taken at least 1/100 of the noise and sigma^2 at least 1e-6 M2. */
double nfec_scale_estimator_llr_scale(const nfec_scale_estimator* e);
/* Values seen (with forgetting: at most about memory). */
double nfec_scale_estimator_weight(const nfec_scale_estimator* e);

#ifdef __cplusplus
}
#endif
#endif
