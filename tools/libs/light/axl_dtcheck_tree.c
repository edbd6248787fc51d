/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The occupied part of a device tree's root address space, for
 * axl_dtcheck(): RAM (memory nodes), reserved memory, every device's reg
 * taken to the root through its buses' ranges, and the windows of PCI host
 * bridges (their ranges: the devices behind them have PCI addresses that
 * reg cannot show).  A reg that does not map to the root (an I2C bus, the
 * cpus) occupies nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_dtcheck.h"

/* Parents are tracked on a stack down to this depth; deeper nodes ask
 * libfdt (linear, but such trees do not occur in practice). */
#define STACK_DEPTH 64

void axl__dtbusy_init(axl__dtbusy_set *s)
{
    s->v = NULL;
    s->nr = s->cap = 0;
    s->w = NULL;
    axl__busyset_init(&s->set);
}

void axl__dtbusy_dispose(axl__dtbusy_set *s)
{
    size_t i;

    for (i = 0; i < s->nr; i++)
        free(s->v[i].path);
    free(s->v);
    free(s->w);
    axl__busyset_dispose(&s->set);
    axl__dtbusy_init(s);
}

static int add_busy(axl__dtbusy_set *s, uint64_t start, uint64_t size,
                    axl__dtbusy_kind kind, size_t index, const char *path)
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
    b->path = NULL;
    if (path) {
        b->path = strdup(path);
        if (!b->path)
            return AXL_ERROR_NOMEM;
    }
    s->nr++;
    return AXL_OK;
}

static void node_path(const void *fdt, int node, char *buf, size_t len)
{
    if (fdt_get_path(fdt, node, buf, (int)len)) {
        const char *name = fdt_get_name(fdt, node, NULL);

        snprintf(buf, len, ".../%s", name ? name : "?");
    }
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

/* Adds each entry of @node's reg, in @parent's address space. */
static int add_reg(axl_ctx *ctx, axl__dtbusy_set *s, const void *fdt,
                   int node, int parent, axl__dtbusy_kind kind)
{
    const fdt32_t *reg;
    int len, ac, sc, i, n, r, rc;
    char path[1024];

    reg = fdt_getprop(fdt, node, "reg", &len);
    if (!reg)
        return AXL_OK;
    ac = axl__fdt_cells(fdt, parent, "#address-cells", 2);
    sc = axl__fdt_cells(fdt, parent, "#size-cells", 1);
    /* No sizes (cpus, I2C) or PCI's 3-cell addresses: nothing mapped. */
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        return AXL_OK;
    node_path(fdt, node, path, sizeof(path));
    if (len % ((ac + sc) * 4)) {
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
        r = axl__fdt_translate(fdt, parent, addr, size, &root);
        if (r < 0)
            LOG(ctx, DEBUG, "dt-check: %s: bad ranges on the way to the "
                "root (%s); reg[%d] ignored", path, fdt_strerror(r), i);
        if (r <= 0)
            continue;
        rc = add_busy(s, root, size, kind, (size_t)i, path);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

/* A PCI host bridge's ranges: (PCI address, parent address, size). */
static int add_pci_ranges(axl_ctx *ctx, axl__dtbusy_set *s,
                          const void *fdt, int node, int parent)
{
    const fdt32_t *ranges;
    int len, ca, pa, cs, entry, i, r, rc;
    char path[1024];

    ranges = fdt_getprop(fdt, node, "ranges", &len);
    if (!ranges || !len)
        return AXL_OK;
    ca = axl__fdt_cells(fdt, node, "#address-cells", 3);
    cs = axl__fdt_cells(fdt, node, "#size-cells", 2);
    pa = axl__fdt_cells(fdt, parent, "#address-cells", 2);
    /* A bridge below another PCI bus has PCI parent addresses: its
     * windows are inside the host bridge's, already counted. */
    if (ca < 1 || ca > 3 || pa < 1 || pa > 2 || cs < 1 || cs > 2)
        return AXL_OK;
    node_path(fdt, node, path, sizeof(path));
    entry = ca + pa + cs;
    if (len % (entry * 4)) {
        LOG(ctx, DEBUG, "dt-check: %s: ranges is not whole entries; "
            "ignored", path);
        return AXL_OK;
    }
    for (i = 0; i < len / (entry * 4); i++) {
        const fdt32_t *e = ranges + i * entry;
        uint64_t addr = axl__fdt_read_cells(e + ca, pa);
        uint64_t size = axl__fdt_read_cells(e + ca + pa, cs);
        uint64_t root;

        if (!size)
            continue;
        r = axl__fdt_translate(fdt, parent, addr, size, &root);
        if (r <= 0)
            continue;
        rc = add_busy(s, root, size, AXL__DTBUSY_PCI, (size_t)i, path);
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
        s->w[i].label = s->v[i].path;
    }
    return axl__busyset_build(&s->set, s->w, s->nr);
}

int axl__dtbusy_collect(axl_ctx *ctx, const void *fdt, int skip,
                        axl__dtbusy_set *s)
{
    int stack[STACK_DEPTH];
    int node, depth = 0, reserved = -1, n, i, rc;

    n = fdt_num_mem_rsv(fdt);
    for (i = 0; i < n; i++) {
        uint64_t addr, size;

        if (fdt_get_mem_rsv(fdt, i, &addr, &size))
            break;
        rc = add_busy(s, addr, size, AXL__DTBUSY_MEMRESERVE, (size_t)i,
                      NULL);
        if (rc)
            return rc;
    }

    stack[0] = 0;
    for (node = fdt_next_node(fdt, 0, &depth);
         node >= 0 && depth > 0;
         node = fdt_next_node(fdt, node, &depth)) {
        int parent;
        axl__dtbusy_kind kind = AXL__DTBUSY_DEVICE;

        if (depth < STACK_DEPTH)
            stack[depth] = node;
        parent = depth <= STACK_DEPTH ? stack[depth - 1]
                                      : fdt_parent_offset(fdt, node);
        if (parent < 0 || node == skip)
            continue;
        if (depth == 1) {
            const char *name = fdt_get_name(fdt, node, NULL);

            reserved = name && !strcmp(name, "reserved-memory") ? node : -1;
            if (is_memory_node(fdt, node))
                kind = AXL__DTBUSY_MEMORY;
        } else if (reserved >= 0) {
            kind = AXL__DTBUSY_RESERVED;
        }
        rc = add_reg(ctx, s, fdt, node, parent, kind);
        if (rc)
            return rc;
        if (prop_is(fdt, node, "device_type", "pci") ||
            prop_is(fdt, node, "device_type", "pciex")) {
            rc = add_pci_ranges(ctx, s, fdt, node, parent);
            if (rc)
                return rc;
        }
    }
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
