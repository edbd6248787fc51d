/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: the Arm boot image (kernel, modules) and device-tree writer. */
#ifndef AXL_BOOT_ARM_H
#define AXL_BOOT_ARM_H

#include <libfdt_env.h>

#include "axl_virtio_arm.h"

/* libxenguest loads an arm32 zImage this far above the RAM base. */
#define ZIMAGE32_LOAD_OFFSET 0x8000

typedef struct axl__kernel {
    axl_guest_arch arch;
    uint64_t text_offset;   /* load offset from the RAM base */
    uint64_t size;          /* bytes, after decompression */
} axl__kernel;

/* Reads @path's header. Returns AXL_OK, AXL_ERROR_IO or AXL_ERROR_FORMAT. */
int axl__kernel_probe(axl_ctx *ctx, const char *path, axl__kernel *k);

/* Where libxenguest puts the kernel, ramdisk and DTB in RAM bank 0. */
typedef struct axl__modules {
    axl_range kernel;
    bool has_ramdisk;
    axl_range ramdisk;      /* page-rounded */
    axl_range dtb;          /* page-rounded */
} axl__modules;

/*
 * Places the modules as libxenguest's Arm meminit does: ramdisk then DTB
 * at RAM + 128 MiB when bank 0 has room above the kernel, else at the top
 * of bank 0, else just below the kernel.  @ramdisk_size 0 means none.
 * Returns AXL_OK or AXL_ERROR_LAYOUT (it does not fit).
 */
int axl__modules_place(axl_ctx *ctx, const axl__kernel *k,
                       uint64_t bank0_bytes, uint64_t ramdisk_size,
                       uint64_t dtb_size, axl__modules *m);

/* What the device tree is made from. */
typedef struct axl__dt_inputs {
    const axl_domain_config *eff;       /* defaults applied */
    const axl_build_options *opts;
    const axl__xen_profile *profile;    /* that version's layout, libxl */
    const axl__virtio_layout *virtio;   /* the virtio-mmio devices */
    axl_guest_arch arch;
    axl_gic_version gic;                /* resolved: V2 or V3 */
    const uint64_t *bank_bytes;         /* RAM per bank */
    const axl_range *regions;           /* extended regions 1..N */
    size_t nr_regions;
    bool has_ramdisk;
    const void *partial;                /* checked partial DT, or NULL */
} axl__dt_inputs;

/*
 * Writes the guest device tree into a new malloc'd blob, in the node order
 * and layout of the profile's libxl (so that a tree for the same config
 * is byte for byte libxl's).  /chosen initrd properties hold zero until
 * axl__fdt_set_initrd().  Returns AXL_OK, AXL_ERROR_NOMEM or AXL_ERROR_FDT.
 */
int axl__fdt_write(axl_ctx *ctx, const axl__dt_inputs *in, void **blob_r);
/* Fills /chosen linux,initrd-start and -end (exclusive end). */
int axl__fdt_set_initrd(axl_ctx *ctx, void *blob, uint64_t start,
                        uint64_t end);

/* Translates [addr, addr + size) of a reg in a child of @parent to the
 * root's address space, through every bus's ranges.  Returns 1 when it
 * maps, 0 when a bus on the way has no ranges (not CPU-addressable), or
 * a negative libfdt error. */
int axl__fdt_translate(const void *fdt, int parent, uint64_t addr,
                       uint64_t size, uint64_t *root_addr_r);
/* Reads a cell count property of @node, with the spec's default. */
int axl__fdt_cells(const void *fdt, int node, const char *name, int dflt);
/* The number in the @n big-endian cells at @p (@n at most 2: it fits). */
uint64_t axl__fdt_read_cells(const fdt32_t *p, int n);

#endif /* AXL_BOOT_ARM_H */
