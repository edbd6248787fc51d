/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The occupied part of the guest physical space: the windows of the memory
 * map merged into sorted, disjoint runs, asked for the free pieces of a
 * candidate range.  Building is O(n log n), each walk O(log n + pieces), so
 * even 100,000 iomem= entries cost milliseconds.
 */
#include <stdlib.h>

#include "axl_internal.h"

void axl__busyset_init(axl__busyset *set)
{
    set->runs = NULL;
    set->nr = 0;
    set->order = NULL;
}

void axl__busyset_dispose(axl__busyset *set)
{
    free(set->runs);
    free(set->order);
    axl__busyset_init(set);
}

static int busy_cmp(const void *a, const void *b)
{
    const axl__busy *x = a, *y = b;

    if (x->range.start != y->range.start)
        return x->range.start < y->range.start ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return 0;
}

int axl__busyset_build(axl__busyset *set, const axl_window *windows,
                       size_t nr)
{
    axl__busy *runs = NULL;
    size_t *order = NULL;
    size_t i, out = 0;

    axl__busyset_dispose(set);
    if (!nr)
        return AXL_OK;
    runs = calloc(nr, sizeof(*runs));
    order = calloc(nr, sizeof(*order));
    if (!runs || !order) {
        free(runs);
        free(order);
        return AXL_ERROR_NOMEM;
    }
    /* Start with one run per window (first holds its index for now). */
    for (i = 0; i < nr; i++) {
        runs[i].range.start = windows[i].start;
        runs[i].range.last = windows[i].last;
        runs[i].first = i;
    }
    qsort(runs, nr, sizeof(*runs), busy_cmp);
    for (i = 0; i < nr; i++) {
        order[i] = runs[i].first;
        runs[i].first = i;
        runs[i].end = i + 1;
    }

    for (i = 1; i < nr; i++) {
        axl__busy *cur = &runs[out];
        const axl__busy *next = &runs[i];

        /* Merge overlapping and touching runs (last + 1 == start). */
        if (cur->range.last == UINT64_MAX ||
            next->range.start <= cur->range.last + 1) {
            if (next->range.last > cur->range.last)
                cur->range.last = next->range.last;
            cur->end = next->end;
        } else {
            runs[++out] = *next;
        }
    }
    set->runs = runs;
    set->nr = out + 1;
    set->order = order;
    return AXL_OK;
}

/* The first run whose last address is at or after @addr (or set->nr). */
static size_t first_run_from(const axl__busyset *set, uint64_t addr)
{
    size_t lo = 0, hi = set->nr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (set->runs[mid].range.last < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int axl__busyset_walk(const axl__busyset *set, const axl_range *cand,
                      axl__piece_fn *fn, void *opaque)
{
    uint64_t pos = cand->start;
    size_t i;
    int rc;

    for (i = first_run_from(set, pos); i < set->nr; i++) {
        const axl__busy *run = &set->runs[i];
        axl_range piece;

        if (run->range.start > cand->last)
            break;
        if (run->range.start > pos) {
            piece.start = pos;
            piece.last = run->range.start - 1;
            rc = fn(opaque, &piece, NULL);
            if (rc)
                return rc;
        }
        piece.start = run->range.start > pos ? run->range.start : pos;
        piece.last = run->range.last < cand->last ? run->range.last
                                                  : cand->last;
        rc = fn(opaque, &piece, run);
        if (rc)
            return rc;
        if (piece.last == cand->last)
            return 0;
        pos = piece.last + 1;
    }
    {
        axl_range tail = { pos, cand->last };

        return fn(opaque, &tail, NULL);
    }
}
