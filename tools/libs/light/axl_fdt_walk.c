/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A depth-first walk of a checked blob that remembers the way down: each
 * ancestor's cells and ranges are read once, when the walk enters it, and
 * each node gets a record (parent, offset) from which its path is built
 * on demand.  libfdt's fdt_parent_offset() and fdt_get_path() rescan the
 * blob from its start, which made every per-node use of them quadratic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_fdt_validate.h"

/* A component longer than this is cut ("name..."): paths stay short. */
#define COMP_MAX 128

static int one_cell(const void *fdt, int node, const char *name)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

    if (!p || len != 4 || fdt32_to_cpu(*p) > 0x7fffffffu)
        return -1;
    return (int)fdt32_to_cpu(*p);
}

static int enter(axl__fdt_walk *w, int node, int depth)
{
    axl__fdt_bus *b = &w->bus[depth];
    axl__fdt_rec *r;
    int len;

    if (axl__grow((void **)&w->recs, w->nr_recs, &w->cap_recs,
                  sizeof(*w->recs))) {
        w->rc = AXL_ERROR_NOMEM;
        return -1;
    }
    r = &w->recs[w->nr_recs];
    r->node = node;
    r->parent = depth ? w->bus[depth - 1].rec : (uint32_t)w->nr_recs;
    b->rec = (uint32_t)w->nr_recs++;
    b->node = node;
    b->ac = one_cell(w->fdt, node, "#address-cells");
    b->sc = one_cell(w->fdt, node, "#size-cells");
    b->ranges = fdt_getprop(w->fdt, node, "ranges", &len);
    b->ranges_len = b->ranges ? len : 0;
    w->node = node;
    w->depth = depth;
    return node;
}

int axl__fdt_walk_start(axl__fdt_walk *w, const void *fdt)
{
    memset(w, 0, sizeof(*w));
    w->fdt = fdt;
    return enter(w, 0, 0) < 0 ? w->rc : AXL_OK;
}

int axl__fdt_walk_next(axl__fdt_walk *w)
{
    int depth = w->depth;
    int node = fdt_next_node(w->fdt, w->node, &depth);

    /* Depth is bounded by axl__fdt_validate; the test keeps it so. */
    if (node < 0 || depth <= 0 || depth > AXL__FDT_MAX_DEPTH)
        return node < 0 ? node : -FDT_ERR_NOTFOUND;
    return enter(w, node, depth);
}

void axl__fdt_walk_dispose(axl__fdt_walk *w)
{
    free(w->recs);
    w->recs = NULL;
    w->nr_recs = w->cap_recs = 0;
}

/* Escapes at most @max bytes of output of @name; returns the length. */
static size_t escape(const char *name, char *buf, size_t max)
{
    size_t o = 0;

    for (; *name; name++) {
        unsigned char c = (unsigned char)*name;
        bool plain = c >= 0x20 && c < 0x7f && c != '\\';

        if (o + (plain ? 1 : 4) + 3 > max) {
            memcpy(buf + o, "...", 3);
            return o + 3;
        }
        if (plain)
            buf[o++] = (char)c;
        else
            o += (size_t)sprintf(buf + o, "\\x%02x", c);
    }
    return o;
}

void axl__fdt_escape_name(const char *name, char *buf, size_t len)
{
    size_t n;

    if (!len)
        return;
    n = escape(name ? name : "?", buf, len - 1);
    buf[n] = '\0';
}

void axl__fdt_walk_path(const axl__fdt_walk *w, uint32_t rec, char *buf,
                        size_t len)
{
    uint32_t chain[AXL__FDT_MAX_DEPTH + 1];
    char tmp[(AXL__FDT_MAX_DEPTH + 1) * (COMP_MAX + 1) + 2];
    size_t n = 0, o = 0;

    if (!len)
        return;
    while (rec < w->nr_recs && n <= AXL__FDT_MAX_DEPTH &&
           w->recs[rec].parent != rec) {
        chain[n++] = rec;
        rec = w->recs[rec].parent;
    }
    if (!n)
        tmp[o++] = '/';
    while (n--) {
        const char *name = fdt_get_name(w->fdt, w->recs[chain[n]].node,
                                        NULL);

        tmp[o++] = '/';
        o += escape(name ? name : "?", tmp + o, COMP_MAX);
    }
    tmp[o] = '\0';
    /* Too long: keep the end, which names the node. */
    if (o >= len)
        snprintf(buf, len, "...%s", tmp + o - (len > 4 ? len - 4 : 0));
    else
        memcpy(buf, tmp, o + 1);
}
