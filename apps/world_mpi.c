/* world.h over MPI. MPI starts only when a launcher started this process
 * (its environment says so): run by hand, a program of an MPI build is the
 * single process it always was, without MPI's start-up or its allocations
 * (which the sanitizer builds would report). */
#define _POSIX_C_SOURCE 200809L
#include "world.h"
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int started, rank, size = 1, local = 1;
static const char* name = "";

static int launched(void)
{
    /* OpenMPI's mpirun; PMI and PMIx launchers (MPICH's, Slurm's srun) */
    static const char* vars[] = { "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

void world_init(int* argc, char*** argv, const char* program)
{
    name = program;
    if (!launched())
        return;
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
        fprintf(stderr, "%s: MPI_Init failed\n", program);
        exit(1);
    }
    started = 1;
    /* a failed collective returns an error to its caller, which stops the job */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm node;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Comm_size(node, &local);
        MPI_Comm_free(&node);
    }
}

int world_rank(void) { return rank; }
int world_size(void) { return size; }

int world_default_threads(void)
{
    const long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const long t = cores / local;
    return t > 0 ? (int)t : 1;
}

static void check(int rc, const char* what)
{
    if (rc == MPI_SUCCESS)
        return;
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    fprintf(stderr, "%s: rank %d: %s failed (%.*s); stopping the job\n", name, rank, what, len, msg);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

void world_gather(const double* mine, size_t count, double* all)
{
    if (size == 1) {
        memmove(all, mine, count * sizeof *all);
        return;
    }
    if (count > (size_t)0x7fffffff)
        check(MPI_ERR_COUNT, "MPI_Allgather");
    check(MPI_Allgather(mine, (int)count, MPI_DOUBLE, all, (int)count, MPI_DOUBLE, MPI_COMM_WORLD), "MPI_Allgather");
}

void world_sum(double* v, size_t count)
{
    if (size == 1)
        return;
    /* gathered and added here rather than MPI_Allreduce, whose order of
     * addition is the library's choice */
    double* all = malloc(sizeof *all * count * (size_t)size);
    if (!all) {
        fprintf(stderr, "%s: rank %d: out of memory for the reduction; stopping the job\n", name, rank);
        MPI_Abort(MPI_COMM_WORLD, 1);
        exit(1);
    }
    world_gather(v, count, all);
    for (size_t i = 0; i < count; i++) {
        double s = 0.0;
        for (int r = 0; r < size; r++)
            s += all[(size_t)r * count + i];
        v[i] = s;
    }
    free(all);
}

int world_done(int status)
{
    if (started) {
        check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
        MPI_Finalize();
        started = 0;
    }
    return status;
}

int world_fail(int status)
{
    if (started && size > 1) {
        fflush(stdout);
        MPI_Abort(MPI_COMM_WORLD, status ? status : 1);
    }
    if (started)
        MPI_Finalize();
    started = 0;
    return status;
}
