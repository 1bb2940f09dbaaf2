/* libFuzzer target: the alist reader, and everything a parsed matrix goes
 * through when it becomes a code (elimination, graph, encoder). */
#include "code/code_internal.h"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    nfec_rows rows = { 0 };
    nfec_error err = { 0 };
    if (nfec_alist_parse((const char*)data, size, "fuzz.alist", &rows, &err) != NFEC_OK)
        return 0;
    /* Keep elimination cheap: huge matrices are valid but slow, not bugs. */
    if ((long)rows.n * rows.m > 4000000) {
        nfec_rows_free(&rows);
        return 0;
    }
    nfec_code* c = nfec_code_from_rows("fuzz.alist", &rows, &err);
    if (c) {
        uint8_t* info = calloc((size_t)nfec_code_k(c) + 1, 1);
        uint8_t* cw = calloc((size_t)nfec_code_n(c) + 1, 1);
        if (info && cw) {
            info[0] = 1;
            nfec_code_encode(c, info, cw);
            if (!nfec_code_is_codeword(c, cw))
                abort(); /* the encoder must produce codewords of any matrix it accepts */
        }
        free(info);
        free(cw);
        nfec_code_destroy(c);
    }
    return 0;
}
