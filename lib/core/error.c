/* Error codes and the formatted messages that go with them. */
#include "internal.h"
#include <stdarg.h>
#include <stdio.h>

const char* nfec_status_name(nfec_status status)
{
    switch (status) {
    case NFEC_OK:
        return "ok";
    case NFEC_EINVAL:
        return "invalid argument";
    case NFEC_ENOMEM:
        return "out of memory";
    case NFEC_EIO:
        return "i/o error";
    case NFEC_EPARSE:
        return "parse error";
    case NFEC_EMISMATCH:
        return "mismatch";
    case NFEC_EFORMAT:
        return "bad format";
    }
    return "unknown error";
}

nfec_status nfec_fail(nfec_error* err, nfec_status status, const char* fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}
