/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A vbd's or vif's hotplug script call, as libxl's get_hotplug_env and
 * libxl__hotplug_disk / libxl__hotplug_nic build it, and what is said of
 * it afterwards.  dom0 (axl_devices.c) and a driver domain's daemon
 * (axl_devd.c) call the scripts the same way.
 */
#include <stdio.h>
#include <string.h>

#include "axl_hotplug.h"
#include "axl_internal.h"

void axl__hotplug_call_make(axl__hotplug_call *c, const char *kind,
                            uint32_t domid, int devid, const char *script,
                            bool add, const char *gatewaydev)
{
    bool vif = !strcmp(kind, "vif");
    size_t e = 0;

    memset(c, 0, sizeof(*c));
    snprintf(c->buf[0], sizeof(c->buf[0]), "%s", script);
    c->argv[0] = c->buf[0];
    c->argv[1] = (char *)(vif ? (add ? "online" : "offline")
                              : (add ? "add" : "remove"));
    c->argv[2] = vif ? (char *)"type_if=vif" : NULL;
    snprintf(c->buf[1], sizeof(c->buf[1]), "script=%s", script);
    snprintf(c->buf[2], sizeof(c->buf[2]), "XENBUS_TYPE=%s", kind);
    /* relative: the script runs in the backend's domain */
    snprintf(c->buf[3], sizeof(c->buf[3]), "XENBUS_PATH=backend/%s/%u/%d",
             kind, domid, devid);
    snprintf(c->buf[4], sizeof(c->buf[4]), "XENBUS_BASE_PATH=backend");
    for (e = 0; e < 4; e++)
        c->env[e] = c->buf[e + 1];
    if (vif) {
        snprintf(c->buf[5], sizeof(c->buf[5]), "netdev=%s",
                 gatewaydev ? gatewaydev : "");
        snprintf(c->buf[6], sizeof(c->buf[6]), "vif=vif%u.%d", domid, devid);
        c->env[e++] = c->buf[5];
        c->env[e++] = c->buf[6];
    }
    c->env[e] = NULL;
}

int axl__scripts_limit_ms(int each_ms, size_t nr)
{
    long long t = (long long)each_ms * (long long)(nr ? nr : 1);

    return t > 3600000 ? 3600000 : (int)t;
}

const char *axl__script_last_line(axl__script *s)
{
    char *p;

    while (s->out_len && (s->out[s->out_len - 1] == '\n' ||
                          s->out[s->out_len - 1] == ' '))
        s->out[--s->out_len] = '\0';
    p = strrchr(s->out, '\n');
    return p ? p + 1 : s->out;
}

void axl__script_log(axl_ctx *ctx, const char *what, const axl__script *s)
{
    if (s->out_len)
        LOG(ctx, DEBUG, "%s: %s %s said: %s", what, s->argv[0], s->argv[1],
            s->out);
}
