/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl create: build and start a real Arm domain. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axl_cmd.h"

/* xl's lock (XL_LOCK_FILE of Debian's xl): creations by xl and axl run
 * one at a time, as xl's own do. */
#ifndef AXL_LOCK_FILE
#define AXL_LOCK_FILE "/var/lock/xl"
#endif

static int lock_creation(void)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fd = open(AXL_LOCK_FILE, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                  S_IWUSR);

    if (fd < 0) {
        axl_err("create: cannot open the lock file %s: %s", AXL_LOCK_FILE,
                strerror(errno));
        return -1;
    }
    while (fcntl(fd, F_SETLKW, &fl) < 0) {
        if (errno != EINTR) {
            axl_err("create: cannot lock %s: %s", AXL_LOCK_FILE,
                    strerror(errno));
            close(fd);
            return -1;
        }
    }
    return fd;
}

/* backend=NAME of a virtio device, disk or vif: the running domain's id, as
 * libxl resolves it. */
static int resolve_one(axl_ctx *ctx, axl_host *host, const char *what,
                       size_t i, const char *name, uint32_t *domid)
{
    int rc;

    if (*domid != AXL_DOMID_UNRESOLVED)
        return 0;
    /* the lookup names the domain it did not find: one line */
    (void)what;
    (void)i;
    rc = axl_domain_lookup(ctx, host, name, domid);
    return rc ? -1 : 0;
}

static int resolve_backends(axl_ctx *ctx, axl_host *host,
                            axl_domain_config *cfg)
{
    size_t i;

    for (i = 0; i < cfg->nr_virtio; i++)
        if (resolve_one(ctx, host, "virtio", i, cfg->virtio[i].backend,
                        &cfg->virtio[i].backend_domid))
            return -1;
    for (i = 0; i < cfg->nr_disks; i++)
        if (resolve_one(ctx, host, "disk", i, cfg->disks[i].backend,
                        &cfg->disks[i].backend_domid))
            return -1;
    for (i = 0; i < cfg->nr_nics; i++)
        if (resolve_one(ctx, host, "vif", i, cfg->nics[i].backend,
                        &cfg->nics[i].backend_domid))
            return -1;
    return 0;
}

static const struct option create_options[] = {
    { "paused",  no_argument, NULL, 'p' },
    { "console", no_argument, NULL, 'c' },
    { "quiet",   no_argument, NULL, 'q' },
    { "dryrun",  no_argument, NULL, 'n' },
    { "help",    no_argument, NULL, 'h' },
    AXL_EXT_LONG_OPTIONS,
    { NULL, 0, NULL, 0 },
};

int axl_cmd_create(int argc, char **argv)
{
    axl_build_options opts;
    axl_domain_config cfg;
    axl_settings settings = { NULL, 0 };
    axl_ctx *ctx = NULL;
    axl_guest *guest = NULL;
    axl_host *host = NULL;
    bool paused = false, console = false, quiet = false, dryrun = false;
    uint32_t domid;
    int c, rc, lock = -1;

    axl_build_options_init(&opts);
    axl_domain_config_init(&cfg);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:pcqnh", create_options,
                            NULL)) != -1) {
        switch (c) {
        case 'p': paused = true; break;
        case 'c': console = true; break;
        case 'q': quiet = true; break;
        case 'n': dryrun = true; break;
        case 'h':
            printf("usage: axl create [-p] [-c] [-q] [-n]\n" AXL_EXT_USAGE
                   "\n       CONFIG [KEY=VALUE...]\n");
            return 0;
        default:
            rc = axl_opt_other("create", c, argv, &settings);
            if (rc)
                goto out;
        }
    }

    /* The dry run builds the guest exactly as for a real host with the
     * defaults of axl dt, and creates nothing. */
    if (dryrun) {
        opts.rng_seed = AXL_RNG_SEED_FIXED;
        rc = axl_build_from_args(argc, argv, optind, &settings, &opts, &cfg,
                                 &ctx, &guest);
        if (!rc && !quiet)
            axl_print_memmap(cfg.name, opts.gpaddr_bits, guest);
        goto out;
    }
    axl_trace("command start");
    /* A key axl create does not implement would be silently dropped. */
    axl_parse_for_create(true);
    rc = axl_parse_from_args(argc, argv, optind, &settings, &cfg);
    if (rc)
        goto out;
    axl_trace("config parsed");
    rc = EXIT_JOB_FAILED;
    if (axl_ctx_alloc(&ctx, axl_cmd_logger()))
        goto out;
    if (axl_host_open(ctx, &host))
        goto out;
    axl_trace("host opened");
    if (resolve_backends(ctx, host, &cfg))
        goto out;
    lock = lock_creation();
    if (lock < 0)
        goto out;
    if (axl_domain_create(ctx, host, &cfg, &domid, &guest))
        goto out;
    axl_trace("domain created");
    if (!paused && axl_domain_unpause(ctx, host, domid)) {
        axl_domain_destroy(ctx, host, domid);
        goto out;
    }
    if (!quiet)
        printf("Created domain \"%s\" (id %u)%s\n", cfg.name, domid,
               paused ? ", paused" : "");
    fflush(stdout);
    /* The monitor carries out on_poweroff, on_reboot and on_crash. */
    if (axl_monitor_start(&cfg, domid))
        axl_warn("create: no monitor: on_poweroff/on_reboot/on_crash will "
                 "not be carried out for domain %u", domid);
    axl_trace("monitor started");
    close(lock);
    lock = -1;
    rc = 0;
    if (console) {
        axl_host_close(host);
        host = NULL;
        rc = axl_console_exec(domid, false);
    }
out:
    if (lock >= 0)
        close(lock);
    if (rc && !axl_cmd_errors_reported())
        axl_err("create failed");
    axl_host_close(host);
    axl_settings_dispose(&settings);
    axl_guest_free(guest);
    axl_ctx_free(ctx);
    axl_domain_config_dispose(&cfg);
    return rc;
}
