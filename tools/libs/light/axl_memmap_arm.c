/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The Arm guest memory map: every guest-physical window a domain's config
 * occupies, with its owner.  The fixed layout comes from arch-arm.h; this
 * file decides which windows a config uses and checks that they fit.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "axl_internal.h"
#include "arch-arm.h"

static const uint64_t bank_base[GUEST_RAM_BANKS] = GUEST_RAM_BANK_BASES;
static const uint64_t bank_size[GUEST_RAM_BANKS] = GUEST_RAM_BANK_SIZES;

void axl__memmap_init(axl__memmap *map)
{
    map->w = NULL;
    map->nr = map->cap = 0;
}

void axl__memmap_dispose(axl__memmap *map)
{
    free(map->w);
    axl__memmap_init(map);
}

int axl__memmap_add(axl__memmap *map, uint64_t start, uint64_t last,
                    axl_owner owner, size_t index, const char *label)
{
    int rc = axl__grow((void **)&map->w, map->nr, &map->cap,
                       sizeof(*map->w));

    if (rc)
        return rc;
    map->w[map->nr].start = start;
    map->w[map->nr].last = last;
    map->w[map->nr].owner = owner;
    map->w[map->nr].index = index;
    map->w[map->nr].label = label;
    map->nr++;
    return AXL_OK;
}

static int window_cmp(const void *a, const void *b)
{
    const axl_window *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->last != y->last)
        return x->last > y->last ? -1 : 1;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return 0;
}

void axl__memmap_sort(axl__memmap *map)
{
    if (map->nr)
        qsort(map->w, map->nr, sizeof(*map->w), window_cmp);
}

/* Bank sizes come from maxmem: bank 0 takes up to 3 GiB, bank 1 the rest. */
void axl__ram_banks(const axl_domain_config *eff, uint64_t *bank_bytes)
{
    uint64_t left = eff->maxmem_kb <= UINT64_MAX / 1024 ?
                    eff->maxmem_kb * 1024 : UINT64_MAX;
    int i;

    for (i = 0; i < GUEST_RAM_BANKS; i++) {
        bank_bytes[i] = left < bank_size[i] ? left : bank_size[i];
        left -= bank_bytes[i];
    }
}

/* A fixed window of arch-arm.h's layout, given as base and size. */
static int add_fixed(axl__memmap *map, uint64_t base, uint64_t size,
                     axl_owner owner)
{
    return axl__memmap_add(map, base, base + size - 1, owner, 0, NULL);
}

/* The windows Xen emulates for this config (never free, never iomem). */
static int add_emulated(const axl_domain_config *eff, axl__memmap *map)
{
    int rc;

    if (eff->gic_version == AXL_GIC_V2) {
        rc = add_fixed(map, GUEST_GICD_BASE, GUEST_GICD_SIZE,
                       AXL_OWNER_GIC_DIST);
        if (!rc)
            rc = add_fixed(map, GUEST_GICC_BASE, GUEST_GICC_SIZE,
                           AXL_OWNER_GIC_CPU);
    } else {
        rc = add_fixed(map, GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE,
                       AXL_OWNER_GIC_DIST);
        if (!rc)
            rc = add_fixed(map, GUEST_GICV3_GICR0_BASE,
                           GUEST_GICV3_GICR0_SIZE, AXL_OWNER_GIC_REDIST);
    }
    if (!rc && eff->vuart == AXL_VUART_SBSA_UART)
        rc = add_fixed(map, GUEST_PL011_BASE, GUEST_PL011_SIZE,
                       AXL_OWNER_VPL011);
    if (!rc)
        rc = add_fixed(map, GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE,
                       AXL_OWNER_GNTTAB);
    if (!rc)
        rc = add_fixed(map, GUEST_MAGIC_BASE, GUEST_MAGIC_SIZE,
                       AXL_OWNER_MAGIC);
    return rc;
}

/* The guest-physical range of iomem entry @e; false past 2^64. */
static bool iomem_range(const axl_iomem *e, axl_range *r)
{
    if (e->gfn > (UINT64_MAX >> AXL_PAGE_SHIFT) ||
        e->number > (UINT64_MAX >> AXL_PAGE_SHIFT))
        return false;
    return axl__range_from_size(e->gfn << AXL_PAGE_SHIFT,
                                e->number << AXL_PAGE_SHIFT, r);
}

int axl__memmap_add_config(axl_ctx *ctx, const axl_domain_config *eff,
                           axl__memmap *map)
{
    uint64_t ram[GUEST_RAM_BANKS];
    size_t i;
    int rc;

    axl__ram_banks(eff, ram);
    for (i = 0; i < GUEST_RAM_BANKS; i++) {
        if (!ram[i])
            continue;
        rc = axl__memmap_add(map, bank_base[i], bank_base[i] + ram[i] - 1,
                             AXL_OWNER_RAM, i, NULL);
        if (rc)
            return rc;
    }
    rc = add_emulated(eff, map);
    if (rc)
        return rc;
    for (i = 0; i < eff->nr_iomem; i++) {
        axl_range r;

        if (!iomem_range(&eff->iomem[i], &r)) {
            LOG(ctx, ERROR, "iomem[%zu]: guest frames %#"PRIx64" + %#"PRIx64
                " pass the end of the 64-bit address space", i,
                eff->iomem[i].gfn, eff->iomem[i].number);
            return AXL_ERROR_LAYOUT;
        }
        rc = axl__memmap_add(map, r.start, r.last, AXL_OWNER_IOMEM, i, NULL);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

static int iomem_cmp(const void *a, const void *b)
{
    const axl_window *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

int axl__config_check_layout(axl_ctx *ctx, const axl_domain_config *eff)
{
    axl__memmap map, fixed;
    size_t i, j, first_iomem;
    int rc;

    axl__memmap_init(&map);
    axl__memmap_init(&fixed);

    if (eff->maxmem_kb > GUEST_RAM_MAX / 1024) {
        LOG(ctx, ERROR, "memory: %"PRIu64" MiB is more than the %llu MiB "
            "of the guest RAM banks", eff->maxmem_kb / 1024,
            (unsigned long long)(GUEST_RAM_MAX >> 20));
        rc = AXL_ERROR_LAYOUT;
        goto out;
    }
    rc = add_emulated(eff, &fixed);
    if (rc)
        goto out;
    rc = axl__memmap_add_config(ctx, eff, &map);
    if (rc)
        goto out;

    /* iomem windows were appended last, in config order. */
    first_iomem = map.nr - eff->nr_iomem;
    for (i = first_iomem; i < map.nr; i++) {
        const axl_window *w = &map.w[i];

        for (j = 0; j < fixed.nr; j++) {
            const axl_window *f = &fixed.w[j];

            if (w->start <= f->last && f->start <= w->last) {
                LOG(ctx, ERROR, "iomem[%zu]: %#"PRIx64"-%#"PRIx64" overlaps "
                    "the %s at %#"PRIx64"-%#"PRIx64, w->index, w->start,
                    w->last, axl_owner_to_string(f->owner), f->start,
                    f->last);
                rc = AXL_ERROR_LAYOUT;
                goto out;
            }
        }
    }
    /* Overlaps among iomem entries: sort them, compare neighbours. */
    qsort(map.w + first_iomem, eff->nr_iomem, sizeof(*map.w), iomem_cmp);
    for (i = first_iomem + 1; i < map.nr; i++) {
        const axl_window *a = &map.w[i - 1], *b = &map.w[i];

        if (b->start <= a->last) {
            size_t lo = a->index < b->index ? a->index : b->index;
            size_t hi = a->index < b->index ? b->index : a->index;

            LOG(ctx, ERROR, "iomem[%zu] and iomem[%zu] map the same guest "
                "frames (from %#"PRIx64")", lo, hi,
                b->start >> AXL_PAGE_SHIFT);
            rc = AXL_ERROR_LAYOUT;
            goto out;
        }
    }
    /* Allowed, as in libxl, but the guest loses that RAM. */
    for (i = first_iomem; i < map.nr; i++) {
        for (j = 0; j < first_iomem; j++) {
            const axl_window *w = &map.w[i], *r = &map.w[j];

            if (r->owner == AXL_OWNER_RAM &&
                w->start <= r->last && r->start <= w->last)
                LOG(ctx, WARN, "iomem[%zu]: %#"PRIx64"-%#"PRIx64" lies over "
                    "RAM bank %zu; the mapping replaces that RAM", w->index,
                    w->start, w->last, r->index);
        }
    }
    rc = AXL_OK;
out:
    axl__memmap_dispose(&map);
    axl__memmap_dispose(&fixed);
    return rc;
}
