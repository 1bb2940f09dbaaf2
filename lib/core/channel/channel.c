/* BPSK over AWGN, from a counter-based generator: every frame is a pure
 * function of (seed, stream, step, index), whatever thread draws it and in
 * whatever order, so training is reproducible and resumable. */
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_train.h>
#include <math.h>
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

void nfec_awgn_frame(const nfec_code* code, uint64_t seed, int stream, long step, int index, double ebn0_db, int random_cw,
                     uint8_t* info, uint8_t* bits, float* llr)
{
    const int n = nfec_code_n(code), k = nfec_code_k(code);
    uint64_t s = frame_state(seed, stream, step, index);
    const double rate = (double)k / n;
    const double sigma2 = 1.0 / (2.0 * rate * pow(10.0, ebn0_db / 10.0));
    const double sigma = sqrt(sigma2);
    if (random_cw) {
        for (int i = 0; i < k; i++)
            info[i] = (uint8_t)(splitmix(&s) & 1u);
        nfec_code_encode(code, info, bits);
    } else {
        memset(info, 0, (size_t)k);
        memset(bits, 0, (size_t)n);
    }
    for (int v = 0; v < n; v++) {
        const double y = (bits[v] ? -1.0 : 1.0) + sigma * gaussian(&s);
        llr[v] = (float)(2.0 * y / sigma2);
    }
}

