/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: virtio-mmio devices and the SPIs a guest needs. */
#ifndef AXL_VIRTIO_ARM_H
#define AXL_VIRTIO_ARM_H

#include "axl_layout_arm.h"

/* A virtio-mmio device as libxl places it. */
typedef struct axl__virtio_dev {
    uint64_t base;          /* its 0x200-byte slot */
    uint32_t spi;           /* its interrupt (INTID) */
    uint32_t backend_domid;
    bool grant;             /* xen,grant-dma: the backend maps grants */
    bool is_disk;           /* a disk with specification=virtio */
    size_t index;           /* in cfg->disks or cfg->virtio */
    const char *type;       /* "virtio,device..." (NULL for a disk) */
} axl__virtio_dev;

typedef struct axl__virtio_layout {
    axl__virtio_dev *dev;
    size_t nr;
} axl__virtio_layout;

void axl__virtio_layout_init(axl__virtio_layout *l);
void axl__virtio_layout_dispose(axl__virtio_layout *l);

/*
 * Places the virtio-mmio devices of @eff as @p's libxl does: disks with
 * specification=virtio first, then virtio= entries with transport=mmio,
 * in config order, one slot and one SPI each.  Entries without a
 * transport get no device (libxl ignores them; a warning says so).
 * Fails (AXL_ERROR_UNSUPPORTED) for virtio= on a version whose libxl has
 * no such key, (AXL_ERROR_INVAL) for a bad type or an unresolved backend,
 * (AXL_ERROR_LAYOUT) when the slots or SPIs run out.
 */
int axl__virtio_place(axl_ctx *ctx, const axl_domain_config *eff,
                      const axl__xen_profile *p, axl__virtio_layout *l);

/*
 * The SPIs the domain's vGIC must have, as libxl computes them: enough
 * for the vpl011, every virtio device and every irqs= entry, and at least
 * nr_spis=.  Fails (AXL_ERROR_LAYOUT) beyond what Xen's vGIC offers or
 * when an irqs= entry is a virtio SPI.
 */
int axl__nr_spis(axl_ctx *ctx, const axl_domain_config *eff,
                 const axl__xen_profile *p, const axl__virtio_layout *l,
                 uint32_t *nr_spis_r);

#endif /* AXL_VIRTIO_ARM_H */
