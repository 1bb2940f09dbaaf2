/* neuralfec-weights: inspect, check, make and export weight files. */
#include "outputs.h"
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "invocation.h"

static int usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-weights info FILE\n"
            "       neuralfec-weights check FILE [--code SPEC]\n"
            "       neuralfec-weights init --code SPEC --iterations T [--normalization A] [--offset B]\n"
            "                              [--per-edge] -o FILE\n"
            "       neuralfec-weights export FILE --csv\n"
            "\n"
            "info    the code, iterations, families and their sharing, provenance, and per-iteration\n"
            "        statistics of every family\n"
            "check   exit status 0 when FILE loads (and matches the code SPEC, if given), else 1\n"
            "init    hand-made weights: normalized (A, default 1) and offset (B, default 0) min-sum;\n"
            "        --per-edge stores one value per edge and iteration (a starting point for training)\n"
            "export  every weight as CSV rows: family,iteration,index,value\n");
    return out == stdout ? 0 : 2;
}

static const char* sharing_name(int s)
{
    static const char* names[] = { "one scalar", "per iteration", "per element", "per element and iteration" };
    return s < 0 ? "absent (neutral)" : names[s];
}

static nfec_weights* load_or_die(const char* path)
{
    nfec_error err = { 0 };
    nfec_weights* w = nfec_weights_load(path, &err);
    if (!w) {
        fprintf(stderr, "neuralfec-weights: %s\n", err.msg);
        exit(1);
    }
    return w;
}

static float* expand(const nfec_weights* w, nfec_family f)
{
    const size_t count = (size_t)nfec_weights_iterations(w) * (size_t)nfec_weights_family_length(w, f);
    float* full = malloc((count + 1) * sizeof(float));
    if (!full) {
        fprintf(stderr, "neuralfec-weights: out of memory\n");
        exit(1);
    }
    nfec_weights_expand(w, f, full);
    return full;
}

static int cmd_info(const char* path)
{
    nfec_weights* w = load_or_die(path);
    const int T = nfec_weights_iterations(w);
    printf("file: %s\ncode: %s (n=%d, m=%d, %d edges, identity %016" PRIx64 ")\niterations: %d\n", path,
           nfec_weights_code_spec(w), nfec_weights_code_n(w), nfec_weights_code_checks(w), nfec_weights_code_edges(w),
           nfec_weights_code_hash(w), T);
    printf("rule: %s, schedule: %s\n", nfec_update_rule_name(nfec_weights_update_rule(w)), nfec_schedule_name(nfec_weights_schedule(w)));
    float alpha, beta;
    if (nfec_weights_scalar(w, &alpha, &beta))
        printf("kind: scalar: every check message x %g%s, nothing learned per edge or iteration (%s)\n", (double)alpha,
               beta != 0.0f ? " minus an offset" : "", beta != 0.0f ? "offset min-sum" : alpha != 1.0f ? "normalized" : "plain");
    else
        printf("kind: weights that differ by edge, variable or iteration\n");
    for (int f = 0; f < NFEC_FAMILIES; f++)
        printf("%-6s %s, %d values\n", nfec_family_name((nfec_family)f), sharing_name(nfec_weights_sharing(w, (nfec_family)f)),
               nfec_weights_count(w, (nfec_family)f));
    printf("provenance:\n  %s\n", *nfec_weights_provenance(w) ? nfec_weights_provenance(w) : "(none)");
    printf("per-iteration statistics (mean / min / max):\n");
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        if (nfec_weights_sharing(w, (nfec_family)f) < 0)
            continue;
        const int len = nfec_weights_family_length(w, (nfec_family)f);
        float* full = expand(w, (nfec_family)f);
        for (int t = 0; t < T; t++) {
            double sum = 0, lo = full[(size_t)t * len], hi = lo;
            for (int i = 0; i < len; i++) {
                double x = full[(size_t)t * len + i];
                sum += x;
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
            printf("  %-6s t=%-3d %9.4f %9.4f %9.4f\n", nfec_family_name((nfec_family)f), t, len ? sum / len : 0.0, lo, hi);
        }
        free(full);
    }
    nfec_weights_destroy(w);
    return 0;
}

static int cmd_check(const char* path, const char* spec)
{
    nfec_weights* w = load_or_die(path);
    int rc = 0;
    if (spec) {
        nfec_error err = { 0 };
        nfec_code* c = nfec_code_create(spec, &err);
        if (!c || nfec_weights_match_code(w, c, &err) != NFEC_OK) {
            fprintf(stderr, "neuralfec-weights: %s: %s\n", path, err.msg);
            rc = 1;
        }
        nfec_code_destroy(c);
    }
    if (!rc)
        printf("%s: ok (%s, %d iterations)\n", path, nfec_weights_code_spec(w), nfec_weights_iterations(w));
    nfec_weights_destroy(w);
    return rc;
}

static int cmd_export(const char* path)
{
    nfec_weights* w = load_or_die(path);
    printf("family,iteration,index,value\n");
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const int len = nfec_weights_family_length(w, (nfec_family)f);
        float* full = expand(w, (nfec_family)f);
        for (int t = 0; t < nfec_weights_iterations(w); t++)
            for (int i = 0; i < len; i++)
                printf("%s,%d,%d,%.9g\n", nfec_family_name((nfec_family)f), t, i, full[(size_t)t * len + i]);
        free(full);
    }
    nfec_weights_destroy(w);
    return 0;
}

static int cmd_init(int argc, char** argv)
{
    const char *spec = NULL, *out = NULL;
    int T = 0, per_edge = 0;
    double alpha = 1.0, beta = 0.0;
    for (int i = 2; i < argc; i++) {
        const char* a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : NULL;
        char* end = NULL;
        if (!strcmp(a, "--per-edge")) {
            per_edge = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "neuralfec-weights: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--code"))
            spec = v;
        else if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "--iterations"))
            T = (int)strtol(v, &end, 10);
        else if (!strcmp(a, "--normalization"))
            alpha = strtod(v, &end);
        else if (!strcmp(a, "--offset"))
            beta = strtod(v, &end);
        else {
            fprintf(stderr, "neuralfec-weights: unknown option %s\n", a);
            return 2;
        }
        if (end && *end) {
            fprintf(stderr, "neuralfec-weights: %s: '%s' is not a number\n", a, v);
            return 2;
        }
    }
    if (!spec || !out || T < 1) {
        fprintf(stderr, "neuralfec-weights init: --code, --iterations (>= 1) and -o are required\n");
        return 2;
    }
    nfec_error err = { 0 };
    nfec_code* c = nfec_code_create(spec, &err);
    nfec_weights* w = NULL;
    if (c) {
        if (per_edge) {
            int sharing[NFEC_FAMILIES] = { NFEC_SHARE_ABSENT, NFEC_PER_ITERATION | NFEC_PER_ELEMENT,
                                           beta != 0.0 ? NFEC_PER_ITERATION | NFEC_PER_ELEMENT : NFEC_SHARE_ABSENT, NFEC_SHARE_ABSENT };
            w = nfec_weights_create(c, T, sharing, &err);
            for (int i = 0; w && i < nfec_weights_count(w, NFEC_W_CV); i++)
                nfec_weights_data(w, NFEC_W_CV)[i] = (float)alpha;
            for (int i = 0; w && i < nfec_weights_count(w, NFEC_B_CV); i++)
                nfec_weights_data(w, NFEC_B_CV)[i] = (float)beta;
        } else {
            w = nfec_weights_create_scalar(c, T, (float)alpha, (float)beta, &err);
        }
    }
    int rc = 1;
    if (w) {
        char prov[1024];
        app_invocation(prov, sizeof prov, argc, argv);
        if (nfec_weights_set_provenance(w, prov, &err) == NFEC_OK && nfec_weights_save(w, out, &err) == NFEC_OK)
            rc = 0;
    }
    if (rc)
        fprintf(stderr, "neuralfec-weights: %s\n", err.msg);
    nfec_weights_destroy(w);
    nfec_code_destroy(c);
    return rc;
}

int main(int argc, char** argv)
{
    app_check_stdout_at_exit("neuralfec-weights");
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
        return usage(argc < 2 ? stderr : stdout);
    if (!strcmp(argv[1], "info") && argc == 3)
        return cmd_info(argv[2]);
    if (!strcmp(argv[1], "check") && argc == 3)
        return cmd_check(argv[2], NULL);
    if (!strcmp(argv[1], "check") && argc == 5 && !strcmp(argv[3], "--code"))
        return cmd_check(argv[2], argv[4]);
    if (!strcmp(argv[1], "export") && argc == 4 && !strcmp(argv[3], "--csv"))
        return cmd_export(argv[2]);
    if (!strcmp(argv[1], "init"))
        return cmd_init(argc, argv);
    return usage(stderr);
}
