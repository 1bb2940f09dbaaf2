/* Ordered-statistics decoding (nfec_osd.h). Rows are bit-packed over the n
 * code positions in their original order; the reliability order is a list of
 * positions, so no column is ever moved. */
#include "../decoder_internal.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nfec_osd {
    const nfec_code* code;
    int n, k, order, words;
    int on_h;        /* eliminate on H's n - k basis rows, else on G's k rows */
    int rows;        /* of the matrix eliminated */
    uint64_t* syn;   /* (n - k) * words: a basis of H's rows, for the codeword test */
    uint64_t* base;  /* rows * words: the matrix eliminated (syn itself on H) */
    uint64_t* mat;   /* rows * words: its copy, eliminated per frame */
    uint64_t* gen;   /* k * words: the codeword of each basis bit alone */
    uint64_t* hard;  /* words: channel hard decision */
    uint64_t* best;  /* words: best disagreement with `hard` */
    uint64_t* acc;   /* (order + 1) * words: disagreement per search level */
    int* perm;       /* n: positions by decreasing reliability */
    int* pivot;      /* rows: pivot position of each row */
    int* basis;      /* k: basis positions, by increasing cost of a flip */
    int* slot;       /* n: index of a basis position in gen, else -1 */
    float* mag;      /* n: |channel LLR| */
    float* rel;      /* n: |reliability| (sort key) */
    float* llr;      /* n: scaled input of nfec_osd_decode */
    float* delta;    /* k: change of the basis discrepancy when a basis bit flips */
};

static inline int bit_of(const uint64_t* row, int col) { return (int)((row[col >> 6] >> (col & 63)) & 1u); }
static inline void bit_set(uint64_t* row, int col) { row[col >> 6] |= 1ULL << (col & 63); }

/* Whether the packed word v satisfies every check. */
static int is_codeword(const nfec_osd* o, const uint64_t* v)
{
    for (int r = 0; r < o->n - o->k; r++) {
        const uint64_t* row = o->syn + (size_t)r * o->words;
        uint64_t x = 0;
        for (int w = 0; w < o->words; w++)
            x ^= row[w] & v[w];
        if (__builtin_parityll(x))
            return 0;
    }
    return 1;
}

/* Sum of mag over the set bits of v. */
static float weight_of(const nfec_osd* o, const uint64_t* v)
{
    float s = 0.0f;
    for (int w = 0; w < o->words; w++)
        for (uint64_t x = v[w]; x; x &= x - 1)
            s += o->mag[w * 64 + __builtin_ctzll(x)];
    return s;
}

/* The generator row of information bit i from the systematic form. */
static void generator_row(const nfec_systematic* s, int i, uint64_t* row)
{
    bit_set(row, s->pos[s->rank + i]);
    for (int j = 0; j < s->rank; j++)
        if ((s->parity[(size_t)j * s->words + (i >> 6)] >> (i & 63)) & 1u)
            bit_set(row, s->pos[j]);
}

nfec_osd* nfec_osd_create(const nfec_code* code, int order, nfec_error* err)
{
    if (order < 0 || order > NFEC_OSD_MAX_ORDER) {
        nfec_fail(err, NFEC_EINVAL, "OSD order %d is outside 0..%d", order, NFEC_OSD_MAX_ORDER);
        return NULL;
    }
    nfec_osd* o = calloc(1, sizeof *o);
    if (!o)
        goto oom;
    o->code = code;
    o->n = nfec_code_n(code);
    o->k = nfec_code_k(code);
    o->order = order < o->k ? order : o->k;
    o->words = (o->n + 63) / 64;
    o->on_h = o->n - o->k <= o->k;
    o->rows = o->on_h ? o->n - o->k : o->k;
    const size_t W = (size_t)o->words, n = (size_t)o->n;
    o->syn = calloc((size_t)(o->n - o->k) * W + 1, sizeof(uint64_t));
    o->base = o->on_h ? o->syn : calloc((size_t)o->rows * W + 1, sizeof(uint64_t));
    o->mat = calloc((size_t)o->rows * W + 1, sizeof(uint64_t));
    o->gen = calloc((size_t)o->k * W + 1, sizeof(uint64_t));
    o->hard = calloc(W, sizeof(uint64_t));
    o->best = calloc(W, sizeof(uint64_t));
    o->acc = calloc(((size_t)o->order + 1) * W, sizeof(uint64_t));
    o->perm = malloc(n * sizeof(int));
    o->pivot = malloc(((size_t)o->rows + 1) * sizeof(int));
    o->basis = malloc((size_t)o->k * sizeof(int));
    o->slot = malloc(n * sizeof(int));
    o->mag = malloc(n * sizeof(float));
    o->rel = malloc(n * sizeof(float));
    o->delta = malloc((size_t)o->k * sizeof(float));
    o->llr = malloc(n * sizeof(float));
    if (!o->syn || !o->base || !o->llr || !o->mat || !o->gen || !o->hard || !o->best || !o->acc || !o->perm || !o->pivot || !o->basis || !o->slot ||
        !o->mag || !o->rel || !o->delta)
        goto oom;
    /* a basis of H's rows: exactly n - k of them (nfec_code_syndrome_checks) */
    const int* start = nfec_code_syndrome_start(code);
    const int* var = nfec_code_syndrome_var(code);
    for (int r = 0; r < o->n - o->k; r++)
        for (int e = start[r]; e < start[r + 1]; e++)
            bit_set(o->syn + (size_t)r * W, var[e]);
    if (!o->on_h)
        for (int i = 0; i < o->k; i++)
            generator_row(nfec_code_systematic(code), i, o->base + (size_t)i * W);
    return o;
oom:
    nfec_osd_destroy(o);
    nfec_fail(err, NFEC_ENOMEM, "out of memory creating an OSD for %s", nfec_code_spec(code));
    return NULL;
}

void nfec_osd_destroy(nfec_osd* o)
{
    if (!o)
        return;
    if (o->base != o->syn)
        free(o->base);
    free(o->syn);
    free(o->mat);
    free(o->gen);
    free(o->hard);
    free(o->best);
    free(o->acc);
    free(o->perm);
    free(o->pivot);
    free(o->basis);
    free(o->slot);
    free(o->mag);
    free(o->rel);
    free(o->delta);
    free(o->llr);
    free(o);
}

int nfec_osd_order(const nfec_osd* o) { return o->order; }

/* Positions by decreasing reliability, ties by position: a strict order, so
 * the basis is unique and elimination on H or on G finds the same one. */
static void sort_positions(nfec_osd* o)
{
    /* insertion sort from the previous frame's order would depend on that
     * frame; a merge sort from the identity keeps frames independent */
    int* a = o->perm;
    int* tmp = o->slot; /* free until the basis is known */
    const float* key = o->rel;
    for (int i = 0; i < o->n; i++)
        a[i] = i;
    for (int width = 1; width < o->n; width *= 2) {
        for (int lo = 0; lo < o->n; lo += 2 * width) {
            const int mid = lo + width < o->n ? lo + width : o->n, hi = lo + 2 * width < o->n ? lo + 2 * width : o->n;
            int i = lo, j = mid, t = lo;
            while (i < mid && j < hi)
                tmp[t++] = (key[a[j]] > key[a[i]] || (key[a[j]] == key[a[i]] && a[j] < a[i])) ? a[j++] : a[i++];
            while (i < mid)
                tmp[t++] = a[i++];
            while (j < hi)
                tmp[t++] = a[j++];
        }
        memcpy(a, tmp, (size_t)o->n * sizeof(int));
    }
}

/* Gauss-Jordan on the rows in the order of `cols` (positions); fills pivot[]
 * and returns the rank found. */
static int eliminate(nfec_osd* o, const int* cols, int step)
{
    const size_t W = (size_t)o->words;
    memcpy(o->mat, o->base, (size_t)o->rows * W * sizeof(uint64_t));
    int rank = 0;
    for (int i = 0; i < o->n && rank < o->rows; i++) {
        const int c = cols[i * step];
        int r = rank;
        while (r < o->rows && !bit_of(o->mat + (size_t)r * W, c))
            r++;
        if (r == o->rows)
            continue;
        uint64_t* pr = o->mat + (size_t)rank * W;
        if (r != rank) {
            uint64_t* q = o->mat + (size_t)r * W;
            for (size_t w = 0; w < W; w++) {
                const uint64_t t = pr[w];
                pr[w] = q[w];
                q[w] = t;
            }
        }
        for (int s = 0; s < o->rows; s++) {
            uint64_t* q = o->mat + (size_t)s * W;
            if (s != rank && bit_of(q, c))
                for (size_t w = 0; w < W; w++)
                    q[w] ^= pr[w];
        }
        o->pivot[rank++] = c;
    }
    return rank;
}

/* Finds the basis (in o->basis, by decreasing reliability) and each basis
 * bit's codeword (gen[slot]). */
static void find_basis(nfec_osd* o)
{
    const size_t W = (size_t)o->words;
    memset(o->gen, 0, (size_t)o->k * W * sizeof(uint64_t));
    if (o->on_h) {
        /* pivots on the least reliable positions are the parity set */
        eliminate(o, o->perm + o->n - 1, -1);
        for (int v = 0; v < o->n; v++)
            o->slot[v] = 0;
        for (int r = 0; r < o->rows; r++)
            o->slot[o->pivot[r]] = -1;
        int b = 0;
        for (int i = 0; i < o->n; i++)
            if (o->slot[o->perm[i]] == 0)
                o->basis[b++] = o->perm[i];
        for (int i = 0; i < o->k; i++) {
            o->slot[o->basis[i]] = i;
            bit_set(o->gen + (size_t)i * W, o->basis[i]);
        }
        /* row r: x[pivot] = XOR of the basis bits it holds */
        for (int r = 0; r < o->rows; r++) {
            const uint64_t* row = o->mat + (size_t)r * W;
            for (int w = 0; w < o->words; w++)
                for (uint64_t x = row[w]; x; x &= x - 1) {
                    const int v = w * 64 + __builtin_ctzll(x);
                    if (o->slot[v] >= 0)
                        bit_set(o->gen + (size_t)o->slot[v] * W, o->pivot[r]);
                }
        }
    } else {
        eliminate(o, o->perm, 1);
        for (int v = 0; v < o->n; v++)
            o->slot[v] = -1;
        for (int i = 0; i < o->k; i++) {
            o->basis[i] = o->pivot[i];
            o->slot[o->pivot[i]] = i;
            memcpy(o->gen + (size_t)i * W, o->mat + (size_t)i * W, W * sizeof(uint64_t));
        }
    }
}

/* Keeps the least discrepancy; returns the best so far. */
static float consider(nfec_osd* o, const uint64_t* v, float best)
{
    const float d = weight_of(o, v);
    if (d < best) {
        memcpy(o->best, v, (size_t)o->words * sizeof(uint64_t));
        return d;
    }
    return best;
}

/* Patterns of up to `left` more basis flips from basis[from..], on top of the
 * disagreement acc[level] whose basis discrepancy is `bound`. The basis is in
 * increasing delta; the first `neg` deltas are negative, after them the bound
 * only grows, which is where a loop may stop. */
static float search(nfec_osd* o, int level, int from, int left, float bound, int neg, float best)
{
    const size_t W = (size_t)o->words;
    const uint64_t* cur = o->acc + (size_t)level * W;
    uint64_t* next = o->acc + (size_t)(level + 1) * W;
    for (int a = from; a < o->k; a++) {
        const float b = bound + o->delta[a];
        if (a >= neg && b >= best)
            break;
        const uint64_t* g = o->gen + (size_t)o->slot[o->basis[a]] * W;
        for (size_t w = 0; w < W; w++)
            next[w] = cur[w] ^ g[w];
        best = consider(o, next, best);
        if (left > 1)
            best = search(o, level + 1, a + 1, left - 1, b, neg, best);
    }
    return best;
}

/* Basis by increasing delta, ties by reliability rank (a stable sort). */
static int order_basis(nfec_osd* o)
{
    for (int i = 1; i < o->k; i++) {
        const int b = o->basis[i];
        const float d = o->delta[i];
        int j = i;
        for (; j > 0 && o->delta[j - 1] > d; j--) {
            o->basis[j] = o->basis[j - 1];
            o->delta[j] = o->delta[j - 1];
        }
        o->basis[j] = b;
        o->delta[j] = d;
    }
    int neg = 0;
    while (neg < o->k && o->delta[neg] < 0.0f)
        neg++;
    return neg;
}

float nfec_osd_decode_frame(nfec_osd* o, const float* llr, const float* reliability, uint8_t* bits)
{
    const size_t W = (size_t)o->words;
    memset(o->hard, 0, W * sizeof(uint64_t));
    for (int v = 0; v < o->n; v++) {
        const float x = nfec_llr_in(1.0f, llr[v]);
        o->mag[v] = fabsf(x);
        o->rel[v] = reliability ? fabsf(nfec_llr_in(1.0f, reliability[v])) : o->mag[v];
        if (x < 0.0f)
            bit_set(o->hard, v);
    }
    float best = INFINITY;
    if (is_codeword(o, o->hard)) {
        memset(o->best, 0, W * sizeof(uint64_t));
        best = 0.0f;
    } else {
        sort_positions(o);
        find_basis(o);
        /* order 0: the basis bits of the reliability's hard decision */
        uint64_t* acc0 = o->acc;
        memcpy(acc0, o->hard, W * sizeof(uint64_t));
        float basis_cost = 0.0f;
        for (int i = 0; i < o->k; i++) {
            const int v = o->basis[i];
            const int u = reliability ? nfec_llr_in(1.0f, reliability[v]) < 0.0f : bit_of(o->hard, v);
            if (u) {
                const uint64_t* g = o->gen + (size_t)i * W;
                for (size_t w = 0; w < W; w++)
                    acc0[w] ^= g[w];
            }
            /* acc0 is the disagreement; flipping a basis bit toggles it there */
            const int disagrees = u != bit_of(o->hard, v);
            basis_cost += disagrees ? o->mag[v] : 0.0f;
            o->delta[i] = disagrees ? -o->mag[v] : o->mag[v];
        }
        best = consider(o, acc0, best);
        if (o->order > 0)
            best = search(o, 0, 0, o->order, basis_cost, order_basis(o), best);
    }
    for (int v = 0; v < o->n; v++)
        bits[v] = (uint8_t)(bit_of(o->hard, v) ^ bit_of(o->best, v));
    return best;
}

void nfec_osd_decode(nfec_osd* o, const float* in, float in_scale, size_t nframes, uint8_t* bits)
{
    const size_t n = (size_t)o->n;
    for (size_t f = 0; f < nframes; f++) {
        for (size_t v = 0; v < n; v++)
            o->llr[v] = nfec_llr_in(in_scale, in[f * n + v]);
        nfec_osd_decode_frame(o, o->llr, NULL, bits + f * n);
    }
}
