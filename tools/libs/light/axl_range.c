/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Range arithmetic over the whole 64-bit space.  Ranges are inclusive, so
 * [x, 2^64 - 1] needs no 65th bit; every function here is exact and free
 * of overflow for all inputs.
 */
#include "axl_internal.h"

uint64_t axl__width_last(unsigned int bits)
{
    if (bits == 0)
        return 0;
    if (bits >= 64)
        return UINT64_MAX;
    return (UINT64_C(1) << bits) - 1;
}

bool axl__align_up(uint64_t x, uint64_t align, uint64_t *out)
{
    uint64_t mask = align - 1;

    if (x > UINT64_MAX - mask)
        return false;
    *out = (x + mask) & ~mask;
    return true;
}

bool axl__range_align_inward(axl_range *r, uint64_t align)
{
    uint64_t mask = align - 1, start, end_excl_down;

    if (!axl__align_up(r->start, align, &start))
        return false;
    /* The aligned end: (last + 1) rounded down, where last + 1 may be
     * 2^64 (which is aligned to any power of two up to 2^63). */
    if (r->last == UINT64_MAX) {
        r->start = start;
        return true;
    }
    end_excl_down = (r->last + 1) & ~mask;
    if (end_excl_down <= start)
        return false;
    r->start = start;
    r->last = end_excl_down - 1;
    return true;
}

bool axl__range_size_at_least(const axl_range *r, uint64_t n)
{
    return r->last - r->start >= n - 1;
}

uint64_t axl__range_size(const axl_range *r)
{
    uint64_t span = r->last - r->start;

    return span == UINT64_MAX ? UINT64_MAX : span + 1;
}

bool axl__range_overlaps(const axl_range *a, const axl_range *b)
{
    return a->start <= b->last && b->start <= a->last;
}

bool axl__range_from_size(uint64_t base, uint64_t size, axl_range *out)
{
    if (size == 0 || size - 1 > UINT64_MAX - base)
        return false;
    out->start = base;
    out->last = base + (size - 1);
    return true;
}
