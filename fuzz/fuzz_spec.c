/* libFuzzer target: the strings users type — code specs (the families'
 * parsers; anything else is a path, the alist target's business; the two
 * largest AR4JA codes left out: valid, but seconds to build), decoder specs
 * and Eb/N0 lists (nfec_spec.h). */
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    char text[NFEC_SPEC_TEXT_MAX + 64];
    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    nfec_error err = { 0 };
    static const char* const families[] = { "bch:", "wifi:", "nr:", "dvbs2:", "ccsds:ar4ja:" };
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        if (strncmp(text, families[f], strlen(families[f])) == 0 && size < 64 && !strstr(text, "16384"))
            nfec_code_destroy(nfec_code_create(text, &err));
    nfec_decoder_spec spec;
    nfec_decoder_spec_parse(text, &spec, &err);
    double points[16];
    int count = 0;
    nfec_parse_ebn0_list(text, points, 16, &count, &err);
    return 0;
}
