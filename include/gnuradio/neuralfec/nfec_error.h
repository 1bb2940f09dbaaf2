/* gr-neuralfec C core: error reporting.
 *
 * Every fallible function returns an nfec_status (or NULL) and, when given a
 * non-NULL nfec_error, fills it with a message that names the input and the
 * fault. The library never prints and never aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NFEC_ERROR_H
#define INCLUDED_NFEC_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    NFEC_OK = 0,
    NFEC_EINVAL,    /* an argument is out of range */
    NFEC_ENOMEM,    /* an allocation failed */
    NFEC_EIO,       /* a file could not be opened, read or written */
    NFEC_EPARSE,    /* a file or spec string is malformed */
    NFEC_EMISMATCH, /* two inputs that must agree do not */
    NFEC_EFORMAT,   /* a binary file is not of the expected format or version */
} nfec_status;

enum { NFEC_ERROR_MSG_SIZE = 512 };

typedef struct {
    nfec_status status;
    char msg[NFEC_ERROR_MSG_SIZE];
} nfec_error;

/* A short name for a status code ("parse error", ...). */
const char* nfec_status_name(nfec_status status);

#ifdef __cplusplus
}
#endif
#endif
