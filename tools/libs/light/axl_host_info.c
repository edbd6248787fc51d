/* SPDX-License-Identifier: LGPL-2.1-only */
/* The host as a whole: `axl info` and `axl dmesg`. */
#include <stdlib.h>
#include <string.h>

#include "axl_domain.h"

int axl_host_info(axl_ctx *ctx, axl_host *h, axl_hostinfo *info)
{
    axl__hv_info dom0;

    memset(info, 0, sizeof(*info));
    if (h->ops->host_info(h->hv, info)) {
        LOGE(ctx, ERROR, "xen: cannot read the host's information");
        return AXL_ERROR_XEN;
    }
    /* Xen gives every domain the same IPA width: dom0's is the host's. */
    if (h->ops->domain_getinfo(h->hv, 0, 1, &dom0) == 1 && dom0.domid == 0)
        info->gpaddr_bits = dom0.gpaddr_bits;
    return AXL_OK;
}

/* The ring Xen keeps is 16 KiB by default (conring_size=); read in
 * growing steps until it fits, up to this much. */
#define DMESG_MAX (16u << 20)

int axl_host_dmesg(axl_ctx *ctx, axl_host *h, bool clear, char **text_r,
                   size_t *len_r)
{
    size_t cap = 64 << 10;
    char *buf = NULL, *nb;
    ssize_t n;

    for (;;) {
        nb = realloc(buf, cap + 1);
        if (!nb) {
            free(buf);
            return AXL_ERROR_NOMEM;
        }
        buf = nb;
        /* Clearing waits for the size: a larger read must still find it. */
        n = h->ops->console_read(h->hv, buf, cap, false);
        if (n < 0) {
            LOGE(ctx, ERROR, "xen: cannot read the hypervisor's console");
            free(buf);
            return AXL_ERROR_XEN;
        }
        if ((size_t)n < cap || cap >= DMESG_MAX)
            break;
        cap *= 2;
    }
    /* Read and clear in one call, as xl dmesg -c, so that nothing
     * written in between is lost. */
    if (clear && (n = h->ops->console_read(h->hv, buf, cap, true)) < 0) {
        LOGE(ctx, ERROR, "xen: cannot clear the hypervisor's console");
        free(buf);
        return AXL_ERROR_XEN;
    }
    buf[n] = '\0';
    *text_r = buf;
    *len_r = (size_t)n;
    return AXL_OK;
}
