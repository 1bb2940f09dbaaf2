/* The weight file: a fixed little-endian header, the code spec, free-text
 * provenance, float32 payload per family, and an FNV-1a checksum over all of
 * it (any single changed byte changes the sum). Layout and rationale:
 * docs/weight-file-format.md. */
#include "code/code_internal.h"
#include "weights/weights_internal.h"
#include "rules/rules.h"
#include <gnuradio/neuralfec/nfec_weights.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char MAGIC[8] = { 'N', 'F', 'E', 'C', 'W', 'G', 'T', 0 };
/* Version 2 adds the update rule and the schedule (u32s at bytes 72 and
 * 76); min-sum flooding weights are still written as version 1, so earlier
 * builds read them. */
enum { VERSION = 2, HEADER_V1 = 72, HEADER = 80, MAX_SPEC = 4096, MAX_PROVENANCE = 1 << 20, CHECKSUM = 8 };

static uint32_t get32(const unsigned char* p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t get64(const unsigned char* p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }
static void put32(unsigned char* p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char* p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}
static float get_f32(const unsigned char* p)
{
    uint32_t u = get32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* Puts "name: " before the message a callee left in err. */
static void prefix_error(nfec_error* err, nfec_status status, const char* name)
{
    if (!err)
        return;
    char inner[NFEC_ERROR_MSG_SIZE];
    memcpy(inner, err->msg, sizeof inner);
    nfec_fail(err, status, "%s: %s", name, inner);
}

nfec_status nfec_weights_check_finite(const nfec_weights* w, nfec_error* err)
{
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const float* d = nfec_weights_data_const(w, (nfec_family)f);
        const int cnt = nfec_weights_count(w, (nfec_family)f);
        for (int i = 0; i < cnt; i++) {
            if (!isfinite(d[i]))
                return nfec_fail(err, NFEC_EFORMAT, "weight %s[%d] is %s", nfec_family_name((nfec_family)f), i, isnan(d[i]) ? "NaN" : "infinite");
            if (fabsf(d[i]) > NFEC_WEIGHT_MAX)
                return nfec_fail(err, NFEC_EFORMAT, "weight %s[%d] = %g is beyond +-%g", nfec_family_name((nfec_family)f), i, (double)d[i],
                                 (double)NFEC_WEIGHT_MAX);
        }
    }
    return NFEC_OK;
}

nfec_weights* nfec_weights_parse(const void* data, size_t size, const char* name, nfec_error* err)
{
    const unsigned char* p = data;
    if (size < sizeof MAGIC || memcmp(p, MAGIC, sizeof MAGIC) != 0) {
        nfec_fail(err, NFEC_EFORMAT, "%s: not a gr-neuralfec weight file (no NFECWGT magic)", name);
        return NULL;
    }
    if (size < 12) {
        nfec_fail(err, NFEC_EFORMAT, "%s: truncated at byte %zu of a %d-byte header", name, size, HEADER_V1);
        return NULL;
    }
    const uint32_t version = get32(p + 8);
    if (version != 1 && version != 2) {
        nfec_fail(err, NFEC_EFORMAT, "%s: unsupported version %u (this build reads versions 1 and %d)", name, version, VERSION);
        return NULL;
    }
    const size_t header = version == 1 ? HEADER_V1 : HEADER;
    if (size < header) {
        nfec_fail(err, NFEC_EFORMAT, "%s: truncated at byte %zu of a %zu-byte header", name, size, header);
        return NULL;
    }
    const uint64_t total = get64(p + 16);
    if (get32(p + 12) != header) {
        nfec_fail(err, NFEC_EFORMAT, "%s: header size %u, version %u has %zu", name, get32(p + 12), version, header);
        return NULL;
    }
    const uint32_t rule = version == 1 ? NFEC_MINSUM : get32(p + 72), schedule = version == 1 ? NFEC_FLOODING : get32(p + 76);
    if (rule >= NFEC_RULE_COUNT) {
        nfec_fail(err, NFEC_EFORMAT, "%s: unknown update rule %u (this build knows 0..%d)", name, rule, NFEC_RULE_COUNT - 1);
        return NULL;
    }
    if (schedule != NFEC_FLOODING && schedule != NFEC_LAYERED) {
        nfec_fail(err, NFEC_EFORMAT, "%s: unknown schedule %u (this build knows 0, flooding, and 1, layered)", name, schedule);
        return NULL;
    }
    if (size < total) {
        nfec_fail(err, NFEC_EFORMAT, "%s: truncated at byte %zu of %llu", name, size, (unsigned long long)total);
        return NULL;
    }
    if (size > total) {
        nfec_fail(err, NFEC_EFORMAT, "%s: %zu bytes of unexpected data after byte %llu", name, size - (size_t)total, (unsigned long long)total);
        return NULL;
    }
    if (total < header + CHECKSUM || nfec_fnv1a(NFEC_FNV_INIT, p, (size_t)total - CHECKSUM) != get64(p + total - CHECKSUM)) {
        nfec_fail(err, NFEC_EFORMAT, "%s: checksum mismatch (the file is corrupted)", name);
        return NULL;
    }
    const uint64_t hash = get64(p + 24);
    const uint32_t n = get32(p + 32), m = get32(p + 36), edges = get32(p + 40), T = get32(p + 44);
    const uint32_t spec_len = get32(p + 64), prov_len = get32(p + 68);
    int sharing[NFEC_FAMILIES];
    for (int f = 0; f < NFEC_FAMILIES; f++)
        sharing[f] = (int)get32(p + 48 + 4 * f);
    if (spec_len == 0 || spec_len > MAX_SPEC || prov_len > MAX_PROVENANCE || header + (uint64_t)spec_len + prov_len + CHECKSUM > total) {
        nfec_fail(err, NFEC_EFORMAT, "%s: code spec of %u bytes and provenance of %u bytes do not fit the file's %llu bytes", name, spec_len, prov_len, (unsigned long long)total);
        return NULL;
    }
    char* spec = malloc(spec_len + 1);
    char* prov = malloc(prov_len + 1);
    nfec_weights* w = NULL;
    if (!spec || !prov) {
        nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    memcpy(spec, p + header, spec_len);
    spec[spec_len] = 0;
    memcpy(prov, p + header + spec_len, prov_len);
    prov[prov_len] = 0;
    if (strlen(spec) != spec_len || strlen(prov) != prov_len) {
        nfec_fail(err, NFEC_EFORMAT, "%s: code spec or provenance contains a NUL byte", name);
        goto done;
    }
    w = nfec_weights_alloc(spec, hash, (int)(n > NFEC_MAX_N ? -1 : (int)n), (int)(m > NFEC_MAX_N ? -1 : (int)m),
                           (int)(edges > NFEC_MAX_EDGES ? -1 : (int)edges), (int)(T > NFEC_MAX_ITERATIONS ? 0 : (int)T), sharing, err);
    if (!w) {
        prefix_error(err, NFEC_EFORMAT, name);
        goto done;
    }
    size_t payload = 0;
    for (int f = 0; f < NFEC_FAMILIES; f++)
        payload += (size_t)nfec_weights_count(w, (nfec_family)f) * 4;
    const size_t expect = header + spec_len + prov_len + payload + CHECKSUM;
    if (expect != total) {
        nfec_fail(err, NFEC_EFORMAT, "%s: the header describes %zu bytes of weights but the file holds %llu", name, payload,
                  (unsigned long long)(total - header - spec_len - prov_len - CHECKSUM));
        nfec_weights_destroy(w);
        w = NULL;
        goto done;
    }
    const unsigned char* q = p + header + spec_len + prov_len;
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        float* d = nfec_weights_data(w, (nfec_family)f);
        for (int i = 0; i < nfec_weights_count(w, (nfec_family)f); i++, q += 4)
            d[i] = get_f32(q);
    }
    if (nfec_weights_check_finite(w, err) != NFEC_OK || nfec_weights_set_provenance(w, prov, err) != NFEC_OK ||
        nfec_weights_set_update_rule(w, (nfec_update_rule)rule, err) != NFEC_OK || nfec_weights_set_schedule(w, (nfec_schedule)schedule, err) != NFEC_OK) {
        prefix_error(err, err ? err->status : NFEC_EFORMAT, name);
        nfec_weights_destroy(w);
        w = NULL;
    }
done:
    free(spec);
    free(prov);
    return w;
}

enum { MAX_FILE = HEADER + MAX_SPEC + MAX_PROVENANCE + 4 * NFEC_MAX_EDGES + CHECKSUM };

nfec_weights* nfec_weights_load(const char* path, nfec_error* err)
{
    FILE* f = nfec_open_regular(path, err);
    if (!f)
        return NULL;
    unsigned char* buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            if (cap >= MAX_FILE) {
                fclose(f);
                free(buf);
                nfec_fail(err, NFEC_EFORMAT, "%s: larger than any weight file can be", path);
                return NULL;
            }
            cap = cap ? 2 * cap : 4096;
            unsigned char* bigger = realloc(buf, cap);
            if (!bigger) {
                fclose(f);
                free(buf);
                nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
                return NULL;
            }
            buf = bigger;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    nfec_weights* w = NULL;
    if (bad)
        nfec_fail(err, NFEC_EIO, "%s: read error", path);
    else
        w = nfec_weights_parse(buf, len, path, err);
    free(buf);
    return w;
}

nfec_status nfec_weights_save(const nfec_weights* w, const char* path, nfec_error* err)
{
    if (nfec_weights_check_finite(w, err) != NFEC_OK)
        return NFEC_EINVAL;
    const char* spec = nfec_weights_code_spec(w);
    const char* prov = nfec_weights_provenance(w);
    const size_t spec_len = strlen(spec), prov_len = strlen(prov);
    if (spec_len == 0 || spec_len > MAX_SPEC || prov_len > MAX_PROVENANCE)
        return nfec_fail(err, NFEC_EINVAL, "%s: code spec (%zu bytes) or provenance (%zu bytes) too long", path, spec_len, prov_len);
    size_t payload = 0;
    for (int f = 0; f < NFEC_FAMILIES; f++)
        payload += (size_t)nfec_weights_count(w, (nfec_family)f) * 4;
    const nfec_update_rule rule = nfec_weights_update_rule(w);
    const nfec_schedule schedule = nfec_weights_schedule(w);
    const int v1 = rule == NFEC_MINSUM && schedule == NFEC_FLOODING;
    const size_t header = v1 ? HEADER_V1 : HEADER;
    const size_t total = header + spec_len + prov_len + payload + CHECKSUM;
    unsigned char* buf = calloc(1, total);
    if (!buf)
        return nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
    memcpy(buf, MAGIC, sizeof MAGIC);
    put32(buf + 8, v1 ? 1 : VERSION);
    put32(buf + 12, (uint32_t)header);
    put64(buf + 16, total);
    put64(buf + 24, nfec_weights_code_hash(w));
    put32(buf + 32, (uint32_t)nfec_weights_code_n(w));
    put32(buf + 36, (uint32_t)nfec_weights_code_checks(w));
    put32(buf + 40, (uint32_t)nfec_weights_code_edges(w));
    put32(buf + 44, (uint32_t)nfec_weights_iterations(w));
    for (int f = 0; f < NFEC_FAMILIES; f++)
        put32(buf + 48 + 4 * f, (uint32_t)nfec_weights_sharing(w, (nfec_family)f));
    put32(buf + 64, (uint32_t)spec_len);
    put32(buf + 68, (uint32_t)prov_len);
    if (!v1) {
        put32(buf + 72, (uint32_t)rule);
        put32(buf + 76, (uint32_t)schedule);
    }
    memcpy(buf + header, spec, spec_len);
    memcpy(buf + header + spec_len, prov, prov_len);
    unsigned char* q = buf + header + spec_len + prov_len;
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const float* d = nfec_weights_data_const(w, (nfec_family)f);
        for (int i = 0; i < nfec_weights_count(w, (nfec_family)f); i++, q += 4) {
            uint32_t u;
            memcpy(&u, &d[i], sizeof u);
            put32(q, u);
        }
    }
    put64(buf + total - CHECKSUM, nfec_fnv1a(NFEC_FNV_INIT, buf, total - CHECKSUM));
    nfec_status st = nfec_write_atomic(path, buf, total, err);
    free(buf);
    return st;
}
