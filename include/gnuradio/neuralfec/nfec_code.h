/* gr-neuralfec C core: binary linear codes given by a parity-check matrix.
 *
 * A code is named by a spec string:
 *   PATH.alist        any parity-check matrix in alist format (MacKay's, as GNU
 *                     Radio's gr-fec reads it);
 *   bch:N,K           the narrow-sense primitive binary BCH code, N = 2^m - 1
 *                     (m = 3..10), with its standard cyclic parity-check matrix
 *                     of N - K rows;
 *   bch:N,K:cyclic    the same code with the redundant matrix of all N cyclic
 *                     shifts of the parity row (same encoder, more checks);
 *   wifi:N:R          the IEEE 802.11n/ac LDPC code of length N (648, 1296,
 *                     1944) and rate R (1/2, 2/3, 3/4, 5/6): the standard's
 *                     matrix, information bits (the first K) and encoder
 *                     (back-substitution, no generator matrix);
 *   nr:BG:Z[:K]       the 3GPP 5G NR LDPC code of base graph BG (1, 2) lifted
 *                     by Z (one of the 51 lifting sizes 2..384): the first 2Z
 *                     systematic bits punctured, K information bits (default
 *                     22Z / 10Z; fewer: the rest are filler bits, shortened);
 *   ccsds:ar4ja:R:K   the CCSDS 131.0-B AR4JA code of rate R (1/2, 2/3, 4/5)
 *                     and K (1024, 4096, 16384) information bits, its last M
 *                     bits punctured;
 *   ccsds:c2          the CCSDS 131.0-B C2 code, (8160, 7136) as sent: the
 *                     (8176, 7154) code, 18 leading information bits
 *                     shortened, two zeros appended (n = 8178 with them);
 *   dvbs2:short:R     the DVB-S2 LDPC code of the short frame (n = 16200), R
 *                     1/4, 1/3, 2/5, 1/2, 3/5, 2/3, 3/4, 4/5, 5/6, 8/9.
 *
 * The Tanner graph is stored twice, as index arrays: check-major (the edges of
 * check 0, then check 1, ...; edge ids follow this order) and variable-major (a
 * permutation of the edge ids). Information positions follow gr-fec's
 * ldpc_encoder for alist codes, so frames from gr-fec's encoder decode with ours;
 * a standard's code has the standard's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_CODE_H
#define INCLUDED_NFEC_CODE_H

#include <gnuradio/neuralfec/nfec_error.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nfec_code nfec_code;

nfec_code* nfec_code_create(const char* spec, nfec_error* err);
void nfec_code_destroy(nfec_code* code);

const char* nfec_code_spec(const nfec_code* code);
int nfec_code_n(const nfec_code* code);      /* code length */
int nfec_code_k(const nfec_code* code);      /* dimension, n - rank(H) */
int nfec_code_checks(const nfec_code* code); /* rows of H (may exceed n - k) */
int nfec_code_edges(const nfec_code* code);  /* ones in H */
int nfec_code_tx_n(const nfec_code* code);   /* bits sent per codeword (n less punctured and shortened) */
int nfec_code_punctured(const nfec_code* code);
int nfec_code_shortened(const nfec_code* code);
/* The positions of a codeword that are sent, in the order sent (tx_n). */
const int* nfec_code_tx_positions(const nfec_code* code);
/* A codeword's sent bits: sent[t] = codeword[tx_positions[t]]. */
void nfec_code_tx_bits(const nfec_code* code, const uint8_t* codeword, uint8_t* sent);
/* The decoders' n LLRs from tx_n received values: scale * sent[t] at the
 * sent positions, 0 (nothing known) where punctured, +NFEC_LLR_MAX (bit 0,
 * certain) where shortened. With sent NULL only the positions not sent are
 * written. */
void nfec_code_tx_expand(const nfec_code* code, const float* sent, float scale, float* llr);

/* Check-major graph: the edges of check c are check_start[c] .. check_start[c+1]-1,
 * edge e joins variable edge_var[e]. */
const int* nfec_code_check_start(const nfec_code* code);
const int* nfec_code_edge_var(const nfec_code* code);
/* Variable-major view: the edges of variable v are var_edges[var_start[v] ..
 * var_start[v+1]-1] (edge ids, ascending). */
const int* nfec_code_var_start(const nfec_code* code);
const int* nfec_code_var_edges(const nfec_code* code);

/* The k positions of the codeword that carry the information bits, in order. */
const int* nfec_code_info_positions(const nfec_code* code);

/* FNV-1a 64-bit hash of (n, checks, the edge list in check-major order): the
 * identity of the matrix, which tells two matrices of one code apart. */
uint64_t nfec_code_hash(const nfec_code* code);

/* Systematic encoding: info[k] bits (0/1 bytes) -> codeword[n] bits. */
void nfec_code_encode(const nfec_code* code, const uint8_t* info, uint8_t* codeword);
/* The information bits of a codeword (or of a hard decision). */
void nfec_code_extract_info(const nfec_code* code,
                            const uint8_t* codeword,
                            uint8_t* info);
/* 1 when every check of H is satisfied by bits[n], else 0. */
int nfec_code_is_codeword(const nfec_code* code, const uint8_t* bits);

/* Writes H as alist (the layout gr-fec reads). */
nfec_status nfec_code_write_alist(const nfec_code* code, FILE* out, nfec_error* err);
/* The same into a file, atomically (temp file, fsync, rename). */
nfec_status nfec_code_save_alist(const nfec_code* code, const char* path, nfec_error* err);

#ifdef __cplusplus
}
#endif
#endif
