/* SPDX-License-Identifier: LGPL-2.1-only */
/* Managing domains: list, look up, pause, destroy, shut down, wait. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"

#define LIST_BATCH  256             /* domains per getinfo call */
#define DOMID_FIRST_RESERVED 0x7ff0u /* DOMID_FIRST_RESERVED */

/* The name of a domain without one is ""; any other failure to read it
 * is an error. */
static int fill_info(axl_ctx *ctx, axl_host *h, const axl__hv_info *d,
                     axl_dominfo *o)
{
    char path[64], *name;

    memset(o, 0, sizeof(*o));
    o->domid = d->domid;
    o->memory_kb = d->tot_pages * 4;
    o->vcpus = d->max_vcpu_id + 1;
    o->gpaddr_bits = d->gpaddr_bits;
    if (d->dying)
        o->state = AXL_STATE_DYING;
    else if (d->shutdown)
        o->state = AXL_STATE_SHUTDOWN;
    else if (d->paused)
        o->state = AXL_STATE_PAUSED;
    else
        o->state = AXL_STATE_RUNNING;
    o->shutdown_reason = d->shutdown_reason;
    snprintf(path, sizeof(path), "/local/domain/%u/name", d->domid);
    name = h->ops->xs_read(h->hv, 0, path, NULL);
    if (!name && errno != ENOENT) {
        LOGE(ctx, ERROR, "xenstore: cannot read domain %u's name",
             d->domid);
        return AXL_ERROR_XEN;
    }
    if (name)
        snprintf(o->name, sizeof(o->name), "%s", name);
    free(name);
    return AXL_OK;
}

/* Every domain, in batches from the id after the last one seen: there is
 * no limit on their number but Xen's id space. */
int axl_domain_list(axl_ctx *ctx, axl_host *h, axl_dominfo **list_r,
                    size_t *nr_r)
{
    axl__hv_info *d = calloc(LIST_BATCH, sizeof(*d));
    axl_dominfo *out = NULL;
    size_t nr = 0, cap = 0;
    uint32_t first = 0;
    int n, i, rc;

    if (!d)
        return AXL_ERROR_NOMEM;
    for (;;) {
        n = h->ops->domain_getinfo(h->hv, first, LIST_BATCH, d);
        if (n < 0) {
            LOGE(ctx, ERROR, "xen: cannot list the domains");
            rc = AXL_ERROR_XEN;
            goto out;
        }
        for (i = 0; i < n; i++) {
            if (d[i].domid < first)
                continue;   /* never trust the order blindly */
            if (axl__grow((void **)&out, nr, &cap, sizeof(*out))) {
                rc = AXL_ERROR_NOMEM;
                goto out;
            }
            rc = fill_info(ctx, h, &d[i], &out[nr]);
            if (rc)
                goto out;
            nr++;
        }
        if (n < LIST_BATCH || d[n - 1].domid + 1 >= DOMID_FIRST_RESERVED ||
            d[n - 1].domid < first)
            break;
        first = d[n - 1].domid + 1;
    }
    if (!out) {
        out = calloc(1, sizeof(*out));
        if (!out) {
            rc = AXL_ERROR_NOMEM;
            goto out;
        }
    }
    *list_r = out;
    *nr_r = nr;
    out = NULL;
    rc = AXL_OK;
out:
    free(out);
    free(d);
    return rc;
}

int axl_domain_info(axl_ctx *ctx, axl_host *h, uint32_t domid,
                    axl_dominfo *info_r)
{
    axl__hv_info d;
    int n = h->ops->domain_getinfo(h->hv, domid, 1, &d);

    if (n < 0) {
        LOGE(ctx, ERROR, "xen: cannot read domain %u's information", domid);
        return AXL_ERROR_XEN;
    }
    if (n == 0 || d.domid != domid)
        return AXL_ERROR_NOTFOUND;
    return fill_info(ctx, h, &d, info_r);
}

int axl_domain_lookup(axl_ctx *ctx, axl_host *h, const char *s,
                      uint32_t *domid_r)
{
    axl_dominfo *list;
    size_t nr, i;
    char *end;
    unsigned long id;
    int rc;

    errno = 0;
    id = strtoul(s, &end, 10);
    if (*s && !*end && !errno && id < 0x7ff0) {
        axl_dominfo one;

        rc = axl_domain_info(ctx, h, (uint32_t)id, &one);
        if (rc == AXL_ERROR_NOTFOUND)
            LOG(ctx, ERROR, "domain %lu does not exist", id);
        if (!rc)
            *domid_r = (uint32_t)id;
        return rc;
    }
    rc = axl_domain_list(ctx, h, &list, &nr);
    if (rc)
        return rc;
    rc = AXL_ERROR_NOTFOUND;
    for (i = 0; i < nr; i++) {
        if (!strcmp(list[i].name, s)) {
            *domid_r = list[i].domid;
            rc = AXL_OK;
            break;
        }
    }
    free(list);
    if (rc)
        LOG(ctx, ERROR, "no domain is named \"%s\"", s);
    return rc;
}

int axl_domain_pause(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    if (h->ops->domain_pause(h->hv, domid)) {
        LOGE(ctx, ERROR, "xen: cannot pause domain %u", domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

int axl_domain_unpause(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    if (h->ops->domain_unpause(h->hv, domid)) {
        LOGE(ctx, ERROR, "xen: cannot unpause domain %u", domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

int axl_domain_destroy(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    bool listed;
    int dev_rc;

    if (domid == 0) {
        LOG(ctx, ERROR, "domain 0 cannot be destroyed");
        return AXL_ERROR_INVAL;
    }
    /* As libxl: the guest stops, its devices go (backends closed, the
     * hotplug scripts' remove run), then the domain. */
    h->ops->domain_pause(h->hv, domid);
    dev_rc = axl__devices_remove(ctx, h, domid,
                                 AXL__DEV_FORCE | AXL__DEV_SCRIPTS, &listed);
    /* devices xenstore cannot even list must not be lost with the
     * domain: it stays (paused) for another destroy */
    if (!listed)
        return dev_rc;
    if (h->ops->domain_destroy(h->hv, domid)) {
        LOGE(ctx, ERROR, "xen: cannot destroy domain %u", domid);
        return AXL_ERROR_XEN;
    }
    if (!axl__xs_remove(h, domid)) {
        LOGE(ctx, ERROR, "xenstore: cannot remove domain %u's nodes", domid);
        return AXL_ERROR_XEN;
    }
    return dev_rc;
}

int axl_domain_shutdown(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        axl_shutdown_request req)
{
    const char *what = req == AXL_SHUTDOWN_REBOOT ? "reboot" : "poweroff";
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (!h->ops->xs_write(h->hv, 0, path, what,
                          (unsigned int)strlen(what))) {
        LOGE(ctx, ERROR, "xenstore: cannot ask domain %u to %s", domid, what);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* The largest tree axl writes (axl_fdt_arm.c's FDT_MAX_SIZE). */
#define DTB_KEPT_MAX (64u << 20)

int axl_domain_dtb(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   void **blob_r, size_t *size_r)
{
    char path[80], *v, *end;
    unsigned char *blob = NULL;
    size_t size, got = 0, chunk;
    bool bad;
    uint32_t acc = 0;
    int bits = 0;

    snprintf(path, sizeof(path), "/libxl/%u/axl/dtb-size", domid);
    v = h->ops->xs_read(h->hv, 0, path, NULL);
    if (!v) {
        LOG(ctx, ERROR, "domain %u was not created by axl: no device tree "
            "is kept for it", domid);
        return AXL_ERROR_NOTFOUND;
    }
    /* xenstore is outside data: a size axl never writes (its trees are at
     * most 64 MiB) is refused before anything is allocated. */
    errno = 0;
    size = strtoul(v, &end, 10);
    bad = end == v || *end || errno || v[0] == '-' || !size ||
          size > DTB_KEPT_MAX;
    free(v);
    if (bad) {
        LOG(ctx, ERROR, "xenstore: domain %u's dtb-size is not a size of "
            "1 to %u bytes", domid, DTB_KEPT_MAX);
        return AXL_ERROR_XEN;
    }
    blob = malloc(size);
    if (!blob)
        return AXL_ERROR_NOMEM;
    for (chunk = 0; got < size; chunk++) {
        char *p;

        snprintf(path, sizeof(path), "/libxl/%u/axl/dtb/%zu", domid, chunk);
        v = h->ops->xs_read(h->hv, 0, path, NULL);
        if (!v)
            break;
        for (p = v; *p && *p != '=' && got < size; p++) {
            int d = b64_value(*p);

            if (d < 0)
                break;
            acc = acc << 6 | (uint32_t)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                blob[got++] = (unsigned char)(acc >> bits);
            }
        }
        free(v);
    }
    if (got != size) {
        LOG(ctx, ERROR, "xenstore: domain %u's device tree is incomplete",
            domid);
        free(blob);
        return AXL_ERROR_XEN;
    }
    *blob_r = blob;
    *size_r = size;
    return AXL_OK;
}

int axl_domain_wait(axl_ctx *ctx, axl_host *h, uint32_t domid,
                    int timeout_ms, bool *gone_r, unsigned int *reason_r)
{
    long long deadline = timeout_ms < 0 ? -1 : axl__now_ms() + timeout_ms;
    char token[32];
    int rc = AXL_OK;

    snprintf(token, sizeof(token), "axl-wait-%u", domid);
    if (!h->ops->xs_watch(h->hv, "@releaseDomain", token)) {
        LOGE(ctx, ERROR, "xenstore: cannot watch for domains going away");
        return AXL_ERROR_XEN;
    }
    for (;;) {
        struct pollfd pfd = { .fd = h->ops->xs_fileno(h->hv),
                              .events = POLLIN };
        axl_dominfo info;
        int wait_ms = 1000;

        rc = axl_domain_info(ctx, h, domid, &info);
        if (rc == AXL_ERROR_NOTFOUND) {
            *gone_r = true;
            rc = AXL_OK;
            break;
        }
        if (rc)
            break;
        if (info.state == AXL_STATE_SHUTDOWN) {
            *gone_r = false;
            *reason_r = info.shutdown_reason;
            break;
        }
        if (deadline >= 0) {
            long long left = deadline - axl__now_ms();

            if (left <= 0) {
                LOG(ctx, ERROR, "domain %u: timed out waiting for it to "
                    "shut down", domid);
                rc = AXL_ERROR_TIMEOUT;
                break;
            }
            if (left < wait_ms)
                wait_ms = (int)left;
        }
        /* A watch event or a second passes: look again either way. */
        if (poll(&pfd, 1, wait_ms) > 0) {
            unsigned int n;
            char **ev = h->ops->xs_read_watch(h->hv, &n);

            free(ev);
        }
    }
    h->ops->xs_unwatch(h->hv, "@releaseDomain", token);
    return rc;
}
