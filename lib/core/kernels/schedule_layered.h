/* The row-layered schedule: checks speak one after another, each from the
 * totals as the checks before it left them, and each updates its
 * variables' totals at once (total = total - c2v(t - 1) + c2v(t); the check
 * reads that difference clamped), so a message crosses several checks
 * within one iteration. The weights'
 * channel part enters as iteration t begins (d_ch(t) l) and the output is
 * total + d_out(t) l (decoder_internal.h). In schedule_flooding.h's lane
 * vocabulary; each step is the reference path's operation for operation. */

ALWAYS_INLINE void layered_check_pass(const struct nfec_decoder* d, const struct step* s, LANE_T* total, LANE_T* c2v, LANE_T* scratch, const int rule,
                                      const int weighting, const int uniform, const int masked)
{
    for (int c = 0; c < d->m; c++) {
        const int e0 = d->check_start[c], e1 = d->check_start[c + 1];
        EACH {
            const MASK_T keep = masked ? s->keep[h] : l_all();
            struct rule_state st;
            const TOK_T sgn = check_take(d, e0, e1, h, total, c2v, scratch, keep, rule, &st, 1);
            for (int e = e0; e < e1; e++) {
                const int v = d->edge_var[e] * G + h;
                const LANE_T y = check_emit(d, s, e, h, scratch, sgn, &st, rule, weighting, uniform);
                /* total - c2v(t - 1) + c2v(t), with the difference as it was before the message clamp (the
                 * clamped x would drop what the other checks said once a total passes the clamp): check_take
                 * left it in c2v */
                const LANE_T rest = c2v[e * G + h];
                c2v[e * G + h] = y;
                total[v] = l_add(rest, y);
            }
        }
    }
}

ALWAYS_INLINE void layered_var_pass(const struct nfec_decoder* d, const struct step* s, const LANE_T* llr, LANE_T* out, LANE_T* total,
                                    const int uniform)
{
    const ELEM_T* dout = WR(d).d_out + (size_t)s->win * d->n * NFEC_ROW;
    const ELEM_T* dch = WR(d).d_ch + (size_t)s->win_next * d->n * NFEC_ROW;
    for (int v = 0; v < d->n; v++)
        EACH {
            const int i = v * G + h;
            out[i] = l_add(total[i], r_mulw(llr[i], l_w(WF(d).d_out, dout, v, s->sel[h], uniform)));
            total[i] = l_add(total[i], r_mulw(llr[i], l_w(WF(d).d_ch, dch, v, s->sel_next[h], uniform)));
        }
}
