/* Files in and out. Atomic replacement: write a temp file of a name no other
 * writer shares beside the target, fsync it, rename it over the target,
 * fsync the directory; a reader (or a crash) sees the old file or the new
 * one, never a part. Only regular files are read or replaced: a FIFO would
 * block a reader forever, and renaming over a device node would replace the
 * device. */
#define _POSIX_C_SOURCE 200809L
#include "util/internal.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE* nfec_open_regular(const char* path, nfec_error* err)
{
    /* non-blocking, so opening a FIFO returns at once and is refused below */
    const int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0) {
        nfec_fail(err, NFEC_EIO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        nfec_fail(err, NFEC_EIO, "%s: not a regular file", path);
        return NULL;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE* f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        nfec_fail(err, NFEC_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    return f;
}

struct nfec_atomic_file {
    int fd;
    int failed; /* errno of the first failed write, or 0 */
    char* path;
    char* tmp;
};

nfec_atomic_file* nfec_atomic_open(const char* path, nfec_error* err)
{
    struct stat old;
    if (stat(path, &old) == 0 && !S_ISREG(old.st_mode)) {
        nfec_fail(err, NFEC_EIO, "%s: not a regular file; refusing to replace it", path);
        return NULL;
    }
    const size_t len = strlen(path);
    nfec_atomic_file* f = calloc(1, sizeof *f);
    char* copy = malloc(len + 1);
    char* tmp = malloc(len + 32);
    if (!f || !copy || !tmp) {
        free(f);
        free(copy);
        free(tmp);
        nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    memcpy(copy, path, len + 1);
    snprintf(tmp, len + 32, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd >= 0 && fchmod(fd, 0644) != 0) {
        close(fd);
        unlink(tmp);
        fd = -1;
    }
    if (fd < 0) {
        nfec_fail(err, NFEC_EIO, "%s: cannot create: %s", tmp, strerror(errno));
        free(f);
        free(copy);
        free(tmp);
        return NULL;
    }
    f->fd = fd;
    f->path = copy;
    f->tmp = tmp;
    return f;
}

void nfec_atomic_write(nfec_atomic_file* f, const void* data, size_t size)
{
    const unsigned char* p = data;
    size_t done = 0;
    while (!f->failed && done < size) {
        ssize_t w = write(f->fd, p + done, size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            f->failed = w < 0 ? errno : ENOSPC;
        else
            done += (size_t)w;
    }
}

static void free_atomic(nfec_atomic_file* f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

void nfec_atomic_abandon(nfec_atomic_file* f)
{
    if (!f)
        return;
    close(f->fd);
    unlink(f->tmp);
    free_atomic(f);
}

nfec_status nfec_atomic_commit(nfec_atomic_file* f, nfec_error* err)
{
    int saved = f->failed;
    int ok = !saved && fsync(f->fd) == 0;
    if (!ok && !saved)
        saved = errno;
    ok = close(f->fd) == 0 && ok;
    if (!ok && !saved)
        saved = errno;
    if (!ok || rename(f->tmp, f->path) != 0) {
        if (ok)
            saved = errno;
        unlink(f->tmp);
        nfec_status st = nfec_fail(err, NFEC_EIO, "%s: cannot write: %s", f->path, strerror(saved));
        free_atomic(f);
        return st;
    }
    /* The rename itself is durable once the directory is synced. */
    char* dir = f->tmp; /* as long as the path: room for its directory */
    memcpy(dir, f->path, strlen(f->path) + 1);
    char* slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = 0;
    else
        strcpy(dir, ".");
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free_atomic(f);
    return NFEC_OK;
}

nfec_status nfec_write_atomic(const char* path, const void* data, size_t size, nfec_error* err)
{
    nfec_atomic_file* f = nfec_atomic_open(path, err);
    if (!f)
        return err ? err->status : NFEC_EIO;
    nfec_atomic_write(f, data, size);
    return nfec_atomic_commit(f, err);
}
