/* SPDX-License-Identifier: LGPL-2.1-only */
/* Managing domains: list, look up, pause, destroy, shut down, wait. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axl_domain.h"

#define MAX_DOMAINS 1024

static void fill_info(axl_host *h, const xc_domaininfo_t *d, axl_dominfo *o)
{
    char path[64], *name;

    memset(o, 0, sizeof(*o));
    o->domid = d->domain;
    o->memory_kb = (uint64_t)d->tot_pages * 4;
    o->vcpus = d->max_vcpu_id + 1;
    o->gpaddr_bits = d->gpaddr_bits;
    if (d->flags & XEN_DOMINF_dying)
        o->state = AXL_STATE_DYING;
    else if (d->flags & XEN_DOMINF_shutdown)
        o->state = AXL_STATE_SHUTDOWN;
    else if (d->flags & XEN_DOMINF_paused)
        o->state = AXL_STATE_PAUSED;
    else
        o->state = AXL_STATE_RUNNING;
    o->shutdown_reason = (d->flags >> XEN_DOMINF_shutdownshift) &
                         XEN_DOMINF_shutdownmask;
    snprintf(path, sizeof(path), "/local/domain/%u/name", d->domain);
    name = xs_read(h->xsh, XBT_NULL, path, NULL);
    if (name)
        snprintf(o->name, sizeof(o->name), "%s", name);
    free(name);
}

int axl_domain_list(axl_ctx *ctx, axl_host *h, axl_dominfo **list_r,
                    size_t *nr_r)
{
    xc_domaininfo_t *d = calloc(MAX_DOMAINS, sizeof(*d));
    axl_dominfo *out;
    int n, i;

    if (!d)
        return AXL_ERROR_NOMEM;
    n = xc_domain_getinfolist(h->xch, 0, MAX_DOMAINS, d);
    if (n < 0) {
        LOGE(ctx, ERROR, "xen: cannot list the domains");
        free(d);
        return AXL_ERROR_XEN;
    }
    out = calloc(n ? (size_t)n : 1, sizeof(*out));
    if (!out) {
        free(d);
        return AXL_ERROR_NOMEM;
    }
    for (i = 0; i < n; i++)
        fill_info(h, &d[i], &out[i]);
    free(d);
    *list_r = out;
    *nr_r = (size_t)n;
    return AXL_OK;
}

int axl_domain_info(axl_ctx *ctx, axl_host *h, uint32_t domid,
                    axl_dominfo *info_r)
{
    xc_domaininfo_t d;
    int n = xc_domain_getinfolist(h->xch, domid, 1, &d);

    if (n < 0) {
        LOGE(ctx, ERROR, "xen: cannot read domain %u's information", domid);
        return AXL_ERROR_XEN;
    }
    if (n == 0 || d.domain != domid)
        return AXL_ERROR_NOTFOUND;
    fill_info(h, &d, info_r);
    return AXL_OK;
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
    if (xc_domain_pause(h->xch, domid)) {
        LOGE(ctx, ERROR, "xen: cannot pause domain %u", domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

int axl_domain_unpause(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    if (xc_domain_unpause(h->xch, domid)) {
        LOGE(ctx, ERROR, "xen: cannot unpause domain %u", domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

int axl_domain_destroy(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    if (domid == 0) {
        LOG(ctx, ERROR, "domain 0 cannot be destroyed");
        return AXL_ERROR_INVAL;
    }
    if (xc_domain_destroy(h->xch, domid)) {
        LOGE(ctx, ERROR, "xen: cannot destroy domain %u", domid);
        return AXL_ERROR_XEN;
    }
    axl__xs_remove(h, domid);
    return AXL_OK;
}

int axl_domain_shutdown(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        axl_shutdown_request req)
{
    const char *what = req == AXL_SHUTDOWN_REBOOT ? "reboot" : "poweroff";
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (!xs_write(h->xsh, XBT_NULL, path, what, strlen(what))) {
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

int axl_domain_dtb(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   void **blob_r, size_t *size_r)
{
    char path[80], *v;
    unsigned char *blob = NULL;
    size_t size, got = 0, chunk;
    uint32_t acc = 0;
    int bits = 0;

    snprintf(path, sizeof(path), "/libxl/%u/axl/dtb-size", domid);
    v = xs_read(h->xsh, XBT_NULL, path, NULL);
    if (!v) {
        LOG(ctx, ERROR, "domain %u was not created by axl: no device tree "
            "is kept for it", domid);
        return AXL_ERROR_NOTFOUND;
    }
    size = strtoul(v, NULL, 10);
    free(v);
    blob = malloc(size ? size : 1);
    if (!blob)
        return AXL_ERROR_NOMEM;
    for (chunk = 0; got < size; chunk++) {
        char *p;

        snprintf(path, sizeof(path), "/libxl/%u/axl/dtb/%zu", domid, chunk);
        v = xs_read(h->xsh, XBT_NULL, path, NULL);
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

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int axl_domain_wait(axl_ctx *ctx, axl_host *h, uint32_t domid,
                    int timeout_ms, bool *gone_r, unsigned int *reason_r)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    char token[32];
    int rc = AXL_OK;

    snprintf(token, sizeof(token), "axl-wait-%u", domid);
    if (!xs_watch(h->xsh, "@releaseDomain", token)) {
        LOGE(ctx, ERROR, "xenstore: cannot watch for domains going away");
        return AXL_ERROR_XEN;
    }
    for (;;) {
        struct pollfd pfd = { .fd = xs_fileno(h->xsh), .events = POLLIN };
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
            long long left = deadline - now_ms();

            if (left <= 0) {
                LOG(ctx, ERROR, "domain %u: timed out waiting for it to "
                    "shut down", domid);
                rc = AXL_ERROR_XEN;
                break;
            }
            if (left < wait_ms)
                wait_ms = (int)left;
        }
        /* A watch event or a second passes: look again either way. */
        if (poll(&pfd, 1, wait_ms) > 0) {
            unsigned int n;
            char **ev = xs_read_watch(h->xsh, &n);

            free(ev);
        }
    }
    xs_unwatch(h->xsh, "@releaseDomain", token);
    return rc;
}
