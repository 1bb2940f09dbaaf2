#define _POSIX_C_SOURCE 200809L
#include "stdout_check.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
