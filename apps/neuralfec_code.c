/* neuralfec-code: inspect a code and write its parity-check matrix as alist,
 * so gr-fec's own decoders can run on our BCH codes. */
#define _POSIX_C_SOURCE 200809L
#include "outputs.h"
#include <gnuradio/neuralfec/nfec_code.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Building the code object and encoding with its own encoder: the best of
 * three runs of at least 0.3 s each (one core). */
static int speed(const char* spec)
{
    nfec_error err = { 0 };
    double build = 1e30;
    nfec_code* code = NULL;
    for (int r = 0; r < 3; r++) {
        nfec_code_destroy(code);
        const double t0 = now();
        if (!(code = nfec_code_create(spec, &err))) {
            fprintf(stderr, "neuralfec-code: %s\n", err.msg);
            return 1;
        }
        const double t = now() - t0;
        build = t < build ? t : build;
    }
    const int n = nfec_code_n(code), k = nfec_code_k(code);
    uint8_t* info = malloc((size_t)k * 16);
    uint8_t* cw = malloc((size_t)n);
    if (!info || !cw) {
        fprintf(stderr, "neuralfec-code: out of memory\n");
        return 1;
    }
    uint64_t s = 1;
    for (int i = 0; i < k * 16; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        info[i] = (uint8_t)(s >> 63);
    }
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        long count = 0;
        const double t0 = now();
        double t;
        do {
            nfec_code_encode(code, info + (size_t)(count % 16) * k, cw);
            count++;
        } while ((t = now() - t0) < 0.3);
        best = t / (double)count < best ? t / (double)count : best;
    }
    printf("%s: n %d, k %d, sent %d; code object built in %.3f ms; encoding %.2f us a codeword (%.1f Mbit/s of information)\n", spec, n, k,
           nfec_code_tx_n(code), 1e3 * build, 1e6 * best, k / best / 1e6);
    free(info);
    free(cw);
    nfec_code_destroy(code);
    return 0;
}

static int usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-code alist SPEC   write the parity-check matrix as alist to stdout\n"
            "       neuralfec-code info SPEC    print sizes, identity and information positions\n"
            "       neuralfec-code speed SPEC   time building the code object and encoding (one core)\n"
            "SPEC: a path to an .alist file, bch:N,K, bch:N,K:cyclic, wifi:N:R (IEEE 802.11n/ac: N 648, 1296,\n"
            "      1944; R 1/2, 2/3, 3/4, 5/6), nr:BG:Z[:K] (5G NR: base graph 1 or 2, lifting size Z, K\n"
            "      information bits), ccsds:ar4ja:R:K (R 1/2, 2/3, 4/5; K 1024, 4096, 16384),\n"
            "      ccsds:c2 (the (8160, 7136) code) or dvbs2:short:R\n"
            "      (DVB-S2 short frame: R 1/4, 1/3, 2/5, 1/2, 3/5, 2/3, 3/4, 4/5, 5/6, 8/9)\n");
    return out == stdout ? 0 : 2;
}

int main(int argc, char** argv)
{
    app_check_stdout_at_exit("neuralfec-code");
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
        return usage(stdout);
    if (argc != 3 || (strcmp(argv[1], "alist") && strcmp(argv[1], "info") && strcmp(argv[1], "speed")))
        return usage(stderr);
    if (!strcmp(argv[1], "speed"))
        return speed(argv[2]);
    nfec_error err = { 0 };
    nfec_code* code = nfec_code_create(argv[2], &err);
    if (!code) {
        fprintf(stderr, "neuralfec-code: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    if (!strcmp(argv[1], "alist")) {
        rc = nfec_code_write_alist(code, stdout, &err) == NFEC_OK ? 0 : 1;
        if (rc)
            fprintf(stderr, "neuralfec-code: %s\n", err.msg);
    } else {
        const int k = nfec_code_k(code);
        const int* pos = nfec_code_info_positions(code);
        printf("spec: %s\nn: %d\nk: %d\nsent: %d (punctured %d, shortened %d)\nchecks: %d\nedges: %d\nhash: %016" PRIx64
               "\ninformation positions:",
               nfec_code_spec(code), nfec_code_n(code), k, nfec_code_tx_n(code), nfec_code_punctured(code), nfec_code_shortened(code),
               nfec_code_checks(code), nfec_code_edges(code), nfec_code_hash(code));
        for (int i = 0; i < k; i++)
            printf(" %d", pos[i]);
        printf("\n");
    }
    nfec_code_destroy(code);
    return rc;
}
