/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internal: PV devices on the kernel backends of dom0, as libxl sets
 * them up: vbd (disk = [...], blkback) and vif (vif = [...], netback).
 * Each device is a frontend directory in the guest's xenstore tree, a
 * backend directory in dom0's, libxl's copy under /libxl/DOMID/device,
 * and a hotplug script that dom0 runs once the backend waits
 * (XenbusStateInitWait): Debian's /etc/xen/scripts/block for disks
 * (loop devices for image files), vif-bridge for interfaces.
 */
#ifndef AXL_DEVICES_H
#define AXL_DEVICES_H

#include "axl_domain.h"

/* Where libxl looks for hotplug scripts given by a relative name. */
#define AXL__SCRIPT_DIR "/etc/xen/scripts"

/* libxl's waits: the backend reaching InitWait (LIBXL_INIT_TIMEOUT),
 * a hotplug script (LIBXL_HOTPLUG_TIMEOUT), the backend closing on
 * removal (LIBXL_DESTROY_TIMEOUT). */
#define AXL__INIT_TIMEOUT_MS    10000
#define AXL__HOTPLUG_TIMEOUT_MS 40000
#define AXL__DESTROY_TIMEOUT_MS 10000

/* Xenbus states (xen/io/xenbus.h). */
#define AXL__XENBUS_INITIALISING 1
#define AXL__XENBUS_INITWAIT     2
#define AXL__XENBUS_CONNECTED    4
#define AXL__XENBUS_CLOSING      5
#define AXL__XENBUS_CLOSED       6

#define AXL__NIC_MTU_DEFAULT 1500
#define AXL__CONSOLE_LIMIT   1048576    /* LIBXL_XENCONSOLE_LIMIT */
#define AXL__DEV_MAX_KEYS    64     /* strings: keys and values */
#define AXL__NIC_DEVID_MAX   1023   /* well past what a guest uses */

/* One device as libxl__device_generic_add writes it. */
typedef struct axl__dev {
    char kind[16];              /* "vbd", "vif", "virtio_disk", ... */
    char what[48];              /* for messages: "disk xvda", "vif 0" */
    uint32_t domid, backend_domid;
    int devid;
    char fe[96], be[128], lib[96];  /* frontend, backend, libxl's copy */
    char script[256];           /* the hotplug script's absolute path */
    uint8_t mac[6];             /* a vif's */
    const char *gatewaydev;     /* a vif's (the config's string), or NULL */
    bool fe_read_only;          /* the guest may only read its frontend
                                 * directory (consoles) */
    /* KEY, VALUE, ... in libxl's order */
    char *back[AXL__DEV_MAX_KEYS], *front[AXL__DEV_MAX_KEYS];
    char *ro_front[AXL__DEV_MAX_KEYS];  /* the guest may only read */
    size_t nr_back, nr_front, nr_ro_front;
} axl__dev;

/* A kind of device /libxl/DOMID/device records; @handshake: added and
 * removed with the backend state handshake (axl_devices.c), else its nodes
 * only go with the domain. */
typedef struct axl__dev_kind {
    const char *name;
    bool handshake;
} axl__dev_kind;
extern const axl__dev_kind axl__dev_kinds[];
extern const size_t axl__nr_dev_kinds;

/* @p is exactly /local/domain/@domid/device/@kind/@devid. */
bool axl__dev_fe_path_ok(const char *p, const char *kind, uint32_t domid,
                         int devid);
/* @p is exactly /local/domain/N/backend/@kind/@domid/@devid for some
 * domain N (stored in *backend_domid_r, which may be NULL). */
bool axl__dev_be_path_ok(const char *p, const char *kind, uint32_t domid,
                         int devid, uint32_t *backend_domid_r);
/* A device id as xenstore names it (decimal, no sign or padding), or -1. */
int axl__dev_devid_parse(const char *s);

/* The nodes of a disk (defaults applied) of domain @domid; AXL_OK or
 * AXL_ERROR_NOMEM. */
int axl__dev_from_disk(axl__dev *d, uint32_t domid, const axl_disk *disk,
                       int devid);
/* ... of a disk with specification=virtio placed at @v (libxl's
 * virtio_disk device for an external backend); @grant_usage_key: the
 * version's libxl writes grant_usage (4.18 on). */
int axl__dev_from_virtio_disk(axl__dev *d, uint32_t domid,
                              const axl_disk *disk, int devid,
                              const axl__virtio_dev *v, bool grant_usage_key);
/* ... of a vif, with its MAC (given or drawn). */
int axl__dev_from_nic(axl__dev *d, uint32_t domid, const axl_nic *nic,
                      int devid, const uint8_t mac[6]);
/* ... of a virtio-mmio device (libxl 4.20's nodes for virtio=). */
int axl__dev_from_virtio(axl__dev *d, uint32_t domid, int devid,
                         const axl__virtio_dev *v);
/* ... of the PV console (xenconsoled's) or the vpl011 (@vuart). */
int axl__dev_from_console(axl__dev *d, uint32_t domid, bool vuart,
                          uint32_t port, uint64_t ring_ref);
void axl__dev_dispose(axl__dev *d);

/* The axl__txn_fill_fn writing @arg (an axl__dev): libxl's path, frontend
 * and backend directories with their permissions; sets rc to
 * AXL_ERROR_INVAL when the frontend exists already. */
struct axl__txn;
void axl__txn_device(struct axl__txn *x, const void *arg);

/*
 * The device number libxl gives a disk's vdev ("xvda", "xvdb3", "sdc",
 * "hda1", "d0p2" or a plain number): Linux's major/minor encoding
 * (202 for xvd, extended numbers from disk 16 or partition 16 on).
 * -1 when @vdev is none of these.
 */
int axl__vdev_devid(const char *vdev);

/*
 * Checks the disks and vifs of @eff (defaults applied) for what axl can
 * set up, before anything is created: a vdev libxl understands, no
 * device number twice, a target that exists (a block device or a raw
 * image file; one in a driver domain is that domain's to check), the
 * phy backend (qdisk and tap need QEMU or blktap, which Debian's Xen on
 * arm64 lacks), no emulated NIC, and each backend domain other than dom0
 * running (@h; NULL skips that).
 * Logs one line naming the device; AXL_OK or AXL_ERROR_INVAL /
 * AXL_ERROR_UNSUPPORTED / AXL_ERROR_IO.
 */
int axl__devices_check(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff);

/*
 * Adds every vbd, virtio disk (placed by @vl, which may be NULL when
 * there is none) and vif of @eff to domain @domid: each device's nodes
 * in one transaction, then waits for all backends to reach InitWait, then
 * runs the hotplug scripts together (scripts of different devices do not
 * wait for each other; a virtio disk has none: its backend is a program
 * of its own).  On failure the devices added so far are removed again and
 * the error names the device and what its backend or script said.
 */
int axl__devices_add(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                     const axl__virtio_layout *vl, bool grant_usage_key,
                     uint32_t domid);

/*
 * axl__devices_add in two steps, so that the caller can build the domain
 * while the scripts run: axl__devices_begin goes up to starting the
 * scripts (on failure nothing of the devices is left and *job_r is
 * NULL; with no devices *job_r is NULL too), axl__devices_end waits for
 * them and checks them.  With @keep false (the caller failed meanwhile)
 * the devices are removed again whatever the scripts did, and an error
 * is returned.  Every begun job must be ended.
 */
typedef struct axl__devices_job axl__devices_job;
int axl__devices_begin(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff,
                       const axl__virtio_layout *vl, bool grant_usage_key,
                       uint32_t domid, axl__devices_job **job_r);
int axl__devices_end(axl_ctx *ctx, axl_host *h, axl__devices_job *job,
                     bool keep);

#define AXL__DEV_FORCE   1u    /* the guest is going away */
#define AXL__DEV_SCRIPTS 2u     /* run the hotplug scripts' remove */
#define AXL__DEV_SAFE    4u     /* fail, keeping it, if the guest does not
                                 * close it in time */
#define AXL__DEV_AUTO    8u     /* force it if the guest does not close it
                                 * in time */

/*
 * Removes every device of @domid that /libxl/@domid/device lists (vbd
 * and vif): the frontend first with AXL__DEV_FORCE (the guest does not
 * answer any more), backend online=0 and Closing, a wait for Closed
 * (all devices together), with AXL__DEV_SCRIPTS the hotplug scripts'
 * remove/offline (all together), then the nodes and the directories they
 * leave empty.  Carries on past failures (nothing may be left) and
 * returns the first error.  *listed_r (optional) is false when xenstore
 * could not even list the devices: then nothing was done.
 */
int axl__devices_remove(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        unsigned int flags, bool *listed_r);

/* The same for one device (@kind "vbd", "virtio_disk" or "vif", @devid); an error is
 * logged, AXL_ERROR_NOTFOUND (not logged) when it is not there. */
int axl__device_remove(axl_ctx *ctx, axl_host *h, uint32_t domid,
                       const char *kind, int devid, unsigned int flags);

#endif /* AXL_DEVICES_H */
