/* SPDX-License-Identifier: LGPL-2.1-only */
/* The partial device tree (device_tree=): load, reg ranges, copy. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_partial_dt.h"

#define PDT_MAX_SIZE (1u << 20)     /* libxl's limit for the guest tree */

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

int axl__pdt_load(axl_ctx *ctx, const char *path, void **blob_r)
{
    struct stat st;
    void *blob = NULL;
    size_t got = 0;
    int fd, r, rc;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        LOGE(ctx, ERROR, "device_tree: cannot open %s", path);
        return AXL_ERROR_IO;
    }
    if (fstat(fd, &st)) {
        LOGE(ctx, ERROR, "device_tree: cannot read %s", path);
        rc = AXL_ERROR_IO;
        goto out;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > (off_t)PDT_MAX_SIZE ||
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
            LOGE(ctx, ERROR, "device_tree: cannot read %s", path);
            rc = AXL_ERROR_IO;
            goto out;
        }
        got += (size_t)n;
    }
    r = fdt_check_full(blob, got);
    if (r) {
        LOG(ctx, ERROR, "device_tree: %s is not a valid device tree: %s",
            path, fdt_strerror(r));
        rc = AXL_ERROR_FORMAT;
        goto out;
    }
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
    free(blob);
    close(fd);
    return rc;
}

static int add_node_regs(axl_ctx *ctx, const void *pfdt, int node,
                         axl__memmap *map, char ***labels, size_t *nr_labels,
                         size_t *cap_labels)
{
    int parent = fdt_parent_offset(pfdt, node);
    const fdt32_t *reg;
    int len, ac, sc, i, r;
    char path[512];

    reg = fdt_getprop(pfdt, node, "reg", &len);
    if (!reg)
        return AXL_OK;
    if (parent < 0)
        return AXL_ERROR_FORMAT;
    ac = axl__fdt_cells(pfdt, parent, "#address-cells", 2);
    sc = axl__fdt_cells(pfdt, parent, "#size-cells", 1);
    if (fdt_get_path(pfdt, node, path, sizeof(path)))
        strcpy(path, "(path too long)");
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
        return AXL_OK;          /* not a memory-mapped address space */
    if (len % ((ac + sc) * 4)) {
        LOG(ctx, ERROR, "device_tree: %s: reg is not a whole number of "
            "(address, size) pairs", path);
        return AXL_ERROR_FORMAT;
    }
    for (i = 0; i < len / ((ac + sc) * 4); i++) {
        const fdt32_t *e = reg + i * (ac + sc);
        uint64_t addr = 0, size = 0, root;
        axl_range rg;
        char *label;
        int k;

        for (k = 0; k < ac; k++)
            addr = (addr << 32) | fdt32_to_cpu(e[k]);
        for (k = 0; k < sc; k++)
            size = (size << 32) | fdt32_to_cpu(e[ac + k]);
        if (!size)
            continue;
        r = axl__fdt_translate(pfdt, parent, addr, size, &root);
        if (r < 0) {
            LOG(ctx, ERROR, "device_tree: %s: bad ranges on the way to the "
                "root: %s", path, fdt_strerror(r));
            return AXL_ERROR_FORMAT;
        }
        if (r == 0)
            continue;
        if (!axl__range_from_size(root, size, &rg)) {
            LOG(ctx, ERROR, "device_tree: %s: reg %#"PRIx64" + %#"PRIx64
                " passes the end of the 64-bit address space", path, root,
                size);
            return AXL_ERROR_FORMAT;
        }
        if (axl__grow((void **)labels, *nr_labels, cap_labels,
                      sizeof(**labels)))
            return AXL_ERROR_NOMEM;
        label = strdup(path);
        if (!label)
            return AXL_ERROR_NOMEM;
        (*labels)[(*nr_labels)++] = label;
        r = axl__memmap_add(map, rg.start, rg.last, AXL_OWNER_PARTIAL_DT,
                            (size_t)i, label);
        if (r)
            return r;
    }
    return AXL_OK;
}

int axl__pdt_add_windows(axl_ctx *ctx, const void *pfdt, axl__memmap *map,
                         char ***labels, size_t *nr_labels)
{
    int top = exact_top_node(pfdt, "passthrough");
    int node, depth = 0;
    size_t cap = *nr_labels;
    int rc;

    if (top < 0)
        return AXL_ERROR_FORMAT;
    /* Every node strictly below /passthrough, depth first. */
    for (node = fdt_next_node(pfdt, top, &depth);
         node >= 0 && depth > 0;
         node = fdt_next_node(pfdt, node, &depth)) {
        rc = add_node_regs(ctx, pfdt, node, map, labels, nr_labels, &cap);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

/* Deeper trees are refused rather than recursed into without bound. */
#define PDT_MAX_DEPTH 32

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
