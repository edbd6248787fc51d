/*
 * The extended-region options of axl dt and axl memmap, seen from outside:
 * each row runs the command named by $AXL (posix_spawn, no shell) on a
 * config and checks the exit code, that a failure is exactly one
 * "axl: error:" line and leaves no output, and what a success printed:
 * substrings of the memmap table, the number of /hypervisor reg entries
 * of the DTB, or notes of `axl memmap --json` with their reasons.
 *
 * Placeholders in the config text and the arguments: {DIR} the directory
 * of input files, {CFG} the row's config file, {OUT} its -o target.
 *
 * With the BASE guest (memory = 256, 40 bits): "ram" gives
 * T0 = 0x5000_0000..0xffff_ffff and T1 = 0x2_0000_0000..0xff_ffff_ffff;
 * "holes" gives 0x420_0000..0x37ff_ffff, 0x3a00_0000..0x3fff_ffff and
 * 0x5000_0000..0xff_ffff_ffff (see test_ext_options.c for why).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <libfdt.h>
#include <yajl/yajl_tree.h>

#include "testlib.h"
#include "testrun.h"
#include "axl_cmd.h"

#define MAX_ARGS 12
#define MAX_STR 4
#define MAX_JNOTES 4

typedef struct jnote {          /* a note `memmap --json` must list */
    uint64_t start, last;
    const char *verdict;        /* "dropped" / "trimmed" */
    const char *reason;         /* axl_ext_reason_to_string() */
    const char *owner;          /* the window's owner, or NULL */
} jnote;

typedef struct cli_row {
    const char *name;
    const char *cfg;                /* config text */
    const char *argv[MAX_ARGS];     /* after argv[0], NULL-terminated */
    int status;                     /* expected exit code */
    const char *err[MAX_STR];       /* failures: all in the error line */
    const char *out_has[MAX_STR];   /* successes: in stdout */
    const char *out_lacks[MAX_STR]; /* successes: not in stdout */
    int dt_regs;                    /* dt -o: /hypervisor reg entries
                                     * (region 0 included); 0: unchecked */
    int json_regions;               /* memmap --json: regions + 1; 0: no */
    jnote jnotes[MAX_JNOTES];       /* memmap --json: must be listed */
} cli_row;

#define OK   0
#define JOB  EXIT_JOB_FAILED
#define USE  EXIT_USAGE

#define BASE "name = \"guest\"\nkernel = \"{DIR}/Image\"\nmemory = 256\n"
/* A row of the memmap table: "0x%016x  0x%016x". */
#define ROW(s, l) s "  " l

static const cli_row rows[] = {
    /* ---- the options override the config ---- */
    { "--ext-regions holes overrides ext_regions=\"none\" (memmap)",
      BASE "ext_regions = \"none\"\n",
      { "memmap", "--ext-regions", "holes", "{CFG}" }, OK,
      .out_has = { ROW("0x0000000004200000", "0x0000000037ffffff"),
                   ROW("0x000000003a000000", "0x000000003fffffff"),
                   ROW("0x0000000050000000", "0x000000ffffffffff"),
                   "reg 1..3" } },
    { "--ext-regions holes overrides ext_regions=\"none\" (dt)",
      BASE "ext_regions = \"none\"\n",
      { "dt", "--ext-regions", "holes", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 4 },
    { "--ext-regions=holes, with '='", BASE "ext_regions = \"none\"\n",
      { "dt", "--ext-regions=holes", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 4 },
    /* The options come after the KEY=VALUE settings: they win. */
    { "--ext-regions beats a KEY=VALUE setting", BASE,
      { "dt", "--ext-regions", "holes", "-o", "{OUT}", "{CFG}",
        "ext_regions=\"none\"" }, OK, .dt_regs = 4 },
    /* Without the option the KEY=VALUE setting beats the file. */
    { "a KEY=VALUE setting beats the file", BASE "ext_regions = \"holes\"\n",
      { "dt", "-o", "{OUT}", "{CFG}", "ext_regions=\"none\"" }, OK,
      .dt_regs = 1 },
    { "--ext-regions none overrides ext_regions=\"holes\"",
      BASE "ext_regions = \"holes\"\n",
      { "dt", "--ext-regions", "none", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 1 },
    /* The last of two options wins. */
    { "the last --ext-regions wins", BASE,
      { "dt", "--ext-regions", "none", "--ext-regions", "ram", "-o", "{OUT}",
        "{CFG}" }, OK, .dt_regs = 3 },
    /* 3G drops T0 (2.75 GiB). */
    { "--ext-regions-min-size overrides the file",
      BASE "ext_regions_min_size = \"64M\"\n",
      { "memmap", "--ext-regions-min-size", "3G", "{CFG}" }, OK,
      .out_has = { ROW("0x0000000200000000", "0x000000ffffffffff"),
                   "dropped: smaller than ext_regions_min_size" },
      .out_lacks = { "region 2" } },
    { "--ext-regions-min-size 64M lifts the file's 3G",
      BASE "ext_regions_min_size = \"3G\"\n",
      { "dt", "--ext-regions-min-size", "64M", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 3 },
    /* 1G: T0 starts at 0x8000_0000. */
    { "--ext-regions-align 1G", BASE,
      { "memmap", "--ext-regions-align", "1G", "{CFG}" }, OK,
      .out_has = { ROW("0x0000000080000000", "0x00000000ffffffff"),
                   "trimmed: not ext_regions_align aligned" } },
    { "--ext-regions-max 1", BASE "ext_regions_max = 2\n",
      { "dt", "--ext-regions-max", "1", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 2 },
    { "--ext-regions-limit 4G", BASE,
      { "memmap", "--ext-regions-limit", "4G", "{CFG}" }, OK,
      .out_has = { ROW("0x0000000050000000", "0x00000000ffffffff"),
                   "dropped: above ext_regions_limit" },
      .out_lacks = { "region 2" } },
    { "--ext-regions-size 1G", BASE,
      { "memmap", "--ext-regions-size", "1G", "{CFG}" }, OK,
      .out_has = { ROW("0x0000000050000000", "0x000000008fffffff"),
                   "trimmed: past ext_regions_size",
                   "dropped: past ext_regions_size" } },
    /* T0 + T1 = 1018.75 GiB < 2000 GiB: the job fails, no DTB. */
    { "--ext-regions-require more than there is (dt)", BASE,
      { "dt", "--ext-regions-require", "2000G", "-o", "{OUT}", "{CFG}" }, JOB,
      .err = { "ext_regions_require: ", "required, but only 1018.75 GiB "
               "can be advertised (policy \"ram\")" } },
    { "--ext-regions-require more than there is (memmap)", BASE,
      { "memmap", "--ext-regions-require", "2000G", "{CFG}" }, JOB,
      .err = { "ext_regions_require: ", "1018.75 GiB" } },
    { "--ext-regions-require 0 lifts the file's requirement",
      BASE "ext_regions_require = \"2000G\"\n",
      { "dt", "--ext-regions-require", "0", "-o", "{OUT}", "{CFG}" }, OK,
      .dt_regs = 3 },
    { "--ext-regions-require with none", BASE,
      { "dt", "--ext-regions", "none", "--ext-regions-require", "1",
        "-o", "{OUT}", "{CFG}" }, JOB,
      .err = { "ext_regions_require: ", "only 0 B", "policy \"none\"" } },
    /* The requirement from the command line, the size from the file. */
    { "--ext-regions-require above the file's size",
      BASE "ext_regions_size = \"1G\"\n",
      { "dt", "--ext-regions-require", "2G", "-o", "{OUT}", "{CFG}" }, JOB,
      .err = { "ext_regions_require: ", "can never be met" } },

    /* ---- bad values: a wrong command line, exit 2, one line ---- */
    { "bad: --ext-regions bogus", BASE,
      { "memmap", "--ext-regions", "bogus", "{CFG}" }, USE,
      .err = { "ext-regions", "\"bogus\"", "ram, holes or none" } },
    { "bad: --ext-regions bogus leaves no DTB", BASE,
      { "dt", "--ext-regions", "bogus", "-o", "{OUT}", "{CFG}" }, USE,
      .err = { "ext-regions", "\"bogus\"" } },
    { "bad: --ext-regions-align 3K", BASE,
      { "dt", "--ext-regions-align", "3K", "-o", "{OUT}", "{CFG}" }, USE,
      .err = { "ext-regions-align", "is not a power of two of at least "
               "4K" } },
    { "bad: --ext-regions-align 2M+1", BASE,
      { "memmap", "--ext-regions-align", "2097153", "{CFG}" }, USE,
      .err = { "ext-regions-align", "is not a power of two" } },
    { "bad: --ext-regions-min-size 0", BASE,
      { "memmap", "--ext-regions-min-size", "0", "{CFG}" }, USE,
      .err = { "ext-regions-min-size" } },
    { "bad: --ext-regions-min-size 5Q", BASE,
      { "memmap", "--ext-regions-min-size", "5Q", "{CFG}" }, USE,
      .err = { "ext-regions-min-size", "\"5Q\" is not a size" } },
    { "bad: --ext-regions-max -1", BASE,
      { "memmap", "--ext-regions-max", "-1", "{CFG}" }, USE,
      .err = { "ext-regions-max", "-1" } },
    { "bad: --ext-regions-max 1048577", BASE,
      { "memmap", "--ext-regions-max", "1048577", "{CFG}" }, USE,
      .err = { "ext-regions-max", "1048577" } },
    { "bad: --ext-regions-max 2x", BASE,
      { "dt", "--ext-regions-max", "2x", "-o", "{OUT}", "{CFG}" }, USE,
      .err = { "ext-regions-max", "2x" } },
    { "bad: --ext-regions-limit 0", BASE,
      { "memmap", "--ext-regions-limit", "0", "{CFG}" }, USE,
      .err = { "ext-regions-limit" } },
    { "bad: --ext-regions-size past 64 bits", BASE,
      { "memmap", "--ext-regions-size", "99999999999T", "{CFG}" }, USE,
      .err = { "ext-regions-size", "does not fit in 64 bits" } },
    { "bad: --ext-regions-size 0", BASE,
      { "memmap", "--ext-regions-size", "0", "{CFG}" }, USE,
      .err = { "ext-regions-size" } },
    { "bad: --ext-regions-require lots", BASE,
      { "dt", "--ext-regions-require", "lots", "-o", "{OUT}", "{CFG}" }, USE,
      .err = { "ext-regions-require", "\"lots\" is not a size" } },
    /* The value would go into a quoted xl.cfg string. */
    { "bad: --ext-regions with a quote", BASE,
      { "memmap", "--ext-regions", "ho\"les", "{CFG}" }, USE,
      .err = { "ext-regions" } },
    { "bad: --ext-regions-size without a value", BASE,
      { "memmap", "{CFG}", "--ext-regions-size" }, USE,
      .err = { "--ext-regions-size" } },
    { "bad: --ext-regions-size without a value, last", BASE,
      { "memmap", "--ext-regions-size" }, USE,
      .err = { "--ext-regions-size" } },
    /* The same mistakes in the file are a bad config: exit 1. */
    { "bad config: ext_regions_align 3K", BASE "ext_regions_align = \"3K\"\n",
      { "dt", "-o", "{OUT}", "{CFG}" }, JOB,
      .err = { "ext_regions_align: ", "is not a power of two of at least "
               "4K" } },
    { "bad config: ext_regions bogus in a KEY=VALUE", BASE,
      { "memmap", "{CFG}", "ext_regions=\"bogus\"" }, JOB,
      .err = { "ext_regions: unknown policy \"bogus\"" } },

    /* ---- memmap --json: the notes and their reasons ---- */
    { "json: over the count", BASE,
      { "memmap", "--json", "--ext-regions-max", "1", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x50000000, 0xffffffff, "dropped", "over the count",
                    NULL } } },
    { "json: over the size", BASE,
      { "memmap", "--json", "--ext-regions-size", "1G", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x90000000, 0xffffffff, "trimmed", "over the size",
                    NULL },
                  { 0x200000000, 0xffffffffff, "dropped", "over the size",
                    NULL } } },
    { "json: above the limit", BASE,
      { "memmap", "--json", "--ext-regions-limit", "2G", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x80000000, 0xffffffff, "trimmed", "above the limit",
                    NULL },
                  { 0x200000000, 0xffffffffff, "dropped", "above the limit",
                    NULL } } },
    { "json: too small", BASE,
      { "memmap", "--json", "--ext-regions-min-size", "3G", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x50000000, 0xffffffff, "dropped", "too small",
                    NULL } } },
    { "json: unaligned", BASE,
      { "memmap", "--json", "--ext-regions-align", "1G", "{CFG}" }, OK,
      .json_regions = 3,
      .jnotes = { { 0x50000000, 0x7fffffff, "trimmed", "unaligned",
                    NULL } } },
    { "json: holes, overlaps with the window", BASE,
      { "memmap", "--json", "--ext-regions", "holes", "{CFG}" }, OK,
      .json_regions = 4,
      .jnotes = { { 0x3001000, 0x3010fff, "trimmed", "overlaps",
                    "gic-distributor" },
                  { 0x38000000, 0x38ffffff, "trimmed", "overlaps",
                    "grant-table" },
                  { 0x39000000, 0x39ffffff, "trimmed", "overlaps",
                    "magic-pages" },
                  { 0x3011000, 0x301ffff, "dropped", "unaligned", NULL } } },
    { "json: beyond the address width", BASE,
      { "memmap", "--json", "--gpaddr-bits", "32", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x200000000, 0xffffffffff, "dropped",
                    "beyond the address width", NULL } } },
    { "json: bank full", "name = \"guest\"\nkernel = \"{DIR}/Image\"\n"
      "memory = 4096\n", { "memmap", "--json", "{CFG}" }, OK,
      .json_regions = 2,
      .jnotes = { { 0x40000000, 0xffffffff, "dropped", "bank full",
                    NULL } } },
    { "json: none lists nothing", BASE,
      { "memmap", "--json", "--ext-regions", "none", "{CFG}" }, OK,
      .json_regions = 1 },
};

#define NR_ROWS (sizeof(rows) / sizeof(rows[0]))

/* ---- running one row ------------------------------------------------- */

static void expand(const t_row_paths *p, const char *in, char *buf,
                   size_t len)
{
    static const char *const names[] = { "{DIR}", "{CFG}", "{OUT}" };
    const char *const values[] = { t_tmpdir(), p->cfg, p->out };

    t_expand(in, names, values, 3, buf, len);
}

/* Counts the "axl: error:" lines of @err (the first in @first, up to its
 * newline); any line not from axl's logger is a problem. */
static unsigned int scan_stderr(t_report *rep, const char *err, char *first,
                                size_t len)
{
    const char *line = err;
    unsigned int errors = 0;

    first[0] = '\0';
    while (*line) {
        size_t l = strcspn(line, "\n");

        if (!strncmp(line, "axl: error: ", 12)) {
            if (!errors++)
                snprintf(first, len, "%.*s", (int)l, line);
        } else if (strncmp(line, "axl: warning: ", 14)) {
            t_problem(rep, "stderr line not from axl: \"%.*s\"", (int)l, line);
        }
        line += l;
        if (*line)
            line++;
    }
    return errors;
}

static uint64_t json_u64(yajl_val obj, const char *key)
{
    const char *path[] = { key, NULL };
    yajl_val v = yajl_tree_get(obj, path, yajl_t_number);

    return v ? strtoull(YAJL_GET_NUMBER(v), NULL, 10) : UINT64_MAX;
}

static const char *json_str(yajl_val obj, const char *key)
{
    const char *path[] = { key, NULL };
    yajl_val v = yajl_tree_get(obj, path, yajl_t_string);

    return v ? YAJL_GET_STRING(v) : NULL;
}

static void check_json(t_report *rep, const cli_row *r, const char *out)
{
    const char *regions_path[] = { "extended_regions", NULL };
    const char *notes_path[] = { "not_advertised", NULL };
    char errbuf[256];
    yajl_val root = yajl_tree_parse(out, errbuf, sizeof(errbuf)), regs, notes;
    size_t i, j;

    if (!root) {
        t_problem(rep, "stdout is not JSON: %s", errbuf);
        return;
    }
    regs = yajl_tree_get(root, regions_path, yajl_t_array);
    notes = yajl_tree_get(root, notes_path, yajl_t_array);
    if (!regs || !notes) {
        t_problem(rep, "no extended_regions or not_advertised array");
        yajl_tree_free(root);
        return;
    }
    if ((int)YAJL_GET_ARRAY(regs)->len + 1 != r->json_regions)
        t_problem(rep, "%zu extended regions, want %d",
                  YAJL_GET_ARRAY(regs)->len, r->json_regions - 1);
    if (r->json_regions == 1 && YAJL_GET_ARRAY(notes)->len)
        t_problem(rep, "%zu notes, want none", YAJL_GET_ARRAY(notes)->len);
    for (j = 0; j < MAX_JNOTES && r->jnotes[j].reason; j++) {
        const jnote *x = &r->jnotes[j];
        bool found = false;

        for (i = 0; i < YAJL_GET_ARRAY(notes)->len && !found; i++) {
            yajl_val n = YAJL_GET_ARRAY(notes)->values[i];
            const char *verdict = json_str(n, "verdict");
            const char *reason = json_str(n, "reason");

            found = json_u64(n, "start") == x->start &&
                    json_u64(n, "last") == x->last &&
                    json_u64(n, "size") == x->last - x->start + 1 &&
                    verdict && !strcmp(verdict, x->verdict) &&
                    reason && !strcmp(reason, x->reason);
            if (found && x->owner) {
                const char *wpath[] = { "window", "owner", NULL };
                yajl_val o = yajl_tree_get(n, wpath, yajl_t_string);

                const char *owner = o ? YAJL_GET_STRING(o) : NULL;

                found = owner && !strcmp(owner, x->owner);
            }
        }
        if (!found)
            t_problem(rep, "no note [%#" PRIx64 ",%#" PRIx64 "] %s \"%s\"%s%s",
                      x->start, x->last, x->verdict, x->reason,
                      x->owner ? " over " : "", x->owner ? x->owner : "");
    }
    yajl_tree_free(root);
}

static void check_dtb(t_report *rep, const cli_row *r,
                      const t_row_paths *p)
{
    size_t len = 0;
    char *data = t_slurp(p->out, &len);
    int node, plen;

    if (!data) {
        t_problem(rep, "no output file %s", p->out);
        return;
    }
    if (len < sizeof(struct fdt_header) || fdt_check_header(data) ||
        fdt_totalsize(data) != len) {
        t_problem(rep, "the output (%zu bytes) is not a device tree blob",
                  len);
    } else {
        node = fdt_path_offset(data, "/hypervisor");
        if (node < 0 || !fdt_getprop(data, node, "reg", &plen))
            t_problem(rep, "no /hypervisor reg");
        else if (plen != 16 * r->dt_regs)
            t_problem(rep, "/hypervisor reg has %d entries, want %d",
                      plen / 16, r->dt_regs);
    }
    free(data);
}

static void run_row(void **state)
{
    const cli_row *r = *state;
    size_t idx = (size_t)(r - rows), i;
    t_row_paths p;
    char args[MAX_ARGS + 1][1024], text[4096], first[1024];
    char *argv[MAX_ARGS + 2], *out, *err, cmd[4096];
    t_report rep = { "", 0 };
    unsigned int errors;
    t_result res;
    struct stat st;
    int status;

    t_row_paths_make(idx, &p);
    expand(&p, r->cfg, text, sizeof(text));
    t_write(p.cfg, text, strlen(text));

    argv[0] = getenv("AXL");
    for (i = 0; r->argv[i]; i++) {
        expand(&p, r->argv[i], args[i], sizeof(args[i]));
        argv[i + 1] = args[i];
    }
    argv[i + 1] = NULL;
    t_argv_text(argv, cmd, sizeof(cmd));

    t_run(argv, NULL, &res);
    status = res.status;
    out = res.out;
    err = res.err;

    if (WIFSIGNALED(status))
        t_problem(&rep, "killed by signal %d", WTERMSIG(status));
    else if (WEXITSTATUS(status) != r->status)
        t_problem(&rep, "exit code %d, expected %d", WEXITSTATUS(status),
                  r->status);
    errors = scan_stderr(&rep, err, first, sizeof(first));
    if (r->status != OK) {
        if (errors != 1)
            t_problem(&rep, "%u \"axl: error:\" lines, expected 1", errors);
        for (i = 0; i < MAX_STR && r->err[i]; i++)
            if (!strstr(first, r->err[i]))
                t_problem(&rep, "the error line lacks \"%s\"", r->err[i]);
        if (res.out_len)
            t_problem(&rep, "stdout not empty after a failure");
        if (!stat(p.out, &st))
            t_problem(&rep, "output file %s exists after a failure", p.out);
    } else {
        if (errors)
            t_problem(&rep, "%u \"axl: error:\" lines in a success", errors);
        for (i = 0; i < MAX_STR && r->out_has[i]; i++)
            if (!strstr(out, r->out_has[i]))
                t_problem(&rep, "stdout lacks \"%s\"", r->out_has[i]);
        for (i = 0; i < MAX_STR && r->out_lacks[i]; i++)
            if (strstr(out, r->out_lacks[i]))
                t_problem(&rep, "stdout has \"%s\"", r->out_lacks[i]);
        if (r->dt_regs)
            check_dtb(&rep, r, &p);
        if (r->json_regions)
            check_json(&rep, r, out);
    }
    if (rep.len)
        print_error("command: %s\nstderr:\n%sstdout (%zu bytes):\n%.3000s\n",
                    cmd, err, res.out_len, out);
    t_result_dispose(&res);
    if (rep.len)
        fail_msg("%s", rep.text);
}

static int setup(void **state)
{
    (void)state;
    if (!getenv("AXL")) {
        fprintf(stderr, "test_ext_cli: set AXL to the axl binary to test\n");
        return -1;
    }
    t_make_image64(t_path("Image"), 32 << 20, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

int main(void)
{
    struct CMUnitTest tests[NR_ROWS];
    size_t i;

    for (i = 0; i < NR_ROWS; i++)
        tests[i] = t_row_test(rows[i].name, run_row, &rows[i]);
    return _cmocka_run_group_tests("ext_cli", tests, NR_ROWS, setup,
                                   teardown);
}
