/* Quasi-cyclic codes (code_internal.h): a base matrix of circulant shifts
 * expanded into row lists, and the encoder of the dual-diagonal parity
 * structure of IEEE 802.11n/ac (and 802.16e) by back-substitution, Z bits
 * at a time, with no generator matrix. */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

void nfec_qc_free(nfec_qc* q)
{
    free(q->shift);
    q->shift = NULL;
}

static int shift_at(const nfec_qc* q, int i, int j) { return q->shift[(size_t)i * q->nb + j]; }

nfec_status nfec_qc_rows(const nfec_qc* q, nfec_rows* out, nfec_error* err)
{
    const int z = q->z, m = q->mb * z;
    int ones = 0;
    for (int i = 0; i < q->mb; i++)
        for (int j = 0; j < q->nb; j++)
            ones += shift_at(q, i, j) >= 0;
    memset(out, 0, sizeof *out);
    out->n = q->nb * z;
    out->m = m;
    out->row_start = malloc(sizeof(int) * ((size_t)m + 1));
    out->cols = malloc(sizeof(int) * ((size_t)ones * z + 1));
    if (!out->row_start || !out->cols) {
        nfec_rows_free(out);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory expanding a %d x %d quasi-cyclic matrix", m, q->nb * z);
    }
    int e = 0;
    for (int i = 0; i < q->mb; i++)
        for (int r = 0; r < z; r++) {
            out->row_start[i * z + r] = e;
            /* row r of circulant s has its one in column (r + s) mod Z */
            for (int j = 0; j < q->nb; j++)
                if (shift_at(q, i, j) >= 0)
                    out->cols[e++] = j * z + (r + shift_at(q, i, j)) % z;
        }
    out->row_start[m] = e;
    return NFEC_OK;
}

/* Rows where the parity part's first block column is nonzero, and whether
 * the rest of the parity part is the identity staircase (column k_b + c has
 * shift 0 in rows c - 1 and c). */
int nfec_qc_dual_diagonal(const nfec_qc* q)
{
    const int mb = q->mb, kb = q->nb - q->mb;
    if (mb < 2 || kb < 1)
        return 0;
    /* first parity column: the same shift at the top and bottom, 0 once between */
    const int s = shift_at(q, 0, kb);
    int middle = 0;
    if (s < 0 || shift_at(q, mb - 1, kb) != s)
        return 0;
    for (int i = 1; i < mb - 1; i++) {
        const int x = shift_at(q, i, kb);
        if (x == 0)
            middle++;
        else if (x >= 0)
            return 0;
    }
    if (middle != 1)
        return 0;
    for (int c = 1; c < mb; c++)
        for (int i = 0; i < mb; i++) {
            const int x = shift_at(q, i, kb + c), want = i == c - 1 || i == c ? 0 : -1;
            if (x != want)
                return 0;
        }
    return 1;
}

/* out ^= P^s v: (P^s v)[r] = v[(r + s) mod Z] */
static void add_shifted(uint8_t* out, const uint8_t* v, int s, int z)
{
    for (int r = 0; r < z; r++)
        out[r] ^= v[(r + s) % z];
}

void nfec_qc_encode(const nfec_qc* q, const uint8_t* info, uint8_t* codeword, uint8_t* lambda)
{
    const int z = q->z, mb = q->mb, kb = q->nb - q->mb, k = kb * z;
    /* lambda_i = sum over the information blocks of P^h(i,j) s_j */
    memset(lambda, 0, (size_t)mb * z);
    for (int i = 0; i < mb; i++)
        for (int j = 0; j < kb; j++)
            if (shift_at(q, i, j) >= 0)
                add_shifted(lambda + (size_t)i * z, info + (size_t)j * z, shift_at(q, i, j), z);
    for (int v = 0; v < k; v++)
        codeword[v] = info[v] & 1u;
    uint8_t* p = codeword + k; /* p_0 .. p_{mb-1}, Z bits each */
    /* the block rows summed: the staircase cancels and P^s p0 twice, so p0 = sum lambda_i */
    memset(p, 0, (size_t)z);
    for (int i = 0; i < mb; i++)
        for (int r = 0; r < z; r++)
            p[r] ^= lambda[(size_t)i * z + r];
    const int s = shift_at(q, 0, kb);
    /* row 0: lambda_0 + P^s p0 + p1 = 0; row i: lambda_i + [h(i,kb) = 0] p0 + p_i + p_{i+1} = 0 */
    uint8_t* p1 = p + z;
    memcpy(p1, lambda, (size_t)z);
    add_shifted(p1, p, s, z);
    for (int i = 1; i < mb - 1; i++) {
        uint8_t* next = p + (size_t)(i + 1) * z;
        const uint8_t* cur = p + (size_t)i * z;
        for (int r = 0; r < z; r++)
            next[r] = (uint8_t)(lambda[(size_t)i * z + r] ^ cur[r] ^ (shift_at(q, i, kb) == 0 ? p[r] : 0));
    }
}
