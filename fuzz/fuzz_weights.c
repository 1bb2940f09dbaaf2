/* libFuzzer target: the weight-file loader, and a decoder built from what it
 * accepts when the code matches, in float and (when the weights fit) 16-bit
 * fixed point. */
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static nfec_code* code = NULL;
    if (!code)
        code = nfec_code_create("bch:15,7", NULL);
    nfec_error err = { 0 };
    nfec_weights* w = nfec_weights_parse(data, size, "fuzz.nfw", &err);
    if (!w)
        return 0;
    if (nfec_weights_match_code(w, code, NULL) == NFEC_OK) {
        nfec_decoder* d = nfec_decoder_create(code, w, 0, 1, NULL);
        if (d) {
            float in[15];
            uint8_t bits[15];
            for (int i = 0; i < 15; i++)
                in[i] = (float)((i * 7) % 5) - 2.0f;
            nfec_decoder_decode(d, in, -1.0f, 1, bits, NULL, NULL);
            if (nfec_decoder_set_precision(d, NFEC_FIXED16, NULL) == NFEC_OK)
                nfec_decoder_decode(d, in, -1.0f, 1, bits, NULL, NULL);
            nfec_decoder_destroy(d);
        }
    }
    nfec_weights_destroy(w);
    return 0;
}
