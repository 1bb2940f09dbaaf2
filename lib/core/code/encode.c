/* Systematic encoding and information extraction. */
#include "code/code_internal.h"
#include <string.h>

/* The mother code's information bits from the user's: 0 where shortened. */
static void with_shortened(const nfec_code* code, const uint8_t* info, uint8_t* mother)
{
    const int dim = nfec_code_dimension(code);
    const int* pos = nfec_code_mother_info_positions(code);
    for (int i = 0, j = 0; i < dim; i++)
        mother[i] = nfec_code_role(code, pos[i]) == NFEC_ROLE_SHORTENED ? 0 : (uint8_t)(info[j++] & 1u);
}

void nfec_code_encode(const nfec_code* code, const uint8_t* info, uint8_t* codeword)
{
    const nfec_encoder* e = nfec_code_encoder(code);
    uint8_t mother[NFEC_SHORTEN_LIMIT];
    if (nfec_code_shortened(code)) {
        with_shortened(code, info, mother);
        info = mother;
    }
    if (e)
        e->encode(e, info, codeword);
    else
        nfec_code_encode_dense(code, info, codeword);
}

void nfec_code_encode_dense(const nfec_code* code, const uint8_t* info, uint8_t* codeword)
{
    const nfec_systematic* s = nfec_code_systematic(code);
    const int k = s->n - s->rank;
    for (int i = 0; i < k; i++)
        codeword[s->pos[s->rank + i]] = info[i] & 1u;
    for (int j = 0; j < s->rank; j++) {
        const uint64_t* row = s->parity + (size_t)j * s->words;
        unsigned bit = 0;
        for (int w = 0; w < s->words; w++) {
            uint64_t x = row[w];
            while (x) {
                int i = w * 64 + __builtin_ctzll(x);
                bit ^= info[i] & 1u;
                x &= x - 1;
            }
        }
        codeword[s->pos[j]] = (uint8_t)bit;
    }
}

void nfec_code_extract_info(const nfec_code* code, const uint8_t* codeword, uint8_t* info)
{
    const int k = nfec_code_k(code);
    const int* pos = nfec_code_info_positions(code);
    for (int i = 0; i < k; i++)
        info[i] = codeword[pos[i]];
}
