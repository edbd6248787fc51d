/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The count and size budgets of the extended regions: ext_regions_max
 * keeps the largest regions (ties: the lower address), ext_regions_size
 * takes bytes from the lowest addresses first.  Both run after the free
 * space is known, so they never change which space is free.
 */
#include <stdlib.h>
#include <string.h>

#include "axl_regions.h"

typedef struct ranked {
    uint64_t size;
    size_t index;
} ranked;

static int by_size_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;

    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int note_cmp(const void *a, const void *b)
{
    const axl_ext_note *x = a, *y = b;

    if (x->range.start != y->range.start)
        return x->range.start < y->range.start ? -1 : 1;
    return (x->range.last > y->range.last) - (x->range.last < y->range.last);
}

/* Drops regions whose @keep is false, in place. */
static void compact(axl__ext_result *res, const bool *keep)
{
    size_t i, out = 0;

    for (i = 0; i < res->nr_regions; i++)
        if (keep[i])
            res->regions[out++] = res->regions[i];
    res->nr_regions = out;
}

static int apply_max(const axl__ext_params *p, axl__ext_result *res,
                     bool *noted)
{
    ranked *r;
    bool *keep;
    size_t i, n = res->nr_regions;
    int rc = AXL_OK;

    if (n <= p->max)
        return AXL_OK;
    r = calloc(n, sizeof(*r));
    keep = calloc(n, sizeof(*keep));
    if (!r || !keep) {
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        r[i].size = axl__range_size(&res->regions[i]);
        r[i].index = i;
    }
    qsort(r, n, sizeof(*r), by_size_desc);
    for (i = 0; i < n; i++)
        keep[r[i].index] = i < p->max;
    for (i = 0; i < n && !rc; i++)
        if (!keep[i])
            rc = axl__ext_add_note(res, res->regions[i].start,
                                   res->regions[i].last, AXL_EXT_DROPPED,
                                   AXL_EXT_OVER_MAX, NULL, AXL__NO_BANK);
    if (!rc) {
        compact(res, keep);
        *noted = true;
    }
out:
    free(r);
    free(keep);
    return rc;
}

static int apply_size(const axl__ext_params *p, axl__ext_result *res,
                      bool *noted)
{
    uint64_t left = p->size;
    bool *keep;
    size_t i;
    int rc = AXL_OK;

    if (!p->size || !res->nr_regions)
        return AXL_OK;
    keep = calloc(res->nr_regions, sizeof(*keep));
    if (!keep)
        return AXL_ERROR_NOMEM;
    for (i = 0; i < res->nr_regions && !rc; i++) {
        axl_range *r = &res->regions[i];
        uint64_t size = axl__range_size(r), take;

        if (size <= left) {
            keep[i] = true;
            left -= size;
            continue;
        }
        /* The part that fits, still aligned and at least the minimum. */
        take = left & ~(p->align - 1);
        left = 0;
        *noted = true;
        if (take && take >= p->min_size) {
            rc = axl__ext_add_note(res, r->start + take, r->last,
                                   AXL_EXT_TRIMMED, AXL_EXT_OVER_SIZE, NULL,
                                   AXL__NO_BANK);
            r->last = r->start + take - 1;
            keep[i] = true;
        } else {
            rc = axl__ext_add_note(res, r->start, r->last, AXL_EXT_DROPPED,
                                   AXL_EXT_OVER_SIZE, NULL, AXL__NO_BANK);
        }
    }
    if (!rc)
        compact(res, keep);
    free(keep);
    return rc;
}

int axl__ext_apply_budgets(const axl__ext_params *p, axl__ext_result *res)
{
    bool noted = false;
    int rc;

    rc = apply_max(p, res, &noted);
    if (!rc)
        rc = apply_size(p, res, &noted);
    /* Budget notes were appended at the end: restore address order. */
    if (!rc && noted && res->nr_notes)
        qsort(res->notes, res->nr_notes, sizeof(*res->notes), note_cmp);
    return rc;
}
