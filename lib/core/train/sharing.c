/* Parameter sharing of the student's check weights (nfec_train.h's
 * NFEC_SHARING_*): the weight file's sharing flags, and the tying of the
 * check-degree form, which the file stores per edge and iteration. */
#include "train/train_internal.h"
#include <stdlib.h>
#include <string.h>

static const char* const names[NFEC_SHARING_COUNT] = {
    [NFEC_SHARING_EDGE_ITERATION] = "edge-iteration",
    [NFEC_SHARING_EDGE] = "edge",
    [NFEC_SHARING_ITERATION] = "iteration",
    [NFEC_SHARING_CHECK_DEGREE] = "check-degree",
};

const char* nfec_train_sharing_name(int sharing) { return (unsigned)sharing < NFEC_SHARING_COUNT ? names[sharing] : "unknown"; }

int nfec_train_sharing_parse(const char* name)
{
    for (int s = 0; s < NFEC_SHARING_COUNT; s++)
        if (!strcmp(name, names[s]))
            return s;
    return -1;
}

int nfec_sharing_flags(int sharing)
{
    switch (sharing) {
    case NFEC_SHARING_EDGE:
        return NFEC_PER_ELEMENT;
    case NFEC_SHARING_ITERATION:
        return NFEC_PER_ITERATION;
    default: /* the check-degree form is stored per edge and iteration, tied */
        return NFEC_PER_ITERATION | NFEC_PER_ELEMENT;
    }
}

int nfec_ties_by_check_degree(const nfec_code* code, int* tie)
{
    const int m = nfec_code_checks(code);
    const int* start = nfec_code_check_start(code);
    int degrees[NFEC_TIES_MAX], count = 0;
    for (int c = 0; c < m; c++) {
        const int deg = start[c + 1] - start[c];
        int k = 0;
        while (k < count && degrees[k] != deg)
            k++;
        if (k == count) {
            if (count == NFEC_TIES_MAX)
                return -1;
            degrees[count++] = deg;
        }
        for (int e = start[c]; e < start[c + 1]; e++)
            tie[e] = k;
    }
    return count;
}

void nfec_ties_apply(const int* tie, int edges, int iterations, double* g)
{
    for (int t = 0; t < iterations; t++) {
        double sum[NFEC_TIES_MAX] = { 0 };
        double* row = g + (size_t)t * edges;
        for (int e = 0; e < edges; e++)
            sum[tie[e]] += row[e];
        for (int e = 0; e < edges; e++)
            row[e] = sum[tie[e]];
    }
}
