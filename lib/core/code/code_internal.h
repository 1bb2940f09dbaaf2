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
 * source produces and the code object consumes. */
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

/* A family's own encoder: the information bits are the first k of the
 * mother codeword, and H has n - k rows (full rank but for C2's two
 * redundant ones). Reentrant, nothing allocated per codeword. */
typedef struct nfec_encoder nfec_encoder;
struct nfec_encoder {
    int k;
    void (*encode)(const nfec_encoder* e, const uint8_t* info, uint8_t* codeword);
    void (*destroy)(nfec_encoder* e);
};
/* The staircase encoder of a quasi-cyclic parity part (802.11n/ac, 5G NR):
 * a core of c block rows whose first parity column sums to one circulant
 * and whose other parity columns are the identity staircase, then rows that
 * each add one identity parity column. Copies q; EINVAL when q has another
 * structure. */
nfec_status nfec_qc_encoder(const nfec_qc* q, nfec_encoder** out, nfec_error* err);

/* The inverse of a matrix of blocks x blocks circulants of L x L (row i of
 * each is its first row shifted right by i; L a power of two), packed rows
 * of `words` words, into inv in the same layout (circulant.c). 1 on
 * success, 0 when it is singular or not made of such circulants. */
int nfec_circulant_invert(const uint64_t* a, int blocks, int l, int words, uint64_t* inv);

/* What a sent codeword holds of each mother position (role[], code.c). */
enum { NFEC_ROLE_SENT = 0, NFEC_ROLE_PUNCTURED = 1, NFEC_ROLE_SHORTENED = 2 };

/* What a code source (code.c's table of families) hands over besides the
 * matrix to decode on: enc, unless left empty, the matrix that fixes the
 * encoder and the information positions (BCH's standard matrix); encoder,
 * unless NULL, the family's own encoder; role, unless NULL, n roles (the
 * standard's puncturing and shortening; shortened positions must be
 * information positions). */
typedef struct {
    nfec_rows enc;
    nfec_encoder* encoder;
    uint8_t* role;
} nfec_code_family;
void nfec_code_family_free(nfec_code_family* f);

typedef nfec_status (*nfec_code_source)(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "bch:N,K[:cyclic]"; enc is the standard matrix. */
nfec_status nfec_bch_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "wifi:N:R" (IEEE 802.11n/ac). */
nfec_status nfec_wifi_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "nr:BG:Z[:K]" (3GPP TS 38.212 LDPC). */
nfec_status nfec_nr_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "ccsds:ar4ja:R:K" (CCSDS 131.0-B). */
nfec_status nfec_ar4ja_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "ccsds:c2" (CCSDS 131.0-B, the (8160, 7136) code). */
nfec_status nfec_c2_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);
/* Parses "dvbs2:short:R" (ETSI EN 302 307-1). */
nfec_status nfec_dvbs2_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err);

/* Row lists from (row, column) pairs where a pair present twice cancels
 * (sums of permutation matrices); sorts the pairs in place. */
nfec_status nfec_rows_from_pairs(int n, int m, int* pairs, size_t count, nfec_rows* out, nfec_error* err);

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

/* A code of a parsed matrix, as an alist file makes one (takes the rows). */
nfec_code* nfec_code_from_rows(const char* spec, nfec_rows* dec, nfec_error* err);
/* The dimension of the mother code (k plus the shortened bits). */
int nfec_code_dimension(const nfec_code* code);
/* The dense systematic form; NULL for a code too large to eliminate (one
 * with its own encoder, beyond NFEC_DENSE_LIMIT). */
const nfec_systematic* nfec_code_systematic(const nfec_code* code);
enum { NFEC_DENSE_LIMIT = 4096 }; /* n up to which a structured code also gets the dense form */
/* The family's own encoder, NULL when the code encodes by the dense form. */
const nfec_encoder* nfec_code_encoder(const nfec_code* code);
/* The dense systematic encoder on the mother code's information bits
 * (nfec_code_dimension of them, in the mother's information positions),
 * whatever the code's own: the reference the structured encoders are
 * tested against. The code must have its dense form. */
void nfec_code_encode_dense(const nfec_code* code, const uint8_t* info, uint8_t* codeword);
/* NFEC_ROLE_* of mother position v. */
int nfec_code_role(const nfec_code* code, int v);
enum { NFEC_SHORTEN_LIMIT = 1 << 14 }; /* mother information bits of a shortened code (encoded on the stack) */
/* The mother code's information positions (nfec_code_dimension). */
const int* nfec_code_mother_info_positions(const nfec_code* code);
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
