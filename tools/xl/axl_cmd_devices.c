/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * axl block-list|block-attach|block-detach and
 * network-list|network-attach|network-detach, with xl's arguments and
 * xl's table layout.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "axl_cmd.h"
#include "axl_parse.h"

/* -h, and -f where @force_r is given; returns -1 after printing help. */
static int dev_options(const char *cmd, int argc, char **argv,
                       const char *usage, bool *force_r)
{
    static const struct option longs[] = {
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, force_r ? "+:fh" : "+:h", longs,
                            NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!force_r)
                return axl_opt_bad(cmd, '?', argv);
            *force_r = true;
            break;
        case 'h':
            printf("usage: %s\n", usage);
            return -1;
        default:
            return axl_opt_bad(cmd, c, argv);
        }
    }
    return 0;
}

typedef struct session {
    axl_ctx *ctx;
    axl_host *host;
} session;

static int open_session(session *s)
{
    memset(s, 0, sizeof(*s));
    if (axl_ctx_alloc(&s->ctx, axl_cmd_logger()) ||
        axl_host_open(s->ctx, &s->host))
        return EXIT_JOB_FAILED;
    return 0;
}

static void close_session(session *s)
{
    axl_host_close(s->host);
    axl_ctx_free(s->ctx);
}

/* ---- list ---------------------------------------------------------------- */

static void print_vbd(const axl_devinfo *d, uint32_t domid)
{
    /*      Vdev BE  hdl  st   evch rref BE-path, as xl block-list */
    printf("%-5d %-3u %-6u %-5d %-6d %-8d %-30s\n", d->devid,
           d->backend_domid, domid, d->state, d->evtchn, d->ring_ref,
           d->backend);
}

static void print_vif(const axl_devinfo *d, uint32_t domid)
{
    (void)domid;
    printf("%-3d %-2u %-17s%6d %5d %6d %5d/%-11d %-30s\n", d->devid,
           d->backend_domid, d->mac, d->devid, d->state, d->evtchn,
           d->ring_ref, d->rx_ring_ref, d->backend);
}

/* xl prints the heading, then each domain's devices; a domain it cannot
 * find is reported and skipped. */
static int list_cmd(const char *cmd, const char *usage, axl_device_kind kind,
                    int argc, char **argv)
{
    session s;
    int rc = dev_options(cmd, argc, argv, usage, NULL), i;

    if (rc)
        return rc < 0 ? 0 : rc;
    if (optind >= argc) {
        axl_err("%s: expected one or more DOMAINs", cmd);
        return EXIT_USAGE;
    }
    rc = open_session(&s);
    if (rc) {
        close_session(&s);
        return rc;
    }
    if (kind == AXL_DEVICE_VBD)
        printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
               "handle", "state", "evt-ch", "ring-ref", "BE-path");
    else
        printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx",
               "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
               "rx-ring-ref", "BE-path");
    for (i = optind; i < argc; i++) {
        axl_devinfo *list;
        uint32_t domid;
        size_t nr, k;

        if (axl_domain_lookup(s.ctx, s.host, argv[i], &domid) ||
            axl_device_list(s.ctx, s.host, domid, kind, &list, &nr)) {
            rc = EXIT_JOB_FAILED;
            continue;
        }
        for (k = 0; k < nr; k++)
            (kind == AXL_DEVICE_VBD ? print_vbd : print_vif)(&list[k], domid);
        free(list);
    }
    if (fflush(stdout) || ferror(stdout)) {
        axl_err("%s: cannot write the list: %s", cmd, strerror(errno));
        rc = EXIT_JOB_FAILED;
    }
    close_session(&s);
    return rc;
}

int axl_cmd_block_list(int argc, char **argv)
{
    return list_cmd("block-list", "axl block-list DOMAIN...", AXL_DEVICE_VBD,
                    argc, argv);
}

int axl_cmd_network_list(int argc, char **argv)
{
    return list_cmd("network-list", "axl network-list DOMAIN...",
                    AXL_DEVICE_VIF, argc, argv);
}

/* ---- attach -------------------------------------------------------------- */

/* The domain of argv[optind], with at least @min_more arguments after. */
static int domain_arg(session *s, const char *cmd, int argc, char **argv,
                      int min_more, const char *what, uint32_t *domid_r)
{
    if (argc - optind < 1 + min_more) {
        axl_err("%s: expected DOMAIN and %s", cmd, what);
        return EXIT_USAGE;
    }
    if (open_session(s))
        return EXIT_JOB_FAILED;
    if (axl_domain_lookup(s->ctx, s->host, argv[optind], domid_r))
        return EXIT_JOB_FAILED;
    return 0;
}

int axl_cmd_block_attach(int argc, char **argv)
{
    static const char usage[] =
        "axl block-attach DOMAIN DISK-SPEC-COMPONENT...";
    axl_domain_config cfg;
    session s;
    uint32_t domid;
    int rc = dev_options("block-attach", argc, argv, usage, NULL);

    if (rc)
        return rc < 0 ? 0 : rc;
    memset(&s, 0, sizeof(s));
    axl_domain_config_init(&cfg);
    rc = domain_arg(&s, "block-attach", argc, argv, 1,
                    "a disk specification", &domid);
    if (rc)
        goto out;
    cfg.disks = calloc(1, sizeof(*cfg.disks));
    if (!cfg.disks) {
        axl_err("block-attach: out of memory");
        rc = EXIT_JOB_FAILED;
        goto out;
    }
    cfg.nr_disks = 1;
    if (axl_parse_disk_args(argc - optind - 1, argv + optind + 1,
                            cfg.disks) ||
        axl_device_disk_add(s.ctx, s.host, domid, cfg.disks, NULL))
        rc = EXIT_JOB_FAILED;
out:
    axl_domain_config_dispose(&cfg);
    close_session(&s);
    return rc;
}

int axl_cmd_network_attach(int argc, char **argv)
{
    static const char usage[] = "axl network-attach DOMAIN [KEY=VALUE...]";
    axl_domain_config cfg;
    session s;
    uint32_t domid;
    int rc = dev_options("network-attach", argc, argv, usage, NULL);

    if (rc)
        return rc < 0 ? 0 : rc;
    memset(&s, 0, sizeof(s));
    axl_domain_config_init(&cfg);
    rc = domain_arg(&s, "network-attach", argc, argv, 0, "vif settings",
                    &domid);
    if (rc)
        goto out;
    cfg.nics = calloc(1, sizeof(*cfg.nics));
    if (!cfg.nics) {
        axl_err("network-attach: out of memory");
        rc = EXIT_JOB_FAILED;
        goto out;
    }
    cfg.nr_nics = 1;
    if (axl_parse_nic_args(argc - optind - 1, argv + optind + 1, cfg.nics) ||
        axl_device_nic_add(s.ctx, s.host, domid, cfg.nics, NULL))
        rc = EXIT_JOB_FAILED;
out:
    axl_domain_config_dispose(&cfg);
    close_session(&s);
    return rc;
}

/* ---- detach -------------------------------------------------------------- */

/* A vif by device id or MAC address, as xl network-detach. */
static int find_vif(session *s, uint32_t domid, const char *which,
                    int *devid_r)
{
    axl_devinfo *list;
    size_t nr, i;
    char *end;
    int rc = -1;

    if (axl_device_list(s->ctx, s->host, domid, AXL_DEVICE_VIF, &list, &nr))
        return -1;
    for (i = 0; i < nr && rc; i++) {
        if (strchr(which, ':') ? !strcasecmp(list[i].mac, which) :
            (strtol(which, &end, 10) == list[i].devid && !*end &&
             end != which)) {
            *devid_r = list[i].devid;
            rc = 0;
        }
    }
    free(list);
    if (rc)
        axl_err("network-detach: domain %u has no vif %s", domid, which);
    return rc;
}

static int detach_cmd(const char *cmd, const char *usage,
                      axl_device_kind kind, int argc, char **argv)
{
    bool force = false;
    session s;
    uint32_t domid;
    int devid, rc = dev_options(cmd, argc, argv, usage, &force);

    if (rc)
        return rc < 0 ? 0 : rc;
    memset(&s, 0, sizeof(s));
    if (argc - optind != 2) {
        axl_err("%s: expected DOMAIN and %s", cmd, kind == AXL_DEVICE_VBD ?
                "a VDEV" : "a DEVID or MAC");
        return EXIT_USAGE;
    }
    rc = domain_arg(&s, cmd, argc, argv, 1, "a device", &domid);
    if (!rc && kind == AXL_DEVICE_VBD) {
        devid = axl_vdev_to_devid(argv[optind + 1]);
        if (devid < 0) {
            axl_err("%s: \"%s\" is not a vdev (xvda, sdb, 51712...)", cmd,
                    argv[optind + 1]);
            rc = EXIT_JOB_FAILED;
        }
    } else if (!rc && find_vif(&s, domid, argv[optind + 1], &devid)) {
        rc = EXIT_JOB_FAILED;
    }
    if (!rc && axl_device_remove(s.ctx, s.host, domid, kind, devid, force))
        rc = EXIT_JOB_FAILED;
    close_session(&s);
    return rc;
}

int axl_cmd_block_detach(int argc, char **argv)
{
    return detach_cmd("block-detach", "axl block-detach [-f|--force] DOMAIN VDEV",
                      AXL_DEVICE_VBD, argc, argv);
}

int axl_cmd_network_detach(int argc, char **argv)
{
    return detach_cmd("network-detach",
                      "axl network-detach [-f|--force] DOMAIN DEVID|MAC",
                      AXL_DEVICE_VIF, argc, argv);
}
