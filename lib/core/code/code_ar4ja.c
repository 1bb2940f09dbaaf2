/* CCSDS AR4JA LDPC codes, "ccsds:ar4ja:R:K": rate R = 1/2, 2/3 or 4/5 and
 * K = 1024, 4096 or 16384 information bits (CCSDS 131.0-B-5, section 7.4).
 * H is 3 x (K/M + 3) blocks of M x M, built from the identity and the
 * permutations pi_k(i) = M/4 ((theta_k + floor(4i/M)) mod 4)
 * + (phi_k(floor(4i/M), M) + i) mod M/4; the last block column is
 * punctured, so K/R bits are sent. The information bits are the first K.
 *
 * theta_k and phi_k(j, M): CCSDS 131.0-B-5 Tables 7-3 and 7-4, as carried by
 * daniestevez/ldpc-toolbox (src/codes/ccsds.rs) and checked against the
 * M = 512 columns of a second public transcription; our code around them.
 *
 * Encoder: with s1, s2 the information parts of block rows 1 and 2, B =
 * block (1, p4) = pi2 + pi3 + pi4 and C = block (2, p3) = pi7 + pi8, the
 * rows give p3 = s1 + B p4, (I + C B) p4 = s2 + C s1 and p2 = (I + pi1) p4:
 * one M x M inverse, computed once per code over its 4 x 4 circulants
 * (circulant.c), kept dense for the encoder's products. */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

static const unsigned char THETA[26] = { 3, 0, 1, 2, 2, 3, 0, 1, 0, 1, 2, 0, 2, 3, 0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 2, 3 };

/* PHI[j][k - 1][log2(M) - 7], M = 128 .. 8192 */
static const unsigned short PHI[4][26][7] = {
    {
        { 1, 59, 16, 160, 108, 226, 1148 },
        { 22, 18, 103, 241, 126, 618, 2032 },
        { 0, 52, 105, 185, 238, 404, 249 },
        { 26, 23, 0, 251, 481, 32, 1807 },
        { 0, 11, 50, 209, 96, 912, 485 },
        { 10, 7, 29, 103, 28, 950, 1044 },
        { 5, 22, 115, 90, 59, 534, 717 },
        { 18, 25, 30, 184, 225, 63, 873 },
        { 3, 27, 92, 248, 323, 971, 364 },
        { 22, 30, 78, 12, 28, 304, 1926 },
        { 3, 43, 70, 111, 386, 409, 1241 },
        { 8, 14, 66, 66, 305, 708, 1769 },
        { 25, 46, 39, 173, 34, 719, 532 },
        { 25, 62, 84, 42, 510, 176, 768 },
        { 2, 44, 79, 157, 147, 743, 1138 },
        { 27, 12, 70, 174, 199, 759, 965 },
        { 7, 38, 29, 104, 347, 674, 141 },
        { 7, 47, 32, 144, 391, 958, 1527 },
        { 15, 1, 45, 43, 165, 984, 505 },
        { 10, 52, 113, 181, 414, 11, 1312 },
        { 4, 61, 86, 250, 97, 413, 1840 },
        { 19, 10, 1, 202, 158, 925, 709 },
        { 7, 55, 42, 68, 86, 687, 1427 },
        { 9, 7, 118, 177, 168, 752, 989 },
        { 26, 12, 33, 170, 506, 867, 1925 },
        { 17, 2, 126, 89, 489, 323, 270 },
    },
    {
        { 0, 0, 0, 0, 0, 0, 0 },
        { 27, 32, 53, 182, 375, 767, 1822 },
        { 30, 21, 74, 249, 436, 227, 203 },
        { 28, 36, 45, 65, 350, 247, 882 },
        { 7, 30, 47, 70, 260, 284, 1989 },
        { 1, 29, 0, 141, 84, 370, 957 },
        { 8, 44, 59, 237, 318, 482, 1705 },
        { 20, 29, 102, 77, 382, 273, 1083 },
        { 26, 39, 25, 55, 169, 886, 1072 },
        { 24, 14, 3, 12, 213, 634, 354 },
        { 4, 22, 88, 227, 67, 762, 1942 },
        { 12, 15, 65, 42, 313, 184, 446 },
        { 23, 48, 62, 52, 242, 696, 1456 },
        { 15, 55, 68, 243, 188, 413, 1940 },
        { 15, 39, 91, 179, 1, 854, 1660 },
        { 22, 11, 70, 250, 306, 544, 1661 },
        { 31, 1, 115, 247, 397, 864, 587 },
        { 3, 50, 31, 164, 80, 82, 708 },
        { 29, 40, 121, 17, 33, 1009, 1466 },
        { 21, 62, 45, 31, 7, 437, 433 },
        { 2, 27, 56, 149, 447, 36, 1345 },
        { 5, 38, 54, 105, 336, 562, 867 },
        { 11, 40, 108, 183, 424, 816, 1551 },
        { 26, 15, 14, 153, 134, 452, 2041 },
        { 9, 11, 30, 177, 152, 290, 1383 },
        { 17, 18, 116, 19, 492, 778, 1790 },
    },
    {
        { 0, 0, 0, 0, 0, 0, 0 },
        { 12, 46, 8, 35, 219, 254, 318 },
        { 30, 45, 119, 167, 16, 790, 494 },
        { 18, 27, 89, 214, 263, 642, 1467 },
        { 10, 48, 31, 84, 415, 248, 757 },
        { 16, 37, 122, 206, 403, 899, 1085 },
        { 13, 41, 1, 122, 184, 328, 1630 },
        { 9, 13, 69, 67, 279, 518, 64 },
        { 7, 9, 92, 147, 198, 477, 689 },
        { 15, 49, 47, 54, 307, 404, 1300 },
        { 16, 36, 11, 23, 432, 698, 148 },
        { 18, 10, 31, 93, 240, 160, 777 },
        { 4, 11, 19, 20, 454, 497, 1431 },
        { 23, 18, 66, 197, 294, 100, 659 },
        { 5, 54, 49, 46, 479, 518, 352 },
        { 3, 40, 81, 162, 289, 92, 1177 },
        { 29, 27, 96, 101, 373, 464, 836 },
        { 11, 35, 38, 76, 104, 592, 1572 },
        { 4, 25, 83, 78, 141, 198, 348 },
        { 8, 46, 42, 253, 270, 856, 1040 },
        { 2, 24, 58, 124, 439, 235, 779 },
        { 11, 33, 24, 143, 333, 134, 476 },
        { 11, 18, 25, 63, 399, 542, 191 },
        { 3, 37, 92, 41, 14, 545, 1393 },
        { 15, 35, 38, 214, 277, 777, 1752 },
        { 13, 21, 120, 70, 412, 483, 1627 },
    },
    {
        { 0, 0, 0, 0, 0, 0, 0 },
        { 13, 44, 35, 162, 312, 285, 1189 },
        { 19, 51, 97, 7, 503, 554, 458 },
        { 14, 12, 112, 31, 388, 809, 460 },
        { 15, 15, 64, 164, 48, 185, 1039 },
        { 20, 12, 93, 11, 7, 49, 1000 },
        { 17, 4, 99, 237, 185, 101, 1265 },
        { 4, 7, 94, 125, 328, 82, 1223 },
        { 4, 2, 103, 133, 254, 898, 874 },
        { 11, 30, 91, 99, 202, 627, 1292 },
        { 17, 53, 3, 105, 285, 154, 1491 },
        { 20, 23, 6, 17, 11, 65, 631 },
        { 8, 29, 39, 97, 168, 81, 464 },
        { 22, 37, 113, 91, 127, 823, 461 },
        { 19, 42, 92, 211, 8, 50, 844 },
        { 15, 48, 119, 128, 437, 413, 392 },
        { 5, 4, 74, 82, 475, 462, 922 },
        { 21, 10, 73, 115, 85, 175, 256 },
        { 17, 18, 116, 248, 419, 715, 1986 },
        { 9, 56, 31, 62, 459, 537, 19 },
        { 20, 9, 127, 26, 468, 722, 266 },
        { 18, 11, 98, 140, 209, 37, 471 },
        { 31, 23, 23, 121, 311, 488, 1166 },
        { 13, 8, 38, 12, 211, 179, 1300 },
        { 2, 7, 18, 41, 510, 430, 1033 },
        { 18, 24, 62, 249, 320, 264, 1606 },
    },
};

static const struct {
    const char* name;
    int info_blocks; /* K / M */
    int m_1024;      /* M at K = 1024 (x4 per step of K) */
} RATES[] = { { "1/2", 2, 512 }, { "2/3", 4, 256 }, { "4/5", 8, 128 } };

typedef struct {
    int m, log2m;
} dims;

static int pi(const dims* d, int k, int i)
{
    const int quarter = d->m / 4, j = 4 * i / d->m;
    return quarter * ((THETA[k - 1] + j) % 4) + (PHI[j][k - 1][d->log2m - 7] + i) % quarter;
}

/* (row, column) pairs of H: an identity or a sum of permutations in block
 * (r, c); pairs twice cancel (nfec_rows_from_pairs) */
typedef struct {
    int* pairs;
    size_t count;
} pairs;

static void put(pairs* p, int row, int col)
{
    p->pairs[2 * p->count] = row;
    p->pairs[2 * p->count + 1] = col;
    p->count++;
}

/* block (r, c) += I (k = 0) or pi_k */
static void block(pairs* p, const dims* d, int r, int c, int k)
{
    for (int i = 0; i < d->m; i++)
        put(p, r * d->m + i, c * d->m + (k ? pi(d, k, i) : i));
}

static void build(pairs* p, const dims* d, int rate)
{
    const int x = RATES[rate].info_blocks - 2; /* blocks before H_1/2 */
    /* H_1/2 = [0 0 I 0 I+pi1; I I 0 I pi2+pi3+pi4; I pi5+pi6 0 pi7+pi8 I] */
    block(p, d, 0, x + 2, 0);
    block(p, d, 0, x + 4, 0);
    block(p, d, 0, x + 4, 1);
    block(p, d, 1, x + 0, 0);
    block(p, d, 1, x + 1, 0);
    block(p, d, 1, x + 3, 0);
    for (int k = 2; k <= 4; k++)
        block(p, d, 1, x + 4, k);
    block(p, d, 2, x + 0, 0);
    block(p, d, 2, x + 1, 5);
    block(p, d, 2, x + 1, 6);
    block(p, d, 2, x + 3, 7);
    block(p, d, 2, x + 3, 8);
    block(p, d, 2, x + 4, 0);
    if (rate >= 1) {
        /* H_2/3 adds [0 0; pi9+pi10+pi11 I; I pi12+pi13+pi14] before H_1/2 */
        const int y = x - 2;
        for (int k = 9; k <= 11; k++)
            block(p, d, 1, y, k);
        block(p, d, 1, y + 1, 0);
        block(p, d, 2, y, 0);
        for (int k = 12; k <= 14; k++)
            block(p, d, 2, y + 1, k);
    }
    if (rate == 2) {
        /* H_4/5 adds [0 0 0 0; pi21+pi22+pi23 I pi15+pi16+pi17 I;
         * I pi24+pi25+pi26 I pi18+pi19+pi20] before H_2/3 */
        for (int k = 21; k <= 23; k++)
            block(p, d, 1, 0, k);
        block(p, d, 1, 1, 0);
        for (int k = 15; k <= 17; k++)
            block(p, d, 1, 2, k);
        block(p, d, 1, 3, 0);
        block(p, d, 2, 0, 0);
        for (int k = 24; k <= 26; k++)
            block(p, d, 2, 1, k);
        block(p, d, 2, 2, 0);
        for (int k = 18; k <= 20; k++)
            block(p, d, 2, 3, k);
    }
}

typedef struct {
    nfec_encoder base;
    int m, words;
    nfec_rows h;   /* the matrix */
    uint64_t* inv; /* (I + C B)^-1, m rows of words */
} ar4ja_encoder;

enum { AR4JA_MAX_M = 8192 };

/* sum over row r's columns in [lo, lo + len) of v[col - lo] */
static unsigned row_dot(const nfec_rows* h, int r, int lo, int len, const uint8_t* v)
{
    unsigned s = 0;
    for (int e = h->row_start[r]; e < h->row_start[r + 1]; e++) {
        const int c = h->cols[e] - lo;
        if (c >= 0 && c < len)
            s ^= v[c];
    }
    return s;
}

static void ar4ja_encode(const nfec_encoder* base, const uint8_t* info, uint8_t* codeword)
{
    const ar4ja_encoder* e = (const ar4ja_encoder*)base;
    const int m = e->m, k = base->k;
    uint8_t s1[AR4JA_MAX_M], t[AR4JA_MAX_M];
    uint64_t packed[AR4JA_MAX_M / 64];
    for (int v = 0; v < k; v++)
        codeword[v] = info[v] & 1u;
    for (int i = 0; i < m; i++) {
        s1[i] = (uint8_t)row_dot(&e->h, m + i, 0, k, codeword);
        t[i] = (uint8_t)row_dot(&e->h, 2 * m + i, 0, k, codeword);
    }
    /* t = s2 + C s1 */
    memset(packed, 0, sizeof(uint64_t) * (size_t)e->words);
    for (int i = 0; i < m; i++) {
        t[i] ^= (uint8_t)row_dot(&e->h, 2 * m + i, k + m, m, s1);
        packed[i >> 6] |= (uint64_t)t[i] << (i & 63);
    }
    uint8_t *p2 = codeword + k, *p3 = p2 + m, *p4 = p3 + m;
    for (int i = 0; i < m; i++) {
        const uint64_t* row = e->inv + (size_t)i * e->words;
        uint64_t acc = 0;
        for (int w = 0; w < e->words; w++)
            acc ^= row[w] & packed[w];
        p4[i] = (uint8_t)__builtin_parityll(acc);
    }
    for (int i = 0; i < m; i++) {
        p3[i] = (uint8_t)(s1[i] ^ row_dot(&e->h, m + i, k + 2 * m, m, p4));
        p2[i] = (uint8_t)row_dot(&e->h, i, k + 2 * m, m, p4);
    }
}

static void ar4ja_destroy(nfec_encoder* base)
{
    ar4ja_encoder* e = (ar4ja_encoder*)base;
    nfec_rows_free(&e->h);
    free(e->inv);
    free(e);
}

static nfec_status make_encoder(const nfec_rows* h, int m, int k, nfec_encoder** out, nfec_error* err)
{
    ar4ja_encoder* e = calloc(1, sizeof *e);
    const int words = (m + 63) / 64;
    uint64_t* a = calloc((size_t)m * words + 1, sizeof(uint64_t));
    const size_t edges = (size_t)h->row_start[h->m];
    if (e) {
        e->h.n = h->n;
        e->h.m = h->m;
        e->h.row_start = malloc(sizeof(int) * ((size_t)h->m + 1));
        e->h.cols = malloc(sizeof(int) * (edges + 1));
        e->inv = calloc((size_t)m * words + 1, sizeof(uint64_t));
    }
    if (!e || !a || !e->h.row_start || !e->h.cols || !e->inv) {
        free(a);
        if (e)
            ar4ja_destroy(&e->base);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory building the AR4JA encoder");
    }
    memcpy(e->h.row_start, h->row_start, sizeof(int) * ((size_t)h->m + 1));
    memcpy(e->h.cols, h->cols, sizeof(int) * edges);
    e->m = m;
    e->words = words;
    e->base.k = k;
    e->base.encode = ar4ja_encode;
    e->base.destroy = ar4ja_destroy;
    /* A = I + C B: row i of C B is the sum of B's rows l for C's ones (i, l) */
    for (int i = 0; i < m; i++) {
        uint64_t* row = a + (size_t)i * words;
        row[i >> 6] ^= 1ULL << (i & 63);
        for (int c = h->row_start[2 * m + i]; c < h->row_start[2 * m + i + 1]; c++) {
            const int l = h->cols[c] - (k + m);
            if (l < 0 || l >= m)
                continue;
            for (int b = h->row_start[m + l]; b < h->row_start[m + l + 1]; b++) {
                const int j = h->cols[b] - (k + 2 * m);
                if (j >= 0 && j < m)
                    row[j >> 6] ^= 1ULL << (j & 63);
            }
        }
    }
    /* pi_k maps row quarter j to column quarter (theta_k + j) mod 4, shifted
     * by phi_k(j) within it: A is 4 x 4 circulants of M / 4 */
    const int ok = nfec_circulant_invert(a, 4, m / 4, words, e->inv);
    free(a);
    if (!ok) {
        ar4ja_destroy(&e->base);
        return nfec_fail(err, NFEC_EINVAL, "AR4JA: I + C B is singular or not of circulants (a table is wrong)");
    }
    *out = &e->base;
    return NFEC_OK;
}

#define AR4JA_FORM "ccsds:ar4ja:R:K with R 1/2, 2/3 or 4/5 and K 1024, 4096 or 16384"

nfec_status nfec_ar4ja_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err)
{
    const char* p = spec + strlen("ccsds:ar4ja:");
    const char* colon = strchr(p, ':');
    int rate = -1, steps = -1;
    for (int r = 0; colon && r < 3; r++)
        if ((size_t)(colon - p) == strlen(RATES[r].name) && !strncmp(p, RATES[r].name, (size_t)(colon - p)))
            rate = r;
    static const char* const SIZES[] = { "1024", "4096", "16384" };
    for (int s = 0; colon && s < 3; s++)
        if (!strcmp(colon + 1, SIZES[s]))
            steps = s;
    if (rate < 0 || steps < 0)
        return nfec_fail(err, NFEC_EINVAL, "code spec '%s': the AR4JA codes are " AR4JA_FORM, spec);
    dims d = { RATES[rate].m_1024 << (2 * steps), 0 };
    while ((1 << d.log2m) < d.m)
        d.log2m++;
    const int kb = RATES[rate].info_blocks, nb = kb + 3, n = nb * d.m, k = kb * d.m;
    /* identity and permutation blocks, at most 3 permutations + identities a block row */
    const size_t most = (size_t)d.m * 48;
    pairs pp = { malloc(sizeof(int) * 2 * most), 0 };
    if (!pp.pairs)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory");
    build(&pp, &d, rate);
    nfec_status st = nfec_rows_from_pairs(n, 3 * d.m, pp.pairs, pp.count, dec, err);
    free(pp.pairs);
    if (st == NFEC_OK && (st = make_encoder(dec, d.m, k, &fam->encoder, err)) == NFEC_OK) {
        if (!(fam->role = calloc((size_t)n, 1)))
            st = nfec_fail(err, NFEC_ENOMEM, "out of memory");
        for (int v = n - d.m; fam->role && v < n; v++)
            fam->role[v] = NFEC_ROLE_PUNCTURED;
    }
    if (st != NFEC_OK) {
        nfec_rows_free(dec);
        nfec_code_family_free(fam);
    }
    return st;
}
