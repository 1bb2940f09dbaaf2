/* Helpers every part of the C core uses (errors, limits, files, hashing);
 * not part of the public API. */
#ifndef INCLUDED_NFEC_INTERNAL_H
#define INCLUDED_NFEC_INTERNAL_H

#include <gnuradio/neuralfec/nfec_code.h>
#include <gnuradio/neuralfec/nfec_error.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NFEC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NFEC_PRINTF(a, b)
#endif

/* Fills err (if any) and returns status. */
nfec_status nfec_fail(nfec_error* err, nfec_status status, const char* fmt, ...)
    NFEC_PRINTF(3, 4);

/* Sizes above these are refused as absurd rather than attempted. */
enum { NFEC_MAX_N = 1 << 20, NFEC_MAX_EDGES = 1 << 26, NFEC_MAX_ITERATIONS = 10000 };

/* Opens a regular file for reading (a FIFO, device or directory is refused
 * with a message, never waited on). */
FILE* nfec_open_regular(const char* path, nfec_error* err);
/* Writes data to path atomically (temp file, fsync, rename); refuses to
 * replace anything but a regular file. */
nfec_status nfec_write_atomic(const char* path, const void* data, size_t size, nfec_error* err);
/* The same written piece by piece: open (the temp file), write any number
 * of times (a failure is kept for commit), then commit (fsync, rename: the
 * file appears whole or not at all) or abandon (the temp file removed). */
typedef struct nfec_atomic_file nfec_atomic_file;
nfec_atomic_file* nfec_atomic_open(const char* path, nfec_error* err);
void nfec_atomic_write(nfec_atomic_file* f, const void* data, size_t size);
nfec_status nfec_atomic_commit(nfec_atomic_file* f, nfec_error* err);
void nfec_atomic_abandon(nfec_atomic_file* f);

/* FNV-1a, 64 bits, over a byte range, continuing from h. */
uint64_t nfec_fnv1a(uint64_t h, const void* data, size_t len);
#define NFEC_FNV_INIT 0xcbf29ce484222325ULL

#ifdef __cplusplus
}
#endif

#endif
