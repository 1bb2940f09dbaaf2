/* The processes of one run. Started by an MPI launcher (mpirun, srun) in a
 * build with MPI, the job's ranks; otherwise this process alone, as a
 * single-process run has always been. Frames and batches are split by
 * counter ranges (nfec_channel.h), so the ranks need no data from each other
 * but their counters and gradients. */
#ifndef INCLUDED_NFEC_APPS_WORLD_H
#define INCLUDED_NFEC_APPS_WORLD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* First thing in main; program names the error messages. */
void world_init(int* argc, char*** argv, const char* program);
int world_rank(void);
int world_size(void);
/* Worker threads a rank should run by default: the cores of its machine
 * shared by the ranks on it. */
int world_default_threads(void);

/* Every rank's `count` doubles, concatenated in rank order, into all
 * (world_size() * count) on every rank. */
void world_gather(const double* mine, size_t count, double* all);
/* v summed element-wise over the ranks, in rank order: the same bits on
 * every rank and in every run of the same world size. */
void world_sum(double* v, size_t count);

/* The end every rank reaches with the same status (after the same
 * collective calls): waits for the others, returns status for main. */
int world_done(int status);
/* This rank cannot go on: with other ranks, stops the whole job (they could
 * wait for this one forever otherwise); returns status for main. */
int world_fail(int status);

#ifdef __cplusplus
}
#endif
#endif
