/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Extended regions: guest-physical space that is free and safe for the
 * guest to map foreign pages and grants into (/hypervisor reg 1..N).
 *
 * Upstream libxl (4.16..4.20) offers each RAM bank's tail and never looks
 * at anything else in the map, so it advertises space over iomem= mappings
 * and partial-device-tree devices.  Here the candidates are the same tails,
 * but every window of the memory map is cut out of them first, and the
 * alignment and minimum size apply to each remaining piece.
 */
#include <stdlib.h>
#include <string.h>

#include "axl_internal.h"
#include "arch-arm.h"

static const uint64_t bank_base[GUEST_RAM_BANKS] = GUEST_RAM_BANK_BASES;
static const uint64_t bank_size[GUEST_RAM_BANKS] = GUEST_RAM_BANK_SIZES;

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

static int add_note(axl__ext_result *res, uint64_t start, uint64_t last,
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
        rc = add_note(pc->res, w->start > piece->start ? w->start
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
        return add_note(pc->res, piece->start, piece->last, AXL_EXT_DROPPED,
                        AXL_EXT_UNALIGNED, NULL, pc->bank);
    if (!axl__range_size_at_least(&r, pc->p->min_size))
        return add_note(pc->res, r.start, r.last, AXL_EXT_DROPPED,
                        AXL_EXT_TOO_SMALL, NULL, pc->bank);
    if (r.start != piece->start) {
        rc = add_note(pc->res, piece->start, r.start - 1, AXL_EXT_TRIMMED,
                      AXL_EXT_UNALIGNED, NULL, pc->bank);
        if (rc)
            return rc;
    }
    rc = add_region(pc->res, &r);
    if (!rc && r.last != piece->last)
        rc = add_note(pc->res, r.last + 1, piece->last, AXL_EXT_TRIMMED,
                      AXL_EXT_UNALIGNED, NULL, pc->bank);
    return rc;
}

int axl__ext_regions_ram(const axl_window *map, size_t nr_map,
                         const uint64_t *bank_bytes,
                         const axl__ext_params *p, axl__ext_result *res)
{
    axl__busyset busy;
    size_t i;
    int rc;

    axl__busyset_init(&busy);
    rc = axl__busyset_build(&busy, map, nr_map);
    if (rc)
        goto out;

    for (i = 0; i < GUEST_RAM_BANKS; i++) {
        const uint64_t ram_end = bank_base[i] + bank_bytes[i];
        const uint64_t bank_last = bank_base[i] + bank_size[i] - 1;
        piece_ctx pc = { &busy, map, p, res, i };
        axl_range cand;
        bool beyond;

        if (bank_bytes[i] >= bank_size[i]) {
            rc = add_note(res, bank_base[i], bank_last, AXL_EXT_DROPPED,
                          AXL_EXT_BANK_FULL, NULL, i);
            if (rc)
                goto out;
            continue;
        }
        cand.start = ram_end;
        cand.last = bank_last;
        if (cand.start > p->limit_last) {
            rc = add_note(res, cand.start, cand.last, AXL_EXT_DROPPED,
                          AXL_EXT_BEYOND_WIDTH, NULL, i);
            if (rc)
                goto out;
            continue;
        }
        beyond = cand.last > p->limit_last;
        if (beyond)
            cand.last = p->limit_last;
        rc = axl__busyset_walk(&busy, &cand, visit_piece, &pc);
        /* Noted after the pieces below it: notes stay in address order. */
        if (!rc && beyond)
            rc = add_note(res, p->limit_last + 1, bank_last,
                          AXL_EXT_TRIMMED, AXL_EXT_BEYOND_WIDTH, NULL, i);
        if (rc)
            goto out;
    }
    rc = AXL_OK;
out:
    axl__busyset_dispose(&busy);
    return rc;
}
