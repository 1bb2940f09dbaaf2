#define _POSIX_C_SOURCE 200809L
#include "invocation.h"
#include <stdio.h>
#include <time.h>

int app_invocation(char* buf, size_t size, int argc, char** argv)
{
    int len = snprintf(buf, size, "command:");
    for (int i = 0; i < argc && len < (int)size; i++)
        len += snprintf(buf + len, size - (size_t)len, " %s", argv[i]);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    if (len < (int)size)
        len += (int)strftime(buf + len, size - (size_t)len, "\ndate: %Y-%m-%dT%H:%M:%SZ", &tm);
    return len < (int)size ? len : (int)size - 1;
}
