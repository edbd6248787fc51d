/* SPDX-License-Identifier: LGPL-2.1-only */
/* axl: the command's entry point, help and version. */
#include <stdio.h>
#include <string.h>

#include "axl_cmd.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
} command;

static const command commands[] = {
    { "dt", axl_cmd_dt,
      "axl dt [-o FILE] [--dts] [--xen-version MAJ.MIN] [--gpaddr-bits N]\n"
      "       [--seed HEX | --no-rng-seed]\n" AXL_EXT_USAGE "\n"
      "       CONFIG [KEY=VALUE...]\n"
      "axl dt [-o FILE] [--dts] --domain DOMAIN",
      "write the device tree the guest would receive (no Xen needed),\n"
      "or the one a running domain was given" },
    { "memmap", axl_cmd_memmap,
      "axl memmap [--json] [--gpaddr-bits N]\n" AXL_EXT_USAGE "\n"
      "       CONFIG [KEY=VALUE...]",
      "print the guest physical memory map and extended regions" },
    { "dt-check", axl_cmd_dtcheck,
      "axl dt-check [--json] [--page-size 4K|16K|64K] [--strict] FILE",
      "check the extended regions of any device tree (DTB or directory)" },
    { "create", axl_cmd_create,
      "axl create [-p] [-c] [-q] [-n]\n" AXL_EXT_USAGE "\n"
      "       CONFIG [KEY=VALUE...]",
      "create a domain on Xen/Arm (-p paused, -c console, -n dry run)" },
    { "list", axl_cmd_list, "axl list", "list the domains" },
    { "destroy", axl_cmd_destroy, "axl destroy DOMAIN",
      "destroy a domain at once" },
    { "shutdown", axl_cmd_shutdown, "axl shutdown [-w] DOMAIN",
      "ask a domain to power off (-w: wait until it is gone)" },
    { "reboot", axl_cmd_reboot, "axl reboot [-w] DOMAIN",
      "ask a domain to reboot" },
    { "pause", axl_cmd_pause, "axl pause DOMAIN", "pause a domain" },
    { "unpause", axl_cmd_unpause, "axl unpause DOMAIN", "unpause a domain" },
    { "block-list", axl_cmd_block_list, "axl block-list DOMAIN...",
      "list the disks (vbds) of domains" },
    { "block-attach", axl_cmd_block_attach,
      "axl block-attach DOMAIN DISK-SPEC-COMPONENT...",
      "add a disk to a running domain (xl's disk syntax)" },
    { "block-detach", axl_cmd_block_detach,
      "axl block-detach [-f|--force] DOMAIN VDEV",
      "remove a disk from a running domain (-f: even if in use)" },
    { "network-list", axl_cmd_network_list, "axl network-list DOMAIN...",
      "list the network interfaces (vifs) of domains" },
    { "network-attach", axl_cmd_network_attach,
      "axl network-attach DOMAIN [KEY=VALUE...]",
      "add a vif to a running domain (xl's vif syntax)" },
    { "network-detach", axl_cmd_network_detach,
      "axl network-detach [-f|--force] DOMAIN DEVID|MAC",
      "remove a vif from a running domain" },
    { "console", axl_cmd_console, "axl console [-t pv|vuart] DOMAIN",
      "attach to a domain's console" },
    { "info", axl_cmd_info, "axl info [--json]",
      "show the host: Xen version, memory, address width, GIC" },
    { "dmesg", axl_cmd_dmesg, "axl dmesg [-c]",
      "print (and with -c clear) the hypervisor's console ring" },
    { "devd", axl_cmd_devd, "axl devd [-F] [-p PIDFILE]",
      "serve this driver domain's disk and vif backends (-F: in the "
      "foreground)" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const command *find_command(const char *name)
{
    size_t i;

    for (i = 0; i < NR_COMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void print_help(void)
{
    size_t i;

    printf("usage: axl [-v] COMMAND [ARGS...]\n\n"
           "Arm guests on Xen: memory maps, extended regions and device "
           "trees.\n\nCommands:\n");
    for (i = 0; i < NR_COMMANDS; i++)
        printf("  %-14s %s\n", commands[i].name, commands[i].summary);
    printf("  %-14s %s\n", "help", "show this, or the usage of a COMMAND");
    printf("\nOptions: -v more messages (repeatable), --version, --help.\n"
           "See axl(1) and axl.cfg(5).\n");
}

static int cmd_help(int argc, char **argv)
{
    const command *c;

    if (argc < 2) {
        print_help();
        return 0;
    }
    c = find_command(argv[1]);
    if (!c) {
        axl_err("help: unknown command \"%s\"", argv[1]);
        return EXIT_USAGE;
    }
    printf("usage: %s\n\n%s.\n", c->usage, c->summary);
    return 0;
}

int main(int argc, char **argv)
{
    const command *c;
    int i = 1;

    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-v")) {
            axl_cmd_logger_more_verbose();
        } else if (!strcmp(argv[i], "--version")) {
            /* The Xen whose libraries axl was built against; dry runs
             * may default to another (--with-xen-version). */
            printf("axl %s (Xen %d.%d ABI, domctl interface %#x; domain "
                   "commands %s; dry runs default to Xen %d.%d)\n",
                   AXL_VERSION, AXL_XEN_ABI_MAJOR, AXL_XEN_ABI_MINOR,
                   AXL_XEN_ABI_DOMCTL,
                   axl_host_supported() ? "enabled" : "not built (not Arm)",
                   AXL_XEN_VERSION_MAJOR, AXL_XEN_VERSION_MINOR);
            return 0;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help();
            return 0;
        } else {
            axl_err("unknown option \"%s\" (see 'axl help')", argv[i]);
            return EXIT_USAGE;
        }
        i++;
    }
    if (i >= argc) {
        axl_err("no COMMAND given (see 'axl help')");
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "help"))
        return cmd_help(argc - i, argv + i);
    c = find_command(argv[i]);
    if (!c) {
        axl_err("unknown command \"%s\" (see 'axl help')", argv[i]);
        return EXIT_USAGE;
    }
    return c->run(argc - i, argv + i);
}
