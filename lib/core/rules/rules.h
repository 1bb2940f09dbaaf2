/* The table of check rules: one file each in this folder (minsum.h,
 * sumproduct.h), listed here with their names and included by all.h; the
 * ids are nfec_update_rule's. A new rule is its file, its line here, its
 * line in all.h and its constant in nfec_weights.h; every check of a rule
 * id, every name and every kernel specialization comes from this table. */
#ifndef INCLUDED_NFEC_RULES_H
#define INCLUDED_NFEC_RULES_H

#define NFEC_CHECK_RULES(X) X(NFEC_MINSUM, minsum, "min-sum") X(NFEC_SUMPRODUCT, sumproduct, "sum-product")

#define NFEC_RULE_ONE(id, name, label) +1
enum { NFEC_RULE_COUNT = 0 NFEC_CHECK_RULES(NFEC_RULE_ONE) };

#endif
