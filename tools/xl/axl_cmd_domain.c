/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl list, destroy, shutdown, reboot, pause, unpause, console. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axl_cmd.h"

/* Debian's xenconsole of the Xen this axl was built for. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define AXL_XENCONSOLE \
    "/usr/lib/xen-" STR(AXL_XEN_ABI_MAJOR) "." STR(AXL_XEN_ABI_MINOR) \
    "/bin/xenconsole"

/* Opens the host and resolves argv[optind] (a name or an id). */
static int open_domain(const char *cmd, int argc, char **argv,
                       axl_ctx **ctx_r, axl_host **host_r,
                       uint32_t *domid_r)
{
    if (optind != argc - 1) {
        axl_err("%s: expected exactly one DOMAIN (a name or an id)", cmd);
        return EXIT_USAGE;
    }
    if (axl_ctx_alloc(ctx_r, axl_cmd_logger()))
        return EXIT_JOB_FAILED;
    if (axl_host_open(*ctx_r, host_r))
        return EXIT_JOB_FAILED;
    if (axl_domain_lookup(*ctx_r, *host_r, argv[optind], domid_r))
        return EXIT_JOB_FAILED;
    return 0;
}

/* Options: only -h (and -w for those that wait). */
static int simple_options(const char *cmd, int argc, char **argv,
                          const char *usage, bool *wait_r)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt(argc, argv, wait_r ? "+:wh" : "+:h")) != -1) {
        switch (c) {
        case 'w':
            *wait_r = true;
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

typedef int domain_op(axl_ctx *ctx, axl_host *h, uint32_t domid);

static int run_op(const char *cmd, const char *usage, domain_op *op,
                  int argc, char **argv)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    uint32_t domid;
    int rc = simple_options(cmd, argc, argv, usage, NULL);

    if (rc)
        return rc < 0 ? 0 : rc;
    rc = open_domain(cmd, argc, argv, &ctx, &host, &domid);
    if (!rc && op(ctx, host, domid))
        rc = EXIT_JOB_FAILED;
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}

int axl_cmd_destroy(int argc, char **argv)
{
    return run_op("destroy", "axl destroy DOMAIN", axl_domain_destroy,
                  argc, argv);
}

int axl_cmd_pause(int argc, char **argv)
{
    return run_op("pause", "axl pause DOMAIN", axl_domain_pause, argc, argv);
}

int axl_cmd_unpause(int argc, char **argv)
{
    return run_op("unpause", "axl unpause DOMAIN", axl_domain_unpause,
                  argc, argv);
}

static int request(const char *cmd, axl_shutdown_request req, int argc,
                   char **argv)
{
    char usage[64];
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    bool wait = false, gone;
    unsigned int reason;
    uint32_t domid;
    int rc;

    snprintf(usage, sizeof(usage), "axl %s [-w] DOMAIN", cmd);
    rc = simple_options(cmd, argc, argv, usage, &wait);
    if (rc)
        return rc < 0 ? 0 : rc;
    rc = open_domain(cmd, argc, argv, &ctx, &host, &domid);
    if (!rc && axl_domain_shutdown(ctx, host, domid, req))
        rc = EXIT_JOB_FAILED;
    /* -w: until the domain is gone (a poweroff) or back (a reboot). */
    if (!rc && wait) {
        if (req == AXL_SHUTDOWN_POWEROFF) {
            do {
                if (axl_domain_wait(ctx, host, domid, -1, &gone, &reason)) {
                    rc = EXIT_JOB_FAILED;
                    break;
                }
                if (!gone)
                    usleep(100000); /* the monitor destroys it */
            } while (!gone);
        } else if (axl_domain_wait(ctx, host, domid, -1, &gone, &reason)) {
            rc = EXIT_JOB_FAILED;
        }
    }
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}

int axl_cmd_shutdown(int argc, char **argv)
{
    return request("shutdown", AXL_SHUTDOWN_POWEROFF, argc, argv);
}

int axl_cmd_reboot(int argc, char **argv)
{
    return request("reboot", AXL_SHUTDOWN_REBOOT, argc, argv);
}

static const char *state_letters(const axl_dominfo *d)
{
    switch (d->state) {
    case AXL_STATE_RUNNING:  return "r-----";
    case AXL_STATE_PAUSED:   return "--p---";
    case AXL_STATE_SHUTDOWN:
        return d->shutdown_reason == AXL_REASON_CRASH ? "-----c" : "---s--";
    case AXL_STATE_DYING:    return "-----d";
    }
    return "------";
}

int axl_cmd_list(int argc, char **argv)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    axl_dominfo *list = NULL;
    size_t nr = 0, i;
    int rc = simple_options("list", argc, argv, "axl list", NULL);

    if (rc)
        return rc < 0 ? 0 : rc;
    if (optind != argc) {
        axl_err("list: takes no arguments");
        return EXIT_USAGE;
    }
    rc = EXIT_JOB_FAILED;
    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) ||
        axl_host_open(ctx, &host) ||
        axl_domain_list(ctx, host, &list, &nr))
        goto out;
    printf("%-32s %5s %9s %5s %-6s %s\n", "Name", "ID", "Mem(MiB)", "VCPUs",
           "State", "Addr bits");
    for (i = 0; i < nr; i++)
        printf("%-32s %5u %9llu %5u %-6s %u\n",
               list[i].name[0] ? list[i].name : "(null)", list[i].domid,
               (unsigned long long)(list[i].memory_kb / 1024),
               list[i].vcpus, state_letters(&list[i]),
               list[i].gpaddr_bits);
    rc = 0;
out:
    free(list);
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}

int axl_console_exec(uint32_t domid, bool vuart)
{
    const char *prog = getenv("AXL_XENCONSOLE");
    char id[16];

    if (!prog)
        prog = AXL_XENCONSOLE;
    snprintf(id, sizeof(id), "%u", domid);
    execl(prog, prog, id, "--num", "0", "--type", vuart ? "vuart" : "pv",
          (char *)NULL);
    axl_err("console: cannot run %s: %s (set AXL_XENCONSOLE)", prog,
            strerror(errno));
    return EXIT_JOB_FAILED;
}

int axl_cmd_console(int argc, char **argv)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    uint32_t domid;
    bool vuart = false;
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt(argc, argv, "+:t:h")) != -1) {
        switch (c) {
        case 't':
            if (strcmp(optarg, "pv") && strcmp(optarg, "vuart")) {
                axl_err("console: -t takes pv or vuart");
                return EXIT_USAGE;
            }
            vuart = !strcmp(optarg, "vuart");
            break;
        case 'h':
            printf("usage: axl console [-t pv|vuart] DOMAIN\n");
            return 0;
        default:
            return axl_opt_bad("console", c, argv);
        }
    }
    rc = open_domain("console", argc, argv, &ctx, &host, &domid);
    axl_host_close(host);
    axl_ctx_free(ctx);
    if (rc)
        return rc;
    return axl_console_exec(domid, vuart);
}
