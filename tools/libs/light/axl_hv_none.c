/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * No hypervisor interface in this build: axl talks to Xen only when built
 * for Arm (./configure --host=aarch64-linux-gnu); the dry-run commands,
 * and the domain logic against the tests' fake, work everywhere.
 */
#include "axl_hv.h"

bool axl_host_supported(void)
{
    return false;
}

int axl__hv_open_real(axl_ctx *ctx, const axl__hv_ops **ops_r, void **hv_r,
                      axl__hv_abi *abi_r)
{
    (void)ops_r; (void)hv_r; (void)abi_r;
    LOG(ctx, ERROR, "this axl was built for another architecture than Arm: "
        "creating and managing domains needs an Arm build (see README.md, "
        "\"Creating domains on Xen/Arm\")");
    return AXL_ERROR_UNSUPPORTED;
}
