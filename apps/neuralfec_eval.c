/* neuralfec-eval: BER/FER of decoders straight on the C kernels, on test
 * frames no training run ever sees (the test stream of nfec_awgn_frame).
 * Fast enough for ablations; neuralfec-bench measures through GNU Radio. */
#define _POSIX_C_SOURCE 200809L
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_train.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_DECODERS = 256, MAX_POINTS = 64, CHUNK = 512 };

typedef struct {
    const char* name;
    nfec_weights* w; /* NULL: plain min-sum */
    int iterations, early;
} decoder_spec;

typedef struct {
    const nfec_code* code;
    const decoder_spec* dec;
    uint64_t seed;
    double ebn0;
    long f0, f1; /* frames of this worker */
    long bit_err, frame_err;
    const char* error;
} job;

static void* run_job(void* arg)
{
    job* j = arg;
    const int n = nfec_code_n(j->code), k = nfec_code_k(j->code);
    nfec_error err = { 0 };
    nfec_decoder* d = nfec_decoder_create(j->code, j->dec->w, j->dec->w ? 0 : j->dec->iterations, j->dec->early, &err);
    float* llr = malloc(sizeof(float) * (size_t)n * CHUNK);
    uint8_t* info = malloc((size_t)k * CHUNK);
    uint8_t* bits = malloc((size_t)n * CHUNK);
    uint8_t* sent = malloc((size_t)n);
    uint8_t* got = malloc((size_t)k);
    if (!d || !llr || !info || !bits || !sent || !got) {
        j->error = "cannot create a decoder or its buffers";
    } else {
        for (long f = j->f0; f < j->f1; f += CHUNK) {
            const int cnt = (int)(j->f1 - f < CHUNK ? j->f1 - f : CHUNK);
            for (int i = 0; i < cnt; i++)
                nfec_awgn_frame(j->code, j->seed, NFEC_STREAM_TEST, 0, (int)(f + i), j->ebn0, 1, info + (size_t)i * k, sent, llr + (size_t)i * n);
            nfec_decoder_decode(d, llr, 1.0f, (size_t)cnt, bits, NULL, NULL);
            for (int i = 0; i < cnt; i++) {
                nfec_code_extract_info(j->code, bits + (size_t)i * n, got);
                long e = 0;
                for (int b = 0; b < k; b++)
                    e += got[b] != info[(size_t)i * k + b];
                j->bit_err += e;
                j->frame_err += e > 0;
            }
        }
    }
    nfec_decoder_destroy(d);
    free(llr);
    free(info);
    free(bits);
    free(sent);
    free(got);
    return NULL;
}

static int usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-eval --code SPEC --decoders LIST --ebn0 A,B,... [--frames N] [--seed S]\n"
            "                      [--threads N] [--csv FILE]\n"
            "LIST: comma-separated minsum:T, minsum:T:full (no early stop), nms:T:ALPHA[:BETA],\n"
            "      student:FILE. Every decoder sees the same frames (random codewords, test stream).\n");
    return out == stdout ? 0 : 2;
}

int main(int argc, char** argv)
{
    const char *spec = NULL, *list = NULL, *points = NULL, *csv = NULL;
    long frames = 20000, seed = 1000, threads = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage(stdout);
        if (i + 1 >= argc)
            return usage(stderr);
        const char *a = argv[i], *v = argv[++i];
        if (!strcmp(a, "--code"))
            spec = v;
        else if (!strcmp(a, "--decoders"))
            list = v;
        else if (!strcmp(a, "--ebn0"))
            points = v;
        else if (!strcmp(a, "--csv"))
            csv = v;
        else if (!strcmp(a, "--frames"))
            frames = strtol(v, NULL, 10);
        else if (!strcmp(a, "--seed"))
            seed = strtol(v, NULL, 10);
        else if (!strcmp(a, "--threads"))
            threads = strtol(v, NULL, 10);
        else
            return usage(stderr);
    }
    if (!spec || !list || !points || frames < 1 || threads < 1 || threads > 64)
        return usage(stderr);
    nfec_error err = { 0 };
    nfec_code* code = nfec_code_create(spec, &err);
    if (!code) {
        fprintf(stderr, "neuralfec-eval: %s\n", err.msg);
        return 1;
    }
    decoder_spec decs[MAX_DECODERS];
    int nd = 0;
    char* names = strdup(list);
    for (char* tok = strtok(names, ","); tok; tok = strtok(NULL, ",")) {
        if (nd == MAX_DECODERS) {
            fprintf(stderr, "neuralfec-eval: more than %d decoders\n", MAX_DECODERS);
            return 2;
        }
        decoder_spec* d = &decs[nd];
        memset(d, 0, sizeof *d);
        d->name = tok;
        double alpha = 1, beta = 0;
        char full[8] = "";
        if (!strncmp(tok, "student:", 8)) {
            d->w = nfec_weights_load(tok + 8, &err);
            if (!d->w || nfec_weights_match_code(d->w, code, &err) != NFEC_OK) {
                fprintf(stderr, "neuralfec-eval: %s\n", err.msg);
                return 1;
            }
        } else if (sscanf(tok, "nms:%d:%lf:%lf", &d->iterations, &alpha, &beta) >= 2) {
            d->w = nfec_weights_create_scalar(code, d->iterations, (float)alpha, (float)beta, &err);
            if (!d->w) {
                fprintf(stderr, "neuralfec-eval: %s: %s\n", tok, err.msg);
                return 1;
            }
        } else if (sscanf(tok, "minsum:%d:%7s", &d->iterations, full) >= 1 && d->iterations > 0) {
            d->early = strcmp(full, "full") != 0;
        } else {
            fprintf(stderr, "neuralfec-eval: unknown decoder '%s'\n", tok);
            return 2;
        }
        nd++;
    }
    double ebn0[MAX_POINTS];
    int np = 0;
    char* pts = strdup(points);
    for (char* tok = strtok(pts, ","); tok; tok = strtok(NULL, ",")) {
        char* end;
        if (np == MAX_POINTS || (ebn0[np++] = strtod(tok, &end), *end) || !isfinite(ebn0[np - 1])) {
            fprintf(stderr, "neuralfec-eval: bad Eb/N0 list '%s' (at most %d numbers)\n", points, MAX_POINTS);
            return 2;
        }
    }
    FILE* out = csv ? fopen(csv, "w") : NULL;
    if (out)
        fprintf(out, "code,decoder,ebn0_db,frames,bit_errors,frame_errors,ber,fer,neg_ln_ber\n");
    const int k = nfec_code_k(code);
    printf("%-40s %6s %8s %9s %9s %9s %7s\n", "decoder", "Eb/N0", "frames", "bit err", "BER", "FER", "-lnBER");
    for (int di = 0; di < nd; di++)
        for (int pi = 0; pi < np; pi++) {
            job jobs[64];
            pthread_t ids[64];
            for (int t = 0; t < threads; t++) {
                jobs[t] = (job){ code, &decs[di], (uint64_t)seed, ebn0[pi], frames * t / threads, frames * (t + 1) / threads, 0, 0, NULL };
                pthread_create(&ids[t], NULL, run_job, &jobs[t]);
            }
            long be = 0, fe = 0;
            for (int t = 0; t < threads; t++) {
                pthread_join(ids[t], NULL);
                if (jobs[t].error) {
                    fprintf(stderr, "neuralfec-eval: %s\n", jobs[t].error);
                    return 1;
                }
                be += jobs[t].bit_err;
                fe += jobs[t].frame_err;
            }
            const double ber = (double)be / ((double)frames * k), fer = (double)fe / frames;
            const double nl = be ? -log(ber) : INFINITY;
            printf("%-40s %6.2f %8ld %9ld %9.3e %9.3e %7.3f\n", decs[di].name, ebn0[pi], frames, be, ber, fer, nl);
            if (out)
                fprintf(out, "\"%s\",\"%s\",%g,%ld,%ld,%ld,%.6e,%.6e,%.4f\n", spec, decs[di].name, ebn0[pi], frames, be, fe, ber, fer, nl);
            fflush(stdout);
        }
    if (out)
        fclose(out);
    for (int di = 0; di < nd; di++)
        nfec_weights_destroy(decs[di].w);
    free(names);
    free(pts);
    nfec_code_destroy(code);
    return 0;
}
