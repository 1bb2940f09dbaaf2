/* Systematic encoding and information extraction. */
#include "code/code_internal.h"

void nfec_code_encode(const nfec_code* code, const uint8_t* info, uint8_t* codeword)
{
    const nfec_qc* qc = nfec_code_qc(code);
    /* the block rows' sums, Z bits each: small enough for the stack for
     * every structure we build (nfec_qc_encode) */
    uint8_t lambda[NFEC_QC_SCRATCH];
    if (qc && (size_t)qc->mb * (size_t)qc->z <= sizeof lambda) {
        nfec_qc_encode(qc, info, codeword, lambda);
        return;
    }
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
