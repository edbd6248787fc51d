/* Shared helpers of the fuzz harnesses. */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "fuzz_common.h"

static char dir[256];

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

static void cleanup(void)
{
    if (dir[0])
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *fz_dir(void)
{
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");

        snprintf(dir, sizeof(dir), "%s/axl-fuzz-XXXXXX", t ? t : "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
    }
    return dir;
}

axl_ctx *fz_ctx(void)
{
    static axl_ctx *ctx;

    if (!ctx && axl_ctx_alloc(&ctx, NULL))
        abort();
    return ctx;
}

const char *fz_write(const char *name, const void *data, size_t size)
{
    static char path[512];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", fz_dir(), name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
        abort();
    close(fd);
    return path;
}

const char *fz_image(void)
{
    static char path[512];

    if (!path[0]) {
        unsigned char hdr[64] = { 0 };
        int fd;

        hdr[0] = 0x08; hdr[3] = 0x14;           /* b #32: code0 */
        hdr[18] = 0x20;                         /* image_size 2 MiB */
        hdr[24] = 0x0a;                         /* flags */
        memcpy(hdr + 56, "ARMd", 4);
        snprintf(path, sizeof(path), "%s", fz_write("Image", hdr, 64));
        fd = open(path, O_WRONLY);
        if (fd < 0 || ftruncate(fd, 32 << 20))
            abort();
        close(fd);
    }
    return path;
}

void fz_build_and_check(const axl_domain_config *cfg)
{
    axl_build_options opts;
    axl_dtcheck_report *rep = NULL;
    axl_guest *g = NULL;
    const void *blob;
    size_t size;

    axl_build_options_init(&opts);
    opts.rng_seed = AXL_RNG_SEED_FIXED;
    if (axl_guest_build(fz_ctx(), cfg, &opts, &g))
        return;
    blob = axl_guest_dtb(g, &size);
    if (axl_dtcheck(fz_ctx(), blob, size, NULL, &rep)) {
        fprintf(stderr, "axl's own tree is not a valid blob\n");
        abort();
    }
    if (rep->errors) {
        fprintf(stderr, "axl's own tree fails dt-check: %s\n",
                rep->nr_findings ? rep->findings[0].message : "?");
        abort();
    }
    axl_dtcheck_report_free(rep);
    axl_guest_free(g);
}

int fz_replay;

void fz_quiet(void)
{
    static int done;
    int fd, report;

    if (done++)
        return;
    fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        abort();
    dup2(fd, STDOUT_FILENO);
    /* Under libFuzzer, -close_fd_mask=2 does this for stderr. */
    if (fz_replay && !getenv("AXL_FUZZ_VERBOSE")) {
        report = dup(STDERR_FILENO);
        dup2(fd, STDERR_FILENO);
        /* Sanitizer reports still reach the real stderr. */
        __sanitizer_set_report_fd((void *)(intptr_t)report);
    }
    close(fd);
}
