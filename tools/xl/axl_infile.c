/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Input files of the axl command.  A path may name anything: a FIFO
 * (open() would wait for a writer forever), a terminal, a device that
 * never ends.  Each is opened with O_NONBLOCK, checked with fstat and
 * read only if it is a regular file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axl_cmd.h"
#include "axl_infile.h"

int axl_open_regular(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

    if (fd < 0) {
        axl_err("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st)) {
        axl_err("%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        axl_err("%s: cannot read: %s", path, S_ISDIR(st.st_mode)
                ? strerror(EISDIR) : "not a regular file");
        close(fd);
        return -1;
    }
    return fd;
}

char *axl_read_regular(const char *path, size_t max, size_t *len_r)
{
    char *buf = NULL, *nb;
    size_t len = 0, cap = 0;
    int fd = axl_open_regular(path);

    if (fd < 0)
        return NULL;
    for (;;) {
        ssize_t n;

        if (cap - len < 4096) {
            size_t ncap = cap ? cap * 2 : 8192;

            if (len > max) {
                axl_err("%s: larger than %zu MiB", path, max >> 20);
                goto fail;
            }
            nb = realloc(buf, ncap);
            if (!nb) {
                axl_err("%s: out of memory", path);
                goto fail;
            }
            buf = nb;
            cap = ncap;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            axl_err("%s: cannot read: %s", path, strerror(errno));
            goto fail;
        }
        if (!n)
            break;
        len += (size_t)n;
    }
    if (len > max) {
        axl_err("%s: larger than %zu MiB", path, max >> 20);
        goto fail;
    }
    close(fd);
    buf[len] = '\0';
    *len_r = len;
    return buf;
fail:
    close(fd);
    free(buf);
    return NULL;
}

int axl_cfg_check_text(const char *source, const char *data, size_t len)
{
    const char *nul = memchr(data, '\0', len), *p;
    unsigned int line = 1;

    if (!nul)
        return 0;
    for (p = data; p < nul; p++)
        line += *p == '\n';
    axl_err("%s: line %u: a NUL byte (a config file is text)", source, line);
    return -1;
}
