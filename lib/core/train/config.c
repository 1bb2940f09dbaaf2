/* The training configuration: its defaults, its checks, and the settings a
 * checkpoint must match, one table of fields with the options that set
 * them, so a resumed run that differs is told which option. */
#include "train/train_internal.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include "rules/rules.h"
#include "util/internal.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nfec_train_config_default(nfec_train_config* c)
{
    memset(c, 0, sizeof *c);
    c->student_iterations = 5;
    c->teacher_iterations = 30;
    c->lambda_kd = 1.0;
    c->gamma_sparse = 0.01;
    c->p_kd = 2.0;
    c->p_sparse = 1.0;
    c->t0 = -1;
    c->kd_temperature = 4.0;
    /* The recipe docs/results.md chose on validation frames: from the
     * normalization scan, cross-entropy over all iterations plus a soft
     * distillation of a normalized min-sum teacher's soft outputs, annealed
     * away over the first half of a default run. Sparsity is an option. */
    c->use_ce = 1;
    c->multiloss = 1;
    c->use_kd = 1;
    c->teacher_alpha = 0.7f;
    c->kd_form = NFEC_KD_SOFT;
    c->kd_target = NFEC_KD_SOFT_OUTPUT;
    c->kd_map = NFEC_MAP_PROPORTIONAL;
    c->kd_anneal = 1500;
    c->osd_weight = 1.0;
    c->osd_temperature = 1.0;
    c->ber_temperature = 2.0;
    c->init_alpha = 1.0f;
    c->lr = 0.01;
    c->beta1 = 0.9;
    c->beta2 = 0.999;
    c->eps = 1e-8;
    c->batch = 120;
    c->ebn0_lo = 1.0;
    c->ebn0_hi = 6.0;
    c->seed = 1;
    c->threads = 1;
    c->shards = 1;
    nfec_channel_config_default(&c->channel);
    c->data_scale = 1.0;
    c->data_validation = 0.2;
    c->val_frames = 4000;
    c->val_count = 3;
    c->val_ebn0[0] = 3.0;
    c->val_ebn0[1] = 4.0;
    c->val_ebn0[2] = 5.0;
}

void nfec_train_channel(const nfec_train_config* c, int stream, nfec_channel_config* out)
{
    *out = c->channel;
    out->seed = c->seed;
    out->stream = stream;
    /* beyond BPSK a bit's LLRs depend on the other bits of its symbol: the
     * all-zero codeword would train on one constellation point */
    out->random_codewords = stream == NFEC_STREAM_TRAIN && c->channel.modulation == NFEC_MOD_BPSK ? c->random_codewords : 1;
    out->ebn0_db = c->ebn0_lo;
}

nfec_status nfec_train_config_check(const nfec_train_config* c, nfec_error* err)
{
    if (c->student_iterations < 1 || c->student_iterations > 100 || c->teacher_iterations < 1 || c->teacher_iterations > 1000)
        return nfec_fail(err, NFEC_EINVAL, "iterations: student %d (1..100), teacher %d (1..1000)", c->student_iterations, c->teacher_iterations);
    if (c->batch < 1 || c->batch > 1000000 || c->threads < 1 || c->threads > 256)
        return nfec_fail(err, NFEC_EINVAL, "batch %d (1..1000000) or threads %d (1..256) out of range", c->batch, c->threads);
    if (c->shards < 1 || c->shards > c->batch || c->shard < 0 || c->shard >= c->shards)
        return nfec_fail(err, NFEC_EINVAL, "shard %d of %d: shards are 1..batch (%d), the shard 0..shards-1", c->shard, c->shards, c->batch);
    if (!(c->p_kd >= 1.0) || !(c->p_sparse >= 1.0) || !(c->p_kd <= 8) || !(c->p_sparse <= 8))
        return nfec_fail(err, NFEC_EINVAL, "norm orders must be in 1..8 (p_kd %g, p_sparse %g)", c->p_kd, c->p_sparse);
    if (!(c->lr > 0) || !(c->beta1 >= 0 && c->beta1 < 1) || !(c->beta2 >= 0 && c->beta2 < 1) || !(c->eps > 0) || !(c->clip >= 0))
        return nfec_fail(err, NFEC_EINVAL, "Adam settings out of range (lr %g, betas %g %g, eps %g, clip %g)", c->lr, c->beta1, c->beta2, c->eps, c->clip);
    if (!isfinite(c->ebn0_lo) || !isfinite(c->ebn0_hi) || c->ebn0_lo > c->ebn0_hi || c->ebn0_lo < -10 || c->ebn0_hi > 30)
        return nfec_fail(err, NFEC_EINVAL, "training Eb/N0 range %g..%g dB is not an interval within -10..30", c->ebn0_lo, c->ebn0_hi);
    if (c->kd_form < NFEC_KD_RAW || c->kd_form > NFEC_KD_SOFT || c->kd_target < 0 || c->kd_target > 1 || c->kd_map < 0 ||
        c->kd_map > NFEC_MAP_LAST || !(c->kd_temperature > 0) || c->kd_anneal < 0 || c->total_steps < 0 || c->lr_warmup < 0)
        return nfec_fail(err, NFEC_EINVAL, "distillation settings out of range (form %d, target %d, map %d, temperature %g)", c->kd_form, c->kd_target,
                         c->kd_map, c->kd_temperature);
    if (!(c->use_ce || c->use_kd || c->use_sparse || c->use_osd || c->use_ber))
        return nfec_fail(err, NFEC_EINVAL, "no loss term selected");
    if (c->osd_order < 0 || c->osd_order > NFEC_OSD_MAX_ORDER)
        return nfec_fail(err, NFEC_EINVAL, "OSD order %d is outside 0..%d", c->osd_order, NFEC_OSD_MAX_ORDER);
    if (c->use_osd && (c->osd_order < 1 || !(c->osd_weight >= 0 && isfinite(c->osd_weight)) || !(c->osd_temperature > 0 && isfinite(c->osd_temperature))))
        return nfec_fail(err, NFEC_EINVAL, "the osd term trains for OSD of an order 1..%d (--osd-order, not %d) with a weight >= 0 (not %g) "
                         "and a positive temperature (not %g)", NFEC_OSD_MAX_ORDER, c->osd_order, c->osd_weight, c->osd_temperature);
    if (c->use_ber && !(c->ber_temperature > 0 && isfinite(c->ber_temperature)))
        return nfec_fail(err, NFEC_EINVAL, "the ber term needs a positive temperature (--ber-temperature, not %g)", c->ber_temperature);
    if (!(c->hard_frames >= 0.0 && c->hard_frames <= 0.9) || (c->hard_frames > 0.0 && c->data))
        return nfec_fail(err, NFEC_EINVAL, "hard frames: a fraction of the batch in 0..0.9 (not %g), and not with recorded data", c->hard_frames);
    if (c->data) {
        const long frames = nfec_recording_frames(c->data), held = (long)(c->data_validation * (double)frames);
        if (!(c->data_scale > 0 && isfinite(c->data_scale)) || !(c->data_validation > 0 && c->data_validation < 1))
            return nfec_fail(err, NFEC_EINVAL, "recorded data: LLR scale %g (a positive number), validation fraction %g (between 0 and 1)",
                             c->data_scale, c->data_validation);
        if (held < 1 || frames - held < 1)
            return nfec_fail(err, NFEC_EINVAL, "recorded data: %ld frames cannot be split into training and validation (%g of them)", frames,
                             c->data_validation);
        if (c->val_count != 1 || c->val_frames > held)
            return nfec_fail(err, NFEC_EINVAL, "recorded data: one validation point of at most the %ld held-out frames, not %d of %d", held,
                             c->val_count, c->val_frames);
    }
    if (c->val_count < 0 || c->val_count > NFEC_MAX_VAL_SNRS || c->val_frames < 0 || c->val_frames > 1000000 ||
        (c->val_count > 0 && c->val_frames < 1))
        return nfec_fail(err, NFEC_EINVAL, "validation: %d SNRs (0..%d), %d frames", c->val_count, NFEC_MAX_VAL_SNRS, c->val_frames);
    if (!isfinite(c->lambda_kd) || !isfinite(c->gamma_sparse) || !isfinite(c->init_alpha) || !isfinite(c->teacher_alpha))
        return nfec_fail(err, NFEC_EINVAL, "loss weights and initial values must be finite");
    if ((unsigned)c->rule >= NFEC_RULE_COUNT || (unsigned)c->teacher_rule >= NFEC_RULE_COUNT || (c->schedule != NFEC_FLOODING && c->schedule != NFEC_LAYERED) ||
        (c->teacher_schedule != NFEC_FLOODING && c->teacher_schedule != NFEC_LAYERED))
        return nfec_fail(err, NFEC_EINVAL, "unknown update rule or schedule (student %d/%d, teacher %d/%d)", (int)c->rule, (int)c->schedule,
                         (int)c->teacher_rule, (int)c->teacher_schedule);
    if ((unsigned)c->sharing >= NFEC_SHARING_COUNT)
        return nfec_fail(err, NFEC_EINVAL, "unknown sharing %d", c->sharing);
    if (!(c->teacher_damping >= 0.0f && c->teacher_damping < 1.0f) ||
        (c->teacher_damping != 0.0f && (c->teacher_file || c->teacher_rule != NFEC_SUMPRODUCT || c->teacher_schedule != NFEC_FLOODING)))
        return nfec_fail(err, NFEC_EINVAL, "teacher damping %g: 0 <= damping < 1, on a sum-product flooding teacher (bp:T:DAMPING) only",
                         (double)c->teacher_damping);
    return NFEC_OK;
}

enum { F_INT, F_LONG, F_FLOAT, F_DOUBLE, F_U64 };
/* Every field of nfec_train_config that shapes a run, by the
 * neuralfec-train option that sets it. */
static const struct field {
    const char* name;
    const char* option;
    int type;
    size_t offset;
} fields[] = {
#define FIELD(member, option, type) { #member, option, type, offsetof(nfec_train_config, member) }
    FIELD(student_iterations, "--iterations", F_INT),
    FIELD(teacher_iterations, "--teacher", F_INT),
    FIELD(teacher_alpha, "--teacher", F_FLOAT),
    FIELD(teacher_rule, "--teacher", F_INT),
    FIELD(teacher_schedule, "--teacher", F_INT),
    FIELD(teacher_damping, "--teacher", F_FLOAT),
    FIELD(rule, "--rule", F_INT),
    FIELD(schedule, "--schedule", F_INT),
    FIELD(lambda_kd, "--lambda", F_DOUBLE),
    FIELD(gamma_sparse, "--gamma", F_DOUBLE),
    FIELD(p_kd, "--p-kd", F_DOUBLE),
    FIELD(p_sparse, "--p-sparse", F_DOUBLE),
    FIELD(kd_form, "--kd-form", F_INT),
    FIELD(kd_temperature, "--kd-temperature", F_DOUBLE),
    FIELD(kd_target, "--kd-target", F_INT),
    FIELD(kd_map, "--kd-map", F_INT),
    FIELD(kd_anneal, "--kd-schedule", F_LONG),
    FIELD(sparse_tanh, "--sparse-on", F_INT),
    FIELD(lr_cosine, "--lr-schedule", F_INT),
    FIELD(lr_warmup, "--lr-warmup", F_LONG),
    FIELD(total_steps, "--steps", F_LONG),
    FIELD(multiloss, "--multiloss/--single-loss", F_INT),
    FIELD(use_ce, "--loss", F_INT),
    FIELD(use_kd, "--loss", F_INT),
    FIELD(use_sparse, "--loss", F_INT),
    FIELD(use_osd, "--loss", F_INT),
    FIELD(osd_weight, "--osd-weight", F_DOUBLE),
    FIELD(osd_temperature, "--osd-temperature", F_DOUBLE),
    FIELD(osd_order, "--osd-order", F_INT),
    FIELD(use_ber, "--loss", F_INT),
    FIELD(ber_temperature, "--ber-temperature", F_DOUBLE),
    FIELD(offsets, "--offsets", F_INT),
    FIELD(sharing, "--sharing", F_INT),
    FIELD(init_alpha, "--init-alpha", F_FLOAT),
    FIELD(lr, "--lr", F_DOUBLE),
    FIELD(beta1, "--beta1", F_DOUBLE),
    FIELD(beta2, "--beta2", F_DOUBLE),
    FIELD(eps, "(Adam epsilon)", F_DOUBLE),
    FIELD(clip, "--clip", F_DOUBLE),
    FIELD(batch, "--batch", F_INT),
    FIELD(ebn0_lo, "--ebn0", F_DOUBLE),
    FIELD(ebn0_hi, "--ebn0", F_DOUBLE),
    FIELD(random_codewords, "--random-codewords", F_INT),
    FIELD(hard_frames, "--hard-frames", F_DOUBLE),
    FIELD(channel.modulation, "--modulation", F_INT),
    FIELD(channel.demapper, "--modulation", F_INT),
    FIELD(channel.fading, "--channel", F_INT),
    FIELD(channel.fading_block, "--channel", F_INT),
    FIELD(channel.csi, "--channel", F_INT),
    FIELD(channel.interleave, "--channel", F_INT),
    FIELD(data_scale, "--llr-scale", F_DOUBLE),
    FIELD(data_validation, "--data-validation", F_DOUBLE),
    FIELD(data_id, "--data", F_U64),
    FIELD(seed, "--seed", F_U64),
    FIELD(threads, "--threads", F_INT),
    FIELD(shards, "the number of MPI ranks, mpirun -np", F_INT),
#undef FIELD
};

static int format_field(const struct field* f, const nfec_train_config* c, char* buf, size_t len)
{
    const char* p = (const char*)c + f->offset;
    switch (f->type) {
    case F_INT:
        return snprintf(buf, len, "%s=%d\n", f->name, *(const int*)p);
    case F_LONG:
        return snprintf(buf, len, "%s=%ld\n", f->name, *(const long*)p);
    case F_FLOAT:
        return snprintf(buf, len, "%s=%.9g\n", f->name, (double)*(const float*)p);
    case F_DOUBLE:
        return snprintf(buf, len, "%s=%.17g\n", f->name, *(const double*)p);
    default:
        return snprintf(buf, len, "%s=%llu\n", f->name, (unsigned long long)*(const uint64_t*)p);
    }
}

nfec_status nfec_train_settings(const nfec_code* code, const nfec_train_config* c, const char* teacher_file, int t0, char** out, nfec_error* err)
{
    const size_t cap = 4096 + (teacher_file ? strlen(teacher_file) : 0);
    char* s = malloc(cap);
    if (!s)
        return nfec_fail(err, NFEC_ENOMEM, "out of memory");
    size_t len = (size_t)snprintf(s, cap, "code=%016llx\nteacher_file=%s\nt0=%d\n", (unsigned long long)nfec_code_hash(code),
                                  teacher_file ? teacher_file : "-", t0);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0] && len < cap; i++)
        len += (size_t)format_field(&fields[i], c, s + len, cap - len);
    *out = s;
    return NFEC_OK;
}

/* The option that sets a settings line's field. */
static const char* option_of(const char* name, size_t len)
{
    static const struct {
        const char* name;
        const char* option;
    } extra[] = { { "code", "--code" }, { "teacher_file", "--teacher" }, { "t0", "--t0" } };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (strlen(extra[i].name) == len && !strncmp(extra[i].name, name, len))
            return extra[i].option;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == len && !strncmp(fields[i].name, name, len))
            return fields[i].option;
    return "an option";
}

nfec_status nfec_train_settings_compare(const char* theirs, size_t theirs_len, const char* ours, const char* path, nfec_error* err)
{
    const char *a = theirs, *a_end = theirs + theirs_len, *b = ours;
    while (a < a_end && *b) {
        const char* ae = memchr(a, '\n', (size_t)(a_end - a));
        const char* be = strchr(b, '\n');
        if (!ae || !be)
            break;
        if ((size_t)(ae - a) != (size_t)(be - b) || memcmp(a, b, (size_t)(be - b)) != 0) {
            const char* eq = memchr(b, '=', (size_t)(be - b));
            const char* aeq = memchr(a, '=', (size_t)(ae - a));
            if (!eq || !aeq)
                break;
            return nfec_fail(err, NFEC_EMISMATCH, "%s: the checkpoint was made with %.*s = %.*s, this run has %.*s (%s); resume with the checkpoint's options",
                             path, (int)(eq - b), b, (int)(ae - aeq - 1), aeq + 1, (int)(be - eq - 1), eq + 1, option_of(b, (size_t)(eq - b)));
        }
        a = ae + 1;
        b = be + 1;
    }
    if (a == a_end && !*b)
        return NFEC_OK;
    return nfec_fail(err, NFEC_EMISMATCH, "%s: the checkpoint's settings do not match this run's (a different build?)", path);
}
