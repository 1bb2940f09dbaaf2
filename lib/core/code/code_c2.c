/* The CCSDS C2 LDPC code, "ccsds:c2": the (8160, 7136) code of near-Earth
 * missions (CCSDS 131.0-B-5, section 7.3). The basic (8176, 7156) code has
 * H = 2 x 16 circulants of 511 x 511, each with two ones a row (Table 7-1:
 * their positions in the first row; every next row is the one before shifted
 * right by one), rank 1020. The standard expurgates it to the (8176, 7154)
 * code of the systematic generator [I | B], B = 14 x 2 circulants (Annex C:
 * their first rows), shortens that by 18 leading information bits (virtual
 * fill: zero, not sent) and appends two zero bits: 7136 information bits,
 * 1022 parity bits, 2 zeros sent.
 *
 * Here the mother code has 8178 positions: the basic code's 8176, then the
 * two appended zeros, each alone in a check of its own (a decoder knows them
 * for zeros, as a receiver does). Its 1024 checks are 8178 - 7154, with the
 * basic code's two redundant rows among them; the encoder is the standard's
 * generator, and its codewords satisfy H (checked when the code is built,
 * and over many words in qa_code), which ties Annex C to Table 7-1.
 *
 * Both tables are transcribed from the standard (CCSDS 131.0-B, Table 7-1
 * and Annex C), as public implementations also carry them (ldpc-toolbox's
 * ccsds.rs for Table 7-1; two MATLAB transcriptions of Annex C, checked
 * against each other); our code around them. */
#include "code/code_internal.h"
#include <stdlib.h>
#include <string.h>

enum {
    C2_Z = 511,
    C2_INFO_BLOCKS = 14,
    C2_BLOCKS = 16,
    C2_BASIC_N = C2_BLOCKS * C2_Z,     /* 8176 */
    C2_K = C2_INFO_BLOCKS * C2_Z,      /* 7154, the expurgated code's */
    C2_FILL = 2,                       /* zeros appended */
    C2_N = C2_BASIC_N + C2_FILL,       /* 8178 */
    C2_CHECKS = 2 * C2_Z + C2_FILL,    /* 1024 */
    C2_SHORTENED = 18                  /* virtual fill */
};

/* Table 7-1: the columns of the two ones in the first row of circulant
 * A(i, j), block row i, block column j */
static const unsigned short A_FIRST_ROW[2][C2_BLOCKS][2] = {
    { { 0, 176 }, { 12, 239 }, { 0, 352 }, { 24, 431 }, { 0, 392 }, { 151, 409 }, { 0, 351 }, { 9, 359 },
      { 0, 307 }, { 53, 329 }, { 0, 207 }, { 18, 281 }, { 0, 399 }, { 202, 457 }, { 0, 247 }, { 36, 261 } },
    { { 99, 471 }, { 130, 473 }, { 198, 435 }, { 260, 478 }, { 215, 420 }, { 282, 481 }, { 48, 396 }, { 193, 445 },
      { 273, 430 }, { 302, 451 }, { 96, 379 }, { 191, 386 }, { 244, 467 }, { 364, 470 }, { 51, 382 }, { 192, 414 } },
};

/* Annex C: the first row of generator circulant B(i, j), i = 1..14, j = 1, 2,
 * in hexadecimal, most significant first; the leading digit carries 3 bits
 * (511 in all), column 0 first */
static const char* const B_FIRST_ROW[C2_INFO_BLOCKS][2] = {
    { "55BF56CC55283DFEEFEA8C8CFF04E1EBD9067710988E25048D67525426939E2068D2DC6FCD2F822BEB6BD96C8A76F4932AAE9BC53AD20A2A9C86BB461E43759C",
      "6855AE08698A50AA3051768793DC238544AF3FE987391021AAF6383A6503409C3CE971A80B3ECE12363EE809A01D91204F1811123EAB867D3E40E8C652585D28" },
    { "62B21CF0AEE0649FA67B7D0EA6551C1CD194CA77501E0FCF8C85867B9CF679C18BCF7939E10F8550661848A4E0A9E9EDB7DAB9EDABA18C168C8E28AACDDEAB1E",
      "64B71F486AD57125660C4512247B229F0017BA649C6C11148FB00B70808286F1A9790748D296A593FA4FD2C6D7AAF7750F0C71B31AEE5B400C7F5D73AAF00710" },
    { "681A8E51420BD8294ECE13E491D618083FFBBA830DB5FAF330209877D801F92B5E07117C57E75F6F0D873B3E520F21EAFD78C1612C6228111A369D5790F5929A",
      "04DF1DD77F1C20C1FB570D7DD7A1219EAECEA4B2877282651B0FFE713DF338A63263BC0E324A87E2DC1AD64C9F10AAA585ED6905946EE167A73CF04AD2AF9218" },
    { "35951FEE6F20C902296C9488003345E6C5526C5519230454C556B8A04FC0DC642D682D94B4594B5197037DF15B5817B26F16D0A3302C09383412822F6D2B234E",
      "7681CF7F278380E28F1262B22F40BF3405BFB92311A8A34D084C086464777431DBFDDD2E82A2E6742BAD6533B51B2BDEE0377E9F6E63DCA0B0F1DF97E73D5CD8" },
    { "188157AE41830744BAE0ADA6295E08B79A44081E111F69BBE7831D07BEEBF76232E065F752D4F218D39B6C5BF20AE5B8FF172A7F1F680E6BF5AAC3C4343736C2",
      "5D80A6007C175B5C0DD88A442440E2C29C6A136BBCE0D95A58A83B48CA0E7474E9476C92E33D164BFF943A61CE1031DFF441B0B175209B498394F4794644392E" },
    { "60CD1F1C282A1612657E8C7C1420332CA245C0756F78744C807966C3E1326438878BD2CCC83388415A612705AB192B3512EEF0D95248F7B73E5B0F412BF76DB4",
      "434B697B98C9F3E48502C8DBD891D0A0386996146DEBEF11D4B833033E05EDC28F808F25E8F314135E6675B7608B66F7FF3392308242930025DDC4BB65CD7B6E" },
    { "766855125CFDC804DAF8DBE3660E8686420230ED4E049DF11D82E357C54FE256EA01F5681D95544C7A1E32B7C30A8E6CF5D0869E754FFDE6AEFA6D7BE8F1B148",
      "222975D325A487FE560A6D146311578D9C5501D28BC0A1FB48C9BDA173E869133A3AA9506C42AE9F466E85611FC5F8F74E439638D66D2F00C682987A96D8887C" },
    { "14B5F98E8D55FC8E9B4EE453C6963E052147A857AC1E08675D99A308E7269FAC5600D7B155DE8CB1BAC786F45B46B523073692DE745FDF10724DDA38FD093B1C",
      "1B71AFFB8117BCF8B5D002A99FEEA49503C0359B056963FE5271140E626F6F8FCE9F29B37047F9CA89EBCE760405C6277F329065DF21AB3B779AB3E8C8955400" },
    { "0008B4E899E5F7E692BDCE69CE3FAD997183CFAEB2785D0C3D9CAE510316D4BD65A2A06CBA7F4E4C4A80839ACA81012343648EEA8DBBA2464A68E115AB3F4034",
      "5B7FE6808A10EA42FEF0ED9B41920F82023085C106FBBC1F56B567A14257021BC5FDA60CBA05B08FAD6DC3B0410295884C7CCDE0E56347D649DE6DDCEEB0C95E" },
    { "5E9B2B33EF82D0E64AA2226D6A0ADCD179D5932EE1CF401B336449D0FF775754CA56650716E61A43F963D59865C7F017F53830514306649822CAA72C152F6EB2",
      "2CD8140C8A37DE0D0261259F63AA2A420A8F81FECB661DBA5C62DF6C817B4A61D2BC1F068A50DFD0EA8FE1BD387601062E2276A4987A19A70B460C54F215E184" },
    { "06F1FF249192F2EAF063488E267EEE994E7760995C4FA6FFA0E4241825A7F5B65C74FB16AC4C891BC008D33AD4FF97523EE5BD14126916E0502FF2F8E4A07FC2",
      "65287840D00243278F41CE1156D1868F24E02F91D3A1886ACE906CE741662B40B4EFDFB90F76C1ADD884D920AFA8B3427EEB84A759FA02E00635743F50B942F0" },
    { "4109DA2A24E41B1F375645229981D4B7E88C36A12DAB64E91C764CC43CCEC188EC8C5855C8FF488BB91003602BEF43DBEC4A621048906A2CDC5DBD4103431DB8",
      "2185E3BC7076BA51AAD6B199C8C60BCD70E8245B874927136E6D8DD527DF0693DC10A1C8E51B5BE93FF7538FA138B335738F4315361ABF8C73BF40593AE22BE4" },
    { "228845775A262505B47288E065B23B4A6D78AFBDDB2356B392C692EF56A35AB4AA27767DE72F058C6484457C95A8CCDD0EF225ABA56B7657B7F0E947DC17F972",
      "2630C6F79878E50CF5ABD353A6ED80BEACC7169179EA57435E44411BC7D566136DFA983019F3443DE8E4C60940BC4E31DCEAD514D755AF95A622585D69572692" },
    { "7273E8342918E097B1C1F5FEF32A150AEF5E11184782B5BD5A1D8071E94578B0AC722D7BF49E8C78D391294371FFBA7B88FABF8CC03A62B940CE60D669DFB7B6",
      "087EA12042793307045B283D7305E93D8F74725034E77D25D3FF043ADC5F8B5B186DB70A968A816835EFB575952EAE7EA4E76DF0D5F097590E1A2A978025573E" },
};

/* Each generator circulant's first row twice over: row r of the circulant,
 * the first shifted right by r, is then the 511 bits from 511 - r on. */
typedef struct {
    nfec_encoder base;
    uint8_t rows[C2_INFO_BLOCKS][2][2 * C2_Z];
} c2_encoder;

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* the 511 bits of an Annex C row; 0 when the text is not 128 digits with a
 * leading one below 8 (a table typo, caught by the tests) */
static int unpack_row(const char* hex, uint8_t* bits)
{
    if (strlen(hex) != 128 || hex_digit(hex[0]) < 0 || hex_digit(hex[0]) > 7)
        return 0;
    for (int b = 0; b < C2_Z; b++) {
        const int pos = b + 1; /* in the 512 bits the digits spell, the first is the padding zero */
        const int d = hex_digit(hex[pos / 4]);
        if (d < 0)
            return 0;
        bits[b] = (uint8_t)((d >> (3 - pos % 4)) & 1);
    }
    return 1;
}

static void c2_encode(const nfec_encoder* base, const uint8_t* info, uint8_t* cw)
{
    const c2_encoder* e = (const c2_encoder*)base;
    memcpy(cw, info, C2_K);
    uint8_t* parity = cw + C2_K;
    memset(parity, 0, C2_N - C2_K);
    for (int i = 0; i < C2_INFO_BLOCKS; i++)
        for (int r = 0; r < C2_Z; r++) {
            if (!(info[i * C2_Z + r] & 1u))
                continue;
            for (int j = 0; j < 2; j++) {
                const uint8_t* row = e->rows[i][j] + C2_Z - r;
                uint8_t* p = parity + j * C2_Z;
                for (int c = 0; c < C2_Z; c++)
                    p[c] ^= row[c];
            }
        }
}

static void c2_destroy(nfec_encoder* e) { free(e); }

nfec_status nfec_c2_rows(const char* spec, nfec_rows* dec, nfec_code_family* fam, nfec_error* err)
{
    if (strcmp(spec, "ccsds:c2"))
        return nfec_fail(err, NFEC_EINVAL, "code spec '%s': the CCSDS C2 code is ccsds:c2 (the (8160, 7136) code as sent)", spec);
    const size_t count = (size_t)2 * C2_BLOCKS * 2 * C2_Z + C2_FILL;
    int* pairs = malloc(sizeof(int) * 2 * count);
    c2_encoder* e = calloc(1, sizeof *e);
    fam->role = calloc(C2_N, 1);
    if (!pairs || !e || !fam->role) {
        free(pairs);
        free(e);
        nfec_code_family_free(fam);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory building ccsds:c2");
    }
    size_t p = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < C2_BLOCKS; j++)
            for (int one = 0; one < 2; one++)
                for (int r = 0; r < C2_Z; r++) {
                    pairs[2 * p] = i * C2_Z + r;
                    pairs[2 * p++ + 1] = j * C2_Z + (r + A_FIRST_ROW[i][j][one]) % C2_Z;
                }
    for (int f = 0; f < C2_FILL; f++) {
        pairs[2 * p] = 2 * C2_Z + f;
        pairs[2 * p++ + 1] = C2_BASIC_N + f;
    }
    nfec_status st = nfec_rows_from_pairs(C2_N, C2_CHECKS, pairs, p, dec, err);
    free(pairs);
    for (int i = 0; st == NFEC_OK && i < C2_INFO_BLOCKS; i++)
        for (int j = 0; j < 2; j++) {
            if (!unpack_row(B_FIRST_ROW[i][j], e->rows[i][j]))
                st = nfec_fail(err, NFEC_EINVAL, "ccsds:c2: generator row B(%d, %d) is not 511 bits of hexadecimal", i + 1, j + 1);
            memcpy(e->rows[i][j] + C2_Z, e->rows[i][j], C2_Z);
        }
    if (st != NFEC_OK) {
        free(e);
        nfec_rows_free(dec);
        nfec_code_family_free(fam);
        return st;
    }
    for (int v = 0; v < C2_SHORTENED; v++)
        fam->role[v] = NFEC_ROLE_SHORTENED;
    e->base.k = C2_K;
    e->base.encode = c2_encode;
    e->base.destroy = c2_destroy;
    fam->encoder = &e->base;
    return NFEC_OK;
}
