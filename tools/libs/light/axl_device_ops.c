/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Disks and vifs of running domains: list, add, remove (xl block-* and
 * network-*), over the same steps as axl create and destroy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "axl_xs_txn.h"

static const char *kind_name(axl_device_kind kind)
{
    return kind == AXL_DEVICE_VIF ? "vif" : "vbd";
}

int axl_vdev_to_devid(const char *vdev)
{
    return axl__vdev_devid(vdev);
}

/* A number node: -1 when missing or not a number. */
static int read_int(axl_host *h, const char *dir, const char *key)
{
    char *v = axl__xs_read_at(h, dir, key), *end;
    long n;

    if (!v)
        return -1;
    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < 0 || n > 0x7fffffff)
        n = -1;
    free(v);
    return (int)n;
}

static void read_str(axl_host *h, const char *dir, const char *key,
                     char *out, size_t size)
{
    char *v = axl__xs_read_at(h, dir, key);

    snprintf(out, size, "%s", v ? v : "");
    free(v);
}

static int by_devid(const void *a, const void *b)
{
    const axl_devinfo *x = a, *y = b;

    return (x->devid > y->devid) - (x->devid < y->devid);
}

static void fill(axl_host *h, uint32_t domid, axl_device_kind kind,
                 int devid, axl_devinfo *o)
{
    char lib[96], fe[96];
    bool vif = kind == AXL_DEVICE_VIF;

    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->devid = devid;
    snprintf(lib, sizeof(lib), "/libxl/%u/device/%s/%d", domid,
             kind_name(kind), devid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/%s/%d", domid,
             kind_name(kind), devid);
    read_str(h, lib, "backend", o->backend, sizeof(o->backend));
    o->backend_domid = (uint32_t)(read_int(h, fe, "backend-id") < 0 ? 0 :
                                  read_int(h, fe, "backend-id"));
    o->state = read_int(h, fe, "state");
    o->evtchn = read_int(h, fe, "event-channel");
    o->ring_ref = read_int(h, fe, vif ? "tx-ring-ref" : "ring-ref");
    o->rx_ring_ref = vif ? read_int(h, fe, "rx-ring-ref") : -1;
    /* only this device's own backend is read */
    o->backend_state = axl__dev_be_path_ok(o->backend, kind_name(kind), domid,
                                           devid, NULL) ?
                       read_int(h, o->backend, "state") : -1;
    if (vif)
        read_str(h, lib, "mac", o->mac, sizeof(o->mac));
    else
        read_str(h, lib, "dev", o->vdev, sizeof(o->vdev));
}

int axl_device_list(axl_ctx *ctx, axl_host *h, uint32_t domid,
                    axl_device_kind kind, axl_devinfo **list_r,
                    size_t *nr_r)
{
    char dir[64], **ids, *end;
    axl_dominfo info;
    axl_devinfo *out;
    unsigned int n = 0, i;
    size_t nr = 0;
    int rc = axl_domain_info(ctx, h, domid, &info);

    if (rc == AXL_ERROR_NOTFOUND)
        LOG(ctx, ERROR, "domain %u does not exist", domid);
    if (rc)
        return rc;
    snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid,
             kind_name(kind));
    ids = h->ops->xs_directory(h->hv, 0, dir, &n);
    if (!ids && errno != ENOENT) {
        LOGE(ctx, ERROR, "xenstore: cannot list domain %u's devices", domid);
        return AXL_ERROR_XEN;
    }
    out = calloc(n ? n : 1, sizeof(*out));
    if (!out) {
        free(ids);
        return AXL_ERROR_NOMEM;
    }
    for (i = 0; i < n; i++) {
        long id = strtol(ids[i], &end, 10);

        if (*end || end == ids[i] || id < 0 || id > 0x7fffffff)
            continue;
        fill(h, domid, kind, (int)id, &out[nr++]);
    }
    free(ids);
    qsort(out, nr, sizeof(*out), by_devid);
    *list_r = out;
    *nr_r = nr;
    return AXL_OK;
}

/* Devices are added to a domain that exists and is not going away. */
static int check_running(axl_ctx *ctx, axl_host *h, uint32_t domid)
{
    axl_dominfo info;
    int rc = axl_domain_info(ctx, h, domid, &info);

    if (rc == AXL_ERROR_NOTFOUND)
        LOG(ctx, ERROR, "domain %u does not exist", domid);
    else if (!rc && (domid == 0 || info.state == AXL_STATE_DYING ||
                     info.state == AXL_STATE_SHUTDOWN)) {
        LOG(ctx, ERROR, "domain %u %s", domid, domid == 0 ?
            "is dom0: its devices are not axl's" : "is shutting down");
        rc = AXL_ERROR_INVAL;
    }
    return rc;
}

/* A config holding only the device, for the checks and the add. */
static int add_one(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   axl_domain_config *one)
{
    int rc = check_running(ctx, h, domid);

    if (!rc)
        rc = axl__devices_check(ctx, h, one);
    if (!rc)
        rc = axl__devices_add(ctx, h, one, NULL, false, domid);
    return rc;
}

int axl_device_disk_add(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        const axl_disk *disk, int *devid_r)
{
    axl_domain_config one;
    axl_disk d = *disk;
    int rc;

    memset(&one, 0, sizeof(one));
    if (!d.vdev || !*d.vdev) {
        LOG(ctx, ERROR, "disk: no vdev (the guest's name for it)");
        return AXL_ERROR_INVAL;
    }
    if (d.specification == AXL_DISK_SPEC_VIRTIO) {
        /* its virtio-mmio node is in the device tree the guest booted
         * with (libxl: "Hotplug isn't supported for specification
         * virtio") */
        LOG(ctx, ERROR, "disk %s: specification=virtio disks cannot be "
            "added to a running guest", d.vdev);
        return AXL_ERROR_UNSUPPORTED;
    }
    one.disks = &d;
    one.nr_disks = 1;
    rc = add_one(ctx, h, domid, &one);
    if (!rc && devid_r)
        *devid_r = axl__vdev_devid(d.vdev);
    return rc;
}

/* libxl__device_nextid: one past the largest device id in use. */
static int next_vif_devid(axl_ctx *ctx, axl_host *h, uint32_t domid,
                          int *devid_r)
{
    axl_devinfo *list;
    size_t nr, i;
    int rc = axl_device_list(ctx, h, domid, AXL_DEVICE_VIF, &list, &nr);

    if (rc)
        return rc;
    *devid_r = 0;
    for (i = 0; i < nr; i++)
        if (list[i].devid >= *devid_r)
            *devid_r = list[i].devid + 1;
    free(list);
    return AXL_OK;
}

int axl_device_nic_add(axl_ctx *ctx, axl_host *h, uint32_t domid,
                       const axl_nic *nic, int *devid_r)
{
    axl_domain_config one;
    axl_nic n = *nic;
    int rc;

    memset(&one, 0, sizeof(one));
    if (!n.has_devid) {
        rc = next_vif_devid(ctx, h, domid, &n.devid);
        if (rc)
            return rc;
        n.has_devid = true;
    }
    one.nics = &n;
    one.nr_nics = 1;
    rc = add_one(ctx, h, domid, &one);
    if (!rc && devid_r)
        *devid_r = n.devid;
    return rc;
}

int axl_device_remove(axl_ctx *ctx, axl_host *h, uint32_t domid,
                      axl_device_kind kind, int devid, bool force)
{
    /* forced: the frontend goes first, as libxl_device_*_destroy; else a
     * disk stays when the guest holds on to it (libxl_device_disk_safe_
     * remove, xl block-detach) and a vif is forced after the wait
     * (libxl_device_nic_remove, xl network-detach) */
    unsigned int how = force ? AXL__DEV_FORCE :
                       kind == AXL_DEVICE_VIF ? AXL__DEV_AUTO : AXL__DEV_SAFE;
    int rc = axl__device_remove(ctx, h, domid, kind_name(kind), devid,
                                AXL__DEV_SCRIPTS | how);

    if (rc == AXL_ERROR_NOTFOUND)
        LOG(ctx, ERROR, "domain %u has no %s %d", domid,
            kind == AXL_DEVICE_VIF ? "vif" : "disk", devid);
    return rc;
}
