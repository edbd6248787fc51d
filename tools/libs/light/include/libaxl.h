/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libaxl: the guest physical memory map, extended regions and device tree
 * of an Arm guest on Xen, computed from a typed domain configuration.
 *
 * Flow (one direction):
 *   axl_domain_config --axl_guest_build()--> axl_guest
 *     which holds: the memory map (every occupied guest-physical window and
 *     its owner), the extended regions (free space under a policy, with a
 *     note for every candidate that was trimmed or dropped), and the guest
 *     device tree blob, with the boot modules placed as libxenguest would.
 *
 * Conventions:
 * - Functions returning int return 0 (AXL_OK) on success or a negative
 *   AXL_ERROR_* code; axl_strerror() names it.  Details of every failure
 *   are logged, one line each, through the xentoollog logger given to
 *   axl_ctx_alloc().  The library never prints, exits or aborts.
 * - Ranges are inclusive: [start, last].  This represents every range of the
 *   64-bit space, including ones that end at 2^64 - 1.
 * - The caller's axl_domain_config is never modified by the library.
 */
#ifndef LIBAXL_H
#define LIBAXL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xentoollog.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---------------------------------------------------------- */

#define AXL_OK               0
#define AXL_ERROR_NOMEM     -1  /* out of memory */
#define AXL_ERROR_INVAL     -2  /* a config value or argument is invalid */
#define AXL_ERROR_LAYOUT    -3  /* valid values, impossible guest layout */
#define AXL_ERROR_IO        -4  /* a file could not be read or written */
#define AXL_ERROR_FORMAT    -5  /* kernel or partial device tree malformed */
#define AXL_ERROR_FDT       -6  /* libfdt failed while writing the tree */
#define AXL_ERROR_UNSUPPORTED -7 /* not supported by this build or guest */
#define AXL_ERROR_REQUIRE   -8  /* less extended space than required */

/* A static string naming an AXL_ERROR_* code; never NULL. */
const char *axl_strerror(int rc);

/* Writes @size as "256 MiB", "2.75 GiB", "4 KiB", "100 B": binary units,
 * at most two decimals, rounded down. */
void axl_format_size(uint64_t size, char *buf, size_t len);

/* ---- context --------------------------------------------------------- */

typedef struct axl_ctx axl_ctx;

/*
 * Allocates a context logging through @logger (which must outlive the
 * context; NULL discards all messages).
 * Returns AXL_OK or AXL_ERROR_NOMEM.
 */
int axl_ctx_alloc(axl_ctx **ctx_r, xentoollog_logger *logger);
/* Frees @ctx; NULL is allowed. */
void axl_ctx_free(axl_ctx *ctx);

/* ---- domain configuration (the xl.cfg meaning of each key) ----------- */

typedef enum axl_gic_version {
    AXL_GIC_DEFAULT = 0,    /* "native": the host's; v3 in a dry run */
    AXL_GIC_V2,
    AXL_GIC_V3,
} axl_gic_version;

typedef enum axl_vuart {
    AXL_VUART_NONE = 0,
    AXL_VUART_SBSA_UART,    /* vuart = "sbsa_uart": the vpl011 */
} axl_vuart;

typedef enum axl_action {   /* on_poweroff, on_reboot, on_crash */
    AXL_ACTION_DEFAULT = 0,
    AXL_ACTION_DESTROY,
    AXL_ACTION_RESTART,
    AXL_ACTION_RENAME_RESTART,
    AXL_ACTION_PRESERVE,
    AXL_ACTION_COREDUMP_DESTROY,
    AXL_ACTION_COREDUMP_RESTART,
    AXL_ACTION_SOFT_RESET,
} axl_action;

/* Parses an xl.cfg action name; returns AXL_OK or AXL_ERROR_INVAL. */
int axl_action_from_string(const char *s, axl_action *action_r);
/* The xl.cfg name of @action ("destroy" for AXL_ACTION_DEFAULT...). */
const char *axl_action_to_string(axl_action action);

/* iomem = ["START,NUM@GFN"]: NUM host pages from host frame START,
 * mapped at guest frame GFN (GFN = START when not given). */
typedef struct axl_iomem {
    uint64_t start;         /* first host frame */
    uint64_t number;        /* number of 4 KiB pages, at least 1 */
    uint64_t gfn;           /* first guest frame */
} axl_iomem;

/* Which free space becomes extended regions (xl.cfg ext_regions=). */
typedef enum axl_ext_policy {
    AXL_EXT_POLICY_DEFAULT = 0, /* "ram" */
    AXL_EXT_POLICY_RAM,         /* RAM-bank tails, as libxl (compatible) */
    AXL_EXT_POLICY_HOLES,       /* every free range below the width */
    AXL_EXT_POLICY_NONE,        /* region 0 only: the guest balloons */
} axl_ext_policy;

/* Parses "ram", "holes" or "none"; AXL_OK or AXL_ERROR_INVAL. */
int axl_ext_policy_from_string(const char *s, axl_ext_policy *policy_r);
const char *axl_ext_policy_to_string(axl_ext_policy policy);

/* The extended-region options; 0 (or -1 for max) means "not given". */
typedef struct axl_ext_config {
    axl_ext_policy policy;
    uint64_t min_size;      /* ext_regions_min_size, default 64 MiB */
    uint64_t align;         /* ext_regions_align, default 2 MiB: a power
                             * of two, at least 4 KiB */
    int64_t max;            /* ext_regions_max, -1: default 256 */
    uint64_t limit;         /* ext_regions_limit: no region at or above
                             * this address; default the address width */
    uint64_t size;          /* ext_regions_size: at most this many bytes,
                             * lowest addresses first; default unlimited */
    uint64_t require;       /* ext_regions_require: fail the build when
                             * less can be advertised; default 0 */
} axl_ext_config;

typedef struct axl_domain_config {
    char *name;             /* required */
    uint64_t memory_kb;     /* memory=, 0: default 32 MiB */
    uint64_t maxmem_kb;     /* maxmem=, 0: same as memory */
    unsigned int vcpus;     /* vcpus=, 0: default 1 */
    unsigned int max_vcpus; /* maxvcpus=, 0: same as vcpus */
    char *kernel;           /* required: arm64 Image or arm32 zImage */
    char *ramdisk;          /* optional */
    char *cmdline;          /* the kernel command line, NULL for none */
    char *device_tree;      /* partial device tree (DTB) to merge */
    axl_gic_version gic_version;
    axl_vuart vuart;
    axl_iomem *iomem;       /* nr_iomem entries */
    size_t nr_iomem;
    uint32_t *irqs;         /* nr_irqs entries */
    size_t nr_irqs;
    int64_t max_grant_frames;    /* -1: default 64 */
    int64_t max_maptrack_frames; /* -1: default 1024 */
    axl_action on_poweroff, on_reboot, on_crash;
    axl_ext_config ext;     /* extended regions */
} axl_domain_config;

/* Sets every field to its "not given" value; call before anything else. */
void axl_domain_config_init(axl_domain_config *cfg);
/* Frees the strings and arrays (with free()) and re-initialises; it is
 * idempotent. */
void axl_domain_config_dispose(axl_domain_config *cfg);
/*
 * Replaces every "not given" field with its default, as xl and libxl 4.17
 * do (memory 32 MiB, maxmem = memory, vcpus 1, maxvcpus = vcpus, 64 grant
 * frames, 1024 maptrack frames, destroy / restart / destroy), and the
 * extended-region defaults (policy "ram", 64 MiB minimum, 2 MiB
 * alignment, at most 256 regions, no size limit, nothing required).
 */
void axl_domain_config_setdefault(axl_domain_config *cfg);
/*
 * Checks @cfg (with defaults applied to a private copy), logging one line
 * for the first problem found.  Returns AXL_OK, AXL_ERROR_INVAL (a bad
 * value: missing name or kernel, maxmem above memory, too many vCPUs, ...)
 * or AXL_ERROR_LAYOUT (iomem entries that overlap each other or the
 * emulated devices, or RAM that does not fit the guest RAM banks).
 */
int axl_domain_config_validate(axl_ctx *ctx, const axl_domain_config *cfg);

/* ---- build options -------------------------------------------------- */

typedef enum axl_rng_seed {
    AXL_RNG_SEED_RANDOM = 0, /* 128 bytes from getrandom(), as libxl */
    AXL_RNG_SEED_FIXED,      /* 128 bytes derived from rng_seed_value */
    AXL_RNG_SEED_NONE,       /* no /chosen/rng-seed property */
} axl_rng_seed;

typedef struct axl_build_options {
    unsigned int xen_major, xen_minor; /* names in compatible strings */
    unsigned int gpaddr_bits;   /* guest physical address width, 1..64 */
    axl_rng_seed rng_seed;
    uint64_t rng_seed_value;    /* with AXL_RNG_SEED_FIXED */
    /* Host GIC in a dry run, for gic_version "native"; 0 means v3. */
    axl_gic_version native_gic;
} axl_build_options;

/* Defaults: the Xen version axl was built against, 40 address bits,
 * random seed, GICv3 as native. */
void axl_build_options_init(axl_build_options *opts);

/* ---- the memory map -------------------------------------------------- */

typedef enum axl_owner {
    AXL_OWNER_RAM,          /* index: bank number */
    AXL_OWNER_GIC_DIST,
    AXL_OWNER_GIC_CPU,      /* GICv2 CPU interface */
    AXL_OWNER_GIC_REDIST,   /* GICv3 redistributors */
    AXL_OWNER_VPL011,
    AXL_OWNER_GNTTAB,
    AXL_OWNER_MAGIC,
    AXL_OWNER_IOMEM,        /* index: position in cfg->iomem */
    AXL_OWNER_PARTIAL_DT,   /* index: n-th reg range; label: node path */
    AXL_OWNER_KERNEL,       /* boot modules, inside RAM bank 0 */
    AXL_OWNER_RAMDISK,
    AXL_OWNER_DTB,
} axl_owner;

/* A short lower-case name of @owner ("ram", "iomem", "grant-table"...). */
const char *axl_owner_to_string(axl_owner owner);

typedef struct axl_window {
    uint64_t start, last;   /* inclusive */
    axl_owner owner;
    size_t index;
    const char *label;      /* NULL, or a partial-DT node path */
} axl_window;

/* ---- extended regions ------------------------------------------------ */

typedef struct axl_range {
    uint64_t start, last;   /* inclusive */
} axl_range;

typedef enum axl_ext_verdict {
    AXL_EXT_DROPPED,        /* the whole piece is not advertised */
    AXL_EXT_TRIMMED,        /* part of the candidate was cut off */
} axl_ext_verdict;

typedef enum axl_ext_reason {
    AXL_EXT_BEYOND_WIDTH,   /* above 2^gpaddr_bits - 1 */
    AXL_EXT_OVERLAP,        /* occupied by map window @window */
    AXL_EXT_TOO_SMALL,      /* smaller than the minimum (64 MiB) */
    AXL_EXT_UNALIGNED,      /* edges cut to the alignment (2 MiB) */
    AXL_EXT_BANK_FULL,      /* RAM fills the bank (range: the bank) */
    AXL_EXT_ABOVE_LIMIT,    /* at or above ext_regions_limit */
    AXL_EXT_OVER_MAX,       /* not among the ext_regions_max largest */
    AXL_EXT_OVER_SIZE,      /* past the ext_regions_size budget */
} axl_ext_reason;

/* A candidate range (or the part of one) that was trimmed or dropped. */
typedef struct axl_ext_note {
    axl_range range;        /* the part concerned */
    axl_ext_verdict verdict;
    axl_ext_reason reason;
    axl_window window;      /* with AXL_EXT_OVERLAP: the window in the way
                             * (label valid while the guest is) */
    size_t bank;            /* the RAM bank whose tail this came from */
} axl_ext_note;

/* A short phrase for @reason ("too small", "beyond the address width"...). */
const char *axl_ext_reason_to_string(axl_ext_reason reason);

/* Defaults of the extended-region options. */
#define AXL_EXT_MIN_SIZE  (UINT64_C(64) << 20)
#define AXL_EXT_ALIGN     (UINT64_C(2) << 20)
#define AXL_EXT_MAX       256
/* arm64 Linux maps foreign pages by memory-hotplug section: 128 MiB with
 * 4K or 16K pages. A region without such a window is useless to it. */
#define AXL_EXT_LINUX_SECTION (UINT64_C(128) << 20)

/* ---- the guest -------------------------------------------------------- */

typedef enum axl_guest_arch {
    AXL_ARCH_AARCH64,       /* arm64 Image */
    AXL_ARCH_ARM32,         /* arm32 zImage */
} axl_guest_arch;

typedef struct axl_guest axl_guest;

/*
 * Computes everything the guest will be given: reads the kernel's header
 * and the sizes of the kernel and ramdisk, the partial device tree, builds
 * the memory map, computes the extended regions and writes the device tree
 * (libxl 4.17 layout) with the boot modules placed as libxenguest does.
 * @opts may be NULL for the defaults.
 * Warns (through the logger) about regions arm64 Linux cannot use and
 * about extended regions for a 32-bit guest.
 * Returns AXL_OK, AXL_ERROR_NOMEM, AXL_ERROR_INVAL, AXL_ERROR_LAYOUT,
 * AXL_ERROR_IO (unreadable kernel, ramdisk or partial DT), AXL_ERROR_FORMAT
 * (not an Arm kernel image, malformed partial DT), AXL_ERROR_REQUIRE (less
 * than ext_regions_require can be advertised) or AXL_ERROR_FDT.
 */
int axl_guest_build(axl_ctx *ctx, const axl_domain_config *cfg,
                    const axl_build_options *opts, axl_guest **guest_r);
/* Frees @guest; NULL is allowed. */
void axl_guest_free(axl_guest *guest);

/* The memory map, sorted by start (then by size, larger first).  Windows
 * may nest (boot modules inside RAM, iomem over RAM). Valid until freed. */
const axl_window *axl_guest_memmap(const axl_guest *guest, size_t *nr_r);
/* The extended regions (regions 1..N of /hypervisor reg), sorted and
 * disjoint. */
const axl_range *axl_guest_ext_regions(const axl_guest *guest, size_t *nr_r);
/* Why candidate space was not advertised, in address order. */
const axl_ext_note *axl_guest_ext_notes(const axl_guest *guest,
                                        size_t *nr_r);
/* The device tree blob (fdt_totalsize bytes). */
const void *axl_guest_dtb(const axl_guest *guest, size_t *size_r);
/* The kernel's architecture as found in its header. */
axl_guest_arch axl_guest_arch_of(const axl_guest *guest);

#ifdef __cplusplus
}
#endif

#endif /* LIBAXL_H */
