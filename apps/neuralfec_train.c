/* neuralfec-train: knowledge-distillation training of a neural min-sum
 * student (Nachmani & Be'ery 2022). Writes a weight file. */
#define _POSIX_C_SOURCE 200809L
#include "data_dir.h"
#include "outputs.h"
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/nfec_recording.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <gnuradio/neuralfec/nfec_train.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "invocation.h"
#include "world.h"
#include <stdarg.h>

static volatile sig_atomic_t interrupted = 0;
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* Progress and results: rank 0's to say (errors: every rank's own). */
static void say(const char* fmt, ...)
{
    if (world_rank() != 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* Whether any rank was interrupted: every rank stops at the same step. */
static int job_interrupted(void)
{
    double flag = interrupted;
    world_sum(&flag, 1);
    return flag > 0;
}

/* One step of the whole job: this rank's shard of the batch, then every
 * rank's gradient and loss terms summed in rank order (the same bits on
 * every rank, so their weights stay equal) and applied; *stop when any rank
 * was interrupted. buf: parameters + 6 doubles. */
static nfec_status job_step(nfec_trainer* tr, double* buf, nfec_train_losses* L, int* stop, nfec_error* err)
{
    if (world_size() == 1) {
        nfec_status st = nfec_trainer_step(tr, L, err);
        *stop = interrupted;
        return st;
    }
    const int np = nfec_trainer_param_count(tr);
    nfec_status st = nfec_trainer_loss_grad(tr, nfec_trainer_steps_done(tr), L, buf, err);
    if (st != NFEC_OK)
        return st;
    buf[np] = L->ce;
    buf[np + 1] = L->kd;
    buf[np + 2] = L->sparse;
    buf[np + 3] = L->osd;
    buf[np + 4] = L->ber;
    buf[np + 5] = interrupted;
    world_sum(buf, (size_t)np + 6);
    L->ce = buf[np];
    L->kd = buf[np + 1];
    L->sparse = buf[np + 2];
    L->osd = buf[np + 3];
    L->ber = buf[np + 4];
    *stop = buf[np + 5] > 0;
    return nfec_trainer_apply_gradient(tr, buf, L, err);
}

static void usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-train --code SPEC -o FILE [options]\n"
            "\n"
            "Trains a neural min-sum student (per-edge, per-iteration check weights) by knowledge\n"
            "distillation from a teacher decoder: L = L_ce + lambda*L_kd + gamma*L_sparse\n"
            "(Nachmani & Be'ery 2022). Defaults: the recipe docs/results.md measured best.\n"
            "\n"
            "code and output\n"
            "  --code SPEC             alist path, bch:N,K, bch:N,K:cyclic or wifi:N:R (802.11n/ac)\n"
            "  -o FILE                 the weight file to write (atomically)\n"
            "  --iterations T          student iterations (5)\n"
            "  --init-alpha A          initial check weights; default: the best normalization on the\n"
            "                          validation frames among 0.10, 0.15, ..., 1.00 (a scan)\n"
            "  --init FILE             start from this weight file instead\n"
            "  --offsets               also learn per-edge offsets b_cv\n"
            "  --sharing S             what the check weights (and offsets) share: edge-iteration (one per edge\n"
            "                          and iteration, default), edge (one per edge for every iteration),\n"
            "                          iteration (a scalar per iteration), check-degree (one per check degree\n"
            "                          and iteration; on a check-regular code the same as iteration)\n"
            "  --rule minsum|bp        the student's update rule: min-sum (default) or sum-product (neural BP)\n"
            "  --schedule flooding|layered   the student's schedule (flooding)\n"
            "teacher and losses\n"
            "  --teacher SPEC          a decoder spec (neuralfec-eval --help): minsum:T, nms:T:ALPHA, bp:T,\n"
            "                          each with :layered, bp:T:DAMPING (damped, flooding), or\n"
            "                          student:FILE|NAME (any trained decoder);\n"
            "                          default nms:30:0.7 (normalized min-sum, 30 iterations)\n"
            "  --loss TERMS            terms of L joined by '+': ce, kd, sparse, osd, ber (ce+kd; the paper's\n"
            "                          is ce+kd+sparse); ber: soft bit errors of the last iteration, the mean\n"
            "                          of sigmoid(-r/TAU), r the soft output signed positive when right\n"
            "  --ber-temperature TAU   for the ber term, in LLR units (2)\n"
            "  --lambda X              weight of L_kd (1)\n"
            "  --gamma X               weight of L_sparse (0.01)\n"
            "  --p-kd P                norm order of L_kd, >= 1 (2)\n"
            "  --p-sparse P            norm order of L_sparse, >= 1 (1)\n"
            "  --t0 N                  student iteration t imitates teacher iteration t+N (T_t - T_s)\n"
            "  --multiloss             average L_ce over all student iterations (default)\n"
            "  --single-loss           L_ce on the last iteration only (the paper's)\n"
            "  --kd-form raw|relative|soft   (soft) raw: |a-b|^p (the paper's; its scale follows the teacher's\n"
            "                          message growth); relative: divided by the teacher's mean |b|^p;\n"
            "                          soft: tau^2 BCE(sigmoid(a/tau), sigmoid(b/tau))\n"
            "  --kd-temperature TAU    for --kd-form soft (4)\n"
            "  --kd-target messages|soft-output   imitate check messages (the paper's) or soft outputs (default)\n"
            "  --kd-map offset|proportional|last  teacher iteration for student t: t+t0 (the paper's),\n"
            "                          (t+1)*T_t/T_s-1 (default), or the teacher's last\n"
            "  --kd-schedule constant|anneal:STEPS   lambda constant, or decaying to 0 over STEPS (anneal:1500)\n"
            "  --sparse-on raw|tanh    L_sparse on |m| (default) or |tanh(m/2)|\n"
            "  --osd-order W           validate (and scan Eb/N0 for) the student followed by OSD of order W\n"
            "                          (1..4), the hybrid student:FILE+osd:W (0: none, the default)\n"
            "  --osd-weight X          weight of L_osd (1): on each frame the student gets wrong,\n"
            "                          softplus(N - W), N a smooth count of its wrong bits among the k most\n"
            "                          reliable of channel + soft output; needs --osd-order\n"
            "  --osd-temperature T     the count's smoothness in LLR units (1)\n"
            "  --lr-schedule constant|cosine   cosine: from --lr down to 0 over --steps\n"
            "  --lr-warmup N           the learning rate rises linearly from 0 over the first N steps (0: none)\n"
            "  --lr-range-test N       N steps from the start with the rate rising from 1e-5 to 1: prints the loss\n"
            "                          of each and a suggested --lr, writes nothing, exits\n"
            "optimizer and data\n"
            "  --lr X --beta1 X --beta2 X   Adam (0.01, 0.9, 0.999)\n"
            "  --clip X                clip the gradient norm to X (0: off)\n"
            "  --batch N               frames per step (120), Eb/N0 spread evenly over the range\n"
            "  --ebn0 LO:HI|auto       training Eb/N0 in dB; auto (default): where normalized min-sum of the\n"
            "                          student's iterations has BER from about 3e-2 to 3e-4 (a scan of -2..12 dB)\n"
            "  --steps N               Adam steps (3000)\n"
            "  --seed N                (1); the same seed and --threads give the same weights\n"
            "  --threads N             worker threads (all cores)\n"
            "  --random-codewords      encode random data instead of the all-zero codeword (always beyond bpsk)\n"
            "  --hard-frames F         hard-frame emphasis: a fraction F (0..0.9, default 0) of each batch is frames\n"
            "                          the current student gets wrong (sought among up to 16 more at the slot's Eb/N0)\n"
            "  --modulation M          bpsk|qpsk|8psk|16qam|64qam[:maxlog] (bpsk); frames, validation and the\n"
            "                          Eb/N0 scan all see it\n"
            "  --channel C             awgn|rayleigh-fast|rayleigh-block:L[:no-csi][:interleaved] (awgn):\n"
            "                          a student for the user's own channel (neuralfec-eval --help)\n"
            "  --data FILE             train on recorded frames (docs/recording-format.md) instead: the first ones\n"
            "                          train, the last --data-validation F of them (0.2) validate\n"
            "  --llr-scale S|auto      recorded data: LLR = -S * soft value; auto (default): estimated from the\n"
            "                          training frames' soft values (two-level soft bits: BPSK, QPSK)\n"
            "validation, progress, checkpoints\n"
            "  --val-ebn0 LIST|auto    validation Eb/N0 points, fixed held-out frames; auto (default): where\n"
            "                          that decoder's BER is about 1e-2, 1e-3 and 1e-4\n"
            "  --val-frames N          validation frames per point (4000)\n"
            "  --validate-every N      validate (and keep the best weights) every N steps (100)\n"
            "  --log-every N           progress line every N steps (100)\n"
            "  --keep best|last        write the weights with the best validation (default) or the last\n"
            "  --require-improvement   exit with status 3 (after writing) when no step improved validation\n"
            "  --checkpoint FILE       (FILE of -o + .ckpt), written atomically every --checkpoint-every\n"
            "  --checkpoint-every N    steps (500)\n"
            "  --resume FILE           continue a run from its checkpoint (same options)\n"
            "Ctrl-C writes a checkpoint and the weights so far, then exits with status 130.\n"
            "\n"
            "Under mpirun (or srun) each rank computes its share of every batch (--threads each, default:\n"
            "the machine's cores shared by its ranks) and the gradients are summed in rank order: the same\n"
            "seed, world size and --threads give the same weights. Rank 0 writes the weights and\n"
            "checkpoints; --resume needs the checkpoint's world size. docs/cluster.md.\n");
}

/* The core's number parser (the whole string, finite, no overflow); the
 * options check their own ranges. */
static int parse_double(const char* s, double* out) { return nfec_parse_double(s, -DBL_MAX, DBL_MAX, "value", out, NULL) == NFEC_OK; }
static int parse_long(const char* s, long* out) { return nfec_parse_long(s, LONG_MIN, LONG_MAX, "value", out, NULL) == NFEC_OK; }

/* --loss: terms joined by '+', each of ce, kd, sparse, osd, ber at most once. */
static int parse_loss(const char* s, nfec_train_config* cfg)
{
    enum { TERMS = 5 };
    static const char* names[TERMS] = { "ce", "kd", "sparse", "osd", "ber" };
    int* use[TERMS] = { &cfg->use_ce, &cfg->use_kd, &cfg->use_sparse, &cfg->use_osd, &cfg->use_ber };
    for (int i = 0; i < TERMS; i++)
        *use[i] = 0;
    for (const char* p = s;; p++) {
        const size_t len = strcspn(p, "+");
        int i = 0;
        while (i < TERMS && !(strlen(names[i]) == len && !strncmp(p, names[i], len)))
            i++;
        if (i == TERMS || *use[i])
            return 0;
        *use[i] = 1;
        p += len;
        if (!*p)
            return 1;
    }
}

/* The teacher from a decoder spec (the grammar every tool reads): a
 * message-passing decoder in float without post-processing. Prints why not
 * and returns non-zero. */
static int teacher_of(const char* text, nfec_train_config* cfg, char* path, size_t len)
{
    nfec_decoder_spec s;
    nfec_error err = { 0 };
    if (nfec_decoder_spec_parse(text, &s, &err) != NFEC_OK) {
        /* the spellings of earlier versions, which meant something else */
        const char* hint = !strncmp(text, "weights:", 8) ? " (a weight file is student:FILE)"
                           : !strncmp(text, "minsum:", 7) ? " (min-sum with check messages x ALPHA is nms:T:ALPHA)" : "";
        fprintf(stderr, "neuralfec-train: --teacher: %s%s\n", err.msg, hint);
        return 1;
    }
    if (!nfec_decoder_spec_is_message_passing(&s) || s.osd_order || s.precision != NFEC_FLOAT32 || s.beta != 0.0f) {
        fprintf(stderr, "neuralfec-train: --teacher '%s': a teacher is a message-passing decoder in float without offsets or OSD "
                        "(minsum:T, nms:T:ALPHA, bp:T[:DAMPING], student:FILE|NAME)\n", text);
        return 1;
    }
    if (s.kind == NFEC_SPEC_STUDENT) {
        if (nfec_student_path(s.weights, app_weights_dir(), path, len, &err) != NFEC_OK) {
            fprintf(stderr, "neuralfec-train: --teacher: %s\n", err.msg);
            return 1;
        }
        cfg->teacher_file = path;
        return 0;
    }
    cfg->teacher_iterations = s.iterations;
    cfg->teacher_alpha = s.alpha;
    cfg->teacher_rule = s.rule;
    cfg->teacher_schedule = s.schedule;
    cfg->teacher_damping = s.damping;
    return 0;
}

/* A validation point as the progress lines name it. */
static const char* point_name(const nfec_train_config* c, int i, char* buf, size_t len)
{
    if (c->data)
        snprintf(buf, len, "held-out");
    else
        snprintf(buf, len, "%gdB", c->val_ebn0[i]);
    return buf;
}

/* The recording of --data as the trainer's frames: one validation point of
 * the held-out frames, the LLR scale given or estimated from the training
 * frames. NULL with err set when it cannot be. */
static nfec_recording* load_data(const char* path, const nfec_code* code, const char* scale_text, nfec_train_config* cfg, nfec_error* err)
{
    nfec_recording* r = nfec_recording_load(path, code, err);
    if (!r)
        return NULL;
    const long frames = nfec_recording_frames(r), held = (long)(cfg->data_validation * (double)frames);
    cfg->val_count = 1;
    cfg->val_ebn0[0] = 0.0;
    cfg->val_frames = held < cfg->val_frames ? (int)held : cfg->val_frames;
    if (strcmp(scale_text, "auto")) {
        if (nfec_parse_double(scale_text, 1e-6, 1e6, "--llr-scale", &cfg->data_scale, err) != NFEC_OK) {
            nfec_recording_destroy(r);
            return NULL;
        }
    } else if (!((cfg->data_scale = nfec_recording_llr_scale(r, frames - held)) > 0)) {
        nfec_recording_destroy(r);
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    say("neuralfec-train: %s: %ld recorded frames, %ld to train and %ld held out (%d validate); LLR scale %.4g%s\n", path, frames, frames - held,
        held, cfg->val_frames, cfg->data_scale, strcmp(scale_text, "auto") ? "" : " (estimated from the training frames)");
    cfg->data = r;
    cfg->data_id = nfec_recording_id(r);
    return r;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void fmt_time(double s, char* buf, size_t len)
{
    long x = (long)(s + 0.5);
    if (x >= 3600)
        snprintf(buf, len, "%ldh%02ldm", x / 3600, (x / 60) % 60);
    else
        snprintf(buf, len, "%ldm%02lds", x / 60, x % 60);
}


static int run(int argc, char** argv)
{
    /* From the start: a Ctrl-C during set-up (the Eb/N0 scan, the frames)
     * stops the run at its first step, with the weights and a checkpoint;
     * left to the default it would be lost where the shell ignores it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    nfec_train_config cfg;
    nfec_train_config_default(&cfg);
    cfg.threads = world_default_threads();
    cfg.shard = world_rank();
    cfg.shards = world_size();
    const int writer = world_rank() == 0;
    const char *spec = NULL, *out = NULL, *teacher = "nms:30:0.7", *rule = "minsum", *schedule = "flooding", *loss = "ce+kd", *ckpt = NULL, *resume = NULL, *init_file = NULL;
    const char* keep = "best";
    const char *data_path = NULL, *scale_text = "auto";
    int alpha_given = 0, require_improvement = 0, auto_range = 1, auto_val = 1;
    long range_test = 0;
    char start[96] = "start: as given";
    long steps = 3000, log_every = 100, ckpt_every = 500, validate_every = 100;
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            if (writer)
                usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--multiloss") || !strcmp(a, "--single-loss")) {
            cfg.multiloss = !strcmp(a, "--multiloss");
            continue;
        }
        if (!strcmp(a, "--offsets")) {
            cfg.offsets = 1;
            continue;
        }
        if (!strcmp(a, "--require-improvement")) {
            require_improvement = 1;
            continue;
        }
        if (!strcmp(a, "--random-codewords")) {
            cfg.random_codewords = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "neuralfec-train: %s needs a value (see --help)\n", a);
            return 2;
        }
        const char* v = argv[++i];
        double d;
        long l;
        int ok = 1;
        if (!strcmp(a, "--code"))
            spec = v;
        else if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "--teacher"))
            teacher = v;
        else if (!strcmp(a, "--rule"))
            rule = v;
        else if (!strcmp(a, "--schedule"))
            schedule = v;
        else if (!strcmp(a, "--loss"))
            loss = v;
        else if (!strcmp(a, "--checkpoint"))
            ckpt = v;
        else if (!strcmp(a, "--resume"))
            resume = v;
        else if (!strcmp(a, "--init"))
            init_file = v;
        else if (!strcmp(a, "--keep"))
            keep = v;
        else if (!strcmp(a, "--data"))
            data_path = v;
        else if (!strcmp(a, "--llr-scale"))
            scale_text = v;
        else if (!strcmp(a, "--sharing"))
            ok = (cfg.sharing = nfec_train_sharing_parse(v)) >= 0;
        else if (!strcmp(a, "--hard-frames"))
            ok = parse_double(v, &cfg.hard_frames) && cfg.hard_frames >= 0 && cfg.hard_frames <= 0.9;
        else if (!strcmp(a, "--data-validation"))
            ok = parse_double(v, &cfg.data_validation) && cfg.data_validation > 0 && cfg.data_validation < 1;
        else if (!strcmp(a, "--modulation") || !strcmp(a, "--channel")) {
            nfec_error perr = { 0 };
            if (nfec_channel_config_parse(&cfg.channel, !strcmp(a, "--modulation") ? v : NULL, !strcmp(a, "--channel") ? v : NULL, &perr) != NFEC_OK) {
                fprintf(stderr, "neuralfec-train: %s: %s\n", a, perr.msg);
                return 2;
            }
        }
        else if (!strcmp(a, "--iterations"))
            ok = parse_long(v, &l) && (cfg.student_iterations = (int)l) == l;
        else if (!strcmp(a, "--init-alpha"))
            ok = parse_double(v, &d) && ((cfg.init_alpha = (float)d), alpha_given = 1);
        else if (!strcmp(a, "--osd-order"))
            ok = parse_long(v, &l) && l >= 0 && l <= NFEC_OSD_MAX_ORDER && ((cfg.osd_order = (int)l), 1);
        else if (!strcmp(a, "--osd-weight"))
            ok = parse_double(v, &cfg.osd_weight) && cfg.osd_weight >= 0;
        else if (!strcmp(a, "--ber-temperature"))
            ok = parse_double(v, &cfg.ber_temperature) && cfg.ber_temperature > 0;
        else if (!strcmp(a, "--osd-temperature"))
            ok = parse_double(v, &cfg.osd_temperature) && cfg.osd_temperature > 0;
        else if (!strcmp(a, "--lambda"))
            ok = parse_double(v, &cfg.lambda_kd);
        else if (!strcmp(a, "--gamma"))
            ok = parse_double(v, &cfg.gamma_sparse);
        else if (!strcmp(a, "--p-kd"))
            ok = parse_double(v, &cfg.p_kd);
        else if (!strcmp(a, "--p-sparse"))
            ok = parse_double(v, &cfg.p_sparse);
        else if (!strcmp(a, "--t0"))
            ok = parse_long(v, &l) && l >= 0 && (cfg.t0 = (int)l) == l;
        else if (!strcmp(a, "--kd-form"))
            ok = !strcmp(v, "raw") ? ((cfg.kd_form = NFEC_KD_RAW), 1)
                 : !strcmp(v, "relative") ? ((cfg.kd_form = NFEC_KD_RELATIVE), 1)
                 : !strcmp(v, "soft") ? ((cfg.kd_form = NFEC_KD_SOFT), 1) : 0;
        else if (!strcmp(a, "--kd-temperature"))
            ok = parse_double(v, &cfg.kd_temperature);
        else if (!strcmp(a, "--kd-target"))
            ok = !strcmp(v, "messages") ? ((cfg.kd_target = NFEC_KD_MESSAGES), 1)
                 : !strcmp(v, "soft-output") ? ((cfg.kd_target = NFEC_KD_SOFT_OUTPUT), 1) : 0;
        else if (!strcmp(a, "--kd-map"))
            ok = !strcmp(v, "offset") ? ((cfg.kd_map = NFEC_MAP_OFFSET), 1)
                 : !strcmp(v, "proportional") ? ((cfg.kd_map = NFEC_MAP_PROPORTIONAL), 1)
                 : !strcmp(v, "last") ? ((cfg.kd_map = NFEC_MAP_LAST), 1) : 0;
        else if (!strcmp(a, "--kd-schedule"))
            ok = !strcmp(v, "constant") ? ((cfg.kd_anneal = 0), 1) : (sscanf(v, "anneal:%ld", &cfg.kd_anneal) == 1 && cfg.kd_anneal > 0);
        else if (!strcmp(a, "--sparse-on"))
            ok = !strcmp(v, "raw") ? ((cfg.sparse_tanh = 0), 1) : !strcmp(v, "tanh") ? ((cfg.sparse_tanh = 1), 1) : 0;
        else if (!strcmp(a, "--lr-schedule"))
            ok = !strcmp(v, "constant") ? ((cfg.lr_cosine = 0), 1) : !strcmp(v, "cosine") ? ((cfg.lr_cosine = 1), 1) : 0;
        else if (!strcmp(a, "--lr"))
            ok = parse_double(v, &cfg.lr);
        else if (!strcmp(a, "--beta1"))
            ok = parse_double(v, &cfg.beta1);
        else if (!strcmp(a, "--beta2"))
            ok = parse_double(v, &cfg.beta2);
        else if (!strcmp(a, "--clip"))
            ok = parse_double(v, &cfg.clip);
        else if (!strcmp(a, "--batch"))
            ok = parse_long(v, &l) && (cfg.batch = (int)l) == l;
        else if (!strcmp(a, "--steps"))
            ok = parse_long(v, &steps) && steps >= 0;
        else if (!strcmp(a, "--seed"))
            ok = parse_long(v, &l) && l >= 0 && ((cfg.seed = (uint64_t)l), 1);
        else if (!strcmp(a, "--threads"))
            ok = parse_long(v, &l) && (cfg.threads = (int)l) == l;
        else if (!strcmp(a, "--val-frames"))
            ok = parse_long(v, &l) && (cfg.val_frames = (int)l) == l;
        else if (!strcmp(a, "--validate-every"))
            ok = parse_long(v, &validate_every) && validate_every > 0;
        else if (!strcmp(a, "--log-every"))
            ok = parse_long(v, &log_every) && log_every > 0;
        else if (!strcmp(a, "--lr-range-test"))
            ok = parse_long(v, &range_test) && range_test >= 2 && range_test <= 100000;
        else if (!strcmp(a, "--lr-warmup"))
            ok = parse_long(v, &cfg.lr_warmup) && cfg.lr_warmup >= 0;
        else if (!strcmp(a, "--checkpoint-every"))
            ok = parse_long(v, &ckpt_every) && ckpt_every > 0;
        else if (!strcmp(a, "--ebn0")) {
            auto_range = !strcmp(v, "auto");
            const char* colon = strchr(v, ':');
            char lo[64];
            ok = auto_range || (colon && (size_t)(colon - v) < sizeof lo);
            if (ok && !auto_range) {
                memcpy(lo, v, (size_t)(colon - v));
                lo[colon - v] = 0;
                ok = parse_double(lo, &cfg.ebn0_lo) && parse_double(colon + 1, &cfg.ebn0_hi);
            }
        } else if (!strcmp(a, "--val-ebn0")) {
            auto_val = !strcmp(v, "auto");
            ok = auto_val || nfec_parse_ebn0_list(v, cfg.val_ebn0, NFEC_MAX_VAL_SNRS, &cfg.val_count, NULL) == NFEC_OK;
        } else {
            fprintf(stderr, "neuralfec-train: unknown option %s (see --help)\n", a);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "neuralfec-train: %s: bad value '%s'\n", a, v);
            return 2;
        }
    }
    if (!spec || !out) {
        fprintf(stderr, "neuralfec-train: --code and -o are required (see --help)\n");
        return 2;
    }
    char why[4200];
    if (!app_output_path_ok(out, why, sizeof why) || (ckpt && !app_output_path_ok(ckpt, why, sizeof why))) {
        fprintf(stderr, "neuralfec-train: cannot write %s\n", why);
        return 2;
    }
    if (strcmp(keep, "best") && strcmp(keep, "last")) {
        fprintf(stderr, "neuralfec-train: --keep is best or last, not '%s'\n", keep);
        return 2;
    }
    if (cfg.lr_cosine)
        cfg.total_steps = steps;
    if (!parse_loss(loss, &cfg)) {
        fprintf(stderr, "neuralfec-train: --loss is terms joined by '+' (ce, kd, sparse, osd, ber; each once), not '%s'\n", loss);
        return 2;
    }
    if (strcmp(rule, "minsum") && strcmp(rule, "bp")) {
        fprintf(stderr, "neuralfec-train: --rule is minsum or bp, not '%s'\n", rule);
        return 2;
    }
    if (strcmp(schedule, "flooding") && strcmp(schedule, "layered")) {
        fprintf(stderr, "neuralfec-train: --schedule is flooding or layered, not '%s'\n", schedule);
        return 2;
    }
    cfg.rule = strcmp(rule, "bp") ? NFEC_MINSUM : NFEC_SUMPRODUCT;
    cfg.schedule = strcmp(schedule, "layered") ? NFEC_FLOODING : NFEC_LAYERED;
    char teacher_path[NFEC_SPEC_TEXT_MAX + 4096];
    if (teacher_of(teacher, &cfg, teacher_path, sizeof teacher_path) != 0)
        return 2;

    nfec_error err = { 0 };
    nfec_code* code = nfec_code_create(spec, &err);
    nfec_weights* init = NULL;
    nfec_trainer* tr = NULL;
    nfec_recording* data = NULL;
    double* grad_buf = NULL;
    int rc = 1;
    if (!code)
        goto fail;
    if (init_file && !(init = nfec_weights_load(init_file, &err)))
        goto fail;
    if (data_path && !(data = load_data(data_path, code, scale_text, &cfg, &err)))
        goto fail;
    if (!data && (auto_range || auto_val)) {
        double lo, hi, val[3];
        if (nfec_train_auto_ebn0(code, &cfg, &lo, &hi, val, &err) != NFEC_OK)
            goto fail;
        if (auto_range) {
            cfg.ebn0_lo = lo;
            cfg.ebn0_hi = hi;
        }
        if (auto_val && cfg.val_count > 0) {
            cfg.val_count = 3;
            for (int i = 0; i < 3; i++)
                cfg.val_ebn0[i] = val[i];
        }
        say("neuralfec-train: from the starting decoder's BER (about 3e-2 to 3e-4 for training; 1e-2, 1e-3, 1e-4 for validation):"
                        " training %g:%g dB, validation %g, %g, %g dB\n", cfg.ebn0_lo, cfg.ebn0_hi, cfg.val_ebn0[0], cfg.val_ebn0[1], cfg.val_ebn0[2]);
    }
    if (!(tr = nfec_trainer_create(code, &cfg, init, &err)))
        goto fail;
    char ckpt_default[4096];
    if (!ckpt) {
        snprintf(ckpt_default, sizeof ckpt_default, "%s.ckpt", out);
        ckpt = ckpt_default;
    }
    if (resume && nfec_trainer_load_checkpoint(tr, resume, &err) != NFEC_OK)
        goto fail;
    /* the job's summed gradient and loss terms (job_step) */
    if (!(grad_buf = malloc(sizeof(double) * ((size_t)nfec_trainer_param_count(tr) + 6)))) {
        snprintf(err.msg, sizeof err.msg, "out of memory");
        goto fail;
    }


    const int tty = isatty(fileno(stderr));
    const int k = nfec_code_k(code);
    char mod_text[64], channel_text[64], frames_text[sizeof mod_text + sizeof channel_text + 8];
    if (data) /* the recording's channel is whatever it was recorded on */
        snprintf(frames_text, sizeof frames_text, "the recorded frames");
    else
        snprintf(frames_text, sizeof frames_text, "%s over %s", nfec_channel_modulation_text(&cfg.channel, mod_text, sizeof mod_text),
                 nfec_channel_channel_text(&cfg.channel, channel_text, sizeof channel_text));
    say("neuralfec-train: %s (n=%d, k=%d, %d edges), student T=%d, teacher %s, loss %s, %s, %d threads, %ld steps%s\n", spec,
            nfec_code_n(code), k, nfec_code_edges(code), cfg.student_iterations, cfg.use_kd ? teacher : "none (no kd term)", loss, frames_text,
            cfg.threads, steps,
            resume ? " (resumed)" : "");
    double ber[NFEC_MAX_VAL_SNRS], fer[NFEC_MAX_VAL_SNRS];
    char name[32];
    const int scan = !resume && !init_file && !alpha_given && cfg.val_count > 0;
    if (scan) {
        float alphas[19], best_alpha;
        for (int i = 0; i < 19; i++)
            alphas[i] = 0.10f + 0.05f * (float)i;
        if (nfec_trainer_scan_alpha(tr, alphas, 19, &best_alpha, &err) != NFEC_OK)
            goto fail;
        say("neuralfec-train: normalization scan: starting from check weights %.2f\n", best_alpha);
        snprintf(start, sizeof start, "start: check weights %.2f (normalization scan)", best_alpha);
    }
    if (range_test > 0) {
        /* Learning rates from 1e-5 to 1, geometric, one step each from the start; the loss smoothed
         * (EMA 0.8). Suggested: a tenth of the rate at the lowest smoothed loss. */
        double smooth = 0, best = INFINITY, best_lr = 0;
        int stop = job_interrupted();
        for (long i = 0; i < range_test && !stop; i++) {
            const double lr = 1e-5 * pow(1e5, range_test > 1 ? (double)i / (double)(range_test - 1) : 0.0);
            nfec_train_losses L = { 0 };
            if (nfec_trainer_set_lr(tr, lr, &err) != NFEC_OK || job_step(tr, grad_buf, &L, &stop, &err) != NFEC_OK)
                goto fail;
            smooth = i ? 0.8 * smooth + 0.2 * L.total : L.total;
            if (writer)
                printf("lr %.4g loss %.6g smoothed %.6g\n", lr, L.total, smooth);
            if (smooth < best) {
                best = smooth;
                best_lr = lr;
            }
            if (i > 4 && smooth > 4 * best) /* diverged: the rest says nothing */
                break;
        }
        if (writer)
            printf("suggested --lr %.3g (a tenth of %.3g, where the smoothed loss was lowest)\n", best_lr / 10, best_lr);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            snprintf(err.msg, sizeof err.msg, "cannot write to stdout");
            goto fail;
        }
        rc = 0;
        goto done;
    }
    /* The start, scored (the scan's winner again, or the given start) and shown. */
    if (nfec_trainer_steps_done(tr) == 0 && cfg.val_count > 0) {
        if (nfec_trainer_validate(tr, ber, fer, &err) != NFEC_OK)
            goto fail;
        const double score = nfec_validation_score(ber, cfg.val_count, k, cfg.val_frames);
        nfec_trainer_offer_best(tr, score);
        char val[512];
        int len = 0;
        for (int i = 0; i < cfg.val_count && len < (int)sizeof val; i++)
            len += snprintf(val + len, sizeof val - (size_t)len, " %s BER %.2e FER %.2e", point_name(&cfg, i, name, sizeof name), ber[i], fer[i]);
        say("neuralfec-train: start: val%s (score %.4f)\n", val, score);
    }
    nfec_train_losses L = { 0 };
    const double t_start = now_s();
    const long first = nfec_trainer_steps_done(tr);
    char line[1024] = "";
    int stop = job_interrupted();
    while (nfec_trainer_steps_done(tr) < steps && !stop) {
        if (job_step(tr, grad_buf, &L, &stop, &err) != NFEC_OK)
            goto fail;
        const long s = nfec_trainer_steps_done(tr);
        const double el = now_s() - t_start, rate = (s - first) / (el > 0 ? el : 1e-9);
        char eta[32];
        fmt_time((steps - s) / (rate > 0 ? rate : 1e-9), eta, sizeof eta);
        int best = 0;
        const int validate = cfg.val_count > 0 && (s % validate_every == 0 || s == steps);
        if (validate) {
            nfec_trainer_validate(tr, ber, fer, &err);
            best = nfec_trainer_offer_best(tr, nfec_validation_score(ber, cfg.val_count, k, cfg.val_frames));
        }
        if (s % log_every == 0 || s == steps) {
            int len = snprintf(line, sizeof line, "step %ld/%ld  loss %.4g (ce %.4g, kd %.4g, sparse %.4g", s, steps, L.total, L.ce, L.kd, L.sparse);
            if (cfg.use_osd)
                len += snprintf(line + len, sizeof line - (size_t)len, ", osd %.4g", L.osd);
            if (cfg.use_ber)
                len += snprintf(line + len, sizeof line - (size_t)len, ", ber %.4g", L.ber);
            len += snprintf(line + len, sizeof line - (size_t)len, ")");
            if (validate) {
                len += snprintf(line + len, sizeof line - (size_t)len, "  val");
                for (int i = 0; i < cfg.val_count && len < (int)sizeof line; i++)
                    len += snprintf(line + len, sizeof line - (size_t)len, " %s BER %.2e FER %.2e", point_name(&cfg, i, name, sizeof name), ber[i],
                                    fer[i]);
                if (best && len < (int)sizeof line)
                    len += snprintf(line + len, sizeof line - (size_t)len, " *");
            }
            if (len < (int)sizeof line)
                snprintf(line + len, sizeof line - (size_t)len, "  %.1f steps/s  ETA %s", rate, eta);
            say("%s%s\n", tty ? "\r\033[K" : "", line);
        } else if (tty) {
            const int width = 30, done = (int)(width * s / (steps ? steps : 1));
            say("\r[%.*s%*s] %ld/%ld  loss %.4g  %.1f steps/s  ETA %s", done, "##############################", width - done, "", s,
                    steps, L.total, rate, eta);
        }
        if (writer && s % ckpt_every == 0 && nfec_trainer_save_checkpoint(tr, ckpt, &err) != NFEC_OK)
            goto fail;
    }
    if (tty)
        say("\r\033[K");
    if (writer && nfec_trainer_save_checkpoint(tr, ckpt, &err) != NFEC_OK)
        goto fail;
    {
        const double secs = now_s() - t_start;
        nfec_weights* result = !strcmp(keep, "best") && cfg.val_count > 0 ? nfec_trainer_best_weights(tr, &err) : nfec_weights_clone(nfec_trainer_weights(tr), &err);
        if (!result)
            goto fail;
        /* what happened, in the same words on stderr and in the provenance */
        const int validated = cfg.val_count > 0, improved = validated && nfec_trainer_best_step(tr) > 0;
        char outcome[256] = "";
        if (improved)
            snprintf(outcome, sizeof outcome, "improved validation from %.4f to %.4f (step %ld)", nfec_trainer_start_score(tr),
                     nfec_trainer_best_score(tr), nfec_trainer_best_step(tr));
        else if (validated)
            snprintf(outcome, sizeof outcome, "kept the starting weights: no step improved validation (%.4f)", nfec_trainer_start_score(tr));
        char kept[128];
        if (strcmp(keep, "best") || !validated)
            snprintf(kept, sizeof kept, "the last weights, step %ld", nfec_trainer_steps_done(tr));
        else if (improved)
            snprintf(kept, sizeof kept, "the best weights, from step %ld of %ld", nfec_trainer_best_step(tr), nfec_trainer_steps_done(tr));
        else
            snprintf(kept, sizeof kept, "the starting weights, after %ld steps", nfec_trainer_steps_done(tr));
        char prov[8192], ranks_note[64] = "";
        if (world_size() > 1)
            snprintf(ranks_note, sizeof ranks_note, " x %d MPI ranks", world_size());
        int len = app_invocation(prov, sizeof prov, argc, argv);
        if (len < (int)sizeof prov)
            len += snprintf(prov + len, sizeof prov - (size_t)len,
                            "\n%s\nsteps: %ld%s; %.1f s this run on %d threads%s\nlast batch: loss %.6g, ce %.6g, kd %.6g, sparse %.6g, osd %.6g, ber %.6g\n%s%skept: %s",
                            start, nfec_trainer_steps_done(tr), stop ? " (interrupted)" : "", secs, cfg.threads, ranks_note, L.total, L.ce, L.kd, L.sparse,
                            L.osd, L.ber, outcome, *outcome ? "\n" : "", kept);
        if (data && len < (int)sizeof prov)
            len += snprintf(prov + len, sizeof prov - (size_t)len, " (validation score %.4f = ln BER on %d held-out frames of %s, LLR scale %.4g)",
                            nfec_trainer_best_score(tr), cfg.val_frames, data_path, cfg.data_scale);
        else if (cfg.val_count > 0 && len < (int)sizeof prov) {
            len += snprintf(prov + len, sizeof prov - (size_t)len, " (validation score %.4f = mean ln BER at", nfec_trainer_best_score(tr));
            for (int i = 0; i < cfg.val_count && len < (int)sizeof prov; i++)
                len += snprintf(prov + len, sizeof prov - (size_t)len, " %g", cfg.val_ebn0[i]);
            if (len < (int)sizeof prov)
                snprintf(prov + len, sizeof prov - (size_t)len, " dB, %d frames each)", cfg.val_frames);
        }
        nfec_status st = nfec_weights_set_provenance(result, prov, &err);
        if (st == NFEC_OK && writer)
            st = nfec_weights_save(result, out, &err);
        nfec_weights_destroy(result);
        if (st != NFEC_OK)
            goto fail;
        char took[32];
        fmt_time(secs, took, sizeof took);
        if (*outcome)
            say("neuralfec-train: %s\n", outcome);
        say("neuralfec-train: wrote %s (%s) in %s; checkpoint %s\n", out, kept, took, ckpt);
        if (require_improvement && !improved && !stop) {
            say("neuralfec-train: --require-improvement: %s\n", validated ? "no step improved validation" : "no validation (--val-frames 0?)");
            rc = 3;
            goto done;
        }
    }
    rc = stop ? 130 : 0;
    if (stop) {
        /* the command as given, its own --resume replaced */
        say("neuralfec-train: interrupted; continue with:\n ");
        for (int i = 0; i < argc; i++) {
            if (!strcmp(argv[i], "--resume") && i + 1 < argc) {
                i++;
                continue;
            }
            say(" %s", argv[i]);
        }
        say(" --resume %s\n", ckpt);
    }
    goto done;
fail:
    if (world_size() > 1)
        fprintf(stderr, "neuralfec-train: rank %d: %s\n", world_rank(), err.msg);
    else
        fprintf(stderr, "neuralfec-train: %s\n", err.msg);
    rc = world_fail(rc);
done:
    free(grad_buf);
    nfec_trainer_destroy(tr);
    nfec_recording_destroy(data);
    nfec_weights_destroy(init);
    nfec_code_destroy(code);
    return rc;
}

int main(int argc, char** argv)
{
    world_init(&argc, &argv, "neuralfec-train");
    app_check_stdout_at_exit("neuralfec-train");
    return world_done(run(argc, argv));
}
