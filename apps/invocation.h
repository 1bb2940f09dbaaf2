/* The command line and the UTC date, for the provenance of files the apps write. */
#ifndef INCLUDED_NFEC_APPS_INVOCATION_H
#define INCLUDED_NFEC_APPS_INVOCATION_H

#include <stddef.h>

/* Writes "command: PROGRAM ARGS...\ndate: YYYY-MM-DDTHH:MM:SSZ" into buf, PROGRAM
 * without its directory; returns its length. */
int app_invocation(char* buf, size_t size, int argc, char** argv);

#endif
