/*
 * axl_dtcheck(): the corpus of hand-made trees under tests/data/dtcheck
 * (each .dts says what it must give in "// expect: CODE REGION" lines,
 * REGION "-" for the node, and optionally "// page-size: 64K"), every
 * reference DTB from real libxl 4.17, every tree axl itself writes for
 * those configs (several policies), the API's edges, and random trees.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "testlib.h"
#include "testref.h"
#include "testrun.h"
#include "axl_cmd.h"

#define NR_CODES      (AXL_DTCHECK_NO_REGIONS + 1)
#define MIB           (UINT64_C(1) << 20)

static char corpus[512];
static const char *refdir;

static int setup(void **state)
{
    (void)state;
    snprintf(corpus, sizeof(corpus), "%s/tests/data/dtcheck", t_top());
    refdir = t_ref_dir();
    t_ref_inputs();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* Checks @blob; asserts the call itself succeeds and the report is
 * consistent with its findings. */
static axl_dtcheck_report *check(const void *blob, size_t len,
                                 uint64_t page_size)
{
    axl_dtcheck_options opts;
    axl_dtcheck_report *rep = NULL;
    axl_ctx *ctx;
    t_logger lg;
    unsigned int errors = 0, warnings = 0;
    size_t i;
    bool rejected = false;

    t_logger_init(&lg);
    axl_dtcheck_options_init(&opts);
    if (page_size)
        opts.page_size = page_size;
    assert_int_equal(axl_ctx_alloc(&ctx, &lg.vtable), 0);
    if (axl_dtcheck(ctx, blob, len, &opts, &rep))
        fail_msg("axl_dtcheck failed: %s", lg.last_error);
    axl_ctx_free(ctx);
    /* Library findings are never logged as errors or warnings. */
    assert_int_equal(lg.errors, 0);
    assert_int_equal(lg.warnings, 0);
    for (i = 0; i < rep->nr_findings; i++) {
        const axl_dtcheck_finding *f = &rep->findings[i];

        assert_int_equal(f->error, axl_dtcheck_code_is_error(f->code));
        f->error ? errors++ : warnings++;
        assert_non_null(f->message);
        assert_null(strchr(f->message, '\n'));
        assert_true(f->region == AXL_DTCHECK_NODE ||
                    f->region < rep->nr_regions);
        if (f->region != AXL_DTCHECK_NODE)
            assert_true(rep->regions[f->region].verdict >=
                        (f->error ? AXL_DTCHECK_ERROR
                                  : AXL_DTCHECK_WARNING));
        /* Node findings first, then by region. */
        if (i)
            assert_true(rep->findings[i - 1].region + 1 <= f->region + 1);
        rejected |= f->code == AXL_DTCHECK_UNSORTED ||
                    f->code == AXL_DTCHECK_OVERLAP_REGION;
    }
    assert_int_equal(rep->errors, errors);
    assert_int_equal(rep->warnings, warnings);
    for (i = 0; i < rep->nr_regions; i++) {
        assert_true(rep->regions[i].usable <= rep->regions[i].size);
        if (rep->regions[i].verdict == AXL_DTCHECK_OK) {
            size_t k;

            for (k = 0; k < rep->nr_findings; k++)
                assert_true(rep->findings[k].region != i);
        }
    }
    if (rejected)
        assert_false(rep->linux_accepts);
    if (!rep->linux_accepts)
        assert_int_equal(rep->usable_bytes, 0);
    return rep;
}

static void *compile_dts(const char *src, const char *name, size_t *len_r)
{
    const char *dtc = getenv("DTC");
    char out[600], cmd[2048];
    void *blob;

    snprintf(out, sizeof(out), "%s", t_path(name));
    snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb -o '%s' '%s'",
             dtc ? dtc : "dtc", out, src);
    if (system(cmd))
        fail_msg("dtc failed on %s", src);
    blob = t_read_file(out, len_r);
    return blob;
}

/* ---- the corpus -------------------------------------------------------- */

typedef struct expect {
    axl_dtcheck_code code;
    size_t region;
    bool matched;
} expect;

static bool code_from_string(const char *s, axl_dtcheck_code *code)
{
    int c;

    for (c = 0; c < NR_CODES; c++) {
        if (!strcmp(s, axl_dtcheck_code_to_string((axl_dtcheck_code)c))) {
            *code = (axl_dtcheck_code)c;
            return true;
        }
    }
    return false;
}

/* Reads the "// expect:" and "// page-size:" lines of @text. */
static size_t parse_expect(const char *name, const char *text, expect *e,
                           size_t max, uint64_t *page_size, bool *none)
{
    const char *line = text;
    size_t n = 0;

    *page_size = 0;
    *none = false;
    while (line && *line) {
        char code[64], region[32];

        if (sscanf(line, "// page-size: %31s", region) == 1) {
            *page_size = !strcmp(region, "64K") ? 65536
                         : !strcmp(region, "16K") ? 16384 : 4096;
        } else if (!strncmp(line, "// expect: none", 15)) {
            *none = true;
        } else if (sscanf(line, "// expect: %63s %31s", code, region) == 2) {
            assert_true(n < max);
            if (!code_from_string(code, &e[n].code))
                fail_msg("%s: unknown code \"%s\"", name, code);
            e[n].region = !strcmp(region, "-") ? AXL_DTCHECK_NODE
                                               : strtoul(region, NULL, 10);
            e[n].matched = false;
            n++;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    if (!n && !*none)
        fail_msg("%s: no \"// expect:\" line", name);
    return n;
}

static void one_case(const char *name, bool *seen_codes)
{
    char src[1024], out[300], text_buf[64];
    expect e[16];
    size_t len, tlen, n, i, k;
    uint64_t page_size;
    bool none;
    char *text;
    void *blob;
    axl_dtcheck_report *rep;

    snprintf(src, sizeof(src), "%s/%s", corpus, name);
    text = t_read_file(src, &tlen);
    n = parse_expect(name, text, e, 16, &page_size, &none);
    free(text);
    snprintf(out, sizeof(out), "%s.dtb", name);
    blob = compile_dts(src, out, &len);
    rep = check(blob, len, page_size);
    for (i = 0; i < rep->nr_findings; i++) {
        const axl_dtcheck_finding *f = &rep->findings[i];

        seen_codes[f->code] = true;
        for (k = 0; k < n; k++) {
            if (!e[k].matched && e[k].code == f->code &&
                e[k].region == f->region) {
                e[k].matched = true;
                break;
            }
        }
        if (k == n)
            fail_msg("%s: unexpected finding %s: %s", name,
                     axl_dtcheck_code_to_string(f->code), f->message);
    }
    for (k = 0; k < n; k++) {
        if (e[k].region == AXL_DTCHECK_NODE)
            snprintf(text_buf, sizeof(text_buf), "-");
        else
            snprintf(text_buf, sizeof(text_buf), "%zu", e[k].region);
        if (!e[k].matched)
            fail_msg("%s: expected %s %s, not found", name,
                     axl_dtcheck_code_to_string(e[k].code), text_buf);
    }
    axl_dtcheck_report_free(rep);
    free(blob);
}

static void corpus_matches_expectations(void **state)
{
    bool seen[NR_CODES] = { false };
    DIR *d;
    struct dirent *de;
    int n = 0, c;

    (void)state;
    d = opendir(corpus);
    assert_non_null(d);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);

        if (l < 5 || strcmp(de->d_name + l - 4, ".dts"))
            continue;
        print_message("dtcheck case %s\n", de->d_name);
        one_case(de->d_name, seen);
        n++;
    }
    closedir(d);
    assert_true(n >= 39);
    /* Every error and every warning has a tree that shows it. */
    for (c = 0; c < NR_CODES; c++)
        if (!seen[c])
            fail_msg("no corpus case gives %s",
                     axl_dtcheck_code_to_string((axl_dtcheck_code)c));
}

/* ---- what the reports say, beyond the codes --------------------------- */

static axl_dtcheck_report *check_case(const char *name, uint64_t page_size)
{
    char src[1024], out[300];
    size_t len;
    void *blob;
    axl_dtcheck_report *rep;

    snprintf(src, sizeof(src), "%s/%s.dts", corpus, name);
    snprintf(out, sizeof(out), "%s.dtb", name);
    blob = compile_dts(src, out, &len);
    rep = check(blob, len, page_size);
    free(blob);
    return rep;
}

static const axl_dtcheck_finding *find(const axl_dtcheck_report *rep,
                                       axl_dtcheck_code code)
{
    size_t i;

    for (i = 0; i < rep->nr_findings; i++)
        if (rep->findings[i].code == code)
            return &rep->findings[i];
    fail_msg("no %s finding", axl_dtcheck_code_to_string(code));
    return NULL;
}

static void report_details(void **state)
{
    axl_dtcheck_report *rep;
    const axl_dtcheck_finding *f;

    (void)state;
    rep = check_case("ok-guest", 0);
    assert_true(rep->has_hypervisor);
    assert_true(rep->has_version);
    assert_int_equal(rep->xen_major, 4);
    assert_int_equal(rep->xen_minor, 17);
    assert_int_equal(rep->address_cells, 2);
    assert_int_equal(rep->size_cells, 2);
    assert_int_equal(rep->nr_regions, 3);
    assert_int_equal(rep->regions[0].start, 0x38000000);
    assert_int_equal(rep->regions[0].size, 16 * MIB);
    assert_int_equal(rep->regions[0].usable, 0);
    assert_int_equal(rep->regions[1].usable, 0xb0000000);
    assert_int_equal(rep->ext_bytes, 0xb0000000 + UINT64_C(0xfe00000000));
    assert_int_equal(rep->usable_bytes, rep->ext_bytes);
    assert_int_equal(rep->section_size, 128 * MIB);
    assert_true(rep->linux_accepts);
    axl_dtcheck_report_free(rep);

    /* Touching regions are one run for Linux: the section straddles. */
    rep = check_case("ok-touching", 0);
    assert_int_equal(rep->regions[1].usable, 64 * MIB);
    assert_int_equal(rep->regions[2].usable, 64 * MIB);
    assert_int_equal(rep->usable_bytes, 128 * MIB);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-gnttab-small", 0);
    f = find(rep, AXL_DTCHECK_GNTTAB_SMALL);
    assert_non_null(strstr(f->message, "2 KiB"));
    assert_int_equal(rep->regions[0].verdict, AXL_DTCHECK_ERROR);
    assert_int_equal(rep->regions[1].verdict, AXL_DTCHECK_OK);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-overlap-device-bus", 0);
    f = find(rep, AXL_DTCHECK_OVERLAP_DEVICE);
    assert_string_equal(f->path, "/passthrough/dev@1000");
    assert_int_equal(f->range.start, 0x90001000);
    assert_int_equal(f->range.last, 0x90001fff);
    assert_int_equal(f->other, 0);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-overlap-pci", 0);
    f = find(rep, AXL_DTCHECK_OVERLAP_PCI);
    assert_string_equal(f->path, "/pcie@10000000");
    assert_int_equal(f->range.start, 0x60000000);
    assert_int_equal(f->range.last, 0x6fffffff);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-overlap-memreserve", 0);
    f = find(rep, AXL_DTCHECK_OVERLAP_RESERVED);
    assert_null(f->path);
    assert_int_equal(f->range.start, 0x80000000);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-unsorted", 0);
    f = find(rep, AXL_DTCHECK_UNSORTED);
    assert_int_equal(f->region, 2);
    assert_int_equal(f->other, 1);
    assert_false(rep->linux_accepts);
    assert_int_equal(rep->usable_bytes, 0);
    /* Each region on its own still has sections. */
    assert_true(rep->regions[1].usable > 0);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-overlap-regions-apart", 0);
    assert_int_equal(rep->findings[1].region, 3);
    assert_int_equal(rep->findings[1].other, 1);
    axl_dtcheck_report_free(rep);

    rep = check_case("err-hypervisor-unit-address", 0);
    assert_false(rep->has_hypervisor);
    assert_int_equal(rep->nr_regions, 0);
    assert_non_null(strstr(rep->findings[0].message,
                           "/hypervisor@38000000"));
    axl_dtcheck_report_free(rep);

    /* The node's findings come before the regions'. */
    rep = check_case("err-several", 0);
    assert_int_equal(rep->findings[0].code, AXL_DTCHECK_COMPATIBLE);
    assert_int_equal(rep->findings[0].region, AXL_DTCHECK_NODE);
    assert_int_equal(rep->findings[1].region, 1);
    axl_dtcheck_report_free(rep);

    /* The 64K case is fine with smaller pages. */
    rep = check_case("warn-no-section-64k", 16384);
    assert_int_equal(rep->nr_findings, 0);
    assert_int_equal(rep->section_size, 128 * MIB);
    axl_dtcheck_report_free(rep);
    rep = check_case("warn-no-section-64k", 65536);
    assert_int_equal(rep->section_size, 512 * MIB);
    assert_int_equal(rep->regions[1].usable, 0);
    axl_dtcheck_report_free(rep);
}

/* ---- real libxl 4.17, and axl's own trees ------------------------------ */

static bool has_cfg(const char *dtb_name)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%.*s.cfg", refdir,
             (int)(strlen(dtb_name) - 4), dtb_name);
    f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

static void libxl_references_pass(void **state)
{
    DIR *d;
    struct dirent *de;
    int n = 0;

    (void)state;
    d = opendir(refdir);
    assert_non_null(d);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name), len;
        char path[1024];
        void *blob;
        axl_dtcheck_report *rep;

        if (l < 5 || strcmp(de->d_name + l - 4, ".dtb"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", refdir, de->d_name);
        blob = t_read_file(path, &len);
        rep = check(blob, len, 0);
        print_message("reference %s: %u errors, %u warnings\n", de->d_name,
                      rep->errors, rep->warnings);
        if (!has_cfg(de->d_name)) {
            /* partial.dtb is the device_tree= input, not a guest's tree:
             * it must be told apart. */
            assert_string_equal(de->d_name, "partial.dtb");
            assert_int_equal(rep->nr_findings, 1);
            assert_int_equal(rep->findings[0].code,
                             AXL_DTCHECK_NO_HYPERVISOR);
        } else if (!strcmp(de->d_name, "mem3000.dtb")) {
            /* libxl's 72 MiB bank-0 tail: true, and only a warning. */
            assert_int_equal(rep->errors, 0);
            assert_int_equal(rep->nr_findings, 1);
            assert_int_equal(rep->findings[0].code, AXL_DTCHECK_NO_SECTION);
            assert_int_equal(rep->findings[0].region, 1);
        } else {
            if (rep->nr_findings)
                fail_msg("%s: %s", de->d_name, rep->findings[0].message);
        }
        axl_dtcheck_report_free(rep);
        free(blob);
        n++;
    }
    closedir(d);
    assert_int_equal(n, 15);
}

/* axl's tree passes, and dt-check reads back the regions axl computed. */
static void one_axl_tree(const char *name, const char *e1, const char *e2)
{
    axl_guest *g = t_ref_build(name, e1, e2);
    const axl_range *r;
    const void *blob;
    axl_dtcheck_report *rep;
    size_t len, nr, i;

    blob = axl_guest_dtb(g, &len);
    rep = check(blob, len, 0);
    if (rep->errors)
        fail_msg("axl dt %s %s %s: %s", name, e1 ? e1 : "", e2 ? e2 : "",
                 rep->findings[0].message);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(rep->nr_regions, nr + 1);
    for (i = 0; i < nr; i++) {
        assert_int_equal(rep->regions[i + 1].start, r[i].start);
        assert_int_equal(rep->regions[i + 1].size, r[i].last - r[i].start + 1);
    }
    assert_true(rep->linux_accepts);
    axl_dtcheck_report_free(rep);
    axl_guest_free(g);
}

static void axl_trees_pass(void **state)
{
    static const char *const variants[][2] = {
        { NULL, NULL },
        { "ext_regions=\"holes\"", NULL },
        { "ext_regions=\"none\"", NULL },
        { "ext_regions=\"holes\"", "ext_regions_align=\"128M\"" },
        /* A device mapped into a bank tail (libxl 4.17 gets it wrong). */
        { "iomem=[\"9000,10@80000\"]", NULL },
        { "iomem=[\"9000,10@80000\"]", "ext_regions=\"holes\"" },
    };
    DIR *d;
    struct dirent *de;
    int n = 0;
    size_t v;

    (void)state;
    d = opendir(refdir);
    assert_non_null(d);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        char name[256];

        if (l < 5 || strcmp(de->d_name + l - 4, ".cfg"))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(l - 4), de->d_name);
        for (v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
            one_axl_tree(name, variants[v][0], variants[v][1]);
        n++;
    }
    closedir(d);
    assert_int_equal(n, 14);
}

/* With the "holes" policy axl advertises space between the devices, so
 * the tree is only right if every device was cut out: the pdt, vuart and
 * GIC windows are all near the regions. */
static void axl_holes_avoid_devices(void **state)
{
    axl_guest *g = t_ref_build("vuart", "ext_regions=\"holes\"", NULL);
    const void *blob;
    axl_dtcheck_report *rep;
    size_t len, i;
    bool below_gic = false;

    (void)state;
    blob = axl_guest_dtb(g, &len);
    rep = check(blob, len, 0);
    assert_int_equal(rep->errors, 0);
    for (i = 1; i < rep->nr_regions; i++)
        below_gic |= rep->regions[i].start < 0x38000000;
    assert_true(below_gic);
    axl_dtcheck_report_free(rep);
    axl_guest_free(g);
}

/* ---- the API's edges --------------------------------------------------- */

static void api_edges(void **state)
{
    axl_dtcheck_options opts;
    axl_dtcheck_report *rep = NULL;
    axl_ctx *ctx;
    t_logger lg;
    char path[1024], junk[256];
    void *blob;
    size_t len;
    int c;

    (void)state;
    snprintf(path, sizeof(path), "%s/base.dtb", refdir);
    blob = t_read_file(path, &len);
    t_logger_init(&lg);
    assert_int_equal(axl_ctx_alloc(&ctx, &lg.vtable), 0);

    axl_dtcheck_options_init(&opts);
    assert_int_equal(opts.page_size, 4096);
    opts.page_size = 8192;
    assert_int_equal(axl_dtcheck(ctx, blob, len, &opts, &rep),
                     AXL_ERROR_INVAL);
    assert_null(rep);
    assert_non_null(strstr(lg.last_error, "page size"));
    assert_int_equal(axl_dtcheck(ctx, NULL, len, NULL, &rep),
                     AXL_ERROR_INVAL);
    assert_int_equal(axl_dtcheck(ctx, blob, len, NULL, NULL),
                     AXL_ERROR_INVAL);

    /* Not a blob, a truncated blob, a blob with a broken structure. */
    memset(junk, 'x', sizeof(junk));
    assert_int_equal(axl_dtcheck(ctx, junk, sizeof(junk), NULL, &rep),
                     AXL_ERROR_FORMAT);
    assert_non_null(strstr(lg.last_error, "not a valid device tree"));
    assert_int_equal(axl_dtcheck(ctx, junk, 3, NULL, &rep),
                     AXL_ERROR_FORMAT);
    assert_int_equal(axl_dtcheck(ctx, blob, len / 2, NULL, &rep),
                     AXL_ERROR_FORMAT);
    memset((char *)blob + fdt_off_dt_struct(blob) + 8, 0xff, 8);
    assert_int_equal(axl_dtcheck(ctx, blob, len, NULL, &rep),
                     AXL_ERROR_FORMAT);
    assert_null(rep);

    /* NULL logger, NULL options: fine. */
    free(blob);
    blob = t_read_file(path, &len);
    axl_ctx_free(ctx);
    assert_int_equal(axl_ctx_alloc(&ctx, NULL), 0);
    assert_int_equal(axl_dtcheck(ctx, blob, len, NULL, &rep), AXL_OK);
    assert_int_equal(rep->page_size, 4096);
    axl_dtcheck_report_free(rep);
    axl_dtcheck_report_free(NULL);
    axl_ctx_free(ctx);
    free(blob);

    /* Code names: distinct, known; errors before warnings. */
    for (c = 0; c < NR_CODES; c++) {
        const char *s = axl_dtcheck_code_to_string((axl_dtcheck_code)c);
        int k;

        assert_string_not_equal(s, "unknown");
        for (k = 0; k < c; k++)
            assert_string_not_equal(s, axl_dtcheck_code_to_string(
                                           (axl_dtcheck_code)k));
        assert_int_equal(axl_dtcheck_code_is_error((axl_dtcheck_code)c),
                         c < AXL_DTCHECK_UNALIGNED);
    }
    assert_string_equal(axl_dtcheck_code_to_string((axl_dtcheck_code)99),
                        "unknown");
}

/* ---- random trees ------------------------------------------------------ */

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A value near the interesting places: 0, 2^64, section edges. */
static uint64_t rnd_addr(void)
{
    switch (rnd() % 6) {
    case 0: return rnd();
    case 1: return UINT64_MAX - (rnd() % (256 * MIB));
    case 2: return (rnd() % 64) * 128 * MIB;
    case 3: return 0x38000000 + (rnd() % 4) * 0x800;
    default: return 0x40000000 + (rnd() % 0x100000) * 0x1000;
    }
}

static uint64_t rnd_size(void)
{
    switch (rnd() % 5) {
    case 0: return 0;
    case 1: return rnd();
    case 2: return (rnd() % 16) * 64 * MIB;
    default: return (rnd() % 0x40000 + 1) * 0x1000;
    }
}

/* Random regions on top of a libxl tree, and random bytes through one:
 * the report stays consistent (check()) and nothing crashes. */
static void random_trees(void **state)
{
    char path[1024];
    void *ref, *buf;
    size_t len, size, i;
    int round;

    (void)state;
    snprintf(path, sizeof(path), "%s/pdt.dtb", refdir);
    ref = t_read_file(path, &len);
    size = len + 64 * 1024;
    buf = malloc(size);
    assert_non_null(buf);
    for (round = 0; round < 400; round++) {
        fdt64_t reg[2 * 40];
        size_t n = rnd() % 40;
        int node;
        axl_dtcheck_report *rep;

        assert_int_equal(fdt_open_into(ref, buf, (int)size), 0);
        node = fdt_path_offset(buf, "/hypervisor");
        assert_true(node >= 0);
        for (i = 0; i < n; i++) {
            reg[2 * i] = cpu_to_fdt64(rnd_addr());
            reg[2 * i + 1] = cpu_to_fdt64(rnd_size());
        }
        assert_int_equal(fdt_setprop(buf, node, "reg", reg,
                                     (int)(n * 16)), 0);
        rep = check(buf, size, (rnd() & 1) ? 65536 : 4096);
        if (n == 0)
            assert_int_equal(rep->findings[0].code, AXL_DTCHECK_NO_GNTTAB);
        else
            assert_int_equal(rep->nr_regions, n);
        axl_dtcheck_report_free(rep);
    }
    /* Bytes flipped anywhere: a clean FORMAT error or a report. */
    for (round = 0; round < 400; round++) {
        axl_dtcheck_report *rep = NULL;
        axl_ctx *ctx;
        int rc;

        memcpy(buf, ref, len);
        for (i = 0; i < 1 + rnd() % 4; i++)
            ((unsigned char *)buf)[rnd() % len] = (unsigned char)rnd();
        assert_int_equal(axl_ctx_alloc(&ctx, NULL), 0);
        rc = axl_dtcheck(ctx, buf, len, NULL, &rep);
        assert_true(rc == AXL_OK || rc == AXL_ERROR_FORMAT);
        assert_true((rc == AXL_OK) == (rep != NULL));
        axl_dtcheck_report_free(rep);
        axl_ctx_free(ctx);
    }
    free(buf);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_matches_expectations),
        cmocka_unit_test(report_details),
        cmocka_unit_test(libxl_references_pass),
        cmocka_unit_test(axl_trees_pass),
        cmocka_unit_test(axl_holes_avoid_devices),
        cmocka_unit_test(api_edges),
        cmocka_unit_test(random_trees),
    };

    return cmocka_run_group_tests_name("dtcheck", tests, setup, teardown);
}
