/* What a pass of either kernel (lanes_float.h, lanes_int16.h) needs of the
 * lanes, given the kernel's G, VEC, ALWAYS_INLINE, EACH, its lane types
 * MASK_T (all-ones or zero per lane) and SEL_T, and sel_elem(slot), the
 * element of SEL_T that makes pick() take a weight row's slot. */

/* Checks between two tests of "every lane has failed" in the syndrome. */
enum { SYN_STRIDE = 16 };
/* Input values of a frame converted at once as it is staged. */
enum { STAGE_TILE = 16 };

/* A lane mask of the whole group. */
typedef struct {
    MASK_T m[G];
} mask;

/* The weight windows of this iteration and the next, each lane's slot in
 * them, and the lanes that keep their c -> v messages (fresh ones do not). */
struct step {
    int win, win_next;
    SEL_T sel[G], sel_next[G];
    MASK_T keep[G];
};

ALWAYS_INLINE void make_sel(const int* slot, SEL_T* sel)
{
    EACH {
        SEL_T x = { 0 };
        for (int l = 0; l < VEC; l++)
            x[l] = sel_elem(slot[h * VEC + l]);
        sel[h] = x;
    }
}
