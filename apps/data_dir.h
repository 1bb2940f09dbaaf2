/* Where the installed apps find gr-neuralfec's data. */
#ifndef INCLUDED_NFEC_APPS_DATA_DIR_H
#define INCLUDED_NFEC_APPS_DATA_DIR_H

#ifdef __cplusplus
extern "C" {
#endif

/* The shipped weights beside this program's install (BIN/../share/...),
 * whatever the prefix; "" when the program's path cannot be read. */
const char* app_weights_dir(void);

#ifdef __cplusplus
}
#endif
#endif
