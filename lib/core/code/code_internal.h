/* How code sources (alist files, BCH, ...) hand a parity-check matrix to the
 * code object, and what the code object offers the rest of the core beyond
 * the public API. */
#ifndef INCLUDED_NFEC_CODE_INTERNAL_H
#define INCLUDED_NFEC_CODE_INTERNAL_H

#include "util/internal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A parity-check matrix as row lists (0-based columns): the input every code
 * source produces and nfec_code_build consumes. */
typedef struct {
    int n, m;
    int* row_start; /* m + 1 */
    int* cols;      /* row_start[m] */
} nfec_rows;

void nfec_rows_free(nfec_rows* rows);

/* Reads an alist file into row lists, validating it completely; parse does
 * the same on text in memory, `path` naming it in messages. */
nfec_status nfec_alist_read(const char* path, nfec_rows* out, nfec_error* err);
nfec_status nfec_alist_parse(const char* text, size_t len, const char* path, nfec_rows* out, nfec_error* err);
/* A quasi-cyclic matrix: mb x nb blocks of Z x Z; shift[i * nb + j] >= 0 is
 * a circulant (row r has its one in column (r + shift) mod Z), -1 a zero
 * block (code_qc.c). */
typedef struct {
    int mb, nb, z;
    int* shift;
} nfec_qc;
void nfec_qc_free(nfec_qc* q);
nfec_status nfec_qc_rows(const nfec_qc* q, nfec_rows* out, nfec_error* err);
/* Whether the parity part (the last mb block columns) has the 802.11n/ac
 * dual-diagonal form: the first parity column with one shift at the top and
 * bottom and a 0 once between, then the identity staircase. */
int nfec_qc_dual_diagonal(const nfec_qc* q);
/* Encodes such a code: info[k] are the first k bits, the parity follows by
 * back-substitution; lambda: mb * Z bytes of scratch. */
void nfec_qc_encode(const nfec_qc* q, const uint8_t* info, uint8_t* codeword, uint8_t* lambda);
enum { NFEC_QC_SCRATCH = 1 << 15 }; /* lambda's bytes nfec_code_encode has */

/* A code source (code.c's table of families): from a spec, dec gets the
 * matrix to decode on and enc, unless left empty, the matrix that fixes the
 * encoder and the information positions; a quasi-cyclic family also fills
 * qc (its information bits are then the first k, its encoder
 * nfec_qc_encode when the structure allows). */
typedef nfec_status (*nfec_code_source)(const char* spec, nfec_rows* dec, nfec_rows* enc, nfec_qc* qc, nfec_error* err);
/* Parses "bch:N,K[:cyclic]"; enc is the standard matrix. */
nfec_status nfec_bch_rows(const char* spec, nfec_rows* dec, nfec_rows* enc, nfec_qc* qc, nfec_error* err);
/* Parses "wifi:N:R" (IEEE 802.11n/ac). */
nfec_status nfec_wifi_rows(const char* spec, nfec_rows* dec, nfec_rows* enc, nfec_qc* qc, nfec_error* err);

/* The systematic form of a matrix, found by GF(2) elimination in gr-fec's
 * order: pos[0..rank-1] are parity positions, pos[rank..n-1] information
 * positions; parity bit j is the XOR of the information bits selected by
 * parity[j * words .. ], words = (k + 63) / 64. */
typedef struct {
    int n, rank, words;
    int* pos;          /* n */
    uint64_t* parity;  /* rank * words */
} nfec_systematic;

nfec_status nfec_systematic_from_rows(const nfec_rows* rows, nfec_systematic* out, nfec_error* err);
/* The same with pivots sought in the columns' order `prefer` (n column
 * indices; NULL: 0..n-1): the standard's parity columns first give its
 * information positions. */
nfec_status nfec_systematic_ordered(const nfec_rows* rows, const int* prefer, nfec_systematic* out, nfec_error* err);
void nfec_systematic_free(nfec_systematic* s);

/* Indices of a maximal set of linearly independent rows, in order (malloc'd;
 * NULL when out of memory). */
int* nfec_independent_rows(const int* row_start, const int* cols, int m, int n, int* count);

/* Takes ownership of the row lists and the systematic form. */
nfec_code* nfec_code_build(const char* spec, nfec_rows* dec, nfec_systematic* sys, nfec_error* err);
const nfec_systematic* nfec_code_systematic(const nfec_code* code);
/* The quasi-cyclic structure a code encodes by (NULL: the dense form). */
const nfec_qc* nfec_code_qc(const nfec_code* code);
/* The dense systematic encoder, whatever the code's own: the reference the
 * structured encoders are tested against. */
void nfec_code_encode_dense(const nfec_code* code, const uint8_t* info, uint8_t* codeword);
/* A basis of H's rows as row lists: a word satisfies every check exactly
 * when it satisfies these (fewer on a redundant matrix), so early stop tests
 * only them. */
int nfec_code_syndrome_checks(const nfec_code* code);
const int* nfec_code_syndrome_start(const nfec_code* code);
const int* nfec_code_syndrome_var(const nfec_code* code);

#ifdef __cplusplus
}
#endif

#endif
