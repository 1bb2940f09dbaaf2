/* libFuzzer target: code spec strings (the bch: parser; anything else is a
 * path, and is opened). */
#include <gnuradio/neuralfec/nfec_code.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    char spec[64];
    if (size >= sizeof spec)
        return 0;
    memcpy(spec, data, size);
    spec[size] = 0;
    if (strncmp(spec, "bch:", 4) != 0)
        return 0; /* paths are the alist target's business */
    nfec_error err = { 0 };
    nfec_code_destroy(nfec_code_create(spec, &err));
    return 0;
}
