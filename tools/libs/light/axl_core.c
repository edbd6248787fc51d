/* SPDX-License-Identifier: LGPL-2.1-only */
/* libaxl: contexts, logging and error names. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "axl_internal.h"

int axl_ctx_alloc(axl_ctx **ctx_r, xentoollog_logger *logger)
{
    axl_ctx *ctx = calloc(1, sizeof(*ctx));

    if (!ctx)
        return AXL_ERROR_NOMEM;
    ctx->logger = logger;
    *ctx_r = ctx;
    return AXL_OK;
}

void axl_ctx_free(axl_ctx *ctx)
{
    free(ctx);
}

void axl__log(axl_ctx *ctx, xentoollog_level level, int errnoval,
              const char *fmt, ...)
{
    va_list ap;

    if (!ctx || !ctx->logger)
        return;
    va_start(ap, fmt);
    xtl_logv(ctx->logger, level, errnoval, "libaxl", fmt, ap);
    va_end(ap);
}

const char *axl_strerror(int rc)
{
    switch (rc) {
    case AXL_OK:                return "success";
    case AXL_ERROR_NOMEM:       return "out of memory";
    case AXL_ERROR_INVAL:       return "invalid configuration or argument";
    case AXL_ERROR_LAYOUT:      return "impossible guest memory layout";
    case AXL_ERROR_IO:          return "input/output error";
    case AXL_ERROR_FORMAT:      return "malformed input file";
    case AXL_ERROR_FDT:         return "device tree error";
    case AXL_ERROR_UNSUPPORTED: return "not supported";
    case AXL_ERROR_REQUIRE:     return "not enough extended-region space";
    case AXL_ERROR_XEN:         return "Xen or xenstore request failed";
    case AXL_ERROR_NOTFOUND:    return "no such domain";
    case AXL_ERROR_TIMEOUT:     return "timed out";
    default:                    return "unknown error";
    }
}

const char *axl_owner_to_string(axl_owner owner)
{
    switch (owner) {
    case AXL_OWNER_RAM:        return "ram";
    case AXL_OWNER_GIC_DIST:   return "gic-distributor";
    case AXL_OWNER_GIC_CPU:    return "gic-cpu-interface";
    case AXL_OWNER_GIC_REDIST: return "gic-redistributor";
    case AXL_OWNER_VPL011:     return "vpl011";
    case AXL_OWNER_GNTTAB:     return "grant-table";
    case AXL_OWNER_MAGIC:      return "magic-pages";
    case AXL_OWNER_IOMEM:      return "iomem";
    case AXL_OWNER_PARTIAL_DT: return "partial-dt";
    case AXL_OWNER_KERNEL:     return "kernel";
    case AXL_OWNER_RAMDISK:    return "ramdisk";
    case AXL_OWNER_DTB:        return "dtb";
    case AXL_OWNER_VIRTIO_MMIO: return "virtio-mmio";
    case AXL_OWNER_VIRTIO:     return "virtio";
    }
    return "unknown";
}

const char *axl_ext_reason_to_string(axl_ext_reason reason)
{
    switch (reason) {
    case AXL_EXT_BEYOND_WIDTH: return "beyond the address width";
    case AXL_EXT_OVERLAP:      return "overlaps";
    case AXL_EXT_TOO_SMALL:    return "too small";
    case AXL_EXT_UNALIGNED:    return "unaligned";
    case AXL_EXT_BANK_FULL:    return "bank full";
    case AXL_EXT_ABOVE_LIMIT:  return "above the limit";
    case AXL_EXT_OVER_MAX:     return "over the count";
    case AXL_EXT_OVER_SIZE:    return "over the size";
    }
    return "unknown";
}

int axl__grow(void **v, size_t nr, size_t *cap, size_t elem)
{
    size_t ncap;
    void *nv;

    if (nr < *cap)
        return AXL_OK;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap < *cap || ncap > SIZE_MAX / elem)
        return AXL_ERROR_NOMEM;
    nv = realloc(*v, ncap * elem);
    if (!nv)
        return AXL_ERROR_NOMEM;
    *v = nv;
    *cap = ncap;
    return AXL_OK;
}

void axl_format_size(uint64_t size, char *buf, size_t len)
{
    static const char *const unit[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    };
    unsigned int u = 0;
    uint64_t whole = size, frac;

    while (u < 6 && whole >= 1024) {
        whole >>= 10;
        u++;
    }
    if (!u) {
        snprintf(buf, len, "%"PRIu64" B", size);
        return;
    }
    /* Two decimals, rounded down, trailing zeros dropped. */
    frac = (size - (whole << (10 * u))) * 100 >> (10 * u);
    if (u >= 6) /* the multiply above could overflow: use the top bits */
        frac = ((size >> 50) & 0x3ff) * 100 >> 10;
    if (!frac)
        snprintf(buf, len, "%"PRIu64" %s", whole, unit[u]);
    else if (frac % 10 == 0)
        snprintf(buf, len, "%"PRIu64".%"PRIu64" %s", whole, frac / 10,
                 unit[u]);
    else
        snprintf(buf, len, "%"PRIu64".%02"PRIu64" %s", whole, frac, unit[u]);
}

long long axl__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
