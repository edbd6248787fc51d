/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: device tree blobs from outside (dt-check files, partial device
 * trees, trees read back from xenstore) checked before libfdt walks them,
 * and a walker over checked blobs that keeps each node's ancestors, so that
 * parents, cells, address translation and paths cost O(1) or O(depth)
 * instead of a libfdt search from the start of the blob.
 */
#ifndef AXL_FDT_VALIDATE_H
#define AXL_FDT_VALIDATE_H

#include <stdint.h>

#include <libfdt.h>

#include "axl_internal.h"

/* The deepest node accepted is this many levels below the root (Linux
 * unflattens at most 64 levels, FDT_MAX_DEPTH in drivers/of/fdt.c). */
#define AXL__FDT_MAX_DEPTH 64

/*
 * Checks that @blob (@size bytes) is a device tree blob that libfdt can
 * walk safely, in one linear pass that does not use libfdt: the header
 * (magic, totalsize within @size and below 2 GiB, version 17, blocks
 * aligned, inside totalsize and not overlapping), a terminated
 * /memreserve/ block, and every tag of the structure block (lengths and
 * offsets checked without overflow, property names inside the strings
 * block, properties before subnodes, one root, nodes at most
 * AXL__FDT_MAX_DEPTH levels below it, an FDT_END).  Errors are logged as
 * "@what: ..." (@what names the input).  Returns AXL_OK or
 * AXL_ERROR_FORMAT.
 */
int axl__fdt_validate(axl_ctx *ctx, const char *what, const void *blob,
                      size_t size);

/* What axl__fdt_validate_count() counts of a valid blob. */
typedef struct axl__fdt_counts {
    size_t nodes, props;
} axl__fdt_counts;

/* axl__fdt_validate(), counting nodes and properties into @n. */
int axl__fdt_validate_count(axl_ctx *ctx, const char *what,
                            const void *blob, size_t size,
                            axl__fdt_counts *n);

/* A node on the way down, as its children see it. */
typedef struct axl__fdt_bus {
    int node;
    int ac, sc;             /* #address-cells, #size-cells; -1 if absent
                             * or not one cell */
    const fdt32_t *ranges;  /* NULL if absent */
    int ranges_len;
    uint32_t rec;           /* its record (axl__fdt_walk.recs) */
} axl__fdt_bus;

/* Where each node's name is, and its parent: enough for a path. */
typedef struct axl__fdt_rec {
    uint32_t parent;        /* a record index; the root is its own */
    int node;
} axl__fdt_rec;

typedef struct axl__fdt_walk {
    const void *fdt;
    int node, depth;        /* the current node; the root is at depth 0 */
    axl__fdt_bus bus[AXL__FDT_MAX_DEPTH + 1];  /* bus[d]: the ancestor at
                                                * depth d; bus[depth] is
                                                * the node itself */
    axl__fdt_rec *recs;     /* one per node visited */
    size_t nr_recs, cap_recs;
    int rc;                 /* AXL_ERROR_NOMEM once out of memory */
} axl__fdt_walk;

/* Starts a walk of @fdt (checked by axl__fdt_validate) at the root;
 * node is 0.  Returns AXL_OK or AXL_ERROR_NOMEM. */
int axl__fdt_walk_start(axl__fdt_walk *w, const void *fdt);
/* Moves to the next node in depth-first order; returns its offset, or a
 * negative value at the end (w->rc says if memory ran out). */
int axl__fdt_walk_next(axl__fdt_walk *w);
void axl__fdt_walk_dispose(axl__fdt_walk *w);

/* The path of record @rec into @buf (always terminated).  Bytes that are
 * not printable ASCII are written as \xNN, and over-long paths are cut
 * in the middle ("/a/.../z"), so that the result is safe to print and
 * costs at most O(@len + depth). */
void axl__fdt_walk_path(const axl__fdt_walk *w, uint32_t rec, char *buf,
                        size_t len);

/* @name, escaped as in axl__fdt_walk_path, into @buf. */
void axl__fdt_escape_name(const char *name, char *buf, size_t len);

/*
 * Translates [@addr, @addr + @size) from the address space of @bus[@n - 1]
 * (its children's) up to the root's, through the ranges of @bus[@n - 1]
 * .. @bus[1] (@bus[0] is the root).  Returns 1 with *root_addr_r set, 0 if
 * the range does not map to the root (no ranges on the way, or no entry
 * holds it), or -FDT_ERR_BADVALUE for a malformed ranges.
 */
int axl__fdt_translate_chain(const axl__fdt_bus *bus, int n, uint64_t addr,
                             uint64_t size, uint64_t *root_addr_r);

#endif /* AXL_FDT_VALIDATE_H */
