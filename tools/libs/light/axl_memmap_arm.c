/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The Arm guest memory map: every guest-physical window a domain's config
 * occupies, with its owner.  The fixed layout comes from the version's
 * layout table (axl_layout_arm.c); this file decides which windows a
 * config uses and checks that they fit.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "axl_memmap_arm.h"

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
void axl__ram_banks(const axl__xen_profile *p, const axl_domain_config *eff,
                    uint64_t *bank_bytes)
{
    uint64_t left = eff->maxmem_kb <= UINT64_MAX / 1024 ?
                    eff->maxmem_kb * 1024 : UINT64_MAX;
    size_t i;

    for (i = 0; i < AXL__RAM_BANKS; i++) {
        uint64_t size = axl__win_size(p, axl__ram_win(i));

        bank_bytes[i] = left < size ? left : size;
        left -= bank_bytes[i];
    }
}

/* A window of the layout table, whole. */
static int add_fixed(axl__memmap *map, const axl__xen_profile *p,
                     axl__win win, axl_owner owner)
{
    uint64_t base = axl__win_base(p, win);

    return axl__memmap_add(map, base, base + axl__win_size(p, win) - 1,
                           owner, 0, NULL);
}

/* The windows Xen emulates for this config, and the virtio devices
 * (never free, never iomem). */
static int add_emulated(const axl_domain_config *eff,
                        const axl__xen_profile *p,
                        const axl__virtio_layout *vl, axl__memmap *map)
{
    size_t i;
    int rc;

    if (eff->gic_version == AXL_GIC_V2) {
        rc = add_fixed(map, p, AXL__WIN_GICV2_DIST, AXL_OWNER_GIC_DIST);
        if (!rc)
            rc = add_fixed(map, p, AXL__WIN_GICV2_CPU, AXL_OWNER_GIC_CPU);
    } else {
        rc = add_fixed(map, p, AXL__WIN_GICV3_DIST, AXL_OWNER_GIC_DIST);
        if (!rc)
            rc = add_fixed(map, p, AXL__WIN_GICV3_REDIST,
                           AXL_OWNER_GIC_REDIST);
    }
    if (!rc && eff->vuart == AXL_VUART_SBSA_UART)
        rc = add_fixed(map, p, AXL__WIN_VPL011, AXL_OWNER_VPL011);
    if (!rc)
        rc = add_fixed(map, p, AXL__WIN_GNTTAB, AXL_OWNER_GNTTAB);
    if (!rc)
        rc = add_fixed(map, p, AXL__WIN_MAGIC, AXL_OWNER_MAGIC);
    for (i = 0; !rc && i < vl->nr; i++)
        rc = axl__memmap_add(map, vl->dev[i].base,
                             vl->dev[i].base + p->virtio_dev_size - 1,
                             AXL_OWNER_VIRTIO, i, NULL);
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
                           const axl__xen_profile *p,
                           const axl__virtio_layout *vl, axl__memmap *map)
{
    uint64_t ram[AXL__RAM_BANKS];
    size_t i;
    int rc;

    axl__ram_banks(p, eff, ram);
    for (i = 0; i < AXL__RAM_BANKS; i++) {
        uint64_t base = axl__win_base(p, axl__ram_win(i));

        if (!ram[i])
            continue;
        rc = axl__memmap_add(map, base, base + ram[i] - 1, AXL_OWNER_RAM, i,
                             NULL);
        if (rc)
            return rc;
    }
    /* Reserved for virtio devices whether the guest has any or not. */
    rc = add_fixed(map, p, AXL__WIN_VIRTIO_MMIO, AXL_OWNER_VIRTIO_MMIO);
    if (!rc)
        rc = add_emulated(eff, p, vl, map);
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

/* Guest frame minus host frame: equal for two entries exactly when they
 * map every guest frame they share to the same host frame. */
static uint64_t iomem_shift(const axl_iomem *e)
{
    return e->gfn - e->start;
}

/*
 * Overlapping iomem= entries (sorted by guest address in @w): the same
 * guest frames mapped to the same host frames are allowed, as xl allows
 * them (vendor configs do this), with a warning; one guest frame mapped
 * to two host frames is an error.  A run of entries that overlap with one
 * shift covers its frames with that shift, so each entry is compared with
 * the run it meets: O(n).
 */
static int check_iomem_overlaps(axl_ctx *ctx, const axl_domain_config *eff,
                                const axl_window *w, size_t n)
{
    uint64_t run_last = 0, run_shift = 0;
    size_t run_first = 0, i;

    for (i = 0; i < n; i++) {
        uint64_t shift = iomem_shift(&eff->iomem[w[i].index]);

        if (i && w[i].start <= run_last) {
            size_t lo = w[run_first].index, hi = w[i].index;

            if (lo > hi) {
                size_t t = lo;

                lo = hi;
                hi = t;
            }
            if (shift != run_shift) {
                LOG(ctx, ERROR, "iomem[%zu] and iomem[%zu] map guest frame "
                    "%#"PRIx64" to different host frames", lo, hi,
                    w[i].start >> AXL_PAGE_SHIFT);
                return AXL_ERROR_LAYOUT;
            }
            LOG(ctx, WARN, "iomem[%zu] and iomem[%zu] overlap from guest "
                "frame %#"PRIx64" (the same mapping, so it is kept)", lo, hi,
                w[i].start >> AXL_PAGE_SHIFT);
            if (w[i].last > run_last)
                run_last = w[i].last;
            continue;
        }
        run_first = i;
        run_last = w[i].last;
        run_shift = shift;
    }
    return AXL_OK;
}

int axl__config_check_layout(axl_ctx *ctx, const axl_domain_config *eff,
                             const axl__xen_profile *p,
                             const axl__virtio_layout *vl)
{
    axl__memmap map, fixed;
    uint64_t ram_max = axl__win_size(p, AXL__WIN_RAM0) +
                       axl__win_size(p, AXL__WIN_RAM1);
    size_t i, j, first_iomem;
    int rc;

    axl__memmap_init(&map);
    axl__memmap_init(&fixed);

    if (eff->maxmem_kb > ram_max / 1024) {
        LOG(ctx, ERROR, "memory: %"PRIu64" MiB is more than the %llu MiB "
            "of the guest RAM banks", eff->maxmem_kb / 1024,
            (unsigned long long)(ram_max >> 20));
        rc = AXL_ERROR_LAYOUT;
        goto out;
    }
    rc = add_emulated(eff, p, vl, &fixed);
    if (rc)
        goto out;
    rc = axl__memmap_add_config(ctx, eff, p, vl, &map);
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
    qsort(map.w + first_iomem, eff->nr_iomem, sizeof(*map.w), iomem_cmp);
    rc = check_iomem_overlaps(ctx, eff, map.w + first_iomem, eff->nr_iomem);
    if (rc)
        goto out;
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
