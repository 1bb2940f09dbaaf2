/* gr-neuralfec C core: recorded soft symbols, for training and evaluation on
 * frames from a real radio (docs/recording-format.md).
 *
 * A recording holds, frame after frame, the n soft values a decoder of the
 * code received (GNU Radio's convention: bit 1 positive, any scale) and the
 * codeword that was sent. Files are written atomically (they appear whole
 * or not at all) and checked entirely when read: a truncated, corrupted or
 * foreign file, or one of another code, is refused with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_RECORDING_H
#define INCLUDED_NFEC_RECORDING_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_error.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nfec_recording_writer nfec_recording_writer;

/* A recording of frames of `code` (which must outlive the writer) to be
 * written at path. */
nfec_recording_writer* nfec_recording_writer_create(const char* path, const nfec_code* code, nfec_error* err);
/* One frame: soft[n] and the codeword sent, bits[n] (0/1). Refused when the
 * codeword is not one (its checks fail) or a soft value is NaN or infinite. */
nfec_status nfec_recording_writer_add(nfec_recording_writer* w, const float* soft, const uint8_t* bits, nfec_error* err);
long nfec_recording_writer_frames(const nfec_recording_writer* w);
/* Completes the file (it appears at path) and frees the writer, whatever
 * the outcome. */
nfec_status nfec_recording_writer_finish(nfec_recording_writer* w, nfec_error* err);
/* Frees the writer; no file appears. */
void nfec_recording_writer_abandon(nfec_recording_writer* w);

typedef struct nfec_recording nfec_recording;

/* The whole file, checked (format, checksum, the code's identity, every
 * codeword against the code's checks). */
nfec_recording* nfec_recording_load(const char* path, const nfec_code* code, nfec_error* err);
void nfec_recording_destroy(nfec_recording* r);
long nfec_recording_frames(const nfec_recording* r);
/* Frame i (0 <= i < frames): its soft values and sent codeword, either NULL
 * if not wanted. */
void nfec_recording_frame(const nfec_recording* r, long i, float* soft, uint8_t* bits);
/* The LLR scale of the first `frames` frames' soft values, estimated as
 * nfec_scale_estimator does (nfec_channel.h) over all of them; 0 when out
 * of memory. */
double nfec_recording_llr_scale(const nfec_recording* r, long frames);
/* The file's checksum: what identifies it (a training run resumes only on
 * the same data). */
uint64_t nfec_recording_id(const nfec_recording* r);

#ifdef __cplusplus
}
#endif
#endif
