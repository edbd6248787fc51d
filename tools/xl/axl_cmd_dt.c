/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl dt: the device tree the guest would receive, without Xen. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axl_cmd.h"

enum {
    OPT_DTS = 256,
    OPT_XEN_VERSION,
    OPT_GPADDR_BITS,
    OPT_SEED,
    OPT_NO_RNG_SEED,
    OPT_DOMAIN,
};

static const struct option dt_options[] = {
    { "output",       required_argument, NULL, 'o' },
    { "dts",          no_argument,       NULL, OPT_DTS },
    { "xen-version",  required_argument, NULL, OPT_XEN_VERSION },
    { "gpaddr-bits",  required_argument, NULL, OPT_GPADDR_BITS },
    { "seed",         required_argument, NULL, OPT_SEED },
    { "no-rng-seed",  no_argument,       NULL, OPT_NO_RNG_SEED },
    { "domain",       required_argument, NULL, OPT_DOMAIN },
    { "help",         no_argument,       NULL, 'h' },
    AXL_EXT_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

/* Whether @blob is a tree libfdt may walk (axl_dtcheck validates it
 * before anything else; its findings do not matter here). */
static int valid_blob(axl_ctx *ctx, const void *blob, size_t size)
{
    axl_dtcheck_report *rep = NULL;
    int rc = axl_dtcheck(ctx, blob, size, NULL, &rep);

    axl_dtcheck_report_free(rep);
    return rc;
}

/* The tree axl gave a running domain (kept in xenstore at creation),
 * checked like any blob from outside before it is written. */
static int domain_dtb(const char *domain, const char *out, bool dts)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    void *blob = NULL;
    size_t size;
    uint32_t domid;
    int rc = EXIT_JOB_FAILED;

    if (!axl_ctx_alloc(&ctx, axl_cmd_logger()) &&
        !axl_host_open(ctx, &host) &&
        !axl_domain_lookup(ctx, host, domain, &domid) &&
        !axl_domain_dtb(ctx, host, domid, &blob, &size) &&
        !valid_blob(ctx, blob, size))
        rc = (dts ? axl_write_dts_atomic(out, blob, size)
                  : axl_write_file_atomic(out, blob, size)) ? EXIT_JOB_FAILED
                                                            : 0;
    free(blob);
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}

int axl_cmd_dt(int argc, char **argv)
{
    const char *domain = NULL;
    axl_build_options opts;
    axl_domain_config cfg;
    axl_ctx *ctx = NULL;
    axl_guest *guest = NULL;
    axl_settings settings = { NULL, 0 };
    const char *out = "-";
    bool dts = false, seeded = false, no_seed = false;
    const void *blob;
    size_t size;
    int c, rc;

    axl_build_options_init(&opts);
    axl_domain_config_init(&cfg);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:o:h", dt_options, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg) {
                axl_err("dt: -o needs a file name");
                rc = EXIT_USAGE;
                goto out;
            }
            out = optarg;
            break;
        case OPT_DTS:
            dts = true;
            break;
        case OPT_XEN_VERSION:
            if (axl_opt_xen_version(optarg, &opts.xen_major, &opts.xen_minor)) {
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_GPADDR_BITS:
            if (axl_opt_gpaddr_bits(optarg, &opts.gpaddr_bits)) {
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_SEED:
            if (axl_opt_seed(optarg, &opts.rng_seed_value)) {
                rc = EXIT_USAGE;
                goto out;
            }
            opts.rng_seed = AXL_RNG_SEED_FIXED;
            seeded = true;
            break;
        case OPT_NO_RNG_SEED:
            opts.rng_seed = AXL_RNG_SEED_NONE;
            no_seed = true;
            break;
        case OPT_DOMAIN:
            domain = optarg;
            break;
        case 'h':
            printf("usage: axl dt [-o FILE] [--dts] [--xen-version MAJ.MIN] "
                   "[--gpaddr-bits N]\n       [--seed HEX | --no-rng-seed]\n"
                   AXL_EXT_USAGE "\n       CONFIG [KEY=VALUE...]\n"
                   "       axl dt [-o FILE] [--dts] --domain DOMAIN\n");
            return 0;
        default:
            rc = axl_opt_other("dt", c, argv, &settings);
            if (rc)
                goto out;
        }
    }
    if (seeded && no_seed) {
        axl_err("--seed and --no-rng-seed exclude each other");
        rc = EXIT_USAGE;
        goto out;
    }
    if (!dts && !strcmp(out, "-") && isatty(STDOUT_FILENO)) {
        axl_err("not writing a binary device tree to a terminal: use "
                "-o FILE or --dts");
        rc = EXIT_USAGE;
        goto out;
    }

    if (domain) {
        if (optind != argc) {
            axl_err("dt: --domain takes no CONFIG");
            rc = EXIT_USAGE;
            goto out;
        }
        rc = domain_dtb(domain, out, dts);
        goto out;
    }
    rc = axl_build_from_args(argc, argv, optind, &settings, &opts, &cfg,
                             &ctx, &guest);
    if (rc)
        goto out;
    blob = axl_guest_dtb(guest, &size);
    if (dts ? axl_write_dts_atomic(out, blob, size)
            : axl_write_file_atomic(out, blob, size))
        rc = EXIT_JOB_FAILED;
out:
    axl_settings_dispose(&settings);
    axl_guest_free(guest);
    axl_ctx_free(ctx);
    axl_domain_config_dispose(&cfg);
    return rc;
}
