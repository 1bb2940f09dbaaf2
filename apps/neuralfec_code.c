/* neuralfec-code: inspect a code and write its parity-check matrix as alist,
 * so gr-fec's own decoders can run on our BCH codes. */
#include "outputs.h"
#include <gnuradio/neuralfec/nfec_code.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-code alist SPEC   write the parity-check matrix as alist to stdout\n"
            "       neuralfec-code info SPEC    print sizes, identity and information positions\n"
            "SPEC: a path to an .alist file, bch:N,K, bch:N,K:cyclic or wifi:N:R (IEEE 802.11n/ac: N 648, 1296,\n"
            "      1944; R 1/2, 2/3, 3/4, 5/6)\n");
    return out == stdout ? 0 : 2;
}

int main(int argc, char** argv)
{
    app_check_stdout_at_exit("neuralfec-code");
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
        return usage(stdout);
    if (argc != 3 || (strcmp(argv[1], "alist") && strcmp(argv[1], "info")))
        return usage(stderr);
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
