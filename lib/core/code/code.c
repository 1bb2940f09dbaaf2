/* A code: its Tanner graph in both orders, its identity and its encoder's
 * systematic form. Specs are dispatched here to the alist reader or to the
 * BCH constructor. */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

struct nfec_code {
    char* spec;
    int n, k, m, edges;
    int* check_start; /* m + 1 */
    int* edge_var;    /* edges */
    int* var_start;   /* n + 1 */
    int* var_edges;   /* edges */
    /* independent rows for syndrome tests; the full matrix when it has full rank */
    int syn_m;
    int *syn_start, *syn_var;
    uint64_t hash;
    nfec_systematic sys;
    nfec_qc qc; /* shift NULL: encoded by the dense form */
};

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
    if (c->sys.rank == c->m)
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

nfec_code* nfec_code_build(const char* spec, nfec_rows* dec, nfec_systematic* sys, nfec_error* err)
{
    nfec_code* c = calloc(1, sizeof *c);
    size_t speclen = strlen(spec);
    if (!c)
        goto oom;
    c->n = dec->n;
    c->m = dec->m;
    c->edges = dec->row_start[dec->m];
    c->k = dec->n - sys->rank;
    c->spec = malloc(speclen + 1);
    c->var_start = calloc((size_t)c->n + 1, sizeof(int));
    c->var_edges = malloc(((size_t)c->edges + 1) * sizeof(int));
    if (!c->spec || !c->var_start || !c->var_edges)
        goto oom;
    memcpy(c->spec, spec, speclen + 1);
    c->check_start = dec->row_start;
    c->edge_var = dec->cols;
    dec->row_start = dec->cols = NULL;
    c->sys = *sys;
    memset(sys, 0, sizeof *sys);

    for (int r = 0; r < c->m; r++)
        qsort(c->edge_var + c->check_start[r],
              (size_t)(c->check_start[r + 1] - c->check_start[r]),
              sizeof(int),
              cmp_int);
    for (int e = 0; e < c->edges; e++)
        c->var_start[c->edge_var[e] + 1]++;
    for (int v = 0; v < c->n; v++)
        c->var_start[v + 1] += c->var_start[v];
    {
        int* fill = malloc(((size_t)c->n + 1) * sizeof(int));
        if (!fill)
            goto oom;
        memcpy(fill, c->var_start, ((size_t)c->n + 1) * sizeof(int));
        for (int e = 0; e < c->edges; e++)
            c->var_edges[fill[c->edge_var[e]]++] = e;
        free(fill);
    }
    if (build_syndrome_rows(c) != NFEC_OK)
        goto oom;
    c->hash = hash_graph(c);
    return c;
oom:
    nfec_rows_free(dec);
    nfec_systematic_free(sys);
    nfec_code_destroy(c);
    nfec_fail(err, NFEC_ENOMEM, "%s: out of memory building the code", spec);
    return NULL;
}

/* The code families by spec prefix; a spec with none of them is an alist
 * path. A new family is its source file (code_internal.h's contract) and
 * its line here. */
static nfec_status alist_source(const char* spec, nfec_rows* dec, nfec_rows* enc, nfec_qc* qc, nfec_error* err)
{
    (void)enc;
    (void)qc;
    return nfec_alist_read(spec, dec, err);
}
static const struct {
    const char* prefix;
    nfec_code_source source;
} families[] = {
    { "bch:", nfec_bch_rows },
    { "wifi:", nfec_wifi_rows },
};

nfec_code* nfec_code_create(const char* spec, nfec_error* err)
{
    nfec_rows dec = { 0 }, enc = { 0 };
    nfec_systematic sys = { 0 };
    if (!spec || !*spec) {
        nfec_fail(err, NFEC_EINVAL, "empty code spec (expected a path to an .alist file or bch:N,K)");
        return NULL;
    }
    nfec_code_source source = alist_source;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strncmp(spec, families[i].prefix, strlen(families[i].prefix)) == 0)
            source = families[i].source;
    nfec_qc qc = { 0 };
    if (source(spec, &dec, &enc, &qc, err) != NFEC_OK)
        return NULL;
    /* The encoder of an alist code comes from the alist matrix itself, as in
     * gr-fec; a BCH code always encodes by its standard matrix; a
     * quasi-cyclic code keeps the standard's information bits, the first k
     * (its parity columns are the pivots sought first). */
    int* prefer = NULL;
    if (qc.shift) {
        const int n = dec.n, k = (qc.nb - qc.mb) * qc.z;
        if (!(prefer = malloc(sizeof(int) * (size_t)n))) {
            nfec_rows_free(&dec);
            nfec_rows_free(&enc);
            nfec_qc_free(&qc);
            nfec_fail(err, NFEC_ENOMEM, "out of memory");
            return NULL;
        }
        for (int c = 0; c < n; c++)
            prefer[c] = c < n - k ? k + c : c - (n - k);
    }
    nfec_status st = nfec_systematic_ordered(enc.row_start ? &enc : &dec, prefer, &sys, err);
    free(prefer);
    nfec_rows_free(&enc);
    if (st != NFEC_OK) {
        nfec_rows_free(&dec);
        nfec_qc_free(&qc);
        return NULL;
    }
    if (sys.rank == dec.n) {
        nfec_rows_free(&dec);
        nfec_systematic_free(&sys);
        nfec_qc_free(&qc);
        nfec_fail(err, NFEC_EINVAL, "%s: the parity-check matrix has full column rank, so the code has no codeword but zero", spec);
        return NULL;
    }
    nfec_code* c = nfec_code_build(spec, &dec, &sys, err);
    /* the structured encoder where the structure is the one it knows */
    int standard = c && qc.shift && nfec_qc_dual_diagonal(&qc) && c->sys.rank == qc.mb * qc.z;
    for (int i = 0; standard && i < c->k; i++)
        standard = c->sys.pos[c->sys.rank + i] == i;
    if (standard)
        c->qc = qc;
    else
        nfec_qc_free(&qc);
    return c;
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
    nfec_qc_free(&c->qc);
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
const int* nfec_code_info_positions(const nfec_code* c) { return c->sys.pos + c->sys.rank; }
uint64_t nfec_code_hash(const nfec_code* c) { return c->hash; }
const nfec_systematic* nfec_code_systematic(const nfec_code* c) { return &c->sys; }
const nfec_qc* nfec_code_qc(const nfec_code* c) { return c->qc.shift ? &c->qc : NULL; }

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
