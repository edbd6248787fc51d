/*
 * The partial device tree (device_tree=) against hostile and wrong input:
 * it is read in the guest's view (root cells <2> <2>), a reg on
 * /passthrough itself counts, its devices may not cover Xen's emulated
 * windows (refused as iomem= is), it is validated before libfdt walks it,
 * large trees are read in linear time, and every tree axl writes with one
 * passes axl_dtcheck().
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libfdt.h>

#include "testlib.h"
#include "testref.h"
#include "testrun.h"
#include "axl_cmd.h"

#define BUF (4u << 20)

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* CPU time, not wall time: the machine may be busy with other work. */
static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One device under /passthrough. */
typedef struct dev {
    const char *name;
    uint64_t addr, size;
} dev;

typedef struct pdt_opts {
    uint32_t root_ac, root_sc;  /* 0: <2> <2> */
    bool reg_on_passthrough;
    uint64_t pt_addr, pt_size;
    const dev *devs;
    size_t nr_devs;
} pdt_opts;

static void put_reg(void *b, uint64_t addr, uint64_t size)
{
    fdt32_t reg[4] = {
        cpu_to_fdt32((uint32_t)(addr >> 32)), cpu_to_fdt32((uint32_t)addr),
        cpu_to_fdt32((uint32_t)(size >> 32)), cpu_to_fdt32((uint32_t)size),
    };

    assert_int_equal(fdt_property(b, "reg", reg, sizeof(reg)), 0);
}

/* Writes a partial tree to t_tmpdir()/@name; returns its path. */
static const char *write_pdt(const char *name, const pdt_opts *o)
{
    void *b = malloc(BUF);
    const char *path = t_path(name);
    size_t i;

    assert_int_equal(fdt_create(b, BUF), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells",
                                      o->root_ac ? o->root_ac : 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells",
                                      o->root_sc ? o->root_sc : 2), 0);
    assert_int_equal(fdt_begin_node(b, "passthrough"), 0);
    assert_int_equal(fdt_property_string(b, "compatible", "simple-bus"), 0);
    assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    if (o->reg_on_passthrough)
        put_reg(b, o->pt_addr, o->pt_size);
    for (i = 0; i < o->nr_devs; i++) {
        assert_int_equal(fdt_begin_node(b, o->devs[i].name), 0);
        assert_int_equal(fdt_property_string(b, "compatible", "acme,dev"),
                         0);
        put_reg(b, o->devs[i].addr, o->devs[i].size);
        assert_int_equal(fdt_end_node(b), 0);
    }
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    t_write(path, b, fdt_totalsize(b));
    free(b);
    return path;
}

/* Builds @cfg_text with device_tree = @pdt; returns rc (guest in *g_r). */
static int build(const char *cfg_text, const char *pdt, axl_guest **g_r,
                 t_logger *lg)
{
    axl_domain_config cfg;
    char text[4096];
    int rc;

    snprintf(text, sizeof(text), "name = \"t\"\nmemory = 512\n%s\n"
             "device_tree = \"%s\"\n", cfg_text, pdt);
    t_config_from_text(text, &cfg);
    t_logger_init(lg);
    *g_r = NULL;
    rc = t_build(&cfg, NULL, g_r, lg);
    axl_domain_config_dispose(&cfg);
    return rc;
}

/* The guest's tree passes dt-check (no errors). */
static void assert_dtcheck_passes(const axl_guest *g, const char *what)
{
    axl_dtcheck_report *rep = NULL;
    axl_ctx *ctx;
    const void *blob;
    size_t size;

    assert_int_equal(axl_ctx_alloc(&ctx, NULL), 0);
    blob = axl_guest_dtb(g, &size);
    assert_int_equal(axl_dtcheck(ctx, blob, size, NULL, &rep), 0);
    if (rep->errors)
        fail_msg("%s: dt-check finds %u errors, first: %s", what,
                 rep->errors, rep->nr_findings ? rep->findings[0].message
                                               : "?");
    axl_dtcheck_report_free(rep);
    axl_ctx_free(ctx);
}

static void root_cells_must_be_the_guests(void **state)
{
    static const dev d[] = { { "dev@10000000", 0x10000000, 0x1000 } };
    static const uint32_t cells[][2] = { { 1, 1 }, { 2, 1 }, { 1, 2 },
                                         { 3, 2 } };
    axl_guest *g;
    t_logger lg;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
        pdt_opts o = { cells[i][0], cells[i][1], false, 0, 0, d, 1 };
        const char *p = write_pdt("cells.dtb", &o);

        assert_int_equal(build("", p, &g, &lg), AXL_ERROR_FORMAT);
        assert_non_null(strstr(lg.last_error, "must be the guest's"));
        assert_non_null(strstr(lg.last_error, "device_tree: "));
    }
    {
        pdt_opts o = { 2, 2, false, 0, 0, d, 1 };

        assert_int_equal(build("", write_pdt("ok.dtb", &o), &g, &lg), 0);
        axl_guest_free(g);
    }
}

static void reg_on_passthrough_counts(void **state)
{
    pdt_opts o = { 0, 0, true, 0x10000000, 0x200000, NULL, 0 };
    const axl_window *w;
    axl_guest *g;
    t_logger lg;
    size_t nr, i;
    bool found = false;

    (void)state;
    assert_int_equal(build("", write_pdt("pt.dtb", &o), &g, &lg), 0);
    w = axl_guest_memmap(g, &nr);
    for (i = 0; i < nr; i++)
        if (w[i].owner == AXL_OWNER_PARTIAL_DT &&
            w[i].start == 0x10000000 && w[i].last == 0x101fffff &&
            !strcmp(w[i].label, "/passthrough"))
            found = true;
    assert_true(found);
    /* No extended region over it in the guest's view. */
    {
        const axl_range *r;

        r = axl_guest_ext_regions(g, &nr);
        for (i = 0; i < nr; i++)
            assert_false(r[i].start <= 0x101fffff && r[i].last >= 0x10000000);
    }
    assert_dtcheck_passes(g, "reg on /passthrough");
    axl_guest_free(g);
}

static void emulated_windows_are_refused(void **state)
{
    static const struct {
        const char *cfg;
        uint64_t addr;
        const char *owner;
    } cases[] = {
        { "", 0x38000000, "grant-table" },
        { "", 0x38000000 + 0xfff000, "grant-table" },
        { "", 0x39000000, "magic" },
        { "gic_version = \"v3\"", 0x03001000, "gic" },
        { "gic_version = \"v2\"", 0x03002000, "gic" },
        { "vuart = \"sbsa_uart\"", 0x22000000, "vpl011" },
    };
    axl_guest *g;
    t_logger lg;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dev d = { "dev@x", cases[i].addr, 0x1000 };
        pdt_opts o = { 0, 0, false, 0, 0, &d, 1 };
        char cfg[128];

        assert_int_equal(build(cases[i].cfg, write_pdt("c.dtb", &o), &g,
                               &lg), AXL_ERROR_LAYOUT);
        if (!strstr(lg.last_error, "overlaps the") ||
            !strstr(lg.last_error, "device_tree: /passthrough/dev@x"))
            fail_msg("case %zu: %s", i, lg.last_error);
        /* The same range in iomem= is refused too. */
        snprintf(cfg, sizeof(cfg), "%s\niomem = [ \"%"PRIx64",1\" ]",
                 cases[i].cfg, cases[i].addr >> 12);
        {
            axl_domain_config c;
            char text[512];

            snprintf(text, sizeof(text), "name = \"t\"\nmemory = 512\n%s\n",
                     cfg);
            t_config_from_text(text, &c);
            t_logger_init(&lg);
            g = NULL;
            assert_int_equal(t_build(&c, NULL, &g, &lg), AXL_ERROR_LAYOUT);
            axl_domain_config_dispose(&c);
        }
    }
    /* The vpl011's window is free without vuart=. */
    {
        dev d = { "dev@22000000", 0x22000000, 0x1000 };
        pdt_opts o = { 0, 0, false, 0, 0, &d, 1 };

        assert_int_equal(build("", write_pdt("c.dtb", &o), &g, &lg), 0);
        assert_dtcheck_passes(g, "device at the vpl011 without vuart");
        axl_guest_free(g);
    }
}

/* /passthrough and a chain below it, @levels nodes below the root in
 * all, the deepest with a reg. */
static const char *write_deep(int levels)
{
    void *b = malloc(BUF);
    int i;

    assert_int_equal(fdt_create(b, BUF), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    for (i = 0; i < levels; i++) {
        char name[32];

        snprintf(name, sizeof(name), i ? "n%d" : "passthrough", i);
        assert_int_equal(fdt_begin_node(b, name), 0);
        assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
        assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
        assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
        if (i == levels - 1)
            put_reg(b, 0x10000000, 0x1000);
    }
    for (i = 0; i <= levels; i++)
        assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    t_write(t_path("deep.dtb"), b, fdt_totalsize(b));
    free(b);
    return t_path("deep.dtb");
}

static void depth_is_bounded(void **state)
{
    const axl_window *w;
    axl_guest *g;
    t_logger lg;
    size_t nr, i;
    bool found = false;

    (void)state;
    /* 64 levels below the root: copied, and its device counts. */
    assert_int_equal(build("", write_deep(64), &g, &lg), 0);
    w = axl_guest_memmap(g, &nr);
    for (i = 0; i < nr; i++)
        found |= w[i].owner == AXL_OWNER_PARTIAL_DT &&
                 w[i].start == 0x10000000;
    assert_true(found);
    assert_dtcheck_passes(g, "64 levels");
    axl_guest_free(g);
    /* 65 and 10,000: one error that names the key and the limit. */
    assert_int_equal(build("", write_deep(65), &g, &lg), AXL_ERROR_FORMAT);
    assert_non_null(strstr(lg.last_error, "device_tree: "));
    assert_non_null(strstr(lg.last_error, "more than 64 levels"));
    assert_int_equal(build("", write_deep(10000), &g, &lg),
                     AXL_ERROR_FORMAT);
    assert_non_null(strstr(lg.last_error, "more than 64 levels"));
}

static void hostile_blobs_are_refused(void **state)
{
    static const dev d[] = { { "dev@10000000", 0x10000000, 0x1000 } };
    pdt_opts o = { 0, 0, false, 0, 0, d, 1 };
    const char *p = write_pdt("h.dtb", &o);
    axl_guest *g;
    t_logger lg;
    size_t len;
    unsigned char *b = t_read_file(p, &len);
    uint32_t st = fdt_off_dt_struct(b);
    size_t i;

    (void)state;
    /* Every property length in turn made to wrap. */
    for (i = st; i + 12 < st + fdt_size_dt_struct(b); i += 4) {
        fdt32_t be;
        unsigned char *c;

        memcpy(&be, b + i, 4);
        if (fdt32_to_cpu(be) != FDT_PROP)
            continue;
        c = malloc(len);
        memcpy(c, b, len);
        be = cpu_to_fdt32(0xfffffff0u);
        memcpy(c + i + 4, &be, 4);
        t_write(t_path("w.dtb"), c, len);
        free(c);
        assert_int_equal(build("", t_path("w.dtb"), &g, &lg),
                         AXL_ERROR_FORMAT);
        assert_non_null(strstr(lg.last_error, "device_tree: "));
        assert_non_null(strstr(lg.last_error, "not a valid device tree"));
    }
    /* Version 16. */
    {
        fdt32_t v = cpu_to_fdt32(16);

        memcpy(b + 20, &v, 4);
        memcpy(b + 24, &v, 4);
        t_write(t_path("v16.dtb"), b, len);
        assert_int_equal(build("", t_path("v16.dtb"), &g, &lg),
                         AXL_ERROR_FORMAT);
        assert_non_null(strstr(lg.last_error, "version 16"));
    }
    free(b);
}

/* /passthrough with @n devices (with reg if @reg) or one chain of @depth
 * nodes; the time to build a guest with it. */
static void time_wide_write(size_t n, bool reg, size_t nr_props,
                            size_t *size_r)
{
    void *b = malloc(BUF);
    size_t i;

    assert_int_equal(fdt_create(b, BUF), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    assert_int_equal(fdt_begin_node(b, "passthrough"), 0);
    assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    /* Distinct property names (each one a string in the guest's tree). */
    for (i = 0; i < nr_props; i++) {
        char name[32];

        snprintf(name, sizeof(name), "p%zx", i);
        assert_int_equal(fdt_property(b, name, NULL, 0), 0);
    }
    for (i = 0; i < n; i++) {
        char name[32];

        snprintf(name, sizeof(name), "d%zx", i);
        assert_int_equal(fdt_begin_node(b, name), 0);
        if (reg) {
            assert_int_equal(fdt_property_string(b, "compatible", "a,b"), 0);
            put_reg(b, 0x10000000 + (uint64_t)i * 0x1000, 0x1000);
        }
        assert_int_equal(fdt_end_node(b), 0);
    }
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    *size_r = fdt_totalsize(b);
    t_write(t_path("wide.dtb"), b, fdt_totalsize(b));
    free(b);
}

static double time_wide(size_t n, bool reg, size_t nr_props,
                        size_t *size_r)
{
    axl_guest *g;
    t_logger lg;
    double t0;
    int rc;

    time_wide_write(n, reg, nr_props, size_r);
    t0 = now();
    rc = build("", t_path("wide.dtb"), &g, &lg);
    t0 = now() - t0;
    if (rc)
        fail_msg("build failed: %s", lg.last_error);
    axl_guest_free(g);
    return t0;
}

static void large_trees_are_linear(void **state)
{
    size_t size;
    double t;

    (void)state;
    t = time_wide(60000, false, 0, &size);
    print_message("partial tree: 60k nodes (1 MiB), %zu bytes: %.3f s\n",
                  size, t);
    assert_true(t < 1.0);
    t = time_wide(4000, true, 0, &size);
    print_message("partial tree: 4k devices with reg, %zu bytes: %.3f s\n",
                  size, t);
    assert_true(t < 1.0);
    /* Names: libfdt's writer looks each up linearly, so they are bounded
     * (2 KiB of names, 8192 properties). */
    t = time_wide(0, false, 300, &size);
    print_message("partial tree: 300 property names, %zu bytes: %.3f s\n",
                  size, t);
    assert_true(t < 1.0);
    /* The worst within the bounds: each device's names looked up past
     * all 300 of them (7,800 lookups of 2 KiB). */
    t = time_wide(3900, true, 300, &size);
    print_message("partial tree: 300 names, 3900 devices, %zu bytes: "
                  "%.3f s\n", size, t);
    assert_true(t < 1.0);
    {
        axl_guest *g;
        t_logger lg;

        time_wide_write(0, false, 1000, &size);
        assert_int_equal(build("", t_path("wide.dtb"), &g, &lg),
                         AXL_ERROR_FORMAT);
        assert_non_null(strstr(lg.last_error, "2048 bytes of names"));
        time_wide_write(4100, true, 0, &size);
        assert_int_equal(build("", t_path("wide.dtb"), &g, &lg),
                         AXL_ERROR_FORMAT);
        assert_non_null(strstr(lg.last_error, "at most 8192 properties"));
    }
}

static void every_tree_passes_dtcheck(void **state)
{
    static const char *const cfgs[] = {
        "", "gic_version = \"v2\"", "vuart = \"sbsa_uart\"",
        "memory = 4096", "maxmem = 8192\nmemory = 1024",
        "ext_regions = \"holes\"", "ext_regions = \"none\"",
        "iomem = [ \"10000,1\" ]", "vcpus = 4\nmax_grant_frames = 64",
    };
    static const dev devs[] = {
        { "dev@10000000", 0x10000000, 0x1000 },
        { "big@40000000", 0x40000000, 0x10000000 },
        { "high@8000000000", UINT64_C(0x8000000000), 0x40000000 },
        { "low@1000", 0x1000, 0x1000 },
    };
    axl_guest *g;
    t_logger lg;
    size_t c, k;
    char path[512];

    (void)state;
    for (c = 0; c < sizeof(cfgs) / sizeof(cfgs[0]); c++) {
        for (k = 0; k <= sizeof(devs) / sizeof(devs[0]); k++) {
            pdt_opts o = { 0, 0, k == 0, 0x20000000, 0x100000, devs, k };

            if (build(cfgs[c], write_pdt("e.dtb", &o), &g, &lg)) {
                /* A refusal must be for a stated reason. */
                assert_true(lg.last_error[0] != '\0');
                continue;
            }
            snprintf(path, sizeof(path), "config %zu, %zu devices", c, k);
            assert_dtcheck_passes(g, path);
            axl_guest_free(g);
        }
    }
    /* And the reference partial tree of real libxl. */
    snprintf(path, sizeof(path), "%s/partial.dtb", t_ref_dir());
    assert_int_equal(build("", path, &g, &lg), 0);
    assert_dtcheck_passes(g, "partial.dtb");
    axl_guest_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(root_cells_must_be_the_guests),
        cmocka_unit_test(reg_on_passthrough_counts),
        cmocka_unit_test(emulated_windows_are_refused),
        cmocka_unit_test(hostile_blobs_are_refused),
        cmocka_unit_test(depth_is_bounded),
        cmocka_unit_test(large_trees_are_linear),
        cmocka_unit_test(every_tree_passes_dtcheck),
    };

    return cmocka_run_group_tests(tests, NULL, teardown);
}
