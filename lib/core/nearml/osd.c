/* Ordered-statistics decoding (nfec_osd.h). Rows are bit-packed over the n
 * code positions in their original order; the reliability order is a list of
 * positions, so no column is ever moved.
 *
 * A candidate is the basis bits (the order-0 decision with a pattern of
 * flips) and the parity bits they imply. Its discrepancy on the basis is
 * known from the pattern alone (sum of the flips' deltas), so each basis
 * bit's codeword is kept only on the n - k parity positions, packed in
 * "parity space" (bit j = parity position j), and a candidate costs one XOR
 * per level and the weight of a short word. */
#include "decoder/decoder_internal.h"
#include "code/code_internal.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef void (*rank_fn)(const float* key, int count, int* out, float* pad, int* greater);

struct nfec_osd {
    rank_fn rank;    /* the ranking, in the widest vectors this machine has */
    int n, k, order, words, pwords; /* words over n, over the n - k parity positions */
    int on_h;        /* eliminate on H's n - k basis rows, else on G's k rows */
    int rows;        /* of the matrix eliminated */
    uint64_t* syn;   /* (n - k) * words: a basis of H's rows, for the codeword test */
    uint64_t* base;  /* rows * words: the matrix eliminated (syn itself on H) */
    uint64_t* mat;   /* rows * words: its copy, eliminated per frame */
    uint64_t* par;   /* k * pwords: each basis bit's codeword on the parity positions */
    uint64_t* hard;  /* words: channel hard decision */
    uint64_t* acc;   /* (order + 1) * pwords: parity disagreement per search level */
    uint64_t* best;  /* pwords: the best candidate's */
    int* perm;       /* n: positions by decreasing reliability */
    int* pivot;      /* rows: pivot position of each row */
    int* basis;      /* k: basis positions by decreasing reliability */
    int* by_delta;   /* k: basis indices in the order searched */
    int* ppos;       /* n - k: the parity positions */
    int* where;      /* n: index of a position among the basis (>= 0) or parity (< 0: -1 - j) */
    int* pick;       /* order: the pattern being tried (indices into basis) */
    int* best_pick;  /* order + 1: the best pattern, -1 terminated */
    uint8_t* u;      /* k: order-0 basis bits */
    float* mag;      /* n: |channel LLR| */
    float* pmag;     /* n - k: |channel LLR| of the parity positions */
    float* rel;      /* n: |reliability| (sort key) */
    float* delta;    /* k: change of the basis discrepancy when a basis bit flips */
    float* sdelta;   /* k: delta in the order searched */
    float* llr;      /* n: scaled input of nfec_osd_decode */
    float* rank_pad; /* n rounded up to whole vectors: keys being ranked */
    int* greater;    /* as many: each key's count of greater keys */
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

/* Sum of pmag over the set bits of a parity-space word, or any value >=
 * limit as soon as the sum reaches it (most candidates lose, early). */
static float parity_weight(const nfec_osd* o, const uint64_t* v, float limit)
{
    float s = 0.0f;
    for (int w = 0; w < o->pwords; w++)
        for (uint64_t x = v[w]; x; x &= x - 1) {
            s += o->pmag[w * 64 + __builtin_ctzll(x)];
            if (s >= limit)
                return s;
        }
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

/* out[r] = the index of rank r in decreasing key, ties by index: a strict
 * order, so the basis is unique and elimination on H or on G finds the same
 * one. Each key's count of greater keys is its rank when no two keys are
 * equal; counted eight keys at a time against each key in turn (no
 * reductions, no loop tails: pad holds the keys in whole vectors). Equal
 * counts mean equal keys, rare but possible (clamped or zero LLRs): then
 * the ranks are counted again with the tie rule. */
typedef float rank_vf __attribute__((vector_size(32)));
typedef int32_t rank_vi __attribute__((vector_size(32)));
enum { RANK_LANES = 8 };

static inline __attribute__((always_inline)) void rank_body(const float* key, int count, int* out, float* pad, int* greater)
{
    memcpy(pad, key, (size_t)count * sizeof(float));
    for (int i0 = 0; i0 < count; i0 += RANK_LANES) {
        rank_vf x;
        memcpy(&x, pad + i0, sizeof x);
        rank_vi n = { 0 };
        for (int j = 0; j < count; j++) {
            const float kj = key[j];
            n -= (rank_vi)((rank_vf){ kj, kj, kj, kj, kj, kj, kj, kj } > x); /* true is -1 */
        }
        memcpy(greater + i0, &n, sizeof n);
    }
    for (int i = 0; i < count; i++)
        out[i] = -1;
    int tie = 0;
    for (int i = 0; i < count; i++) {
        tie |= out[greater[i]] >= 0;
        out[greater[i]] = i;
    }
    if (!tie)
        return;
    for (int i = 0; i < count; i++) {
        const float x = key[i];
        int rank = 0;
        for (int j = 0; j < i; j++)
            rank += key[j] >= x;
        for (int j = i + 1; j < count; j++)
            rank += key[j] > x;
        out[rank] = i;
    }
}

static void rank_baseline(const float* key, int count, int* out, float* pad, int* greater) { rank_body(key, count, out, pad, greater); }

#ifdef NFEC_X86
/* The same in 256-bit vectors, where the library's baseline is SSE2 (the
 * ranking was a quarter of OSD-2's cost after a decoder). */
__attribute__((target("avx2"))) static void rank_avx2(const float* key, int count, int* out, float* pad, int* greater)
{
    rank_body(key, count, out, pad, greater);
}
#endif

static rank_fn pick_rank(void)
{
#ifdef NFEC_X86
    if (__builtin_cpu_supports("avx2"))
        return rank_avx2;
#endif
    return rank_baseline;
}

nfec_osd* nfec_osd_create(const nfec_code* code, int order, nfec_error* err)
{
    if (order < 0 || order > NFEC_OSD_MAX_ORDER) {
        nfec_fail(err, NFEC_EINVAL, "OSD order %d is outside 0..%d", order, NFEC_OSD_MAX_ORDER);
        return NULL;
    }
    if (!nfec_code_systematic(code)) {
        nfec_fail(err, NFEC_EINVAL, "OSD: %s (n = %d) is too long for ordered-statistics decoding (n up to %d)", nfec_code_spec(code),
                  nfec_code_n(code), (int)NFEC_DENSE_LIMIT);
        return NULL;
    }
    nfec_osd* o = calloc(1, sizeof *o);
    if (!o)
        goto oom;
    o->rank = pick_rank();
    o->n = nfec_code_n(code);
    o->k = nfec_code_dimension(code); /* the mother code's: shortened bits are decided like any other */
    o->order = order < o->k ? order : o->k;
    o->words = (o->n + 63) / 64;
    o->pwords = (o->n - o->k + 63) / 64;
    o->on_h = o->n - o->k <= o->k;
    o->rows = o->on_h ? o->n - o->k : o->k;
    const size_t W = (size_t)o->words, PW = (size_t)o->pwords, n = (size_t)o->n, k = (size_t)o->k, p = n - k;
    o->syn = calloc(p * W + 1, sizeof(uint64_t));
    o->base = o->on_h ? o->syn : calloc((size_t)o->rows * W + 1, sizeof(uint64_t));
    o->mat = calloc((size_t)o->rows * W + 1, sizeof(uint64_t));
    o->par = calloc(k * PW + 1, sizeof(uint64_t));
    o->hard = calloc(W, sizeof(uint64_t));
    o->acc = calloc(((size_t)o->order + 1) * PW + 1, sizeof(uint64_t));
    o->best = calloc(PW + 1, sizeof(uint64_t));
    o->perm = malloc(n * sizeof(int));
    o->pivot = malloc(((size_t)o->rows + 1) * sizeof(int));
    o->basis = malloc(k * sizeof(int));
    o->by_delta = malloc(k * sizeof(int));
    o->ppos = malloc((p + 1) * sizeof(int));
    o->where = malloc(n * sizeof(int));
    o->pick = malloc(((size_t)o->order + 1) * sizeof(int));
    o->best_pick = malloc(((size_t)o->order + 1) * sizeof(int));
    o->u = malloc(k);
    o->mag = malloc(n * sizeof(float));
    o->pmag = malloc((p + 1) * sizeof(float));
    o->rel = malloc(n * sizeof(float));
    o->delta = malloc(k * sizeof(float));
    o->sdelta = malloc(k * sizeof(float));
    o->llr = malloc(n * sizeof(float));
    const size_t padded = (n + RANK_LANES - 1) / RANK_LANES * RANK_LANES;
    o->rank_pad = calloc(padded, sizeof(float));
    o->greater = malloc(padded * sizeof(int));
    if (!o->syn || !o->base || !o->mat || !o->par || !o->hard || !o->acc || !o->best || !o->perm || !o->pivot || !o->basis || !o->by_delta ||
        !o->ppos || !o->where || !o->pick || !o->best_pick || !o->u || !o->mag || !o->pmag || !o->rel || !o->delta || !o->sdelta || !o->llr ||
        !o->rank_pad || !o->greater)
        goto oom;
    /* a basis of H's rows: exactly n - k of them (nfec_code_syndrome_checks) */
    const int* start = nfec_code_syndrome_start(code);
    const int* var = nfec_code_syndrome_var(code);
    for (size_t r = 0; r < p; r++)
        for (int e = start[r]; e < start[r + 1]; e++)
            bit_set(o->syn + r * W, var[e]);
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
    void* arrays[] = { o->syn, o->mat, o->par, o->hard, o->acc, o->best, o->perm, o->pivot, o->basis, o->by_delta, o->ppos,
                       o->where, o->pick, o->best_pick, o->u, o->mag, o->pmag, o->rel, o->delta, o->sdelta, o->llr, o->rank_pad, o->greater };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(o);
}

int nfec_osd_order(const nfec_osd* o) { return o->order; }

int nfec_osd_auto_order(const nfec_code* code) { return nfec_code_n(code) <= 64 ? 2 : 0; }

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
        /* without branches: whether a row holds column c is a coin toss */
        for (int s = 0; s < o->rows; s++) {
            uint64_t* q = o->mat + (size_t)s * W;
            const uint64_t mask = (uint64_t)0 - (uint64_t)(bit_of(q, c) & (s != rank));
            for (size_t w = 0; w < W; w++)
                q[w] ^= pr[w] & mask;
        }
        o->pivot[rank++] = c;
    }
    return rank;
}

/* Finds the basis (o->basis, by decreasing reliability), the parity
 * positions (o->ppos) and each basis bit's parity-space codeword (o->par). */
static void find_basis(nfec_osd* o)
{
    const size_t W = (size_t)o->words, PW = (size_t)o->pwords;
    memset(o->par, 0, (size_t)o->k * PW * sizeof(uint64_t));
    if (o->on_h) {
        /* pivots on the least reliable positions are the parity set; row r
         * says x[pivot r] = XOR of the basis bits it holds */
        eliminate(o, o->perm + o->n - 1, -1);
        for (int v = 0; v < o->n; v++)
            o->where[v] = 0;
        for (int r = 0; r < o->rows; r++) {
            o->ppos[r] = o->pivot[r];
            o->where[o->pivot[r]] = -1 - r;
        }
        int b = 0;
        for (int i = 0; i < o->n; i++)
            if (o->where[o->perm[i]] == 0)
                o->basis[b++] = o->perm[i];
        for (int i = 0; i < o->k; i++)
            o->where[o->basis[i]] = i;
        for (int r = 0; r < o->rows; r++) {
            const uint64_t* row = o->mat + (size_t)r * W;
            for (int w = 0; w < o->words; w++) {
                uint64_t x = row[w];
                if (w == o->pivot[r] >> 6)
                    x &= ~(1ULL << (o->pivot[r] & 63)); /* every other bit is a basis position */
                for (; x; x &= x - 1)
                    bit_set(o->par + (size_t)o->where[w * 64 + __builtin_ctzll(x)] * PW, r);
            }
        }
    } else {
        /* pivots on the most reliable positions are the basis; row i is the
         * codeword of basis bit i */
        eliminate(o, o->perm, 1);
        for (int v = 0; v < o->n; v++)
            o->where[v] = -1;
        for (int i = 0; i < o->k; i++) {
            o->basis[i] = o->pivot[i];
            o->where[o->pivot[i]] = i;
        }
        int j = 0;
        for (int v = 0; v < o->n; v++)
            if (o->where[v] < 0) {
                o->ppos[j] = v;
                o->where[v] = -1 - j++;
            }
        for (int i = 0; i < o->k; i++) {
            const uint64_t* row = o->mat + (size_t)i * W;
            for (j = 0; j < o->n - o->k; j++)
                if (bit_of(row, o->ppos[j]))
                    bit_set(o->par + (size_t)i * PW, j);
        }
    }
}

/* Keeps the least discrepancy (pattern pick[0..len) and parity disagreement
 * v); returns the best so far. */
static float consider(nfec_osd* o, const uint64_t* v, float basis_cost, int len, float best)
{
    const float d = basis_cost + parity_weight(o, v, best - basis_cost);
    if (d < best) {
        memcpy(o->best, v, (size_t)o->pwords * sizeof(uint64_t));
        memcpy(o->best_pick, o->pick, (size_t)len * sizeof(int));
        o->best_pick[len] = -1;
        return d;
    }
    return best;
}

/* Patterns of up to `left` more basis flips from basis[from..], on top of the
 * parity disagreement acc[level] whose basis discrepancy is `bound`, in
 * increasing delta; the first `neg` deltas are negative, after them the
 * bound only grows, which is where a loop may stop. */
static float search(nfec_osd* o, int level, int from, int left, float bound, int neg, float best)
{
    const size_t PW = (size_t)o->pwords;
    const uint64_t* cur = o->acc + (size_t)level * PW;
    uint64_t* next = o->acc + (size_t)(level + 1) * PW;
    for (int a = from; a < o->k; a++) {
        const float b = bound + o->sdelta[a];
        if (a >= neg && b >= best)
            break;
        const uint64_t* g = o->par + (size_t)o->by_delta[a] * PW;
        for (size_t w = 0; w < PW; w++)
            next[w] = cur[w] ^ g[w];
        o->pick[level] = a;
        best = consider(o, next, b, level + 1, best);
        if (left > 1)
            best = search(o, level + 1, a + 1, left - 1, b, neg, best);
    }
    return best;
}

/* The basis in increasing delta, ties by reliability rank (by_delta, with
 * the deltas in that order in sdelta); returns how many are negative. */
static int order_basis(nfec_osd* o)
{
    for (int i = 0; i < o->k; i++)
        o->sdelta[i] = -o->delta[i];
    o->rank(o->sdelta, o->k, o->by_delta, o->rank_pad, o->greater);
    int neg = 0;
    for (int a = 0; a < o->k; a++) {
        o->sdelta[a] = o->delta[o->by_delta[a]];
        neg += o->sdelta[a] < 0.0f;
    }
    return neg;
}

float nfec_osd_decode_frame(nfec_osd* o, const float* llr, const float* reliability, uint8_t* bits)
{
    const size_t W = (size_t)o->words, PW = (size_t)o->pwords;
    memset(o->hard, 0, W * sizeof(uint64_t));
    for (int v = 0; v < o->n; v++) {
        const float x = nfec_llr_in(1.0f, llr[v]);
        o->mag[v] = fabsf(x);
        o->rel[v] = reliability ? fabsf(nfec_llr_in(1.0f, reliability[v])) : o->mag[v];
        if (x < 0.0f)
            bit_set(o->hard, v);
    }
    if (is_codeword(o, o->hard)) {
        for (int v = 0; v < o->n; v++)
            bits[v] = (uint8_t)bit_of(o->hard, v);
        return 0.0f;
    }
    o->rank(o->rel, o->n, o->perm, o->rank_pad, o->greater);
    find_basis(o);
    /* order 0: the basis bits of the reliability's hard decision */
    const int p = o->n - o->k;
    uint64_t* acc0 = o->acc;
    memset(acc0, 0, PW * sizeof(uint64_t));
    for (int j = 0; j < p; j++) {
        o->pmag[j] = o->mag[o->ppos[j]];
        if (bit_of(o->hard, o->ppos[j]))
            bit_set(acc0, j);
    }
    float basis_cost = 0.0f;
    for (int i = 0; i < o->k; i++) {
        const int v = o->basis[i];
        o->u[i] = (uint8_t)(reliability ? nfec_llr_in(1.0f, reliability[v]) < 0.0f : bit_of(o->hard, v));
        if (o->u[i]) {
            const uint64_t* g = o->par + (size_t)i * PW;
            for (size_t w = 0; w < PW; w++)
                acc0[w] ^= g[w];
        }
        /* a flip of basis bit i toggles its disagreement with the channel */
        const int disagrees = o->u[i] != bit_of(o->hard, v);
        basis_cost += disagrees ? o->mag[v] : 0.0f;
        o->delta[i] = disagrees ? -o->mag[v] : o->mag[v];
    }
    float best = consider(o, acc0, basis_cost, 0, INFINITY);
    if (o->order > 0)
        best = search(o, 0, 0, o->order, basis_cost, order_basis(o), best);
    /* the winner: basis bits u with its flips, parity bits = hard ^ disagreement */
    for (int i = 0; i < o->k; i++)
        bits[o->basis[i]] = o->u[i];
    for (int j = 0; o->best_pick[j] >= 0; j++)
        bits[o->basis[o->by_delta[o->best_pick[j]]]] ^= 1u;
    for (int j = 0; j < p; j++)
        bits[o->ppos[j]] = (uint8_t)(bit_of(o->hard, o->ppos[j]) ^ bit_of(o->best, j));
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
