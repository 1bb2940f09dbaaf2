/* A code: its Tanner graph in both orders, its identity and its encoder's
 * systematic form. Specs are dispatched here to the alist reader or to the
 * BCH constructor. */
#include "code/code_internal.h"
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <stdlib.h>
#include <string.h>

struct nfec_code {
    char* spec;
    int n, k, dim, m, rank, edges; /* k: information bits a user supplies; dim: the mother code's */
    int* check_start; /* m + 1 */
    int* edge_var;    /* edges */
    int* var_start;   /* n + 1 */
    int* var_edges;   /* edges */
    /* independent rows for syndrome tests; the full matrix when it has full rank */
    int syn_m;
    int *syn_start, *syn_var;
    uint64_t hash;
    nfec_systematic sys; /* pos NULL: none (a large code with its own encoder) */
    nfec_encoder* encoder;  /* NULL: encoded by the dense form */
    int* mother_info;       /* dim */
    int* info;              /* k: mother_info without the shortened positions */
    uint8_t* role;          /* n; NULL: every bit sent */
    int tx_n;
    int* tx_pos;            /* tx_n */
};

void nfec_code_family_free(nfec_code_family* f)
{
    nfec_rows_free(&f->enc);
    if (f->encoder)
        f->encoder->destroy(f->encoder);
    free(f->role);
    memset(f, 0, sizeof *f);
}

void nfec_rows_free(nfec_rows* rows)
{
    free(rows->row_start);
    free(rows->cols);
    rows->row_start = rows->cols = NULL;
}

static int cmp_int(const void* a, const void* b)
{
    int x = *(const int*)a, y = *(const int*)b;
    return (x > y) - (x < y);
}

static int cmp_pair(const void* a, const void* b)
{
    const int *x = a, *y = b;
    return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

nfec_status nfec_rows_from_pairs(int n, int m, int* pairs, size_t count, nfec_rows* out, nfec_error* err)
{
    memset(out, 0, sizeof *out);
    qsort(pairs, count, 2 * sizeof(int), cmp_pair);
    out->n = n;
    out->m = m;
    out->row_start = calloc((size_t)m + 1, sizeof(int));
    out->cols = malloc(sizeof(int) * (count + 1));
    if (!out->row_start || !out->cols) {
        nfec_rows_free(out);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory building a %d x %d matrix", m, n);
    }
    size_t e = 0;
    for (size_t i = 0; i < count;) {
        size_t j = i;
        while (j < count && pairs[2 * j] == pairs[2 * i] && pairs[2 * j + 1] == pairs[2 * i + 1])
            j++;
        if ((j - i) % 2) {
            out->cols[e++] = pairs[2 * i + 1];
            out->row_start[pairs[2 * i] + 1]++;
        }
        i = j;
    }
    for (int r = 0; r < m; r++)
        out->row_start[r + 1] += out->row_start[r];
    return NFEC_OK;
}

uint64_t nfec_fnv1a(uint64_t h, const void* data, size_t len)
{
    const unsigned char* p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t hash_graph(const nfec_code* c)
{
    /* Little-endian 32-bit fields, so the identity is the same on every host. */
    uint64_t h = NFEC_FNV_INIT;
    int fields[2] = { c->n, c->m };
    for (int i = 0; i < 2; i++)
        for (int b = 0; b < 4; b++) {
            unsigned char byte = (unsigned char)((unsigned)fields[i] >> (8 * b));
            h = nfec_fnv1a(h, &byte, 1);
        }
    for (int r = 0; r < c->m; r++) {
        int deg = c->check_start[r + 1] - c->check_start[r];
        for (int j = -1; j < deg; j++) {
            unsigned v = (unsigned)(j < 0 ? deg : c->edge_var[c->check_start[r] + j]);
            for (int b = 0; b < 4; b++) {
                unsigned char byte = (unsigned char)(v >> (8 * b));
                h = nfec_fnv1a(h, &byte, 1);
            }
        }
    }
    return h;
}

static nfec_status build_syndrome_rows(nfec_code* c)
{
    c->syn_m = c->m;
    c->syn_start = c->check_start;
    c->syn_var = c->edge_var;
    if (c->rank == c->m)
        return NFEC_OK;
    int count = 0;
    int* rows = nfec_independent_rows(c->check_start, c->edge_var, c->m, c->n, &count);
    int* start = malloc(((size_t)count + 1) * sizeof(int));
    int* var = malloc(((size_t)c->edges + 1) * sizeof(int));
    if (!rows || !start || !var) {
        free(rows);
        free(start);
        free(var);
        return NFEC_ENOMEM;
    }
    start[0] = 0;
    for (int i = 0; i < count; i++) {
        const int r = rows[i], len = c->check_start[r + 1] - c->check_start[r];
        memcpy(var + start[i], c->edge_var + c->check_start[r], (size_t)len * sizeof(int));
        start[i + 1] = start[i] + len;
    }
    free(rows);
    c->syn_m = count;
    c->syn_start = start;
    c->syn_var = var;
    return NFEC_OK;
}

/* The graph in both orders, the syndrome rows and the identity; takes the
 * row lists. */
static nfec_status build_graph(nfec_code* c, nfec_rows* dec)
{
    c->n = dec->n;
    c->m = dec->m;
    c->edges = dec->row_start[dec->m];
    c->check_start = dec->row_start;
    c->edge_var = dec->cols;
    dec->row_start = dec->cols = NULL;
    c->var_start = calloc((size_t)c->n + 1, sizeof(int));
    c->var_edges = malloc(((size_t)c->edges + 1) * sizeof(int));
    int* fill = malloc(((size_t)c->n + 1) * sizeof(int));
    if (!c->var_start || !c->var_edges || !fill) {
        free(fill);
        return NFEC_ENOMEM;
    }
    for (int r = 0; r < c->m; r++)
        qsort(c->edge_var + c->check_start[r], (size_t)(c->check_start[r + 1] - c->check_start[r]), sizeof(int), cmp_int);
    for (int e = 0; e < c->edges; e++)
        c->var_start[c->edge_var[e] + 1]++;
    for (int v = 0; v < c->n; v++)
        c->var_start[v + 1] += c->var_start[v];
    memcpy(fill, c->var_start, ((size_t)c->n + 1) * sizeof(int));
    for (int e = 0; e < c->edges; e++)
        c->var_edges[fill[c->edge_var[e]]++] = e;
    free(fill);
    return NFEC_OK;
}

/* The information positions and the encoder: the family's own (its
 * information bits first, H of full rank; the dense form beside it while n
 * is small, as the tests' reference) or the dense systematic form of enc
 * (BCH) or of H itself (alist codes, gr-fec's positions). */
static nfec_status build_encoder(nfec_code* c, const nfec_rows* enc, nfec_error* err)
{
    const nfec_rows rows = { c->n, c->m, c->check_start, c->edge_var };
    const nfec_rows* source = enc->row_start ? enc : &rows;
    if (c->encoder) {
        const int k = c->encoder->k;
        if (c->m != c->n - k)
            return nfec_fail(err, NFEC_EINVAL, "%s: %d checks for a (%d, %d) code with its own encoder", c->spec, c->m, c->n, k);
        c->rank = c->m;
        c->dim = k;
        if (!(c->mother_info = malloc(sizeof(int) * ((size_t)k + 1))))
            return nfec_fail(err, NFEC_ENOMEM, "out of memory");
        for (int i = 0; i < k; i++)
            c->mother_info[i] = i;
        if (c->n > NFEC_DENSE_LIMIT)
            return NFEC_OK;
        /* the parity columns sought first, so the dense form has the same information positions */
        int* prefer = malloc(sizeof(int) * (size_t)c->n);
        if (!prefer)
            return nfec_fail(err, NFEC_ENOMEM, "out of memory");
        for (int i = 0; i < c->n; i++)
            prefer[i] = i < c->n - k ? k + i : i - (c->n - k);
        nfec_status st = nfec_systematic_ordered(source, prefer, &c->sys, err);
        free(prefer);
        if (st != NFEC_OK)
            return st;
        int same = c->sys.rank == c->m;
        for (int i = 0; same && i < k; i++)
            same = c->sys.pos[c->sys.rank + i] == i;
        if (!same)
            return nfec_fail(err, NFEC_EINVAL, "%s: the matrix does not have the structure its encoder assumes", c->spec);
        return NFEC_OK;
    }
    nfec_status st = nfec_systematic_ordered(source, NULL, &c->sys, err);
    if (st != NFEC_OK)
        return st;
    if (c->sys.rank == c->n)
        return nfec_fail(err, NFEC_EINVAL, "%s: the parity-check matrix has full column rank, so the code has no codeword but zero", c->spec);
    c->rank = c->sys.rank;
    c->dim = c->n - c->rank;
    if (!(c->mother_info = malloc(sizeof(int) * (size_t)c->dim)))
        return nfec_fail(err, NFEC_ENOMEM, "out of memory");
    memcpy(c->mother_info, c->sys.pos + c->rank, sizeof(int) * (size_t)c->dim);
    return NFEC_OK;
}

/* What is sent: the user's information positions (the mother's without
 * the shortened ones) and the positions sent, in order. */
static nfec_status build_transmission(nfec_code* c, nfec_error* err)
{
    int shortened = 0;
    if (c->role) {
        int in_info = 0;
        for (int v = 0; v < c->n; v++)
            shortened += c->role[v] == NFEC_ROLE_SHORTENED;
        for (int i = 0; i < c->dim; i++)
            in_info += c->role[c->mother_info[i]] == NFEC_ROLE_SHORTENED;
        if (in_info != shortened || shortened >= c->dim || (shortened && c->dim > NFEC_SHORTEN_LIMIT))
            return nfec_fail(err, NFEC_EINVAL, "%s: %d shortened bits, %d of them information bits of %d", c->spec, shortened, in_info, c->dim);
    }
    c->k = c->dim - shortened;
    c->info = malloc(sizeof(int) * ((size_t)c->k + 1));
    c->tx_pos = malloc(sizeof(int) * ((size_t)c->n + 1));
    if (!c->info || !c->tx_pos)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory");
    for (int i = 0, j = 0; i < c->dim; i++)
        if (!c->role || c->role[c->mother_info[i]] != NFEC_ROLE_SHORTENED)
            c->info[j++] = c->mother_info[i];
    c->tx_n = 0;
    for (int v = 0; v < c->n; v++)
        if (!c->role || c->role[v] == NFEC_ROLE_SENT)
            c->tx_pos[c->tx_n++] = v;
    return NFEC_OK;
}

/* A codeword the family's encoder makes must satisfy H: a guard against a
 * table or a structure check gone wrong, on one pseudo-random word. */
static nfec_status check_encoder(const nfec_code* c, nfec_error* err)
{
    uint8_t* info = malloc((size_t)c->k + 1);
    uint8_t* cw = malloc((size_t)c->n);
    nfec_status st = info && cw ? NFEC_OK : NFEC_ENOMEM;
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; st == NFEC_OK && i < c->k; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        info[i] = (uint8_t)(s >> 63);
    }
    if (st == NFEC_OK) {
        nfec_code_encode(c, info, cw);
        if (!nfec_code_is_codeword(c, cw))
            st = nfec_fail(err, NFEC_EINVAL, "%s: the encoder's codeword fails a check", c->spec);
    }
    free(info);
    free(cw);
    return st;
}

/* The code families by spec prefix; a spec with none of them is an alist
 * path. A new family is its source file (code_internal.h's contract) and
 * its line here. */
static nfec_status alist_source(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err)
{
    (void)fam;
    return nfec_alist_read(spec, dec, err);
}
static const struct {
    const char* prefix;
    nfec_code_source source;
} families[] = {
    { "bch:", nfec_bch_rows },
    { "wifi:", nfec_wifi_rows },
    { "nr:", nfec_nr_rows },
    { "ccsds:ar4ja:", nfec_ar4ja_rows },
    { "ccsds:c2", nfec_c2_rows },
    { "dvbs2:", nfec_dvbs2_rows },
};

/* The code from a family's matrix and what it adds: takes both. */
static nfec_code* assemble(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err)
{
    nfec_code* c = calloc(1, sizeof *c);
    const size_t speclen = strlen(spec);
    if (!c || !(c->spec = malloc(speclen + 1))) {
        free(c);
        nfec_rows_free(dec);
        nfec_code_family_free(fam);
        nfec_fail(err, NFEC_ENOMEM, "%s: out of memory building the code", spec);
        return NULL;
    }
    memcpy(c->spec, spec, speclen + 1);
    c->encoder = fam->encoder;
    c->role = fam->role;
    fam->encoder = NULL;
    fam->role = NULL;
    nfec_status st = build_graph(c, dec);
    if (st == NFEC_OK)
        st = build_encoder(c, &fam->enc, err);
    if (st == NFEC_OK)
        st = build_transmission(c, err);
    if (st == NFEC_OK && build_syndrome_rows(c) != NFEC_OK)
        st = NFEC_ENOMEM;
    nfec_rows_free(dec);
    nfec_code_family_free(fam);
    if (st == NFEC_OK && c->encoder)
        st = check_encoder(c, err);
    if (st != NFEC_OK) {
        if (st == NFEC_ENOMEM)
            nfec_fail(err, NFEC_ENOMEM, "%s: out of memory building the code", spec);
        nfec_code_destroy(c);
        return NULL;
    }
    c->hash = hash_graph(c);
    return c;
}

nfec_code* nfec_code_from_rows(const char* spec, nfec_rows* dec, nfec_error* err)
{
    nfec_code_family none = { 0 };
    return assemble(spec, dec, &none, err);
}

nfec_code* nfec_code_create(const char* spec, nfec_error* err)
{
    nfec_rows dec = { 0 };
    nfec_code_family fam = { 0 };
    if (!spec || !*spec) {
        nfec_fail(err, NFEC_EINVAL, "empty code spec (expected a path to an .alist file, bch:N,K, wifi:N:R, nr:BG:Z, ccsds:ar4ja:R:K, ccsds:c2 or dvbs2:short:R)");
        return NULL;
    }
    nfec_code_source source = alist_source;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strncmp(spec, families[i].prefix, strlen(families[i].prefix)) == 0)
            source = families[i].source;
    if (source(spec, &dec, &fam, err) != NFEC_OK)
        return NULL;
    return assemble(spec, &dec, &fam, err);
}

void nfec_code_destroy(nfec_code* c)
{
    if (!c)
        return;
    free(c->spec);
    if (c->syn_start != c->check_start) {
        free(c->syn_start);
        free(c->syn_var);
    }
    free(c->check_start);
    free(c->edge_var);
    free(c->var_start);
    free(c->var_edges);
    nfec_systematic_free(&c->sys);
    if (c->encoder)
        c->encoder->destroy(c->encoder);
    free(c->mother_info);
    free(c->info);
    free(c->role);
    free(c->tx_pos);
    free(c);
}

const char* nfec_code_spec(const nfec_code* c) { return c->spec; }
int nfec_code_n(const nfec_code* c) { return c->n; }
int nfec_code_k(const nfec_code* c) { return c->k; }
int nfec_code_checks(const nfec_code* c) { return c->m; }
int nfec_code_edges(const nfec_code* c) { return c->edges; }
const int* nfec_code_check_start(const nfec_code* c) { return c->check_start; }
const int* nfec_code_edge_var(const nfec_code* c) { return c->edge_var; }
const int* nfec_code_var_start(const nfec_code* c) { return c->var_start; }
const int* nfec_code_var_edges(const nfec_code* c) { return c->var_edges; }
int nfec_code_syndrome_checks(const nfec_code* c) { return c->syn_m; }
const int* nfec_code_syndrome_start(const nfec_code* c) { return c->syn_start; }
const int* nfec_code_syndrome_var(const nfec_code* c) { return c->syn_var; }
const int* nfec_code_info_positions(const nfec_code* c) { return c->info; }
const int* nfec_code_mother_info_positions(const nfec_code* c) { return c->mother_info; }
int nfec_code_dimension(const nfec_code* c) { return c->dim; }
uint64_t nfec_code_hash(const nfec_code* c) { return c->hash; }
const nfec_systematic* nfec_code_systematic(const nfec_code* c) { return c->sys.pos ? &c->sys : NULL; }
const nfec_encoder* nfec_code_encoder(const nfec_code* c) { return c->encoder; }
int nfec_code_tx_n(const nfec_code* c) { return c->tx_n; }
const int* nfec_code_tx_positions(const nfec_code* c) { return c->tx_pos; }

int nfec_code_shortened(const nfec_code* c) { return c->dim - c->k; }
/* every position not sent is punctured or shortened */
int nfec_code_punctured(const nfec_code* c) { return c->n - c->tx_n - nfec_code_shortened(c); }

void nfec_code_tx_expand(const nfec_code* c, const float* sent, float scale, float* llr)
{
    if (c->role)
        for (int v = 0; v < c->n; v++)
            llr[v] = c->role[v] == NFEC_ROLE_SHORTENED ? NFEC_LLR_MAX : 0.0f;
    for (int t = 0; sent && t < c->tx_n; t++)
        llr[c->tx_pos[t]] = scale * sent[t];
}

void nfec_code_tx_bits(const nfec_code* c, const uint8_t* codeword, uint8_t* sent)
{
    for (int t = 0; t < c->tx_n; t++)
        sent[t] = codeword[c->tx_pos[t]];
}

int nfec_code_role(const nfec_code* c, int v) { return c->role ? c->role[v] : NFEC_ROLE_SENT; }

int nfec_code_is_codeword(const nfec_code* c, const uint8_t* bits)
{
    for (int r = 0; r < c->m; r++) {
        unsigned s = 0;
        for (int e = c->check_start[r]; e < c->check_start[r + 1]; e++)
            s ^= bits[c->edge_var[e]] & 1u;
        if (s)
            return 0;
    }
    return 1;
}
