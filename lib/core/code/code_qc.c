/* Quasi-cyclic codes (code_internal.h): a base matrix of circulant shifts
 * expanded into row lists, and the encoder of the staircase parity
 * structure of IEEE 802.11n/ac, 802.16e and 5G NR by back-substitution, Z
 * bits at a time, with no generator matrix. */
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

/* The staircase form (code_internal.h), with kb = nb - mb information
 * block columns and parity columns p_0 .. p_{mb-1}: core rows 0..c-1 hold
 * p_0 (its shifts summing to one circulant P^s: the others cancel in
 * pairs) and p_j in rows j-1 and j with shift 0 (1 <= j < c); each later
 * row r holds p_r with shift 0 and no parity column beyond it. Returns c,
 * 0 for another structure; *s_out gets s. */
static int staircase(const nfec_qc* q, int* s_out)
{
    const int mb = q->mb, kb = q->nb - q->mb;
    if (mb < 2 || kb < 1)
        return 0;
    int c = 1;
    while (c < mb && shift_at(q, c - 1, kb + c) == 0 && shift_at(q, c, kb + c) == 0)
        c++;
    if (c < 2)
        return 0;
    int s = -1, odd = 0;
    for (int i = 0; i < c; i++)
        for (int j = 1; j < mb; j++) {
            const int x = shift_at(q, i, kb + j), want = j < c && (i == j - 1 || i == j) ? 0 : -1;
            if (x != want)
                return 0;
        }
    /* the first parity column's circulants over the core: pairs of equal
     * shifts cancel; exactly one must remain */
    for (int i = 0; i < c; i++) {
        const int x = shift_at(q, i, kb);
        if (x < 0)
            continue;
        int times = 0;
        for (int r = 0; r < c; r++)
            times += shift_at(q, r, kb) == x;
        if (times % 2) {
            if (odd && x != s)
                return 0;
            odd = 1;
            s = x;
        }
    }
    if (!odd)
        return 0;
    for (int r = c; r < mb; r++) {
        if (shift_at(q, r, kb + r) != 0)
            return 0;
        for (int j = r + 1; j < mb; j++)
            if (shift_at(q, r, kb + j) >= 0)
                return 0;
    }
    *s_out = s;
    return c;
}

/* out ^= P^s v: (P^s v)[r] = v[(r + s) mod Z], as two contiguous runs */
static void add_shifted(uint8_t* restrict out, const uint8_t* restrict v, int s, int z)
{
    for (int r = 0; r < z - s; r++)
        out[r] ^= v[r + s];
    for (int r = z - s; r < z; r++)
        out[r] ^= v[r + s - z];
}

typedef struct {
    nfec_encoder base;
    nfec_qc q;
    int core, s;
} qc_encoder;

enum { CORE_SCRATCH = 1 << 14 }; /* bytes of the core rows' sums, on the stack */

/* Row i's sum over the block columns before `upto` into out (Z bits). */
static void row_sum(const nfec_qc* q, int i, int upto, const uint8_t* codeword, uint8_t* out)
{
    for (int j = 0; j < upto; j++)
        if (shift_at(q, i, j) >= 0)
            add_shifted(out, codeword + (size_t)j * q->z, shift_at(q, i, j), q->z);
}

static void qc_encode(const nfec_encoder* base, const uint8_t* info, uint8_t* codeword)
{
    const qc_encoder* e = (const qc_encoder*)base;
    const nfec_qc* q = &e->q;
    const int z = q->z, mb = q->mb, kb = q->nb - q->mb, c = e->core;
    uint8_t lambda[CORE_SCRATCH];
    for (int v = 0; v < kb * z; v++)
        codeword[v] = info[v] & 1u;
    uint8_t* p = codeword + (size_t)kb * z; /* p_0 .. p_{mb-1}, Z bits each */
    /* lambda_i: the core rows' information parts */
    memset(lambda, 0, (size_t)c * z);
    for (int i = 0; i < c; i++)
        row_sum(q, i, kb, codeword, lambda + (size_t)i * z);
    /* the core rows summed leave P^s p_0 = sum lambda_i */
    uint8_t* sum = p + z; /* p_1's place as scratch until it is solved */
    memset(sum, 0, (size_t)z);
    for (int i = 0; i < c; i++)
        for (int r = 0; r < z; r++)
            sum[r] ^= lambda[(size_t)i * z + r];
    memset(p, 0, (size_t)z);
    add_shifted(p, sum, (z - e->s) % z, z);
    /* core row i: lambda_i + P^h(i,kb) p_0 + p_i + p_{i+1} = 0 */
    for (int i = 0; i + 1 < c; i++) {
        uint8_t* next = p + (size_t)(i + 1) * z;
        memcpy(next, lambda + (size_t)i * z, (size_t)z);
        if (shift_at(q, i, kb) >= 0)
            add_shifted(next, p, shift_at(q, i, kb), z);
        if (i > 0)
            for (int r = 0; r < z; r++)
                next[r] ^= p[(size_t)i * z + r];
    }
    /* each later row solves its own parity column from everything before it */
    for (int r = c; r < mb; r++) {
        uint8_t* out = p + (size_t)r * z;
        memset(out, 0, (size_t)z);
        row_sum(q, r, kb + r, codeword, out);
    }
}

static void qc_destroy(nfec_encoder* base)
{
    qc_encoder* e = (qc_encoder*)base;
    nfec_qc_free(&e->q);
    free(e);
}

nfec_status nfec_qc_encoder(const nfec_qc* q, nfec_encoder** out, nfec_error* err)
{
    int s = 0;
    const int c = staircase(q, &s);
    *out = NULL;
    if (!c || (size_t)c * q->z > CORE_SCRATCH)
        return nfec_fail(err, NFEC_EINVAL, "a %d x %d quasi-cyclic matrix (Z = %d) without the staircase parity structure", q->mb, q->nb, q->z);
    qc_encoder* e = calloc(1, sizeof *e);
    const size_t cells = (size_t)q->mb * q->nb;
    if (!e || !(e->q.shift = malloc(sizeof(int) * cells))) {
        free(e);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory");
    }
    memcpy(e->q.shift, q->shift, sizeof(int) * cells);
    e->q.mb = q->mb;
    e->q.nb = q->nb;
    e->q.z = q->z;
    e->core = c;
    e->s = s;
    e->base.k = (q->nb - q->mb) * q->z;
    e->base.encode = qc_encode;
    e->base.destroy = qc_destroy;
    *out = &e->base;
    return NFEC_OK;
}
