/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: the one interface through which libaxl reaches Xen and
 * xenstore.  axl_hv_arm.c implements it over libxenctrl, libxenguest and
 * libxenstore (and is the only file that knows how Xen 4.17 and 4.20
 * differ); tests implement it with a fake that records state.  Nothing
 * here includes a Xen header, so the domain logic builds on any host.
 *
 * Conventions: hypervisor calls return 0 (or a count) on success and -1
 * with errno set on failure; xenstore calls return true / non-NULL on
 * success and false / NULL with errno set, as libxenstore does.
 */
#ifndef AXL_HV_H
#define AXL_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "axl_hotplug.h"
#include "axl_internal.h"

/* What this hypervisor interface can do beyond Xen 4.17. */
#define AXL__HV_CAP_SVE        (1u << 0)  /* arch.sve_vl */
#define AXL__HV_CAP_TEE_OPTEE  (1u << 1)
#define AXL__HV_CAP_TEE_FFA    (1u << 2)
#define AXL__HV_CAP_LLC        (1u << 3)  /* LLC colouring calls */
#define AXL__HV_CAP_VIRTIO     (1u << 4)  /* libxl 4.20's virtio nodes */

typedef enum axl__tee {
    AXL__TEE_NONE,
    AXL__TEE_OPTEE,
    AXL__TEE_FFA,
} axl__tee;

/* The createdomain request, in Xen-independent terms. */
typedef struct axl__hv_create {
    uint8_t handle[16];             /* the domain's uuid */
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames, max_maptrack_frames;
    axl_gic_version gic;            /* AXL_GIC_NATIVE lets Xen choose */
    uint32_t nr_spis;
    bool vpmu;
    unsigned int sve_vl;            /* vector length in bits; 0: off */
    axl__tee tee;
} axl__hv_create;

/* What Xen answers to createdomain. */
typedef struct axl__hv_created {
    axl_gic_version gic;            /* the vGIC it chose: V2 or V3 */
    uint32_t clock_frequency;       /* 0: the guest reads CNTFRQ */
} axl__hv_created;

typedef struct axl__hv_info {
    uint32_t domid;
    uint64_t tot_pages;
    uint32_t max_vcpu_id;
    uint32_t gpaddr_bits;
    bool dying, shutdown, paused;
    unsigned int shutdown_reason;   /* AXL_REASON_* when shutdown */
} axl__hv_info;

/* The domain builder's input (libxl__build_dom). */
typedef struct axl__hv_image {
    uint32_t domid;
    const char *kernel, *ramdisk, *cmdline;
    const axl_guest *guest;         /* its DTB and predicted placement */
    uint64_t mem_mb;
    uint32_t max_vcpus;
    uint32_t store_port, console_port;
    bool vuart;                     /* a vpl011 */
} axl__hv_image;

/* ... and what it set up. */
typedef struct axl__hv_built {
    uint64_t store_pfn, console_pfn, vuart_gfn;
    uint32_t vuart_port;
} axl__hv_built;

typedef uint32_t axl__xs_txn;       /* 0: outside a transaction */

typedef struct axl__xs_perm {
    uint32_t id;
    unsigned int perms;             /* AXL__XS_PERM_* */
} axl__xs_perm;

#define AXL__XS_PERM_NONE  0u
#define AXL__XS_PERM_READ  1u
#define AXL__XS_PERM_WRITE 2u

typedef struct axl__hv_ops {
    /* The running hypervisor's version. */
    int (*version)(void *hv, unsigned int *major, unsigned int *minor);
    int (*domain_create)(void *hv, const axl__hv_create *c,
                         uint32_t *domid_r, axl__hv_created *out);
    /* Up to @max domains from id @first, by id; the count or -1. */
    int (*domain_getinfo)(void *hv, uint32_t first, unsigned int max,
                          axl__hv_info *out);
    int (*domain_destroy)(void *hv, uint32_t domid);
    int (*domain_pause)(void *hv, uint32_t domid);
    int (*domain_unpause)(void *hv, uint32_t domid);
    int (*max_vcpus)(void *hv, uint32_t domid, uint32_t n);
    int (*set_maxmem)(void *hv, uint32_t domid, uint64_t kb);
    /* An unbound event channel of @domid for dom0; the port or -1. */
    int (*evtchn_alloc)(void *hv, uint32_t domid);
    int (*paging_pool)(void *hv, uint32_t domid, uint64_t bytes);
    /* The event-channel upcall: PPI GUEST_EVTCHN_PPI, level low. */
    int (*evtchn_upcall)(void *hv, uint32_t domid);
    /* Loads kernel, ramdisk and DTB and populates RAM; checks that the
     * modules sit where @in->guest predicted.  Logs its own errors and
     * returns an AXL_ERROR_* code. */
    int (*build_image)(void *hv, axl_ctx *ctx, const axl__hv_image *in,
                       axl__hv_built *out);
    int (*iomem_permit)(void *hv, uint32_t domid, uint64_t mfn,
                        uint64_t nr);
    int (*memory_map)(void *hv, uint32_t domid, uint64_t gfn, uint64_t mfn,
                      uint64_t nr);
    int (*irq_permit)(void *hv, uint32_t domid, uint32_t irq);
    int (*bind_spi)(void *hv, uint32_t domid, uint32_t irq);
    /* The longest SVE vector the hardware and Xen offer, in bits (0: no
     * SVE); AXL__HV_CAP_SVE only. */
    int (*sve_max)(void *hv, unsigned int *bits);
    /* AXL__HV_CAP_LLC only. */
    int (*llc_colors)(void *hv, uint32_t domid, const uint32_t *colors,
                      uint32_t nr);
    /* The host: physinfo and the version strings (axl info). */
    int (*host_info)(void *hv, axl_hostinfo *out);
    /* The hypervisor's console ring into @buf (at most @len bytes, the
     * newest ones); with @clear, empties it.  The count or -1. */
    ssize_t (*console_read)(void *hv, char *buf, size_t len, bool clear);
    /* getrandom(2); the fake can fail it. */
    ssize_t (*entropy)(void *hv, void *buf, size_t len);
    /* Starts hotplug scripts in dom0 (axl__scripts_start; the fake plays
     * them): a job, or NULL with errno; @s stays valid until the wait.
     * The wait (axl__scripts_wait) cannot fail and frees the job. */
    void *(*scripts_start)(void *hv, axl__script *s, size_t nr,
                           int timeout_ms);
    void (*scripts_wait)(void *hv, void *job);

    axl__xs_txn (*xs_start)(void *hv);
    /* false with errno EAGAIN: another writer came first, run again. */
    bool (*xs_end)(void *hv, axl__xs_txn t, bool abort);
    char *(*xs_read)(void *hv, axl__xs_txn t, const char *path,
                     unsigned int *len);
    char **(*xs_directory)(void *hv, axl__xs_txn t, const char *path,
                           unsigned int *nr);
    bool (*xs_write)(void *hv, axl__xs_txn t, const char *path,
                     const void *value, unsigned int len);
    bool (*xs_mkdir)(void *hv, axl__xs_txn t, const char *path);
    bool (*xs_set_perms)(void *hv, axl__xs_txn t, const char *path,
                         const axl__xs_perm *perms, unsigned int nr);
    bool (*xs_rm)(void *hv, axl__xs_txn t, const char *path);
    bool (*xs_introduce)(void *hv, uint32_t domid, uint64_t mfn,
                         uint32_t port);
    bool (*xs_watch)(void *hv, const char *path, const char *token);
    bool (*xs_unwatch)(void *hv, const char *path, const char *token);
    /* A descriptor that polls readable when a watch fired, or -1. */
    int (*xs_fileno)(void *hv);
    /* Consumes one pending watch event; NULL if none. */
    char **(*xs_read_watch)(void *hv, unsigned int *nr);

    void (*close)(void *hv);
} axl__hv_ops;

/* What a hypervisor interface is built for. */
typedef struct axl__hv_abi {
    unsigned int major, minor;      /* the Xen whose libraries it uses */
    unsigned int domctl;            /* XEN_DOMCTL_INTERFACE_VERSION */
    unsigned int caps;              /* AXL__HV_CAP_* */
} axl__hv_abi;

/*
 * Opens the real hypervisor interface of this build (axl_hv_arm.c, or
 * axl_hv_none.c where domains are not supported, which logs why and
 * returns AXL_ERROR_UNSUPPORTED).
 */
int axl__hv_open_real(axl_ctx *ctx, const axl__hv_ops **ops_r, void **hv_r,
                      axl__hv_abi *abi_r);

/*
 * Opens a host over @ops / @hv (the caller's; closed with the host) built
 * for @abi: checks the running hypervisor's version against it first.
 */
int axl__host_open_with(axl_ctx *ctx, const axl__hv_ops *ops, void *hv,
                        const axl__hv_abi *abi, axl_host **host_r);

/*
 * Whether a xenstored socket at @path answers a request within
 * @timeout_ms (a dead or hung daemon must not block axl; a closed peer
 * must not raise SIGPIPE).
 */
bool axl__xenstored_answers(const char *path, int timeout_ms);
/* The same request on a connected socket @fd. */
bool axl__xenstored_probe_fd(int fd, int timeout_ms);

#endif /* AXL_HV_H */
