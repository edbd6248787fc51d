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
 * - ABI (docs/abi.md): libaxl.so.1 exports these functions only, each at
 *   symbol version AXL_1.0 or a later AXL_1.N.  Every struct a caller
 *   allocates ends in reserved space that later fields take, so that its
 *   size never changes within the soname; the _init functions zero it, and
 *   zero always means "not given".  Enums only gain values at their end.
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

/* The API level of this header: 0xMMmm, raised with each addition, as
 * libxl's LIBXL_API_VERSION.  AXL_HAVE_* name the additions. */
#define AXL_API_VERSION 0x0103
#define AXL_HAVE_XEN_VERSIONS 1     /* axl_xen_version_supported() */
#define AXL_HAVE_VIRTIO 1           /* axl_virtio, axl_disk, nr_spis... */
#define AXL_HAVE_HOST_INFO 1        /* axl_host_info(), axl_host_dmesg() */
#define AXL_HAVE_DEVICES 1          /* vbd and vif backends: axl_nic... */

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
    uint64_t reserved_[2];  /* zero */
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
    uint64_t reserved_[4];  /* zero */
} axl_ext_config;

/* A virtio-mmio device: an entry of virtio = [...] (libxl 4.18 and later)
 * or a disk with specification=virtio.  libxl gives them slots of the
 * virtio-mmio window (0x200 bytes each from 0x02000000, SPIs 33..43):
 * virtio disks first, then virtio= entries, in config order. */
typedef enum axl_virtio_transport {
    AXL_VIRTIO_TRANSPORT_UNKNOWN = 0,   /* not given: libxl ignores it */
    AXL_VIRTIO_TRANSPORT_MMIO,
} axl_virtio_transport;

/* A backend domain given by a name that is not yet looked up. */
#define AXL_DOMID_UNRESOLVED UINT32_MAX

typedef struct axl_virtio {
    char *type;             /* "virtio,device" or "virtio,deviceN" (N the
                             * virtio device id: 22 i2c, 29 gpio...) */
    axl_virtio_transport transport;
    char *backend;          /* backend= as given, NULL: dom0 */
    uint32_t backend_domid; /* that domain's id (0 when not given), or
                             * AXL_DOMID_UNRESOLVED */
    int grant_usage;        /* -1: default (on unless the backend is dom0),
                             * 0 off, 1 on (xen,grant-dma) */
    uint64_t reserved_[4];  /* zero */
} axl_virtio;

typedef enum axl_disk_spec {
    AXL_DISK_SPEC_XEN = 0,  /* a PV block device (vbd) */
    AXL_DISK_SPEC_VIRTIO,   /* a virtio-mmio block device */
} axl_disk_spec;

/* disk = [...], as xl's parser (libxlutil) reads each entry. */
typedef struct axl_disk {
    char *vdev;             /* "xvda"... */
    char *target;           /* image file or block device; NULL: empty */
    char *format;           /* "raw", "qcow2"...; NULL: raw */
    char *backendtype;      /* "phy", "qdisk", "tap"; NULL: default */
    char *script;           /* hotplug script; NULL: the default */
    bool readwrite;         /* access=rw (the default for disks) */
    bool cdrom;             /* devtype=cdrom */
    axl_disk_spec specification;
    char *backend;          /* backend= as given, NULL: dom0 */
    uint32_t backend_domid; /* as in axl_virtio */
    int grant_usage;        /* as in axl_virtio (specification=virtio) */
    int discard;            /* 0: default (on for read-write disks),
                             * 1 discard, -1 no-discard */
    int trusted;            /* 0: default (trusted), 1, -1 untrusted */
    bool direct_io_safe;    /* direct-io-safe */
    uint64_t reserved_[6];  /* zero */
} axl_disk;

/*
 * vif = [...], as xl reads each entry: a PV network interface on the
 * kernel's netback in dom0, set up by its hotplug script (vif-bridge by
 * default, with bridge xenbr0), as libxl does.
 */
typedef struct axl_nic {
    uint8_t mac[6];         /* mac=, when has_mac */
    bool has_mac;           /* else a random 00:16:3e:xx:xx:xx */
    char *bridge;           /* bridge=, NULL: "xenbr0" */
    char *ip;               /* ip=, NULL: none */
    char *script;           /* script=, NULL: "vif-bridge"; a relative
                             * name is in /etc/xen/scripts */
    char *vifname;          /* vifname=, NULL: vifDOMID.DEVID */
    char *gatewaydev;       /* gatewaydev= (netdev=), NULL: none */
    char *model;            /* model= (emulated NICs only: unused) */
    char *backend;          /* backend= as given, NULL: dom0 */
    uint32_t backend_domid; /* as in axl_virtio */
    unsigned int mtu;       /* mtu=, 0: 1500 */
    uint64_t rate_bytes_per_interval; /* rate=, 0: no limit */
    uint32_t rate_interval_usecs;
    bool has_devid;         /* devid= given, else the next free one */
    int devid;
    int trusted;            /* 0: default (trusted), 1, -1 untrusted */
    bool emulated;          /* type=ioemu: refused (PVH guests) */
    uint64_t reserved_[8];  /* zero */
} axl_nic;

/* tee=: the trusted execution environment mediator. */
typedef enum axl_tee {
    AXL_TEE_NONE = 0,
    AXL_TEE_OPTEE,
    AXL_TEE_FFA,            /* libxl 4.18 and later */
} axl_tee;

/* sve=: the SVE vector length in bits, or one of these. */
#define AXL_SVE_DISABLED 0
#define AXL_SVE_HW       (-1)  /* the largest the hardware offers */

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
    axl_virtio *virtio;     /* virtio = [...]: nr_virtio entries */
    size_t nr_virtio;
    axl_disk *disks;        /* disk = [...]: nr_disks entries */
    size_t nr_disks;
    int64_t nr_spis;        /* nr_spis=, -1: what the devices need */
    bool vpmu;              /* vpmu=1: the guest may use the PMU */
    int sve_vl;             /* sve=: bits (128..2048), AXL_SVE_HW, or
                             * AXL_SVE_DISABLED (the default) */
    axl_tee tee;            /* tee= */
    uint32_t *llc_colors;   /* llc_colors=: nr_llc_colors colours */
    size_t nr_llc_colors;
    axl_nic *nics;          /* vif = [...]: nr_nics entries */
    size_t nr_nics;
    bool driver_domain;     /* driver_domain=1: the domain runs backends
                             * (it gets its own libxl and device-model
                             * directories in xenstore, as libxl gives) */
    uint64_t reserved_[21]; /* zero (axl_domain_config_init) */
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
    /* The Xen version the guest is for: its layout, what its libxl
     * writes, the compatible strings.  axl_xen_version_supported(). */
    unsigned int xen_major, xen_minor;
    unsigned int gpaddr_bits;   /* guest physical address width, 1..64 */
    axl_rng_seed rng_seed;
    uint64_t rng_seed_value;    /* with AXL_RNG_SEED_FIXED */
    /* Host GIC in a dry run, for gic_version "native"; 0 means v3. */
    axl_gic_version native_gic;
    /* The timer's clock-frequency property when the host's firmware
     * does not set CNTFRQ (Xen reports it); 0: no property. */
    uint32_t timer_frequency;
    uint64_t reserved_[8];  /* zero (axl_build_options_init) */
} axl_build_options;

/* Defaults: the Xen version axl was built against, 40 address bits,
 * random seed, GICv3 as native. */
void axl_build_options_init(axl_build_options *opts);

/* Whether axl writes guests for Xen @major.@minor (its layout and libxl
 * behaviour): 4.17 and 4.20. */
bool axl_xen_version_supported(unsigned int major, unsigned int minor);
/* The supported versions, for messages: "4.17, 4.20". */
const char *axl_xen_versions_supported(void);

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
    AXL_OWNER_VIRTIO_MMIO,  /* the virtio-mmio window (always reserved) */
    AXL_OWNER_VIRTIO,       /* index: slot (device) in that window */
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
    size_t bank;            /* the RAM bank whose tail this came from,
                             * or AXL_NO_BANK */
} axl_ext_note;

#define AXL_NO_BANK ((size_t)-1)

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

/* ---- domains on a real Xen/Arm host -----------------------------------
 * These need an Arm build of axl (./configure --host=aarch64-linux-gnu);
 * elsewhere they fail with AXL_ERROR_UNSUPPORTED.  AXL_ERROR_XEN means a
 * hypercall or xenstore request failed (details in the log).
 */

#define AXL_ERROR_XEN       -9  /* Xen or xenstore refused a request */
#define AXL_ERROR_NOTFOUND  -10 /* no such domain */
#define AXL_ERROR_TIMEOUT   -11 /* a wait ran out of time */

/* Whether this build can create domains (an Arm build). */
bool axl_host_supported(void);

/* Open handles to the hypervisor and xenstore. */
typedef struct axl_host axl_host;

/* Returns AXL_OK, AXL_ERROR_UNSUPPORTED, AXL_ERROR_XEN or AXL_ERROR_NOMEM. */
int axl_host_open(axl_ctx *ctx, axl_host **host_r);
/*
 * A host for what needs xenstore only (axl_devd_*), in a driver domain as
 * well as in dom0: the version of the running hypervisor is not checked,
 * since the kernel of an unprivileged domain may refuse even that
 * hypercall (Linux's privcmd restricts them there), and outside dom0
 * xenstore is reached through the xenbus device.  Hypervisor calls on
 * such a host fail there with AXL_ERROR_XEN.
 */
int axl_host_open_store(axl_ctx *ctx, axl_host **host_r);
/* NULL is allowed. */
void axl_host_close(axl_host *host);

/*
 * Creates and builds the domain of @cfg, paused: the guest is computed
 * with the running hypervisor's version, the domain's real address width
 * and GIC, its device tree is handed to libxenguest, the placement
 * libxenguest chose is checked against the prediction, the grant table,
 * console, vuart and xenstore rings are set up, iomem= and irqs= are
 * granted and mapped, and the domain is registered in xenstore as xl
 * does.  On any failure the half-built domain is destroyed and its
 * xenstore nodes removed.  *guest_r (optional) receives the computed
 * guest; the caller frees it.  Returns AXL_OK or any AXL_ERROR_*.
 */
int axl_domain_create(axl_ctx *ctx, axl_host *host,
                      const axl_domain_config *cfg, uint32_t *domid_r,
                      axl_guest **guest_r);

int axl_domain_pause(axl_ctx *ctx, axl_host *host, uint32_t domid);
int axl_domain_unpause(axl_ctx *ctx, axl_host *host, uint32_t domid);
/* Destroys the domain and removes its xenstore nodes. */
int axl_domain_destroy(axl_ctx *ctx, axl_host *host, uint32_t domid);

typedef enum axl_shutdown_request {
    AXL_SHUTDOWN_POWEROFF,
    AXL_SHUTDOWN_REBOOT,
} axl_shutdown_request;

/* Asks the guest (through xenstore control/shutdown) to power off or
 * reboot; it does not wait. */
int axl_domain_shutdown(axl_ctx *ctx, axl_host *host, uint32_t domid,
                        axl_shutdown_request req);

typedef enum axl_domain_state {
    AXL_STATE_RUNNING,
    AXL_STATE_PAUSED,
    AXL_STATE_SHUTDOWN,     /* stopped: see shutdown_reason */
    AXL_STATE_DYING,
} axl_domain_state;

/* Why a domain shut down (Xen's SHUTDOWN_* codes). */
#define AXL_REASON_POWEROFF 0
#define AXL_REASON_REBOOT   1
#define AXL_REASON_SUSPEND  2
#define AXL_REASON_CRASH    3
#define AXL_REASON_WATCHDOG 4

typedef struct axl_dominfo {
    uint32_t domid;
    char name[128];         /* "" when xenstore has none */
    uint64_t memory_kb;
    unsigned int vcpus;
    axl_domain_state state;
    unsigned int shutdown_reason;
    unsigned int gpaddr_bits;
    uint64_t reserved_[4];  /* zero */
} axl_dominfo;

/* The host, as `xl info` shows it. */
typedef struct axl_hostinfo {
    unsigned int xen_major, xen_minor;
    char xen_extra[32];     /* "-rc", ".7" ...; "" if none */
    char xen_caps[256];     /* "xen-3.0-aarch64 xen-3.0-armv7l" */
    char xen_commandline[1024];
    unsigned int nr_cpus;
    uint64_t total_kb, free_kb;
    unsigned int gpaddr_bits;   /* what Xen gives domains (dom0's) */
    unsigned int sve_max_bits;  /* 0: no SVE for guests */
    uint64_t reserved_[8];  /* zero */
} axl_hostinfo;

/* Fills @info from the hypervisor.  Returns AXL_OK, AXL_ERROR_XEN or
 * AXL_ERROR_UNSUPPORTED. */
int axl_host_info(axl_ctx *ctx, axl_host *host, axl_hostinfo *info);

/* The hypervisor's console ring (`xl dmesg`): a malloc'd text of
 * *len_r bytes (NUL-terminated); with @clear the ring is emptied after
 * it is read.  Returns AXL_OK, AXL_ERROR_XEN or AXL_ERROR_NOMEM. */
int axl_host_dmesg(axl_ctx *ctx, axl_host *host, bool clear, char **text_r,
                   size_t *len_r);

/* All domains, by id; *list_r is malloc'd. */
int axl_domain_list(axl_ctx *ctx, axl_host *host, axl_dominfo **list_r,
                    size_t *nr_r);
/* One domain; AXL_ERROR_NOTFOUND if it does not exist. */
int axl_domain_info(axl_ctx *ctx, axl_host *host, uint32_t domid,
                    axl_dominfo *info_r);
/* A domain by name or decimal id; AXL_ERROR_NOTFOUND if none. */
int axl_domain_lookup(axl_ctx *ctx, axl_host *host, const char *name_or_id,
                      uint32_t *domid_r);
/* The device tree axl gave a domain it created (kept in xenstore); the
 * blob is malloc'd.  AXL_ERROR_NOTFOUND if axl did not create it. */
int axl_domain_dtb(axl_ctx *ctx, axl_host *host, uint32_t domid,
                   void **blob_r, size_t *size_r);
/*
 * Waits until the domain shuts down or disappears.  Returns AXL_OK with
 * *gone_r true if it no longer exists, else with its shutdown reason.
 * @timeout_ms < 0 waits for ever; AXL_ERROR_TIMEOUT when it runs out.
 */
int axl_domain_wait(axl_ctx *ctx, axl_host *host, uint32_t domid,
                    int timeout_ms, bool *gone_r, unsigned int *reason_r);

/* ---- disks and vifs of running domains (AXL_HAVE_DEVICES) -------------
 * What axl create sets up for disk = [...] and vif = [...], for a domain
 * that runs: as xl block-attach/-list/-detach and network-attach/-list/
 * -detach.  Devices live on dom0's kernel backends.
 */

typedef enum axl_device_kind {
    AXL_DEVICE_VBD,         /* a disk */
    AXL_DEVICE_VIF,         /* a network interface */
} axl_device_kind;

typedef struct axl_devinfo {
    axl_device_kind kind;
    int devid;              /* vbd: the vdev's number (51712 for xvda) */
    uint32_t backend_domid;
    int state;              /* the frontend's xenbus state, -1 unknown */
    int backend_state;      /* the backend's, -1 unknown */
    int evtchn;             /* the frontend's event channel, -1 none */
    int ring_ref;           /* vbd ring-ref, vif tx-ring-ref; -1 none */
    int rx_ring_ref;        /* vif only; -1 none */
    char vdev[32];          /* vbd: "xvda" */
    char mac[18];           /* vif: "00:16:3e:xx:xx:xx" */
    char backend[128];      /* the backend's xenstore path */
    uint64_t reserved_[8];
} axl_devinfo;

/*
 * The disks or vifs of @domid, by device id, into *list_r (the caller
 * frees it; NULL-safe when *nr_r is 0).  AXL_OK, AXL_ERROR_NOTFOUND (no
 * such domain), AXL_ERROR_XEN, AXL_ERROR_NOMEM.
 */
int axl_device_list(axl_ctx *ctx, axl_host *host, uint32_t domid,
                    axl_device_kind kind, axl_devinfo **list_r,
                    size_t *nr_r);
/*
 * Adds @disk to the running domain @domid, as axl create adds its disks
 * (the same checks first; the hotplug script's add), and returns once
 * the backend is ready; on failure nothing of it is left.  *devid_r
 * (optional) receives its device id.
 */
int axl_device_disk_add(axl_ctx *ctx, axl_host *host, uint32_t domid,
                        const axl_disk *disk, int *devid_r);
/* The same for a vif; without a devid it takes the next free one. */
int axl_device_nic_add(axl_ctx *ctx, axl_host *host, uint32_t domid,
                       const axl_nic *nic, int *devid_r);
/*
 * Removes a device: asks the guest to let it go (backend Closing) and
 * waits for the backend to close, at most 10 s, then runs the hotplug
 * script's remove and deletes the nodes.  A guest that does not let go
 * of a disk in time gets AXL_ERROR_TIMEOUT and keeps it (closing), as
 * libxl's safe removal (xl block-detach); a vif is then removed by force
 * (libxl_device_nic_remove, xl network-detach).  With @force the
 * frontend is removed first and the device goes whatever the guest does
 * (libxl's destroy).
 * AXL_ERROR_NOTFOUND when there is no such device.
 */
int axl_device_remove(axl_ctx *ctx, axl_host *host, uint32_t domid,
                      axl_device_kind kind, int devid, bool force);
/* A vdev's device id as libxl numbers it ("xvda": 51712), or -1. */
int axl_vdev_to_devid(const char *vdev);

/* ---- a driver domain's device daemon (axl devd) -----------------------
 * Runs in the domain that serves disks and vifs to others (backend=
 * DOMAIN in their configs, driver_domain = 1 in its own): it does there
 * what axl create does in dom0 for dom0's own backends (so it refuses to
 * run in dom0, where each script would run twice).
 * For every vbd and vif backend the toolstack puts under this domain's
 * /local/domain/SELF/backend: once the backend waits (InitWait) with
 * online 1, its hotplug script (the backend's "script" node) runs with
 * libxl's arguments and environment and reports in hotplug-status; once
 * the toolstack takes it away (online 0, state Closed), the script's
 * remove runs and the backend directory goes.  A script that cannot run
 * or does not finish within 40 s (times the number of scripts started
 * together) gets hotplug-status "error" and a
 * hotplug-error line, which axl create quotes.  Backends whose script ran
 * before the daemon started (hotplug-status set) are adopted: their
 * removal is handled, their script is not run again.  Ready devices'
 * scripts run together.  The host needs xenstore only (the xenbus device
 * in a domain that is not dom0).
 */
typedef struct axl_devd axl_devd;

/* Reads this domain's id from xenstore and watches its backends.
 * AXL_OK, AXL_ERROR_INVAL (this is dom0), AXL_ERROR_XEN or
 * AXL_ERROR_NOMEM. */
int axl_devd_open(axl_ctx *ctx, axl_host *host, axl_devd **devd_r);
/* The domain it serves (its own). */
uint32_t axl_devd_domid(const axl_devd *devd);
/*
 * Waits at most @timeout_ms (< 0: until something changes; 0: not at
 * all) for a change below the backend directory, then handles every
 * backend that needs it: scripts run, results reported, directories
 * removed; devices' failures are logged and reported in xenstore, not
 * returned.  Returns early, AXL_OK, when a signal interrupts the wait.
 * AXL_ERROR_XEN when xenstore could not be read, AXL_ERROR_IO when the
 * scripts could not be started (tried again next time), AXL_ERROR_NOMEM.
 */
int axl_devd_step(axl_devd *devd, int timeout_ms);
/* Stops watching; the devices stay as they are (a new daemon adopts
 * them).  NULL is allowed. */
void axl_devd_close(axl_devd *devd);

/* ---- checking the hypervisor node of any device tree ------------------
 * axl_dtcheck() checks the tree a guest (or dom0) was actually given,
 * whoever wrote it (libxl, axl, the hypervisor for dom0 and dom0less
 * guests, a person): the top-level /hypervisor node, its region 0 (the
 * grant table) and its extended regions 1..N, against the rest of the tree
 * and against what arm64 Linux (5.17+) accepts and can use.  It needs no
 * Xen.  Addresses are in the root's address space.
 */

typedef enum axl_dtcheck_code {
    /* Errors: the node is unusable, or a region is unsafe to map into. */
    AXL_DTCHECK_NO_HYPERVISOR,  /* no top-level node named "hypervisor" */
    AXL_DTCHECK_COMPATIBLE,     /* not "xen,xen-X.Y", "xen,xen" */
    AXL_DTCHECK_ROOT_CELLS,     /* root #address-/#size-cells not 1 or 2 */
    AXL_DTCHECK_REG_MISSING,    /* no reg property */
    AXL_DTCHECK_REG_MALFORMED,  /* not whole (address, size) pairs */
    AXL_DTCHECK_NO_GNTTAB,      /* reg is empty: region 0 is missing */
    AXL_DTCHECK_GNTTAB_SMALL,   /* region 0 holds no 4 KiB grant frame */
    AXL_DTCHECK_GNTTAB_UNALIGNED, /* region 0 not on a 4 KiB boundary */
    AXL_DTCHECK_EMPTY,          /* an extended region of size 0 */
    AXL_DTCHECK_BEYOND_CELLS,   /* ends past what root #address-cells
                                 * can address (or past 2^64) */
    AXL_DTCHECK_UNSORTED,       /* starts below the region before it */
    AXL_DTCHECK_OVERLAP_REGION, /* overlaps another extended region */
    AXL_DTCHECK_OVERLAP_GNTTAB, /* an extended region overlaps region 0 */
    AXL_DTCHECK_OVERLAP_MEMORY, /* overlaps a memory node (RAM) */
    AXL_DTCHECK_OVERLAP_RESERVED, /* /reserved-memory or /memreserve/ */
    AXL_DTCHECK_OVERLAP_DEVICE, /* a device's reg, through bus ranges */
    AXL_DTCHECK_OVERLAP_PCI,    /* a PCI host bridge's ranges */
    /* Warnings: safe, but less useful than it should be. */
    AXL_DTCHECK_UNALIGNED,      /* start or size not 2 MiB aligned */
    AXL_DTCHECK_SMALL,          /* smaller than 64 MiB */
    AXL_DTCHECK_NO_SECTION,     /* no arm64 Linux memory section fits */
    AXL_DTCHECK_NO_REGIONS,     /* none at all: the guest balloons */
} axl_dtcheck_code;

/* A short name of @code ("overlap-memory", "no-section"...); never NULL. */
const char *axl_dtcheck_code_to_string(axl_dtcheck_code code);
/* Whether @code is an error (else a warning). */
bool axl_dtcheck_code_is_error(axl_dtcheck_code code);

/* The region of a finding about the node as a whole. */
#define AXL_DTCHECK_NODE ((size_t)-1)

typedef struct axl_dtcheck_finding {
    axl_dtcheck_code code;
    bool error;             /* axl_dtcheck_code_is_error(code) */
    size_t region;          /* reg entry: 0 the grant table, 1..N the
                             * extended regions, or AXL_DTCHECK_NODE */
    size_t other;           /* UNSORTED, OVERLAP_REGION: the other entry;
                             * OVERLAP_*: the reg/ranges/memreserve entry
                             * of the node in the way */
    axl_range range;        /* OVERLAP_*: the occupied range in the way */
    const char *path;       /* OVERLAP_*: the node in the way, or NULL
                             * (/memreserve/, another region) */
    const char *message;    /* one line of English, self-contained */
} axl_dtcheck_finding;

typedef enum axl_dtcheck_verdict {
    AXL_DTCHECK_OK,
    AXL_DTCHECK_WARNING,    /* only warnings about it */
    AXL_DTCHECK_ERROR,      /* at least one error about it */
} axl_dtcheck_verdict;

typedef struct axl_dtcheck_region {
    uint64_t start, size;   /* as reg gives them (size may be 0) */
    axl_dtcheck_verdict verdict;
    uint64_t usable;        /* bytes of it in whole sections arm64 Linux
                             * can allocate (touching regions count as
                             * one); 0 for region 0 */
} axl_dtcheck_region;

typedef struct axl_dtcheck_report {
    bool has_hypervisor;    /* a top-level node named "hypervisor" */
    bool has_version;       /* compatible named a version: */
    unsigned int xen_major, xen_minor;
    int address_cells, size_cells; /* the root's (defaults 2 and 1) */
    uint64_t page_size;     /* as asked */
    uint64_t section_size;  /* arm64 Linux's for that page size */
    axl_dtcheck_region *regions; /* every reg entry; [0]: grant table */
    size_t nr_regions;
    axl_dtcheck_finding *findings; /* node first, then by region */
    size_t nr_findings;
    unsigned int errors, warnings;
    bool linux_accepts;     /* regions 1..N ascending and disjoint, as
                             * Linux requires (else it uses none) */
    uint64_t ext_bytes;     /* total size of regions 1..N */
    uint64_t usable_bytes;  /* what Linux can allocate: the sum of
                             * usable, or 0 when it rejects the list */
} axl_dtcheck_report;

typedef struct axl_dtcheck_options {
    uint64_t page_size;     /* the guest's arm64 page: 4096 (default),
                             * 16384 or 65536; sections are 128 MiB for
                             * the first two, 512 MiB for 64 KiB pages */
    uint64_t reserved_[4];  /* zero (axl_dtcheck_options_init) */
} axl_dtcheck_options;

/* Defaults: 4 KiB pages. */
void axl_dtcheck_options_init(axl_dtcheck_options *opts);

/*
 * Checks the device tree blob @blob of @size bytes (at least its
 * fdt_totalsize) with @opts (NULL for the defaults).  A tree that fails
 * checks is not a failure of the call: the findings are in *report_r
 * (errors and warnings counted, each region's verdict the worst of its
 * findings), which the caller frees with axl_dtcheck_report_free().
 * Findings are logged at debug level only.  Example:
 *
 *     axl_dtcheck_report *rep;
 *
 *     if (!axl_dtcheck(ctx, blob, size, NULL, &rep)) {
 *         for (size_t i = 0; i < rep->nr_findings; i++)
 *             puts(rep->findings[i].message);
 *         ok = !rep->errors;
 *         axl_dtcheck_report_free(rep);
 *     }
 *
 * Returns AXL_OK, AXL_ERROR_FORMAT (not a valid device tree blob, with the
 * libfdt reason logged), AXL_ERROR_INVAL (a bad option or argument) or
 * AXL_ERROR_NOMEM.
 */
int axl_dtcheck(axl_ctx *ctx, const void *blob, size_t size,
                const axl_dtcheck_options *opts,
                axl_dtcheck_report **report_r);
/* Frees @report and its strings; NULL is allowed. */
void axl_dtcheck_report_free(axl_dtcheck_report *report);

#ifdef __cplusplus
}
#endif

#endif /* LIBAXL_H */
