/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: reading a device tree from a DTB or a directory. */
#ifndef AXL_DTREAD_H
#define AXL_DTREAD_H

#include <stddef.h>

/*
 * Reads the device tree at @path: a DTB file (a guest's /sys/firmware/fdt,
 * "-" for standard input) or a directory laid out as /proc/device-tree
 * (each file a property, each directory a node), which is turned into a
 * blob with libfdt's sequential writer.  *blob_r is malloc'd and holds
 * *size_r bytes, its fdt_totalsize.  Returns 0, or -1 after printing one
 * error line.
 */
int axl_dt_read(const char *path, void **blob_r, size_t *size_r);

/* The directory case of axl_dt_read(), on its own. */
int axl_dt_from_dir(const char *dir, void **blob_r, size_t *size_r);

#endif /* AXL_DTREAD_H */
