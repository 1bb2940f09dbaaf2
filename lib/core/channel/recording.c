/* Recorded soft symbols (nfec_recording.h). Layout (docs/recording-format.md),
 * little-endian: "NFECSOFT", u32 version 1, u32 n, u32 k, u32 0, u64 the
 * code's identity (nfec_code_hash); per frame n float32 soft values and the
 * codeword, ceil(n/8) bytes, bit v in byte v/8 at bit v%8; then u64 frames
 * and u64 FNV-1a of everything before it. */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_recording.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char MAGIC[8] = { 'N', 'F', 'E', 'C', 'S', 'O', 'F', 'T' };
enum { VERSION = 1, HEADER = 32, TRAILER = 16 };
/* larger files are refused rather than read into memory */
static const uint64_t MOST_BYTES = 1ULL << 32;

static size_t frame_bytes(int n) { return (size_t)n * 4 + ((size_t)n + 7) / 8; }

static void put_u32(unsigned char* p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static void put_u64(unsigned char* p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get_u32(const unsigned char* p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}
static uint64_t get_u64(const unsigned char* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

struct nfec_recording_writer {
    const nfec_code* code;
    nfec_atomic_file* file;
    unsigned char* frame;
    uint64_t sum;
    long frames;
};

static void write_summed(nfec_recording_writer* w, const unsigned char* p, size_t len)
{
    w->sum = nfec_fnv1a(w->sum, p, len);
    nfec_atomic_write(w->file, p, len);
}

/* Recordings hold n soft values a frame: codes that send fewer are not
 * recorded yet. */
static int recordable(const nfec_code* code, nfec_error* err)
{
    if (nfec_code_tx_n(code) == nfec_code_n(code))
        return 1;
    nfec_fail(err, NFEC_EINVAL, "recordings: %s sends %d of its %d bits (punctured or shortened); recordings hold whole codewords only",
              nfec_code_spec(code), nfec_code_tx_n(code), nfec_code_n(code));
    return 0;
}

nfec_recording_writer* nfec_recording_writer_create(const char* path, const nfec_code* code, nfec_error* err)
{
    if (!recordable(code, err))
        return NULL;
    nfec_recording_writer* w = calloc(1, sizeof *w);
    unsigned char* frame = malloc(frame_bytes(nfec_code_n(code)));
    if (!w || !frame) {
        free(w);
        free(frame);
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        return NULL;
    }
    if (!(w->file = nfec_atomic_open(path, err))) {
        free(w);
        free(frame);
        return NULL;
    }
    w->code = code;
    w->frame = frame;
    w->sum = NFEC_FNV_INIT;
    unsigned char h[HEADER] = { 0 };
    memcpy(h, MAGIC, 8);
    put_u32(h + 8, VERSION);
    put_u32(h + 12, (uint32_t)nfec_code_n(code));
    put_u32(h + 16, (uint32_t)nfec_code_k(code));
    put_u64(h + 24, nfec_code_hash(code));
    write_summed(w, h, HEADER);
    return w;
}

nfec_status nfec_recording_writer_add(nfec_recording_writer* w, const float* soft, const uint8_t* bits, nfec_error* err)
{
    const int n = nfec_code_n(w->code);
    for (int v = 0; v < n; v++)
        if (!isfinite(soft[v]))
            return nfec_fail(err, NFEC_EINVAL, "recording: frame %ld: soft value %d is %g, not a finite number", w->frames, v, (double)soft[v]);
    if (!nfec_code_is_codeword(w->code, bits))
        return nfec_fail(err, NFEC_EINVAL, "recording: frame %ld: the sent bits are not a codeword of the code", w->frames);
    unsigned char* p = w->frame;
    memset(p + (size_t)n * 4, 0, ((size_t)n + 7) / 8);
    for (int v = 0; v < n; v++) {
        uint32_t u;
        memcpy(&u, &soft[v], 4);
        put_u32(p + (size_t)v * 4, u);
        p[(size_t)n * 4 + (size_t)v / 8] |= (unsigned char)((bits[v] & 1u) << (v % 8));
    }
    write_summed(w, p, frame_bytes(n));
    w->frames++;
    return NFEC_OK;
}

long nfec_recording_writer_frames(const nfec_recording_writer* w) { return w->frames; }

nfec_status nfec_recording_writer_finish(nfec_recording_writer* w, nfec_error* err)
{
    unsigned char t[TRAILER];
    put_u64(t, (uint64_t)w->frames);
    w->sum = nfec_fnv1a(w->sum, t, 8);
    put_u64(t + 8, w->sum);
    nfec_atomic_write(w->file, t, TRAILER);
    nfec_status st = nfec_atomic_commit(w->file, err);
    free(w->frame);
    free(w);
    return st;
}

void nfec_recording_writer_abandon(nfec_recording_writer* w)
{
    if (!w)
        return;
    nfec_atomic_abandon(w->file);
    free(w->frame);
    free(w);
}

struct nfec_recording {
    int n;
    long frames;
    uint64_t id;
    unsigned char* data; /* the frames, as in the file */
};

nfec_recording* nfec_recording_load(const char* path, const nfec_code* code, nfec_error* err)
{
    if (!recordable(code, err))
        return NULL;
    FILE* f = nfec_open_regular(path, err);
    if (!f)
        return NULL;
    const long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    rewind(f);
    const int n = nfec_code_n(code);
    unsigned char* b = len >= HEADER + TRAILER && (uint64_t)len <= MOST_BYTES ? malloc((size_t)len) : NULL;
    const size_t got = b ? fread(b, 1, (size_t)len, f) : 0;
    fclose(f);
    nfec_recording* r = NULL;
    if (len < 0 || (uint64_t)len > MOST_BYTES)
        nfec_fail(err, NFEC_EFORMAT, "%s: not a readable recording (no length, or above 4 GiB)", path);
    else if (len < HEADER + TRAILER)
        nfec_fail(err, NFEC_EFORMAT, "%s: %ld bytes: not a gr-neuralfec recording of soft symbols", path, len);
    else if (!b || got != (size_t)len)
        nfec_fail(err, b ? NFEC_EIO : NFEC_ENOMEM, "%s: %s", path, b ? "cannot read it whole" : "out of memory");
    else if (memcmp(b, MAGIC, 8) != 0)
        nfec_fail(err, NFEC_EFORMAT, "%s: not a gr-neuralfec recording of soft symbols", path);
    else if (get_u32(b + 8) != VERSION)
        nfec_fail(err, NFEC_EFORMAT, "%s: recording version %u (this build reads version %d)", path, get_u32(b + 8), VERSION);
    else if (get_u32(b + 12) != (uint32_t)n || get_u32(b + 16) != (uint32_t)nfec_code_k(code) || get_u64(b + 24) != nfec_code_hash(code))
        nfec_fail(err, NFEC_EMISMATCH, "%s: recorded for a code with n=%u, k=%u (identity %016llx), not this one (n=%d, k=%d, %016llx)", path,
                  get_u32(b + 12), get_u32(b + 16), (unsigned long long)get_u64(b + 24), n, nfec_code_k(code),
                  (unsigned long long)nfec_code_hash(code));
    else {
        const size_t body = (size_t)len - HEADER - TRAILER;
        const uint64_t frames = get_u64(b + len - TRAILER);
        if (body % frame_bytes(n) != 0 || frames != body / frame_bytes(n))
            nfec_fail(err, NFEC_EFORMAT, "%s: %zu bytes of frames where its trailer says %llu frames of %zu bytes (truncated?)", path, body,
                      (unsigned long long)frames, frame_bytes(n));
        else if (get_u64(b + len - 8) != nfec_fnv1a(NFEC_FNV_INIT, b, (size_t)len - 8))
            nfec_fail(err, NFEC_EFORMAT, "%s: checksum mismatch (the recording is corrupted)", path);
        else if (!(r = calloc(1, sizeof *r)))
            nfec_fail(err, NFEC_ENOMEM, "out of memory");
        else {
            r->n = n;
            r->frames = (long)frames;
            r->id = get_u64(b + len - 8);
            r->data = b;
            /* every frame is what the writer took: finite values, a codeword */
            float* soft = malloc(sizeof(float) * (size_t)n);
            uint8_t* bits = malloc((size_t)n);
            for (long i = 0; soft && bits && i < r->frames; i++) {
                nfec_recording_frame(r, i, soft, bits);
                int finite = 1;
                for (int v = 0; v < n; v++)
                    finite &= isfinite(soft[v]) != 0;
                if (!finite || !nfec_code_is_codeword(code, bits)) {
                    nfec_fail(err, NFEC_EFORMAT, "%s: frame %ld: %s", path, i, finite ? "the sent bits are not a codeword" : "a soft value is not finite");
                    r->frames = -1;
                    break;
                }
            }
            const int ok = soft && bits && r->frames >= 0;
            if (!soft || !bits)
                nfec_fail(err, NFEC_ENOMEM, "out of memory");
            free(soft);
            free(bits);
            if (ok)
                return r;
            free(r);
            r = NULL;
        }
    }
    free(b);
    return r;
}

void nfec_recording_destroy(nfec_recording* r)
{
    if (!r)
        return;
    free(r->data);
    free(r);
}

long nfec_recording_frames(const nfec_recording* r) { return r->frames; }
uint64_t nfec_recording_id(const nfec_recording* r) { return r->id; }

void nfec_recording_frame(const nfec_recording* r, long i, float* soft, uint8_t* bits)
{
    const unsigned char* p = r->data + HEADER + (size_t)i * frame_bytes(r->n);
    for (int v = 0; v < r->n; v++) {
        if (soft) {
            const uint32_t u = get_u32(p + (size_t)v * 4);
            memcpy(&soft[v], &u, 4);
        }
        if (bits)
            bits[v] = (uint8_t)(p[(size_t)r->n * 4 + (size_t)v / 8] >> (v % 8) & 1u);
    }
}

double nfec_recording_llr_scale(const nfec_recording* r, long frames)
{
    nfec_scale_estimator* est = nfec_scale_estimator_create(1e9, NULL);
    float* soft = malloc(sizeof(float) * (size_t)r->n);
    double scale = 0.0;
    if (est && soft) {
        for (long i = 0; i < frames && i < r->frames; i++) {
            nfec_recording_frame(r, i, soft, NULL);
            nfec_scale_estimator_update(est, soft, (size_t)r->n);
        }
        scale = nfec_scale_estimator_llr_scale(est);
    }
    nfec_scale_estimator_destroy(est);
    free(soft);
    return scale;
}
