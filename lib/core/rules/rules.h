/* The table of check rules: one file each in this folder (minsum.h,
 * sumproduct.h), listed here and included by all.h; the ids are
 * nfec_update_rule's. A new rule is its file, its line here, its line in
 * all.h and its constant in nfec_weights.h. */
#ifndef INCLUDED_NFEC_RULES_H
#define INCLUDED_NFEC_RULES_H

#define NFEC_CHECK_RULES(X) X(NFEC_MINSUM, minsum) X(NFEC_SUMPRODUCT, sumproduct)

#define NFEC_RULE_ONE(id, name) +1
enum { NFEC_RULE_COUNT = 0 NFEC_CHECK_RULES(NFEC_RULE_ONE) };

#endif
