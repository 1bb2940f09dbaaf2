/* The alist format (MacKay; as gr-fec reads and writes it):
 *   N M
 *   max_column_weight max_row_weight
 *   N column weights
 *   M row weights
 *   N column lists (1-based row indices), then M row lists (1-based columns).
 * Lists may be padded with zeros. The reader walks tokens with their line
 * numbers, so every fault names the file and the line. */
#define _POSIX_C_SOURCE 200809L
#include "code/code_internal.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ALIST_MAX_BYTES = 256 << 20 };

typedef struct {
    const char* path;
    const char* p;   /* next unread character */
    const char* end;
    int line;        /* line of p */
    int tok_line;    /* line of the last token read */
    nfec_error* err;
} lexer;

/* Next integer token. Returns 1 and sets *v, 0 at end of file, -1 on a bad token. */
static int next_int(lexer* lx, long* v)
{
    while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' || *lx->p == '\n')) {
        if (*lx->p == '\n')
            lx->line++;
        lx->p++;
    }
    if (lx->p == lx->end)
        return 0;
    lx->tok_line = lx->line;
    const char* start = lx->p;
    while (lx->p < lx->end && !(*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' || *lx->p == '\n'))
        lx->p++;
    char buf[24];
    size_t len = (size_t)(lx->p - start);
    if (len >= sizeof buf) {
        nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: '%.20s...' is not a number", lx->path, lx->tok_line, start);
        return -1;
    }
    memcpy(buf, start, len);
    buf[len] = 0;
    char* stop;
    errno = 0;
    long x = strtol(buf, &stop, 10);
    if (*stop || errno || x < INT_MIN || x > INT_MAX) {
        nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: '%s' is not a number", lx->path, lx->tok_line, buf);
        return -1;
    }
    *v = x;
    return 1;
}

/* The next integer, in [lo, hi]; `what` names it in errors. */
static int expect_int(lexer* lx, long lo, long hi, long* v, const char* what, int index)
{
    int r = next_int(lx, v);
    char name[96];
    if (index >= 0)
        snprintf(name, sizeof name, what, index + 1);
    else
        snprintf(name, sizeof name, "%s", what);
    if (r == 0) {
        nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: file ends while reading %s", lx->path, lx->line, name);
        return -1;
    }
    if (r < 0)
        return -1;
    if (*v < lo || *v > hi) {
        nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: %s is %ld, outside %ld..%ld", lx->path, lx->tok_line, name, *v, lo, hi);
        return -1;
    }
    return 0;
}

/* Skips zero padding after a list; returns -1 on a bad token. */
static int skip_padding(lexer* lx)
{
    for (;;) {
        lexer save = *lx;
        long v;
        int r = next_int(lx, &v);
        if (r <= 0 || v != 0) {
            if (r < 0)
                return -1;
            *lx = save;
            return 0;
        }
    }
}

static char* slurp(const char* path, size_t* len, nfec_error* err)
{
    FILE* f = nfec_open_regular(path, err);
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char* buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= ALIST_MAX_BYTES) {
            nfec_fail(err, NFEC_EPARSE, "%s: larger than %d MiB, not an alist file this module accepts", path, ALIST_MAX_BYTES >> 20);
            free(buf);
            fclose(f);
            return NULL;
        }
        char* bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf) {
        nfec_fail(err, NFEC_ENOMEM, "%s: out of memory reading the file", path);
        return NULL;
    }
    if (bad) {
        free(buf);
        nfec_fail(err, NFEC_EIO, "%s: read error", path);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Reads `count` lists into (start, idx); entries in 1..hi, no repeats.
 * seen[] (hi entries, zeroed) is scratch. */
static int read_lists(lexer* lx, int count, const long* weight, int* start, int* idx, long hi, const char* kind, const char* other, int* seen)
{
    start[0] = 0;
    for (int i = 0; i < count; i++) {
        start[i + 1] = start[i] + (int)weight[i];
        for (int j = start[i]; j < start[i + 1]; j++) {
            long v;
            int r = next_int(lx, &v);
            if (r < 0)
                return -1;
            if (r == 0) {
                nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: file ends in the list of %s %d (%d of its %ld entries read)", lx->path, lx->line, kind, i + 1, j - start[i], weight[i]);
                return -1;
            }
            if (v == 0) {
                nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: %s %d lists %d %ss but its weight is %ld", lx->path, lx->tok_line, kind, i + 1, j - start[i], other, weight[i]);
                return -1;
            }
            if (v < 1 || v > hi) {
                nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: %s %d lists %s %ld, but there are %ld %ss", lx->path, lx->tok_line, kind, i + 1, other, v, hi, other);
                return -1;
            }
            if (seen[v - 1] == i + 1) {
                nfec_fail(lx->err, NFEC_EPARSE, "%s:%d: %s %d lists %s %ld twice", lx->path, lx->tok_line, kind, i + 1, other, v);
                return -1;
            }
            seen[v - 1] = i + 1;
            idx[j] = (int)v - 1;
        }
        if (skip_padding(lx) < 0)
            return -1;
    }
    return 0;
}

/* Both halves of the file must describe one matrix. The row lists are
 * transposed by counting; each column's rows are then stamped and compared
 * with the file's column list. O(edges). */
static int check_agree(const char* path, int n, const int* cstart, const int* cidx, int m, const int* rstart, const int* ridx, nfec_error* err)
{
    const int edges = rstart[m];
    int* tstart = calloc((size_t)n + 1, sizeof(int));
    int* trow = malloc(((size_t)edges + 1) * sizeof(int));
    int* stamp = calloc((size_t)m, sizeof(int));
    int ok = tstart && trow && stamp;
    if (!ok)
        nfec_fail(err, NFEC_ENOMEM, "%s: out of memory checking the matrix", path);
    for (int e = 0; ok && e < edges; e++)
        tstart[ridx[e] + 1]++;
    for (int c = 0; ok && c < n; c++)
        tstart[c + 1] += tstart[c];
    for (int r = 0; ok && r < m; r++)
        for (int q = rstart[r]; q < rstart[r + 1]; q++)
            trow[tstart[ridx[q]]++] = r;
    /* tstart[c] now ends column c; column c starts at tstart[c - 1]. */
    for (int c = 0; ok && c < n; c++) {
        int lo = c ? tstart[c - 1] : 0, hi = tstart[c];
        if (hi - lo != cstart[c + 1] - cstart[c]) {
            ok = 0;
            nfec_fail(err, NFEC_EPARSE, "%s: column %d has weight %d, but the row lists put it in %d rows", path, c + 1, cstart[c + 1] - cstart[c], hi - lo);
            break;
        }
        for (int q = lo; q < hi; q++)
            stamp[trow[q]] = c + 1;
        for (int j = cstart[c]; j < cstart[c + 1]; j++)
            if (stamp[cidx[j]] != c + 1) {
                ok = 0;
                nfec_fail(err, NFEC_EPARSE, "%s: column %d lists row %d, but row %d does not list column %d", path, c + 1, cidx[j] + 1, cidx[j] + 1, c + 1);
                break;
            }
    }
    free(tstart);
    free(trow);
    free(stamp);
    return ok ? 0 : -1;
}

nfec_status nfec_alist_read(const char* path, nfec_rows* out, nfec_error* err)
{
    size_t len = 0;
    char* text = slurp(path, &len, err);
    if (!text)
        return err ? err->status : NFEC_EIO;
    nfec_status st = nfec_alist_parse(text, len, path, out, err);
    free(text);
    return st;
}

nfec_status nfec_alist_parse(const char* text, size_t len, const char* path, nfec_rows* out, nfec_error* err)
{
    lexer lx = { path, text, text + len, 1, 1, err };
    long n, m, maxcw, maxrw, v;
    long *cw = NULL, *rw = NULL;
    int *cstart = NULL, *cidx = NULL, *rstart = NULL, *ridx = NULL, *seen = NULL;
    nfec_status st = NFEC_EPARSE;
    memset(out, 0, sizeof *out);

    if (expect_int(&lx, 1, NFEC_MAX_N, &n, "the number of columns N", -1) < 0 ||
        expect_int(&lx, 1, NFEC_MAX_N, &m, "the number of rows M", -1) < 0 ||
        expect_int(&lx, 0, m, &maxcw, "the largest column weight", -1) < 0 ||
        expect_int(&lx, 0, n, &maxrw, "the largest row weight", -1) < 0)
        goto done;
    if (n * maxcw > NFEC_MAX_EDGES) {
        nfec_fail(err, NFEC_EPARSE, "%s:%d: %ld columns of weight up to %ld is more than %d ones", path, lx.tok_line, n, maxcw, NFEC_MAX_EDGES);
        goto done;
    }
    cw = malloc((size_t)n * sizeof *cw);
    rw = malloc((size_t)m * sizeof *rw);
    if (!cw || !rw)
        goto oom;
    long csum = 0, rsum = 0;
    for (int i = 0; i < n; i++) {
        if (expect_int(&lx, 0, maxcw, &cw[i], "the weight of column %d", i) < 0)
            goto done;
        csum += cw[i];
    }
    for (int i = 0; i < m; i++) {
        if (expect_int(&lx, 0, maxrw, &rw[i], "the weight of row %d", i) < 0)
            goto done;
        rsum += rw[i];
    }
    const int weights_line = lx.tok_line;
    if (csum != rsum) {
        nfec_fail(err, NFEC_EPARSE, "%s:%d: column weights add up to %ld ones but row weights to %ld", path, weights_line, csum, rsum);
        goto done;
    }
    cstart = malloc(((size_t)n + 1) * sizeof(int));
    cidx = malloc(((size_t)csum + 1) * sizeof(int));
    rstart = malloc(((size_t)m + 1) * sizeof(int));
    ridx = malloc(((size_t)rsum + 1) * sizeof(int));
    seen = calloc((size_t)(n > m ? n : m), sizeof(int));
    if (!cstart || !cidx || !rstart || !ridx || !seen)
        goto oom;
    if (read_lists(&lx, (int)n, cw, cstart, cidx, m, "column", "row", seen) < 0)
        goto done;
    memset(seen, 0, (size_t)(n > m ? n : m) * sizeof(int));
    if (read_lists(&lx, (int)m, rw, rstart, ridx, n, "row", "column", seen) < 0)
        goto done;
    if (next_int(&lx, &v) != 0) {
        nfec_fail(err, NFEC_EPARSE, "%s:%d: unexpected data after the last row list", path, lx.tok_line);
        goto done;
    }
    if (check_agree(path, (int)n, cstart, cidx, (int)m, rstart, ridx, err) < 0)
        goto done;
    out->n = (int)n;
    out->m = (int)m;
    out->row_start = rstart;
    out->cols = ridx;
    rstart = ridx = NULL;
    st = NFEC_OK;
    goto done;
oom:
    st = nfec_fail(err, NFEC_ENOMEM, "%s: out of memory reading the matrix", path);
done:
    free(cw);
    free(rw);
    free(cstart);
    free(cidx);
    free(rstart);
    free(ridx);
    free(seen);
    return st;
}

nfec_status nfec_code_write_alist(const nfec_code* code, FILE* out, nfec_error* err)
{
    const int n = nfec_code_n(code), m = nfec_code_checks(code);
    const int *cs = nfec_code_check_start(code), *ev = nfec_code_edge_var(code);
    const int *vs = nfec_code_var_start(code), *ve = nfec_code_var_edges(code);
    int maxcw = 0, maxrw = 0;
    for (int v = 0; v < n; v++)
        maxcw = vs[v + 1] - vs[v] > maxcw ? vs[v + 1] - vs[v] : maxcw;
    for (int r = 0; r < m; r++)
        maxrw = cs[r + 1] - cs[r] > maxrw ? cs[r + 1] - cs[r] : maxrw;
    fprintf(out, "%d %d\n%d %d\n", n, m, maxcw, maxrw);
    for (int v = 0; v < n; v++)
        fprintf(out, "%d%c", vs[v + 1] - vs[v], v + 1 < n ? ' ' : '\n');
    for (int r = 0; r < m; r++)
        fprintf(out, "%d%c", cs[r + 1] - cs[r], r + 1 < m ? ' ' : '\n');
    for (int v = 0; v < n; v++) {
        for (int j = vs[v]; j < vs[v + 1]; j++) {
            /* Binary search for the check that owns edge ve[j]. */
            int lo = 0, hi = m - 1, e = ve[j];
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (cs[mid] <= e)
                    lo = mid;
                else
                    hi = mid - 1;
            }
            fprintf(out, "%d%c", lo + 1, j + 1 < vs[v + 1] ? ' ' : '\n');
        }
        if (vs[v + 1] == vs[v])
            fputc('\n', out);
    }
    for (int r = 0; r < m; r++) {
        for (int e = cs[r]; e < cs[r + 1]; e++)
            fprintf(out, "%d%c", ev[e] + 1, e + 1 < cs[r + 1] ? ' ' : '\n');
        if (cs[r + 1] == cs[r])
            fputc('\n', out);
    }
    if (fflush(out) != 0 || ferror(out))
        return nfec_fail(err, NFEC_EIO, "error writing the alist of %s", nfec_code_spec(code));
    return NFEC_OK;
}

nfec_status nfec_code_save_alist(const nfec_code* code, const char* path, nfec_error* err)
{
    char* text = NULL;
    size_t len = 0;
    FILE* mem = open_memstream(&text, &len);
    if (!mem)
        return nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
    nfec_status st = nfec_code_write_alist(code, mem, err);
    fclose(mem);
    if (st == NFEC_OK)
        st = nfec_write_atomic(path, text, len, err);
    free(text);
    return st;
}
