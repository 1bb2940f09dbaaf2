/* gr-neuralfec C core: the channel, what a sent codeword becomes at the
 * decoder's input, for training, evaluation, the bench, the speed tool and
 * the tests alike.
 *
 * BPSK over AWGN today: bit b is sent as x = (b ? -1 : +1), received as
 * y = x + noise of variance sigma^2 = 1 / (2 R Eb/N0) (R the code rate), and
 * given to decoders as llr = 2 y / sigma^2 (positive favours 0). GNU Radio's
 * soft-bit convention is the opposite sign: soft = -y (bit 1 -> +1), as
 * digital.map_bb([-1, 1]) makes it. The configuration names the modulation
 * and fading so that QAM soft demapping and fading models take the same
 * interface.
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
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Frame streams: training batches, validation (model selection) and test
 * (reported results). */
enum { NFEC_STREAM_TRAIN = 1, NFEC_STREAM_VALIDATION = 2, NFEC_STREAM_TEST = 3 };

typedef enum { NFEC_MOD_BPSK = 0 } nfec_modulation;
typedef enum { NFEC_FADING_NONE = 0 } nfec_fading;

typedef struct {
    nfec_modulation modulation; /* NFEC_MOD_BPSK */
    nfec_fading fading;         /* NFEC_FADING_NONE */
    double ebn0_db;             /* +INFINITY: noiseless */
    int random_codewords;       /* 1: random information bits, encoded (default); 0: the all-zero codeword */
    uint64_t seed;
    int stream;                 /* NFEC_STREAM_* (default NFEC_STREAM_TEST) */
} nfec_channel_config;

/* BPSK, no fading, 0 dB, random codewords, seed 1, the test stream. */
void nfec_channel_config_default(nfec_channel_config* cfg);

typedef struct nfec_channel nfec_channel;

/* For frames of `code` (which must outlive it); NULL and a message for a
 * configuration it cannot run (NaN Eb/N0, an unknown modulation...). */
nfec_channel* nfec_channel_create(const nfec_code* code, const nfec_channel_config* cfg, nfec_error* err);
void nfec_channel_destroy(nfec_channel* ch);

nfec_status nfec_channel_set_ebn0(nfec_channel* ch, double ebn0_db, nfec_error* err);
/* The noise standard deviation per real dimension (0 when noiseless). */
double nfec_channel_sigma(const nfec_channel* ch);

/* Frame (step, index): info[k] and bits[n] sent; llr[n] as the decoders
 * read them (noiseless: +-1e4) and soft[n] in GNU Radio's convention, each
 * of these two NULL if not wanted. Thread-safe: the channel is only read. */
void nfec_channel_frame(const nfec_channel* ch, long step, int index, uint8_t* info, uint8_t* bits, float* llr, float* soft);

#ifdef __cplusplus
}
#endif
#endif
