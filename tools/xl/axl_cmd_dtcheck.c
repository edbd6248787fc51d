/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl dt-check: is the /hypervisor node of a device tree safe and usable?
 * The library checks; this reads the tree and prints the report. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "axl_cmd.h"
#include "axl_dtread.h"
#include "axl_escape.h"
#include "axl_json.h"

enum { OPT_JSON = 256, OPT_PAGE_SIZE, OPT_STRICT };

static const struct option dtcheck_options[] = {
    { "json",       no_argument,       NULL, OPT_JSON },
    { "page-size",  required_argument, NULL, OPT_PAGE_SIZE },
    { "strict",     no_argument,       NULL, OPT_STRICT },
    { "help",       no_argument,       NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

#define DTCHECK_USAGE \
    "axl dt-check [--json] [--page-size 4K|16K|64K] [--strict] FILE"

static int parse_page_size(const char *s, uint64_t *size_r)
{
    static const struct {
        const char *name;
        uint64_t size;
    } sizes[] = {
        { "4K", 4096 }, { "16K", 16384 }, { "64K", 65536 },
        { "4096", 4096 }, { "16384", 16384 }, { "65536", 65536 },
    };
    size_t i;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (!strcasecmp(s, sizes[i].name)) {
            *size_r = sizes[i].size;
            return 0;
        }
    }
    axl_err("--page-size: \"%s\" is not 4K, 16K or 64K", s);
    return -1;
}

static bool is_overlap(axl_dtcheck_code code)
{
    return code >= AXL_DTCHECK_OVERLAP_MEMORY &&
           code <= AXL_DTCHECK_OVERLAP_PCI;
}

static uint64_t region_last(const axl_dtcheck_region *rg)
{
    return rg->size - 1 > UINT64_MAX - rg->start ? UINT64_MAX
                                                 : rg->start + rg->size - 1;
}

/* ---- the report a person reads ---------------------------------------- */

/* "ok", "warning: small, no-section", "error: overlap-memory". */
/* Findings are sorted by region: *@k is where region @i's start (a
 * cursor, so that the whole table is linear in the findings). */
static void verdict_text(const axl_dtcheck_report *rep, size_t i,
                         size_t *k_io, char *buf, size_t len)
{
    const axl_dtcheck_region *rg = &rep->regions[i];
    size_t used, k = *k_io;
    uint32_t seen = 0;      /* codes already named (two devices in the
                             * way are one "overlap-device") */

    while (k < rep->nr_findings &&
           (rep->findings[k].region == AXL_DTCHECK_NODE ||
            rep->findings[k].region < i))
        k++;
    *k_io = k;
    if (rg->verdict == AXL_DTCHECK_OK) {
        if (i == 0)
            snprintf(buf, len, "ok: grant table, %"PRIu64" frames",
                     rg->size >> 12);
        else
            snprintf(buf, len, "ok");
        return;
    }
    used = (size_t)snprintf(buf, len, "%s:", rg->verdict == AXL_DTCHECK_ERROR
                            ? "error" : "warning");
    for (; k < rep->nr_findings && rep->findings[k].region == i &&
           used < len; k++) {
        const axl_dtcheck_finding *f = &rep->findings[k];
        const char *code = axl_dtcheck_code_to_string(f->code);

        if (seen & (UINT32_C(1) << f->code))
            continue;
        used += (size_t)snprintf(buf + used, len - used, "%s %s",
                                 seen ? "," : "", code);
        seen |= UINT32_C(1) << f->code;
    }
}

static void print_text(const char *file, const axl_dtcheck_report *rep,
                       bool strict, bool failed)
{
    char size[32], verdict[256], total[32], usable[32], sec[32];
    size_t i, k = 0;

    printf("Device tree ");
    axl_fputs_escaped(stdout, file);
    printf("\n");
    if (!rep->has_hypervisor)
        printf("/hypervisor: none\n");
    else if (rep->has_version)
        printf("/hypervisor: Xen %u.%u; root #address-cells %d, "
               "#size-cells %d\n", rep->xen_major, rep->xen_minor,
               rep->address_cells, rep->size_cells);
    else
        printf("/hypervisor: no Xen version; root #address-cells %d, "
               "#size-cells %d\n", rep->address_cells, rep->size_cells);
    if (rep->nr_regions)
        printf("\n%-6s  %-18s  %-18s  %10s  %s\n", "REGION", "BASE",
               "END (incl.)", "SIZE", "VERDICT");
    for (i = 0; i < rep->nr_regions; i++) {
        const axl_dtcheck_region *rg = &rep->regions[i];
        char last[24] = "-";

        axl_format_size(rg->size, size, sizeof(size));
        if (rg->size)
            snprintf(last, sizeof(last), "0x%016"PRIx64, region_last(rg));
        verdict_text(rep, i, &k, verdict, sizeof(verdict));
        printf("%6zu  0x%016"PRIx64"  %-18s  %10s  %s\n", i, rg->start,
               last, size, verdict);
    }
    if (rep->nr_findings)
        printf("\n");
    for (i = 0; i < rep->nr_findings; i++) {
        printf("%s: ", rep->findings[i].error ? "error" : "warning");
        axl_fputs_escaped(stdout, rep->findings[i].message);
        printf("\n");
    }
    if (rep->nr_regions) {
        axl_format_size(rep->ext_bytes, total, sizeof(total));
        axl_format_size(rep->usable_bytes, usable, sizeof(usable));
        axl_format_size(rep->section_size, sec, sizeof(sec));
        printf("\nExtended regions: %zu, %s; usable by arm64 Linux with "
               "%"PRIu64" KiB pages (%s sections): %s%s\n",
               rep->nr_regions - 1, total, rep->page_size >> 10, sec,
               usable, rep->linux_accepts ? ""
               : " (it rejects the whole list)");
    }
    printf("Result: %s (%u error%s, %u warning%s%s)\n",
           failed ? "FAIL" : "PASS", rep->errors,
           rep->errors == 1 ? "" : "s", rep->warnings,
           rep->warnings == 1 ? "" : "s",
           strict && rep->warnings ? ", --strict" : "");
}

/* ---- JSON ------------------------------------------------------------- */

static const char *verdict_name(axl_dtcheck_verdict v)
{
    return v == AXL_DTCHECK_OK ? "ok"
           : v == AXL_DTCHECK_WARNING ? "warning" : "error";
}

static void gen_finding(yajl_gen j, const axl_dtcheck_finding *f)
{
    yajl_gen_map_open(j);
    axl_json_str(j, "severity", f->error ? "error" : "warning");
    axl_json_str(j, "code", axl_dtcheck_code_to_string(f->code));
    axl_json_key(j, "region");
    if (f->region == AXL_DTCHECK_NODE)
        yajl_gen_null(j);
    else
        axl_json_u64(j, f->region);
    if (f->code == AXL_DTCHECK_UNSORTED ||
        f->code == AXL_DTCHECK_OVERLAP_REGION ||
        f->code == AXL_DTCHECK_OVERLAP_GNTTAB)
        axl_json_num(j, "other_region", f->other);
    if (is_overlap(f->code)) {
        axl_json_key(j, "occupied");
        yajl_gen_map_open(j);
        axl_json_num(j, "start", f->range.start);
        axl_json_num(j, "last", f->range.last);
        axl_json_key(j, "node");
        if (f->path)
            axl_json_string(j, f->path);
        else
            yajl_gen_null(j);
        axl_json_num(j, "entry", f->other);
        yajl_gen_map_close(j);
    }
    axl_json_str(j, "message", f->message);
    yajl_gen_map_close(j);
}

static int print_json(const char *file, const axl_dtcheck_report *rep,
                      bool strict, bool failed)
{
    size_t i;
    char ver[32];
    yajl_gen j = axl_json_open();

    if (!j)
        return -1;
    yajl_gen_map_open(j);
    axl_json_str(j, "file", file);
    axl_json_bool(j, "hypervisor", rep->has_hypervisor);
    axl_json_key(j, "xen_version");
    if (rep->has_version) {
        snprintf(ver, sizeof(ver), "%u.%u", rep->xen_major, rep->xen_minor);
        axl_json_string(j, ver);
    } else {
        yajl_gen_null(j);
    }
    axl_json_num(j, "address_cells", (uint64_t)rep->address_cells);
    axl_json_num(j, "size_cells", (uint64_t)rep->size_cells);
    axl_json_num(j, "page_size", rep->page_size);
    axl_json_num(j, "section_size", rep->section_size);

    axl_json_key(j, "regions");
    yajl_gen_array_open(j);
    for (i = 0; i < rep->nr_regions; i++) {
        const axl_dtcheck_region *rg = &rep->regions[i];

        yajl_gen_map_open(j);
        axl_json_num(j, "index", i);
        axl_json_str(j, "kind", i ? "extended" : "grant-table");
        axl_json_num(j, "start", rg->start);
        axl_json_num(j, "size", rg->size);
        axl_json_key(j, "last");
        if (rg->size)
            axl_json_u64(j, region_last(rg));
        else
            yajl_gen_null(j);
        axl_json_str(j, "verdict", verdict_name(rg->verdict));
        axl_json_num(j, "usable", rg->usable);
        yajl_gen_map_close(j);
    }
    yajl_gen_array_close(j);

    axl_json_key(j, "findings");
    yajl_gen_array_open(j);
    for (i = 0; i < rep->nr_findings; i++)
        gen_finding(j, &rep->findings[i]);
    yajl_gen_array_close(j);

    axl_json_num(j, "errors", rep->errors);
    axl_json_num(j, "warnings", rep->warnings);
    axl_json_bool(j, "linux_accepts", rep->linux_accepts);
    axl_json_num(j, "extended_bytes", rep->ext_bytes);
    axl_json_num(j, "usable_bytes", rep->usable_bytes);
    axl_json_bool(j, "strict", strict);
    axl_json_str(j, "result", failed ? "fail" : "pass");
    yajl_gen_map_close(j);
    return axl_json_close(j);
}

/* ---- the command ------------------------------------------------------ */

/* The first finding of the wanted kind. */
static const axl_dtcheck_finding *first_finding(
    const axl_dtcheck_report *rep, bool error)
{
    size_t i;

    for (i = 0; i < rep->nr_findings; i++)
        if (rep->findings[i].error == error)
            return &rep->findings[i];
    return NULL;
}

/* One line on stderr for the whole verdict: the first finding, and how
 * many more there are (the report on stdout has them all). */
static void summary_line(const char *file, const axl_dtcheck_report *rep,
                         bool strict)
{
    const axl_dtcheck_finding *f;
    unsigned int n;
    char more[64] = "";

    if (rep->errors) {
        f = first_finding(rep, true);
        n = rep->errors - 1;
        if (n)
            snprintf(more, sizeof(more), " (and %u more error%s)", n,
                     n == 1 ? "" : "s");
        axl_err("dt-check: %s: %s%s", file, f->message, more);
    } else if (rep->warnings) {
        f = first_finding(rep, false);
        n = rep->warnings - 1;
        if (n)
            snprintf(more, sizeof(more), " (and %u more warning%s)", n,
                     n == 1 ? "" : "s");
        if (strict)
            axl_err("dt-check: %s: --strict: %s%s", file, f->message, more);
        else
            axl_warn("dt-check: %s: %s%s", file, f->message, more);
    }
}

int axl_cmd_dtcheck(int argc, char **argv)
{
    axl_dtcheck_options opts;
    axl_dtcheck_report *rep = NULL;
    axl_ctx *ctx = NULL;
    void *blob = NULL;
    size_t size;
    bool json = false, strict = false, failed;
    const char *file;
    int c, rc;

    axl_dtcheck_options_init(&opts);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", dtcheck_options, NULL)) != -1) {
        switch (c) {
        case OPT_JSON:
            json = true;
            break;
        case OPT_PAGE_SIZE:
            if (parse_page_size(optarg, &opts.page_size))
                return EXIT_USAGE;
            break;
        case OPT_STRICT:
            strict = true;
            break;
        case 'h':
            printf("usage: " DTCHECK_USAGE "\n");
            return 0;
        default:
            return axl_opt_bad("dt-check", c, argv);
        }
    }
    if (optind >= argc) {
        axl_err("dt-check: no FILE given (see 'axl help dt-check')");
        return EXIT_USAGE;
    }
    if (optind + 1 < argc) {
        axl_err("dt-check: one FILE only, not also \"%s\"", argv[optind + 1]);
        return EXIT_USAGE;
    }
    file = argv[optind];

    if (axl_dt_read(file, &blob, &size))
        return EXIT_JOB_FAILED;
    rc = axl_ctx_alloc(&ctx, axl_cmd_logger());
    if (!rc)
        rc = axl_dtcheck(ctx, blob, size, &opts, &rep);
    if (rc) {
        if (!axl_cmd_errors_reported())
            axl_err("dt-check: %s: %s", file, axl_strerror(rc));
        rc = EXIT_JOB_FAILED;
        goto out;
    }
    failed = rep->errors || (strict && rep->warnings);
    if (json ? print_json(file, rep, strict, failed)
             : (print_text(file, rep, strict, failed), 0)) {
        rc = EXIT_JOB_FAILED;
        goto out;
    }
    if (fflush(stdout) || ferror(stdout)) {
        axl_err("stdout: cannot write");
        rc = EXIT_JOB_FAILED;
        goto out;
    }
    summary_line(file, rep, strict);
    rc = failed ? EXIT_JOB_FAILED : 0;
out:
    axl_dtcheck_report_free(rep);
    axl_ctx_free(ctx);
    free(blob);
    return rc;
}
