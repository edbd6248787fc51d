/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The occupied part of a device tree's root address space, for
 * axl_dtcheck(): RAM (memory nodes), reserved memory, every device's reg
 * taken to the root through its buses' ranges, and the windows of PCI host
 * bridges (their ranges: the devices behind them have PCI addresses that
 * reg cannot show).  A reg that does not map to the root (an I2C bus, the
 * cpus) occupies nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_dtcheck.h"

void axl__dtbusy_init(axl__dtbusy_set *s)
{
    memset(s, 0, sizeof(*s));
    axl__busyset_init(&s->set);
}

void axl__dtbusy_dispose(axl__dtbusy_set *s)
{
    free(s->v);
    free(s->w);
    axl__busyset_dispose(&s->set);
    axl__fdt_walk_dispose(&s->walk);
    axl__dtbusy_init(s);
}

void axl__dtbusy_path(const axl__dtbusy_set *s, const axl__dtbusy *b,
                      char *buf, size_t len)
{
    axl__fdt_walk_path(&s->walk, b->rec, buf, len);
}

static int add_busy(axl__dtbusy_set *s, uint64_t start, uint64_t size,
                    axl__dtbusy_kind kind, size_t index, uint32_t rec)
{
    axl__dtbusy *b;
    int rc;

    if (!size)
        return AXL_OK;
    rc = axl__grow((void **)&s->v, s->nr, &s->cap, sizeof(*s->v));
    if (rc)
        return rc;
    b = &s->v[s->nr];
    b->range.start = start;
    /* A range that passes 2^64 occupies everything up to it. */
    b->range.last = size - 1 > UINT64_MAX - start ? UINT64_MAX
                                                  : start + (size - 1);
    b->kind = kind;
    b->index = index;
    b->rec = rec;
    s->nr++;
    return AXL_OK;
}

/* Whether @prop of @node is the string @want. */
static bool prop_is(const void *fdt, int node, const char *prop,
                    const char *want)
{
    int len;
    const char *v = fdt_getprop(fdt, node, prop, &len);

    return v && len == (int)strlen(want) + 1 && !memcmp(v, want, (size_t)len);
}

static bool is_memory_node(const void *fdt, int node)
{
    const char *name = fdt_get_name(fdt, node, NULL);

    if (prop_is(fdt, node, "device_type", "memory"))
        return true;
    return name && (!strcmp(name, "memory") || !strncmp(name, "memory@", 7));
}

/* Adds each entry of the current node's reg, in its parent's space. */
static int add_reg(axl_ctx *ctx, axl__dtbusy_set *s, axl__dtbusy_kind kind)
{
    const axl__fdt_walk *w = &s->walk;
    const axl__fdt_bus *parent = &w->bus[w->depth - 1];
    const fdt32_t *reg;
    int len, ac, sc, i, n, r, rc;
    char path[256];

    reg = fdt_getprop(w->fdt, w->node, "reg", &len);
    if (!reg)
        return AXL_OK;
    ac = parent->ac < 0 ? 2 : parent->ac;
    sc = parent->sc < 0 ? 1 : parent->sc;
    /* No sizes (cpus, I2C) or PCI's 3-cell addresses: nothing mapped. */
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        return AXL_OK;
    if (len % ((ac + sc) * 4)) {
        axl__fdt_walk_path(w, w->bus[w->depth].rec, path, sizeof(path));
        LOG(ctx, DEBUG, "dt-check: %s: reg is not whole (address, size) "
            "pairs; ignored", path);
        return AXL_OK;
    }
    n = len / ((ac + sc) * 4);
    for (i = 0; i < n; i++) {
        const fdt32_t *e = reg + i * (ac + sc);
        uint64_t addr = axl__fdt_read_cells(e, ac);
        uint64_t size = axl__fdt_read_cells(e + ac, sc);
        uint64_t root;

        if (!size)
            continue;
        r = axl__fdt_translate_chain(w->bus, w->depth, addr, size, &root);
        if (r < 0) {
            axl__fdt_walk_path(w, w->bus[w->depth].rec, path, sizeof(path));
            LOG(ctx, DEBUG, "dt-check: %s: bad ranges on the way to the "
                "root (%s); reg[%d] ignored", path, fdt_strerror(r), i);
        }
        if (r <= 0)
            continue;
        rc = add_busy(s, root, size, kind, (size_t)i, w->bus[w->depth].rec);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

/* A PCI host bridge's ranges: (PCI address, parent address, size). */
static int add_pci_ranges(axl_ctx *ctx, axl__dtbusy_set *s)
{
    const axl__fdt_walk *w = &s->walk;
    const axl__fdt_bus *node = &w->bus[w->depth];
    const axl__fdt_bus *parent = &w->bus[w->depth - 1];
    int len = node->ranges_len, ca, pa, cs, entry, i, r, rc;
    char path[256];

    if (!node->ranges || !len)
        return AXL_OK;
    ca = node->ac < 0 ? 3 : node->ac;
    cs = node->sc < 0 ? 2 : node->sc;
    pa = parent->ac < 0 ? 2 : parent->ac;
    /* A bridge below another PCI bus has PCI parent addresses: its
     * windows are inside the host bridge's, already counted. */
    if (ca < 1 || ca > 3 || pa < 1 || pa > 2 || cs < 1 || cs > 2)
        return AXL_OK;
    entry = ca + pa + cs;
    if (len % (entry * 4)) {
        axl__fdt_walk_path(w, node->rec, path, sizeof(path));
        LOG(ctx, DEBUG, "dt-check: %s: ranges is not whole entries; "
            "ignored", path);
        return AXL_OK;
    }
    for (i = 0; i < len / (entry * 4); i++) {
        const fdt32_t *e = node->ranges + i * entry;
        uint64_t addr = axl__fdt_read_cells(e + ca, pa);
        uint64_t size = axl__fdt_read_cells(e + ca + pa, cs);
        uint64_t root;

        if (!size)
            continue;
        r = axl__fdt_translate_chain(w->bus, w->depth, addr, size, &root);
        if (r <= 0)
            continue;
        rc = add_busy(s, root, size, AXL__DTBUSY_PCI, (size_t)i, node->rec);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

static int build_index(axl__dtbusy_set *s)
{
    size_t i;

    if (!s->nr)
        return AXL_OK;
    s->w = calloc(s->nr, sizeof(*s->w));
    if (!s->w)
        return AXL_ERROR_NOMEM;
    for (i = 0; i < s->nr; i++) {
        s->w[i].start = s->v[i].range.start;
        s->w[i].last = s->v[i].range.last;
        s->w[i].owner = AXL_OWNER_PARTIAL_DT;   /* unused here */
        s->w[i].index = i;
        s->w[i].label = NULL;
    }
    return axl__busyset_build(&s->set, s->w, s->nr);
}

int axl__dtbusy_collect(axl_ctx *ctx, const void *fdt, int skip,
                        axl__dtbusy_set *s)
{
    int node, reserved = -1, n, i, rc;

    n = fdt_num_mem_rsv(fdt);
    for (i = 0; i < n; i++) {
        uint64_t addr, size;

        if (fdt_get_mem_rsv(fdt, i, &addr, &size))
            break;
        rc = add_busy(s, addr, size, AXL__DTBUSY_MEMRESERVE, (size_t)i, 0);
        if (rc)
            return rc;
    }

    rc = axl__fdt_walk_start(&s->walk, fdt);
    if (rc)
        return rc;
    while ((node = axl__fdt_walk_next(&s->walk)) >= 0) {
        axl__dtbusy_kind kind = AXL__DTBUSY_DEVICE;

        if (s->walk.depth == 1) {
            const char *name = fdt_get_name(fdt, node, NULL);

            reserved = name && !strcmp(name, "reserved-memory") ? node : -1;
            if (is_memory_node(fdt, node))
                kind = AXL__DTBUSY_MEMORY;
        } else if (reserved >= 0) {
            kind = AXL__DTBUSY_RESERVED;
        }
        if (node == skip)
            continue;
        rc = add_reg(ctx, s, kind);
        if (rc)
            return rc;
        if (prop_is(fdt, node, "device_type", "pci") ||
            prop_is(fdt, node, "device_type", "pciex")) {
            rc = add_pci_ranges(ctx, s);
            if (rc)
                return rc;
        }
    }
    if (s->walk.rc)
        return s->walk.rc;
    return build_index(s);
}

typedef struct walk_ctx {
    const axl__dtbusy_set *s;
    const axl_range *r;
    axl__dtbusy_fn *fn;
    void *opaque;
} walk_ctx;

static int walk_piece(void *opaque, const axl_range *piece,
                      const axl__busy *busy)
{
    walk_ctx *wc = opaque;
    size_t k;
    int r;

    (void)piece;
    if (!busy)
        return 0;
    for (k = busy->first; k < busy->end; k++) {
        const axl__dtbusy *b = &wc->s->v[wc->s->set.order[k]];

        if (!axl__range_overlaps(&b->range, wc->r))
            continue;
        r = wc->fn(wc->opaque, b);
        if (r)
            return r;
    }
    return 0;
}

int axl__dtbusy_overlaps(const axl__dtbusy_set *s, const axl_range *r,
                         axl__dtbusy_fn *fn, void *opaque)
{
    walk_ctx wc = { s, r, fn, opaque };

    if (!s->nr)
        return 0;
    return axl__busyset_walk(&s->set, r, walk_piece, &wc);
}
