/*
 * axl dt-check from outside, and its input reader: a table of command
 * lines run as the binary $AXL (exit code, the one "axl: error:" or
 * "axl: warning:" line, what stdout holds), the JSON document parsed back
 * with exact numbers, and /proc/device-tree-style directories made from
 * real trees read back into equivalent blobs.
 *
 * Placeholders in arguments: {T} the temporary directory (every corpus
 * case compiled there as NAME.dtb, plus the inputs made by setup), {R}
 * the libxl 4.17 reference directory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>
#include <yajl/yajl_tree.h>

#include "testlib.h"
#include "testref.h"
#include "testrun.h"
#include "axl_cmd.h"
#include "axl_dtread.h"

static char corpus[512];
static const char *refdir;

/* ---- helpers ----------------------------------------------------------- */

static void compile(const char *src, const char *out)
{
    const char *dtc = getenv("DTC");
    char cmd[4096];

    snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb -o '%s' '%s'",
             dtc ? dtc : "dtc", out, src);
    if (system(cmd))
        fail_msg("dtc failed on %s", src);
}

/* Writes @fdt's node @node as directory @path, as Linux shows a tree in
 * /proc/device-tree: a file per property, a directory per subnode, and a
 * "name" file in every node but the root. */
static void write_dir(const void *fdt, int node, const char *path)
{
    int prop, child;

    assert_int_equal(mkdir(path, 0755), 0);
    fdt_for_each_property_offset(prop, fdt, node) {
        const char *name;
        const void *val;
        int len;
        char file[1024];

        val = fdt_getprop_by_offset(fdt, prop, &name, &len);
        assert_non_null(val);
        snprintf(file, sizeof(file), "%s/%s", path, name);
        t_write(file, val, (size_t)len);
    }
    if (node) {
        const char *name = fdt_get_name(fdt, node, NULL);
        char file[1024];

        snprintf(file, sizeof(file), "%s/name", path);
        t_write(file, name, strcspn(name, "@") + 1);
    }
    fdt_for_each_subnode(child, fdt, node) {
        char sub[1024];

        snprintf(sub, sizeof(sub), "%s/%s", path,
                 fdt_get_name(fdt, child, NULL));
        write_dir(fdt, child, sub);
    }
}

static void dir_from_dtb(const char *dtb, const char *dir)
{
    size_t len;
    char *blob = t_slurp(dtb, &len);

    assert_non_null(blob);
    assert_int_equal(fdt_check_full(blob, len), 0);
    write_dir(blob, 0, dir);
    free(blob);
}

static int setup(void **state)
{
    DIR *d;
    struct dirent *de;
    char src[1024], out[1024];
    size_t len;
    char *blob;

    (void)state;
    snprintf(corpus, sizeof(corpus), "%s/tests/data/dtcheck", t_top());
    refdir = t_ref_dir();
    d = opendir(corpus);
    assert_non_null(d);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);

        if (l < 5 || strcmp(de->d_name + l - 4, ".dts"))
            continue;
        snprintf(src, sizeof(src), "%s/%s", corpus, de->d_name);
        snprintf(out, sizeof(out), "%s/%.*s.dtb", t_tmpdir(), (int)(l - 4),
                 de->d_name);
        compile(src, out);
    }
    closedir(d);

    t_write(t_path("text.txt"), "hello, world\n", 13);
    t_write(t_path("empty"), "", 0);
    snprintf(src, sizeof(src), "%s/base.dtb", refdir);
    blob = t_slurp(src, &len);
    assert_non_null(blob);
    t_write(t_path("trunc.dtb"), blob, len / 2);
    /* A good header over a broken structure block. */
    memset(blob + fdt_off_dt_struct(blob) + 8, 0xff, 8);
    t_write(t_path("broken.dtb"), blob, len);
    free(blob);
    dir_from_dtb(src, t_path("dir-base"));
    dir_from_dtb(t_path("err-overlap-memory.dtb"), t_path("dir-overlap"));
    assert_int_equal(mkdir(t_path("dir-empty"), 0755), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* ---- the table --------------------------------------------------------- */

#define MAX_ARGS 8

typedef struct row {
    const char *name;
    const char *argv[MAX_ARGS];     /* after argv[0] */
    const char *in;                 /* standard input, or NULL */
    int status;
    /* The one error line (failures) or warning line (successes) holds
     * this; NULL: nothing on stderr. */
    const char *line;
    /* stdout holds this; NULL: stdout is empty. */
    const char *out;
} row;

#define OK  0
#define JOB EXIT_JOB_FAILED
#define USE EXIT_USAGE
#define DC  "dt-check"

static const row rows[] = {
    /* ---- trees that pass ---- */
    { "libxl tree", { DC, "{R}/base.dtb" }, NULL, OK, NULL,
      "Result: PASS (0 errors, 0 warnings)" },
    { "libxl tree, json", { DC, "--json", "{R}/base.dtb" }, NULL, OK, NULL,
      "\"result\": \"pass\"" },
    { "dom0-like tree", { DC, "{T}/ok-dom0.dtb" }, NULL, OK, NULL,
      "Result: PASS" },
    { "touching regions", { DC, "{T}/ok-touching.dtb" }, NULL, OK, NULL,
      "usable by arm64 Linux with 4 KiB pages (128 MiB sections): 128 MiB" },
    { "--page-size 16k", { DC, "--page-size", "16k",
      "{T}/warn-no-section-64k.dtb" }, NULL, OK, NULL, "16 KiB pages" },
    { "--page-size=65536", { DC, "--page-size=65536", "{T}/ok-64k.dtb" },
      NULL, OK, NULL, "(512 MiB sections)" },
    { "standard input", { DC, "-" }, "{R}/vuart.dtb", OK, NULL,
      "Device tree -" },
    { "directory", { DC, "{T}/dir-base" }, NULL, OK, NULL,
      "Result: PASS (0 errors, 0 warnings)" },
    { "--help", { DC, "--help" }, NULL, OK, NULL, "usage: axl dt-check" },
    { "axl help dt-check", { "help", DC }, NULL, OK, NULL,
      "usage: axl dt-check [--json] [--page-size 4K|16K|64K] [--strict]" },

    /* ---- warnings ---- */
    { "warning: no section", { DC, "{R}/mem3000.dtb" }, NULL, OK,
      "mem3000.dtb: region 1 (0xfb800000-0xffffffff, 72 MiB) holds no "
      "128 MiB-aligned 128 MiB section", "warning: no-section" },
    { "warning: two of them", { DC, "{T}/warn-small.dtb" }, NULL, OK,
      "is smaller than 64 MiB (and 1 more warning)", "warning: small, "
      "no-section" },
    { "warning: none at all", { DC, "{T}/warn-no-regions.dtb" }, NULL, OK,
      "no extended regions", "Extended regions: 0, 0 B" },
    { "warning: 64K pages", { DC, "--page-size", "64K",
      "{T}/warn-no-section-64k.dtb" }, NULL, OK,
      "no 512 MiB-aligned 512 MiB section: arm64 Linux with 64 KiB pages",
      "Result: PASS (0 errors, 1 warning)" },
    { "warning: --strict", { DC, "--strict", "{R}/mem3000.dtb" }, NULL, JOB,
      "mem3000.dtb: --strict: region 1", "Result: FAIL (0 errors, "
      "1 warning, --strict)" },
    { "warning: --strict --json", { DC, "--json", "--strict",
      "{T}/warn-unaligned.dtb" }, NULL, JOB, "--strict: region 1",
      "\"result\": \"fail\"" },

    /* ---- errors in the tree: the report, and one error line ---- */
    { "error: overlaps RAM", { DC, "{T}/err-overlap-memory.dtb" }, NULL, JOB,
      "overlaps RAM /memory@40000000 reg[0] (0x40000000-0x4fffffff)",
      "error: overlap-memory" },
    { "error: json", { DC, "--json", "{T}/err-unsorted.dtb" }, NULL, JOB,
      "starts below region 1", "\"code\": \"unsorted\"" },
    { "error: several", { DC, "{T}/err-several.dtb" }, NULL, JOB,
      "/hypervisor compatible is \"xen,xen\", not \"xen,xen-X.Y\", "
      "\"xen,xen\": Linux reads the Xen version from the first string (and "
      "3 more errors)", "Result: FAIL (4 errors, 0 warnings)" },
    { "error: grant table too small", { DC, "{T}/err-gnttab-small.dtb" }, NULL,
      JOB, "is 2 KiB, smaller than one 4 KiB grant frame",
      "error: grant-table-small" },
    { "error: not a guest tree", { DC, "{R}/partial.dtb" }, NULL, JOB,
      "no top-level node named \"hypervisor\"", "/hypervisor: none" },
    { "error: device behind a bus", { DC, "{T}/err-overlap-device-bus.dtb" },
      NULL, JOB, "overlaps device /passthrough/dev@1000 reg[0] "
      "(0x90001000-0x90001fff)", "error: overlap-device" },
    { "error: PCI window", { DC, "{T}/err-overlap-pci.dtb" }, NULL, JOB,
      "overlaps PCI host bridge /pcie@10000000 ranges[0]", "overlap-pci" },
    { "error: beyond the cells", { DC, "{T}/err-beyond-cells.dtb" }, NULL,
      JOB, "ends beyond 0xffffffff", "beyond-address-cells" },
    { "error: in a directory", { DC, "{T}/dir-overlap" }, NULL, JOB,
      "overlaps RAM", "Result: FAIL" },
    { "error: empty directory", { DC, "{T}/dir-empty" }, NULL, JOB,
      "no top-level node named \"hypervisor\"", "Result: FAIL" },

    /* ---- input that is no tree: one error line, nothing on stdout ---- */
    { "input: missing", { DC, "{T}/nonexistent.dtb" }, NULL, JOB,
      "nonexistent.dtb: No such file or directory", NULL },
    { "input: text", { DC, "{T}/text.txt" }, NULL, JOB,
      "text.txt: not a device tree blob (nor a directory like "
      "/proc/device-tree)", NULL },
    { "input: empty", { DC, "{T}/empty" }, NULL, JOB,
      "not a device tree blob", NULL },
    { "input: truncated", { DC, "{T}/trunc.dtb" }, NULL, JOB,
      "trunc.dtb: truncated: its header says", NULL },
    { "input: broken structure", { DC, "{T}/broken.dtb" }, NULL, JOB,
      "not a valid device tree blob", NULL },
    { "input: text on stdin", { DC, "-" }, "{T}/text.txt", JOB,
      "standard input: not a device tree blob", NULL },

    /* ---- the command line ---- */
    { "usage: no FILE", { DC }, NULL, USE, "dt-check: no FILE given", NULL },
    { "usage: two FILEs", { DC, "{R}/base.dtb", "{R}/vuart.dtb" }, NULL, USE,
      "dt-check: one FILE only, not also", NULL },
    { "usage: bad page size", { DC, "--page-size", "8K", "{R}/base.dtb" },
      NULL, USE, "--page-size: \"8K\" is not 4K, 16K or 64K", NULL },
    { "usage: page size in bytes", { DC, "--page-size", "4k0",
      "{R}/base.dtb" }, NULL, USE, "is not 4K, 16K or 64K", NULL },
    { "usage: page size without value", { DC, "{R}/base.dtb",
      "--page-size" }, NULL, USE, "one FILE only", NULL },
    { "usage: option needs a value", { DC, "--page-size" }, NULL, USE,
      "dt-check: option \"--page-size\" needs a value", NULL },
    { "usage: unknown long option", { DC, "--frob", "{R}/base.dtb" }, NULL,
      USE, "dt-check: unknown option \"--frob\"", NULL },
    { "usage: unknown short option", { DC, "-x", "{R}/base.dtb" }, NULL,
      USE, "dt-check: unknown option \"-x\"", NULL },
    { "usage: value for a flag", { DC, "--json=yes", "{R}/base.dtb" }, NULL,
      USE, "dt-check: unknown option \"--json=yes\"", NULL },
};

#define NR_ROWS (sizeof(rows) / sizeof(rows[0]))

static void expand(const char *in, char *buf, size_t len)
{
    static const char *const names[] = { "{T}", "{R}" };
    const char *const values[] = { t_tmpdir(), refdir };

    t_expand(in, names, values, 2, buf, len);
}

/* A stuck command fails its row after 60 s. */
static void run(char **argv, const char *in, t_result *res)
{
    t_run_opts opts = { in, NULL, 60 };

    t_run(argv, &opts, res);
}

/* Counts "axl: error:" and "axl: warning:" lines; any other line fails.
 * *first_r: the first counted line. */
static void scan_stderr(const char *err, unsigned int *errors,
                        unsigned int *warnings, char *first, size_t len)
{
    const char *line = err;

    *errors = *warnings = 0;
    first[0] = '\0';
    while (*line) {
        size_t l = strcspn(line, "\n");

        if (!strncmp(line, "axl: error: ", 12))
            (*errors)++;
        else if (!strncmp(line, "axl: warning: ", 14))
            (*warnings)++;
        else
            fail_msg("stderr line not from axl's logger: \"%.*s\"", (int)l,
                     line);
        if (!first[0])
            snprintf(first, len, "%.*s", (int)l, line);
        line += l;
        if (*line)
            line++;
    }
}

static void run_row(void **state)
{
    const row *r = *state;
    char args[MAX_ARGS][1024], in[1024], want[1024], first[2048];
    char *argv[MAX_ARGS + 2], *out, *err;
    unsigned int errors, warnings;
    size_t out_len, i;
    t_result res;
    int st;

    argv[0] = getenv("AXL");
    assert_non_null(argv[0]);
    for (i = 0; r->argv[i]; i++) {
        expand(r->argv[i], args[i], sizeof(args[i]));
        argv[i + 1] = args[i];
    }
    argv[i + 1] = NULL;
    if (r->in)
        expand(r->in, in, sizeof(in));
    run(argv, r->in ? in : NULL, &res);
    st = res.status;
    out = res.out;
    out_len = res.out_len;
    err = res.err;
    if (!WIFEXITED(st))
        fail_msg("killed by signal %d\nstderr: %s", WTERMSIG(st), err);
    if (WEXITSTATUS(st) != r->status)
        fail_msg("exit code %d, expected %d\nstderr: %s", WEXITSTATUS(st),
                 r->status, err);
    scan_stderr(err, &errors, &warnings, first, sizeof(first));
    if (r->status != OK) {
        if (errors != 1 || warnings)
            fail_msg("%u error and %u warning lines, expected one error\n"
                     "stderr: %s", errors, warnings, err);
    } else if (errors || warnings != (r->line ? 1u : 0u)) {
        fail_msg("%u error and %u warning lines, expected %s\nstderr: %s",
                 errors, warnings, r->line ? "one warning" : "none", err);
    }
    if (r->line) {
        expand(r->line, want, sizeof(want));
        if (!strstr(first, want))
            fail_msg("the line \"%s\" does not contain \"%s\"", first, want);
    }
    if (r->out && !strstr(out, r->out))
        fail_msg("stdout does not contain \"%s\":\n%s", r->out, out);
    if (!r->out && out_len)
        fail_msg("stdout is not empty:\n%s", out);
    t_result_dispose(&res);
}

/* ---- the JSON document -------------------------------------------------- */

static yajl_val get(yajl_val v, const char *k1, const char *k2)
{
    const char *path[3] = { k1, k2, NULL };
    yajl_val r = yajl_tree_get(v, path, yajl_t_any);

    if (!r)
        fail_msg("no \"%s%s%s\" in the JSON document", k1, k2 ? "." : "",
                 k2 ? k2 : "");
    return r;
}

/* Numbers are compared as text: exact beyond 2^63 too. */
static void num_is(yajl_val v, const char *want)
{
    assert_true(YAJL_IS_NUMBER(v));
    assert_string_equal(YAJL_GET_NUMBER(v), want);
}

static yajl_val run_json(const char *file, const char *opt, int status)
{
    char *argv[6], ebuf[256];
    t_result res;
    yajl_val doc;
    int n = 0;

    argv[n++] = getenv("AXL");
    argv[n++] = (char *)DC;
    argv[n++] = (char *)"--json";
    if (opt)
        argv[n++] = (char *)opt;
    argv[n++] = (char *)file;
    argv[n] = NULL;
    run(argv, NULL, &res);
    assert_true(WIFEXITED(res.status));
    assert_int_equal(WEXITSTATUS(res.status), status);
    doc = yajl_tree_parse(res.out, ebuf, sizeof(ebuf));
    if (!doc)
        fail_msg("not JSON (%s):\n%s", ebuf, res.out);
    t_result_dispose(&res);
    return doc;
}

static void json_document(void **state)
{
    yajl_val doc, regs, finds, f, occ;

    (void)state;
    doc = run_json(t_path("err-several.dtb"), NULL, JOB);
    assert_true(YAJL_IS_FALSE(get(doc, "linux_accepts", NULL)));
    assert_true(YAJL_IS_TRUE(get(doc, "hypervisor", NULL)));
    assert_true(YAJL_IS_NULL(get(doc, "xen_version", NULL)));
    num_is(get(doc, "errors", NULL), "4");
    num_is(get(doc, "usable_bytes", NULL), "0");
    regs = get(doc, "regions", NULL);
    assert_true(YAJL_IS_ARRAY(regs));
    assert_int_equal(regs->u.array.len, 3);
    num_is(get(regs->u.array.values[1], "start", NULL), "1342177280");
    num_is(get(regs->u.array.values[1], "size", NULL), "2952790016");
    num_is(get(regs->u.array.values[1], "last", NULL), "4294967295");
    assert_string_equal(YAJL_GET_STRING(get(regs->u.array.values[0], "kind",
                                            NULL)), "grant-table");
    assert_string_equal(YAJL_GET_STRING(get(regs->u.array.values[2],
                                            "verdict", NULL)), "error");
    finds = get(doc, "findings", NULL);
    assert_int_equal(finds->u.array.len, 4);
    f = finds->u.array.values[0];
    assert_true(YAJL_IS_NULL(get(f, "region", NULL)));
    assert_string_equal(YAJL_GET_STRING(get(f, "code", NULL)), "compatible");
    f = finds->u.array.values[2];
    assert_string_equal(YAJL_GET_STRING(get(f, "code", NULL)), "unsorted");
    num_is(get(f, "other_region", NULL), "1");
    f = finds->u.array.values[3];
    occ = get(f, "occupied", NULL);
    num_is(get(occ, "start", NULL), "1073741824");
    num_is(get(occ, "last", NULL), "1342177279");
    assert_string_equal(YAJL_GET_STRING(get(occ, "node", NULL)),
                        "/memory@40000000");
    assert_string_equal(YAJL_GET_STRING(get(doc, "result", NULL)), "fail");
    yajl_tree_free(doc);

    /* Past 2^63: exact. */
    doc = run_json(t_path("err-beyond-64.dtb"), NULL, JOB);
    regs = get(doc, "regions", NULL);
    num_is(get(regs->u.array.values[1], "start", NULL),
           "18446744073441116160");
    num_is(get(regs->u.array.values[1], "last", NULL),
           "18446744073709551615");
    yajl_tree_free(doc);

    doc = run_json(t_path("warn-no-section-64k.dtb"), "--page-size=64K", OK);
    num_is(get(doc, "page_size", NULL), "65536");
    num_is(get(doc, "section_size", NULL), "536870912");
    assert_true(YAJL_IS_FALSE(get(doc, "strict", NULL)));
    assert_string_equal(YAJL_GET_STRING(get(doc, "result", NULL)), "pass");
    yajl_tree_free(doc);

    doc = run_json(t_path("err-no-hypervisor.dtb"), NULL, JOB);
    assert_true(YAJL_IS_FALSE(get(doc, "hypervisor", NULL)));
    assert_int_equal(get(doc, "regions", NULL)->u.array.len, 0);
    yajl_tree_free(doc);
}

/* ---- directories -------------------------------------------------------- */

/* Every node and property of @a is in @b with the same value; @b may
 * have "name" properties more (Linux adds them). */
static void same_tree(const void *a, const void *b)
{
    int node, depth = 0, na = 0, nb = 0;
    char path[1024];

    for (node = 0; node >= 0 && depth >= 0;
         node = fdt_next_node(a, node, &depth)) {
        int other, prop;

        assert_int_equal(fdt_get_path(a, node, path, sizeof(path)), 0);
        other = fdt_path_offset(b, path);
        if (other < 0)
            fail_msg("node %s is missing", path);
        fdt_for_each_property_offset(prop, a, node) {
            const char *name;
            const void *va, *vb;
            int la, lb;

            va = fdt_getprop_by_offset(a, prop, &name, &la);
            vb = fdt_getprop(b, other, name, &lb);
            if (!vb || la != lb || memcmp(va, vb, (size_t)la))
                fail_msg("%s/%s differs", path, name);
        }
        na++;
    }
    depth = 0;
    for (node = 0; node >= 0 && depth >= 0;
         node = fdt_next_node(b, node, &depth))
        nb++;
    assert_int_equal(na, nb);
}

static void same_findings(const axl_dtcheck_report *x,
                          const axl_dtcheck_report *y)
{
    size_t i;

    assert_int_equal(x->nr_regions, y->nr_regions);
    assert_int_equal(x->nr_findings, y->nr_findings);
    for (i = 0; i < x->nr_findings; i++) {
        assert_int_equal(x->findings[i].code, y->findings[i].code);
        assert_int_equal(x->findings[i].region, y->findings[i].region);
        assert_string_equal(x->findings[i].message, y->findings[i].message);
    }
}

static axl_dtcheck_report *check(const void *blob, size_t len)
{
    axl_dtcheck_report *rep = NULL;
    axl_ctx *ctx;

    assert_int_equal(axl_ctx_alloc(&ctx, NULL), 0);
    assert_int_equal(axl_dtcheck(ctx, blob, len, NULL, &rep), AXL_OK);
    axl_ctx_free(ctx);
    return rep;
}

/* A DTB as a directory and back gives the same tree and the same report
 * (but for /memreserve/, which a directory cannot hold). */
static void one_round_trip(const char *dtb, const char *dirname)
{
    char dir[600];
    size_t len, blen;
    char *orig;
    void *blob;
    axl_dtcheck_report *a, *b;

    snprintf(dir, sizeof(dir), "%s", t_path(dirname));
    dir_from_dtb(dtb, dir);
    orig = t_slurp(dtb, &len);
    assert_int_equal(axl_dt_from_dir(dir, &blob, &blen), 0);
    assert_int_equal(fdt_check_full(blob, blen), 0);
    same_tree(orig, blob);
    a = check(orig, len);
    b = check(blob, blen);
    if (fdt_num_mem_rsv(orig) > 0) {
        assert_int_equal(b->nr_findings, 0);
        assert_int_not_equal(a->nr_findings, 0);
    } else {
        same_findings(a, b);
    }
    axl_dtcheck_report_free(a);
    axl_dtcheck_report_free(b);
    free(blob);
    free(orig);
}

static void directories_round_trip(void **state)
{
    const char *dirs[] = { refdir, t_tmpdir() };
    size_t k;
    int n = 0;

    (void)state;
    for (k = 0; k < 2; k++) {
        DIR *d = opendir(dirs[k]);
        struct dirent *de;

        assert_non_null(d);
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            char dtb[1024], name[300];

            if (l < 5 || strcmp(de->d_name + l - 4, ".dtb") ||
                !strcmp(de->d_name, "trunc.dtb") ||
                !strcmp(de->d_name, "broken.dtb"))
                continue;
            snprintf(dtb, sizeof(dtb), "%s/%s", dirs[k], de->d_name);
            snprintf(name, sizeof(name), "rt-%zu-%.*s.d", k, (int)(l - 4),
                     de->d_name);
            one_round_trip(dtb, name);
            n++;
        }
        closedir(d);
    }
    assert_true(n >= 15 + 39);
}

/* Large properties need a larger blob; links and other files are not
 * part of a tree; the same directory always gives the same bytes. */
static void directory_details(void **state)
{
    char dir[600], p[700], *big;
    void *b1, *b2;
    size_t l1, l2;
    const void *v;
    int len, node;

    (void)state;
    snprintf(dir, sizeof(dir), "%s", t_path("dir-details"));
    dir_from_dtb(t_path("ok-guest.dtb"), dir);
    big = calloc(1, 300 * 1024);
    assert_non_null(big);
    snprintf(p, sizeof(p), "%s/chosen/big", dir);
    t_write(p, big, 300 * 1024);
    free(big);
    snprintf(p, sizeof(p), "%s/hypervisor/link", dir);
    assert_int_equal(symlink("../memory@40000000", p), 0);
    snprintf(p, sizeof(p), "%s/fifo", dir);
    assert_int_equal(mkfifo(p, 0644), 0);

    assert_int_equal(axl_dt_from_dir(dir, &b1, &l1), 0);
    assert_int_equal(axl_dt_read(dir, &b2, &l2), 0);
    assert_int_equal(l1, l2);
    assert_memory_equal(b1, b2, l1);
    node = fdt_path_offset(b1, "/chosen");
    v = fdt_getprop(b1, node, "big", &len);
    assert_non_null(v);
    assert_int_equal(len, 300 * 1024);
    node = fdt_path_offset(b1, "/hypervisor");
    assert_null(fdt_getprop(b1, node, "link", &len));
    assert_true(fdt_subnode_offset(b1, node, "link") < 0);
    assert_null(fdt_getprop(b1, 0, "fifo", &len));
    free(b1);
    free(b2);
}

/* Nesting past 64 levels is refused with one error line. */
static void directory_too_deep(void **state)
{
    char p[4096];
    unsigned int before = axl_cmd_errors_reported();
    void *b;
    size_t l;
    int i, rc, saved, null;

    (void)state;
    snprintf(p, sizeof(p), "%s", t_path("deep"));
    assert_int_equal(mkdir(p, 0755), 0);
    for (i = 0; i < 70; i++) {
        strcat(p, "/n");
        assert_int_equal(mkdir(p, 0755), 0);
    }
    /* The error line is expected: keep it out of the suite's output. */
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    dup2(null, STDERR_FILENO);
    rc = axl_dt_from_dir(t_path("deep"), &b, &l);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(null);
    assert_int_equal(rc, -1);
    assert_int_equal(axl_cmd_errors_reported(), before + 1);
}

int main(void)
{
    struct CMUnitTest tests[NR_ROWS + 4];
    size_t i;

    for (i = 0; i < NR_ROWS; i++)
        tests[i] = t_row_test(rows[i].name, run_row, &rows[i]);
    tests[i++] = (struct CMUnitTest)cmocka_unit_test(json_document);
    tests[i++] = (struct CMUnitTest)cmocka_unit_test(directories_round_trip);
    tests[i++] = (struct CMUnitTest)cmocka_unit_test(directory_details);
    tests[i++] = (struct CMUnitTest)cmocka_unit_test(directory_too_deep);
    return _cmocka_run_group_tests("dtcheck-cli", tests, i, setup,
                                   teardown);
}
