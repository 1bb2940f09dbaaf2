/* Berlekamp-Massey, Chien search and Chase-II for the BCH codes (nfec_bch.h).
 * Bit v of a word is the coefficient of x^v (code_bch.c), so the syndromes
 * are S_i = r(alpha^i); only the odd ones are computed, S_2i = S_i^2. */
#include "decoder/decoder_internal.h"
#include "code/gf2m.h"
#include <gnuradio/neuralfec/nfec_bch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nfec_bch {
    nfec_gf gf;
    int n, t, p;
    int* pow;      /* n * t: alpha^((2j + 1) v), position v's share of odd syndrome j */
    int* odd;      /* t: odd syndromes of the word being decoded */
    int* syn;      /* 2t + 1: S_1 .. S_2t */
    int* loc;      /* 2t + 2: error locator */
    int* prev;     /* 2t + 2: the locator before the last length change */
    int* tmp;      /* 2t + 2 */
    int* pos;      /* t: error positions found */
    int* best_pos; /* t: those of the best Chase candidate */
    int* least;    /* p: least reliable positions */
    uint8_t* in_test; /* n: flipped by the current test pattern */
    uint8_t* hard;    /* n */
    float* mag;       /* n: |LLR| */
    float* llr;       /* n: scaled input of nfec_bch_decode */
};

/* Number of consecutive roots alpha^1, alpha^2, ... shared by every basis
 * codeword of the code (encoded once from its systematic form); -1 when out
 * of memory. */
static int consecutive_roots(const nfec_gf* f, const nfec_code* code)
{
    const int n = nfec_code_n(code), k = nfec_code_k(code);
    uint8_t* info = calloc((size_t)k, 1);
    uint8_t* cws = malloc((size_t)n * (size_t)k);
    int roots = -1;
    if (info && cws) {
        for (int r = 0; r < k; r++) {
            info[r] = 1;
            nfec_code_encode(code, info, cws + (size_t)r * n);
            info[r] = 0;
        }
        roots = 0;
        for (int i = 1; i < n && roots == i - 1; i++) {
            int all = 1;
            for (int r = 0; r < k && all; r++) {
                int s = 0;
                for (int v = 0; v < n; v++)
                    if (cws[(size_t)r * n + v])
                        s ^= f->exp[(int)(((long)i * v) % f->n)];
                all = s == 0;
            }
            roots = all ? i : roots;
        }
    }
    free(info);
    free(cws);
    return roots;
}

nfec_bch* nfec_bch_create(const nfec_code* code, int chase_bits, nfec_error* err)
{
    const char* spec = nfec_code_spec(code);
    int n = 0, k = 0;
    if (sscanf(spec, "bch:%d,%d", &n, &k) != 2) {
        nfec_fail(err, NFEC_EINVAL, "'%s' is not a BCH code (algebraic decoding needs bch:N,K or bch:N,K:cyclic)", spec);
        return NULL;
    }
    if (chase_bits < 0 || chase_bits > NFEC_CHASE_MAX_BITS || chase_bits > n) {
        nfec_fail(err, NFEC_EINVAL, "Chase bits %d are outside 0..%d", chase_bits, NFEC_CHASE_MAX_BITS);
        return NULL;
    }
    nfec_bch* b = calloc(1, sizeof *b);
    if (!b)
        goto oom;
    int m = 0;
    while ((1 << m) - 1 < n)
        m++;
    nfec_gf_init(&b->gf, m);
    b->n = n;
    b->p = chase_bits;
    const int roots = consecutive_roots(&b->gf, code);
    if (roots < 0)
        goto oom;
    b->t = roots / 2;
    if (b->t < 1) {
        nfec_bch_destroy(b);
        nfec_fail(err, NFEC_EINVAL, "'%s': the generator has no two consecutive roots; nothing to correct", spec);
        return NULL;
    }
    const size_t t = (size_t)b->t;
    b->pow = malloc((size_t)n * t * sizeof(int));
    b->odd = malloc(t * sizeof(int));
    b->syn = malloc((2 * t + 1) * sizeof(int));
    b->loc = malloc((2 * t + 2) * sizeof(int));
    b->prev = malloc((2 * t + 2) * sizeof(int));
    b->tmp = malloc((2 * t + 2) * sizeof(int));
    b->pos = malloc(t * sizeof(int));
    b->best_pos = malloc(t * sizeof(int));
    b->least = malloc(((size_t)chase_bits + 1) * sizeof(int));
    b->in_test = calloc((size_t)n, 1);
    b->hard = malloc((size_t)n);
    b->mag = malloc((size_t)n * sizeof(float));
    b->llr = malloc((size_t)n * sizeof(float));
    if (!b->llr || !b->pow || !b->odd || !b->syn || !b->loc || !b->prev || !b->tmp || !b->pos || !b->best_pos || !b->least || !b->in_test ||
        !b->hard || !b->mag)
        goto oom;
    for (int v = 0; v < n; v++)
        for (int j = 0; j < b->t; j++)
            b->pow[(size_t)v * t + (size_t)j] = b->gf.exp[(int)(((long)(2 * j + 1) * v) % n)];
    return b;
oom:
    nfec_bch_destroy(b);
    nfec_fail(err, NFEC_ENOMEM, "out of memory creating a BCH decoder for %s", spec);
    return NULL;
}

void nfec_bch_destroy(nfec_bch* b)
{
    if (!b)
        return;
    free(b->pow);
    free(b->odd);
    free(b->syn);
    free(b->loc);
    free(b->prev);
    free(b->tmp);
    free(b->pos);
    free(b->best_pos);
    free(b->least);
    free(b->in_test);
    free(b->hard);
    free(b->mag);
    free(b->llr);
    free(b);
}

int nfec_bch_t(const nfec_bch* b) { return b->t; }
int nfec_bch_chase_bits(const nfec_bch* b) { return b->p; }

static void odd_syndromes(const nfec_bch* b, const uint8_t* bits, int* odd)
{
    memset(odd, 0, (size_t)b->t * sizeof(int));
    /* without a branch on the bit: half the bits are ones, at random */
    for (int v = 0; v < b->n; v++) {
        const int mask = -(int)(bits[v] & 1u);
        const int* p = b->pow + (size_t)v * (size_t)b->t;
        for (int j = 0; j < b->t; j++)
            odd[j] ^= p[j] & mask;
    }
}

/* Error positions of the word with odd syndromes `odd` into b->pos: their
 * count (0..t), or -1 when more than t errors are detected. */
static int locate(nfec_bch* b, const int* odd)
{
    const nfec_gf* f = &b->gf;
    const int t = b->t;
    int any = 0;
    for (int j = 0; j < t; j++)
        any |= odd[j];
    if (!any)
        return 0;
    int* S = b->syn;
    for (int i = 1; i <= 2 * t; i++)
        S[i] = i & 1 ? odd[i / 2] : nfec_gf_mul(f, S[i / 2], S[i / 2]);
    /* Massey: loc is the shortest LFSR generating S_1 .. S_r */
    int* C = b->loc;
    int* B = b->prev;
    memset(C, 0, (size_t)(2 * t + 2) * sizeof(int));
    memset(B, 0, (size_t)(2 * t + 2) * sizeof(int));
    C[0] = B[0] = 1;
    int L = 0, shift = 1, last = 1;
    for (int r = 0; r < 2 * t; r++) {
        int d = S[r + 1];
        for (int i = 1; i <= L; i++)
            d ^= nfec_gf_mul(f, C[i], S[r + 1 - i]);
        if (!d) {
            shift++;
            continue;
        }
        const int q = nfec_gf_div(f, d, last);
        const int grow = 2 * L <= r;
        if (grow)
            memcpy(b->tmp, C, (size_t)(2 * t + 2) * sizeof(int));
        for (int i = 0; i + shift <= 2 * t + 1; i++)
            C[i + shift] ^= nfec_gf_mul(f, q, B[i]);
        if (grow) {
            L = r + 1 - L;
            memcpy(B, b->tmp, (size_t)(2 * t + 2) * sizeof(int));
            last = d;
            shift = 1;
        } else {
            shift++;
        }
    }
    if (L > t)
        return -1;
    /* Chien: v is an error position when loc(alpha^-v) = 0; term i of the
     * sum is kept as a log and stepped by -i per position */
    int* lg = b->tmp;
    for (int i = 1; i <= L; i++)
        lg[i] = C[i] ? f->log[C[i]] : -1;
    int found = 0;
    for (int v = 0; v < b->n && found < L; v++) {
        int s = 1;
        for (int i = 1; i <= L; i++)
            if (lg[i] >= 0) {
                s ^= f->exp[lg[i]];
                lg[i] -= i;
                if (lg[i] < 0)
                    lg[i] += f->n;
            }
        if (!s)
            b->pos[found++] = v;
    }
    return found == L ? L : -1;
}

int nfec_bch_correct(nfec_bch* b, uint8_t* bits)
{
    odd_syndromes(b, bits, b->odd);
    const int cnt = locate(b, b->odd);
    for (int i = 0; i < cnt; i++)
        bits[b->pos[i]] ^= 1u;
    return cnt >= 0;
}

/* The p smallest magnitudes' positions (ties by position). */
static void least_reliable(nfec_bch* b)
{
    for (int i = 0; i < b->p; i++) {
        int arg = -1;
        for (int v = 0; v < b->n; v++)
            if (!b->in_test[v] && (arg < 0 || b->mag[v] < b->mag[arg]))
                arg = v;
        b->least[i] = arg;
        b->in_test[arg] = 1;
    }
    for (int i = 0; i < b->p; i++)
        b->in_test[b->least[i]] = 0;
}

int nfec_bch_decode_frame(nfec_bch* b, const float* llr, uint8_t* bits)
{
    for (int v = 0; v < b->n; v++) {
        const float x = nfec_llr_in(1.0f, llr[v]);
        b->mag[v] = fabsf(x);
        b->hard[v] = x < 0.0f;
    }
    memcpy(bits, b->hard, (size_t)b->n);
    if (b->p == 0)
        return nfec_bch_correct(b, bits);
    least_reliable(b);
    odd_syndromes(b, b->hard, b->odd);
    /* test patterns in Gray order: one flip, one syndrome update each */
    float test_cost = 0.0f, best = INFINITY;
    unsigned best_pattern = 0;
    int best_cnt = -1;
    for (unsigned i = 0; i < 1u << b->p; i++) {
        if (i) {
            const int v = b->least[__builtin_ctz(i)];
            const int* p = b->pow + (size_t)v * (size_t)b->t;
            for (int j = 0; j < b->t; j++)
                b->odd[j] ^= p[j];
            b->in_test[v] ^= 1u;
            test_cost += b->in_test[v] ? b->mag[v] : -b->mag[v];
        }
        const int cnt = locate(b, b->odd);
        if (cnt < 0)
            continue;
        float d = test_cost;
        for (int e = 0; e < cnt; e++)
            d += b->in_test[b->pos[e]] ? -b->mag[b->pos[e]] : b->mag[b->pos[e]];
        if (d < best) {
            best = d;
            best_pattern = i ^ (i >> 1);
            best_cnt = cnt;
            memcpy(b->best_pos, b->pos, (size_t)cnt * sizeof(int));
        }
    }
    for (int i = 0; i < b->p; i++)
        b->in_test[b->least[i]] = 0;
    if (best_cnt < 0)
        return 0;
    for (int i = 0; i < b->p; i++)
        if ((best_pattern >> i) & 1u)
            bits[b->least[i]] ^= 1u;
    for (int e = 0; e < best_cnt; e++)
        bits[b->best_pos[e]] ^= 1u;
    return 1;
}

size_t nfec_bch_decode(nfec_bch* b, const float* in, float in_scale, size_t nframes, uint8_t* bits)
{
    const size_t n = (size_t)b->n;
    size_t ok = 0;
    for (size_t f = 0; f < nframes; f++) {
        for (size_t v = 0; v < n; v++)
            b->llr[v] = nfec_llr_in(in_scale, in[f * n + v]);
        ok += (size_t)nfec_bch_decode_frame(b, b->llr, bits + f * n);
    }
    return ok;
}
