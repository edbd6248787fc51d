/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The per-domain monitor, as xl has one: a daemon that waits for the
 * domain to shut down and carries out on_poweroff, on_reboot or on_crash.
 * "restart" rebuilds the domain from the same config; "preserve" leaves
 * it for inspection; coredump-* and soft-reset are treated as their plain
 * destroy / restart (axl takes no core dumps).  It logs to
 * /var/log/xen/axl-NAME.log when it can.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "axl_cmd.h"

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

static void detach_stdio(const char *name)
{
    char path[256];
    int fd = open("/dev/null", O_RDWR);

    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        close(fd);
    }
    mkdir("/var/log/xen", 0755);
    snprintf(path, sizeof(path), "/var/log/xen/axl-%s.log", name);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
}

static void monitor(const axl_domain_config *cfg, uint32_t domid)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;

    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) || axl_host_open(ctx, &host))
        goto out;
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

int axl_monitor_start(const axl_domain_config *cfg, uint32_t domid)
{
    pid_t pid = fork();
    int st;

    if (pid < 0)
        return -1;
    if (pid > 0)
        return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
               !WEXITSTATUS(st) ? 0 : -1;
    /* Double fork: the monitor is nobody's child and has no terminal. */
    if (setsid() < 0)
        _exit(1);
    pid = fork();
    if (pid < 0)
        _exit(1);
    if (pid > 0)
        _exit(0);
    detach_stdio(cfg->name);
    monitor(cfg, domid);
    _exit(0);
}
