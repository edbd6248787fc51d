/* Shared helpers of the test programs. */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "axl_cmd.h"

static char tmpdir[256];

const char *t_top(void)
{
    const char *t = getenv("AXL_TOP");

    return t ? t : ".";
}

const char *t_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");

        snprintf(tmpdir, sizeof(tmpdir), "%s/axl-test-XXXXXX",
                 base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return tmpdir;
}

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

void t_cleanup(void)
{
    if (tmpdir[0])
        nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    tmpdir[0] = '\0';
}

const char *t_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];

    snprintf(b, 512, "%s/%s", t_tmpdir(), name);
    return b;
}

void t_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void t_make_file(const char *path, uint64_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)size), 0);
    close(fd);
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void t_make_image64(const char *path, uint64_t size, uint64_t text_offset)
{
    unsigned char hdr[64] = { 0 };
    int fd;

    put_le(hdr, 0x14000008, 4);           /* code0: branch */
    put_le(hdr + 8, text_offset, 8);
    put_le(hdr + 16, size, 8);            /* image_size */
    put_le(hdr + 24, 0xa, 8);             /* flags */
    put_le(hdr + 56, 0x644d5241, 4);      /* "ARM\x64" */
    t_make_file(path, size);
    fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
    close(fd);
}

static void t_vmessage(xentoollog_logger *l, xentoollog_level level,
                       int errnoval, const char *context, const char *fmt,
                       va_list ap)
{
    t_logger *lg = (t_logger *)l;

    (void)errnoval;
    (void)context;
    if (level >= XTL_ERROR) {
        vsnprintf(lg->last_error, sizeof(lg->last_error), fmt, ap);
        lg->errors++;
    } else if (level >= XTL_WARN) {
        vsnprintf(lg->last_warning, sizeof(lg->last_warning), fmt, ap);
        lg->warnings++;
        if (strstr(lg->last_warning, "below the guest's RAM"))
            lg->below_ram++;
    }
}

static void t_destroy(xentoollog_logger *l)
{
    (void)l;
}

void t_logger_init(t_logger *lg)
{
    memset(lg, 0, sizeof(*lg));
    lg->vtable.vmessage = t_vmessage;
    lg->vtable.destroy = t_destroy;
}

void t_config_from_text(const char *text, axl_domain_config *cfg)
{
    char buf[65536];
    const char *kernel = t_path("Image");

    if (access(kernel, F_OK))
        t_make_image64(kernel, 32 << 20, 0);
    snprintf(buf, sizeof(buf), "kernel = \"%s\"\n%s", kernel, text);
    axl_domain_config_init(cfg);
    assert_int_equal(axl_parse_config_data("test.cfg", buf, strlen(buf), cfg),
                     0);
}

int t_build(const axl_domain_config *cfg, const axl_build_options *opts,
            axl_guest **g_r, t_logger *lg)
{
    axl_build_options o;
    axl_ctx *ctx;
    int rc;

    if (!opts) {
        axl_build_options_init(&o);
        o.rng_seed = AXL_RNG_SEED_FIXED;
        opts = &o;
    }
    assert_int_equal(axl_ctx_alloc(&ctx, lg ? &lg->vtable : NULL), 0);
    rc = axl_guest_build(ctx, cfg, opts, g_r);
    axl_ctx_free(ctx);
    return rc;
}
