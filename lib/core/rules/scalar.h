/* The rule vocabulary (rules/minsum.h, rules/sumproduct.h,
 * rules/weighting.h) for one float: the reference path's and the backward
 * pass's. Each operation is the one the SIMD builds perform lane by lane. */
#include "decoder/decoder_internal.h"
#include <stdint.h>
#include <string.h>

#define R_INLINE static inline
typedef float RV;
typedef int32_t RI;
typedef float RW;
R_INLINE RV r_splat(float x) { return x; }
R_INLINE RI r_isplat(int32_t x) { return x; }
R_INLINE RV r_min(RV a, RV b) { return a < b ? a : b; }
R_INLINE RV r_max(RV a, RV b) { return a > b ? a : b; }
R_INLINE RV r_eq_sel(RV a, RV b, RV x, RV y) { return a == b ? x : y; }
R_INLINE RV r_lt_sel(RV a, RV b, RV x, RV y) { return a < b ? x : y; }
R_INLINE RI r_bits(RV x)
{
    RI i;
    memcpy(&i, &x, sizeof i);
    return i;
}
R_INLINE RV r_from_bits(RI i)
{
    RV x;
    memcpy(&x, &i, sizeof x);
    return x;
}
R_INLINE RV r_mulw(RV x, RW w) { return x * w; }
R_INLINE RV r_relu_mulw(RV x, RW w) { return x > 0.0f ? x * w : 0.0f; }
R_INLINE RV r_sub(RV a, RV b) { return a - b; }

#include "rules/all.h"
#include "rules/weighting.h"
