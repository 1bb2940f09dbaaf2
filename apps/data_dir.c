#define _POSIX_C_SOURCE 200809L
#include "data_dir.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char* app_weights_dir(void)
{
    static char dir[PATH_MAX + 64];
    char exe[PATH_MAX];
    const ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return "";
    exe[len] = 0;
    char* slash = strrchr(exe, '/');
    if (slash)
        *slash = 0;
    snprintf(dir, sizeof dir, "%s/%s", exe, NFEC_BIN_TO_WEIGHTS);
    return dir;
}
