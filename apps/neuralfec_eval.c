/* neuralfec-eval: BER/FER of decoders straight on the C kernels, on test
 * frames no training run ever sees (the channel's test stream, nfec_channel.h).
 * Fast enough for ablations; neuralfec-bench measures through GNU Radio. */
#define _POSIX_C_SOURCE 200809L
#include "outputs.h"
#include "data_dir.h"
#include "decoder_run.h"
#include "world.h"
#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_spec.h>
#include <gnuradio/neuralfec/nfec_channel.h>
#include <gnuradio/neuralfec/nfec_recording.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A round (between the ranks' exchanges of counts) grows from one chunk per
 * worker up to MAX_DEPTH while it decodes in less than ROUND_SECONDS. */
enum { MAX_DECODERS = 256, MAX_POINTS = 64, MAX_THREADS = 64, CHUNK = 512, MAX_DEPTH = 1024 };
static const double ROUND_SECONDS = 0.5;

typedef struct {
    const char* name;
    nfec_decoder_spec spec;
} named_spec;

/* What a chunk tells every rank: its last frame and its counts (exact in
 * doubles far beyond any run's). */
enum { SLOT_F1, SLOT_BIT_ERR, SLOT_FRAME_ERR, SLOT_ITERATIONS, SLOT_SECONDS, SLOT_FAILED, SLOT_FIELDS };

/* A worker's part of a round: `depth` chunks of CHUNK frames, the j-th from
 * frame first + j * stride (the job's other slots fill the gaps), none past
 * `frames`. */
typedef struct {
    const nfec_code* code;
    decoder_run* run;
    const nfec_channel* channel; /* the point's: shared, only read */
    const nfec_recording* data;  /* or recorded frames, LLR = -scale * soft */
    double scale;
    long first, stride, frames;
    int depth;
    double* out; /* SLOT_FIELDS per chunk */
} job;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void* run_job(void* arg)
{
    job* j = arg;
    const int n = nfec_code_n(j->code), k = nfec_code_k(j->code);
    decoder_run* d = j->run;
    float* llr = malloc(sizeof(float) * (size_t)n * CHUNK);
    uint8_t* info = malloc((size_t)k * CHUNK);
    uint8_t* bits = malloc((size_t)n * CHUNK);
    uint8_t* sent = malloc((size_t)n);
    uint8_t* got = malloc((size_t)k);
    const int failed = !llr || !info || !bits || !sent || !got;
    for (int c = 0; c < j->depth; c++) {
        double* o = j->out + (size_t)c * SLOT_FIELDS;
        const long f0 = j->first + c * j->stride < j->frames ? j->first + c * j->stride : j->frames;
        const long f1 = f0 + CHUNK < j->frames ? f0 + CHUNK : j->frames;
        memset(o, 0, sizeof(double) * SLOT_FIELDS);
        o[SLOT_F1] = (double)f1;
        o[SLOT_FAILED] = failed;
        if (failed || f0 == f1)
            continue;
        const int cnt = (int)(f1 - f0);
        for (int i = 0; i < cnt; i++) {
            float* x = llr + (size_t)i * n;
            if (!j->data) {
                nfec_channel_frame(j->channel, 0, (int)(f0 + i), info + (size_t)i * k, sent, x, NULL);
                continue;
            }
            nfec_recording_frame(j->data, f0 + i, x, sent);
            nfec_code_extract_info(j->code, sent, info + (size_t)i * k);
            for (int v = 0; v < n; v++)
                x[v] = (float)(-j->scale * x[v]);
        }
        const double t0 = now();
        o[SLOT_ITERATIONS] = (double)decoder_run_decode(d, llr, 1.0f, (size_t)cnt, bits);
        o[SLOT_SECONDS] = now() - t0;
        for (int i = 0; i < cnt; i++) {
            nfec_code_extract_info(j->code, bits + (size_t)i * n, got);
            long e = 0;
            for (int b = 0; b < k; b++)
                e += got[b] != info[(size_t)i * k + b];
            o[SLOT_BIT_ERR] += (double)e;
            o[SLOT_FRAME_ERR] += e > 0;
        }
    }
    free(llr);
    free(info);
    free(bits);
    free(sent);
    free(got);
    return NULL;
}

static int usage(FILE* out)
{
    fprintf(out,
            "usage: neuralfec-eval --code SPEC --decoders LIST (--ebn0 LIST | --data FILE [--llr-scale S|auto])\n"
            "                      [--frames N] [--target-errors E]\n"
            "                      [--modulation M] [--channel C] [--seed S] [--threads N] [--weights-dir DIR] [--csv FILE]\n"
            "LIST of decoders, comma-separated (every one sees the same frames: random codewords, test stream):\n"
            "  minsum:T  nms:T:ALPHA[:BETA]  oms:T:BETA  bp:T[:DAMPING], each with :full (no early stop) and :layered\n"
            "  (the row-layered schedule); student:FILE|NAME   (message passing)\n"
            "  osd:W  bm  chase:P   (ordered statistics of order W; Berlekamp-Massey and Chase-II, BCH codes)\n"
            "  +osd:W after a message-passing decoder: OSD on the frames it fails; @int16 at the end: fixed point\n"
            "--ebn0: numbers and ranges A:B:STEP, comma-separated (4,5,6 or 1:6:0.5); Eb/N0 per information bit\n"
            "--modulation bpsk|qpsk|8psk|16qam|64qam[:maxlog] (bpsk; Gray, exact LLRs unless :maxlog)\n"
            "--data FILE instead of --ebn0: the recorded frames of FILE (docs/recording-format.md), up to --frames,\n"
            "  with LLR = -S * soft value: --llr-scale S, or auto (default): estimated from the file's soft values\n"
            "  (and printed; two-level soft bits: BPSK, QPSK)\n"
            "--channel awgn|rayleigh-fast|rayleigh-block:L, then :no-csi (only the fade's phase known) and/or\n"
            "  :interleaved (code bits permuted before mapping) (awgn)\n"
            "--frames (20000): per point, at most; --target-errors (0: none): a point stops after the chunk of\n"
            "%d frames in which its frame errors reach E (the same frames and counts for any number of threads);\n"
            "--seed (1000), --threads (all cores), --weights-dir (%s): where student:NAME finds\n"
            "NAME.nfw. Mbit/s: information bits per second of decoding time, per thread.\n"
            "Under mpirun (or srun) the ranks share every point's frames by counter ranges (--threads each,\n"
            "default: the machine's cores shared by its ranks); the counts are those of one process.\n",
            CHUNK,
            app_weights_dir());
    return out == stdout ? 0 : 2;
}

static int fail(const char* msg)
{
    if (world_size() > 1)
        fprintf(stderr, "neuralfec-eval: rank %d: %s\n", world_rank(), msg);
    else
        fprintf(stderr, "neuralfec-eval: %s\n", msg);
    return world_fail(2);
}

int main(int argc, char** argv)
{
    world_init(&argc, &argv, "neuralfec-eval");
    app_check_stdout_at_exit("neuralfec-eval");
    const char *spec = NULL, *list = NULL, *points = NULL, *csv = NULL, *weights_dir = app_weights_dir();
    const char *modulation = NULL, *fading = NULL, *data_path = NULL, *scale_text = "auto";
    long frames = 20000, seed = 1000, threads = world_default_threads(), target = 0;
    nfec_error err = { 0 };
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return world_done(world_rank() ? 0 : usage(stdout));
        if (i + 1 >= argc)
            return world_done(usage(stderr));
        const char *a = argv[i], *v = argv[++i];
        nfec_status st = NFEC_OK;
        if (!strcmp(a, "--code"))
            spec = v;
        else if (!strcmp(a, "--decoders"))
            list = v;
        else if (!strcmp(a, "--ebn0"))
            points = v;
        else if (!strcmp(a, "--csv"))
            csv = v;
        else if (!strcmp(a, "--modulation"))
            modulation = v;
        else if (!strcmp(a, "--data"))
            data_path = v;
        else if (!strcmp(a, "--llr-scale"))
            scale_text = v;
        else if (!strcmp(a, "--channel"))
            fading = v;
        else if (!strcmp(a, "--weights-dir"))
            weights_dir = v;
        else if (!strcmp(a, "--frames"))
            st = nfec_parse_long(v, 1, 1L << 40, "--frames", &frames, &err);
        else if (!strcmp(a, "--target-errors"))
            st = nfec_parse_long(v, 0, 1L << 40, "--target-errors", &target, &err);
        else if (!strcmp(a, "--seed"))
            st = nfec_parse_long(v, 0, 0x7fffffffffffffffL, "--seed", &seed, &err);
        else if (!strcmp(a, "--threads"))
            st = nfec_parse_long(v, 1, MAX_THREADS, "--threads", &threads, &err);
        else
            return world_done(usage(stderr));
        if (st != NFEC_OK)
            return fail(err.msg);
    }
    if (!spec || !list || !points == !data_path)
        return world_done(usage(stderr));
    if (frames > 0x7fffffffL)
        return fail("--frames: at most 2147483647 (frame indices of the test stream are 32-bit)");
    nfec_channel_config base;
    nfec_channel_config_default(&base);
    if (nfec_channel_config_parse(&base, modulation, fading, &err) != NFEC_OK)
        return fail(err.msg);
    char mod_text[64], channel_text[64];
    nfec_channel_modulation_text(&base, mod_text, sizeof mod_text);
    nfec_channel_channel_text(&base, channel_text, sizeof channel_text);
    nfec_code* code = nfec_code_create(spec, &err);
    if (!code)
        return fail(err.msg);
    static named_spec decs[MAX_DECODERS];
    int nd = 0;
    char* names = strdup(list);
    for (char* tok = strtok(names, ","); tok; tok = strtok(NULL, ",")) {
        if (nd == MAX_DECODERS)
            return fail("too many decoders");
        decs[nd].name = tok;
        if (nfec_decoder_spec_parse(tok, &decs[nd].spec, &err) != NFEC_OK)
            return fail(err.msg);
        /* refuse a decoder that cannot be made before any frame is run */
        decoder_run* probe = decoder_run_create(code, &decs[nd].spec, weights_dir, &err);
        if (!probe)
            return fail(err.msg);
        decoder_run_destroy(probe);
        nd++;
    }
    double ebn0[MAX_POINTS];
    int np = 1;
    ebn0[0] = NAN; /* the recording's one point */
    if (points && nfec_parse_ebn0_list(points, ebn0, MAX_POINTS, &np, &err) != NFEC_OK)
        return fail(err.msg);
    nfec_recording* data = NULL;
    double data_scale = 1.0;
    if (data_path) {
        if (modulation || fading)
            return fail("--data: the recording's channel is the one it was recorded on (no --modulation or --channel)");
        if (!(data = nfec_recording_load(data_path, code, &err)))
            return fail(err.msg);
        frames = frames < nfec_recording_frames(data) ? frames : nfec_recording_frames(data);
        if (frames < 1)
            return fail("--data: the recording holds no frames");
        if (!strcmp(scale_text, "auto")) {
            if (!((data_scale = nfec_recording_llr_scale(data, frames)) > 0))
                return fail("out of memory");
            if (world_rank() == 0)
                fprintf(stderr, "neuralfec-eval: %s: %ld frames; LLR scale estimated from their soft values: %.4g\n", data_path, frames, data_scale);
        } else if (nfec_parse_double(scale_text, 1e-6, 1e6, "--llr-scale", &data_scale, &err) != NFEC_OK)
            return fail(err.msg);
        snprintf(mod_text, sizeof mod_text, "recorded");
        snprintf(channel_text, sizeof channel_text, "%s", data_path);
    }
    /* rank 0 writes; the others count */
    const int writer = world_rank() == 0;
    FILE* out = NULL;
    char tmp_csv[4096];
    if (csv && writer) {
        snprintf(tmp_csv, sizeof tmp_csv, "%s.tmp", csv);
        if (!(out = fopen(tmp_csv, "w"))) {
            fprintf(stderr, "neuralfec-eval: cannot write %s\n", tmp_csv);
            return world_fail(1);
        }
        fprintf(out, "code,decoder,ebn0_db,frames,bit_errors,frame_errors,ber,fer,neg_ln_ber,mean_iterations,info_mbps_per_thread,modulation,channel\n");
    }
    const int k = nfec_code_k(code);
    /* The job's workers (slots): this rank's are [slot0, slot0 + threads) of
     * all_slots; a round's chunks go to the slots in turn, frame indices in
     * order over the ranks' threads. */
    const int ranks = world_size();
    double* rank_threads = malloc(sizeof(double) * (size_t)ranks);
    if (!rank_threads)
        return fail("out of memory");
    const double my_threads = (double)threads;
    world_gather(&my_threads, 1, rank_threads);
    long slot0 = 0, all_slots = 0, most = 0;
    for (int r = 0; r < ranks; r++) {
        slot0 += r < world_rank() ? (long)rank_threads[r] : 0;
        all_slots += (long)rank_threads[r];
        most = (long)rank_threads[r] > most ? (long)rank_threads[r] : most;
    }
    /* per rank: at most most threads x MAX_DEPTH chunks */
    const size_t block = (size_t)most * MAX_DEPTH * SLOT_FIELDS;
    double* mine = calloc(block, sizeof(double));
    double* slots = malloc(sizeof(double) * block * (size_t)ranks);
    if (!mine || !slots)
        return fail("out of memory");
    if (writer)
        printf("%-40s %6s %8s %9s %9s %9s %7s %6s %8s\n", "decoder", "Eb/N0", "frames", "bit err", "BER", "FER", "-lnBER", "iters", "Mbit/s");
    for (int di = 0; di < nd; di++) {
        decoder_run* runs[MAX_THREADS];
        for (int t = 0; t < threads; t++)
            if (!(runs[t] = decoder_run_create(code, &decs[di].spec, weights_dir, &err)))
                return fail(err.msg);
        for (int pi = 0; pi < np; pi++) {
            long be = 0, fe = 0, it = 0, done = 0;
            double sec = 0, t_shown = now();
            nfec_channel_config cc = base;
            cc.seed = (uint64_t)seed;
            cc.ebn0_db = data ? 0.0 : ebn0[pi];
            nfec_channel* channel = nfec_channel_create(code, &cc, &err);
            if (!channel)
                return fail(err.msg);
            int depth = 1;
            while (done < frames && (target == 0 || fe < target)) {
                job jobs[MAX_THREADS];
                pthread_t ids[MAX_THREADS];
                for (int t = 0; t < threads; t++) {
                    jobs[t] = (job){ .code = code, .run = runs[t], .channel = channel, .data = data, .scale = data_scale, .first = done + (slot0 + t) * CHUNK,
                                     .stride = all_slots * CHUNK, .frames = frames, .depth = depth,
                                     .out = mine + (size_t)t * (size_t)depth * SLOT_FIELDS };
                    pthread_create(&ids[t], NULL, run_job, &jobs[t]);
                }
                for (int t = 0; t < threads; t++)
                    pthread_join(ids[t], NULL);
                /* a round's counts: per rank, most threads x depth chunks */
                const size_t sent = (size_t)most * (size_t)depth * SLOT_FIELDS;
                world_gather(mine, sent, slots);
                /* chunks in index order up to the one that reaches the
                 * target: the counts of a single thread, whatever the number
                 * of threads and ranks and the rounds' depth */
                double slowest = 0;
                for (int c = 0; c < depth; c++)
                    for (int r = 0; r < ranks; r++)
                        for (int t = 0; t < (int)rank_threads[r]; t++) {
                            const double* m = slots + (size_t)r * sent + ((size_t)t * (size_t)depth + (size_t)c) * SLOT_FIELDS;
                            if (m[SLOT_FAILED])
                                return fail("out of memory for the frames");
                            slowest = m[SLOT_SECONDS] * depth > slowest ? m[SLOT_SECONDS] * depth : slowest;
                            if (done >= frames || (target != 0 && fe >= target))
                                continue;
                            be += (long)m[SLOT_BIT_ERR];
                            fe += (long)m[SLOT_FRAME_ERR];
                            it += (long)m[SLOT_ITERATIONS];
                            sec += m[SLOT_SECONDS];
                            done = (long)m[SLOT_F1];
                        }
                /* fewer exchanges where rounds are quick (every rank sees
                 * the same counts, so all choose the same depth) */
                if (slowest < ROUND_SECONDS && depth < MAX_DEPTH)
                    depth *= 2;
                const double t_round = now();
                /* long points (many frames, many ranks) tell how far they are */
                if (writer && t_round - t_shown >= 10.0) {
                    fprintf(stderr, "neuralfec-eval: %s at %g dB: %ld frames, %ld frame errors so far\n", decs[di].name, ebn0[pi], done, fe);
                    t_shown = t_round;
                }
            }
            const double ber = (double)be / ((double)done * k), fer = (double)fe / done;
            const double nl = be ? -log(ber) : INFINITY, iters = (double)it / done;
            const double mbps = sec > 0 ? (double)done * k / sec * 1e-6 : 0;
            if (writer) {
                char point[16];
                if (data)
                    snprintf(point, sizeof point, "%6s", "data");
                else
                    snprintf(point, sizeof point, "%6.2f", ebn0[pi]);
                printf("%-40s %s %8ld %9ld %9.3e %9.3e %7.3f %6.2f %8.2f\n", decs[di].name, point, done, be, ber, fer, nl, iters, mbps);
            }
            if (out)
                fprintf(out, "\"%s\",\"%s\",%g,%ld,%ld,%ld,%.6e,%.6e,%.4f,%.4f,%.3f,\"%s\",\"%s\"\n", spec, decs[di].name, ebn0[pi], done, be, fe, ber, fer,
                        nl, iters, mbps, mod_text, channel_text);
            nfec_channel_destroy(channel);
            if (fflush(stdout) != 0)
                return fail("cannot write the table to stdout");
        }
        for (int t = 0; t < threads; t++)
            decoder_run_destroy(runs[t]);
    }
    if (out && (fflush(out) != 0 || fsync(fileno(out)) != 0 || fclose(out) != 0 || rename(tmp_csv, csv) != 0)) {
        fprintf(stderr, "neuralfec-eval: cannot write %s\n", csv);
        return world_fail(1);
    }
    free(names);
    nfec_recording_destroy(data);
    free(rank_threads);
    free(mine);
    free(slots);
    nfec_code_destroy(code);
    return world_done(0);
}
