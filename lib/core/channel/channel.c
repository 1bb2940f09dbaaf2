/* The channel object (nfec_channel.h): BPSK over AWGN from a counter-based
 * generator, every frame a pure function of (seed, stream, step, index). */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix(uint64_t* s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform(uint64_t* s) { return ((double)(splitmix(s) >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

static double gaussian(uint64_t* s)
{
    const double r = sqrt(-2.0 * log(uniform(s)));
    return r * cos(6.283185307179586 * uniform(s));
}

/* A generator state for one frame: each coordinate is mixed in turn. */
static uint64_t frame_state(uint64_t seed, int stream, long step, int index)
{
    const uint64_t parts[4] = { seed, (uint64_t)stream, (uint64_t)step, (uint64_t)index };
    uint64_t h = 0;
    for (int i = 0; i < 4; i++) {
        h ^= parts[i];
        h = splitmix(&h);
    }
    return h;
}

struct nfec_channel {
    const nfec_code* code;
    nfec_channel_config cfg;
    double sigma, sigma2;
};

void nfec_channel_config_default(nfec_channel_config* c)
{
    memset(c, 0, sizeof *c);
    c->random_codewords = 1;
    c->seed = 1;
    c->stream = NFEC_STREAM_TEST;
}

nfec_channel* nfec_channel_create(const nfec_code* code, const nfec_channel_config* cfg, nfec_error* err)
{
    if (cfg->modulation != NFEC_MOD_BPSK || cfg->fading != NFEC_FADING_NONE) {
        nfec_fail(err, NFEC_EINVAL, "channel: modulation %d, fading %d: only BPSK over AWGN is built", (int)cfg->modulation, (int)cfg->fading);
        return NULL;
    }
    nfec_channel* ch = calloc(1, sizeof *ch);
    if (!ch) {
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        return NULL;
    }
    ch->code = code;
    ch->cfg = *cfg;
    if (nfec_channel_set_ebn0(ch, cfg->ebn0_db, err) != NFEC_OK) {
        free(ch);
        return NULL;
    }
    return ch;
}

void nfec_channel_destroy(nfec_channel* ch) { free(ch); }

nfec_status nfec_channel_set_ebn0(nfec_channel* ch, double ebn0_db, nfec_error* err)
{
    if (ebn0_db != ebn0_db || ebn0_db == -INFINITY)
        return nfec_fail(err, NFEC_EINVAL, "channel: Eb/N0 %g dB is not a number of dB (+inf: noiseless)", ebn0_db);
    const double rate = (double)nfec_code_k(ch->code) / nfec_code_n(ch->code);
    ch->cfg.ebn0_db = ebn0_db;
    ch->sigma2 = isinf(ebn0_db) ? 0.0 : 1.0 / (2.0 * rate * pow(10.0, ebn0_db / 10.0));
    ch->sigma = sqrt(ch->sigma2);
    return NFEC_OK;
}

double nfec_channel_sigma(const nfec_channel* ch) { return ch->sigma; }

void nfec_channel_frame(const nfec_channel* ch, long step, int index, uint8_t* info, uint8_t* bits, float* llr, float* soft)
{
    const nfec_code* code = ch->code;
    const int n = nfec_code_n(code), k = nfec_code_k(code);
    uint64_t s = frame_state(ch->cfg.seed, ch->cfg.stream, step, index);
    if (ch->cfg.random_codewords) {
        for (int i = 0; i < k; i++)
            info[i] = (uint8_t)(splitmix(&s) & 1u);
        nfec_code_encode(code, info, bits);
    } else {
        memset(info, 0, (size_t)k);
        memset(bits, 0, (size_t)n);
    }
    for (int v = 0; v < n; v++) {
        const double y = (bits[v] ? -1.0 : 1.0) + (ch->sigma2 > 0.0 ? ch->sigma * gaussian(&s) : 0.0);
        if (llr)
            llr[v] = ch->sigma2 > 0.0 ? (float)(2.0 * y / ch->sigma2) : (float)(y * NFEC_LLR_MAX);
        if (soft)
            soft[v] = (float)-y;
    }
}
