/* The channel object (nfec_channel.h): modulation, fading and noise from a
 * counter-based generator, every frame a pure function of (seed, stream,
 * step, index). BPSK over AWGN draws exactly what it always drew. */
#include "channel/constellation.h"
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
    nfec_constellation points;
    double sigma, sigma2;
    int* order; /* transmit position -> code bit (the interleaver); NULL: in order */
};

void nfec_channel_config_default(nfec_channel_config* c)
{
    memset(c, 0, sizeof *c);
    c->csi = 1;
    c->random_codewords = 1;
    c->seed = 1;
    c->stream = NFEC_STREAM_TEST;
}

int nfec_modulation_bits(nfec_modulation m)
{
    switch (m) {
    case NFEC_MOD_BPSK:
        return 1;
    case NFEC_MOD_QPSK:
        return 2;
    case NFEC_MOD_8PSK:
        return 3;
    case NFEC_MOD_16QAM:
        return 4;
    case NFEC_MOD_64QAM:
        return 6;
    }
    return 0;
}

nfec_channel* nfec_channel_create(const nfec_code* code, const nfec_channel_config* cfg, nfec_error* err)
{
    if (nfec_modulation_bits(cfg->modulation) == 0 || (cfg->demapper != NFEC_DEMAP_EXACT && cfg->demapper != NFEC_DEMAP_MAXLOG)) {
        nfec_fail(err, NFEC_EINVAL, "channel: modulation %d, demapper %d: not one (bpsk, qpsk, 8psk, 16qam, 64qam; exact or max-log)",
                  (int)cfg->modulation, (int)cfg->demapper);
        return NULL;
    }
    if ((cfg->fading != NFEC_FADING_NONE && cfg->fading != NFEC_FADING_RAYLEIGH_FAST && cfg->fading != NFEC_FADING_RAYLEIGH_BLOCK) ||
        (cfg->fading == NFEC_FADING_RAYLEIGH_BLOCK && (cfg->fading_block < 1 || cfg->fading_block > 1000000)) || (cfg->csi != 0 && cfg->csi != 1)) {
        nfec_fail(err, NFEC_EINVAL, "channel: fading %d (block %d symbols, CSI %d): awgn, rayleigh-fast or rayleigh-block:L with L 1..1000000",
                  (int)cfg->fading, cfg->fading_block, cfg->csi);
        return NULL;
    }
    nfec_channel* ch = calloc(1, sizeof *ch);
    if (!ch) {
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        return NULL;
    }
    ch->code = code;
    ch->cfg = *cfg;
    nfec_constellation_make(&ch->points, cfg->modulation);
    const int n = nfec_code_tx_n(code);
    if (cfg->interleave) {
        /* a fixed order per length, the same for every seed: a transmitter
         * and receiver configured alike agree */
        if (!(ch->order = malloc(sizeof(int) * (size_t)n))) {
            free(ch);
            nfec_fail(err, NFEC_ENOMEM, "out of memory");
            return NULL;
        }
        uint64_t s = 0x1ea7e5ULL ^ (uint64_t)n;
        for (int i = 0; i < n; i++)
            ch->order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            const int j = (int)(splitmix(&s) % (uint64_t)(i + 1)), t = ch->order[i];
            ch->order[i] = ch->order[j];
            ch->order[j] = t;
        }
    }
    if (nfec_channel_set_ebn0(ch, cfg->ebn0_db, err) != NFEC_OK) {
        nfec_channel_destroy(ch);
        return NULL;
    }
    return ch;
}

void nfec_channel_destroy(nfec_channel* ch)
{
    if (!ch)
        return;
    free(ch->order);
    free(ch);
}

nfec_status nfec_channel_set_ebn0(nfec_channel* ch, double ebn0_db, nfec_error* err)
{
    if (ebn0_db != ebn0_db || ebn0_db == -INFINITY)
        return nfec_fail(err, NFEC_EINVAL, "channel: Eb/N0 %g dB is not a number of dB (+inf: noiseless)", ebn0_db);
    const double rate = (double)nfec_code_k(ch->code) / nfec_code_tx_n(ch->code);
    ch->cfg.ebn0_db = ebn0_db;
    /* Es = 1 = R m Eb */
    ch->sigma2 = isinf(ebn0_db) ? 0.0 : 1.0 / (2.0 * rate * ch->points.bits * pow(10.0, ebn0_db / 10.0));
    ch->sigma = sqrt(ch->sigma2);
    return NFEC_OK;
}

double nfec_channel_sigma(const nfec_channel* ch) { return ch->sigma; }

void nfec_channel_frame(const nfec_channel* ch, long step, int index, uint8_t* info, uint8_t* bits, float* llr, float* soft)
{
    const nfec_code* code = ch->code;
    const int n = nfec_code_n(code), k = nfec_code_k(code), tx_n = nfec_code_tx_n(code);
    const int* sent = nfec_code_tx_positions(code);
    uint64_t s = frame_state(ch->cfg.seed, ch->cfg.stream, step, index);
    if (ch->cfg.random_codewords) {
        for (int i = 0; i < k; i++)
            info[i] = (uint8_t)(splitmix(&s) & 1u);
        nfec_code_encode(code, info, bits);
    } else {
        memset(info, 0, (size_t)k);
        memset(bits, 0, (size_t)n);
    }
    /* what is not sent: punctured, nothing known; shortened, known 0 */
    if (llr && tx_n < n)
        nfec_code_tx_expand(code, NULL, 0.0f, llr);
    if (ch->cfg.modulation == NFEC_MOD_BPSK && ch->cfg.fading == NFEC_FADING_NONE && !ch->order) {
        for (int t = 0; t < tx_n; t++) {
            const int v = sent[t];
            const double y = (bits[v] ? -1.0 : 1.0) + (ch->sigma2 > 0.0 ? ch->sigma * gaussian(&s) : 0.0);
            if (llr)
                llr[v] = ch->sigma2 > 0.0 ? (float)(2.0 * y / ch->sigma2) : (float)(y * NFEC_LLR_MAX);
            if (soft)
                soft[t] = (float)-y;
        }
        return;
    }
    const nfec_constellation* c = &ch->points;
    const int m = c->bits, symbols = (tx_n + m - 1) / m;
    double hr = 1.0, hi = 0.0;
    for (int sym = 0; sym < symbols; sym++) {
        /* the symbol's code bits (past the end: 0, not sent) */
        int label = 0, pos[8];
        for (int b = 0; b < m; b++) {
            const int t = sym * m + b;
            pos[b] = t < tx_n ? (ch->order ? ch->order[t] : t) : -1;
            label = (label << 1) | (pos[b] >= 0 ? bits[sent[pos[b]]] : 0);
        }
        if (ch->cfg.fading == NFEC_FADING_RAYLEIGH_FAST || (ch->cfg.fading == NFEC_FADING_RAYLEIGH_BLOCK && sym % ch->cfg.fading_block == 0)) {
            hr = 0.7071067811865476 * gaussian(&s);
            hi = 0.7071067811865476 * gaussian(&s);
        }
        double gr = hr, gi = hi, yr, yi;
        if (m == 1) {
            /* real BPSK: the phase removed, |h| remains */
            gr = sqrt(hr * hr + hi * hi);
            gi = 0.0;
            yr = gr * c->re[label] + (ch->sigma2 > 0.0 ? ch->sigma * gaussian(&s) : 0.0);
            yi = 0.0;
        } else {
            yr = hr * c->re[label] - hi * c->im[label];
            yi = hr * c->im[label] + hi * c->re[label];
            if (ch->sigma2 > 0.0) {
                yr += ch->sigma * gaussian(&s);
                yi += ch->sigma * gaussian(&s);
            }
        }
        if (!ch->cfg.csi) {
            /* the phase only: the gain taken as its mean power, 1 */
            const double a = sqrt(gr * gr + gi * gi);
            gr = a > 0 ? gr / a : 1.0;
            gi = a > 0 ? gi / a : 0.0;
        }
        double l[8];
        if (ch->sigma2 > 0.0)
            nfec_constellation_demap(c, yr, yi, gr, gi, 2.0 * ch->sigma2, ch->cfg.demapper == NFEC_DEMAP_MAXLOG, l);
        for (int b = 0; b < m; b++) {
            if (pos[b] < 0)
                continue;
            const double v = ch->sigma2 > 0.0 ? l[b] : (label >> (m - 1 - b) & 1 ? -NFEC_LLR_MAX : NFEC_LLR_MAX);
            /* the decoders' range for LLRs; soft values keep the channel's scale */
            if (llr)
                llr[sent[pos[b]]] = (float)(v > NFEC_LLR_MAX ? NFEC_LLR_MAX : (v < -NFEC_LLR_MAX ? -NFEC_LLR_MAX : v));
            if (soft)
                soft[pos[b]] = (float)(ch->sigma2 > 0.0 ? -v * ch->sigma2 / 2.0 : -v / NFEC_LLR_MAX);
        }
    }
}
