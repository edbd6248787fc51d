/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Starting a daemon (the domain monitor, axl devd): a double fork, so that
 * it is nobody's child and has no terminal, keeping nothing of its
 * creator (no descriptors, the creator's Xen and xenstore handles
 * included; cwd /, umask 022), its output in a log file, and a pipe on
 * which it tells its creator whether it really started.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "axl_cmd.h"

#define STATUS_FD 3     /* the daemon's end of the start-up pipe */

/* A file name that stays in its directory. */
static bool file_name_ok(const char *name)
{
    const unsigned char *p;

    if (!name || !*name || strlen(name) > 200 || !strcmp(name, ".") ||
        !strcmp(name, ".."))
        return false;
    for (p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/')
            return false;
    return true;
}

/* The log: a regular file opened without following a symlink (the daemon
 * runs as root, the directory may not be only root's). */
static int open_log(const char *dir, const char *file)
{
    char path[512];
    struct stat st;
    int fd;

    if (!dir || !file_name_ok(file))
        return -1;
    mkdir(dir, 0755);
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
        sizeof(path))
        return -1;
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK |
              O_NOCTTY | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static void close_inherited(void)
{
    long fd, max = sysconf(_SC_OPEN_MAX);

    if (!close_range(STATUS_FD + 1, ~0U, 0))
        return;
    for (fd = STATUS_FD + 1; fd < (max > 0 ? max : 1024); fd++)
        close((int)fd);
}

/* The daemon's start: returns false if it cannot run. */
static bool detach(int status_fd, const char *log_dir, const char *log_file)
{
    int fd;

    if (status_fd != STATUS_FD) {
        if (dup2(status_fd, STATUS_FD) < 0)
            return false;
        close(status_fd);
    }
    close_inherited();
    if (chdir("/"))
        return false;
    umask(022);
    fd = open("/dev/null", O_RDWR);
    if (fd < 0)
        return false;
    dup2(fd, STDIN_FILENO);
    close(fd);
    fd = open_log(log_dir, log_file);
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    return true;
}

void axl_daemon_started(bool ok)
{
    char status = ok ? '0' : '1';
    ssize_t r;

    do
        r = write(STATUS_FD, &status, 1);
    while (r < 0 && errno == EINTR);
    close(STATUS_FD);
}

int axl_daemon_spawn(const char *log_dir, const char *log_file,
                     axl_daemon_fn *body, void *arg)
{
    char status = '1';
    int p[2], st;
    ssize_t r;
    pid_t pid;

    if (pipe2(p, O_CLOEXEC))
        return -1;
    pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid > 0) {
        close(p[1]);
        if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
            WEXITSTATUS(st)) {
            close(p[0]);
            return -1;
        }
        /* The daemon's word, or end of file if it died first. */
        do
            r = read(p[0], &status, 1);
        while (r < 0 && errno == EINTR);
        close(p[0]);
        return r == 1 && status == '0' ? 0 : -1;
    }
    close(p[0]);
    if (setsid() < 0)
        _exit(1);
    pid = fork();
    if (pid < 0)
        _exit(1);
    if (pid > 0)
        _exit(0);
    if (!detach(p[1], log_dir, log_file))
        _exit(1);
    body(arg);
    _exit(0);
}
