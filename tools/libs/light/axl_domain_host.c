/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Opening a host: the hypervisor interface of this build (or a test's
 * fake), refused at once when the running Xen is not the one axl was
 * built for: Xen answers a domctl of another interface version with EPERM,
 * which would otherwise surface later as "Permission denied".  A host
 * for xenstore only (axl devd in a driver domain) skips that question.
 */
#include <stdlib.h>

#include "axl_devices.h"

/* The host over @ops / @hv, taken for a hypervisor @major.@minor. */
static int wrap(const axl__hv_ops *ops, void *hv, const axl__hv_abi *abi,
                unsigned int major, unsigned int minor, axl_host **host_r)
{
    axl_host *h = calloc(1, sizeof(*h));

    if (!h) {
        ops->close(hv);
        return AXL_ERROR_NOMEM;
    }
    h->ops = ops;
    h->hv = hv;
    h->abi = *abi;
    h->xen_major = major;
    h->xen_minor = minor;
    h->init_timeout_ms = AXL__INIT_TIMEOUT_MS;
    h->hotplug_timeout_ms = AXL__HOTPLUG_TIMEOUT_MS;
    h->destroy_timeout_ms = AXL__DESTROY_TIMEOUT_MS;
    *host_r = h;
    return AXL_OK;
}

int axl__host_open_with(axl_ctx *ctx, const axl__hv_ops *ops, void *hv,
                        const axl__hv_abi *abi, axl_host **host_r)
{
    unsigned int major, minor;

    if (ops->version(hv, &major, &minor)) {
        LOGE(ctx, ERROR, "xen: cannot read the hypervisor version");
        ops->close(hv);
        return AXL_ERROR_XEN;
    }
    if (major != abi->major || minor != abi->minor) {
        LOG(ctx, ERROR, "axl was built for Xen %u.%u (domctl interface "
            "%#x); this hypervisor is Xen %u.%u: rebuild axl against its "
            "libraries", abi->major, abi->minor, abi->domctl, major, minor);
        ops->close(hv);
        return AXL_ERROR_UNSUPPORTED;
    }
    return wrap(ops, hv, abi, major, minor, host_r);
}

/* The real hypervisor interface; with @check, refused unless it runs the
 * Xen this build is for. */
static int open_real(axl_ctx *ctx, bool check, axl_host **host_r)
{
    const axl__hv_ops *ops;
    axl__hv_abi abi;
    void *hv;
    int rc = axl__hv_open_real(ctx, &ops, &hv, &abi);

    if (rc)
        return rc;
    if (check)
        return axl__host_open_with(ctx, ops, hv, &abi, host_r);
    /* a guest's privcmd may refuse even the version: not asked */
    return wrap(ops, hv, &abi, abi.major, abi.minor, host_r);
}

int axl_host_open(axl_ctx *ctx, axl_host **host_r)
{
    return open_real(ctx, true, host_r);
}

int axl_host_open_store(axl_ctx *ctx, axl_host **host_r)
{
    return open_real(ctx, false, host_r);
}

void axl_host_close(axl_host *h)
{
    if (!h)
        return;
    h->ops->close(h->hv);
    free(h);
}
