/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Boot module placement, as libxenguest's Arm meminit does it (Xen 4.17),
 * so that /chosen linux,initrd-* are what the guest would really get.
 */
#include <inttypes.h>

#include "axl_boot_arm.h"
#include "arch-arm.h"

#define MODULES_AT   (UINT64_C(128) << 20)  /* preferred: RAM + 128 MiB */
#define KERNEL_ALIGN (UINT64_C(2) << 20)    /* kernel end rounded to 2 MiB */

static uint64_t page_round(uint64_t x)
{
    uint64_t r;

    return axl__align_up(x, AXL_PAGE_SIZE, &r) ? r : UINT64_MAX;
}

int axl__modules_place(axl_ctx *ctx, const axl__kernel *k,
                       uint64_t bank0_bytes, uint64_t ramdisk_size,
                       uint64_t dtb_size, axl__modules *m)
{
    const uint64_t rambase = GUEST_RAM0_BASE;
    const uint64_t bank0end = rambase + bank0_bytes;
    const uint64_t ram128mb = rambase + MODULES_AT;
    uint64_t kernbase, kernend, modsize, modbase, rd, dt;

    if (k->text_offset > GUEST_RAM0_SIZE ||
        k->size > GUEST_RAM0_SIZE - k->text_offset) {
        LOG(ctx, ERROR, "kernel: %"PRIu64" bytes at offset %#"PRIx64" do not "
            "fit in RAM bank 0", k->size, k->text_offset);
        return AXL_ERROR_LAYOUT;
    }
    kernbase = rambase + k->text_offset;
    m->kernel.start = kernbase;
    m->kernel.last = kernbase + (k->size ? k->size - 1 : 0);
    if (!axl__align_up(kernbase + k->size, KERNEL_ALIGN, &kernend))
        return AXL_ERROR_LAYOUT;

    rd = ramdisk_size ? page_round(ramdisk_size) : 0;
    dt = page_round(dtb_size);
    modsize = rd + dt;
    if (modsize > GUEST_RAM0_SIZE ||
        modsize + (kernend - kernbase) > GUEST_RAM0_SIZE) {
        LOG(ctx, ERROR, "ramdisk: the kernel, ramdisk and device tree "
            "(%"PRIu64" MiB) do not fit in RAM bank 0 (3 GiB)",
            (modsize + (kernend - kernbase)) >> 20);
        return AXL_ERROR_LAYOUT;
    }
    if (kernbase + k->size > bank0end) {
        LOG(ctx, ERROR, "memory: %"PRIu64" MiB is too small for the "
            "kernel, which ends %"PRIu64" MiB into RAM",
            bank0_bytes >> 20, (kernbase + k->size - rambase + AXL_MIB - 1) >> 20);
        return AXL_ERROR_LAYOUT;
    }

    if (bank0end >= ram128mb + modsize && kernend < ram128mb)
        modbase = ram128mb;
    else if (bank0end > modsize && bank0end - modsize > kernend)
        modbase = bank0end - modsize;
    else if (kernbase - rambase > modsize)
        modbase = kernbase - modsize;
    else {
        LOG(ctx, ERROR, "memory: %"PRIu64" MiB leaves no room for the "
            "ramdisk and device tree (%"PRIu64" KiB) beside the kernel",
            bank0_bytes >> 20, modsize >> 10);
        return AXL_ERROR_LAYOUT;
    }

    m->has_ramdisk = rd != 0;
    if (rd) {
        m->ramdisk.start = modbase;
        m->ramdisk.last = modbase + rd - 1;
        modbase += rd;
    }
    m->dtb.start = modbase;
    m->dtb.last = modbase + dt - 1;
    return AXL_OK;
}
