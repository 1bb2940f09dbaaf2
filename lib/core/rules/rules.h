/* The check rules, one file each in this folder, and their table: a new
 * rule is its file, its two lines here and its constant in nfec_decoder.h's
 * nfec_update_rule. Included after the vocabulary (minsum.h,
 * sumproduct.h) by the float kernels, the reference path and the backward
 * pass; rule_*() dispatch on a rule that is a constant where they are
 * inlined, so each specialization holds its rule's code only. The int16
 * kernels include minsum.h alone (fixed point runs min-sum only). */
#include "rules/minsum.h"
#include "rules/sumproduct.h"
#define NFEC_CHECK_RULES(X) X(NFEC_MINSUM, minsum) X(NFEC_SUMPRODUCT, sumproduct)

#define R_STATE(id, name) struct name name;
struct rule_state {
    NFEC_CHECK_RULES(R_STATE)
};
#define R_BEGIN(id, name) if (rule == id) name##_begin(&s->name, lim);
R_INLINE void rule_begin(const int rule, struct rule_state* s, RV lim) { NFEC_CHECK_RULES(R_BEGIN) }
#define R_TAKE(id, name) if (rule == id) name##_take(&s->name, p);
R_INLINE void rule_take(const int rule, struct rule_state* s, RV p) { NFEC_CHECK_RULES(R_TAKE) }
#define R_PREP(id, name) rule == id ? name##_prep(a) :
R_INLINE RV rule_prep(const int rule, RV a) { return NFEC_CHECK_RULES(R_PREP) a; }
#define R_EMIT(id, name) rule == id ? name##_emit(&s->name, p) :
R_INLINE RV rule_emit(const int rule, const struct rule_state* s, RV p) { return NFEC_CHECK_RULES(R_EMIT) p; }
#ifdef R_BACKWARD
#define R_BACKWARD_OF(id, name) if (rule == id) name##_backward(a, deg, lim, g_mag, g_a);
static void rule_backward(int rule, const float* a, int deg, float lim, const float* g_mag, float* g_a) { NFEC_CHECK_RULES(R_BACKWARD_OF) }
#endif
