/* Shared helpers of the fuzz harnesses. */
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "fuzz_common.h"
#include "fake_hv.h"

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

const char *fz_path(const char *name)
{
    static char path[512];

    snprintf(path, sizeof(path), "%s/%s", fz_dir(), name);
    return path;
}

const char *fz_write(const char *name, const void *data, size_t size)
{
    const char *path = fz_path(name);
    int fd;

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
    if (axl_dtcheck(fz_ctx(), blob, size, NULL, &rep))
        fz_fail("axl's own tree is not a valid blob");
    if (rep->errors)
        fz_fail("axl's own tree fails dt-check: %s",
                rep->nr_findings ? rep->findings[0].message : "?");
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

void fz_fail(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    __sanitizer_report_error_summary(msg);
    abort();
}

void fz_note(const char *fmt, ...)
{
    va_list ap;

    if (!getenv("AXL_FUZZ_VERBOSE"))
        return;
    va_start(ap, fmt);
    fputs("note: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

axl_host *fz_host_open(fake_hv *f)
{
    axl_host *h = NULL;

    if (!f || fake_host_open(fz_ctx(), f, &h))
        fz_fail("cannot open a host on the fake Xen");
    /* libxl's 10 s waits would make every silent backend cost 10 s */
    h->init_timeout_ms = 2;
    h->destroy_timeout_ms = 2;
    h->hotplug_timeout_ms = 2;
    return h;
}

void fz_host_close(axl_host *h, fake_hv *f)
{
    axl_host_close(h);
    if (!f->closed)
        fz_fail("closing the host left the hypervisor open");
    fake_hv_free(f);
}

/* @p at or below @top. */
static bool below(const char *p, const char *top)
{
    size_t n = strlen(top);

    return !strncmp(p, top, n) && (p[n] == '\0' || p[n] == '/');
}

void fz_assert_clean(const fake_hv *f, bool counters, fz_allow_fn *allow,
                     void *arg, const char *what)
{
    size_t i;

    if (f->nr_doms != 1 || f->doms[0].domid != 0)
        fz_fail("%s: %zu domains left besides dom0", what, f->nr_doms - 1);
    for (i = 0; i < f->store.nr; i++) {
        const char *p = f->store.n[i].path;
        char *end;
        unsigned long id;

        if (!strncmp(p, "/local/domain/", 14) && !below(p, "/local/domain/0")) {
            id = strtoul(p + 14, &end, 10);
            /* "/local/domain/x" is no domain's, so nobody's to remove */
            if (end == p + 14 || (*end && *end != '/') ||
                fake_domain((fake_hv *)f, (uint32_t)id))
                continue;
        } else if (strncmp(p, "/vm/", 4) && strncmp(p, "/libxl/", 7) &&
                   strncmp(p, "/local/domain/0/backend/", 24)) {
            continue;
        }
        if (allow && allow(p, arg))
            fz_note("%s: node %s left (allowed)", what, p);
        else
            fz_fail("%s: node %s left", what, p);
    }
    if (counters && (f->loops || f->vifs))
        fz_fail("%s: %d loop devices and %d vifs left", what, f->loops,
                f->vifs);
    if (f->scripts_pending)
        fz_fail("%s: %u hotplug script jobs never waited for", what,
                f->scripts_pending);
    if (fake_open_txns(f))
        fz_fail("%s: %u transactions left open", what, fake_open_txns(f));
}
