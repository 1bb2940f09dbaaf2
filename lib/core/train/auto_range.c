/* Where a code's starting decoder has something to learn: the Eb/N0 range
 * over which its BER falls from about 3e-2 to 3e-4, and validation points at
 * BER about 1e-2, 1e-3 and 1e-4, from a scan on the training stream. The
 * decoder is the student's rule, schedule and iterations with the best of a
 * few normalizations at each point, as the normalization scan will start it
 * (plain min-sum on a BCH code is 2 dB worse). A fixed 1-6 dB is all noise
 * for a long code and all clean frames for a weak one. */
#include "util/internal.h"
#include "train/train_internal.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_train.h>
#include <math.h>
#include <stdlib.h>

/* -2 .. 12 dB in half-dB steps; 1024 frames a point, 4096 where errors are
 * few; the scan ends at a point with fewer than 20 bit errors */
enum { SCAN_FRAMES = 1024, TAIL_FRAMES = 4096, SCAN_POINTS = 29, MIN_ERRORS = 20 };
static const float alphas[] = { 0.25f, 0.5f, 0.75f, 1.0f };
enum { ALPHAS = sizeof alphas / sizeof alphas[0] };

/* The Eb/N0 where the scanned log BER crosses log(target), linear between
 * grid points; past the last point with errors, extrapolated along the last
 * two (the waterfall's slope), at most 1 dB. */
static double crossing(const double* x, const double* lb, int count, double target)
{
    const double lt = log(target);
    for (int i = 1; i < count; i++)
        if (lb[i - 1] >= lt && lb[i] <= lt)
            return x[i - 1] + (x[i] - x[i - 1]) * (lb[i - 1] - lt) / (lb[i - 1] - lb[i]);
    if (lb[0] < lt)
        return x[0];
    double past = 1.0;
    if (count >= 2 && lb[count - 1] < lb[count - 2])
        past = fmin(past, (x[count - 1] - x[count - 2]) * (lb[count - 1] - lt) / (lb[count - 2] - lb[count - 1]));
    return x[count - 1] + past;
}

nfec_status nfec_train_auto_ebn0(const nfec_code* code, const nfec_train_config* cfg, double* lo, double* hi, double val[3], nfec_error* err)
{
    const int n = nfec_code_n(code), k = nfec_code_k(code);
    nfec_decoder* dec[ALPHAS] = { NULL };
    for (int a = 0; a < ALPHAS; a++) {
        nfec_weights* w = nfec_weights_create_scalar(code, cfg->student_iterations, alphas[a], 0.0f, err);
        if (w && nfec_weights_set_update_rule(w, cfg->rule, err) == NFEC_OK && nfec_weights_set_schedule(w, cfg->schedule, err) == NFEC_OK)
            dec[a] = nfec_decoder_create(code, w, 0, 1, err);
        nfec_weights_destroy(w);
        if (dec[a] && cfg->osd_order > 0 && nfec_decoder_set_osd(dec[a], cfg->osd_order, NFEC_OSD_BY_SUM, err) != NFEC_OK) {
            nfec_decoder_destroy(dec[a]);
            dec[a] = NULL;
        }
        if (!dec[a]) {
            for (int b = 0; b < a; b++)
                nfec_decoder_destroy(dec[b]);
            return err ? err->status : NFEC_EINVAL;
        }
    }
    nfec_channel_config cc;
    nfec_train_channel(cfg, NFEC_STREAM_TRAIN, &cc);
    cc.random_codewords = 1;
    cc.ebn0_db = 0.0; /* set per point below */
    nfec_channel* ch = nfec_channel_create(code, &cc, err);
    float* llr = malloc(sizeof(float) * (size_t)n * SCAN_FRAMES);
    uint8_t* bits = malloc((size_t)n * SCAN_FRAMES);
    uint8_t* sent = malloc((size_t)n * SCAN_FRAMES);
    long errors[ALPHAS];
    uint8_t* info = malloc((size_t)k * SCAN_FRAMES);
    uint8_t* got = malloc((size_t)k);
    double x[SCAN_POINTS], lb[SCAN_POINTS];
    int count = 0;
    nfec_status st = NFEC_OK;
    if (!ch || !llr || !bits || !sent || !info || !got)
        st = ch ? nfec_fail(err, NFEC_ENOMEM, "out of memory for the Eb/N0 scan") : (err ? err->status : NFEC_EINVAL);
    for (int p = 0; st == NFEC_OK && p < SCAN_POINTS; p++) {
        x[count] = -2.0 + 0.5 * p;
        nfec_channel_set_ebn0(ch, x[count], NULL);
        long frames = 0, best = 0;
        for (int a = 0; a < ALPHAS; a++)
            errors[a] = 0;
        /* a step of the training stream no batch uses (batches count from 0) */
        while (frames < TAIL_FRAMES && (frames == 0 || best < 100)) {
            for (int f = 0; f < SCAN_FRAMES; f++)
                nfec_channel_frame(ch, -1 - p, (int)frames + f, info + (size_t)f * k, sent + (size_t)f * n, llr + (size_t)f * n, NULL);
            for (int a = 0; a < ALPHAS; a++) {
                nfec_decoder_decode(dec[a], llr, 1.0f, SCAN_FRAMES, bits, NULL, NULL);
                for (int f = 0; f < SCAN_FRAMES; f++) {
                    nfec_code_extract_info(code, bits + (size_t)f * n, got);
                    for (int b = 0; b < k; b++)
                        errors[a] += got[b] != info[(size_t)f * k + b];
                }
            }
            frames += SCAN_FRAMES;
            best = errors[0];
            for (int a = 1; a < ALPHAS; a++)
                best = errors[a] < best ? errors[a] : best;
        }
        if (best < MIN_ERRORS) /* too few to place the point: the scan ends */
            break;
        lb[count++] = log((double)best / ((double)k * frames));
    }
    if (st == NFEC_OK && count < 2)
        st = nfec_fail(err, NFEC_EINVAL, "the Eb/N0 scan found errors at %d of its points (-2..12 dB): give --ebn0 and --val-ebn0", count);
    if (st == NFEC_OK) {
        /* quarter-dB points, so that runs and reports read plainly */
        *lo = floor(4.0 * crossing(x, lb, count, 3e-2)) / 4.0;
        *hi = ceil(4.0 * crossing(x, lb, count, 3e-4)) / 4.0;
        const double targets[3] = { 1e-2, 1e-3, 1e-4 };
        for (int i = 0; i < 3; i++)
            val[i] = round(4.0 * crossing(x, lb, count, targets[i])) / 4.0;
        if (*hi <= *lo)
            *hi = *lo + 0.25;
    }
    free(llr);
    free(bits);
    free(sent);
    free(info);
    free(got);
    nfec_channel_destroy(ch);
    for (int a = 0; a < ALPHAS; a++)
        nfec_decoder_destroy(dec[a]);
    return st;
}
