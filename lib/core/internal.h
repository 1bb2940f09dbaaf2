/* Helpers shared by the C core's files; not part of the public API. */
#ifndef INCLUDED_NFEC_INTERNAL_H
#define INCLUDED_NFEC_INTERNAL_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_error.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NFEC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NFEC_PRINTF(a, b)
#endif

/* Fills err (if any) and returns status. */
nfec_status nfec_fail(nfec_error* err, nfec_status status, const char* fmt, ...)
    NFEC_PRINTF(3, 4);

/* Sizes above these are refused as absurd rather than attempted. */
enum { NFEC_MAX_N = 1 << 20, NFEC_MAX_EDGES = 1 << 26, NFEC_MAX_ITERATIONS = 10000 };

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
/* Parses "bch:N,K[:cyclic]". dec gets the matrix to decode on; enc the
 * standard matrix that fixes the encoder and the information positions. */
nfec_status nfec_bch_rows(const char* spec, nfec_rows* dec, nfec_rows* enc, nfec_error* err);

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
void nfec_systematic_free(nfec_systematic* s);

/* Indices of a maximal set of linearly independent rows, in order (malloc'd;
 * NULL when out of memory). */
int* nfec_independent_rows(const int* row_start, const int* cols, int m, int n, int* count);

/* Takes ownership of the row lists and the systematic form. */
nfec_code* nfec_code_build(const char* spec, nfec_rows* dec, nfec_systematic* sys, nfec_error* err);
const nfec_systematic* nfec_code_systematic(const nfec_code* code);
/* A basis of H's rows as row lists: a word satisfies every check exactly
 * when it satisfies these (fewer on a redundant matrix), so early stop tests
 * only them. */
int nfec_code_syndrome_checks(const nfec_code* code);
const int* nfec_code_syndrome_start(const nfec_code* code);
const int* nfec_code_syndrome_var(const nfec_code* code);

/* Weights for a code known only by its identity (as read from a file). */
struct nfec_weights;
struct nfec_weights* nfec_weights_alloc(const char* spec, uint64_t hash, int n, int m, int edges, int T, const int* sharing, nfec_error* err);

/* Opens a regular file for reading (a FIFO, device or directory is refused
 * with a message, never waited on). */
FILE* nfec_open_regular(const char* path, nfec_error* err);
/* Writes data to path atomically (temp file, fsync, rename); refuses to
 * replace anything but a regular file. */
nfec_status nfec_write_atomic(const char* path, const void* data, size_t size, nfec_error* err);

/* FNV-1a, 64 bits, over a byte range, continuing from h. */
uint64_t nfec_fnv1a(uint64_t h, const void* data, size_t len);
#define NFEC_FNV_INIT 0xcbf29ce484222325ULL

#ifdef __cplusplus
}
#endif

#endif
