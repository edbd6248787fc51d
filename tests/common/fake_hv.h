/*
 * A fake hypervisor and xenstore behind libaxl's axl_hv.h interface, for
 * running the domain logic on any host: it records the domains, the
 * event channels, the mappings and every xenstore node, and it can fail
 * any one call (fault injection), make commits meet EAGAIN, or run a hook
 * before each call (to play a second, racing toolstack).
 */
#ifndef FAKE_HV_H
#define FAKE_HV_H

#include "axl_domain.h"

typedef struct fake_node {
    char *path, *value;
    unsigned int len;
    axl__xs_perm perms[4];
    unsigned int nr_perms;
} fake_node;

typedef struct fake_store {
    fake_node *n;
    size_t nr, cap;
} fake_store;

typedef struct fake_dom {
    uint32_t domid;
    bool paused, shutdown, dying;
    unsigned int reason;
    axl__hv_create create;
    uint32_t max_vcpus;
    uint64_t maxmem_kb, pool_bytes;
    unsigned int evtchns, iomem, mappings, irqs, spis, llc;
    bool upcall, built, introduced;
} fake_dom;

#define FAKE_TXNS 8

typedef struct fake_hv fake_hv;
typedef void fake_hook_fn(fake_hv *f, const char *op, void *arg);

struct fake_hv {
    unsigned int major, minor;      /* what version() answers */
    axl__hv_abi abi;                /* what the host is "built for" */
    fake_dom *doms;
    size_t nr_doms, cap_doms;
    uint32_t next_domid;
    fake_store store;
    unsigned long gen;              /* bumped by every store change */
    struct {
        axl__xs_txn id;
        fake_store snap;
        unsigned long gen;
    } txn[FAKE_TXNS];
    axl__xs_txn next_txn;
    unsigned long calls;            /* every call so far */
    unsigned long fail_at;          /* this call fails (1-based), 0: none */
    int fail_errno;
    const char *failed_op;          /* the call that was failed */
    unsigned int eagain;            /* commits that meet EAGAIN first */
    unsigned int commits_tried;
    unsigned int entropy_fail;      /* entropy calls that fail first */
    int entropy_errno;
    unsigned int sve_max_bits;      /* what sve_max() answers */
    bool llc_supported;             /* Xen built with LLC colouring */
    bool tee_mediator;              /* Xen built with a TEE mediator */
    char console[192 << 10];        /* the hypervisor's console ring */
    size_t console_len;
    fake_hook_fn *hook;
    void *hook_arg;
    bool closed;
    /* The domain the caller runs in (0: dom0; a driver domain's daemon):
     * relative paths are its, and the fake scripts run there. */
    uint32_t self_domid;
    /* xs_rm of exactly this path fails with EACCES (a node the caller
     * does not own). */
    const char *rm_denied;
    /* Device backends in dom0: unless mute, a backend state read as 1
     * (Initialising) becomes 2 (InitWait), 5 (Closing) becomes 6 (Closed),
     * as blkback and netback answer. */
    bool backends_mute;
    /* Backends in other domains (driver domains) answer too; with
     * driver_daemon their daemon writes hotplug-status connected as they
     * reach InitWait. */
    bool driver_daemon;
    /* Hotplug scripts: each run is logged as "SCRIPT ACTION XENBUS_PATH\n";
     * an add/online writes hotplug-status connected (and, for vbds, takes
     * a loop device), a remove/offline gives it back.  A script whose
     * path ends in script_fail exits 1 after writing hotplug-error;
     * script_hang ones time out. */
    char script_log[8192];
    const char *script_fail, *script_hang;
    int loops, vifs;                /* taken by the fake scripts */
    unsigned int scripts_pending;   /* script jobs started, not waited for */
    unsigned int script_runs;
};

/* A fake running Xen @major.@minor with a dom0 named Domain-0; the host
 * it opens claims to be built for the same version. */
fake_hv *fake_hv_new(unsigned int major, unsigned int minor);
void fake_hv_free(fake_hv *f);
/* Opens a libaxl host over @f (closing it leaves @f to the caller). */
int fake_host_open(axl_ctx *ctx, fake_hv *f, axl_host **host_r);

/* The store outside any transaction. */
const fake_node *fake_node_get(const fake_hv *f, const char *path);
const char *fake_read(const fake_hv *f, const char *path);
/* Writes outside a transaction, as another toolstack would. */
void fake_write(fake_hv *f, const char *path, const char *value);
/* Adds a domain as another toolstack would; returns it. */
fake_dom *fake_add_domain(fake_hv *f, uint32_t domid, const char *name);
fake_dom *fake_domain(fake_hv *f, uint32_t domid);
/* Nodes at or below @prefix. */
size_t fake_count_nodes(const fake_hv *f, const char *prefix);
/* Open transactions. */
unsigned int fake_open_txns(const fake_hv *f);

#endif /* FAKE_HV_H */
