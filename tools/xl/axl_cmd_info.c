/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl info (the host, as xl info shows it) and axl dmesg (Xen's console). */
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"
#include "axl_escape.h"
#include "axl_json.h"

/* dom0's own tree, which Xen writes from the host's: where its GIC shows. */
#define DOM0_DT "/proc/device-tree"

/* The GIC of the host: "v2", "v3", or "unknown" when dom0's tree has no
 * top-level interrupt controller axl knows. */
static const char *host_gic(void)
{
    const char *dir = getenv("AXL_DOM0_DT");
    const char *gic = "unknown";
    struct dirent *e;
    DIR *d;

    if (!dir)
        dir = DOM0_DT;
    d = opendir(dir);
    if (!d)
        return gic;
    while ((e = readdir(d)) && !strcmp(gic, "unknown")) {
        char path[1024], buf[256];
        size_t n, i;
        FILE *f;

        if (strncmp(e->d_name, "interrupt-controller", 20))
            continue;
        snprintf(path, sizeof(path), "%s/%s/compatible", dir, e->d_name);
        f = fopen(path, "rb");
        if (!f)
            continue;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* A list of NUL-separated strings. */
        for (i = 0; i < n; i += strlen(buf + i) + 1) {
            if (!strcmp(buf + i, "arm,gic-v3"))
                gic = "v3";
            else if (!strcmp(buf + i, "arm,cortex-a15-gic") ||
                     !strcmp(buf + i, "arm,gic-400") ||
                     !strcmp(buf + i, "arm,cortex-a9-gic"))
                gic = "v2";
        }
    }
    closedir(d);
    return gic;
}

static void print_text(const axl_hostinfo *i, const char *gic)
{
    printf("xen_major              : %u\n", i->xen_major);
    printf("xen_minor              : %u\n", i->xen_minor);
    printf("xen_extra              : %s\n", i->xen_extra);
    printf("xen_version            : %u.%u%s\n", i->xen_major, i->xen_minor,
           i->xen_extra);
    printf("xen_caps               : %s\n", i->xen_caps);
    printf("nr_cpus                : %u\n", i->nr_cpus);
    printf("total_memory           : %" PRIu64 "\n", i->total_kb / 1024);
    printf("free_memory            : %" PRIu64 "\n", i->free_kb / 1024);
    printf("gpaddr_bits            : %u\n", i->gpaddr_bits);
    printf("gic_version            : %s\n", gic);
    printf("sve_max_bits           : %u\n", i->sve_max_bits);
    printf("xen_commandline        : %s\n", i->xen_commandline);
}

static int print_json(const axl_hostinfo *i, const char *gic)
{
    char ver[64];
    yajl_gen j = axl_json_open();

    if (!j)
        return -1;
    snprintf(ver, sizeof(ver), "%u.%u%s", i->xen_major, i->xen_minor,
             i->xen_extra);
    yajl_gen_map_open(j);
    axl_json_num(j, "xen_major", i->xen_major);
    axl_json_num(j, "xen_minor", i->xen_minor);
    axl_json_str(j, "xen_extra", i->xen_extra);
    axl_json_str(j, "xen_version", ver);
    axl_json_str(j, "xen_caps", i->xen_caps);
    axl_json_num(j, "nr_cpus", i->nr_cpus);
    axl_json_num(j, "total_memory_kb", i->total_kb);
    axl_json_num(j, "free_memory_kb", i->free_kb);
    axl_json_num(j, "gpaddr_bits", i->gpaddr_bits);
    axl_json_str(j, "gic_version", gic);
    axl_json_num(j, "sve_max_bits", i->sve_max_bits);
    axl_json_str(j, "xen_commandline", i->xen_commandline);
    yajl_gen_map_close(j);
    return axl_json_close(j);
}

static const struct option info_options[] = {
    { "json", no_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int axl_cmd_info(int argc, char **argv)
{
    axl_hostinfo info;
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    bool json = false;
    int c, rc = EXIT_JOB_FAILED;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:h", info_options, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'h':
            printf("usage: axl info [--json]\n");
            return 0;
        default:
            return axl_opt_bad("info", c, argv);
        }
    }
    if (optind != argc) {
        axl_err("info: takes no arguments");
        return EXIT_USAGE;
    }
    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) ||
        axl_host_open(ctx, &host) || axl_host_info(ctx, host, &info))
        goto out;
    if (json ? print_json(&info, host_gic()) :
        (print_text(&info, host_gic()), 0))
        goto out;
    rc = fflush(stdout) || ferror(stdout) ? EXIT_JOB_FAILED : 0;
    if (rc)
        axl_err("stdout: cannot write");
out:
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}

int axl_cmd_dmesg(int argc, char **argv)
{
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    bool clear = false;
    char *text = NULL;
    size_t len;
    int c, rc = EXIT_JOB_FAILED;

    optind = 1;
    opterr = 0;
    while ((c = getopt(argc, argv, "+:ch")) != -1) {
        switch (c) {
        case 'c':
            clear = true;
            break;
        case 'h':
            printf("usage: axl dmesg [-c]\n");
            return 0;
        default:
            return axl_opt_bad("dmesg", c, argv);
        }
    }
    if (optind != argc) {
        axl_err("dmesg: takes no arguments");
        return EXIT_USAGE;
    }
    if (axl_ctx_alloc(&ctx, axl_cmd_logger()) ||
        axl_host_open(ctx, &host) ||
        axl_host_dmesg(ctx, host, clear, &text, &len))
        goto out;
    /* The ring holds what guests print through Xen too: no byte of theirs
     * reaches the terminal raw (xl dmesg writes them as they are). */
    axl_fwrite_text(stdout, text, len);
    if (fflush(stdout) || ferror(stdout)) {
        axl_err("stdout: cannot write");
        goto out;
    }
    rc = 0;
out:
    free(text);
    axl_host_close(host);
    axl_ctx_free(ctx);
    return rc;
}
