/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: domains on a Xen host, over the axl_hv.h interface. */
#ifndef AXL_DOMAIN_H
#define AXL_DOMAIN_H

#include "axl_hv.h"
#include "axl_virtio_arm.h"

struct axl_host {
    const axl__hv_ops *ops;
    void *hv;
    axl__hv_abi abi;                /* what the interface was built for */
    unsigned int xen_major, xen_minor;  /* the running hypervisor */
    /* Device waits (axl_devices.h's defaults; tests shorten them). */
    int init_timeout_ms, hotplug_timeout_ms, destroy_timeout_ms;
};

/* What the build hands to xenstore registration. */
typedef struct axl__built {
    uint32_t domid;
    char uuid[37];
    uint32_t store_port, console_port, vuart_port;
    uint64_t store_pfn, console_pfn, vuart_gfn;
    bool has_vuart;
} axl__built;

/* Attempts of a xenstore transaction that meets EAGAIN before axl gives
 * up (another writer kept coming first). */
#define AXL__XS_TXN_TRIES 16

/*
 * The base nodes libxl__domain_make writes (dom path, vm path, /libxl,
 * control, permissions), as one transaction that also checks, inside
 * it, that no other domain has the name: two creators racing cannot both
 * commit.  AXL_ERROR_INVAL if the name is taken.
 */
int axl__xs_make(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                 const axl__built *b);
/* Memory, store, console and vuart nodes, the DTB, then introduce the
 * domain to xenstored (libxl__build_post and the console devices). */
int axl__xs_finish(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                   const axl__built *b, const void *dtb, size_t dtb_size);
/*
 * The xenstore nodes libxl 4.20 writes for each virtio-mmio device of
 * @l (not the virtio disks), so that an external backend can attach:
 * BACKEND/backend/virtio/DOMID/DEVID (frontend, frontend-id, online,
 * state, irq, base, type, transport, grant_usage), the frontend
 * /local/domain/DOMID/device/virtio/DEVID (backend, backend-id, state),
 * and libxl's copy under /libxl/DOMID/device/virtio/DEVID.
 */
int axl__xs_virtio(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   const axl__virtio_layout *l);
/* Removes every node of @domid (dom path, its vm path, /libxl/@domid,
 * and the backend directories its /libxl device entries name); safe to
 * call for nodes that do not exist.  Returns false if a removal
 * failed. */
bool axl__xs_remove(axl_host *h, uint32_t domid);

/*
 * A random (version 4) uuid into @handle and its text into @out.  Retries
 * a source interrupted by a signal a bounded number of times; AXL_OK or
 * AXL_ERROR_XEN (no entropy).
 */
int axl__make_uuid(axl_ctx *ctx, axl_host *h, uint8_t handle[16],
                   char out[37]);

/* Whether @name may name a domain: see axl_domain_create.c. */
bool axl__domain_name_valid(const char *name);

#endif /* AXL_DOMAIN_H */
