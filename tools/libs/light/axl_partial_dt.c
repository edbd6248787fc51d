/* SPDX-License-Identifier: LGPL-2.1-only */
/* The partial device tree (device_tree=): load, reg ranges, copy. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_fdt_validate.h"
#include "axl_partial_dt.h"

#define PDT_MAX_SIZE (1u << 20)     /* libxl's limit for the guest tree */
/*
 * libfdt's sequential writer looks each property name up in the strings
 * written so far, byte by byte: copying P properties costs P times the
 * size of the strings block.  These bounds (far above real passthrough
 * trees, which have tens of names and hundreds of properties) keep the
 * copy within a fraction of a second.
 */
#define PDT_MAX_PROPS   8192
#define PDT_MAX_STRINGS 2048

/* fdt_subnode_offset matches "passthrough@0" for "passthrough": match
 * the exact name, as libxl does when it copies the node. */
static int exact_top_node(const void *pfdt, const char *name)
{
    int node = fdt_subnode_offset(pfdt, 0, name);
    const char *got;

    if (node < 0)
        return node;
    got = fdt_get_name(pfdt, node, NULL);
    return got && !strcmp(got, name) ? node : -FDT_ERR_NOTFOUND;
}

/* The guest's root cells (GUEST_ROOT_ADDRESS_CELLS / _SIZE_CELLS). */
#define GUEST_ROOT_CELLS 2

static int check_root_cells(axl_ctx *ctx, const char *path, const void *pfdt)
{
    int len, ac = -1, sc = -1;
    const fdt32_t *p;

    p = fdt_getprop(pfdt, 0, "#address-cells", &len);
    if (p && len == 4)
        ac = (int)fdt32_to_cpu(*p);
    p = fdt_getprop(pfdt, 0, "#size-cells", &len);
    if (p && len == 4)
        sc = (int)fdt32_to_cpu(*p);
    if (ac == GUEST_ROOT_CELLS && sc == GUEST_ROOT_CELLS)
        return AXL_OK;
    /* Its reg values are copied as they are into a root of <2> <2>. */
    LOG(ctx, ERROR, "device_tree: %s: the root's #address-cells and "
        "#size-cells must be the guest's, <2> and <2> (the partial tree "
        "is copied into the guest's root as it is)", path);
    return AXL_ERROR_FORMAT;
}

int axl__pdt_load(axl_ctx *ctx, const char *path, void **blob_r)
{
    struct stat st;
    axl__fdt_counts counts;
    void *blob = NULL;
    size_t got = 0;
    char *what = NULL;
    int fd, r, rc;

    /* O_NONBLOCK: a FIFO must not block open(); only regular files are
     * read. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        LOGE(ctx, ERROR, "device_tree: cannot open %s", path);
        return AXL_ERROR_IO;
    }
    if (fstat(fd, &st)) {
        LOGE(ctx, ERROR, "device_tree: cannot read %s", path);
        rc = AXL_ERROR_IO;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        LOG(ctx, ERROR, "device_tree: %s is not a regular file", path);
        rc = AXL_ERROR_IO;
        goto out;
    }
    if (st.st_size > (off_t)PDT_MAX_SIZE ||
        st.st_size < (off_t)sizeof(struct fdt_header)) {
        LOG(ctx, ERROR, "device_tree: %s is not a device tree blob of at "
            "most 1 MiB", path);
        rc = AXL_ERROR_FORMAT;
        goto out;
    }
    blob = malloc((size_t)st.st_size);
    if (!blob) {
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, (char *)blob + got, (size_t)st.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!n)
                errno = EIO;    /* the file shrank */
            LOGE(ctx, ERROR, "device_tree: cannot read %s", path);
            rc = AXL_ERROR_IO;
            goto out;
        }
        got += (size_t)n;
    }
    if (asprintf(&what, "device_tree: %s", path) < 0) {
        what = NULL;
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    rc = axl__fdt_validate_count(ctx, what, blob, got, &counts);
    if (rc)
        goto out;
    if (counts.props > PDT_MAX_PROPS ||
        fdt_size_dt_strings(blob) > PDT_MAX_STRINGS) {
        LOG(ctx, ERROR, "device_tree: %s has %zu properties and %u bytes "
            "of property names: axl copies at most %d properties and %d "
            "bytes of names", path, counts.props, fdt_size_dt_strings(blob),
            PDT_MAX_PROPS, PDT_MAX_STRINGS);
        rc = AXL_ERROR_FORMAT;
        goto out;
    }
    rc = check_root_cells(ctx, path, blob);
    if (rc)
        goto out;
    r = exact_top_node(blob, "passthrough");
    if (r < 0) {
        LOG(ctx, ERROR, "device_tree: %s has no /passthrough node (named "
            "exactly so, without a unit address)", path);
        rc = AXL_ERROR_FORMAT;
        goto out;
    }
    *blob_r = blob;
    blob = NULL;
    rc = AXL_OK;
out:
    free(what);
    free(blob);
    close(fd);
    return rc;
}

/* The windows of Xen's own that no passthrough device may cover. */
static bool is_emulated(axl_owner o)
{
    return o == AXL_OWNER_GIC_DIST || o == AXL_OWNER_GIC_CPU ||
           o == AXL_OWNER_GIC_REDIST || o == AXL_OWNER_VPL011 ||
           o == AXL_OWNER_GNTTAB || o == AXL_OWNER_MAGIC;
}

typedef struct pdt_walk {
    axl_ctx *ctx;
    axl__fdt_walk w;
    axl__memmap *map;
    axl_window fixed[8];    /* the emulated windows, as iomem= sees them */
    size_t nr_fixed;
    char ***labels;
    size_t *nr_labels, cap_labels;
} pdt_walk;

/* Refuses @rg over an emulated window, as iomem= is refused. */
static int check_collision(pdt_walk *pw, const char *path, int i,
                           const axl_range *rg)
{
    size_t k;

    for (k = 0; k < pw->nr_fixed; k++) {
        const axl_window *f = &pw->fixed[k];

        if (rg->start <= f->last && f->start <= rg->last) {
            LOG(pw->ctx, ERROR, "device_tree: %s: reg[%d] %#"PRIx64"-%#"
                PRIx64" overlaps the %s at %#"PRIx64"-%#"PRIx64, path, i,
                rg->start, rg->last, axl_owner_to_string(f->owner),
                f->start, f->last);
            return AXL_ERROR_LAYOUT;
        }
    }
    return AXL_OK;
}

/* The reg ranges of the walk's current node. */
static int add_node_regs(pdt_walk *pw)
{
    const axl__fdt_walk *w = &pw->w;
    const axl__fdt_bus *parent = &w->bus[w->depth - 1];
    const fdt32_t *reg;
    int len, ac, sc, i, r, rc;
    char path[512];

    reg = fdt_getprop(w->fdt, w->node, "reg", &len);
    if (!reg)
        return AXL_OK;
    ac = parent->ac < 0 ? 2 : parent->ac;
    sc = parent->sc < 0 ? 1 : parent->sc;
    axl__fdt_walk_path(w, w->bus[w->depth].rec, path, sizeof(path));
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
        return AXL_OK;          /* not a memory-mapped address space */
    if (len % ((ac + sc) * 4)) {
        LOG(pw->ctx, ERROR, "device_tree: %s: reg is not a whole number of "
            "(address, size) pairs", path);
        return AXL_ERROR_FORMAT;
    }
    for (i = 0; i < len / ((ac + sc) * 4); i++) {
        const fdt32_t *e = reg + i * (ac + sc);
        uint64_t addr = axl__fdt_read_cells(e, ac);
        uint64_t size = axl__fdt_read_cells(e + ac, sc);
        uint64_t root;
        axl_range rg;
        char *label;

        if (!size)
            continue;
        r = axl__fdt_translate_chain(w->bus, w->depth, addr, size, &root);
        if (r < 0) {
            LOG(pw->ctx, ERROR, "device_tree: %s: bad ranges on the way to "
                "the root: %s", path, fdt_strerror(r));
            return AXL_ERROR_FORMAT;
        }
        if (r == 0)
            continue;
        if (!axl__range_from_size(root, size, &rg)) {
            LOG(pw->ctx, ERROR, "device_tree: %s: reg %#"PRIx64" + %#"PRIx64
                " passes the end of the 64-bit address space", path, root,
                size);
            return AXL_ERROR_FORMAT;
        }
        rc = check_collision(pw, path, i, &rg);
        if (rc)
            return rc;
        if (axl__grow((void **)pw->labels, *pw->nr_labels, &pw->cap_labels,
                      sizeof(**pw->labels)))
            return AXL_ERROR_NOMEM;
        label = strdup(path);
        if (!label)
            return AXL_ERROR_NOMEM;
        (*pw->labels)[(*pw->nr_labels)++] = label;
        rc = axl__memmap_add(pw->map, rg.start, rg.last,
                             AXL_OWNER_PARTIAL_DT, (size_t)i, label);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

int axl__pdt_add_windows(axl_ctx *ctx, const void *pfdt, axl__memmap *map,
                         char ***labels, size_t *nr_labels)
{
    int top = exact_top_node(pfdt, "passthrough");
    pdt_walk pw;
    size_t k;
    int node, rc;

    if (top < 0)
        return AXL_ERROR_FORMAT;
    memset(&pw, 0, sizeof(pw));
    pw.ctx = ctx;
    pw.map = map;
    pw.labels = labels;
    pw.nr_labels = nr_labels;
    pw.cap_labels = *nr_labels;
    for (k = 0; k < map->nr && pw.nr_fixed < 8; k++)
        if (is_emulated(map->w[k].owner))
            pw.fixed[pw.nr_fixed++] = map->w[k];
    rc = axl__fdt_walk_start(&pw.w, pfdt);
    if (rc)
        return rc;
    /* /passthrough itself (its reg too) and every node below it; the
     * walk keeps each node's buses, so this is linear in the tree. */
    while ((node = axl__fdt_walk_next(&pw.w)) >= 0) {
        if (pw.w.bus[1].node != top)
            continue;
        rc = add_node_regs(&pw);
        if (rc)
            goto out;
    }
    rc = pw.w.rc;
out:
    axl__fdt_walk_dispose(&pw.w);
    return rc;
}

/* axl__fdt_validate bounds the depth; this keeps the recursion bounded
 * whatever the caller passed. */
#define PDT_MAX_DEPTH AXL__FDT_MAX_DEPTH

static int copy_node(void *fdt, const void *pfdt, int node, int depth)
{
    int prop, child, r;

    if (depth > PDT_MAX_DEPTH)
        return -FDT_ERR_BADSTRUCTURE;
    r = fdt_begin_node(fdt, fdt_get_name(pfdt, node, NULL));
    if (r)
        return r;
    fdt_for_each_property_offset(prop, pfdt, node) {
        const char *name;
        const void *val;
        int len;

        val = fdt_getprop_by_offset(pfdt, prop, &name, &len);
        if (!val)
            return len;
        r = fdt_property(fdt, name, val, len);
        if (r)
            return r;
    }
    if (prop != -FDT_ERR_NOTFOUND)
        return prop;
    fdt_for_each_subnode(child, pfdt, node) {
        r = copy_node(fdt, pfdt, child, depth + 1);
        if (r)
            return r;
    }
    if (child != -FDT_ERR_NOTFOUND)
        return child;
    return fdt_end_node(fdt);
}

int axl__pdt_copy(void *fdt, const void *pfdt)
{
    int node, r;

    node = exact_top_node(pfdt, "passthrough");
    if (node < 0)
        return node;
    r = copy_node(fdt, pfdt, node, 0);
    if (r)
        return r;
    node = exact_top_node(pfdt, "aliases");
    if (node == -FDT_ERR_NOTFOUND)
        return 0;
    if (node < 0)
        return node;
    return copy_node(fdt, pfdt, node, 0);
}
