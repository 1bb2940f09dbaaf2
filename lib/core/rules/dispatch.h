/* rule_*(): one call for every rule of KERNEL_RULES (the includer's subset
 * of rules.h's table, whose files it has included). They dispatch on a rule
 * that is a constant where they are inlined, so each specialization holds
 * its rule's code only. */
#include "rules/rules.h"

#define R_STATE(id, name, label) struct name name;
struct rule_state {
    KERNEL_RULES(R_STATE)
};
#define R_BEGIN(id, name, label) if (rule == id) name##_begin(&s->name, lim);
R_INLINE void rule_begin(const int rule, struct rule_state* s, RV lim) { KERNEL_RULES(R_BEGIN) }
#define R_TAKE(id, name, label) if (rule == id) name##_take(&s->name, p);
R_INLINE void rule_take(const int rule, struct rule_state* s, RV p) { KERNEL_RULES(R_TAKE) }
#define R_PREP(id, name, label) rule == id ? name##_prep(a) :
R_INLINE RV rule_prep(const int rule, RV a) { return KERNEL_RULES(R_PREP) a; }
#define R_EMIT(id, name, label) rule == id ? name##_emit(&s->name, p) :
R_INLINE RV rule_emit(const int rule, const struct rule_state* s, RV p) { return KERNEL_RULES(R_EMIT) p; }
#ifdef R_BACKWARD
#define R_BACKWARD_OF(id, name, label) if (rule == id) name##_backward(a, deg, lim, g_mag, g_a);
static void rule_backward(int rule, const float* a, int deg, float lim, const float* g_mag, float* g_a) { KERNEL_RULES(R_BACKWARD_OF) }
#endif
