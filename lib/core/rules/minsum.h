/* Min-sum: a check sends each edge the least input magnitude among its
 * other edges.
 *
 * A check rule file (see rules.h) is included by a kernel, the reference
 * path or the backward pass after that file has defined its vocabulary:
 * RV (a value: float, a SIMD vector of floats or of int16), R_INLINE,
 * r_min, r_max and r_eq_sel(a, b, x, y) = (a == b ? x : y), lane by lane.
 * The same lines then compute every build's messages, so all agree bit for
 * bit. A rule sees magnitudes only; signs are the kernels' and the same for
 * every rule.
 *
 * State: the least and the second least magnitude. An edge holding the
 * least gets the second; it is recognized by value, not by index: on a tie
 * both are the same value, so the message is the same either way. */

struct minsum {
    RV min1, min2;
};

/* lim: the largest magnitude a message can have (the kernel's clamp). */
R_INLINE void minsum_begin(struct minsum* s, RV lim) { s->min1 = s->min2 = lim; }
/* What the check keeps of an edge's magnitude between take and emit. */
R_INLINE RV minsum_prep(RV a) { return a; }
R_INLINE void minsum_take(struct minsum* s, RV p)
{
    s->min2 = r_min(r_max(p, s->min1), s->min2);
    s->min1 = r_min(p, s->min1);
}
R_INLINE RV minsum_emit(const struct minsum* s, RV p) { return r_eq_sel(p, s->min1, s->min2, s->min1); }

#ifdef R_BACKWARD
/* g_a[j] += dL/da_j given g_mag[e] = dL/dmag_e over one check's deg edges
 * (a: their magnitudes). Each edge's magnitude is one other edge's: the
 * least's (the first edge reaching it, as a strict scan finds it) or, for
 * that edge, the second least's. None when every magnitude is at the clamp
 * lim (the message is the constant lim). */
static void minsum_backward(const float* a, int deg, float lim, const float* g_mag, float* g_a)
{
    float min1 = lim, min2 = lim;
    int arg1 = -1, arg2 = -1;
    for (int e = 0; e < deg; e++) {
        if (a[e] < min1) {
            min2 = min1;
            arg2 = arg1;
            min1 = a[e];
            arg1 = e;
        } else if (a[e] < min2) {
            min2 = a[e];
            arg2 = e;
        }
    }
    for (int e = 0; e < deg; e++) {
        const int src = e == arg1 ? arg2 : arg1;
        if (src >= 0)
            g_a[src] += g_mag[e];
    }
}
#endif
