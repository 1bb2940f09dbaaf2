/* Error codes and the formatted messages that go with them. */
#include "util/internal.h"
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

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static int utf8_length(const unsigned char* s)
{
    const int len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || (len == 2 && s[0] < 0xc2) || (len == 4 && s[0] > 0xf4))
        return 0;
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((len == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (len == 3 && s[0] == 0xed && s[1] >= 0xa0) || (len == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
        (len == 4 && s[0] == 0xf4 && s[1] >= 0x90))
        return 0; /* overlong, surrogate or beyond U+10FFFF */
    return len;
}

nfec_status nfec_fail(nfec_error* err, nfec_status status, const char* fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
        /* messages quote files and user strings: keep them valid UTF-8, so
         * every caller (Python among them) can show them */
        for (unsigned char* p = (unsigned char*)err->msg; *p;) {
            const int len = utf8_length(p);
            if (len == 0)
                *p++ = '?';
            else
                p += len;
        }
    }
    return status;
}
