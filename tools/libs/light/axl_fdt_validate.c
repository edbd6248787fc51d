/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The one check of device tree blobs from outside, before libfdt sees
 * them.  libfdt 1.6.1 (Debian bookworm) cannot be trusted with hostile
 * blobs: its tag walking adds 32-bit lengths to offsets without overflow
 * checks (fixed in dtc 1.7.0), so a property whose length wraps passes
 * fdt_check_full() and reaches memcpy, and trees of format version 16 and
 * older crash it.  Everything here is 64-bit arithmetic on a blob of at
 * most 2 GiB, one pass over its bytes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "axl_fdt_validate.h"

#define HDR_SIZE        40u     /* the version 17 header */
#define TAG_BEGIN_NODE  1u
#define TAG_END_NODE    2u
#define TAG_PROP        3u
#define TAG_NOP         4u
#define TAG_END         9u

__attribute__((format(printf, 3, 4)))
static int bad(axl_ctx *ctx, const char *what, const char *fmt, ...)
{
    char reason[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    LOG(ctx, ERROR, "%s is not a valid device tree blob: %s", what, reason);
    return AXL_ERROR_FORMAT;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t be64(const unsigned char *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Whether [off, off + len) lies in [0, total). */
static bool inside(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

static bool disjoint(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return !alen || !blen || a + alen <= b || b + blen <= a;
}

static int check_header(axl_ctx *ctx, const char *what,
                        const unsigned char *b, size_t size)
{
    uint32_t total, rsv, st, str, st_size, str_size, ver, comp;

    if (size < HDR_SIZE) {
        return bad(ctx, what, "%zu bytes are too few for a header",
                   size);
    }
    if (be32(b) != FDT_MAGIC) {
        return bad(ctx, what, "no magic 0x%08x",
                   FDT_MAGIC);
    }
    total = be32(b + 4);
    st = be32(b + 8);
    str = be32(b + 12);
    rsv = be32(b + 16);
    ver = be32(b + 20);
    comp = be32(b + 24);
    str_size = be32(b + 32);
    st_size = be32(b + 36);
    if (ver < 17 || comp > 17) {
        return bad(ctx, what, "device tree format version %"PRIu32
            " (compatible with %"PRIu32"): axl reads version 17, whose "
            "header gives the structure block's size", ver, comp);
    }
    if (total < HDR_SIZE || total > size || total > INT32_MAX) {
        return bad(ctx, what, "the header's totalsize %"PRIu32" is not "
            "between %u and the %zu bytes given (at most 2 GiB)",
                   total, HDR_SIZE, size);
    }
    if (rsv < HDR_SIZE || rsv % 8 || !inside(rsv, 16, total)) {
        return bad(ctx, what, "the /memreserve/ block at offset %"PRIu32
            " is misaligned or outside the blob", rsv);
    }
    if (st < HDR_SIZE || st % 4 || !inside(st, st_size, total)) {
        return bad(ctx, what, "the structure block (offset %"PRIu32", %"
            PRIu32" bytes) is misaligned or outside the blob's %"PRIu32
            " bytes", st, st_size, total);
    }
    if (str < HDR_SIZE || !inside(str, str_size, total)) {
        return bad(ctx, what, "the strings block (offset %"PRIu32", %"PRIu32
            " bytes) is outside the blob's %"PRIu32" bytes", str,
            str_size, total);
    }
    if (!disjoint(st, st_size, str, str_size) ||
        (rsv >= st && rsv < (uint64_t)st + st_size) ||
        (rsv >= str && rsv < (uint64_t)str + str_size)) {
        return bad(ctx, what, "the blocks of the blob overlap");
    }
    return AXL_OK;
}

/* Entries up to the first of size 0, before the next block or the end. */
static int check_memreserve(axl_ctx *ctx, const char *what,
                            const unsigned char *b)
{
    uint64_t total = be32(b + 4), rsv = be32(b + 16), end = total;
    uint64_t st = be32(b + 8), str = be32(b + 12), off;

    if (st > rsv && st < end)
        end = st;
    if (str > rsv && str < end)
        end = str;
    for (off = rsv; inside(off, 16, end); off += 16)
        if (!be64(b + off + 8))
            return AXL_OK;
    return bad(ctx, what, "the /memreserve/ block has no terminating entry");
}

static uint64_t align4(uint64_t x)
{
    return (x + 3) & ~(uint64_t)3;
}

static int check_struct(axl_ctx *ctx, const char *what,
                        const unsigned char *b, axl__fdt_counts *n)
{
    const unsigned char *s = b + be32(b + 8), *strs = b + be32(b + 12);
    uint64_t end = be32(b + 36), nstr = be32(b + 32), off = 0;
    unsigned int depth = 0;
    bool root_done = false, had_child = false;

    for (;;) {
        uint64_t at = off;
        uint32_t tag;

        if (!inside(off, 4, end)) {
            return bad(ctx, what, "the structure block ends without "
                "FDT_END");
        }
        tag = be32(s + off);
        off += 4;
        /* libfdt takes offset 0 for the root. */
        if (!at && tag != TAG_BEGIN_NODE) {
            return bad(ctx, what, "the structure block does not start with "
                "the root node");
        }
        switch (tag) {
        case TAG_BEGIN_NODE: {
            const unsigned char *nul = memchr(s + off, '\0', end - off);

            if (root_done) {
                return bad(ctx, what, "a second root node (structure offset "
                    "%"PRIu64")", at);
            }
            if (!nul) {
                return bad(ctx, what, "a node name runs past the structure "
                    "block (offset %"PRIu64")", at);
            }
            if (depth > AXL__FDT_MAX_DEPTH) {
                return bad(ctx, what, "nodes nested more than %d levels "
                    "below the root", AXL__FDT_MAX_DEPTH);
            }
            depth++;
            n->nodes++;
            had_child = false;
            off = align4(off + (uint64_t)(nul - (s + off)) + 1);
            if (off > end) {
                return bad(ctx, what, "a node name runs past the structure "
                    "block (offset %"PRIu64")", at);
            }
            break;
        }
        case TAG_END_NODE:
            if (!depth) {
                return bad(ctx, what, "FDT_END_NODE without a node "
                    "(structure offset %"PRIu64")", at);
            }
            depth--;
            root_done = !depth;
            /* Its parent now has a subnode. */
            had_child = true;
            break;
        case TAG_PROP: {
            uint64_t len, name;

            if (!depth || had_child) {
                return bad(ctx, what, "a property %s (structure offset %"
                    PRIu64")", depth ? "after a subnode"
                                           : "outside every node", at);
            }
            if (!inside(off, 8, end)) {
                return bad(ctx, what, "a property header runs past the "
                    "structure block (offset %"PRIu64")", at);
            }
            len = be32(s + off);
            name = be32(s + off + 4);
            n->props++;
            off += 8;
            if (!inside(off, len, end)) {
                return bad(ctx, what, "a property of %"PRIu64" bytes runs "
                    "past the structure block (offset %"PRIu64")", len, at);
            }
            if (name >= nstr || !memchr(strs + name, '\0', nstr - name)) {
                return bad(ctx, what, "a property name at strings offset %"
                    PRIu64" is outside the strings block (offset %"PRIu64
                    ")", name, at);
            }
            off = align4(off + len);
            if (off > end) {
                return bad(ctx, what, "a property runs past the structure "
                    "block (offset %"PRIu64")", at);
            }
            break;
        }
        case TAG_NOP:
            break;
        case TAG_END:
            if (depth || !root_done) {
                return bad(ctx, what, "FDT_END inside a node or before the "
                    "root (structure offset %"PRIu64")", at);
            }
            return AXL_OK;
        default:
            return bad(ctx, what, "unknown tag 0x%08"PRIx32" at structure "
                "offset %"PRIu64, tag, at);
        }
    }
}

int axl__fdt_validate(axl_ctx *ctx, const char *what, const void *blob,
                      size_t size)
{
    axl__fdt_counts n;

    return axl__fdt_validate_count(ctx, what, blob, size, &n);
}

int axl__fdt_validate_count(axl_ctx *ctx, const char *what,
                            const void *blob, size_t size,
                            axl__fdt_counts *n)
{
    const unsigned char *b = blob;
    int rc, r;

    n->nodes = n->props = 0;
    rc = check_header(ctx, what, b, size);
    if (!rc)
        rc = check_memreserve(ctx, what, b);
    if (!rc)
        rc = check_struct(ctx, what, b, n);
    if (rc)
        return rc;
    /* Now safe to ask libfdt too, for what it checks beyond this. */
    r = fdt_check_full(blob, size);
    if (r)
        return bad(ctx, what, "%s", fdt_strerror(r));
    return AXL_OK;
}
