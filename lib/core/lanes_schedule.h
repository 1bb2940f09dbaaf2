/* The flooding schedule with early stop, shared by the float and the 16-bit
 * kernels (minsum_lanes.h, fixed_lanes.h). The including kernel defines the
 * lane types LANE_T and MASK_T (MASK_T lanes all-ones or zero), the group
 * type mask, select_lane(), BUF(d, name) for its work buffers, the passes
 * check_pass() (with the v -> c side folded in) and var_pass(), the test
 * unsatisfied(), and SCHEDULE_NAME, the name the entry point gets. */

/* Lanes newly satisfied (bad clear, done clear) latch src into final and
 * record t iterations; returns the updated done mask. */
ALWAYS_INLINE mask latch(const struct nfec_decoder* d, mask done, mask bad, const LANE_T* src, LANE_T* final, int t, int* iters)
{
    EACH {
        const MASK_T fresh = ~bad.m[h] & ~done.m[h];
        for (int v = 0; v < d->n; v++)
            final[v * G + h] = select_lane(fresh, src[v * G + h], final[v * G + h]);
        for (int l = 0; l < VEC; l++)
            if (fresh[l])
                iters[h * VEC + l] = t;
        done.m[h] |= fresh;
    }
    return done;
}

ALWAYS_INLINE int all_set(mask x)
{
    int r = -1;
    EACH for (int l = 0; l < VEC; l++) r &= x.m[h][l];
    return r != 0;
}

ALWAYS_INLINE void run_rule(struct nfec_decoder* d, int* iters, const int rule)
{
    const LANE_T* llr = BUF(d, llr);
    LANE_T *scratch = BUF(d, v2c), *c2v = BUF(d, c2v), *out = BUF(d, out), *final = BUF(d, final);
    LANE_T *sum = BUF(d, sum), *total = BUF(d, total);
    mask done, none;
    EACH done.m[h] = none.m[h] = (MASK_T){ 0 };
    for (int l = 0; l < G * VEC; l++)
        iters[l] = d->T;
    if (d->early_stop) {
        done = latch(d, done, unsatisfied(d, llr), llr, final, 0, iters);
        if (all_set(done))
            return;
    }
    for (int t = 0; t < d->T; t++) {
        const int last = t + 1 == d->T;
        if (t == 0)
            check_pass(d, t, llr, total, c2v, scratch, sum, rule, 1);
        else
            check_pass(d, t, llr, total, c2v, scratch, sum, rule, 0);
        var_pass(d, t, llr, sum, out, total, !last);
        if (last)
            break;
        if (d->early_stop) {
            done = latch(d, done, unsatisfied(d, out), out, final, t + 1, iters);
            if (all_set(done))
                return;
        }
    }
    latch(d, done, none, out, final, d->T, iters);
}

/* One specialization per check rule: the common ones skip work. */
ALWAYS_INLINE void SCHEDULE_NAME(struct nfec_decoder* d, int* iters)
{
    if (d->check_rule == NFEC_RULE_PLAIN)
        run_rule(d, iters, NFEC_RULE_PLAIN);
    else if (d->check_rule == NFEC_RULE_SCALED)
        run_rule(d, iters, NFEC_RULE_SCALED);
    else
        run_rule(d, iters, NFEC_RULE_FULL);
}
