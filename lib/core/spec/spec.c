/* Numbers, Eb/N0 lists and decoder specs (nfec_spec.h). */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/nfec_bch.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nfec_status nfec_parse_long(const char* text, long lo, long hi, const char* what, long* out, nfec_error* err)
{
    char* end = NULL;
    errno = 0;
    const long v = text && *text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || *end || errno)
        return nfec_fail(err, NFEC_EPARSE, "%s: '%s' is not an integer", what, text ? text : "");
    if (v < lo || v > hi)
        return nfec_fail(err, NFEC_EINVAL, "%s: %ld is outside %ld..%ld", what, v, lo, hi);
    *out = v;
    return NFEC_OK;
}

nfec_status nfec_parse_double(const char* text, double lo, double hi, const char* what, double* out, nfec_error* err)
{
    char* end = NULL;
    const double v = text && *text ? strtod(text, &end) : 0;
    if (!text || !*text || *end || !isfinite(v))
        return nfec_fail(err, NFEC_EPARSE, "%s: '%s' is not a finite number", what, text ? text : "");
    if (v < lo || v > hi)
        return nfec_fail(err, NFEC_EINVAL, "%s: %g is outside %g..%g", what, v, lo, hi);
    *out = v;
    return NFEC_OK;
}

/* Copies text[0..len) into buf (of size NFEC_SPEC_TEXT_MAX). */
static nfec_status piece(const char* text, size_t len, char* buf, const char* what, nfec_error* err)
{
    if (len >= NFEC_SPEC_TEXT_MAX)
        return nfec_fail(err, NFEC_EINVAL, "%s: longer than %d characters", what, NFEC_SPEC_TEXT_MAX - 1);
    memcpy(buf, text, len);
    buf[len] = 0;
    return NFEC_OK;
}

enum { EBN0_LIMIT = 100 }; /* dB either side: beyond is a typo, not a channel */

nfec_status nfec_parse_ebn0_list(const char* text, double* out, int max, int* count, nfec_error* err)
{
    char item[NFEC_SPEC_TEXT_MAX];
    int np = 0;
    if (!text || !*text)
        return nfec_fail(err, NFEC_EPARSE, "Eb/N0 list: empty");
    for (const char* p = text;; p++) {
        const char* q = strchr(p, ',');
        const size_t len = q ? (size_t)(q - p) : strlen(p);
        if (piece(p, len, item, "Eb/N0 list", err) != NFEC_OK)
            return NFEC_EINVAL; /* piece's only failure */
        char* c1 = strchr(item, ':');
        double a, b, step;
        nfec_status st;
        if (!c1) {
            if ((st = nfec_parse_double(item, -EBN0_LIMIT, EBN0_LIMIT, "Eb/N0", &a, err)) != NFEC_OK)
                return st;
            b = a;
            step = 1;
        } else {
            char* c2 = strchr(c1 + 1, ':');
            if (!c2)
                return nfec_fail(err, NFEC_EPARSE, "Eb/N0 range '%s': expected A:B:STEP", item);
            *c1 = *c2 = 0;
            if ((st = nfec_parse_double(item, -EBN0_LIMIT, EBN0_LIMIT, "Eb/N0 range start", &a, err)) != NFEC_OK ||
                (st = nfec_parse_double(c1 + 1, -EBN0_LIMIT, EBN0_LIMIT, "Eb/N0 range end", &b, err)) != NFEC_OK ||
                (st = nfec_parse_double(c2 + 1, 1e-3, 2 * EBN0_LIMIT, "Eb/N0 range step", &step, err)) != NFEC_OK)
                return st;
            if (b < a)
                return nfec_fail(err, NFEC_EINVAL, "Eb/N0 range: end %g is below start %g", b, a);
        }
        /* i * step from a, not repeated additions, so 1:2:0.1 ends at 2 */
        for (long i = 0;; i++) {
            const double x = a + (double)i * step;
            if (x > b + 1e-9 * step)
                break;
            if (np == max)
                return nfec_fail(err, NFEC_EINVAL, "Eb/N0 list '%s': more than %d points", text, max);
            out[np++] = x;
        }
        if (!q)
            break;
        p = q;
    }
    *count = np;
    return NFEC_OK;
}

/* nfec_parse_long into an int field. */
static nfec_status int_of(const char* text, long lo, long hi, const char* what, int* out, nfec_error* err)
{
    long v = 0;
    const nfec_status st = nfec_parse_long(text, lo, hi, what, &v, err);
    *out = (int)v;
    return st;
}

static nfec_status iterations_of(const char* text, const char* spec, int* out, nfec_error* err)
{
    char what[64 + NFEC_SPEC_TEXT_MAX];
    snprintf(what, sizeof what, "decoder '%s': iterations", spec);
    return int_of(text, 1, NFEC_MAX_ITERATIONS, what, out, err);
}

static nfec_status factor_of(const char* text, const char* spec, const char* name, float* out, nfec_error* err)
{
    double v = 0;
    char what[64 + NFEC_SPEC_TEXT_MAX];
    snprintf(what, sizeof what, "decoder '%s': %s", spec, name);
    const nfec_status st = nfec_parse_double(text, 0.0, 1.0e3, what, &v, err);
    *out = (float)v;
    return st;
}

/* bp's DAMPING: 0 <= value < 1, on the flooding schedule (nfec_decoder_set_damping). */
static nfec_status damping_of(const char* text, const char* spec, nfec_decoder_spec* s, nfec_error* err)
{
    double v = 0;
    char what[64 + NFEC_SPEC_TEXT_MAX];
    snprintf(what, sizeof what, "decoder '%s': DAMPING", spec);
    const nfec_status st = nfec_parse_double(text, 0.0, 1.0, what, &v, err);
    if (st != NFEC_OK)
        return st;
    if (v >= 1.0)
        return nfec_fail(err, NFEC_EINVAL, "decoder '%s': DAMPING must be below 1 (1 would never let a new message in)", spec);
    if (v != 0.0 && s->schedule == NFEC_LAYERED)
        return nfec_fail(err, NFEC_EINVAL, "decoder '%s': DAMPING runs on the flooding schedule only, not with :layered", spec);
    s->damping = (float)v;
    return NFEC_OK;
}

/* Splits buf at ':' into at most max fields, in place; returns the count. */
static int fields(char* buf, char** f, int max)
{
    int n = 0;
    f[n++] = buf;
    for (char* p = buf; *p && n <= max; p++)
        if (*p == ':') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static nfec_status parse_base(char* base, const char* spec, nfec_decoder_spec* s, nfec_error* err)
{
    if (!strncmp(base, "student:", 8)) {
        if (!base[8])
            return nfec_fail(err, NFEC_EPARSE, "decoder '%s': student needs a weight file or a shipped name", spec);
        s->kind = NFEC_SPEC_STUDENT;
        strcpy(s->weights, base + 8);
        return NFEC_OK;
    }
    char* f[7];
    int nf = fields(base, f, 6);
    const char* kind = f[0];
    const int iterative = !strcmp(kind, "minsum") || !strcmp(kind, "nms") || !strcmp(kind, "oms") || !strcmp(kind, "bp");
    /* trailing words of the iterative decoders, each at most once */
    for (int seen_full = 0, seen_layered = 0; iterative && nf > 2;) {
        if (!strcmp(f[nf - 1], "full") && !seen_full++)
            s->early_stop = 0;
        else if (!strcmp(f[nf - 1], "layered") && !seen_layered++)
            s->schedule = NFEC_LAYERED;
        else
            break;
        nf--;
    }
    if (!strcmp(kind, "minsum") && nf == 2) {
        s->kind = NFEC_SPEC_MINSUM;
        return iterations_of(f[1], spec, &s->iterations, err);
    }
    if (!strcmp(kind, "bp") && (nf == 2 || nf == 3)) {
        s->kind = NFEC_SPEC_BP;
        s->rule = NFEC_SUMPRODUCT;
        const nfec_status st = iterations_of(f[1], spec, &s->iterations, err);
        return st != NFEC_OK || nf == 2 ? st : damping_of(f[2], spec, s, err);
    }
    if (!strcmp(kind, "nms") && (nf == 3 || nf == 4)) {
        s->kind = NFEC_SPEC_NMS;
        nfec_status st = iterations_of(f[1], spec, &s->iterations, err);
        if (st == NFEC_OK)
            st = factor_of(f[2], spec, "ALPHA", &s->alpha, err);
        return st == NFEC_OK && nf == 4 ? factor_of(f[3], spec, "BETA", &s->beta, err) : st;
    }
    if (!strcmp(kind, "oms") && nf == 3) {
        s->kind = NFEC_SPEC_OMS;
        const nfec_status st = iterations_of(f[1], spec, &s->iterations, err);
        return st != NFEC_OK ? st : factor_of(f[2], spec, "BETA", &s->beta, err);
    }
    if (!strcmp(kind, "osd") && nf == 2) {
        s->kind = NFEC_SPEC_OSD;
        return int_of(f[1], 0, NFEC_OSD_MAX_ORDER, "OSD order", &s->osd_order, err);
    }
    if (!strcmp(kind, "bm") && nf == 1) {
        s->kind = NFEC_SPEC_BM;
        return NFEC_OK;
    }
    if (!strcmp(kind, "chase") && nf == 2) {
        s->kind = NFEC_SPEC_CHASE;
        return int_of(f[1], 1, NFEC_CHASE_MAX_BITS, "Chase bits", &s->chase_bits, err);
    }
    return nfec_fail(err, NFEC_EPARSE,
                     "unknown decoder '%s' (minsum:T, nms:T:ALPHA[:BETA], oms:T:BETA, bp:T[:DAMPING], each with :full and :layered; student:FILE|NAME, "
                     "osd:W, bm, chase:P; +osd:W after a message-passing decoder, @int16 at the end)",
                     spec);
}

nfec_status nfec_decoder_spec_parse(const char* text, nfec_decoder_spec* s, nfec_error* err)
{
    memset(s, 0, sizeof *s);
    s->early_stop = 1;
    s->alpha = 1.0f;
    s->precision = NFEC_FLOAT32;
    char buf[NFEC_SPEC_TEXT_MAX];
    if (!text || !*text)
        return nfec_fail(err, NFEC_EPARSE, "empty decoder spec");
    if (piece(text, strlen(text), buf, "decoder spec", err) != NFEC_OK)
        return NFEC_EINVAL;
    size_t len = strlen(buf);
    if (len > 6 && !strcmp(buf + len - 6, "@int16")) {
        s->precision = NFEC_FIXED16;
        buf[len -= 6] = 0;
    }
    /* the last "+osd:" is the suffix: a weight file's name may hold '+' */
    int post = 0, order = 0;
    for (char* p = buf; (p = strstr(p, "+osd:")); p++)
        post = (int)(p - buf) + 1;
    nfec_status st;
    if (post) {
        if ((st = int_of(buf + post + 4, 0, NFEC_OSD_MAX_ORDER, "OSD order", &order, err)) != NFEC_OK)
            return st;
        buf[post - 1] = 0;
    }
    if ((st = parse_base(buf, text, s, err)) != NFEC_OK)
        return st;
    const int mp = nfec_decoder_spec_is_message_passing(s);
    if (post && !mp)
        return nfec_fail(err, NFEC_EINVAL, "decoder '%s': +osd:W follows a message-passing decoder (minsum, nms, oms, bp, student), not this one",
                         text);
    if (s->precision == NFEC_FIXED16 && (!mp || s->kind == NFEC_SPEC_BP))
        return nfec_fail(err, NFEC_EINVAL, "decoder '%s': only the min-sum decoders have a 16-bit form", text);
    if (post)
        s->osd_order = order;
    return NFEC_OK;
}

int nfec_decoder_spec_is_message_passing(const nfec_decoder_spec* s) { return s->kind <= NFEC_SPEC_STUDENT; }
