/* SPDX-License-Identifier: LGPL-2.1-only */
/* Output files written all or nothing, and human-readable sizes. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
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

/*
 * Where output goes.  A regular file (or none yet) is written all or
 * nothing: into a temporary file beside it, renamed over it when complete,
 * with the old file's mode.  A symlink is followed (the file it points to
 * is replaced, the link stays).  Anything else that exists (a device such
 * as /dev/null, a FIFO) is written into directly: renaming over it would
 * replace the node.  SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the
 * temporary file before they end the process.
 */
typedef struct out_file {
    int fd;
    bool direct;            /* written in place, no temporary */
    char *target;           /* the file the rename replaces */
    mode_t mode;
    const char *path;       /* as given, for messages */
} out_file;

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NR_STOP ((int)(sizeof(stop_signals) / sizeof(stop_signals[0])))
static struct sigaction old_actions[NR_STOP];
static char tmp_name[PATH_MAX + 32];
static volatile sig_atomic_t have_tmp;

static void remove_tmp_and_die(int sig)
{
    if (have_tmp)
        unlink(tmp_name);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void block_stops(sigset_t *old)
{
    sigset_t set;
    int i;

    sigemptyset(&set);
    for (i = 0; i < NR_STOP; i++)
        sigaddset(&set, stop_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static int open_direct(out_file *o)
{
    int fd, fl;

    /* O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of
     * blocking; writes then block as usual. */
    fd = open(o->path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        axl_err("%s: cannot write: %s", o->path, errno == ENXIO
                ? "no process reads from this FIFO" : strerror(errno));
        return -1;
    }
    fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK)) {
        axl_err("%s: cannot write: %s", o->path, strerror(errno));
        close(fd);
        return -1;
    }
    o->fd = fd;
    o->direct = true;
    return 0;
}

static int out_open(const char *path, out_file *o)
{
    struct sigaction sa;
    struct stat st, lst;
    sigset_t old;
    mode_t mask;
    int i, e;

    memset(o, 0, sizeof(*o));
    o->path = path;
    o->fd = -1;
    if (!strcmp(path, "-")) {
        o->fd = STDOUT_FILENO;
        o->direct = true;
        return 0;
    }
    if (!stat(path, &st)) {
        if (S_ISDIR(st.st_mode)) {
            axl_err("%s: cannot write: %s", path, strerror(EISDIR));
            return -1;
        }
        if (!S_ISREG(st.st_mode))
            return open_direct(o);
        o->mode = st.st_mode & 07777;
        o->target = realpath(path, NULL);
    } else if (errno == ENOENT && !lstat(path, &lst) &&
               S_ISLNK(lst.st_mode)) {
        axl_err("%s: cannot write: a symbolic link to a missing file",
                path);
        return -1;
    } else if (errno == ENOENT) {
        mask = umask(0);
        umask(mask);
        o->mode = 0666 & ~mask;
        o->target = strdup(path);
    } else {
        axl_err("%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    if (!o->target || strlen(o->target) + 16 > sizeof(tmp_name)) {
        axl_err("%s: cannot write: %s", path,
                o->target ? strerror(ENAMETOOLONG) : strerror(errno));
        free(o->target);
        o->target = NULL;
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = remove_tmp_and_die;
    sigemptyset(&sa.sa_mask);
    block_stops(&old);
    snprintf(tmp_name, sizeof(tmp_name), "%s.axl-XXXXXX", o->target);
    o->fd = mkstemp(tmp_name);
    e = errno;
    if (o->fd >= 0) {
        have_tmp = 1;
        for (i = 0; i < NR_STOP; i++)
            sigaction(stop_signals[i], &sa, &old_actions[i]);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (o->fd < 0) {
        axl_err("%s: cannot create: %s", path, strerror(e));
        free(o->target);
        o->target = NULL;
        return -1;
    }
    return 0;
}

/* Finishes @o: renames the temporary over the target if @ok, else
 * removes it.  Returns 0, or -1 after one error line. */
static int out_close(out_file *o, bool ok)
{
    sigset_t old;
    int i;

    if (o->direct) {
        if (o->fd != STDOUT_FILENO && close(o->fd) && ok) {
            axl_err("%s: cannot write: %s", o->path, strerror(errno));
            ok = false;
        }
        return ok ? 0 : -1;
    }
    if (ok && fchmod(o->fd, o->mode)) {
        axl_err("%s: cannot set permissions: %s", o->path, strerror(errno));
        ok = false;
    }
    if (close(o->fd) && ok) {
        axl_err("%s: cannot write: %s", o->path, strerror(errno));
        ok = false;
    }
    block_stops(&old);
    if (ok && rename(tmp_name, o->target)) {
        axl_err("%s: cannot write: %s", o->path, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(tmp_name);
    have_tmp = 0;
    for (i = 0; i < NR_STOP; i++)
        sigaction(stop_signals[i], &old_actions[i], NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(o->target);
    o->target = NULL;
    return ok ? 0 : -1;
}

int axl_write_file_atomic(const char *path, const void *data, size_t len)
{
    out_file o;
    bool ok;

    if (out_open(path, &o))
        return -1;
    ok = !write_all(o.fd, data, len);
    if (!ok)
        axl_err("%s: cannot write: %s", strcmp(path, "-") ? path : "stdout",
                strerror(errno));
    return out_close(&o, ok);
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
    out_file o;
    int in_fd, rc = -1;

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
    if (out_open(path, &o))
        goto out;
    rc = out_close(&o, run_dtc(in_fd, o.fd) == 0);
out:
    close(in_fd);
    return rc;
}
