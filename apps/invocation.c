#define _POSIX_C_SOURCE 200809L
#include "invocation.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int app_invocation(char* buf, size_t size, int argc, char** argv)
{
    /* the tool by name, not the directory it was built or installed in */
    const char* slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
    int len = snprintf(buf, size, "command: %s", argc > 0 ? (slash ? slash + 1 : argv[0]) : "");
    for (int i = 1; i < argc && len < (int)size; i++)
        len += snprintf(buf + len, size - (size_t)len, " %s", argv[i]);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    if (len < (int)size)
        len += (int)strftime(buf + len, size - (size_t)len, "\ndate: %Y-%m-%dT%H:%M:%SZ", &tm);
    return len < (int)size ? len : (int)size - 1;
}
