/* Output that did not reach stdout is an error the user hears of. */
#ifndef INCLUDED_NFEC_APPS_STDOUT_CHECK_H
#define INCLUDED_NFEC_APPS_STDOUT_CHECK_H

#ifdef __cplusplus
extern "C" {
#endif

/* From main: at exit, stdout is flushed and closed; if that fails (a full
 * disk, /dev/full, a closed pipe) the program says so on stderr, naming
 * itself, and exits 1 (gnulib's close_stdout does the same). */
void app_check_stdout_at_exit(const char* program);

#ifdef __cplusplus
}
#endif
#endif
