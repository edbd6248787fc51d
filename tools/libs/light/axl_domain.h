/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: domains on a real Xen host (built only for Arm). */
#ifndef AXL_DOMAIN_H
#define AXL_DOMAIN_H

#include <xenctrl.h>
#include <xenguest.h>
#include <xenstore.h>
#include <xenstore_lib.h>

#include "axl_internal.h"

struct axl_host {
    xc_interface *xch;
    struct xs_handle *xsh;
    xentoollog_logger demote;       /* libxenctrl's logger, see .c */
    xentoollog_logger *target;
};

/* What the build hands to xenstore registration. */
typedef struct axl__built {
    uint32_t domid;
    char uuid[37];
    uint32_t store_port, console_port, vuart_port;
    uint64_t store_pfn, console_pfn, vuart_gfn;
    bool has_vuart;
} axl__built;

/* The base nodes libxl__domain_make writes (dom path, vm path, /libxl,
 * control, permissions), as one transaction. */
int axl__xs_make(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                 const axl__built *b);
/* Memory, store, console and vuart nodes, the DTB, then introduce the
 * domain to xenstored (libxl__build_post and the console devices). */
int axl__xs_finish(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                   const axl__built *b, const void *dtb, size_t dtb_size);
/* Removes every node of @domid (dom path, its vm path, /libxl/@domid);
 * safe to call for nodes that do not exist. */
void axl__xs_remove(axl_host *h, uint32_t domid);

#endif /* AXL_DOMAIN_H */
