/* Training the neural min-sum student: batches, losses, Adam, threads,
 * validation and checkpoints. Forward passes are the decoder's own
 * (nfec_decoder_trace); gradients come from backward.c. */
#define _POSIX_C_SOURCE 200809L
#include "util/internal.h"
#include "train/train_internal.h"
#include <gnuradio/neuralfec/nfec_train.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double batch_ebn0(const nfec_train_config* c, int i)
{
    return c->batch > 1 ? c->ebn0_lo + (c->ebn0_hi - c->ebn0_lo) * i / (c->batch - 1) : c->ebn0_lo;
}

/* Recorded data: the frames before the held-out ones train. */
static long train_frames(const nfec_train_config* c)
{
    const long frames = nfec_recording_frames(c->data);
    return frames - (long)(c->data_validation * (double)frames);
}

/* Recorded frame i as the channel would give it: sent bits, their
 * information bits, LLRs. */
static void recorded_frame(const nfec_code* code, const nfec_train_config* c, long i, uint8_t* info, uint8_t* bits, float* llr)
{
    nfec_recording_frame(c->data, i, llr, bits);
    nfec_code_extract_info(code, bits, info);
    for (int v = 0; v < nfec_code_n(code); v++)
        llr[v] = (float)(-c->data_scale * llr[v]);
}

/* ---- workers ---- */

typedef struct {
    nfec_trainer* tr;
    int f0, f1;
    long step;
    nfec_decoder *student, *teacher;
    nfec_channel* channel; /* the training stream; Eb/N0 set per frame */
    float *llr, *gout, *gc2v, *gv2c, *work;
    uint8_t *info, *bits;
    nfec_trace ts, tt;
    double* acc[NFEC_FAMILIES];
    nfec_ranked* ranked; /* L_osd's scratch, n each */
    double* gmag;
    double ce, kd, sparse, osd, ber;
} worker;

struct nfec_trainer {
    const nfec_code* code;
    nfec_train_config cfg;
    char* teacher_file;
    nfec_weights* w;          /* the student's parameters, structured */
    nfec_weights* teacher_w;  /* the file's, or scalar: teacher_alpha on the teacher's rule and schedule */
    int np, off[NFEC_FAMILIES + 1];
    float* p;                 /* parameters, flat */
    float* best;              /* best parameters by validation */
    double best_score;
    double start_score; /* the first offer's: the starting weights' */
    long best_step;     /* the step of the best weights; 0: the start */
    double *m, *v, *grad;
    long step;
    int t0;
    worker* workers;
    nfec_decoder* val_dec;
    float* val_llr;
    uint8_t* val_info;
    char* settings; /* nfec_train_settings: what a checkpoint must match */
    int* tie;       /* NFEC_SHARING_CHECK_DEGREE: each edge's class (sharing.c); else NULL */
};

static void* xcalloc(size_t count, size_t size) { return calloc(count ? count : 1, size); }

static double pow_abs(double x, double p) { return p == 1.0 ? fabs(x) : p == 2.0 ? x * x : pow(fabs(x), p); }
/* d/dx |x|^p */
static double dpow_abs(double x, double p)
{
    if (p == 1.0)
        return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
    if (p == 2.0)
        return 2.0 * x;
    return p * pow(fabs(x), p - 1.0) * (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0));
}

/* The loss weight of L_kd at a step: constant, or annealed to 0. */
static double kd_lambda(const nfec_train_config* c, long step)
{
    if (c->kd_anneal <= 0)
        return c->lambda_kd;
    const double f = 1.0 - (double)step / (double)c->kd_anneal;
    return f > 0 ? c->lambda_kd * f : 0.0;
}

static int teacher_iteration(const nfec_trainer* tr, int t)
{
    const nfec_train_config* c = &tr->cfg;
    switch (c->kd_map) {
    case NFEC_MAP_PROPORTIONAL:
        return (t + 1) * c->teacher_iterations / c->student_iterations - 1;
    case NFEC_MAP_LAST:
        return c->teacher_iterations - 1;
    default:
        return t + tr->t0;
    }
}

/* sum over i of the L_kd summand for student a[i] and teacher b[i]; adds
 * gscale * its derivative in a[i] to g[i]. */
static double kd_term(const nfec_train_config* c, const float* a, const float* b, int len, float* g, double gscale)
{
    double sum = 0.0;
    if (c->kd_form == NFEC_KD_SOFT) {
        const double tau = c->kd_temperature;
        for (int i = 0; i < len; i++) {
            const double z = a[i] / tau, q = nfec_sigmoid(b[i] / tau);
            /* BCE minus the target's entropy: zero when a = b. */
            const double zb = b[i] / tau;
            sum += tau * tau * ((nfec_softplus(z) - q * z) - (nfec_softplus(zb) - q * zb));
            g[i] += (float)(gscale * tau * (nfec_sigmoid(z) - q));
        }
        return sum;
    }
    double denom = 1.0;
    if (c->kd_form == NFEC_KD_RELATIVE) {
        denom = 0.0;
        for (int i = 0; i < len; i++)
            denom += pow_abs(b[i], c->p_kd);
        denom = denom / len + 1e-12;
    }
    for (int i = 0; i < len; i++) {
        const double d = (double)a[i] - b[i];
        sum += pow_abs(d, c->p_kd) / denom;
        g[i] += (float)(gscale * dpow_abs(d, c->p_kd) / denom);
    }
    return sum;
}

/* The L_sparse summand of one message m; adds gscale * its derivative to *g. */
static double sparse_term(const nfec_train_config* c, float m, float* g, double gscale)
{
    if (!c->sparse_tanh) {
        *g += (float)(gscale * dpow_abs(m, c->p_sparse));
        return pow_abs(m, c->p_sparse);
    }
    const double th = tanh(0.5 * (double)m);
    *g += (float)(gscale * dpow_abs(th, c->p_sparse) * 0.5 * (1.0 - th * th));
    return pow_abs(th, c->p_sparse);
}

/* Whether the traced student's last iteration decides any bit wrongly. */
static int student_wrong(const worker* wk, int n, int T)
{
    const float* out = wk->ts.out + (size_t)(T - 1) * n;
    for (int v = 0; v < n; v++)
        if ((out[v] < 0.0f) != (wk->bits[v] != 0))
            return 1;
    return 0;
}

/* Loss of one frame and its gradients on the traced values. */
static void frame_loss(worker* wk)
{
    nfec_trainer* tr = wk->tr;
    const nfec_train_config* c = &tr->cfg;
    const int n = nfec_code_n(tr->code), E = nfec_code_edges(tr->code), T = c->student_iterations;
    const double B = c->batch;
    memset(wk->gout, 0, (size_t)T * n * sizeof(float));
    memset(wk->gc2v, 0, (size_t)T * E * sizeof(float));
    memset(wk->gv2c, 0, (size_t)T * E * sizeof(float));
    if (c->use_ce) {
        const int t_first = c->multiloss ? 0 : T - 1;
        const double scale = 1.0 / (B * n * (T - t_first));
        for (int t = t_first; t < T; t++)
            for (int v = 0; v < n; v++) {
                /* P(bit 1) = sigmoid(-s): a sent 1 costs softplus(s), a 0 softplus(-s). */
                const double s = wk->ts.out[(size_t)t * n + v];
                if (wk->bits[v]) {
                    wk->ce += scale * nfec_softplus(s);
                    wk->gout[(size_t)t * n + v] += (float)(scale * nfec_sigmoid(s));
                } else {
                    wk->ce += scale * nfec_softplus(-s);
                    wk->gout[(size_t)t * n + v] -= (float)(scale * nfec_sigmoid(-s));
                }
            }
    }
    if (c->use_kd && kd_lambda(c, wk->step) > 0.0) {
        const int on_messages = c->kd_target == NFEC_KD_MESSAGES;
        const int len = on_messages ? E : n;
        const double scale = 1.0 / (B * T * len);
        const double lambda = kd_lambda(c, wk->step);
        for (int t = 0; t < T; t++) {
            const int tt = teacher_iteration(tr, t);
            if (tt < 0 || tt >= c->teacher_iterations)
                continue;
            const float* a = on_messages ? wk->ts.c2v + (size_t)t * E : wk->ts.out + (size_t)t * n;
            const float* b = on_messages ? wk->tt.c2v + (size_t)tt * E : wk->tt.out + (size_t)tt * n;
            float* g = on_messages ? wk->gc2v + (size_t)t * E : wk->gout + (size_t)t * n;
            wk->kd += scale * kd_term(c, a, b, len, g, lambda * scale);
        }
    }
    if (c->use_sparse) {
        const double scale = 1.0 / (B * T * 2.0 * E);
        for (size_t i = 0; i < (size_t)T * E; i++) {
            wk->sparse += scale * (sparse_term(c, wk->ts.c2v[i], &wk->gc2v[i], c->gamma_sparse * scale) +
                                   sparse_term(c, wk->ts.v2c[i], &wk->gv2c[i], c->gamma_sparse * scale));
        }
    }
    const size_t last = (size_t)(T - 1) * n; /* the last iteration's soft outputs, what the decoder decides */
    if (c->use_ber) {
        const double tau = c->ber_temperature, scale = 1.0 / (B * n);
        for (int v = 0; v < n; v++) {
            const double sgn = wk->bits[v] ? -1.0 : 1.0; /* r = sgn * out: positive when right */
            const double p = nfec_sigmoid(-sgn * wk->ts.out[last + v] / tau);
            wk->ber += scale * p;
            wk->gout[last + v] -= (float)(scale * sgn * p * (1.0 - p) / tau);
        }
    }
    if (c->use_osd && student_wrong(wk, n, T))
        wk->osd += nfec_osd_loss(wk->llr, wk->ts.out + last, wk->bits, n, nfec_code_k(tr->code), c->osd_order, c->osd_temperature,
                                 c->osd_weight / B, wk->gout + last, wk->ranked, wk->gmag) / B;
}

static void* run_worker(void* arg)
{
    worker* wk = arg;
    nfec_trainer* tr = wk->tr;
    const nfec_train_config* c = &tr->cfg;
    const int hard = (int)(c->hard_frames * c->batch), n = nfec_code_n(tr->code);
    for (int i = wk->f0; i < wk->f1; i++) {
        if (c->data)
            recorded_frame(tr->code, c, (wk->step * c->batch + i) % train_frames(c), wk->info, wk->bits, wk->llr);
        else {
            nfec_channel_set_ebn0(wk->channel, batch_ebn0(c, i), NULL); /* checked with the range */
            nfec_channel_frame(wk->channel, wk->step, i, wk->info, wk->bits, wk->llr, NULL);
        }
        nfec_decoder_trace(wk->student, wk->llr, &wk->ts);
        /* hard-frame emphasis: the slot's frame replaced by further frames of
         * the stream (indices past the batch's, the same for any threads)
         * until the student's last iteration gets one wrong */
        for (int t = 0; i < hard && t < NFEC_HARD_TRIES && !student_wrong(wk, n, c->student_iterations); t++) {
            nfec_channel_frame(wk->channel, wk->step, c->batch + i * NFEC_HARD_TRIES + t, wk->info, wk->bits, wk->llr, NULL);
            nfec_decoder_trace(wk->student, wk->llr, &wk->ts);
        }
        /* Once an annealed lambda reaches 0 the teacher has nothing to say. */
        if (c->use_kd && kd_lambda(c, wk->step) > 0.0)
            nfec_decoder_trace(wk->teacher, wk->llr, &wk->tt);
        frame_loss(wk);
        nfec_backward(wk->student, tr->code, wk->llr, &wk->ts, wk->gout, wk->gc2v, wk->gv2c, wk->acc, wk->work);
    }
    return NULL;
}

static void free_worker(worker* wk)
{
    nfec_decoder_destroy(wk->student);
    nfec_decoder_destroy(wk->teacher);
    nfec_channel_destroy(wk->channel);
    free(wk->llr);
    free(wk->gout);
    free(wk->gc2v);
    free(wk->gv2c);
    free(wk->work);
    free(wk->info);
    free(wk->bits);
    free(wk->ranked);
    free(wk->gmag);
    free(wk->ts.v2c);
    free(wk->ts.c2v);
    free(wk->ts.out);
    free(wk->tt.v2c);
    free(wk->tt.c2v);
    free(wk->tt.out);
    for (int f = 0; f < NFEC_FAMILIES; f++)
        free(wk->acc[f]);
}

void nfec_trainer_destroy(nfec_trainer* t)
{
    if (!t)
        return;
    if (t->workers)
        for (int i = 0; i < t->cfg.threads; i++)
            free_worker(&t->workers[i]);
    free(t->workers);
    nfec_weights_destroy(t->w);
    nfec_weights_destroy(t->teacher_w);
    nfec_decoder_destroy(t->val_dec);
    free(t->teacher_file);
    free(t->settings);
    free(t->tie);
    free(t->p);
    free(t->best);
    free(t->m);
    free(t->v);
    free(t->grad);
    free(t->val_llr);
    free(t->val_info);
    free(t);
}

/* Copies the flat parameters into the structured weights and every decoder. */
static void sync_params(nfec_trainer* t)
{
    for (int f = 0; f < NFEC_FAMILIES; f++)
        memcpy(nfec_weights_data(t->w, (nfec_family)f), t->p + t->off[f], (size_t)(t->off[f + 1] - t->off[f]) * sizeof(float));
    for (int i = 0; i < t->cfg.threads; i++)
        nfec_decoder_set_weights(t->workers[i].student, t->w, NULL);
    nfec_decoder_set_weights(t->val_dec, t->w, NULL);
}

static nfec_status init_worker(nfec_trainer* t, worker* wk, nfec_error* err)
{
    const nfec_train_config* c = &t->cfg;
    const size_t n = (size_t)nfec_code_n(t->code), E = (size_t)nfec_code_edges(t->code);
    const size_t Ts = (size_t)c->student_iterations, Tt = (size_t)c->teacher_iterations;
    wk->tr = t;
    nfec_channel_config cc;
    nfec_train_channel(c, NFEC_STREAM_TRAIN, &cc);
    if (!(wk->channel = nfec_channel_create(t->code, &cc, err)))
        return err ? err->status : NFEC_EINVAL;
    wk->student = nfec_decoder_create(t->code, t->w, 0, 0, err);
    if (!wk->student)
        return err ? err->status : NFEC_EINVAL;
    if (c->use_kd) {
        wk->teacher = nfec_decoder_create(t->code, t->teacher_w, 0, 0, err);
        if (!wk->teacher || nfec_decoder_set_damping(wk->teacher, c->teacher_damping, err) != NFEC_OK)
            return err ? err->status : NFEC_EINVAL;
    }
    wk->llr = xcalloc(n, sizeof(float));
    wk->gout = xcalloc(Ts * n, sizeof(float));
    wk->gc2v = xcalloc(Ts * E, sizeof(float));
    wk->gv2c = xcalloc(Ts * E, sizeof(float));
    wk->work = xcalloc(8 * (size_t)E + 2 * n, sizeof(float));
    wk->info = xcalloc(n, 1);
    wk->bits = xcalloc(n, 1);
    if (c->use_osd) {
        wk->ranked = xcalloc(n, sizeof *wk->ranked);
        wk->gmag = xcalloc(n, sizeof *wk->gmag);
        if (!wk->ranked || !wk->gmag)
            return nfec_fail(err, NFEC_ENOMEM, "out of memory for the osd term");
    }
    wk->ts.v2c = xcalloc(Ts * E, sizeof(float));
    wk->ts.c2v = xcalloc(Ts * E, sizeof(float));
    wk->ts.out = xcalloc(Ts * n, sizeof(float));
    if (c->use_kd) {
        wk->tt.v2c = xcalloc(Tt * E, sizeof(float));
        wk->tt.c2v = xcalloc(Tt * E, sizeof(float));
        wk->tt.out = xcalloc(Tt * n, sizeof(float));
        if (!wk->tt.v2c || !wk->tt.c2v || !wk->tt.out)
            return nfec_fail(err, NFEC_ENOMEM, "out of memory for the teacher's trace");
    }
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        wk->acc[f] = xcalloc(Ts * (size_t)nfec_weights_family_length(t->w, (nfec_family)f), sizeof(double));
        if (!wk->acc[f])
            return nfec_fail(err, NFEC_ENOMEM, "out of memory for gradients");
    }
    if (!wk->llr || !wk->gout || !wk->gc2v || !wk->gv2c || !wk->work || !wk->info || !wk->bits || !wk->ts.v2c || !wk->ts.c2v || !wk->ts.out)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory for a training worker");
    return NFEC_OK;
}

nfec_trainer* nfec_trainer_create(const nfec_code* code, const nfec_train_config* cfg, const nfec_weights* init, nfec_error* err)
{
    if (nfec_train_config_check(cfg, err) != NFEC_OK)
        return NULL;
    nfec_trainer* t = xcalloc(1, sizeof *t);
    if (!t) {
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        return NULL;
    }
    t->code = code;
    t->cfg = *cfg;
    t->cfg.teacher_file = NULL;
    t->best_score = t->start_score = INFINITY;
    const size_t n = (size_t)nfec_code_n(code);
    if (cfg->teacher_file) {
        t->teacher_file = malloc(strlen(cfg->teacher_file) + 1);
        if (t->teacher_file)
            strcpy(t->teacher_file, cfg->teacher_file);
        t->teacher_w = nfec_weights_load(cfg->teacher_file, err);
        if (!t->teacher_w || nfec_weights_match_code(t->teacher_w, code, err) != NFEC_OK)
            goto fail;
        t->cfg.teacher_iterations = nfec_weights_iterations(t->teacher_w);
    } else {
        /* scalar weights (none, alpha 1, is plain) carry the rule and schedule */
        t->teacher_w = nfec_weights_create_scalar(code, cfg->teacher_iterations, cfg->teacher_alpha, 0.0f, err);
        if (!t->teacher_w || nfec_weights_set_update_rule(t->teacher_w, cfg->teacher_rule, err) != NFEC_OK ||
            nfec_weights_set_schedule(t->teacher_w, cfg->teacher_schedule, err) != NFEC_OK)
            goto fail;
    }
    /* the default offset from the teacher's real length (a teacher file's) */
    t->t0 = cfg->t0 >= 0 ? cfg->t0 : t->cfg.teacher_iterations - cfg->student_iterations;
    if (t->t0 < 0)
        t->t0 = 0;
    if (cfg->use_kd && cfg->kd_map == NFEC_MAP_OFFSET && t->t0 + cfg->student_iterations > t->cfg.teacher_iterations) {
        nfec_fail(err, NFEC_EINVAL, "t0 %d: student iteration %d would imitate teacher iteration %d, but the teacher runs %d (t0 at most %d)", t->t0,
                  cfg->student_iterations - 1, cfg->student_iterations - 1 + t->t0, t->cfg.teacher_iterations,
                  t->cfg.teacher_iterations - cfg->student_iterations);
        goto fail;
    }
    if (init && cfg->sharing != NFEC_SHARING_EDGE_ITERATION) {
        nfec_fail(err, NFEC_EINVAL, "sharing %s is for a fresh student: initial weights keep their file's sharing", nfec_train_sharing_name(cfg->sharing));
        goto fail;
    }
    if (!init && cfg->sharing == NFEC_SHARING_CHECK_DEGREE) {
        t->tie = xcalloc((size_t)nfec_code_edges(code), sizeof(int));
        if (!t->tie || nfec_ties_by_check_degree(code, t->tie) < 0) {
            nfec_fail(err, NFEC_EINVAL, "sharing check-degree: %s", t->tie ? "the code has more than 64 check degrees" : "out of memory");
            goto fail;
        }
    }
    if (init) {
        if (nfec_weights_match_code(init, code, err) != NFEC_OK)
            goto fail;
        if (nfec_weights_iterations(init) != cfg->student_iterations) {
            nfec_fail(err, NFEC_EINVAL, "initial weights have %d iterations, the student %d", nfec_weights_iterations(init), cfg->student_iterations);
            goto fail;
        }
        t->w = nfec_weights_clone(init, err);
    } else {
        const int flags = nfec_sharing_flags(cfg->sharing);
        int sharing[NFEC_FAMILIES] = { NFEC_SHARE_ABSENT, flags, cfg->offsets ? flags : NFEC_SHARE_ABSENT, NFEC_SHARE_ABSENT };
        t->w = nfec_weights_create(code, cfg->student_iterations, sharing, err);
        for (int i = 0; t->w && i < nfec_weights_count(t->w, NFEC_W_CV); i++)
            nfec_weights_data(t->w, NFEC_W_CV)[i] = cfg->init_alpha;
    }
    if (!t->w || nfec_weights_set_update_rule(t->w, cfg->rule, err) != NFEC_OK || nfec_weights_set_schedule(t->w, cfg->schedule, err) != NFEC_OK)
        goto fail;
    t->off[0] = 0;
    for (int f = 0; f < NFEC_FAMILIES; f++)
        t->off[f + 1] = t->off[f] + nfec_weights_count(t->w, (nfec_family)f);
    t->np = t->off[NFEC_FAMILIES];
    t->p = xcalloc((size_t)t->np, sizeof(float));
    t->best = xcalloc((size_t)t->np, sizeof(float));
    t->m = xcalloc((size_t)t->np, sizeof(double));
    t->v = xcalloc((size_t)t->np, sizeof(double));
    t->grad = xcalloc((size_t)t->np, sizeof(double));
    t->workers = xcalloc((size_t)cfg->threads, sizeof(worker));
    if (!t->p || !t->best || !t->m || !t->v || !t->grad || !t->workers) {
        nfec_fail(err, NFEC_ENOMEM, "out of memory");
        goto fail;
    }
    for (int f = 0; f < NFEC_FAMILIES; f++)
        memcpy(t->p + t->off[f], nfec_weights_data(t->w, (nfec_family)f), (size_t)(t->off[f + 1] - t->off[f]) * sizeof(float));
    memcpy(t->best, t->p, (size_t)t->np * sizeof(float));
    for (int i = 0; i < cfg->threads; i++)
        if (init_worker(t, &t->workers[i], err) != NFEC_OK)
            goto fail;
    t->val_dec = nfec_decoder_create(code, t->w, 0, 1, err); /* early stop on: the decoder as deployed */
    if (!t->val_dec || (cfg->osd_order > 0 && nfec_decoder_set_osd(t->val_dec, cfg->osd_order, NFEC_OSD_BY_SUM, err) != NFEC_OK))
        goto fail;
    {
        const size_t k = (size_t)nfec_code_k(code), frames = (size_t)cfg->val_count * (size_t)cfg->val_frames;
        uint8_t* bits = xcalloc(n, 1);
        t->val_llr = xcalloc(frames * n, sizeof(float));
        t->val_info = xcalloc(frames * k, 1);
        if (!bits || !t->val_llr || !t->val_info) {
            free(bits);
            nfec_fail(err, NFEC_ENOMEM, "out of memory for validation frames");
            goto fail;
        }
        nfec_channel_config cc;
        nfec_train_channel(cfg, NFEC_STREAM_VALIDATION, &cc);
        cc.ebn0_db = 0.0; /* set per point below */
        nfec_channel* ch = nfec_channel_create(code, &cc, err);
        int ok = ch != NULL;
        for (int s = 0; ok && s < cfg->val_count; s++) {
            ok = cfg->data || nfec_channel_set_ebn0(ch, cfg->val_ebn0[s], err) == NFEC_OK;
            for (int i = 0; ok && i < cfg->val_frames; i++) {
                const size_t f = (size_t)s * cfg->val_frames + (size_t)i;
                if (cfg->data)
                    recorded_frame(code, cfg, train_frames(cfg) + i, t->val_info + f * k, bits, t->val_llr + f * n);
                else
                    nfec_channel_frame(ch, s, i, t->val_info + f * k, bits, t->val_llr + f * n, NULL);
            }
        }
        nfec_channel_destroy(ch);
        free(bits);
        if (!ok)
            goto fail;
    }
    if (nfec_train_settings(code, &t->cfg, t->teacher_file, t->t0, &t->settings, err) != NFEC_OK)
        goto fail;
    return t;
fail:
    nfec_trainer_destroy(t);
    return NULL;
}

/* L's total from its terms at a step, and the gradient's norm. */
static void loss_total(const nfec_trainer* t, long step, nfec_train_losses* L, const double* grad)
{
    const nfec_train_config* c = &t->cfg;
    L->total = (c->use_ce ? L->ce : 0.0) + (c->use_kd ? kd_lambda(c, step) * L->kd : 0.0) + (c->use_sparse ? c->gamma_sparse * L->sparse : 0.0) +
               (c->use_osd ? c->osd_weight * L->osd : 0.0) + (c->use_ber ? L->ber : 0.0);
    double norm = 0.0;
    for (int i = 0; i < t->np; i++)
        norm += grad[i] * grad[i];
    L->grad_norm = sqrt(norm);
}

nfec_status nfec_trainer_loss_grad(nfec_trainer* t, long step, nfec_train_losses* L, double* grad, nfec_error* err)
{
    (void)err; /* nothing here can fail once the trainer exists */
    sync_params(t);
    const int threads = t->cfg.threads, B = t->cfg.batch;
    /* the shard's frames of the batch, split over the threads */
    const long s0 = (long)B * t->cfg.shard / t->cfg.shards, s1 = (long)B * (t->cfg.shard + 1) / t->cfg.shards;
    for (int i = 0; i < threads; i++) {
        worker* wk = &t->workers[i];
        wk->f0 = (int)(s0 + (s1 - s0) * i / threads);
        wk->f1 = (int)(s0 + (s1 - s0) * (i + 1) / threads);
        wk->step = step;
        wk->ce = wk->kd = wk->sparse = wk->osd = wk->ber = 0.0;
        for (int f = 0; f < NFEC_FAMILIES; f++)
            memset(wk->acc[f], 0, (size_t)t->cfg.student_iterations * nfec_weights_family_length(t->w, (nfec_family)f) * sizeof(double));
    }
    pthread_t ids[256];
    int started = 0;
    for (int i = 1; i < threads; i++)
        if (pthread_create(&ids[i], NULL, run_worker, &t->workers[i]) == 0)
            started = i;
        else
            break;
    /* Any thread that could not start runs here, after ours: same results. */
    run_worker(&t->workers[0]);
    for (int i = started + 1; i < threads; i++)
        run_worker(&t->workers[i]);
    for (int i = 1; i <= started; i++)
        pthread_join(ids[i], NULL);

    memset(grad, 0, (size_t)t->np * sizeof(double));
    nfec_train_losses sum = { 0 };
    const int T = t->cfg.student_iterations;
    for (int i = 0; i < threads; i++) {
        worker* wk = &t->workers[i];
        sum.ce += wk->ce;
        sum.kd += wk->kd;
        sum.sparse += wk->sparse;
        sum.osd += wk->osd;
        sum.ber += wk->ber;
        for (int f = 0; f < NFEC_FAMILIES; f++) {
            const int sh = nfec_weights_sharing(t->w, (nfec_family)f);
            if (sh < 0)
                continue;
            const int len = nfec_weights_family_length(t->w, (nfec_family)f);
            double* g = grad + t->off[f];
            for (int it = 0; it < T; it++)
                for (int j = 0; j < len; j++)
                    g[((sh & NFEC_PER_ITERATION) ? it : 0) * ((sh & NFEC_PER_ELEMENT) ? len : 1) + ((sh & NFEC_PER_ELEMENT) ? j : 0)] +=
                        wk->acc[f][(size_t)it * len + j];
        }
    }
    if (t->tie) {
        const int E = nfec_code_edges(t->code);
        nfec_ties_apply(t->tie, E, T, grad + t->off[NFEC_W_CV]);
        if (nfec_weights_sharing(t->w, NFEC_B_CV) >= 0)
            nfec_ties_apply(t->tie, E, T, grad + t->off[NFEC_B_CV]);
    }
    loss_total(t, step, &sum, grad);
    if (L)
        *L = sum;
    return NFEC_OK;
}

nfec_status nfec_trainer_step(nfec_trainer* t, nfec_train_losses* L, nfec_error* err)
{
    nfec_train_losses losses;
    nfec_status st = nfec_trainer_loss_grad(t, t->step, &losses, t->grad, err);
    if (st == NFEC_OK)
        st = nfec_trainer_apply_gradient(t, t->grad, &losses, err);
    if (st == NFEC_OK && L)
        *L = losses;
    return st;
}

nfec_status nfec_trainer_apply_gradient(nfec_trainer* t, const double* grad, nfec_train_losses* losses, nfec_error* err)
{
    loss_total(t, t->step, losses, grad);
    if (!isfinite(losses->total) || !isfinite(losses->grad_norm))
        return nfec_fail(err, NFEC_EINVAL, "step %ld: the loss or its gradient is not finite (loss %g, gradient norm %g); lower the learning rate",
                         t->step, losses->total, losses->grad_norm);
    const nfec_train_config* c = &t->cfg;
    const double scale = (c->clip > 0 && losses->grad_norm > c->clip) ? c->clip / losses->grad_norm : 1.0;
    t->step++;
    const double bc1 = 1.0 - pow(c->beta1, (double)t->step), bc2 = 1.0 - pow(c->beta2, (double)t->step);
    double lr = c->lr;
    if (c->lr_cosine && c->total_steps > 0)
        lr *= t->step >= c->total_steps ? 0.0 : 0.5 * (1.0 + cos(3.141592653589793 * (double)(t->step - 1) / (double)c->total_steps));
    /* warm-up: Adam's first steps are full-size whatever the gradient's scale */
    if (c->lr_warmup > 0 && t->step <= c->lr_warmup)
        lr *= (double)t->step / (double)c->lr_warmup;
    for (int i = 0; i < t->np; i++) {
        const double g = grad[i] * scale;
        t->m[i] = c->beta1 * t->m[i] + (1.0 - c->beta1) * g;
        t->v[i] = c->beta2 * t->v[i] + (1.0 - c->beta2) * g * g;
        t->p[i] -= (float)(lr * (t->m[i] / bc1) / (sqrt(t->v[i] / bc2) + c->eps));
    }
    /* Offsets are magnitudes subtracted before a ReLU: keep them >= 0. */
    for (int i = t->off[NFEC_B_CV]; i < t->off[NFEC_B_CV + 1]; i++)
        t->p[i] = t->p[i] < 0.0f ? 0.0f : t->p[i];
    sync_params(t);
    return NFEC_OK;
}

long nfec_trainer_steps_done(const nfec_trainer* t) { return t->step; }

nfec_status nfec_trainer_set_lr(nfec_trainer* t, double lr, nfec_error* err)
{
    if (!(lr > 0) || !isfinite(lr))
        return nfec_fail(err, NFEC_EINVAL, "learning rate %g is not a positive number", lr);
    t->cfg.lr = lr;
    return NFEC_OK;
}
int nfec_trainer_param_count(const nfec_trainer* t) { return t->np; }
float* nfec_trainer_params(nfec_trainer* t) { return t->p; }
const nfec_weights* nfec_trainer_weights(const nfec_trainer* t) { return t->w; }

nfec_status nfec_trainer_validate(nfec_trainer* t, double* ber, double* fer, nfec_error* err)
{
    sync_params(t);
    const int n = nfec_code_n(t->code), k = nfec_code_k(t->code);
    const int F = t->cfg.val_frames;
    uint8_t* bits = xcalloc((size_t)n * 64, 1);
    uint8_t* info = xcalloc((size_t)k, 1);
    if (!bits || !info) {
        free(bits);
        free(info);
        return nfec_fail(err, NFEC_ENOMEM, "out of memory validating");
    }
    for (int s = 0; s < t->cfg.val_count; s++) {
        long bit_err = 0, frame_err = 0;
        for (int f0 = 0; f0 < F; f0 += 64) {
            const int cnt = F - f0 < 64 ? F - f0 : 64;
            const size_t base = (size_t)s * F + (size_t)f0;
            nfec_decoder_decode(t->val_dec, t->val_llr + base * n, 1.0f, (size_t)cnt, bits, NULL, NULL);
            for (int i = 0; i < cnt; i++) {
                nfec_code_extract_info(t->code, bits + (size_t)i * n, info);
                int errs = 0;
                for (int j = 0; j < k; j++)
                    errs += info[j] != t->val_info[(base + (size_t)i) * k + (size_t)j];
                bit_err += errs;
                frame_err += errs > 0;
            }
        }
        ber[s] = F ? (double)bit_err / ((double)F * k) : 0.0;
        fer[s] = F ? (double)frame_err / F : 0.0;
    }
    free(bits);
    free(info);
    return NFEC_OK;
}

nfec_status nfec_trainer_scan_alpha(nfec_trainer* t, const float* alphas, int count, float* best_alpha, nfec_error* err)
{
    if (t->cfg.val_count < 1 || count < 1)
        return nfec_fail(err, NFEC_EINVAL, "the normalization scan needs validation points and candidates");
    const int k = nfec_code_k(t->code);
    double best = INFINITY, ber[NFEC_MAX_VAL_SNRS], fer[NFEC_MAX_VAL_SNRS];
    float chosen = alphas[0];
    for (int a = 0; a <= count; a++) {
        /* The last pass sets the winner. */
        const float alpha = a < count ? alphas[a] : chosen;
        for (int i = t->off[NFEC_W_CV]; i < t->off[NFEC_W_CV + 1]; i++)
            t->p[i] = alpha;
        for (int i = t->off[NFEC_B_CV]; i < t->off[NFEC_B_CV + 1]; i++)
            t->p[i] = 0.0f;
        if (a == count)
            break;
        nfec_status st = nfec_trainer_validate(t, ber, fer, err);
        if (st != NFEC_OK)
            return st;
        const double score = nfec_validation_score(ber, t->cfg.val_count, k, t->cfg.val_frames);
        if (score < best) {
            best = score;
            chosen = alpha;
        }
    }
    sync_params(t);
    memset(t->m, 0, (size_t)t->np * sizeof(double));
    memset(t->v, 0, (size_t)t->np * sizeof(double));
    t->step = 0;
    t->best_score = t->start_score = best;
    t->best_step = 0;
    memcpy(t->best, t->p, (size_t)t->np * sizeof(float));
    *best_alpha = chosen;
    return NFEC_OK;
}

double nfec_validation_score(const double* ber, int count, int k, int frames)
{
    double s = 0.0;
    for (int i = 0; i < count; i++)
        s += log(ber[i] + 0.5 / ((double)k * frames));
    return count ? s / count : 0.0;
}

/* ---- best weights by validation ---- */

int nfec_trainer_offer_best(nfec_trainer* t, double score)
{
    if (t->start_score == INFINITY)
        t->start_score = score;
    if (!(score < t->best_score))
        return 0;
    t->best_score = score;
    t->best_step = t->step;
    memcpy(t->best, t->p, (size_t)t->np * sizeof(float));
    return 1;
}

nfec_weights* nfec_trainer_best_weights(const nfec_trainer* t, nfec_error* err)
{
    nfec_weights* w = nfec_weights_clone(t->w, err);
    if (w)
        for (int f = 0; f < NFEC_FAMILIES; f++)
            memcpy(nfec_weights_data(w, (nfec_family)f), t->best + t->off[f], (size_t)(t->off[f + 1] - t->off[f]) * sizeof(float));
    return w;
}

double nfec_trainer_best_score(const nfec_trainer* t) { return t->best_score; }
double nfec_trainer_start_score(const nfec_trainer* t) { return t->start_score; }
long nfec_trainer_best_step(const nfec_trainer* t) { return t->best_step; }

/* ---- checkpoints ---- */

static const unsigned char CKPT_MAGIC[8] = { 'N', 'F', 'E', 'C', 'C', 'K', 'P', 0 };
/* magic, then u64s: version, parameter count, step, settings length, best
 * score, start score (doubles' bits), best step; the settings text
 * (nfec_train_settings); Adam's m and v (doubles), the parameters and the
 * best ones (floats); a checksum. */
enum { CKPT_VERSION = 2, CKPT_HEADER = 64 };

static size_t ckpt_size(size_t np, size_t settings) { return CKPT_HEADER + settings + np * (8 + 8 + 4 + 4) + 8; }

nfec_status nfec_trainer_save_checkpoint(const nfec_trainer* t, const char* path, nfec_error* err)
{
    const size_t np = (size_t)t->np, sl = strlen(t->settings);
    const size_t size = ckpt_size(np, sl);
    unsigned char* b = xcalloc(size, 1);
    if (!b)
        return nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
    memcpy(b, CKPT_MAGIC, 8);
    uint64_t hdr[7] = { CKPT_VERSION, (uint64_t)np, (uint64_t)t->step, (uint64_t)sl, 0, 0, (uint64_t)t->best_step };
    memcpy(&hdr[4], &t->best_score, 8);
    memcpy(&hdr[5], &t->start_score, 8);
    /* Host byte order: checkpoints resume a run on the machine that made it. */
    memcpy(b + 8, hdr, sizeof hdr);
    memcpy(b + CKPT_HEADER, t->settings, sl);
    unsigned char* q = b + CKPT_HEADER + sl;
    memcpy(q, t->m, np * 8);
    memcpy(q + np * 8, t->v, np * 8);
    memcpy(q + np * 16, t->p, np * 4);
    memcpy(q + np * 20, t->best, np * 4);
    uint64_t sum = nfec_fnv1a(NFEC_FNV_INIT, b, size - 8);
    memcpy(b + size - 8, &sum, 8);
    nfec_status st = nfec_write_atomic(path, b, size, err);
    free(b);
    return st;
}

nfec_status nfec_trainer_load_checkpoint(nfec_trainer* t, const char* path, nfec_error* err)
{
    FILE* f = nfec_open_regular(path, err);
    if (!f)
        return err ? err->status : NFEC_EIO;
    const size_t np = (size_t)t->np;
    long flen = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    rewind(f);
    enum { MOST = 1 << 30 }; /* far above any checkpoint (NFEC_MAX_EDGES * 100 iterations would not fit a weight file) */
    unsigned char* b = flen >= 0 && flen <= MOST ? xcalloc((size_t)flen + 1, 1) : NULL;
    const size_t got = b ? fread(b, 1, (size_t)flen + 1, f) : 0;
    fclose(f);
    nfec_status st = NFEC_OK;
    uint64_t hdr[7] = { 0 }, sum = 0;
    if (b && got >= CKPT_HEADER)
        memcpy(hdr, b + 8, sizeof hdr);
    /* the layout the header describes, if it can be the file's */
    const size_t size = hdr[1] <= MOST && hdr[3] <= MOST ? ckpt_size((size_t)hdr[1], (size_t)hdr[3]) : 0;
    if (b && size && got == size)
        memcpy(&sum, b + size - 8, 8);
    if (flen < 0 || flen > MOST)
        st = nfec_fail(err, NFEC_EFORMAT, "%s: not a gr-neuralfec training checkpoint (no readable length)", path);
    else if (!b)
        st = nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
    else if (got < CKPT_HEADER || memcmp(b, CKPT_MAGIC, 8) != 0)
        st = nfec_fail(err, NFEC_EFORMAT, "%s: not a gr-neuralfec training checkpoint", path);
    else if (hdr[0] != CKPT_VERSION)
        st = nfec_fail(err, NFEC_EFORMAT, "%s: unsupported checkpoint version %llu (this build writes version %d)", path, (unsigned long long)hdr[0],
                       CKPT_VERSION);
    else if (!size || got != size)
        st = nfec_fail(err, NFEC_EFORMAT, "%s: %zu bytes where its header describes %zu (truncated or not a checkpoint)", path, got, size);
    else if (sum != nfec_fnv1a(NFEC_FNV_INIT, b, size - 8))
        st = nfec_fail(err, NFEC_EFORMAT, "%s: checksum mismatch (the checkpoint is corrupted)", path);
    else
        st = nfec_train_settings_compare((const char*)b + CKPT_HEADER, (size_t)hdr[3], t->settings, path, err);
    if (st == NFEC_OK && hdr[1] != np)
        st = nfec_fail(err, NFEC_EMISMATCH, "%s: checkpoint holds %llu parameters, this run has %zu (a different --init file?)", path,
                       (unsigned long long)hdr[1], np);
    if (st == NFEC_OK) {
        const unsigned char* q = b + CKPT_HEADER + hdr[3];
        t->step = (long)hdr[2];
        memcpy(&t->best_score, &hdr[4], 8);
        memcpy(&t->start_score, &hdr[5], 8);
        t->best_step = (long)hdr[6];
        memcpy(t->m, q, np * 8);
        memcpy(t->v, q + np * 8, np * 8);
        memcpy(t->p, q + np * 16, np * 4);
        memcpy(t->best, q + np * 20, np * 4);
        sync_params(t);
    }
    free(b);
    return st;
}
