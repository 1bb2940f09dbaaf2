/* GF(2) elimination of a parity-check matrix into systematic form.
 *
 * The pivot order reproduces gr-fec's GF2Mat::get_G (row by row, the first
 * set column at or after the diagonal is swapped in; a row with none is moved
 * to the bottom), so an alist code gets the information positions of
 * fec.ldpc_encoder.make(alist). Rows are bit-packed; columns are physically
 * swapped. */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

static inline int bit_get(const uint64_t* row, int col) { return (int)((row[col >> 6] >> (col & 63)) & 1u); }

static inline void bit_put(uint64_t* row, int col, int v)
{
    uint64_t mask = 1ULL << (col & 63);
    row[col >> 6] = v ? (row[col >> 6] | mask) : (row[col >> 6] & ~mask);
}

static int first_set_from(const uint64_t* row, int from, int n)
{
    int words = (n + 63) / 64;
    for (int w = from >> 6; w < words; w++) {
        uint64_t x = row[w];
        if (w == from >> 6)
            x &= ~0ULL << (from & 63);
        if (x) {
            int col = w * 64 + __builtin_ctzll(x);
            return col < n ? col : -1;
        }
    }
    return -1;
}

void nfec_systematic_free(nfec_systematic* s)
{
    free(s->pos);
    free(s->parity);
    s->pos = NULL;
    s->parity = NULL;
}

nfec_status nfec_systematic_from_rows(const nfec_rows* rows, nfec_systematic* out, nfec_error* err)
{
    return nfec_systematic_ordered(rows, NULL, out, err);
}

nfec_status nfec_systematic_ordered(const nfec_rows* rows, const int* prefer, nfec_systematic* out, nfec_error* err)
{
    const int n = rows->n, m = rows->m, words = (n + 63) / 64;
    uint64_t* mat = calloc((size_t)m * words + 1, sizeof(uint64_t));
    int* order = malloc(((size_t)m + 1) * sizeof(int)); /* the pivot rows, in pivot order */
    int* pos = malloc((size_t)n * sizeof(int));
    memset(out, 0, sizeof *out);
    if (!mat || !order || !pos) {
        free(mat);
        free(order);
        free(pos);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory eliminating a %d x %d matrix", m, n);
    }
    /* column c of the working matrix is column pos[c] of H */
    for (int c = 0; c < n; c++)
        pos[c] = prefer ? prefer[c] : c;
    int* where = prefer ? malloc((size_t)n * sizeof(int)) : NULL;
    if (prefer && !where) {
        free(mat);
        free(order);
        free(pos);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory eliminating a %d x %d matrix", m, n);
    }
    for (int c = 0; where && c < n; c++)
        where[pos[c]] = c;
    for (int r = 0; r < m; r++)
        for (int j = rows->row_start[r]; j < rows->row_start[r + 1]; j++)
            bit_put(mat + (size_t)r * words, where ? where[rows->cols[j]] : rows->cols[j], 1);
    free(where);

    /* Rows in order; a dependent row (all zero by the time it is reached:
     * every earlier pivot column was cleared from it) is skipped, which is
     * gr-fec's "move it to the bottom" without moving anything: a file of
     * many empty or repeated rows once spent minutes shifting the matrix. */
    int diag = 0;
    for (int r = 0; r < m && diag < n; r++) {
        uint64_t* prow = mat + (size_t)r * words;
        int col = first_set_from(prow, diag, n);
        if (col < 0)
            continue;
        if (col != diag) {
            for (int q = 0; q < m; q++) {
                uint64_t* row = mat + (size_t)q * words;
                int a = bit_get(row, diag), b = bit_get(row, col);
                bit_put(row, diag, b);
                bit_put(row, col, a);
            }
            int t = pos[diag];
            pos[diag] = pos[col];
            pos[col] = t;
        }
        for (int q = 0; q < m; q++) {
            uint64_t* row = mat + (size_t)q * words;
            if (q != r && bit_get(row, diag))
                for (int w = 0; w < words; w++)
                    row[w] ^= prow[w];
        }
        order[diag++] = r;
    }

    const int rank = diag, k = n - rank, kwords = (k + 63) / 64;
    uint64_t* parity = calloc((size_t)rank * kwords + 1, sizeof(uint64_t));
    if (!parity) {
        free(mat);
        free(order);
        free(pos);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory storing the systematic form");
    }
    for (int j = 0; j < rank; j++)
        for (int i = 0; i < k; i++)
            if (bit_get(mat + (size_t)order[j] * words, rank + i))
                bit_put(parity + (size_t)j * kwords, i, 1);
    free(mat);
    free(order);
    out->n = n;
    out->rank = rank;
    out->words = kwords;
    out->pos = pos;
    out->parity = parity;
    return NFEC_OK;
}

int* nfec_independent_rows(const int* row_start, const int* cols, int m, int n, int* count)
{
    /* Incremental elimination: a row joins the basis when what is left of it
     * after reduction by the basis so far is not zero. */
    const int words = (n + 63) / 64;
    uint64_t* basis = calloc((size_t)m * words + 1, sizeof(uint64_t));
    int* pivot = malloc(((size_t)m + 1) * sizeof(int));
    int* keep = malloc(((size_t)m + 1) * sizeof(int));
    uint64_t* row = malloc(((size_t)words + 1) * sizeof(uint64_t));
    int kept = 0;
    if (!basis || !pivot || !keep || !row) {
        free(keep);
        keep = NULL;
        goto done;
    }
    for (int r = 0; r < m; r++) {
        memset(row, 0, (size_t)words * sizeof(uint64_t));
        for (int j = row_start[r]; j < row_start[r + 1]; j++)
            bit_put(row, cols[j], 1);
        for (int b = 0; b < kept; b++)
            if (bit_get(row, pivot[b]))
                for (int w = 0; w < words; w++)
                    row[w] ^= basis[(size_t)b * words + (size_t)w];
        const int p = first_set_from(row, 0, n);
        if (p < 0)
            continue;
        memcpy(basis + (size_t)kept * words, row, (size_t)words * sizeof(uint64_t));
        pivot[kept] = p;
        keep[kept++] = r;
    }
done:
    free(basis);
    free(pivot);
    free(row);
    *count = kept;
    return keep;
}
