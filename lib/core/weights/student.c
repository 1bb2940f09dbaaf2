/* Finding a student and checking it decodes a code (nfec_weights.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/internal.h"
#include <gnuradio/neuralfec/nfec_weights.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

nfec_status nfec_student_path(const char* name, const char* dir, char* out, size_t size, nfec_error* err)
{
    if ((size_t)snprintf(out, size, "%s", name) >= size)
        return nfec_fail(err, NFEC_EINVAL, "student '%.64s...': name too long", name);
    if (access(out, F_OK) == 0)
        return NFEC_OK;
    if (dir && *dir && !strchr(name, '/')) {
        if ((size_t)snprintf(out, size, "%s/%s.nfw", dir, name) >= size)
            return nfec_fail(err, NFEC_EINVAL, "student '%.64s...': name too long", name);
        if (access(out, F_OK) == 0)
            return NFEC_OK;
        return nfec_fail(err, NFEC_EIO, "student '%s': no such file, and no shipped student %s.nfw in %s", name, name, dir);
    }
    return nfec_fail(err, NFEC_EIO, "student '%s': no such file", name);
}

nfec_status nfec_weights_fit_code(const nfec_weights* w, const nfec_code* code, nfec_code** own, nfec_error* err)
{
    if (own)
        *own = NULL;
    if (nfec_weights_match_code(w, code, NULL) == NFEC_OK)
        return NFEC_OK;
    nfec_code* other = nfec_code_create(nfec_weights_code_spec(w), err);
    if (!other)
        return err ? err->status : NFEC_EPARSE;
    const int k = nfec_code_k(code);
    const int same = nfec_code_n(other) == nfec_code_n(code) && nfec_code_k(other) == k &&
                     memcmp(nfec_code_info_positions(other), nfec_code_info_positions(code), (size_t)k * sizeof(int)) == 0;
    if (!same) {
        nfec_code_destroy(other);
        return nfec_fail(err, NFEC_EMISMATCH, "the weights were trained for %s, not the same code as %s", nfec_weights_code_spec(w),
                         nfec_code_spec(code));
    }
    if (own)
        *own = other;
    else
        nfec_code_destroy(other);
    return NFEC_OK;
}
