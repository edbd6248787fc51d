/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: the memory map of a config, for one Xen version's layout. */
#ifndef AXL_MEMMAP_ARM_H
#define AXL_MEMMAP_ARM_H

#include "axl_virtio_arm.h"

/* RAM per bank (bytes) for the effective config: bank 0 first. */
void axl__ram_banks(const axl__xen_profile *p, const axl_domain_config *eff,
                    uint64_t *bank_bytes);
/* Adds RAM, the virtio-mmio window and devices, GIC, vpl011, grant table,
 * magic pages and iomem windows. */
int axl__memmap_add_config(axl_ctx *ctx, const axl_domain_config *eff,
                           const axl__xen_profile *p,
                           const axl__virtio_layout *vl, axl__memmap *map);
/* Checks the layout of an effective config: RAM fits the banks, iomem
 * entries fit the 64-bit space, overlap none of Xen's emulated windows
 * nor the virtio devices, and map no guest frame to two host frames.
 * Returns AXL_OK, AXL_ERROR_LAYOUT or AXL_ERROR_NOMEM. */
int axl__config_check_layout(axl_ctx *ctx, const axl_domain_config *eff,
                             const axl__xen_profile *p,
                             const axl__virtio_layout *vl);
/* Validates @cfg for Xen version @p: values, devices and layout. */
int axl__config_validate_for(axl_ctx *ctx, const axl_domain_config *cfg,
                             const axl__xen_profile *p);

#endif /* AXL_MEMMAP_ARM_H */
