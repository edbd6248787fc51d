/*
 * axl__fdt_validate() and the readers behind it (axl_dtcheck, the partial
 * device tree): crafted blobs that crash or hang libfdt 1.6.1 are refused
 * with one error, nesting is bounded at a stated depth, random damage to
 * real blobs never crashes, and deep or wide trees of up to 1 MiB are
 * checked in linear time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libfdt.h>

#include "testlib.h"
#include "testref.h"
#include "testrun.h"
#include "axl_fdt_validate.h"
#include "axl_cmd.h"
#include "axl_dtread.h"

#define BUF (4u << 20)

static axl_ctx *ctx;
static t_logger lg;

static int setup(void **state)
{
    (void)state;
    t_logger_init(&lg);
    return axl_ctx_alloc(&ctx, &lg.vtable);
}

static int teardown(void **state)
{
    (void)state;
    axl_ctx_free(ctx);
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

static void put32(void *blob, size_t off, uint32_t v)
{
    fdt32_t be = cpu_to_fdt32(v);

    memcpy((char *)blob + off, &be, 4);
}

/* / { #address-cells = <2>; #size-cells = <2>; a { p = "x"; b { }; }; } */
static void *small_tree(void)
{
    void *b = malloc(4096);
    fdt32_t two = cpu_to_fdt32(2);

    assert_non_null(b);
    assert_int_equal(fdt_create(b, 4096), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property(b, "#address-cells", &two, 4), 0);
    assert_int_equal(fdt_property(b, "#size-cells", &two, 4), 0);
    assert_int_equal(fdt_begin_node(b, "a"), 0);
    assert_int_equal(fdt_property_string(b, "p", "x"), 0);
    assert_int_equal(fdt_begin_node(b, "b"), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    return b;
}

/* The struct-block offset of property @name's length word. */
static size_t prop_len_off(const void *b, const char *name)
{
    int node = fdt_path_offset(b, "/a"), prop;

    fdt_for_each_property_offset(prop, b, node) {
        const char *n;

        fdt_getprop_by_offset(b, prop, &n, NULL);
        if (!strcmp(n, name))
            return fdt_off_dt_struct(b) + (size_t)prop + 4;
    }
    fail_msg("no property %s", name);
    return 0;
}

/* Validates; expects @want and, if not OK, an error holding @msg. */
static void expect(const void *b, size_t size, int want, const char *msg)
{
    axl_dtcheck_report *rep = NULL;
    int rc;

    lg.last_error[0] = '\0';
    rc = axl__fdt_validate(ctx, "test", b, size);
    assert_int_equal(rc, want);
    if (want) {
        if (!strstr(lg.last_error, msg))
            fail_msg("error \"%s\" does not say \"%s\"", lg.last_error, msg);
        /* The command's readers refuse it the same way. */
        assert_int_equal(axl_dtcheck(ctx, b, size, NULL, &rep),
                         AXL_ERROR_FORMAT);
        assert_null(rep);
    }
}

static void accepts_good_trees(void **state)
{
    void *b = small_tree();
    char path[512];
    size_t len;
    void *ref;

    (void)state;
    expect(b, fdt_totalsize(b), AXL_OK, NULL);
    /* A buffer larger than totalsize is fine. */
    expect(b, 4096, AXL_OK, NULL);
    free(b);
    snprintf(path, sizeof(path), "%s/base.dtb", t_ref_dir());
    ref = t_read_file(path, &len);
    expect(ref, len, AXL_OK, NULL);
    free(ref);
}

static void refuses_bad_headers(void **state)
{
    void *b = small_tree();
    size_t n = fdt_totalsize(b);
    char *c = malloc(n);

    (void)state;
    expect(b, 39, AXL_ERROR_FORMAT, "too few");
    memcpy(c, b, n);
    put32(c, 0, 0x12345678);
    expect(c, n, AXL_ERROR_FORMAT, "magic");
    /* Version 16 and older crash libfdt 1.6.1's walkers. */
    memcpy(c, b, n);
    put32(c, 20, 16);
    put32(c, 24, 16);
    expect(c, n, AXL_ERROR_FORMAT, "version 16");
    memcpy(c, b, n);
    put32(c, 20, 1);
    put32(c, 24, 1);
    expect(c, n, AXL_ERROR_FORMAT, "version 1");
    memcpy(c, b, n);
    put32(c, 24, 18);
    expect(c, n, AXL_ERROR_FORMAT, "compatible with 18");
    memcpy(c, b, n);
    put32(c, 4, (uint32_t)n + 1);
    expect(c, n, AXL_ERROR_FORMAT, "totalsize");
    put32(c, 4, 0xffffffffu);
    expect(c, n, AXL_ERROR_FORMAT, "totalsize");
    /* Offsets plus sizes that wrap in 32 bits. */
    memcpy(c, b, n);
    put32(c, 8, 0xfffffff0u);
    put32(c, 36, 0x20);
    expect(c, n, AXL_ERROR_FORMAT, "structure block");
    memcpy(c, b, n);
    put32(c, 36, 0xffffffffu);
    expect(c, n, AXL_ERROR_FORMAT, "structure block");
    memcpy(c, b, n);
    put32(c, 12, 0xffffff00u);
    put32(c, 32, 0x200);
    expect(c, n, AXL_ERROR_FORMAT, "strings block");
    memcpy(c, b, n);
    put32(c, 16, 41);
    expect(c, n, AXL_ERROR_FORMAT, "memreserve");
    /* The strings block over the structure block. */
    memcpy(c, b, n);
    put32(c, 12, fdt_off_dt_struct(b));
    expect(c, n, AXL_ERROR_FORMAT, "overlap");
    /* No terminating /memreserve/ entry before the structure block. */
    memcpy(c, b, n);
    memset(c + fdt_off_mem_rsvmap(b), 0xff, 16);
    expect(c, n, AXL_ERROR_FORMAT, "terminating");
    free(c);
    free(b);
}

static void refuses_bad_structure(void **state)
{
    void *b = small_tree();
    size_t n = fdt_totalsize(b), st = fdt_off_dt_struct(b);
    size_t end = st + fdt_size_dt_struct(b);
    char *c = malloc(n);

    (void)state;
    /* A property length that wraps the offset (libfdt 1.6.1 loops or
     * reaches memcpy with it). */
    memcpy(c, b, n);
    put32(c, prop_len_off(b, "p"), 0xfffffffcu);
    expect(c, n, AXL_ERROR_FORMAT, "runs past");
    memcpy(c, b, n);
    put32(c, prop_len_off(b, "p"), 0x7ffffffcu);
    expect(c, n, AXL_ERROR_FORMAT, "runs past");
    /* A name outside the strings block, and one without its NUL. */
    memcpy(c, b, n);
    put32(c, prop_len_off(b, "p") + 4, 0xfffffff0u);
    expect(c, n, AXL_ERROR_FORMAT, "strings");
    memcpy(c, b, n);
    put32(c, prop_len_off(b, "p") + 4, fdt_size_dt_strings(b) - 1);
    c[fdt_off_dt_strings(b) + fdt_size_dt_strings(b) - 1] = 'z';
    expect(c, n, AXL_ERROR_FORMAT, "strings");
    /* An unknown tag, a missing FDT_END, an extra FDT_END_NODE. */
    memcpy(c, b, n);
    put32(c, prop_len_off(b, "p") - 4, 7);
    expect(c, n, AXL_ERROR_FORMAT, "unknown tag");
    memcpy(c, b, n);
    put32(c, end - 4, FDT_NOP);
    expect(c, n, AXL_ERROR_FORMAT, "without FDT_END");
    memcpy(c, b, n);
    put32(c, end - 4, FDT_END_NODE);
    expect(c, n, AXL_ERROR_FORMAT, "FDT_END_NODE");
    /* Root not at offset 0, a node name past the block. */
    memcpy(c, b, n);
    put32(c, st, FDT_NOP);
    expect(c, n, AXL_ERROR_FORMAT, "root");
    memcpy(c, b, n);
    put32(c, 36, 6);
    expect(c, n, AXL_ERROR_FORMAT, "past");
    /* The property after subnode b: swap "b {" with the property. */
    {
        void *d = malloc(4096);

        assert_int_equal(fdt_create(d, 4096), 0);
        assert_int_equal(fdt_finish_reservemap(d), 0);
        assert_int_equal(fdt_begin_node(d, ""), 0);
        assert_int_equal(fdt_begin_node(d, "a"), 0);
        assert_int_equal(fdt_end_node(d), 0);
        assert_int_equal(fdt_property_u32(d, "late", 1), 0);
        assert_int_equal(fdt_end_node(d), 0);
        assert_int_equal(fdt_finish(d), 0);
        expect(d, fdt_totalsize(d), AXL_ERROR_FORMAT, "after a subnode");
        free(d);
    }
    free(c);
    free(b);
}

/* A chain of @levels nodes below the root, each a bus with an empty
 * ranges, and a reg at the bottom. */
static void *deep_tree(int levels, size_t *size_r)
{
    void *b = malloc(BUF);
    fdt32_t reg[4] = { 0, cpu_to_fdt32(0x10000000), 0,
                       cpu_to_fdt32(0x1000) };
    int i;

    assert_int_equal(fdt_create(b, BUF), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    for (i = 0; i < levels; i++) {
        char name[32];

        snprintf(name, sizeof(name), "bus%d", i);
        assert_int_equal(fdt_begin_node(b, name), 0);
        assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
        assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
        assert_int_equal(fdt_property(b, "ranges", NULL, 0), 0);
        if (i == levels - 1)
            assert_int_equal(fdt_property(b, "reg", reg, sizeof(reg)), 0);
    }
    for (i = 0; i < levels; i++)
        assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    *size_r = fdt_totalsize(b);
    return b;
}

static void depth_is_bounded(void **state)
{
    size_t size;
    void *b;

    (void)state;
    b = deep_tree(AXL__FDT_MAX_DEPTH, &size);
    expect(b, size, AXL_OK, NULL);
    free(b);
    b = deep_tree(AXL__FDT_MAX_DEPTH + 1, &size);
    expect(b, size, AXL_ERROR_FORMAT, "more than 64 levels below the root");
    free(b);
    b = deep_tree(10000, &size);
    expect(b, size, AXL_ERROR_FORMAT, "more than 64 levels below the root");
    free(b);
}

/* Every single-byte change of a real blob (over its header and a sample
 * of its body): the validator either refuses it or libfdt and dt-check
 * may walk it. */
static void damaged_blobs_never_crash(void **state)
{
    static const uint8_t vals[] = { 0x00, 0x01, 0x03, 0x09, 0x7f, 0x80,
                                    0xfe, 0xff };
    char path[512];
    size_t len, i, v;
    unsigned char *ref, *c;
    unsigned int refused = 0, accepted = 0;

    (void)state;
    snprintf(path, sizeof(path), "%s/pdt.dtb", t_ref_dir());
    ref = t_read_file(path, &len);
    c = malloc(len);
    for (i = 0; i < len; i += i < 64 ? 1 : 3) {
        for (v = 0; v < sizeof(vals); v++) {
            axl_dtcheck_report *rep = NULL;

            memcpy(c, ref, len);
            c[i] = vals[v];
            if (axl__fdt_validate(ctx, "t", c, len)) {
                refused++;
                continue;
            }
            accepted++;
            assert_int_equal(axl_dtcheck(ctx, c, len, NULL, &rep), 0);
            axl_dtcheck_report_free(rep);
        }
    }
    assert_true(refused > 0);
    assert_true(accepted > 0);
    free(c);
    free(ref);
}

/* A dt-check input of about 1 MiB: a /hypervisor node with @nr_regions
 * regions and @nr_devices devices below the root, all on one range (so
 * every region overlaps every device). */
static void *wide_tree(size_t nr_regions, size_t nr_devices, bool with_reg,
                       size_t *size_r)
{
    void *b = malloc(BUF);
    fdt32_t *reg = calloc(nr_regions, 16);
    fdt32_t dev[4] = { 0, cpu_to_fdt32(0x40000000), 0,
                       cpu_to_fdt32(0x10000000) };
    size_t i;

    assert_non_null(reg);
    for (i = 0; i < nr_regions; i++) {
        reg[i * 4 + 1] = cpu_to_fdt32(i ? 0x40000000 : 0x38000000);
        reg[i * 4 + 3] = cpu_to_fdt32(0x10000000);
    }
    assert_int_equal(fdt_create(b, BUF), 0);
    assert_int_equal(fdt_finish_reservemap(b), 0);
    assert_int_equal(fdt_begin_node(b, ""), 0);
    assert_int_equal(fdt_property_u32(b, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(b, "#size-cells", 2), 0);
    assert_int_equal(fdt_begin_node(b, "hypervisor"), 0);
    assert_int_equal(fdt_property(b, "compatible", "xen,xen-4.17\0xen,xen",
                                  21), 0);
    assert_int_equal(fdt_property(b, "reg", reg, (int)(nr_regions * 16)),
                     0);
    assert_int_equal(fdt_end_node(b), 0);
    for (i = 0; i < nr_devices; i++) {
        char name[32];

        snprintf(name, sizeof(name), "d%zx", i);
        assert_int_equal(fdt_begin_node(b, name), 0);
        if (with_reg)
            assert_int_equal(fdt_property(b, "reg", dev, sizeof(dev)), 0);
        assert_int_equal(fdt_end_node(b), 0);
    }
    assert_int_equal(fdt_end_node(b), 0);
    assert_int_equal(fdt_finish(b), 0);
    free(reg);
    *size_r = fdt_totalsize(b);
    return b;
}

/* dt-check of @b, timed; the report is checked for the finding cap. */
static unsigned int last_errors;

static double time_dtcheck(const void *b, size_t size, size_t *findings_r)
{
    axl_dtcheck_report *rep = NULL;
    double t0 = now(), t;

    assert_int_equal(axl_dtcheck(ctx, b, size, NULL, &rep), 0);
    t = now() - t0;
    *findings_r = rep->nr_findings;
    last_errors = rep->errors;
    axl_dtcheck_report_free(rep);
    return t;
}

/* The budget: 1 s for 1 MiB, in the sanitizer build the tests run. */
#define BUDGET 1.0

static void large_trees_are_linear(void **state)
{
    size_t size, nf;
    double t;
    void *b;

    (void)state;
    /* 100,000 nodes below the root (1.2 MiB). */
    b = wide_tree(2, 100000, false, &size);
    t = time_dtcheck(b, size, &nf);
    print_message("dt-check: 100k nodes, %zu bytes: %.3f s\n", size, t);
    assert_true(t < BUDGET);
    free(b);
    /* 24,000 devices over one region: the overlaps listed are capped
     * (16 and one "more" finding). */
    b = wide_tree(2, 24000, true, &size);
    t = time_dtcheck(b, size, &nf);
    print_message("dt-check: 24k devices on one region, %zu bytes: %.3f s, "
                  "%zu findings\n", size, t, nf);
    assert_true(t < BUDGET);
    assert_true(nf < 40);
    free(b);
    /* 16,000 regions over 16,000 devices: 256 million pairs. */
    b = wide_tree(16000, 16000, true, &size);
    t = time_dtcheck(b, size, &nf);
    print_message("dt-check: 16k regions x 16k devices, %zu bytes: %.3f s, "
                  "%zu findings\n", size, t, nf);
    assert_true(t < BUDGET);
    /* 1000 listed; every one counted (each region overlaps the one
     * before it and 16 devices, plus one "more"). */
    assert_int_equal(nf, 1000);
    assert_true(last_errors > 16000 * 17);
    free(b);
    b = deep_tree(AXL__FDT_MAX_DEPTH, &size);
    t = time_dtcheck(b, size, &nf);
    print_message("dt-check: %d levels: %.3f s\n", AXL__FDT_MAX_DEPTH, t);
    assert_true(t < BUDGET);
    free(b);
}

/* A /proc/device-tree directory of 20,000 distinct property names. */
static void wide_directories_are_linear(void **state)
{
    char dir[600], p[700];
    size_t size;
    double t;
    void *b;
    int i;

    (void)state;
    snprintf(dir, sizeof(dir), "%s", t_path("wide.d"));
    assert_int_equal(mkdir(dir, 0700), 0);
    for (i = 0; i < 20000; i++) {
        snprintf(p, sizeof(p), "%s/p%d", dir, i);
        t_write(p, "", 0);
    }
    t = now();
    assert_int_equal(axl_dt_from_dir(dir, &b, &size), 0);
    t = now() - t;
    print_message("directory of 20k names: %.3f s\n", t);
    assert_true(t < BUDGET);
    assert_int_equal(axl__fdt_validate(ctx, "dir", b, size), AXL_OK);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_good_trees),
        cmocka_unit_test(refuses_bad_headers),
        cmocka_unit_test(refuses_bad_structure),
        cmocka_unit_test(depth_is_bounded),
        cmocka_unit_test(damaged_blobs_never_crash),
        cmocka_unit_test(large_trees_are_linear),
        cmocka_unit_test(wide_directories_are_linear),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
