/* gr-neuralfec C core: training a neural min-sum or neural BP student (on
 * either schedule) by knowledge distillation (Nachmani & Be'ery, "Neural
 * Decoding with Optimization of Node Activations", 2022).
 *
 * Each step draws a batch of frames from the channel (BPSK over AWGN unless
 * configured otherwise, nfec_channel.h), decodes it
 * with the teacher (fixed) and the student, and takes one Adam step on
 *   L = L_ce + lambda * L_kd + gamma * L_sparse
 *   L_ce     binary cross-entropy of sigmoid(-s_v(T)) against the sent bits,
 *            mean over bits (multiloss: also over all student iterations);
 *   L_kd     mean |m_cv^student(t) - m_cv^teacher(t + t0)|^p_kd over edges,
 *            iterations and frames (other forms, targets and maps below);
 *   L_sparse mean |m|^p_sparse over the student's v->c and c->v messages of
 *            all iterations.
 * Two more terms can enter L (use_osd, use_ber below): L_osd for the student
 * followed by OSD, and L_ber, the soft bit errors of the last iteration.
 * Gradients are analytic (train/backward.c). Frames come from the channel
 * object (nfec_channel.h), a counter-based generator: the batch of step s is
 * a function of (seed, s) alone, so a run resumed from a checkpoint
 * continues exactly, and the same seed with the same thread count gives the
 * same weights.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_TRAIN_H
#define INCLUDED_NFEC_TRAIN_H

#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_recording.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { NFEC_MAX_VAL_SNRS = 8, NFEC_HARD_TRIES = 16 };

/* Forms of L_kd, for a student value a and the teacher's b at the mapped
 * iteration:
 *   RAW       |a - b|^p, the paper's (its scale follows the messages' growth);
 *   RELATIVE  sum |a - b|^p / sum |b|^p per frame and iteration (scale free);
 *   SOFT      tau^2 * BCE(sigmoid(a / tau), sigmoid(b / tau)), as in
 *             classification distillation. */
enum { NFEC_KD_RAW = 0, NFEC_KD_RELATIVE = 1, NFEC_KD_SOFT = 2 };
/* What the student imitates: check -> variable messages or soft outputs. */
enum { NFEC_KD_MESSAGES = 0, NFEC_KD_SOFT_OUTPUT = 1 };
/* Which teacher iteration student iteration t imitates (0-based):
 *   OFFSET t + t0; PROPORTIONAL (t + 1) * T_t / T_s - 1; LAST T_t - 1. */
enum { NFEC_MAP_OFFSET = 0, NFEC_MAP_PROPORTIONAL = 1, NFEC_MAP_LAST = 2 };

/* Parameter sharing of the check weights w_cv (and offsets b_cv): one per
 * edge and iteration (the default), per edge for every iteration, a scalar
 * per iteration, or one per check degree and iteration (stored per edge and
 * iteration, trained tied). */
enum { NFEC_SHARING_EDGE_ITERATION = 0, NFEC_SHARING_EDGE, NFEC_SHARING_ITERATION, NFEC_SHARING_CHECK_DEGREE, NFEC_SHARING_COUNT };
/* "edge-iteration", "edge", "iteration", "check-degree" */
const char* nfec_train_sharing_name(int sharing);
/* The NFEC_SHARING_* of a name, -1 for none. */
int nfec_train_sharing_parse(const char* name);

typedef struct {
    int student_iterations;    /* T_s, default 5 */
    int teacher_iterations;    /* T_t, default 30 */
    float teacher_alpha;       /* teacher: min-sum with check messages x alpha (default 0.7) */
    const char* teacher_file;  /* or a trained neural decoder (weight file); NULL: min-sum */
    nfec_update_rule teacher_rule;   /* the teacher without a file: NFEC_MINSUM (default) or NFEC_SUMPRODUCT */
    nfec_schedule teacher_schedule;  /* NFEC_FLOODING (default) or NFEC_LAYERED */
    float teacher_damping;           /* sum-product flooding teacher: nfec_decoder_set_damping (default 0) */
    nfec_update_rule rule;           /* the student's, written into its weights (default NFEC_MINSUM) */
    nfec_schedule schedule;          /* the student's (default NFEC_FLOODING) */
    double lambda_kd;          /* default 1 */
    double gamma_sparse;       /* default 0.01 */
    double p_kd;               /* norm order of L_kd, >= 1, default 2 */
    double p_sparse;           /* norm order of L_sparse, >= 1, default 1 */
    int t0;                    /* student t imitates teacher t + t0; -1: T_t - T_s */
    int kd_form;               /* NFEC_KD_RAW, NFEC_KD_RELATIVE or NFEC_KD_SOFT (default) */
    double kd_temperature;     /* tau of the soft form, default 4 */
    int kd_target;             /* NFEC_KD_MESSAGES or NFEC_KD_SOFT_OUTPUT (default) */
    int kd_map;                /* NFEC_MAP_OFFSET, NFEC_MAP_PROPORTIONAL (default) or NFEC_MAP_LAST */
    long kd_anneal;            /* > 0: lambda decays linearly to 0 over this many steps (1500) */
    int sparse_tanh;           /* L_sparse on |tanh(m/2)| instead of |m| */
    int lr_cosine;             /* learning rate follows a cosine from lr to 0 over total_steps */
    long lr_warmup;            /* > 0: the learning rate rises linearly from 0 over this many steps first */
    long total_steps;          /* for the schedules */
    int multiloss;             /* L_ce averaged over all student iterations (default on) */
    int use_ce, use_kd, use_sparse; /* which terms enter L; default CE + KD (docs/results.md) */
    /* L_osd, a training target for the student followed by OSD of osd_order
     * (the hybrid decoder, nfec_decoder_set_osd): on each frame the student's
     * last iteration gets wrong, softplus(N - osd_order), N the wrong bits
     * among the k most reliable positions of r = channel LLR + soft output
     * (what the hybrid orders by), each counted as sigmoid((|r| - tau) /
     * osd_temperature), tau the k-th largest |r|: the basis is taken as the k
     * largest, its independence ignored. Enters L times osd_weight. */
    int use_osd;
    double osd_weight;         /* default 1 */
    double osd_temperature;    /* in LLR units, default 1 */
    int osd_order;             /* > 0: validation (and the Eb/N0 scan) measure the student followed by
                                * OSD of this order (channel LLR + soft output), the decoder as deployed;
                                * L_osd needs it; default 0 */
    /* L_ber, soft bit errors of the last iteration: the mean over the bits
     * of sigmoid(-r / ber_temperature), r the soft output signed so that
     * positive is right. Its gradient sits on the bits near the decision;
     * CE's is largest on confidently wrong bits, which few weights can fix. */
    int use_ber;
    double ber_temperature;    /* in LLR units, default 2 */
    int offsets;               /* learn per-edge offsets b_cv too */
    int sharing;               /* NFEC_SHARING_* of the check weights (and offsets); default per edge and iteration */
    float init_alpha;          /* initial check weights (1: min-sum) */
    double lr, beta1, beta2, eps; /* Adam; default 0.01, 0.9, 0.999, 1e-8 */
    double clip;               /* clip the gradient's global norm to this; 0: none */
    int batch;                 /* frames per step, default 120 */
    double ebn0_lo, ebn0_hi;   /* training Eb/N0 range in dB, spread evenly over each batch */
    int random_codewords;      /* encode random data instead of the all-zero codeword */
    double hard_frames;        /* hard-frame emphasis: this fraction of each batch (0..0.9, default 0)
                                * is frames the current student gets wrong, sought among up to
                                * NFEC_HARD_TRIES more frames of the stream at the slot's Eb/N0 (the
                                * last one kept when none fails); not with recorded data */
    nfec_channel_config channel; /* modulation, demapper, fading, CSI and interleaving of every frame
                                  * (BPSK over AWGN by default; its seed, stream and Eb/N0 are the trainer's) */
    /* Or frames from a recording (which must outlive the trainer) instead
     * of the channel: its first frames train (batch after batch in order,
     * round and round), the last data_validation of them (a fraction, 0.2)
     * validate as the one validation point (val_count 1, val_frames at most
     * those); LLR = -data_scale * soft value. data_id: the recording's
     * (nfec_recording_id), what a checkpoint must match. */
    const nfec_recording* data;
    double data_scale, data_validation;
    uint64_t data_id;
    uint64_t seed;
    int threads;               /* worker threads over the batch, >= 1 */
    int shard, shards;         /* data-parallel runs (0 of 1: none): this trainer computes the frames
                                * [batch*shard/shards, batch*(shard+1)/shards) of each batch; the
                                * caller sums the shards' gradients (nfec_trainer_apply_gradient) */
    int val_frames;            /* validation frames per SNR (fixed, held out) */
    int val_count;             /* validation SNRs */
    double val_ebn0[NFEC_MAX_VAL_SNRS];
} nfec_train_config;

/* The defaults above. */
void nfec_train_config_default(nfec_train_config* cfg);

/* The Eb/N0 range where the student's starting decoder (its rule, schedule
 * and iterations, with the best of a few normalizations at each point, as
 * the normalization scan starts it) has BER from about 3e-2 down to 3e-4, and
 * validation points at about 1e-2, 1e-3 and 1e-4, in quarter dB, from a
 * scan of -2..12 dB on the training stream (cfg's seed); refused when the
 * scan finds too few errors to place them. */
nfec_status nfec_train_auto_ebn0(const nfec_code* code, const nfec_train_config* cfg, double* lo, double* hi, double val[3], nfec_error* err);

typedef struct {
    double total, ce, kd, sparse, osd, ber; /* mean over the batch, unweighted terms */
    double grad_norm;             /* before clipping */
} nfec_train_losses;

typedef struct nfec_trainer nfec_trainer;

/* A trainer for `code` (which must outlive it). init: starting weights
 * (matching the code and T_s), or NULL for per-edge, per-iteration check
 * weights at init_alpha (plus per-edge offsets at 0 when cfg->offsets). */
nfec_trainer* nfec_trainer_create(const nfec_code* code,
                                  const nfec_train_config* cfg,
                                  const nfec_weights* init,
                                  nfec_error* err);
void nfec_trainer_destroy(nfec_trainer* t);

/* One Adam step on the batch of the current step number: this trainer's
 * nfec_trainer_loss_grad, then nfec_trainer_apply_gradient. */
nfec_status nfec_trainer_step(nfec_trainer* t, nfec_train_losses* losses, nfec_error* err);
/* One Adam step with a given gradient (of the current step's batch, e.g.
 * every shard's summed) and its losses' ce, kd and sparse terms (summed
 * likewise); fills in their total and the gradient's norm. Refused when
 * either is not finite. */
nfec_status nfec_trainer_apply_gradient(nfec_trainer* t, const double* grad, nfec_train_losses* losses, nfec_error* err);
long nfec_trainer_steps_done(const nfec_trainer* t);
/* Replaces the learning rate of the following steps (a range test's sweep;
 * the schedules still apply on top). */
nfec_status nfec_trainer_set_lr(nfec_trainer* t, double lr, nfec_error* err);

/* Loss and gradient (into grad[nfec_trainer_param_count()]) of the current
 * weights on the batch of step `step` (this shard's part of it: its terms
 * and gradient, summed with the other shards', are the batch's), without
 * updating anything. */
nfec_status nfec_trainer_loss_grad(nfec_trainer* t, long step, nfec_train_losses* losses, double* grad, nfec_error* err);
int nfec_trainer_param_count(const nfec_trainer* t);
/* The trainable parameters, in the order of the weight families' storage. */
float* nfec_trainer_params(nfec_trainer* t);

/* BER and FER of the current weights on the fixed validation frames, one
 * entry per validation SNR (info bits; the decoder as deployed). */
nfec_status nfec_trainer_validate(nfec_trainer* t, double* ber, double* fer, nfec_error* err);

/* The current weights (valid until the next step). */
const nfec_weights* nfec_trainer_weights(const nfec_trainer* t);

/* Model-selection score of validation BERs (lower is better): the mean of
 * ln BER over the points, a zero BER counted as half an error. */
double nfec_validation_score(const double* ber, int count, int k, int frames);

/* Before training: sets every check weight to each candidate normalization
 * in turn (offsets 0), validates, and starts from the best one. Min-sum is
 * overconfident, worst on redundant matrices where a bit sits in many checks;
 * a student started from all-ones there can stay stuck. */
nfec_status nfec_trainer_scan_alpha(nfec_trainer* t, const float* alphas, int count, float* best_alpha, nfec_error* err);

/* Keeps the current weights as the best so far when score (lower is better,
 * e.g. validation BER) beats every earlier offer; returns 1 when it did. */
int nfec_trainer_offer_best(nfec_trainer* t, double score);
double nfec_trainer_best_score(const nfec_trainer* t);
/* The first score offered (the starting weights'; INFINITY before any) and
 * the step the best weights come from (0: the start, nothing improved). */
double nfec_trainer_start_score(const nfec_trainer* t);
long nfec_trainer_best_step(const nfec_trainer* t);
/* A copy of the best weights offered (the initial ones before any offer). */
nfec_weights* nfec_trainer_best_weights(const nfec_trainer* t, nfec_error* err);

/* Checkpoints: the weights, Adam's state and the step count, written
 * atomically; loading requires the same code and settings. */
nfec_status nfec_trainer_save_checkpoint(const nfec_trainer* t, const char* path, nfec_error* err);
nfec_status nfec_trainer_load_checkpoint(nfec_trainer* t, const char* path, nfec_error* err);

#ifdef __cplusplus
}
#endif
#endif
