/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The guest kernel as libxenguest's Arm loaders see it: an arm64 Image or
 * an arm32 zImage, possibly gzip-compressed (libxenguest decompresses
 * kernels).  Only the header and the size matter for the device tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "axl_internal.h"
#include "axl_boot_arm.h"

/* arm64 Image header: code0 at 0, text_offset at 8, magic "ARM\x64" at 56. */
#define IMAGE64_HDR_SIZE     64
#define IMAGE64_MAGIC_V0     UINT32_C(0x14000008)
#define IMAGE64_MAGIC_V1     UINT32_C(0x644d5241)
/* arm32 zImage: magic word at 0x24. */
#define ZIMAGE32_MAGIC_OFF   0x24
#define ZIMAGE32_MAGIC       UINT32_C(0x016f2818)
#define ZIMAGE32_MIN_SIZE    0x30
/* libxenguest's bound on a decompressed kernel (XC_DOM_DECOMPRESS_MAX in
 * xenguest.h, 1 GiB): it trusts a gzip file's trailer (the size mod 2^32)
 * only up to that, and inflates into exactly that size plus 16 bytes. */
#define GUNZIP_MAX           (UINT64_C(1) << 30)
#define GUNZIP_SLACK         16

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* For a gzip file, the most it may decompress to (as libxenguest
 * bounds it); 0 for anything else.  Sets *rc_r on a refusal. */
static uint64_t gunzip_limit(axl_ctx *ctx, const char *path, int fd,
                             const struct stat *st, int *rc_r)
{
    unsigned char magic[2], trailer[4];
    uint64_t isize;

    *rc_r = AXL_OK;
    if (st->st_size < 18 || pread(fd, magic, 2, 0) != 2 ||
        magic[0] != 0x1f || magic[1] != 0x8b)
        return 0;
    if (pread(fd, trailer, 4, st->st_size - 4) != 4) {
        LOGE(ctx, ERROR, "kernel: cannot read %s", path);
        *rc_r = AXL_ERROR_IO;
        return 0;
    }
    /* Past the limit libxenguest would not gunzip it at all: reading
     * stops there (and corrupt data is still found to be corrupt). */
    isize = le32(trailer);
    return (isize > GUNZIP_MAX ? GUNZIP_MAX : isize) + GUNZIP_SLACK;
}

/*
 * Reads the first @hdr_len bytes into @hdr and finds the (decompressed)
 * size.  gzread passes plain files through unchanged; their size is
 * taken from fstat rather than by reading the whole file.  A gzip file
 * may decompress to no more than libxenguest would accept.
 */
static int read_header(axl_ctx *ctx, const char *path, unsigned char *hdr,
                       size_t hdr_len, size_t *got_r, uint64_t *size_r)
{
    unsigned char buf[65536];
    uint64_t size = 0, limit;
    size_t got = 0;
    struct stat st;
    gzFile gz;
    int fd, n, rc = AXL_OK;

    memset(&st, 0, sizeof(st));
    errno = 0;
    /* O_NONBLOCK: naming a FIFO must not block open(). */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        LOGE(ctx, ERROR, "kernel: cannot open %s", path);
        return AXL_ERROR_IO;
    }
    if (fstat(fd, &st)) {
        LOGE(ctx, ERROR, "kernel: cannot read %s", path);
        close(fd);
        return AXL_ERROR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        LOGE(ctx, ERROR, "kernel: cannot read %s", path);
        close(fd);
        return AXL_ERROR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        LOG(ctx, ERROR, "kernel: %s is not a regular file", path);
        close(fd);
        return AXL_ERROR_IO;
    }
    limit = gunzip_limit(ctx, path, fd, &st, &rc);
    if (rc) {
        close(fd);
        return rc;
    }
    gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        return AXL_ERROR_NOMEM;
    }
    while ((n = gzread(gz, buf, sizeof(buf))) > 0) {
        if (got < hdr_len) {
            size_t take = hdr_len - got < (size_t)n ? hdr_len - got
                                                     : (size_t)n;

            memcpy(hdr + got, buf, take);
            got += take;
        }
        size += (uint64_t)n;
        if (gzdirect(gz)) {
            size = (uint64_t)st.st_size;
            break;
        }
        if (limit && size > limit) {
            if (limit > GUNZIP_MAX)
                LOG(ctx, ERROR, "kernel: %s decompresses to more than "
                    "libxenguest's limit of 1 GiB", path);
            else
                LOG(ctx, ERROR, "kernel: %s decompresses to more than the "
                    "%"PRIu64" bytes its gzip trailer gives (libxenguest "
                    "would fail to load it)", path, limit - GUNZIP_SLACK);
            rc = AXL_ERROR_FORMAT;
            break;
        }
    }
    if (n < 0) {
        int zerr;
        const char *msg = gzerror(gz, &zerr);

        if (zerr == Z_ERRNO)
            LOGE(ctx, ERROR, "kernel: cannot read %s", path);
        else {
            /* zlib names the stream "<fd:N>: ": the path says it better. */
            const char *sep = strncmp(msg, "<fd:", 4) ? NULL
                                                      : strstr(msg, ": ");

            LOG(ctx, ERROR, "kernel: %s: corrupt compressed data (%s)",
                path, sep ? sep + 2 : msg);
        }
        rc = zerr == Z_ERRNO ? AXL_ERROR_IO : AXL_ERROR_FORMAT;
    }
    gzclose(gz);
    *got_r = got;
    *size_r = size;
    return rc;
}

int axl__kernel_probe(axl_ctx *ctx, const char *path, axl__kernel *k)
{
    unsigned char hdr[IMAGE64_HDR_SIZE];
    size_t got;
    int rc;

    rc = read_header(ctx, path, hdr, sizeof(hdr), &got, &k->size);
    if (rc)
        return rc;
    if (got >= IMAGE64_HDR_SIZE &&
        (le32(hdr) == IMAGE64_MAGIC_V0 || le32(hdr + 56) == IMAGE64_MAGIC_V1)) {
        k->arch = AXL_ARCH_AARCH64;
        k->text_offset = le64(hdr + 8);
        return AXL_OK;
    }
    if (got >= ZIMAGE32_MIN_SIZE &&
        le32(hdr + ZIMAGE32_MAGIC_OFF) == ZIMAGE32_MAGIC) {
        k->arch = AXL_ARCH_ARM32;
        k->text_offset = ZIMAGE32_LOAD_OFFSET;
        return AXL_OK;
    }
    LOG(ctx, ERROR, "kernel: %s is not an arm64 Image or arm32 zImage", path);
    return AXL_ERROR_FORMAT;
}
