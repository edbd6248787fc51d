/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The guest layout and libxl behaviour of each supported Xen version.
 *
 * The windows are data, one table per version, read by the memory map,
 * the extended regions and the tree writer alike.  Xen 4.17 and 4.20 give
 * guests the same windows (tests/abi checks the values against each
 * version's public header); they differ in the vPCI prefetchable window's
 * PCI address type and in what their libxl writes and accepts.
 */
#include "axl_layout_arm.h"
#include "arch-arm.h"

#define WIN(name) { GUEST_##name##_BASE, GUEST_##name##_SIZE }

static const axl__win_def windows_4_17[AXL__NR_WINS] = {
    [AXL__WIN_VIRTIO_MMIO]   = WIN(VIRTIO_MMIO),
    [AXL__WIN_GICV2_DIST]    = WIN(GICD),
    [AXL__WIN_GICV2_CPU]     = WIN(GICC),
    [AXL__WIN_GICV3_DIST]    = WIN(GICV3_GICD),
    [AXL__WIN_GICV3_REDIST]  = WIN(GICV3_GICR0),
    [AXL__WIN_VPCI_ECAM]     = WIN(VPCI_ECAM),
    [AXL__WIN_ACPI]          = WIN(ACPI),
    [AXL__WIN_VPL011]        = WIN(PL011),
    [AXL__WIN_VPCI_MEM]      = { GUEST_VPCI_MEM_ADDR, GUEST_VPCI_MEM_SIZE },
    [AXL__WIN_GNTTAB]        = WIN(GNTTAB),
    [AXL__WIN_MAGIC]         = WIN(MAGIC),
    [AXL__WIN_RAM0]          = WIN(RAM0),
    [AXL__WIN_VPCI_PREFETCH] = { GUEST_VPCI_PREFETCH_MEM_ADDR,
                                 GUEST_VPCI_PREFETCH_MEM_SIZE },
    [AXL__WIN_RAM1]          = WIN(RAM1),
};

/* Unchanged from 4.17: a table of its own all the same, so that a future
 * version's change is a change of data here. */
static const axl__win_def windows_4_20[AXL__NR_WINS] = {
    [AXL__WIN_VIRTIO_MMIO]   = WIN(VIRTIO_MMIO),
    [AXL__WIN_GICV2_DIST]    = WIN(GICD),
    [AXL__WIN_GICV2_CPU]     = WIN(GICC),
    [AXL__WIN_GICV3_DIST]    = WIN(GICV3_GICD),
    [AXL__WIN_GICV3_REDIST]  = WIN(GICV3_GICR0),
    [AXL__WIN_VPCI_ECAM]     = WIN(VPCI_ECAM),
    [AXL__WIN_ACPI]          = WIN(ACPI),
    [AXL__WIN_VPL011]        = WIN(PL011),
    [AXL__WIN_VPCI_MEM]      = { GUEST_VPCI_MEM_ADDR, GUEST_VPCI_MEM_SIZE },
    [AXL__WIN_GNTTAB]        = WIN(GNTTAB),
    [AXL__WIN_MAGIC]         = WIN(MAGIC),
    [AXL__WIN_RAM0]          = WIN(RAM0),
    [AXL__WIN_VPCI_PREFETCH] = { GUEST_VPCI_PREFETCH_MEM_ADDR,
                                 GUEST_VPCI_PREFETCH_MEM_SIZE },
    [AXL__WIN_RAM1]          = WIN(RAM1),
};

/* Xen's vGIC rounds nr_spis up to 32 and takes at most 1020 - 32. */
#define MAX_SPIS 960
/* libxl's virtio-mmio slot. */
#define VIRTIO_MMIO_DEV_SIZE 0x200

static const axl__xen_profile profiles[] = {
    {
        .major = 4, .minor = 17,
        .win = windows_4_17,
        .vpci_prefetch_type = GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_17,
        .virtio_spi_first = GUEST_VIRTIO_MMIO_SPI_FIRST,
        .virtio_spi_last = GUEST_VIRTIO_MMIO_SPI_LAST,
        .virtio_dev_size = VIRTIO_MMIO_DEV_SIZE,
        .iommu_style = AXL__IOMMU_BEFORE_FIRST,
        .max_spis = MAX_SPIS,
    },
    {
        .major = 4, .minor = 20,
        .win = windows_4_20,
        .vpci_prefetch_type = GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM_4_20,
        .virtio_spi_first = GUEST_VIRTIO_MMIO_SPI_FIRST,
        .virtio_spi_last = GUEST_VIRTIO_MMIO_SPI_LAST,
        .virtio_dev_size = VIRTIO_MMIO_DEV_SIZE,
        .iommu_style = AXL__IOMMU_AFTER_ALL,
        .has_virtio_key = true,
        .has_grant_usage = true,
        .has_nr_spis = true,
        .has_sve = true,
        .has_llc_colors = true,
        .has_tee_ffa = true,
        .max_spis = MAX_SPIS,
    },
};

#define NR_PROFILES (sizeof(profiles) / sizeof(profiles[0]))

const axl__xen_profile *axl__xen_profile_find(unsigned int major,
                                              unsigned int minor)
{
    size_t i;

    for (i = 0; i < NR_PROFILES; i++)
        if (profiles[i].major == major && profiles[i].minor == minor)
            return &profiles[i];
    return NULL;
}

const axl__xen_profile *axl__xen_profile_default(void)
{
    const axl__xen_profile *p = axl__xen_profile_find(AXL_XEN_VERSION_MAJOR,
                                                      AXL_XEN_VERSION_MINOR);

    /* configure refuses other versions; the newest is the fallback. */
    return p ? p : &profiles[NR_PROFILES - 1];
}

bool axl_xen_version_supported(unsigned int major, unsigned int minor)
{
    return axl__xen_profile_find(major, minor) != NULL;
}

const char *axl_xen_versions_supported(void)
{
    return "4.17, 4.20";
}
