/* The lane driver: a batch of frames through the lanes of a group with early
 * stop, shared by the float and the 16-bit lane layouts (lanes_float.h,
 * lanes_int16.h) and by both schedules (schedule_flooding.h,
 * schedule_layered.h), which make one iteration's passes.
 *
 * Each of the LANES lanes of the group decodes its own frame, at its own
 * iteration: when a lane's frame stops (its hard decision satisfies every
 * check, or T iterations), the frame is written out and, if d->refill, the
 * next frame takes the lane at once, so no lane idles while others finish.
 * Weights then differ per lane: each pass picks them from rows of NFEC_ROW
 * iterations by the lane's slot. A fresh lane's first v -> c messages are
 * its weighted channel values: its totals are set so, and its old c -> v
 * messages are masked off (x - 0 is x, so this is the reference's first
 * iteration bit for bit).
 *
 * The including lane layout defines LANES, the element type ELEM_T, the
 * lane type LANE_T, the types of lanes_step.h, the lane vocabulary of
 * schedule_flooding.h, BUF(d, name) for its work buffers, to_lane_tile()
 * (input of STAGE_TILE values) and from_lane() (output of one), the test
 * unsatisfied(), KERNEL_RULES, the table of the update rules it runs
 * (rules/rules.h), and SCHEDULE_NAME, the name the entry point gets. */
#include <stdint.h>
#include <string.h>

#define ELEMS(d, name) ((ELEM_T*)BUF(d, name))

struct batch {
    const float* in;
    float in_scale;
    size_t nframes, next, base; /* frames read so far; the first in stage */
    uint8_t* bits;
    float* soft;
    int* iterations;
    long total;
    int queue[LANES], head, len; /* staged frames still to take a lane */
};

ALWAYS_INLINE int lane_set(const mask* x, int l) { return x->m[l / VEC][l % VEC] != 0; }

/* Frame `frame` is done after `iters` iterations; its soft output is lane l
 * of buf. */
ALWAYS_INLINE void emit(const struct nfec_decoder* d, struct batch* b, const ELEM_T* buf, int l, size_t frame, int iters)
{
    const size_t base = frame * (size_t)d->n;
    for (int v = 0; v < d->n; v++) {
        const ELEM_T s = buf[(size_t)v * LANES + l];
        if (b->bits)
            b->bits[base + v] = s < 0;
        if (b->soft)
            b->soft[base + v] = from_lane(s);
    }
    if (b->iterations)
        b->iterations[frame] = iters;
    b->total += iters;
}

/* Reads the next (up to) LANES frames into the staging group. With early
 * stop, frames that already satisfy every check are written out at once,
 * with 0 iterations; the others are queued for a lane. */
ALWAYS_INLINE void stage(const struct nfec_decoder* d, struct batch* b)
{
    ELEM_T* st = ELEMS(d, stage);
    const size_t left = b->nframes - b->next;
    const int used = left >= LANES ? LANES : (int)left;
    /* STAGE_TILE values of each frame at a time: converted along the frame
     * (contiguous, so the conversion vectorizes), then dealt into the lanes. */
    for (int v0 = 0; v0 < d->n; v0 += STAGE_TILE) {
        const int w = d->n - v0 < STAGE_TILE ? d->n - v0 : STAGE_TILE;
        ELEM_T tile[LANES][STAGE_TILE];
        for (int k = 0; k < LANES; k++) {
            /* a lane with no frame reads zeros, and a frame's last values are zero-padded (no pointer
             * is formed past the input) */
            const float* in = k < used ? b->in + (b->next + (size_t)k) * d->n + (size_t)v0 : NULL;
            if (in && w == STAGE_TILE) {
                to_lane_tile(b->in_scale, in, tile[k]);
                continue;
            }
            float row[STAGE_TILE] = { 0 };
            if (in)
                memcpy(row, in, (size_t)w * sizeof *row);
            to_lane_tile(b->in_scale, row, tile[k]);
        }
        for (int j = 0; j < w; j++)
            for (int k = 0; k < LANES; k++)
                st[(size_t)(v0 + j) * LANES + k] = tile[k][j];
    }
    mask bad;
    if (d->early_stop)
        bad = unsatisfied(d, BUF(d, stage));
    else
        EACH bad.m[h] = (MASK_T){ 0 } - 1;
    b->head = b->len = 0;
    b->base = b->next;
    for (int k = 0; k < used; k++) {
        if (lane_set(&bad, k))
            b->queue[b->len++] = k;
        else
            emit(d, b, st, k, b->base + (size_t)k, 0);
    }
    b->next += (size_t)used;
}

/* The lane's slot in a weight row at iteration t, and the row's window. */
ALWAYS_INLINE int slot_of(const struct nfec_decoder* d, int t) { return d->invariant ? 0 : t % NFEC_ROW; }
ALWAYS_INLINE int window_of(const struct nfec_decoder* d, int t) { return d->invariant ? 0 : t / NFEC_ROW; }

/* The totals of fresh lanes: their weighted channel values (both
 * schedules start there). */
ALWAYS_INLINE void fresh_totals(const struct nfec_decoder* d, const mask* fresh, const LANE_T* llr, LANE_T* total)
{
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            total[i] = l_sel(fresh->m[h], r_mulw(llr[i], l_w(WF(d).w_ch, NULL, v, s_none(), 1)), total[i]);
        }
}

/* One iteration of every lane: a schedule's passes, specialized for the
 * schedule, the update rule, the weighting, weights that are the same at
 * every iteration (uniform: broadcast as they are) and whether any lane is
 * fresh (masked: the mask costs an operation per edge). Each specialization
 * is a function of its own: inlined into the driver, the passes lost
 * registers to its state and reloaded loop pointers from the stack at every
 * edge. */
ALWAYS_INLINE void passes(struct nfec_decoder* d, const struct step* s, const int schedule, const int rule, const int weighting, const int uniform,
                          const int masked)
{
    if (schedule == NFEC_LAYERED) {
        layered_check_pass(d, s, BUF(d, total), BUF(d, c2v), BUF(d, v2c), rule, weighting, uniform, masked);
        layered_var_pass(d, s, BUF(d, llr), BUF(d, out), BUF(d, total), uniform);
    } else {
        flooding_check_pass(d, s, BUF(d, total), BUF(d, c2v), BUF(d, v2c), BUF(d, sum), rule, weighting, uniform, masked);
        flooding_var_pass(d, s, BUF(d, llr), BUF(d, sum), BUF(d, out), BUF(d, total), uniform);
    }
}
#define PASSES(sch, rule, wt, uniform, masked)                                                                                      \
    static __attribute__((noinline)) void passes_##sch##_##rule##_##wt##uniform##masked(struct nfec_decoder* d, const struct step* s) \
    {                                                                                                                               \
        passes(d, s, sch, rule, wt, uniform, masked);                                                                               \
    }
#define PASSES_OF(sch, rule, wt) PASSES(sch, rule, wt, 0, 0) PASSES(sch, rule, wt, 0, 1) PASSES(sch, rule, wt, 1, 0) PASSES(sch, rule, wt, 1, 1)
#define PASSES_OF_RULE(sch, rule) PASSES_OF(sch, rule, NFEC_WEIGHTING_PLAIN) PASSES_OF(sch, rule, NFEC_WEIGHTING_SCALED) PASSES_OF(sch, rule, NFEC_WEIGHTING_FULL)
#define FLOODING_OF(rule, name, label) PASSES_OF_RULE(NFEC_FLOODING, rule)
#define LAYERED_OF(rule, name, label) PASSES_OF_RULE(NFEC_LAYERED, rule)
KERNEL_RULES(FLOODING_OF)
KERNEL_RULES(LAYERED_OF)
#define PASSES_ROW(sch, rule, wt) { { passes_##sch##_##rule##_##wt##00, passes_##sch##_##rule##_##wt##01 }, { passes_##sch##_##rule##_##wt##10, passes_##sch##_##rule##_##wt##11 } }
#define PASSES_RULE_ROW(sch, rule) [rule] = { PASSES_ROW(sch, rule, NFEC_WEIGHTING_PLAIN), PASSES_ROW(sch, rule, NFEC_WEIGHTING_SCALED), PASSES_ROW(sch, rule, NFEC_WEIGHTING_FULL) },
#define FLOODING_ROW(rule, name, label) PASSES_RULE_ROW(NFEC_FLOODING, rule)
#define LAYERED_ROW(rule, name, label) PASSES_RULE_ROW(NFEC_LAYERED, rule)
typedef void (*passes_fn)(struct nfec_decoder*, const struct step*);
/* [schedule][update rule][weighting][uniform][masked] */
static const passes_fn specialized[2][NFEC_RULE_COUNT][3][2][2] = { [NFEC_FLOODING] = { KERNEL_RULES(FLOODING_ROW) },
                                                                     [NFEC_LAYERED] = { KERNEL_RULES(LAYERED_ROW) } };

static long SCHEDULE_NAME(struct nfec_decoder* d, const float* in, float in_scale, size_t nframes, uint8_t* bits, float* soft, int* iterations)
{
    struct batch b = { .in = in, .in_scale = in_scale, .nframes = nframes, .bits = bits, .soft = soft, .iterations = iterations };
    ELEM_T *llr = ELEMS(d, llr), *out = ELEMS(d, out);
    const ELEM_T* st = ELEMS(d, stage);
    size_t frame[LANES];
    int t[LANES], busy[LANES], nbusy = 0;
    for (int l = 0; l < LANES; l++)
        t[l] = busy[l] = 0;
    for (;;) {
        mask fresh;
        EACH fresh.m[h] = (MASK_T){ 0 };
        int nfresh = 0;
        const int fill = d->refill || nbusy == 0;
        for (int l = 0; fill && l < LANES; l++) {
            if (busy[l])
                continue;
            while (b.head == b.len && b.next < nframes)
                stage(d, &b);
            if (b.head == b.len)
                break;
            const int k = b.queue[b.head++];
            for (int v = 0; v < d->n; v++)
                llr[(size_t)v * LANES + l] = st[(size_t)v * LANES + k];
            frame[l] = b.base + (size_t)k;
            t[l] = 0;
            busy[l] = 1;
            nbusy++;
            nfresh++;
            fresh.m[l / VEC][l % VEC] = -1;
        }
        if (nbusy == 0)
            break;
        if (nfresh)
            fresh_totals(d, &fresh, BUF(d, llr), BUF(d, total));
        /* Lanes in step share a window: all of them when every iteration
         * is in window 0 (d->refill), else they started together. */
        int lead = 0;
        while (!busy[lead])
            lead++;
        struct step s;
        s.win = window_of(d, t[lead]);
        s.win_next = window_of(d, t[lead] + 1 < d->T ? t[lead] + 1 : d->T - 1);
        const int uniform = d->invariant;
        if (!uniform) {
            int slot[LANES], slot_next[LANES];
            for (int l = 0; l < LANES; l++) {
                slot[l] = slot_of(d, t[l]);
                slot_next[l] = slot_of(d, t[l] + 1 < d->T ? t[l] + 1 : d->T - 1);
            }
            make_sel(slot, s.sel);
            make_sel(slot_next, s.sel_next);
        }
        EACH s.keep[h] = ~fresh.m[h];
        specialized[d->schedule][d->update][d->weighting][uniform][nfresh > 0](d, &s);
        mask bad;
        if (d->early_stop)
            bad = unsatisfied(d, BUF(d, out));
        else
            EACH bad.m[h] = (MASK_T){ 0 } - 1;
        for (int l = 0; l < LANES; l++) {
            if (!busy[l])
                continue;
            t[l]++;
            if (t[l] == d->T || !lane_set(&bad, l)) {
                emit(d, &b, out, l, frame[l], t[l]);
                busy[l] = 0;
                nbusy--;
            }
        }
    }
    return b.total;
}
