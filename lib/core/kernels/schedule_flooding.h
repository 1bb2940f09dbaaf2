/* The flooding schedule: each iteration every check speaks from the totals
 * of the previous one, then every variable sums what it heard. Written once
 * for every lane layout, in its vocabulary:
 *   types ELEM_T (a weight), LANE_T (a group vector), TOK_T (sign tokens, a
 *   product of signs being their XOR), MASK_T, SEL_T, RW (rules/weighting.h);
 *   WF(d), WR(d): the decoder's weights, flat and in lane rows;
 *   l_zero, l_all (an all-ones mask), l_lim (the message clamp), l_clamp,
 *   l_keep(x, mask), l_add, l_sub (saturating where the layout saturates),
 *   l_abs, l_tok(x), l_tok_none, l_memo(rule, x, p, tok) (what a check keeps
 *   of an edge between its loops) with l_memo_mag and l_memo_tok, l_signed
 *   (a magnitude with a token's sign), l_sel(mask, a, b), s_none (slots for
 *   uniform weights), l_w / l_b (weight or offset i: flat, or each lane's
 *   slot of its row);
 * and the rule vocabulary (rules/minsum.h). Each step is the reference
 * path's (decoder/reference.c) operation for operation. */

/* A check's first loop, both schedules': each edge's v -> c message is its
 * variable's total less the edge's own c -> v message (none in fresh
 * lanes), clamped; the rule takes its magnitude and scratch keeps its memo.
 * Layered, the unclamped difference replaces the old c -> v message, which
 * nothing reads again: the total is that plus the new one
 * (schedule_layered.h). Returns the product of the edges' signs. */
ALWAYS_INLINE TOK_T check_take(const struct nfec_decoder* d, int e0, int e1, int h, const LANE_T* total, LANE_T* c2v, LANE_T* scratch,
                               MASK_T keep, const int rule, struct rule_state* st, const int layered)
{
    rule_begin(rule, st, l_lim());
    TOK_T sgn = l_tok_none();
    for (int e = e0; e < e1; e++) {
        const LANE_T rest = l_sub(total[d->edge_var[e] * G + h], l_keep(c2v[e * G + h], keep));
        if (layered)
            c2v[e * G + h] = rest;
        const LANE_T x = l_clamp(rest);
        const TOK_T tok = l_tok(x);
        const LANE_T p = rule_prep(rule, l_abs(x));
        scratch[e * G + h] = l_memo(rule, x, p, tok);
        sgn ^= tok;
        rule_take(rule, st, p);
    }
    return sgn;
}

/* Edge e's new c -> v message: the rule's magnitude over the other edges,
 * weighted, with the sign product of the other edges (all of them, the
 * edge's own token XORed out). */
ALWAYS_INLINE LANE_T check_emit(const struct nfec_decoder* d, const struct step* s, int e, int h, const LANE_T* scratch, TOK_T sgn,
                                const struct rule_state* st, const int rule, const int weighting, const int uniform)
{
    const ELEM_T* wcv = WR(d).w_cv + (size_t)s->win * d->edges * NFEC_ROW;
    const ELEM_T* bcv = WR(d).b_cv + (size_t)s->win * d->edges * NFEC_ROW;
    const LANE_T q = scratch[e * G + h];
    const LANE_T mag = weigh(rule_emit(rule, st, l_memo_mag(q)), weighting, l_w(WF(d).w_cv, wcv, e, s->sel[h], uniform),
                             l_b(WF(d).b_cv, bcv, e, s->sel[h], uniform));
    return l_signed(mag, sgn ^ l_memo_tok(q));
}

/* One iteration's check pass, with the variable side folded in: each v -> c
 * message is made as the check reads it, from the variable totals of the
 * previous iteration, and each new c -> v message is added to its
 * variable's sum as it is made. Edges are numbered check by check, so every
 * sum runs over its variable's edges in the reference's order. The v -> c
 * values of a check live only in `scratch`; the only E-sized array is c2v,
 * read and written in order. */
ALWAYS_INLINE void flooding_check_pass(const struct nfec_decoder* d, const struct step* s, const LANE_T* total, LANE_T* c2v, LANE_T* scratch,
                                       LANE_T* sum, const int rule, const int weighting, const int uniform, const int masked)
{
    /* damped sum-product (decoder_internal.h): the new message mixed with
     * the edge's old one, except in fresh lanes, which have none */
    const int damped = rule == NFEC_SUMPRODUCT && d->damping != 0.0f;
    for (int v = 0; v < d->n * G; v++)
        sum[v] = l_zero();
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        EACH {
            struct rule_state st;
            const TOK_T sgn = check_take(d, e0, e1, h, total, c2v, scratch, masked ? s->keep[h] : l_all(), rule, &st, 0);
            for (int e = e0; e < e1; e++) {
                LANE_T y = check_emit(d, s, e, h, scratch, sgn, &st, rule, weighting, uniform);
                if (damped) {
                    const LANE_T mixed = l_add(r_mulw(y, l_w(WF(d).damp, NULL, 0, s_none(), 1)),
                                               r_mulw(c2v[e * G + h], l_w(WF(d).damp, NULL, 1, s_none(), 1)));
                    y = masked ? l_sel(s->keep[h], mixed, y) : mixed;
                }
                c2v[e * G + h] = y;
                const int v = d->edge_var[e] * G + h;
                sum[v] = l_add(sum[v], y);
            }
        }
    }
}

/* Each lane's soft output of its iteration and the totals its v -> c
 * messages of the next are made from. */
ALWAYS_INLINE void flooding_var_pass(const struct nfec_decoder* d, const struct step* s, const LANE_T* llr, const LANE_T* sum, LANE_T* out,
                                     LANE_T* total, const int uniform)
{
    const ELEM_T* wout = WR(d).w_out + (size_t)s->win * d->n * NFEC_ROW;
    const ELEM_T* wch = WR(d).w_ch + (size_t)s->win_next * d->n * NFEC_ROW;
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            out[i] = l_add(r_mulw(llr[i], l_w(WF(d).w_out, wout, v, s->sel[h], uniform)), sum[i]);
            total[i] = l_add(sum[i], r_mulw(llr[i], l_w(WF(d).w_ch, wch, v, s->sel_next[h], uniform)));
        }
}
