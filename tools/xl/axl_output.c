/* SPDX-License-Identifier: LGPL-2.1-only */
/* Output files written all or nothing, and human-readable sizes. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "axl_cmd.h"

extern char **environ;

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A temporary file in @path's directory; returns its fd and name. */
static int open_temp(const char *path, char **tmp_r)
{
    char *tmp;
    int fd;

    if (asprintf(&tmp, "%s.axl-XXXXXX", path) < 0) {
        axl_err("%s: out of memory", path);
        return -1;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        axl_err("%s: cannot create: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    *tmp_r = tmp;
    return fd;
}

/* Closes @fd and renames @tmp over @path, or removes @tmp if !@ok. */
static int commit_temp(int fd, char *tmp, const char *path, bool ok)
{
    if (ok && fchmod(fd, 0644)) {
        axl_err("%s: cannot set permissions: %s", path, strerror(errno));
        ok = false;
    }
    if (close(fd) && ok) {
        axl_err("%s: cannot write: %s", path, strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path)) {
        axl_err("%s: cannot write: %s", path, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

int axl_write_file_atomic(const char *path, const void *data, size_t len)
{
    char *tmp;
    int fd;

    if (!strcmp(path, "-")) {
        if (write_all(STDOUT_FILENO, data, len)) {
            axl_err("stdout: cannot write: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    fd = open_temp(path, &tmp);
    if (fd < 0)
        return -1;
    if (write_all(fd, data, len)) {
        axl_err("%s: cannot write: %s", path, strerror(errno));
        return commit_temp(fd, tmp, path, false);
    }
    return commit_temp(fd, tmp, path, true);
}

/* Runs "dtc -I dtb -O dts -q" from @in_fd to @out_fd; 0 on success. */
static int run_dtc(int in_fd, int out_fd)
{
    static char a0[] = "dtc", a1[] = "-q", a2[] = "-I", a3[] = "dtb",
                a4[] = "-O", a5[] = "dts", a6[] = "-";
    char *const argv[] = { a0, a1, a2, a3, a4, a5, a6, NULL };
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int st, e;

    if (posix_spawn_file_actions_init(&fa))
        return -1;
    posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    e = posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e) {
        axl_err("--dts: cannot run dtc (Debian package device-tree-compiler):"
                " %s", strerror(e));
        return -1;
    }
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (!WIFEXITED(st) || WEXITSTATUS(st)) {
        axl_err("--dts: dtc failed to decompile the device tree");
        return -1;
    }
    return 0;
}

int axl_write_dts_atomic(const char *path, const void *dtb, size_t len)
{
    char *tmp = NULL;
    int in_fd, out_fd, rc = -1;

    /* dtc reads the blob from an anonymous file: a pipe would need a
     * writer running beside it. */
    in_fd = memfd_create("axl-dtb", MFD_CLOEXEC);
    if (in_fd < 0) {
        axl_err("--dts: cannot create a temporary file: %s", strerror(errno));
        return -1;
    }
    if (write_all(in_fd, dtb, len) || lseek(in_fd, 0, SEEK_SET)) {
        axl_err("--dts: cannot write a temporary file: %s", strerror(errno));
        goto out;
    }
    if (!strcmp(path, "-")) {
        rc = run_dtc(in_fd, STDOUT_FILENO);
        goto out;
    }
    out_fd = open_temp(path, &tmp);
    if (out_fd < 0)
        goto out;
    rc = commit_temp(out_fd, tmp, path, run_dtc(in_fd, out_fd) == 0);
out:
    close(in_fd);
    return rc;
}
