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

nfec_status nfec_write_atomic(const char* path, const void* data, size_t size, nfec_error* err)
{
    struct stat old;
    if (stat(path, &old) == 0 && !S_ISREG(old.st_mode))
        return nfec_fail(err, NFEC_EIO, "%s: not a regular file; refusing to replace it", path);
    size_t len = strlen(path);
    char* tmp = malloc(len + 32);
    if (!tmp)
        return nfec_fail(err, NFEC_ENOMEM, "%s: out of memory", path);
    snprintf(tmp, len + 32, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd >= 0 && fchmod(fd, 0644) != 0) {
        close(fd);
        unlink(tmp);
        fd = -1;
    }
    if (fd < 0) {
        nfec_status st = nfec_fail(err, NFEC_EIO, "%s: cannot create: %s", tmp, strerror(errno));
        free(tmp);
        return st;
    }
    const unsigned char* p = data;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, p + done, size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int saved = errno;
    int ok = done == size && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        if (ok)
            saved = errno;
        unlink(tmp);
        free(tmp);
        return nfec_fail(err, NFEC_EIO, "%s: cannot write: %s", path, strerror(saved));
    }
    free(tmp);
    /* The rename itself is durable once the directory is synced. */
    char* dir = malloc(len + 2);
    if (dir) {
        memcpy(dir, path, len + 1);
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
        free(dir);
    }
    return NFEC_OK;
}
