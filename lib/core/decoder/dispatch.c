/* Which kernel decodes: the instruction sets built (the generated
 * kernel_table.h), what the CPU has, and the one place a batch goes to a
 * kernel. */
#include "decoder/decoder_internal.h"
#include <stddef.h>

#include "kernel_table.h"

static const struct nfec_kernel_entry* entry_for(nfec_isa isa)
{
    for (size_t i = 0; i < sizeof nfec_kernel_table / sizeof nfec_kernel_table[0]; i++)
        if (nfec_kernel_table[i].isa == isa)
            return &nfec_kernel_table[i];
    return NULL;
}

const char* nfec_isa_name(nfec_isa isa)
{
    static const char* const names[] = { "auto", "portable", "sse4.1", "avx2", "avx512" };
    return isa >= NFEC_ISA_AUTO && isa <= NFEC_ISA_AVX512 ? names[isa] : "unknown";
}

int nfec_isa_supported(nfec_isa isa)
{
    if (!entry_for(isa))
        return 0;
#ifdef NFEC_X86
    __builtin_cpu_init();
    switch (isa) {
    case NFEC_ISA_SSE41:
        return __builtin_cpu_supports("sse4.1");
    case NFEC_ISA_AVX2:
        return __builtin_cpu_supports("avx2");
    case NFEC_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    default:
        break;
    }
#endif
    return 1;
}

nfec_isa nfec_isa_best(void)
{
    for (nfec_isa isa = NFEC_ISA_AVX512; isa > NFEC_ISA_PORTABLE; isa--)
        if (nfec_isa_supported(isa))
            return isa;
    return NFEC_ISA_PORTABLE;
}

nfec_status nfec_decoder_set_isa(nfec_decoder* d, nfec_isa isa, nfec_error* err)
{
    if (isa == NFEC_ISA_AUTO)
        isa = nfec_isa_best();
    if (!nfec_isa_supported(isa))
        return nfec_fail(err, NFEC_EINVAL, "instruction set %s is not available on this CPU or in this build", nfec_isa_name(isa));
    const struct nfec_kernel_entry* k = entry_for(isa);
    d->isa = isa;
    d->run_float = k->run_float;
    d->run_fixed = k->run_fixed;
    return NFEC_OK;
}

nfec_isa nfec_decoder_isa(const nfec_decoder* d) { return d->isa; }

long nfec_decoder_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    if (d->hybrid)
        return nfec_hybrid_decode(d, in, in_scale, nframes, bits, soft, iterations);
    return nfec_kernel_decode(d, in, in_scale, nframes, bits, soft, iterations);
}

long nfec_kernel_decode(nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    if (d->precision == NFEC_FIXED16)
        return d->run_fixed(d, in, in_scale, nframes, bits, soft, iterations);
    return d->run_float(d, in, in_scale, nframes, bits, soft, iterations);
}
