/*
 * The axl command seen from outside: each row of a table runs the binary
 * named by $AXL (posix_spawn, no shell) on a config and an argument vector,
 * then checks the exit code, the one "axl: error:" line on stderr, and that
 * a failed job leaves no output file and no temporary file behind.
 *
 * Placeholders, replaced in the config text, the arguments and the expected
 * message:
 *   {DIR}  the shared directory of input files (kernels, ramdisks, DTBs)
 *   {ROW}  this row's own directory
 *   {CFG}  {ROW}/guest.cfg, written from the row's text (if any)
 *   {OUT}  {ROW}/out/guest.dtb, the -o target; {ROW}/out starts empty
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "testlib.h"
#include "testrun.h"
#include "axl_cmd.h"

/* ---- the table ------------------------------------------------------- */

#define MAX_ARGS 12

typedef struct cli_row {
    const char *name;
    const char *cfg;            /* config text; NULL: no {CFG} file */
    const char *argv[MAX_ARGS]; /* after argv[0], NULL-terminated */
    int status;                 /* expected exit code */
    /* Failing rows: a substring of the one error line.  Passing rows: a
     * substring of the one warning line, or NULL for a silent run. */
    const char *expect;
    const char *env;            /* "NAME=VALUE" for the child, or NULL */
} cli_row;

#define OK   0
#define JOB  EXIT_JOB_FAILED
#define USE  EXIT_USAGE

/* A valid guest; rows append to it (or to BASE_NOMEM) what they break. */
#define BASE_NOMEM "name = \"guest\"\nkernel = \"{DIR}/Image\"\n"
#define BASE       BASE_NOMEM "memory = 256\n"

#define DT         { "dt", "-o", "{OUT}", "{CFG}" }
#define MEMMAP     { "memmap", "{CFG}" }

static const cli_row rows[] = {
    /* ---- xl.cfg syntax ---- */
    { "syntax: unterminated string", "name = \"guest\nkernel = \"x\"\n",
      DT, JOB, "config parsing error near", NULL },
    /* Two syntax errors are still one failed job: one line. */
    { "syntax: two errors, one line", BASE "vcpus = = 1\nmaxvcpus = ]\n",
      DT, JOB, "config parsing error near `='", NULL },
    /* libxlutil adds "Python code" warnings to a lexical error on "-1";
     * they must not come out as extra error lines. */
    { "syntax: negative number", BASE "max_grant_frames = -1\n",
      DT, JOB, "config parsing error near `-1'", NULL },
    { "syntax: in a KEY=VALUE argument", BASE,
      { "dt", "-o", "{OUT}", "{CFG}", "name = [" }, JOB,
      "config parsing error", NULL },

    /* ---- wrong types ---- */
    { "type: memory is text", BASE_NOMEM "memory = \"lots\"\n",
      DT, JOB, "memory: \"lots\" is not a number", NULL },
    /* "expected a string" would send the user the wrong way. */
    { "type: memory is a list", BASE_NOMEM "memory = [ 256 ]\n",
      DT, JOB, "memory: expected a number", NULL },
    { "type: vcpus is text", BASE "vcpus = \"two\"\n",
      DT, JOB, "vcpus: \"two\" is not a number", NULL },
    { "type: name is a list",
      "name = [ \"a\" ]\nkernel = \"{DIR}/Image\"\nmemory = 256\n",
      DT, JOB, "name: expected a string", NULL },
    { "type: iomem is a string", BASE "iomem = \"1000,1\"\n",
      DT, JOB, "iomem: expected a list", NULL },
    { "type: irqs is a string", BASE "irqs = \"40\"\n",
      DT, JOB, "irqs: expected a list", NULL },

    /* ---- enumerations ---- */
    { "enum: gic_version v4", BASE "gic_version = \"v4\"\n",
      DT, JOB, "gic_version: unknown value \"v4\"", NULL },
    { "enum: vuart pl011", BASE "vuart = \"pl011\"\n",
      DT, JOB, "vuart: unknown value \"pl011\"", NULL },
    { "enum: type hvm", BASE "type = \"hvm\"\n",
      DT, JOB, "type: \"hvm\" guests do not exist on Arm", NULL },
    { "enum: on_crash", BASE "on_crash = \"explode\"\n",
      DT, JOB, "on_crash: unknown action \"explode\"", NULL },

    /* ---- iomem strings: START,NUM[@GFN] in hex pages ---- */
    { "iomem: no comma", BASE "iomem = [ \"1000\" ]\n",
      DT, JOB, "iomem[0]: \"1000\" is not START,NUM[@GFN]", NULL },
    { "iomem: start not hex", BASE "iomem = [ \"xyz,1\" ]\n",
      DT, JOB, "iomem[0]: \"xyz,1\" is not START,NUM[@GFN]", NULL },
    { "iomem: empty count", BASE "iomem = [ \"1000,\" ]\n",
      DT, JOB, "iomem[0]: \"1000,\" is not START,NUM[@GFN]", NULL },
    { "iomem: empty gfn", BASE "iomem = [ \"1000,1@\" ]\n",
      DT, JOB, "iomem[0]: \"1000,1@\" is not START,NUM[@GFN]", NULL },
    { "iomem: gfn not hex", BASE "iomem = [ \"1000,1@zz\" ]\n",
      DT, JOB, "iomem[0]: \"1000,1@zz\" is not START,NUM[@GFN]", NULL },
    { "iomem: second entry bad",
      BASE "iomem = [ \"1000,1\", \"2000;1\" ]\n",
      DT, JOB, "iomem[1]: \"2000;1\" is not START,NUM[@GFN]", NULL },
    { "iomem: zero pages", BASE "iomem = [ \"1000,0\" ]\n",
      DT, JOB, "iomem[0]: 1000,0 maps no pages", NULL },
    { "iomem: past 2^64", BASE "iomem = [ \"1000,2@fffffffffffff\" ]\n",
      DT, JOB, "pass the end of the 64-bit address space", NULL },

    /* ---- iomem over emulated windows and each other ---- */
    { "iomem: over the GICv3 distributor", BASE "iomem = [ \"3001,1\" ]\n",
      DT, JOB, "iomem[0]: 0x3001000-0x3001fff overlaps the gic-distributor",
      NULL },
    { "iomem: over the GICv2 cpu interface",
      BASE "gic_version = \"v2\"\niomem = [ \"3002,1\" ]\n",
      DT, JOB, "overlaps the gic-cpu-interface", NULL },
    { "iomem: over the grant table", BASE "iomem = [ \"38000,1\" ]\n",
      DT, JOB, "iomem[0]: 0x38000000-0x38000fff overlaps the grant-table",
      NULL },
    { "iomem: over the vpl011",
      BASE "vuart = \"sbsa_uart\"\niomem = [ \"22000,1\" ]\n",
      DT, JOB, "overlaps the vpl011", NULL },
    { "iomem: over another iomem, other host frames",
      BASE "iomem = [ \"10000,10\", \"20008,10@10008\" ]\n",
      DT, JOB, "iomem[0] and iomem[1] map guest frame 0x10008 to different "
      "host frames", NULL },

    { "iomem: over another iomem, the same mapping (warns)",
      BASE "iomem = [ \"10000,10\", \"10008,10\" ]\n",
      DT, OK, "iomem[0] and iomem[1] overlap from guest frame 0x10008 "
      "(the same mapping, so it is kept)", NULL },

    /* ---- virtio and disks ---- */
    { "virtio: unknown setting",
      BASE "virtio = [ \"type=virtio,device,foo=1\" ]\n", DT, JOB,
      "virtio[0]: unknown setting \"foo=1\"", NULL },
    { "virtio: no type", BASE "virtio = [ \"transport=mmio\" ]\n", DT, JOB,
      "virtio[0]: no type= (e.g. type=virtio,device)", NULL },
    { "virtio: unknown transport",
      BASE "virtio = [ \"type=virtio,device,transport=pci\" ]\n", DT, JOB,
      "virtio[0]: unknown transport \"pci\" (only mmio)", NULL },
    { "virtio: bad grant_usage",
      BASE "virtio = [ \"type=virtio,device,grant_usage=yes\" ]\n", DT, JOB,
      "virtio[0]: grant_usage \"yes\" is not 0 or 1", NULL },
    { "virtio: not a list", BASE "virtio = \"type=virtio,device\"\n", DT,
      JOB, "virtio: expected a list", NULL },
    { "virtio: Xen 4.17 has no virtio=",
      BASE "virtio = [ \"type=virtio,device,transport=mmio\" ]\n",
      { "dt", "--xen-version", "4.17", "-o", "{OUT}", "{CFG}" }, JOB,
      "virtio: Xen 4.17's toolstack has no virtio= devices", NULL },
    { "virtio: no transport warns (Xen 4.20)",
      BASE "virtio = [ \"type=virtio,device\" ]\n",
      { "dt", "--xen-version", "4.20", "-o", "{OUT}", "{CFG}" }, OK,
      "virtio[0]: no transport=mmio, so the guest gets no device", NULL },
    { "disk: bad specification (libxlutil's message)",
      BASE "disk = [ \"vdev=xvda,specification=foo,target=/x\" ]\n", DT,
      JOB, "config parsing error in disk specification: unknown value for "
      "specification", NULL },
    { "disk: too many positional parameters",
      BASE "disk = [ \"/x,raw,xvda,rw,bogus\" ]\n", DT, JOB,
      "too many positional parameters", NULL },

    { "vif: bad mac",
      BASE "vif = [ \"mac=00:16:3e:00:01\" ]\n", DT, JOB,
      "vif[0]: mac \"00:16:3e:00:01\" is not six hex bytes", NULL },
    { "vif: unknown setting",
      BASE "vif = [ \"bridge=xenbr0,colour=red\" ]\n", DT, JOB,
      "vif[0]: unrecognized argument \"colour=red\"", NULL },
    { "vif: bad rate (libxlutil)",
      BASE "vif = [ \"rate=fast\" ]\n", DT, JOB,
      "vif[0]: rate \"fast\" is not RATE[/s][@INTERVAL]", NULL },
    { "vif: mtu out of range",
      BASE "vif = [ \"mtu=70000\" ]\n", DT, JOB,
      "vif[0]: mtu \"70000\" is not a number of 0..65535", NULL },
    { "vif: bad type",
      BASE "vif = [ \"\", \"type=virtio\" ]\n", DT, JOB,
      "vif[1]: type \"virtio\" is neither vif nor ioemu", NULL },
    { "vif: a valid list is silent in a dry run",
      BASE "vif = [ \"bridge=xenbr0,mac=00:16:3e:0a:0b:0c,rate=10Mb/s@20ms,"
      "ip=10.0.0.2,vifname=v0,mtu=9000,trusted\", \"\" ]\n", DT, OK, NULL,
      NULL },

    /* ---- Arm keys of newer xl ---- */
    { "nr_spis: not a number", BASE "nr_spis = \"many\"\n", DT, JOB,
      "nr_spis: \"many\" is not a number", NULL },
    { "nr_spis: over the vGIC (Xen 4.20)", BASE "nr_spis = 961\n",
      { "dt", "--xen-version", "4.20", "-o", "{OUT}", "{CFG}" }, JOB,
      "nr_spis: 961 is outside 0..960", NULL },
    { "vpmu: not 0 or 1", BASE "vpmu = 2\n", DT, JOB,
      "vpmu: 2 is outside 0..1", NULL },
    { "sve: not a length", BASE "sve = \"100\"\n", DT, JOB,
      "sve: unknown value \"100\"", NULL },
    { "tee: unknown", BASE "tee = \"sgx\"\n", DT, JOB,
      "tee: unknown value \"sgx\" (none, optee or ffa)", NULL },
    { "llc_colors: reversed range", BASE "llc_colors = [ \"5-2\" ]\n", DT,
      JOB, "llc_colors[0]: \"5-2\" starts above its end", NULL },
    { "llc_colors: not a colour", BASE "llc_colors = [ \"x\" ]\n", DT, JOB,
      "llc_colors[0]: \"x\" is not a colour", NULL },
    { "args: --xen-version 4.18 (unsupported)", BASE,
      { "dt", "--xen-version", "4.18", "-o", "{OUT}", "{CFG}" }, USE,
      "--xen-version: axl writes guests for Xen 4.17, 4.20, not 4.18", NULL },

    /* ---- irqs ---- */
    { "irqs: not a number", BASE "irqs = [ \"abc\" ]\n",
      DT, JOB, "irqs[0]: \"abc\" is not an interrupt number", NULL },
    { "irqs: negative", BASE "irqs = [ \"-40\" ]\n",
      DT, JOB, "irqs[0]: \"-40\" is not an interrupt number", NULL },
    { "irqs: a PPI", BASE "irqs = [ 31 ]\n",
      DT, JOB, "irqs: 31 is not an SPI (32..1019)", NULL },
    { "irqs: above the last SPI", BASE "irqs = [ 1020 ]\n",
      DT, JOB, "irqs: 1020 is not an SPI (32..1019)", NULL },
    { "irqs: duplicated", BASE "irqs = [ 40, 41, 40 ]\n",
      DT, JOB, "irqs: 40 is listed twice", NULL },
    { "irqs: the vpl011's SPI", BASE "vuart = \"sbsa_uart\"\nirqs = [ 32 ]\n",
      DT, JOB, "irqs: 32 is the vpl011's SPI", NULL },

    /* ---- vcpus, memory, grant frames ---- */
    { "vcpus: 0", BASE "vcpus = 0\n",
      DT, JOB, "vcpus: 0 is outside 1..", NULL },
    { "maxvcpus: 129", BASE "maxvcpus = 129\n",
      DT, JOB, "maxvcpus: 129 vCPUs, but an Arm guest has at most 128",
      NULL },
    { "vcpus: above maxvcpus", BASE "vcpus = 4\nmaxvcpus = 2\n",
      DT, JOB, "vcpus: 4 is more than maxvcpus (2)", NULL },
    { "maxmem: above memory", BASE "maxmem = 512\n",
      DT, JOB, "maxmem: 512 MiB above memory (256 MiB)", NULL },
    { "maxmem: below memory", BASE "maxmem = 128\n",
      DT, JOB, "maxmem: 128 MiB is below memory (256 MiB)", NULL },
    { "memory: 0", BASE_NOMEM "memory = 0\n",
      DT, JOB, "memory: 0 is outside 1..", NULL },
    /* 1019 GiB + 1 MiB.  Only memory= is set: the message must name the
     * key the user wrote, not the maxmem it defaults. */
    { "memory: beyond the RAM banks", BASE_NOMEM "memory = 1043457\n",
      DT, JOB, "memory: 1043457 MiB is more than the 1043456 MiB", NULL },
    { "memory: smaller than the kernel", BASE_NOMEM "memory = 16\n",
      DT, JOB, "memory: 16 MiB is too small for the kernel", NULL },
    { "max_grant_frames: 0", BASE "max_grant_frames = 0\n",
      DT, JOB, "max_grant_frames: 0 is outside 1..4096", NULL },
    { "max_grant_frames: 4097", BASE "max_grant_frames = 4097\n",
      DT, JOB, "max_grant_frames: 4097 is outside 1..4096", NULL },

    /* ---- required keys ---- */
    { "name: missing", "kernel = \"{DIR}/Image\"\nmemory = 256\n",
      DT, JOB, "name: a guest name is required", NULL },
    { "name: empty", BASE "name = \"\"\n",
      DT, JOB, "name: a guest name is required", NULL },
    { "kernel: missing", "name = \"guest\"\nmemory = 256\n",
      DT, JOB, "kernel: a kernel image is required", NULL },

    /* ---- kernel files ---- */
    { "kernel: no such file", BASE "kernel = \"{DIR}/absent\"\n",
      DT, JOB, "kernel: cannot open {DIR}/absent: No such file", NULL },
    { "kernel: a directory", BASE "kernel = \"{DIR}/dir\"\n",
      DT, JOB, "kernel: cannot read {DIR}/dir: Is a directory", NULL },
    { "kernel: not an Arm image", BASE "kernel = \"{DIR}/text\"\n",
      DT, JOB, "kernel: {DIR}/text is not an arm64 Image or arm32 zImage",
      NULL },
    { "kernel: too short", BASE "kernel = \"{DIR}/short\"\n",
      DT, JOB, "kernel: {DIR}/short is not an arm64 Image", NULL },
    { "kernel: corrupt gzip", BASE "kernel = \"{DIR}/bad.gz\"\n",
      DT, JOB, "kernel: {DIR}/bad.gz: corrupt compressed data", NULL },
    { "kernel: larger than RAM bank 0", BASE "kernel = \"{DIR}/Image.4g\"\n",
      DT, JOB, "do not fit in RAM bank 0", NULL },

    /* ---- ramdisk files ---- */
    { "ramdisk: no such file", BASE "ramdisk = \"{DIR}/absent\"\n",
      DT, JOB, "ramdisk: cannot read {DIR}/absent: No such file", NULL },
    { "ramdisk: empty", BASE "ramdisk = \"{DIR}/empty\"\n",
      DT, JOB, "ramdisk: {DIR}/empty is empty", NULL },
    { "ramdisk: a directory", BASE "ramdisk = \"{DIR}/dir\"\n",
      DT, JOB, "ramdisk: {DIR}/dir is not a regular file", NULL },
    { "ramdisk: larger than RAM bank 0",
      BASE "ramdisk = \"{DIR}/initrd.3g\"\n",
      DT, JOB, "do not fit in RAM bank 0 (3 GiB)", NULL },

    /* ---- partial device trees ---- */
    { "device_tree: no such file", BASE "device_tree = \"{DIR}/absent\"\n",
      DT, JOB, "device_tree: cannot open {DIR}/absent: No such file", NULL },
    { "device_tree: not a DTB", BASE "device_tree = \"{DIR}/text\"\n",
      DT, JOB, "device_tree: {DIR}/text is not a valid device tree", NULL },
    { "device_tree: shorter than a header",
      BASE "device_tree = \"{DIR}/short\"\n",
      DT, JOB, "device_tree: {DIR}/short is not a device tree blob", NULL },
    { "device_tree: no /passthrough",
      BASE "device_tree = \"{DIR}/nopt.dtb\"\n",
      DT, JOB, "device_tree: {DIR}/nopt.dtb has no /passthrough node",
      NULL },

    /* ---- address width ---- */
    { "layout: RAM beyond 30 bits", BASE,
      { "dt", "--gpaddr-bits", "30", "-o", "{OUT}", "{CFG}" }, JOB,
      "lies beyond the 30-bit guest physical address space", NULL },
    { "layout: iomem beyond 40 bits", BASE "iomem = [ \"10000000000,1\" ]\n",
      DT, JOB, "the iomem at 0x10000000000000-0x10000000000fff lies beyond "
      "the 40-bit", NULL },
    { "layout: memmap, RAM beyond 30 bits", BASE,
      { "memmap", "--gpaddr-bits", "30", "{CFG}" }, JOB,
      "lies beyond the 30-bit", NULL },

    /* ---- KEY=VALUE arguments ---- */
    { "args: KEY=VALUE without '='", BASE,
      { "dt", "-o", "{OUT}", "{CFG}", "memory" }, USE,
      "\"memory\" is not a KEY=VALUE setting", NULL },
    { "args: KEY=VALUE breaks the config", BASE,
      { "dt", "-o", "{OUT}", "{CFG}", "vcpus=0" }, JOB,
      "vcpus: 0 is outside 1..", NULL },

    /* ---- commands and options ---- */
    { "args: unknown command", BASE, { "frobnicate", "{CFG}" }, USE,
      "unknown command \"frobnicate\"", NULL },
    { "args: help for an unknown command", NULL, { "help", "frobnicate" },
      USE, "help: unknown command \"frobnicate\"", NULL },
    { "args: unknown global option", BASE,
      { "--bogus", "dt", "-o", "{OUT}", "{CFG}" }, USE,
      "unknown option \"--bogus\"", NULL },
    /* getopt's own "dt: unrecognized option" is not an axl message. */
    { "args: dt, unknown option", BASE,
      { "dt", "--bogus", "-o", "{OUT}", "{CFG}" }, USE, "--bogus", NULL },
    { "args: dt, -o without a value", BASE, { "dt", "-o" }, USE, "-o",
      NULL },
    { "args: memmap, unknown option", BASE, { "memmap", "--bogus", "{CFG}" },
      USE, "--bogus", NULL },
    { "args: --gpaddr-bits 0", BASE,
      { "dt", "--gpaddr-bits", "0", "-o", "{OUT}", "{CFG}" }, USE,
      "--gpaddr-bits: \"0\" is not a number of bits from 1 to 64", NULL },
    { "args: --gpaddr-bits 65", BASE,
      { "dt", "--gpaddr-bits", "65", "-o", "{OUT}", "{CFG}" }, USE,
      "--gpaddr-bits: \"65\" is not a number of bits", NULL },
    { "args: --gpaddr-bits abc", BASE,
      { "dt", "--gpaddr-bits", "abc", "-o", "{OUT}", "{CFG}" }, USE,
      "--gpaddr-bits: \"abc\" is not a number of bits", NULL },
    { "args: memmap --gpaddr-bits 65", BASE,
      { "memmap", "--gpaddr-bits", "65", "{CFG}" }, USE,
      "--gpaddr-bits: \"65\" is not a number of bits", NULL },
    { "args: --xen-version 4", BASE,
      { "dt", "--xen-version", "4", "-o", "{OUT}", "{CFG}" }, USE,
      "--xen-version: \"4\" is not MAJOR.MINOR", NULL },
    { "args: --xen-version x.y", BASE,
      { "dt", "--xen-version", "x.y", "-o", "{OUT}", "{CFG}" }, USE,
      "--xen-version: \"x.y\" is not MAJOR.MINOR", NULL },
    { "args: --xen-version 256.1", BASE,
      { "dt", "--xen-version", "256.1", "-o", "{OUT}", "{CFG}" }, USE,
      "--xen-version: \"256.1\" is not MAJOR.MINOR", NULL },
    { "args: --seed not hex", BASE,
      { "dt", "--seed", "xyz", "-o", "{OUT}", "{CFG}" }, USE,
      "--seed: \"xyz\" is not a hexadecimal number", NULL },
    { "args: --seed 0x and 17 digits", BASE,
      { "dt", "--seed", "0x12345678901234567", "-o", "{OUT}", "{CFG}" }, USE,
      "--seed: \"0x12345678901234567\" is not a hexadecimal number", NULL },
    { "args: --seed 17 digits", BASE,
      { "dt", "--seed", "12345678901234567", "-o", "{OUT}", "{CFG}" }, USE,
      "--seed: \"12345678901234567\" is not a hexadecimal number", NULL },
    { "args: --seed with --no-rng-seed", BASE,
      { "dt", "--seed", "1", "--no-rng-seed", "-o", "{OUT}", "{CFG}" }, USE,
      "--seed and --no-rng-seed exclude each other", NULL },
    { "args: --no-rng-seed with --seed", BASE,
      { "dt", "--no-rng-seed", "--seed", "1", "-o", "{OUT}", "{CFG}" }, USE,
      "--seed and --no-rng-seed exclude each other", NULL },

    /* ---- the CONFIG and -o paths ---- */
    { "args: dt, no CONFIG", NULL, { "dt", "-o", "{OUT}" }, USE,
      "no CONFIG file given", NULL },
    { "args: memmap, no CONFIG", NULL, { "memmap", "--json" }, USE,
      "no CONFIG file given", NULL },
    { "config: no such file", NULL, DT, JOB,
      "{CFG}: cannot open: No such file or directory", NULL },
    { "config: a directory", NULL, { "dt", "-o", "{OUT}", "{DIR}/dir" }, JOB,
      "{DIR}/dir: cannot read: Is a directory", NULL },
    { "output: directory does not exist", BASE,
      { "dt", "-o", "{ROW}/out/nodir/guest.dtb", "{CFG}" }, JOB,
      "{ROW}/out/nodir/guest.dtb: cannot create: No such file or directory",
      NULL },
    /* The temporary file goes beside it, in {ROW}: it must not stay. */
    { "output: is a directory", BASE, { "dt", "-o", "{ROW}/out", "{CFG}" },
      JOB, "{ROW}/out: cannot write: Is a directory", NULL },
    { "output: --dts without dtc", BASE,
      { "dt", "--dts", "-o", "{OUT}", "{CFG}" }, JOB,
      "--dts: cannot run dtc", "PATH=/nonexistent" },
    { "memmap: bad config", BASE "vcpus = 0\n", MEMMAP, JOB,
      "vcpus: 0 is outside 1..", NULL },
    { "memmap --json: missing kernel file", BASE "kernel = \"{DIR}/absent\"\n",
      { "memmap", "--json", "{CFG}" }, JOB, "kernel: cannot open", NULL },

    /* ---- runs that succeed ---- */
    { "ok: dt", BASE, DT, OK, NULL, NULL },
    { "ok: dt to stdout", BASE, { "dt", "{CFG}" }, OK, NULL, NULL },
    { "ok: dt, every input",
      BASE "vcpus = 2\nmaxvcpus = 4\ngic_version = \"v2\"\n"
      "vuart = \"sbsa_uart\"\nramdisk = \"{DIR}/initrd\"\n"
      "device_tree = \"{DIR}/pt.dtb\"\niomem = [ \"10000,1\" ]\n"
      "irqs = [ 40, 41 ]\nmax_grant_frames = 32\nextra = \"console=hvc0\"\n",
      { "dt", "--xen-version", "4.20", "--seed", "0x1234", "-o", "{OUT}",
        "{CFG}" }, OK, NULL, NULL },
    { "ok: dt --dts", BASE, { "dt", "--dts", "-o", "{OUT}", "{CFG}" }, OK,
      NULL, NULL },
    { "ok: KEY=VALUE override", BASE,
      { "dt", "-o", "{OUT}", "{CFG}", "memory=512", "vcpus=2" }, OK, NULL,
      NULL },
    { "ok: unknown key warns once", BASE "frobnication = 1\nfrobnication = 2\n",
      DT, OK, "frobnication: key not supported by axl", NULL },
    { "ok: unknown key in a KEY=VALUE", BASE,
      { "dt", "-o", "{OUT}", "{CFG}", "colour=\"blue\"" }, OK,
      "colour: key not supported by axl", NULL },
    { "ok: memmap", BASE, MEMMAP, OK, NULL, NULL },
    { "ok: memmap --json", BASE, { "memmap", "--json", "{CFG}" }, OK, NULL,
      NULL },
};

#define NR_ROWS (sizeof(rows) / sizeof(rows[0]))

/* ---- input files ----------------------------------------------------- */

/* A DTB with (or without) a /passthrough bus holding one device. */
static void make_dtb(const char *path, bool passthrough)
{
    char buf[2048];
    int bus, dev;

    assert_int_equal(fdt_create_empty_tree(buf, sizeof(buf)), 0);
    assert_int_equal(fdt_setprop_u32(buf, 0, "#address-cells", 2), 0);
    assert_int_equal(fdt_setprop_u32(buf, 0, "#size-cells", 2), 0);
    if (passthrough) {
        bus = fdt_add_subnode(buf, 0, "passthrough");
        assert_true(bus >= 0);
        assert_int_equal(fdt_setprop_string(buf, bus, "compatible",
                                            "simple-bus"), 0);
        assert_int_equal(fdt_setprop(buf, bus, "ranges", NULL, 0), 0);
        assert_int_equal(fdt_setprop_u32(buf, bus, "#address-cells", 2), 0);
        assert_int_equal(fdt_setprop_u32(buf, bus, "#size-cells", 2), 0);
        dev = fdt_add_subnode(buf, bus, "dev@10000000");
        assert_true(dev >= 0);
        /* reg = <0 0x10000000 0 0x1000>: one page at 256 MiB. */
        assert_int_equal(fdt_setprop_u64(buf, dev, "reg", 0x10000000), 0);
        assert_int_equal(fdt_appendprop_u64(buf, dev, "reg", 0x1000), 0);
    } else {
        assert_true(fdt_add_subnode(buf, 0, "chosen") >= 0);
    }
    assert_int_equal(fdt_pack(buf), 0);
    t_write(path, buf, fdt_totalsize(buf));
}

static int setup_inputs(void **state)
{
    static const unsigned char bad_gz[] = {
        0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03,
        'n', 'o', 't', ' ', 'd', 'e', 'f', 'l', 'a', 't', 'e', 0xff, 0xff,
    };
    char text[4096];

    (void)state;
    if (!getenv("AXL")) {
        fprintf(stderr, "test_cli: set AXL to the axl binary to test\n");
        return -1;
    }
    t_make_image64(t_path("Image"), 32 << 20, 0);
    /* Sparse: only the size matters. */
    t_make_image64(t_path("Image.4g"), UINT64_C(4) << 30, 0);
    memset(text, 'x', sizeof(text));
    t_write(t_path("text"), text, sizeof(text));
    t_write(t_path("short"), "short", 5);
    t_write(t_path("bad.gz"), bad_gz, sizeof(bad_gz));
    t_make_file(t_path("empty"), 0);
    t_make_file(t_path("initrd"), 1 << 20);
    t_make_file(t_path("initrd.3g"), UINT64_C(3) << 30);
    assert_int_equal(mkdir(t_path("dir"), 0755), 0);
    make_dtb(t_path("pt.dtb"), true);
    make_dtb(t_path("nopt.dtb"), false);
    return 0;
}

static int teardown_inputs(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* ---- running one row ------------------------------------------------- */

/* @in with the placeholders replaced, into @buf. */
static void expand(const t_row_paths *p, const char *in, char *buf,
                   size_t len)
{
    static const char *const names[] = { "{DIR}", "{ROW}", "{CFG}", "{OUT}" };
    const char *const values[] = { t_tmpdir(), p->row, p->cfg, p->out };

    t_expand(in, names, values, 4, buf, len);
}

/* Stray temporaries in @dir; with @must_be_empty, anything at all. */
static void check_dir(t_report *rep, const char *dir, bool must_be_empty)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d) {
        t_problem(rep, "cannot list %s: %s", dir, strerror(errno));
        return;
    }
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (strstr(de->d_name, ".axl-"))
            t_problem(rep, "temporary file %s/%s left behind", dir,
                      de->d_name);
        else if (must_be_empty)
            t_problem(rep, "%s/%s was written by a failed run", dir,
                      de->d_name);
    }
    closedir(d);
}

/* The error and warning lines of @err; any other line is a problem. */
static void scan_stderr(t_report *rep, const char *err,
                        unsigned int *errors, const char **first_error,
                        unsigned int *warnings, const char **first_warning)
{
    static const char e_tag[] = "axl: error: ", w_tag[] = "axl: warning: ";
    const char *line = err;

    *errors = *warnings = 0;
    *first_error = *first_warning = NULL;
    while (*line) {
        size_t len = strcspn(line, "\n");

        if (!strncmp(line, e_tag, sizeof(e_tag) - 1)) {
            if (!(*errors)++)
                *first_error = line;
        } else if (!strncmp(line, w_tag, sizeof(w_tag) - 1)) {
            if (!(*warnings)++)
                *first_warning = line;
        } else {
            t_problem(rep, "stderr line not from axl's logger: \"%.*s\"",
                      (int)len, line);
        }
        line += len;
        if (*line)
            line++;
    }
}

/* Does the first line at @line contain @want? */
static bool line_has(const char *line, const char *want)
{
    size_t len = strcspn(line, "\n");
    char *copy = strndup(line, len);
    bool has;

    assert_non_null(copy);
    has = strstr(copy, want) != NULL;
    free(copy);
    return has;
}

static bool have_dtc(void)
{
    const char *path = getenv("PATH");
    char *dirs, *dir, *save = NULL, buf[1024];
    bool found = false;

    if (!path)
        return false;
    dirs = strdup(path);
    assert_non_null(dirs);
    for (dir = strtok_r(dirs, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        snprintf(buf, sizeof(buf), "%s/dtc", dir);
        found = !access(buf, X_OK);
    }
    free(dirs);
    return found;
}

/* What a successful run must have written: a DTB, DTS text or a table. */
static void check_success_output(t_report *rep, const cli_row *r,
                                 const t_row_paths *p, bool to_file,
                                 const char *out, size_t out_len)
{
    bool dts = false, memmap = !strcmp(r->argv[0], "memmap");
    size_t i, len = 0;
    char *data;

    for (i = 0; r->argv[i]; i++)
        dts |= !strcmp(r->argv[i], "--dts");
    if (to_file) {
        data = t_slurp(p->out, &len);
        if (!data) {
            t_problem(rep, "no output file %s", p->out);
            return;
        }
        if (out_len)
            t_problem(rep, "stdout not empty with -o (%zu bytes)", out_len);
    } else {
        /* A DTB holds NULs: copy bytes, not a string. */
        data = malloc(out_len + 1);
        assert_non_null(data);
        memcpy(data, out, out_len + 1);
        len = out_len;
    }
    if (memmap || dts) {
        if (!len)
            t_problem(rep, "the output is empty");
        else if (dts && strncmp(data, "/dts-v1/;", 9))
            t_problem(rep, "the output is not DTS text");
    } else if (len < sizeof(struct fdt_header) || fdt_check_header(data) ||
               fdt_totalsize(data) != len) {
        t_problem(rep, "the output (%zu bytes) is not a device tree blob",
                  len);
    }
    free(data);
}

static void run_row(void **state)
{
    const cli_row *r = *state;
    size_t idx = (size_t)(r - rows), i;
    t_row_paths p;
    char args[MAX_ARGS + 1][1024], want[1024];
    char *argv[MAX_ARGS + 2], cmd[4096];
    const char *first_error, *first_warning;
    unsigned int errors, warnings;
    bool to_file = false;
    t_report rep = { "", 0 };
    t_run_opts opts = { NULL, r->env, 0 };
    t_result res;
    struct stat st;
    int status;

    if (r->argv[1] && !strcmp(r->argv[1], "--dts") && r->status == OK &&
        !have_dtc())
        skip();

    /* {ROW} is this row's directory, {ROW}/out the output directory. */
    t_row_paths_make(idx, &p);
    if (r->cfg) {
        char text[4096];

        expand(&p, r->cfg, text, sizeof(text));
        t_write(p.cfg, text, strlen(text));
    }

    argv[0] = getenv("AXL");
    for (i = 0; r->argv[i]; i++) {
        expand(&p, r->argv[i], args[i], sizeof(args[i]));
        argv[i + 1] = args[i];
        to_file |= strstr(r->argv[i], "{OUT}") != NULL;
    }
    argv[i + 1] = NULL;
    t_argv_text(argv, cmd, sizeof(cmd));
    if (r->expect)
        expand(&p, r->expect, want, sizeof(want));

    t_run(argv, &opts, &res);
    status = res.status;

    if (WIFSIGNALED(status))
        t_problem(&rep, "killed by signal %d (%s)", WTERMSIG(status),
                  strsignal(WTERMSIG(status)));
    else if (WEXITSTATUS(status) != r->status)
        t_problem(&rep, "exit code %d, expected %d", WEXITSTATUS(status),
                  r->status);

    scan_stderr(&rep, res.err, &errors, &first_error, &warnings,
                &first_warning);
    if (r->status != OK) {
        /* One failure, one line, saying what went wrong. */
        if (errors != 1)
            t_problem(&rep, "%u \"axl: error:\" lines, expected 1", errors);
        if (first_error && !line_has(first_error, want))
            t_problem(&rep, "the error line does not contain \"%s\"", want);
        if (res.out_len)
            t_problem(&rep, "stdout not empty after a failure (%zu bytes)",
                      res.out_len);
        if (!stat(p.out, &st))
            t_problem(&rep, "output file %s exists after a failure", p.out);
        check_dir(&rep, p.out_dir, true);
    } else {
        if (errors)
            t_problem(&rep, "%u \"axl: error:\" lines in a successful run",
                      errors);
        if (r->expect && warnings != 1)
            t_problem(&rep, "%u \"axl: warning:\" lines, expected 1",
                      warnings);
        else if (!r->expect && warnings)
            t_problem(&rep, "%u unexpected \"axl: warning:\" lines",
                      warnings);
        if (r->expect && first_warning && !line_has(first_warning, want))
            t_problem(&rep, "the warning line does not contain \"%s\"",
                      want);
        check_success_output(&rep, r, &p, to_file, res.out, res.out_len);
        check_dir(&rep, p.out_dir, false);
    }
    /* The temporary file of "-o {ROW}/out" would sit in {ROW}. */
    check_dir(&rep, p.row, false);

    if (rep.len)
        print_error("command: %s\nstderr:\n%s%s", cmd, res.err,
                    *res.err ? "" : "(empty)\n");
    t_result_dispose(&res);
    if (rep.len)
        fail_msg("%s", rep.text);
}

int main(void)
{
    struct CMUnitTest tests[NR_ROWS];
    size_t i;

    for (i = 0; i < NR_ROWS; i++)
        tests[i] = t_row_test(rows[i].name, run_row, &rows[i]);
    return _cmocka_run_group_tests("cli", tests, NR_ROWS, setup_inputs,
                                   teardown_inputs);
}
