/* The neural weighting of a check message's magnitude, the same for every
 * check rule: plain (the rule's magnitude as it is), scaled (w * mag: every
 * offset 0 and every w >= 0, one multiply) or full (w * max(mag - b, 0): the
 * paper's offset and ReLU; with b = 0 and w = 1 it is plain, so the
 * reference path always runs it). Vocabulary beside the rules' (minsum.h):
 * RW, a weight as the build holds it, r_mulw(x, w) = w * x,
 * r_relu_mulw(x, w) = (x > 0 ? w * x : 0) and r_sub(a, b), saturating in
 * int16. The kinds (NFEC_WEIGHTING_*) are in decoder_internal.h. */

R_INLINE RV weigh(RV mag, const int weighting, RW w, RV b)
{
    if (weighting == NFEC_WEIGHTING_SCALED)
        return r_mulw(mag, w);
    if (weighting == NFEC_WEIGHTING_FULL)
        return r_relu_mulw(r_sub(mag, b), w);
    return mag;
}

#ifdef R_BACKWARD
/* G = dL/d(weighted magnitude): adds dL/dw and dL/db to *gw and *gb and
 * returns dL/dmag (none where the ReLU is closed). */
static float weigh_backward(float mag, float w, float b, float G, double* gw, double* gb)
{
    const float r = mag - b;
    if (r <= 0.0f)
        return 0.0f;
    *gw += (double)G * r;
    const float gm = G * w;
    *gb -= gm;
    return gm;
}
#endif
