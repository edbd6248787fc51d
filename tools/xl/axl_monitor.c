/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The per-domain monitor, as xl has one: a daemon that waits for the
 * domain to shut down and carries out on_poweroff, on_reboot or on_crash.
 * "restart" rebuilds the domain from the same config; "preserve" leaves
 * it for inspection; coredump-* and soft-reset are treated as their plain
 * destroy / restart (axl takes no core dumps).  It logs to
 * /var/log/xen/axl-NAME.log when it can.
 *
 * As a daemon it keeps nothing of its creator: no descriptors (the
 * creator's Xen and xenstore handles included), cwd /, umask 022; and the
 * creator learns whether it really started (opened its own host).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "axl_cmd.h"

#define STATUS_FD 3     /* the grandchild's end of the start-up pipe */

static axl_action action_for(const axl_domain_config *cfg, unsigned int why)
{
    axl_domain_config eff = *cfg;

    axl_domain_config_setdefault(&eff);
    switch (why) {
    case AXL_REASON_POWEROFF: return eff.on_poweroff;
    case AXL_REASON_REBOOT:   return eff.on_reboot;
    default:                  return eff.on_crash;
    }
}

/* A name that is safe as part of a file name: libaxl refuses to create
 * domains with other names, but the config reaches us unchecked. */
static bool log_name_ok(const char *name)
{
    const unsigned char *p;

    if (!name || !*name || strlen(name) > 127 || !strcmp(name, ".") ||
        !strcmp(name, ".."))
        return false;
    for (p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/')
            return false;
    return true;
}

/* The log: a regular file opened without following a symlink (the daemon
 * runs as root, the directory may not be only root's). */
static int open_log(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    int fd;

    if (!log_name_ok(name))
        return -1;
    mkdir(dir, 0755);
    if ((size_t)snprintf(path, sizeof(path), "%s/axl-%s.log", dir, name) >=
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
static bool detach(int status_fd, const char *log_dir, const char *name)
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
    fd = open_log(log_dir, name);
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    return true;
}

static void report(char status)
{
    ssize_t r;

    do
        r = write(STATUS_FD, &status, 1);
    while (r < 0 && errno == EINTR);
    close(STATUS_FD);
}

static void monitor(const axl_domain_config *cfg, uint32_t domid,
                    axl_host_open_fn *open_host)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;

    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) || open_host(ctx, &host)) {
        report('1');
        goto out;
    }
    report('0');
    for (;;) {
        bool gone = false;
        unsigned int why = 0;
        axl_action a;

        if (axl_domain_wait(ctx, host, domid, -1, &gone, &why) || gone)
            break;
        a = action_for(cfg, why);
        fprintf(stderr, "axl: domain %u shut down (reason %u): %s\n", domid,
                why, axl_action_to_string(a));
        if (a == AXL_ACTION_PRESERVE)
            break;
        if (axl_domain_destroy(ctx, host, domid))
            break;
        if (a == AXL_ACTION_DESTROY || a == AXL_ACTION_COREDUMP_DESTROY)
            break;
        if (axl_domain_create(ctx, host, cfg, &domid, NULL) ||
            axl_domain_unpause(ctx, host, domid))
            break;
        fprintf(stderr, "axl: restarted as domain %u\n", domid);
    }
out:
    axl_host_close(host);
    axl_ctx_free(ctx);
}

int axl_monitor_spawn(const axl_domain_config *cfg, uint32_t domid,
                      const char *log_dir, axl_host_open_fn *open_host)
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
    /* Double fork: the monitor is nobody's child and has no terminal. */
    close(p[0]);
    if (setsid() < 0)
        _exit(1);
    pid = fork();
    if (pid < 0)
        _exit(1);
    if (pid > 0)
        _exit(0);
    if (!detach(p[1], log_dir, cfg->name))
        _exit(1);
    monitor(cfg, domid, open_host);
    _exit(0);
}

int axl_monitor_start(const axl_domain_config *cfg, uint32_t domid)
{
    return axl_monitor_spawn(cfg, domid, "/var/log/xen", axl_host_open);
}
