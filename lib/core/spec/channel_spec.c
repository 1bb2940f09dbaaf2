/* The channel's spellings (nfec_channel.h): --modulation and --channel of
 * every tool, and back. */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <stdio.h>
#include <string.h>

static const char* const MODULATIONS[] = { "bpsk", "qpsk", "8psk", "16qam", "64qam" };
enum { MODULATION_COUNT = sizeof MODULATIONS / sizeof MODULATIONS[0] };
enum { TEXT_MAX = 128 };

/* text split at ':' into at most `most` words in buf; their count, or -1
 * when too long or too many */
static int words(const char* text, char* buf, char** word, int most)
{
    if (strlen(text) >= TEXT_MAX)
        return -1;
    strcpy(buf, text);
    int count = 0;
    for (char* p = buf; count <= most; count++) {
        if (count == most)
            return -1;
        word[count] = p;
        char* colon = strchr(p, ':');
        if (!colon)
            return count + 1;
        *colon = 0;
        p = colon + 1;
    }
    return -1;
}

static nfec_status parse_modulation(nfec_channel_config* c, const char* text, nfec_error* err)
{
    char buf[TEXT_MAX], *w[2];
    const int count = words(text, buf, w, 2);
    int m = -1;
    for (int i = 0; count > 0 && i < MODULATION_COUNT; i++)
        m = !strcmp(w[0], MODULATIONS[i]) ? i : m;
    if (m < 0 || (count == 2 && strcmp(w[1], "maxlog")))
        return nfec_fail(err, NFEC_EPARSE, "modulation '%s': bpsk, qpsk, 8psk, 16qam or 64qam, optionally :maxlog (the max-log demapper)", text);
    c->modulation = (nfec_modulation)m;
    c->demapper = count == 2 ? NFEC_DEMAP_MAXLOG : NFEC_DEMAP_EXACT;
    return NFEC_OK;
}

static nfec_status parse_channel(nfec_channel_config* c, const char* text, nfec_error* err)
{
    char buf[TEXT_MAX], *w[4];
    const int count = words(text, buf, w, 4);
    const char* usage = "awgn, rayleigh-fast or rayleigh-block:L (L symbols per fade), then :no-csi and/or :interleaved";
    if (count < 1)
        return nfec_fail(err, NFEC_EPARSE, "channel '%s': %s", text, usage);
    int next = 1;
    nfec_channel_config out = *c;
    out.csi = 1;
    out.interleave = 0;
    out.fading_block = 0;
    if (!strcmp(w[0], "awgn"))
        out.fading = NFEC_FADING_NONE;
    else if (!strcmp(w[0], "rayleigh-fast"))
        out.fading = NFEC_FADING_RAYLEIGH_FAST;
    else if (!strcmp(w[0], "rayleigh-block")) {
        long l = 0;
        if (count < 2)
            return nfec_fail(err, NFEC_EPARSE, "channel '%s': rayleigh-block needs its block length, rayleigh-block:L", text);
        if (nfec_parse_long(w[1], 1, 1000000, "rayleigh-block: symbols per fade", &l, err) != NFEC_OK)
            return err ? err->status : NFEC_EPARSE;
        out.fading = NFEC_FADING_RAYLEIGH_BLOCK;
        out.fading_block = (int)l;
        next = 2;
    } else
        return nfec_fail(err, NFEC_EPARSE, "channel '%s': %s", text, usage);
    for (int i = next; i < count; i++) {
        if (!strcmp(w[i], "no-csi") && out.csi && out.fading != NFEC_FADING_NONE)
            out.csi = 0;
        else if (!strcmp(w[i], "interleaved") && !out.interleave)
            out.interleave = 1;
        else
            return nfec_fail(err, NFEC_EPARSE, "channel '%s': '%s' is not an option here (%s; no-csi with fading only)", text, w[i], usage);
    }
    *c = out;
    return NFEC_OK;
}

nfec_status nfec_channel_config_parse(nfec_channel_config* cfg, const char* modulation, const char* channel, nfec_error* err)
{
    nfec_channel_config c = *cfg;
    if (modulation && parse_modulation(&c, modulation, err) != NFEC_OK)
        return err ? err->status : NFEC_EPARSE;
    if (channel && parse_channel(&c, channel, err) != NFEC_OK)
        return err ? err->status : NFEC_EPARSE;
    *cfg = c;
    return NFEC_OK;
}

const char* nfec_channel_modulation_text(const nfec_channel_config* c, char* buf, size_t len)
{
    const int known = (int)c->modulation >= 0 && (int)c->modulation < MODULATION_COUNT;
    snprintf(buf, len, "%s%s", known ? MODULATIONS[c->modulation] : "?", c->demapper == NFEC_DEMAP_MAXLOG ? ":maxlog" : "");
    return buf;
}

const char* nfec_channel_channel_text(const nfec_channel_config* c, char* buf, size_t len)
{
    const char* fading = c->fading == NFEC_FADING_RAYLEIGH_FAST ? "rayleigh-fast" : c->fading == NFEC_FADING_RAYLEIGH_BLOCK ? "rayleigh-block" : "awgn";
    char block[24] = "";
    if (c->fading == NFEC_FADING_RAYLEIGH_BLOCK)
        snprintf(block, sizeof block, ":%d", c->fading_block);
    snprintf(buf, len, "%s%s%s%s", fading, block, c->csi || c->fading == NFEC_FADING_NONE ? "" : ":no-csi", c->interleave ? ":interleaved" : "");
    return buf;
}
