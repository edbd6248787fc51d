/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The per-domain monitor, as xl has one: a daemon that waits for the
 * domain to shut down and carries out on_poweroff, on_reboot or on_crash.
 * "restart" rebuilds the domain from the same config; "preserve" leaves
 * it for inspection; coredump-* and soft-reset are treated as their plain
 * destroy / restart (axl takes no core dumps).  It logs to
 * /var/log/xen/axl-NAME.log when it can.
 *
 * It starts as axl_daemon.c starts daemons; the creator learns whether it
 * really started (opened its own host).
 */
#include <stdio.h>
#include <string.h>

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

typedef struct monitor_args {
    const axl_domain_config *cfg;
    uint32_t domid;
    axl_host_open_fn *open_host;
} monitor_args;

static void monitor(void *arg)
{
    const monitor_args *m = arg;
    const axl_domain_config *cfg = m->cfg;
    uint32_t domid = m->domid;
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;

    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) || m->open_host(ctx, &host)) {
        axl_daemon_started(false);
        goto out;
    }
    axl_daemon_started(true);
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
    monitor_args m = { cfg, domid, open_host };
    char file[160];

    /* libaxl refuses to create domains with other names, but the config
     * reaches us unchecked: an unfit name logs nowhere */
    if (!cfg->name || strlen(cfg->name) > 127 ||
        (size_t)snprintf(file, sizeof(file), "axl-%s.log", cfg->name) >=
        sizeof(file))
        file[0] = '\0';
    return axl_daemon_spawn(log_dir, file, monitor, &m);
}

int axl_monitor_start(const axl_domain_config *cfg, uint32_t domid)
{
    return axl_monitor_spawn(cfg, domid, "/var/log/xen", axl_host_open);
}
