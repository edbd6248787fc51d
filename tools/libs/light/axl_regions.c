/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Extended regions: guest-physical space that is free and safe for the
 * guest to map foreign pages and grants into (/hypervisor reg 1..N).
 *
 * Upstream libxl (4.16..4.20) offers each RAM bank's tail and never looks
 * at anything else in the map, so it advertises space over iomem= mappings
 * and partial-device-tree devices.  Here every window of the memory map is
 * cut out of the candidates first, and the alignment and minimum size
 * apply to each remaining piece.  The count and size budgets of the policy
 * options are separate passes (axl_regions_budget.c).
 */
#include <stdlib.h>
#include <string.h>

#include "axl_internal.h"
#include "axl_regions.h"

void axl__ext_result_init(axl__ext_result *res)
{
    res->regions = NULL;
    res->nr_regions = res->cap_regions = 0;
    res->notes = NULL;
    res->nr_notes = res->cap_notes = 0;
}

void axl__ext_result_dispose(axl__ext_result *res)
{
    free(res->regions);
    free(res->notes);
    axl__ext_result_init(res);
}

static int add_region(axl__ext_result *res, const axl_range *r)
{
    int rc = axl__grow((void **)&res->regions, res->nr_regions,
                       &res->cap_regions, sizeof(*res->regions));

    if (rc)
        return rc;
    res->regions[res->nr_regions++] = *r;
    return AXL_OK;
}

int axl__ext_add_note(axl__ext_result *res, uint64_t start, uint64_t last,
                      axl_ext_verdict verdict, axl_ext_reason reason,
                      const axl_window *window, size_t bank)
{
    axl_ext_note *n;
    int rc = axl__grow((void **)&res->notes, res->nr_notes,
                       &res->cap_notes, sizeof(*res->notes));

    if (rc)
        return rc;
    n = &res->notes[res->nr_notes++];
    n->range.start = start;
    n->range.last = last;
    n->verdict = verdict;
    n->reason = reason;
    if (window)
        n->window = *window;
    else
        memset(&n->window, 0, sizeof(n->window));
    n->bank = bank;
    return AXL_OK;
}

typedef struct piece_ctx {
    const axl__busyset *busy;
    const axl_window *map;
    const axl__ext_params *p;
    axl__ext_result *res;
    size_t bank;
} piece_ctx;

/* A note for each window of @busy in the way of @piece, clipped to it. */
static int note_overlaps(piece_ctx *pc, const axl_range *piece,
                         const axl__busy *busy)
{
    size_t i;
    int rc;

    for (i = busy->first; i < busy->end; i++) {
        const axl_window *w = &pc->map[pc->busy->order[i]];

        if (w->start > piece->last)
            break;                      /* sorted by start */
        if (w->last < piece->start)
            continue;
        rc = axl__ext_add_note(pc->res,
                               w->start > piece->start ? w->start
                                                       : piece->start,
                               w->last < piece->last ? w->last : piece->last,
                               AXL_EXT_TRIMMED, AXL_EXT_OVERLAP, w, pc->bank);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

/* One piece of a candidate: occupied (cut out) or free (aligned, kept if
 * large enough). */
static int visit_piece(void *opaque, const axl_range *piece,
                       const axl__busy *busy)
{
    piece_ctx *pc = opaque;
    axl_range r = *piece;
    int rc;

    if (busy)
        return note_overlaps(pc, piece, busy);

    if (!axl__range_align_inward(&r, pc->p->align))
        return axl__ext_add_note(pc->res, piece->start, piece->last,
                                 AXL_EXT_DROPPED, AXL_EXT_UNALIGNED, NULL,
                                 pc->bank);
    /* The whole piece goes, unaligned edges too: every byte of candidate
     * space is accounted for in the notes. */
    if (!axl__range_size_at_least(&r, pc->p->min_size))
        return axl__ext_add_note(pc->res, piece->start, piece->last,
                                 AXL_EXT_DROPPED, AXL_EXT_TOO_SMALL, NULL,
                                 pc->bank);
    if (r.start != piece->start) {
        rc = axl__ext_add_note(pc->res, piece->start, r.start - 1,
                               AXL_EXT_TRIMMED, AXL_EXT_UNALIGNED, NULL,
                               pc->bank);
        if (rc)
            return rc;
    }
    rc = add_region(pc->res, &r);
    if (!rc && r.last != piece->last)
        rc = axl__ext_add_note(pc->res, r.last + 1, piece->last,
                               AXL_EXT_TRIMMED, AXL_EXT_UNALIGNED, NULL,
                               pc->bank);
    return rc;
}

/*
 * Walks candidate [start, last], capped at the address width and the
 * limit; what lies above the cap is noted after the pieces below it, so
 * that notes stay in address order.
 */
static int walk_candidate(piece_ctx *pc, uint64_t start, uint64_t last)
{
    const axl__ext_params *p = pc->p;
    uint64_t cap = p->width_last < p->limit_last ? p->width_last
                                                 : p->limit_last;
    axl_ext_reason why = p->limit_last < p->width_last ? AXL_EXT_ABOVE_LIMIT
                                                       : AXL_EXT_BEYOND_WIDTH;
    axl_range cand = { start, last };
    int rc;

    if (start > cap)
        return axl__ext_add_note(pc->res, start, last, AXL_EXT_DROPPED, why,
                                 NULL, pc->bank);
    if (cand.last > cap)
        cand.last = cap;
    rc = axl__busyset_walk(pc->busy, &cand, visit_piece, pc);
    if (!rc && last > cap)
        rc = axl__ext_add_note(pc->res, cap + 1, last, AXL_EXT_TRIMMED, why,
                               NULL, pc->bank);
    return rc;
}

static int candidates_ram(piece_ctx *pc, const uint64_t *bank_bytes)
{
    const uint64_t *bank_base = pc->p->bank_base;
    const uint64_t *bank_size = pc->p->bank_size;
    size_t i;
    int rc;

    for (i = 0; i < 2; i++) {
        const uint64_t bank_last = bank_base[i] + bank_size[i] - 1;

        pc->bank = i;
        if (bank_bytes[i] >= bank_size[i])
            rc = axl__ext_add_note(pc->res, bank_base[i], bank_last,
                                   AXL_EXT_DROPPED, AXL_EXT_BANK_FULL, NULL,
                                   i);
        else
            rc = walk_candidate(pc, bank_base[i] + bank_bytes[i], bank_last);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

int axl__ext_regions(const axl_window *map, size_t nr_map,
                     const uint64_t *bank_bytes, const axl__ext_params *p,
                     axl__ext_result *res)
{
    axl__busyset busy;
    piece_ctx pc = { &busy, map, p, res, AXL__NO_BANK };
    int rc;

    if (p->policy == AXL_EXT_POLICY_NONE)
        return AXL_OK;
    axl__busyset_init(&busy);
    rc = axl__busyset_build(&busy, map, nr_map);
    if (rc)
        goto out;
    if (p->policy == AXL_EXT_POLICY_HOLES)
        /* The space above the width is not a candidate: no note for it. */
        rc = walk_candidate(&pc, 0, p->width_last);
    else
        rc = candidates_ram(&pc, bank_bytes);
    if (!rc)
        rc = axl__ext_apply_budgets(p, res);
out:
    axl__busyset_dispose(&busy);
    return rc;
}
