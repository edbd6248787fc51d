/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: what differs between the Xen versions axl supports, in one
 * place: the guest layout (a table of windows per version, in the manner
 * of QEMU's virt memmap) and what that version's libxl writes or accepts.
 * Common code asks the profile; it does not test version numbers.
 */
#ifndef AXL_LAYOUT_ARM_H
#define AXL_LAYOUT_ARM_H

#include "axl_internal.h"

/* The fixed windows of the Arm guest layout. */
typedef enum axl__win {
    AXL__WIN_VIRTIO_MMIO,
    AXL__WIN_GICV2_DIST,
    AXL__WIN_GICV2_CPU,
    AXL__WIN_GICV3_DIST,
    AXL__WIN_GICV3_REDIST,
    AXL__WIN_VPCI_ECAM,
    AXL__WIN_ACPI,
    AXL__WIN_VPL011,
    AXL__WIN_VPCI_MEM,
    AXL__WIN_GNTTAB,
    AXL__WIN_MAGIC,
    AXL__WIN_RAM0,
    AXL__WIN_VPCI_PREFETCH,
    AXL__WIN_RAM1,
    AXL__NR_WINS
} axl__win;

typedef struct axl__win_def {
    uint64_t base, size;
} axl__win_def;

/* How that version's libxl places the xen,grant-dma node. */
typedef enum axl__iommu_style {
    /* 4.17: virtio disks only; a device whose backend is not dom0 uses
     * grants, and the node comes before the first such device. */
    AXL__IOMMU_BEFORE_FIRST,
    /* 4.18 on: grant_usage= per device (default: backend not dom0), the
     * node after every device. */
    AXL__IOMMU_AFTER_ALL,
} axl__iommu_style;

typedef struct axl__xen_profile {
    unsigned int major, minor;
    const axl__win_def *win;            /* AXL__NR_WINS entries */
    uint64_t vpci_prefetch_type;        /* PCI address type of that window */
    unsigned int virtio_spi_first, virtio_spi_last;
    uint64_t virtio_dev_size;           /* bytes of one virtio-mmio slot */
    axl__iommu_style iommu_style;
    bool has_virtio_key;                /* virtio = [...]: libxl 4.18 */
    bool has_grant_usage;               /* a virtio disk's grant_usage=
                                         * (and its xenstore node): 4.18 */
    bool has_nr_spis;                   /* nr_spis=: libxl 4.19 */
    bool has_sve;                       /* sve=: libxl 4.18 */
    bool has_llc_colors;                /* llc_colors=: libxl 4.20 */
    bool has_tee_ffa;                   /* tee="ffa": libxl 4.18 */
    unsigned int max_spis;              /* highest nr_spis Xen accepts */
} axl__xen_profile;

/* The profile of Xen @major.@minor, or NULL if axl does not support it. */
const axl__xen_profile *axl__xen_profile_find(unsigned int major,
                                              unsigned int minor);
/* The profile of the Xen axl was built for. */
const axl__xen_profile *axl__xen_profile_default(void);

static inline uint64_t axl__win_base(const axl__xen_profile *p, axl__win w)
{
    return p->win[w].base;
}

static inline uint64_t axl__win_size(const axl__xen_profile *p, axl__win w)
{
    return p->win[w].size;
}

/* RAM bank @i (0 or 1) of the layout. */
static inline axl__win axl__ram_win(size_t i)
{
    return i ? AXL__WIN_RAM1 : AXL__WIN_RAM0;
}

#define AXL__RAM_BANKS 2

#endif /* AXL_LAYOUT_ARM_H */
