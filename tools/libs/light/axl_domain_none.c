/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Domains on a host: not in this build.  axl creates Arm domains only when
 * built for Arm (./configure --host=aarch64-linux-gnu); the dry-run
 * commands work everywhere.
 */
#include "axl_internal.h"

static int unsupported(axl_ctx *ctx)
{
    LOG(ctx, ERROR, "this axl was built for another architecture than Arm: "
        "creating and managing domains needs an Arm build (see README.md, "
        "\"Creating domains on Xen/Arm\")");
    return AXL_ERROR_UNSUPPORTED;
}

bool axl_host_supported(void)
{
    return false;
}

int axl_host_open(axl_ctx *ctx, axl_host **host_r)
{
    (void)host_r;
    return unsupported(ctx);
}

void axl_host_close(axl_host *host)
{
    (void)host;
}

int axl_domain_create(axl_ctx *ctx, axl_host *host,
                      const axl_domain_config *cfg, uint32_t *domid_r,
                      axl_guest **guest_r)
{
    (void)host; (void)cfg; (void)domid_r; (void)guest_r;
    return unsupported(ctx);
}

int axl_domain_pause(axl_ctx *ctx, axl_host *host, uint32_t domid)
{
    (void)host; (void)domid;
    return unsupported(ctx);
}

int axl_domain_unpause(axl_ctx *ctx, axl_host *host, uint32_t domid)
{
    (void)host; (void)domid;
    return unsupported(ctx);
}

int axl_domain_destroy(axl_ctx *ctx, axl_host *host, uint32_t domid)
{
    (void)host; (void)domid;
    return unsupported(ctx);
}

int axl_domain_shutdown(axl_ctx *ctx, axl_host *host, uint32_t domid,
                        axl_shutdown_request req)
{
    (void)host; (void)domid; (void)req;
    return unsupported(ctx);
}

int axl_domain_list(axl_ctx *ctx, axl_host *host, axl_dominfo **list_r,
                    size_t *nr_r)
{
    (void)host; (void)list_r; (void)nr_r;
    return unsupported(ctx);
}

int axl_domain_info(axl_ctx *ctx, axl_host *host, uint32_t domid,
                    axl_dominfo *info_r)
{
    (void)host; (void)domid; (void)info_r;
    return unsupported(ctx);
}

int axl_domain_lookup(axl_ctx *ctx, axl_host *host, const char *name_or_id,
                      uint32_t *domid_r)
{
    (void)host; (void)name_or_id; (void)domid_r;
    return unsupported(ctx);
}

int axl_domain_dtb(axl_ctx *ctx, axl_host *host, uint32_t domid,
                   void **blob_r, size_t *size_r)
{
    (void)host; (void)domid; (void)blob_r; (void)size_r;
    return unsupported(ctx);
}

int axl_domain_wait(axl_ctx *ctx, axl_host *host, uint32_t domid,
                    int timeout_ms, bool *gone_r, unsigned int *reason_r)
{
    (void)host; (void)domid; (void)timeout_ms; (void)gone_r; (void)reason_r;
    return unsupported(ctx);
}
