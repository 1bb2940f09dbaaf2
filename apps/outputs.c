#define _POSIX_C_SOURCE 200809L
#include "outputs.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* program_name = "";

static void check_stdout(void)
{
    errno = 0;
    const int failed = fflush(stdout) != 0 || ferror(stdout);
    int why = errno;
    if (fclose(stdout) != 0 || failed) {
        why = why ? why : errno;
        /* an earlier write may have failed with its errno long gone */
        fprintf(stderr, "%s: cannot write to standard output%s%s\n", program_name, why ? ": " : "", why ? strerror(why) : "");
        _exit(1);
    }
}

void app_check_stdout_at_exit(const char* program)
{
    program_name = program;
    atexit(check_stdout);
}

int app_output_path_ok(const char* path, char* why, size_t size)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(why, size, "%s: not a regular file", path);
        return 0;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char* slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        slash[slash == dir ? 1 : 0] = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK) != 0) {
        snprintf(why, size, "%s: %s is not a writable directory", path, dir);
        return 0;
    }
    return 1;
}
