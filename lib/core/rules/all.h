/* Every check rule, for the builds that run them all (the float kernels, the
 * reference path, the backward pass), included after their vocabulary
 * (minsum.h); then the dispatch over the table (dispatch.h). */
#include "rules/minsum.h"
#include "rules/sumproduct.h"
#define KERNEL_RULES NFEC_CHECK_RULES
#include "rules/dispatch.h"
