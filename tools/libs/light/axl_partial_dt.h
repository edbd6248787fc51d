/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: the partial device tree of device_tree= (passthrough devices).
 * As in libxl, only /passthrough (required) and /aliases (optional) are
 * copied into the guest's tree; the reg ranges of the devices under
 * /passthrough are occupied guest-physical space.
 */
#ifndef AXL_PARTIAL_DT_H
#define AXL_PARTIAL_DT_H

#include "axl_internal.h"

/* Reads and checks @path (fdt_check_full, a /passthrough node).  On
 * success *blob_r is malloc'd.  Returns AXL_OK, AXL_ERROR_IO,
 * AXL_ERROR_FORMAT or AXL_ERROR_NOMEM. */
int axl__pdt_load(axl_ctx *ctx, const char *path, void **blob_r);

/* Adds a window (owner AXL_OWNER_PARTIAL_DT, label: the node path) for
 * every reg range under /passthrough that maps to the root address space.
 * Labels are strdup'd onto @labels (freed by the caller).  Returns AXL_OK,
 * AXL_ERROR_FORMAT or AXL_ERROR_NOMEM. */
int axl__pdt_add_windows(axl_ctx *ctx, const void *pfdt, axl__memmap *map,
                         char ***labels, size_t *nr_labels);

/* Copies /passthrough and /aliases into @fdt, which is being written with
 * the sequential-write API.  Returns 0 or a negative libfdt error. */
int axl__pdt_copy(void *fdt, const void *pfdt);

#endif /* AXL_PARTIAL_DT_H */
