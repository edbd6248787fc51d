/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal interfaces of libaxl.  Names with the axl__ prefix are for the
 * library's own files only; the axl command never uses them (tests do).
 */
#ifndef AXL_INTERNAL_H
#define AXL_INTERNAL_H

#include <errno.h>
#include <stdarg.h>

#include "libaxl.h"

struct axl_ctx {
    xentoollog_logger *logger;
};

void axl__log(axl_ctx *ctx, xentoollog_level level, int errnoval,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define LOG(ctx, level, ...) axl__log((ctx), XTL_##level, -1, __VA_ARGS__)
/* With errno's message appended. */
#define LOGE(ctx, level, ...) axl__log((ctx), XTL_##level, errno, __VA_ARGS__)

#define AXL_PAGE_SHIFT 12
#define AXL_PAGE_SIZE  (UINT64_C(1) << AXL_PAGE_SHIFT)
#define AXL_MIB        (UINT64_C(1) << 20)

/* ---- range arithmetic (axl_range.c), exact from 0 to 2^64 - 1 -------- */

/* The last address of a @bits wide space: 2^bits - 1; bits is 1..64. */
uint64_t axl__width_last(unsigned int bits);
/* @x rounded up to @align (a power of two); false if that overflows. */
bool axl__align_up(uint64_t x, uint64_t align, uint64_t *out);
/* Shrinks @r to the largest sub-range whose start and end (last + 1) are
 * multiples of @align (a power of two); false if none remains. */
bool axl__range_align_inward(axl_range *r, uint64_t align);
/* Whether @r holds at least @n addresses (@n >= 1). */
bool axl__range_size_at_least(const axl_range *r, uint64_t n);
/* The number of addresses in @r; UINT64_MAX for the whole 64-bit space,
 * whose true size 2^64 does not fit. */
uint64_t axl__range_size(const axl_range *r);
bool axl__range_overlaps(const axl_range *a, const axl_range *b);
/* [base, base + size - 1]; false if size is 0 or the end passes 2^64. */
bool axl__range_from_size(uint64_t base, uint64_t size, axl_range *out);

/* ---- the set of occupied space (axl_busyset.c) ----------------------- */

/* A maximal run of occupied space; the windows that make it are
 * set->order[first .. end - 1] (indices into the windows given). */
typedef struct axl__busy {
    axl_range range;
    size_t first, end;
} axl__busy;

typedef struct axl__busyset {
    axl__busy *runs;    /* sorted, disjoint and not touching */
    size_t nr;
    size_t *order;      /* window indices sorted by start */
} axl__busyset;

void axl__busyset_init(axl__busyset *set);
void axl__busyset_dispose(axl__busyset *set);
/* Merges @nr windows (any order, may overlap) into @set: O(n log n).
 * Returns AXL_OK or AXL_ERROR_NOMEM. */
int axl__busyset_build(axl__busyset *set, const axl_window *windows,
                       size_t nr);

/*
 * Walks @cand in address order, calling @free_fn for each free piece and
 * @busy_fn for each occupied piece (clipped to @cand).  A callback's
 * non-zero return stops the walk and is returned.  O(log n + pieces).
 */
typedef int axl__piece_fn(void *opaque, const axl_range *piece,
                          const axl__busy *busy /* NULL if free */);
int axl__busyset_walk(const axl__busyset *set, const axl_range *cand,
                      axl__piece_fn *fn, void *opaque);

/* ---- growable arrays -------------------------------------------------- */

/* Makes room for one more element of @elem bytes in *@v holding *@nr, with
 * capacity *@cap; returns AXL_OK or AXL_ERROR_NOMEM. */
int axl__grow(void **v, size_t nr, size_t *cap, size_t elem);

/* Milliseconds of CLOCK_MONOTONIC: the deadlines of the waits. */
long long axl__now_ms(void);

/* ---- configuration (axl_config.c) ------------------------------------ */

/* A private copy of @cfg with defaults applied; its pointers are shared
 * with @cfg (not owned), so it must not be disposed. */
void axl__config_effective(const axl_domain_config *cfg,
                           axl_domain_config *eff);

/* ---- the memory map (axl_memmap_arm.c) ------------------------------ */

typedef struct axl__memmap {
    axl_window *w;
    size_t nr, cap;
} axl__memmap;

void axl__memmap_init(axl__memmap *map);
void axl__memmap_dispose(axl__memmap *map);
/* Appends [start, last]; returns AXL_OK or AXL_ERROR_NOMEM. */
int axl__memmap_add(axl__memmap *map, uint64_t start, uint64_t last,
                    axl_owner owner, size_t index, const char *label);
/* Sorts by start, larger windows first on a tie. */
void axl__memmap_sort(axl__memmap *map);
/* The version-dependent parts of the map: axl_memmap_arm.h. */

/* ---- extended regions (axl_regions.c) ------------------------------- */

typedef struct axl__ext_params {
    axl_ext_policy policy;  /* RAM, HOLES or NONE */
    uint64_t align;         /* power of two: region edges */
    uint64_t min_size;      /* smallest region kept, >= 1 */
    uint64_t width_last;    /* 2^gpaddr_bits - 1 */
    uint64_t limit_last;    /* no region above this address */
    uint64_t max;           /* keep at most this many, the largest */
    uint64_t size;          /* at most this many bytes; 0: unlimited */
    uint64_t bank_base[2];  /* the RAM banks of the layout */
    uint64_t bank_size[2];
} axl__ext_params;

typedef struct axl__ext_result {
    axl_range *regions;
    size_t nr_regions, cap_regions;
    axl_ext_note *notes;
    size_t nr_notes, cap_notes;
} axl__ext_result;

void axl__ext_result_init(axl__ext_result *res);
void axl__ext_result_dispose(axl__ext_result *res);

/*
 * The extended regions of a map under @p.  Candidates: policy "ram" (libxl
 * compatible) takes each RAM bank's space after its RAM, up to the bank's
 * end; "holes" the whole space up to the address width; "none" nothing.
 * Every window of @map is cut out of the candidates, each free piece is
 * aligned inward and kept when at least @p->min_size, nothing passes
 * @p->limit_last; then the @p->max largest are kept and at most @p->size
 * bytes, lowest addresses first.  @bank_bytes is the RAM in each bank.
 * Regions come out sorted and disjoint, notes in address order.
 * Returns AXL_OK or AXL_ERROR_NOMEM.
 */
int axl__ext_regions(const axl_window *map, size_t nr_map,
                     const uint64_t *bank_bytes, const axl__ext_params *p,
                     axl__ext_result *res);

/* Fails (AXL_ERROR_REQUIRE) when less than @eff->ext.require is
 * advertised; warns about regions arm64 Linux cannot use and regions for
 * a 32-bit guest. */
int axl__ext_check(axl_ctx *ctx, const axl_domain_config *eff,
                   axl_guest_arch arch, uint64_t ram_base,
                   const axl__ext_result *res);

/* Notes that do not come from a RAM bank tail carry this bank number. */
#define AXL__NO_BANK AXL_NO_BANK

#endif /* AXL_INTERNAL_H */
