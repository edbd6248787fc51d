/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A device tree from a DTB file or from a directory tree laid out as Linux
 * shows one in /proc/device-tree: each regular file is a property (its
 * bytes the value), each directory a node.  Entries are taken in name
 * order, so the same directory always gives the same blob.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "axl_cmd.h"
#include "axl_dtread.h"
#include "axl_infile.h"

#define DT_MAX_SIZE     (256u << 20)    /* refuse larger input */
#define DT_FIRST_SIZE   (64u << 10)     /* the blob's first buffer */
#define DT_MAX_DEPTH    64

/* Reads @fd to its end into a malloc'd buffer, first sized for @hint
 * bytes (a file's size: one buffer of the right size per property);
 * -1 with errno set. */
static int slurp_fd(int fd, size_t hint, char **buf_r, size_t *len_r)
{
    char *buf = NULL, *nb;
    size_t len = 0, cap = 0;

    for (;;) {
        ssize_t n;

        if (cap == len) {
            size_t ncap = cap ? cap * 2
                          : hint < 64 ? 64
                          : hint < DT_MAX_SIZE ? hint + 1 : DT_MAX_SIZE;

            if (ncap > (size_t)DT_MAX_SIZE + 4096) {
                free(buf);
                errno = EFBIG;
                return -1;
            }
            nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                errno = ENOMEM;
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;

            free(buf);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *buf_r = buf;
    *len_r = len;
    return 0;
}

/* ---- a directory tree into a blob ------------------------------------ */

typedef struct dir_writer {
    void *fdt;
    size_t size;            /* of the buffer at fdt */
    char *failed;           /* the path a system call failed on */
    int err;                /* its errno */
} dir_writer;

/* More room: the tree so far moved to a buffer twice the size (growing
 * in place, so that each file is read once). */
static int grow(dir_writer *w)
{
    size_t nsize = w->size * 2;
    void *nb;
    int r;

    if (w->size >= DT_MAX_SIZE)
        return -FDT_ERR_NOSPACE;
    nb = malloc(nsize);
    if (!nb)
        return -FDT_ERR_NOSPACE;
    r = fdt_resize(w->fdt, nb, (int)nsize);
    if (r) {
        free(nb);
        return r;
    }
    free(w->fdt);
    w->fdt = nb;
    w->size = nsize;
    return 0;
}

static int w_begin_node(dir_writer *w, const char *name)
{
    int r;

    while ((r = fdt_begin_node(w->fdt, name)) == -FDT_ERR_NOSPACE &&
           !(r = grow(w)))
        ;
    return r;
}

static int w_end_node(dir_writer *w)
{
    int r;

    while ((r = fdt_end_node(w->fdt)) == -FDT_ERR_NOSPACE && !(r = grow(w)))
        ;
    return r;
}

static int w_property(dir_writer *w, const char *name, const void *v,
                      int len)
{
    int r;

    while ((r = fdt_property(w->fdt, name, v, len)) == -FDT_ERR_NOSPACE &&
           !(r = grow(w)))
        ;
    return r;
}

/* A system error: remembered for the one error line; returns 1. */
static int sys_fail(dir_writer *w, const char *path, int err)
{
    if (!w->failed) {
        w->failed = strdup(path);
        w->err = err;
    }
    return 1;
}

static int not_dots(const struct dirent *e)
{
    return strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
}

static int put_property(dir_writer *w, const char *path, const char *name)
{
    struct stat st;
    char *data;
    size_t len;
    int fd, r;

    /* Not following links nor waiting on a FIFO put there meanwhile. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW |
              O_NOCTTY);
    if (fd < 0)
        return sys_fail(w, path, errno);
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        r = sys_fail(w, path, errno ? errno : EINVAL);
        close(fd);
        return r;
    }
    r = slurp_fd(fd, (size_t)st.st_size, &data, &len);
    if (r) {
        r = sys_fail(w, path, errno);
        close(fd);
        return r;
    }
    close(fd);
    r = len > INT32_MAX ? -FDT_ERR_NOSPACE
                        : w_property(w, name, data, (int)len);
    free(data);
    return r;
}

/*
 * Writes the node at @path, named @name, and everything below it:
 * properties first, as the sequential writer requires, then subnodes.
 * Returns 0, a negative libfdt error, or 1 after a system error.
 */
static int put_node(dir_writer *w, const char *path, const char *name,
                    int depth)
{
    struct dirent **ents = NULL;
    bool *is_dir = NULL;
    int n, i, pass, r;

    if (depth > DT_MAX_DEPTH)
        return sys_fail(w, path, ELOOP);
    n = scandir(path, &ents, not_dots, alphasort);
    if (n < 0)
        return sys_fail(w, path, errno);
    is_dir = calloc((size_t)n + 1, sizeof(*is_dir));
    r = is_dir ? w_begin_node(w, name) : sys_fail(w, path, ENOMEM);
    for (pass = 0; pass < 2 && !r; pass++) {
        for (i = 0; i < n && !r; i++) {
            const char *e = ents[i]->d_name;
            struct stat st;
            char *sub;

            if (pass && !is_dir[i])
                continue;
            if (asprintf(&sub, "%s/%s", path, e) < 0) {
                r = sys_fail(w, path, ENOMEM);
                break;
            }
            if (pass) {
                r = put_node(w, sub, e, depth + 1);
            } else if (lstat(sub, &st)) {
                r = sys_fail(w, sub, errno);
            } else if (S_ISDIR(st.st_mode)) {
                is_dir[i] = true;
            } else if (S_ISREG(st.st_mode)) {
                r = put_property(w, sub, e);
            }
            /* Anything else (a symlink, a socket) is no part of a tree. */
            free(sub);
        }
    }
    if (!r)
        r = w_end_node(w);
    for (i = 0; i < n; i++)
        free(ents[i]);
    free(ents);
    free(is_dir);
    return r;
}

int axl_dt_from_dir(const char *dir, void **blob_r, size_t *size_r)
{
    dir_writer w = { NULL, DT_FIRST_SIZE, NULL, 0 };
    int r;

    w.fdt = malloc(w.size);
    if (!w.fdt) {
        axl_err("%s: out of memory", dir);
        return -1;
    }
    /* No name dedup: libfdt finds each name by a linear search of the
     * names so far, quadratic for a directory of many distinct names;
     * this blob is only checked, never given to a guest. */
    r = fdt_create_with_flags(w.fdt, (int)w.size,
                              FDT_CREATE_FLAG_NO_NAME_DEDUP);
    if (!r)
        r = fdt_finish_reservemap(w.fdt);
    if (!r)
        r = put_node(&w, dir, "", 0);
    if (!r)
        r = fdt_finish(w.fdt);
    if (r > 0 && w.err == ELOOP) {
        axl_err("%s: nodes nested more than %d levels deep", dir,
                DT_MAX_DEPTH);
    } else if (r > 0) {
        axl_err("%s: cannot read: %s", w.failed ? w.failed : dir,
                strerror(w.err));
    } else if (r == -FDT_ERR_NOSPACE) {
        axl_err("%s: the device tree would be larger than %u MiB", dir,
                DT_MAX_SIZE >> 20);
    } else if (r < 0) {
        axl_err("%s: cannot make a device tree of it: %s", dir,
                fdt_strerror(r));
    }
    free(w.failed);
    if (r) {
        free(w.fdt);
        return -1;
    }
    *blob_r = w.fdt;
    *size_r = fdt_totalsize(w.fdt);
    return 0;
}

/* ---- a file ---------------------------------------------------------- */

int axl_dt_read(const char *path, void **blob_r, size_t *size_r)
{
    bool in = !strcmp(path, "-");
    const char *name = in ? "standard input" : path;
    struct stat st;
    char *buf;
    size_t len;
    int fd, r;

    if (!in && stat(path, &st)) {
        axl_err("%s: %s", path, strerror(errno));
        return -1;
    }
    if (!in && S_ISDIR(st.st_mode))
        return axl_dt_from_dir(path, blob_r, size_r);
    /* A FIFO or a device is read only as standard input ("-"). */
    fd = in ? STDIN_FILENO : axl_open_regular(path);
    if (fd < 0)
        return -1;
    r = slurp_fd(fd, 16384, &buf, &len);
    if (r)
        axl_err("%s: cannot read: %s", name,
                errno == EFBIG ? "larger than 256 MiB" : strerror(errno));
    if (!in)
        close(fd);
    if (r)
        return -1;
    if (len < sizeof(struct fdt_header) || fdt_magic(buf) != FDT_MAGIC) {
        axl_err("%s: not a device tree blob (nor a directory like "
                "/proc/device-tree)", name);
        free(buf);
        return -1;
    }
    if (fdt_totalsize(buf) > len) {
        axl_err("%s: truncated: its header says %u bytes, it has %zu",
                name, fdt_totalsize(buf), len);
        free(buf);
        return -1;
    }
    *blob_r = buf;
    *size_r = fdt_totalsize(buf);
    return 0;
}
