/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl memmap: the guest physical map, the extended regions, and why any
 * other candidate space was not advertised. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "axl_cmd.h"
#include "axl_escape.h"
#include "axl_json.h"

enum { OPT_JSON = 256, OPT_GPADDR_BITS, OPT_XEN_VERSION };

static const struct option memmap_options[] = {
    { "json",         no_argument,       NULL, OPT_JSON },
    { "gpaddr-bits",  required_argument, NULL, OPT_GPADDR_BITS },
    { "xen-version",  required_argument, NULL, OPT_XEN_VERSION },
    { "help",         no_argument,       NULL, 'h' },
    AXL_EXT_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

static uint64_t range_size(uint64_t start, uint64_t last)
{
    uint64_t span = last - start;

    return span == UINT64_MAX ? UINT64_MAX : span + 1;
}

/* "iomem[3]", "ram bank 1", "partial-dt /passthrough/dev@0 reg[0]". */
static void window_name(const axl_window *w, char *buf, size_t len)
{
    const char *o = axl_owner_to_string(w->owner);

    switch (w->owner) {
    case AXL_OWNER_RAM:
        snprintf(buf, len, "%s bank %zu", o, w->index);
        break;
    case AXL_OWNER_IOMEM:
        snprintf(buf, len, "%s[%zu]", o, w->index);
        break;
    case AXL_OWNER_VIRTIO:
        snprintf(buf, len, "%s slot %zu", o, w->index);
        break;
    case AXL_OWNER_PARTIAL_DT:
        snprintf(buf, len, "%s %s reg[%zu]", o, w->label ? w->label : "?",
                 w->index);
        break;
    default:
        snprintf(buf, len, "%s", o);
    }
}

static void note_reason(const axl_ext_note *n, char *buf, size_t len)
{
    const char *verdict = n->verdict == AXL_EXT_DROPPED ? "dropped"
                                                        : "trimmed";
    char what[600];

    switch (n->reason) {
    case AXL_EXT_OVERLAP:
        window_name(&n->window, what, sizeof(what));
        snprintf(buf, len, "%s: overlaps %s", verdict, what);
        break;
    case AXL_EXT_TOO_SMALL:
        snprintf(buf, len, "%s: smaller than ext_regions_min_size", verdict);
        break;
    case AXL_EXT_UNALIGNED:
        snprintf(buf, len, "%s: not ext_regions_align aligned", verdict);
        break;
    case AXL_EXT_BEYOND_WIDTH:
        snprintf(buf, len, "%s: beyond the address width", verdict);
        break;
    case AXL_EXT_BANK_FULL:
        snprintf(buf, len, "%s: RAM fills bank %zu, no tail", verdict,
                 n->bank);
        break;
    case AXL_EXT_ABOVE_LIMIT:
        snprintf(buf, len, "%s: above ext_regions_limit", verdict);
        break;
    case AXL_EXT_OVER_MAX:
        snprintf(buf, len, "%s: not among the ext_regions_max largest",
                 verdict);
        break;
    case AXL_EXT_OVER_SIZE:
        snprintf(buf, len, "%s: past ext_regions_size", verdict);
        break;
    }
}

static void print_row(uint64_t start, uint64_t last, const char *what)
{
    char size[32];

    axl_format_size(range_size(start, last), size, sizeof(size));
    printf("0x%016"PRIx64"  0x%016"PRIx64"  %10s  %s\n", start, last, size,
           what);
}

void axl_print_memmap(const char *name, unsigned int bits,
                      const axl_guest *g)
{
    const axl_window *w;
    const axl_range *r;
    const axl_ext_note *n;
    size_t nr, i;
    char what[700];

    w = axl_guest_memmap(g, &nr);
    fputs("Guest physical memory map of \"", stdout);
    axl_fputs_escaped(stdout, name);
    printf("\" (%u-bit address space)\n", bits);
    printf("%-18s  %-18s  %10s  %s\n", "BASE", "END (incl.)", "SIZE",
           "OWNER");
    for (i = 0; i < nr; i++) {
        window_name(&w[i], what, sizeof(what));
        print_row(w[i].start, w[i].last, what);
    }
    r = axl_guest_ext_regions(g, &nr);
    if (nr)
        printf("\nExtended regions (/hypervisor reg 1..%zu; region 0 is the "
               "grant table)\n", nr);
    else
        printf("\nExtended regions: none (the guest will balloon out RAM "
               "to map foreign pages)\n");
    for (i = 0; i < nr; i++) {
        snprintf(what, sizeof(what), "region %zu", i + 1);
        print_row(r[i].start, r[i].last, what);
    }
    n = axl_guest_ext_notes(g, &nr);
    if (nr)
        printf("\nCandidate space not advertised\n");
    for (i = 0; i < nr; i++) {
        note_reason(&n[i], what, sizeof(what));
        print_row(n[i].range.start, n[i].range.last, what);
    }
}

static void gen_range(yajl_gen j, uint64_t start, uint64_t last)
{
    axl_json_num(j, "start", start);
    axl_json_num(j, "last", last);
    axl_json_num(j, "size", range_size(start, last));
}

static void gen_window(yajl_gen j, const axl_window *w)
{
    yajl_gen_map_open(j);
    gen_range(j, w->start, w->last);
    axl_json_str(j, "owner", axl_owner_to_string(w->owner));
    axl_json_num(j, "index", w->index);
    if (w->label)
        axl_json_str(j, "label", w->label);
    yajl_gen_map_close(j);
}

static int print_json(const char *name, unsigned int bits,
                      const char *version, const axl_guest *g)
{
    const axl_window *w;
    const axl_range *r;
    const axl_ext_note *n;
    size_t nr, i;
    yajl_gen j = axl_json_open();

    if (!j)
        return -1;
    yajl_gen_map_open(j);
    axl_json_str(j, "name", name);
    axl_json_num(j, "gpaddr_bits", bits);
    axl_json_str(j, "xen_version", version);

    axl_json_key(j, "windows");
    yajl_gen_array_open(j);
    w = axl_guest_memmap(g, &nr);
    for (i = 0; i < nr; i++)
        gen_window(j, &w[i]);
    yajl_gen_array_close(j);

    axl_json_key(j, "extended_regions");
    yajl_gen_array_open(j);
    r = axl_guest_ext_regions(g, &nr);
    for (i = 0; i < nr; i++) {
        yajl_gen_map_open(j);
        gen_range(j, r[i].start, r[i].last);
        yajl_gen_map_close(j);
    }
    yajl_gen_array_close(j);

    axl_json_key(j, "not_advertised");
    yajl_gen_array_open(j);
    n = axl_guest_ext_notes(g, &nr);
    for (i = 0; i < nr; i++) {
        yajl_gen_map_open(j);
        gen_range(j, n[i].range.start, n[i].range.last);
        axl_json_str(j, "verdict", n[i].verdict == AXL_EXT_DROPPED
                                   ? "dropped" : "trimmed");
        axl_json_str(j, "reason", axl_ext_reason_to_string(n[i].reason));
        if (n[i].bank != AXL_NO_BANK)
            axl_json_num(j, "bank", n[i].bank);
        if (n[i].reason == AXL_EXT_OVERLAP) {
            axl_json_key(j, "window");
            gen_window(j, &n[i].window);
        }
        yajl_gen_map_close(j);
    }
    yajl_gen_array_close(j);
    yajl_gen_map_close(j);
    return axl_json_close(j);
}

int axl_cmd_memmap(int argc, char **argv)
{
    axl_build_options opts;
    axl_domain_config cfg;
    axl_ctx *ctx = NULL;
    axl_guest *guest = NULL;
    axl_settings settings = { NULL, 0 };
    char version[16];
    bool json = false;
    int c, rc;

    axl_build_options_init(&opts);
    axl_domain_config_init(&cfg);
    /* The seed's value does not matter here, only its size (the DTB's
     * size decides where the modules go): skip getrandom. */
    opts.rng_seed = AXL_RNG_SEED_FIXED;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", memmap_options, NULL)) != -1) {
        switch (c) {
        case OPT_JSON:
            json = true;
            break;
        case OPT_GPADDR_BITS:
            if (axl_opt_gpaddr_bits(optarg, &opts.gpaddr_bits)) {
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_XEN_VERSION:
            if (axl_opt_xen_version(optarg, &opts.xen_major,
                                    &opts.xen_minor)) {
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case 'h':
            printf("usage: axl memmap [--json] [--gpaddr-bits N] "
                   "[--xen-version MAJ.MIN]\n"
                   AXL_EXT_USAGE "\n       CONFIG [KEY=VALUE...]\n");
            return 0;
        default:
            rc = axl_opt_other("memmap", c, argv, &settings);
            if (rc)
                goto out;
        }
    }
    rc = axl_build_from_args(argc, argv, optind, &settings, &opts, &cfg,
                             &ctx, &guest);
    if (rc)
        goto out;
    snprintf(version, sizeof(version), "%u.%u", opts.xen_major,
             opts.xen_minor);
    if (json)
        rc = print_json(cfg.name, opts.gpaddr_bits, version, guest) ?
             EXIT_JOB_FAILED : 0;
    else
        axl_print_memmap(cfg.name, opts.gpaddr_bits, guest);
    if (fflush(stdout) || ferror(stdout)) {
        axl_err("stdout: cannot write");
        rc = EXIT_JOB_FAILED;
    }
out:
    axl_settings_dispose(&settings);
    axl_guest_free(guest);
    axl_ctx_free(ctx);
    axl_domain_config_dispose(&cfg);
    return rc;
}
