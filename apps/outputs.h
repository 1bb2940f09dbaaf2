/* The apps' outputs: output that did not reach stdout is an error the user
 * hears of, and an output file that cannot be written is found before the
 * work, not after it. */
#ifndef INCLUDED_NFEC_APPS_OUTPUTS_H
#define INCLUDED_NFEC_APPS_OUTPUTS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* From main: at exit, stdout is flushed and closed; if that fails (a full
 * disk, /dev/full, a closed pipe) the program says so on stderr, naming
 * itself, and exits 1 (gnulib's close_stdout does the same). */
void app_check_stdout_at_exit(const char* program);

/* 1 when path can be written as a file (its directory exists and is
 * writable, and the path is not a directory, device or FIFO); else 0 with
 * the reason in why. */
int app_output_path_ok(const char* path, char* why, size_t size);

#ifdef __cplusplus
}
#endif
#endif
