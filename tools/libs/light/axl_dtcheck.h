/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: what occupies the root address space of a device tree, for
 * axl_dtcheck().  Each occupied range remembers which node (and which
 * entry of its reg or ranges) it came from, so that a finding can name it.
 */
#ifndef AXL_DTCHECK_H
#define AXL_DTCHECK_H

#include "axl_fdt_validate.h"
#include "axl_internal.h"

typedef enum axl__dtbusy_kind {
    AXL__DTBUSY_MEMORY,     /* a memory node's reg */
    AXL__DTBUSY_MEMRESERVE, /* an entry of the blob's /memreserve/ block */
    AXL__DTBUSY_RESERVED,   /* a /reserved-memory child's reg */
    AXL__DTBUSY_DEVICE,     /* any other node's reg, translated */
    AXL__DTBUSY_PCI,        /* a PCI host bridge's ranges, translated */
} axl__dtbusy_kind;

typedef struct axl__dtbusy {
    axl_range range;        /* in the root's address space */
    axl__dtbusy_kind kind;
    size_t index;           /* reg[i], ranges[i] or the /memreserve/ entry */
    uint32_t rec;           /* the node's walk record (not /memreserve/) */
} axl__dtbusy;

typedef struct axl__dtbusy_set {
    axl__dtbusy *v;
    size_t nr, cap;
    axl_window *w;          /* w[i] is v[i], for the busyset */
    axl__busyset set;
    axl__fdt_walk walk;     /* the nodes' records, for their paths */
} axl__dtbusy_set;

void axl__dtbusy_init(axl__dtbusy_set *s);
void axl__dtbusy_dispose(axl__dtbusy_set *s);

/* The path of @b's node (escaped, see axl__fdt_walk_path). */
void axl__dtbusy_path(const axl__dtbusy_set *s, const axl__dtbusy *b,
                      char *buf, size_t len);

/*
 * Collects every occupied range of @fdt (checked by axl__fdt_validate),
 * in one walk:
 * top-level memory nodes, /memreserve/ entries, /reserved-memory children,
 * the reg of every other node that maps to the root address space through
 * its buses' ranges, and the ranges of PCI host bridges.  The node @skip
 * (the hypervisor node) is left out.  Disabled nodes count: the hardware
 * behind them still decodes its addresses.
 * Returns AXL_OK or AXL_ERROR_NOMEM.
 */
int axl__dtbusy_collect(axl_ctx *ctx, const void *fdt, int skip,
                        axl__dtbusy_set *s);

/* Calls @fn for each collected range that overlaps @r, in address order;
 * a non-zero return stops the walk and is returned. */
typedef int axl__dtbusy_fn(void *opaque, const axl__dtbusy *b);
int axl__dtbusy_overlaps(const axl__dtbusy_set *s, const axl_range *r,
                         axl__dtbusy_fn *fn, void *opaque);

#endif /* AXL_DTCHECK_H */
