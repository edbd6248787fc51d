/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The xenstore nodes of a vbd and a vif, key for key and in the order
 * libxl 4.17 and 4.20 write them (device_disk_add, libxl__set_xenstore_nic,
 * libxl__device_add_async), and the transaction that writes a device as
 * libxl__device_generic_add does.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "axl_xs_txn.h"

void axl__dev_dispose(axl__dev *d)
{
    size_t i;

    for (i = 0; i < d->nr_back; i++)
        free(d->back[i]);
    for (i = 0; i < d->nr_front; i++)
        free(d->front[i]);
    for (i = 0; i < d->nr_ro_front; i++)
        free(d->ro_front[i]);
    d->nr_back = d->nr_front = d->nr_ro_front = 0;
}

/* Appends KEY, VALUE to @list; false when out of room or memory. */
static bool add(char **list, size_t *nr, size_t cap, const char *key,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool add(char **list, size_t *nr, size_t cap, const char *key,
                const char *fmt, ...)
{
    va_list ap;
    char *k, *v = NULL;
    int n;

    if (*nr + 2 > cap)
        return false;
    va_start(ap, fmt);
    n = vasprintf(&v, fmt, ap);
    va_end(ap);
    k = strdup(key);
    if (n < 0 || !k) {
        free(k);
        if (n >= 0)
            free(v);
        return false;
    }
    list[(*nr)++] = k;
    list[(*nr)++] = v;
    return true;
}

#define BACK(d, k, ...) \
    add((d)->back, &(d)->nr_back, AXL__DEV_MAX_KEYS, k, __VA_ARGS__)
#define FRONT(d, k, ...) \
    add((d)->front, &(d)->nr_front, AXL__DEV_MAX_KEYS, k, __VA_ARGS__)
#define RO_FRONT(d, k, ...) \
    add((d)->ro_front, &(d)->nr_ro_front, AXL__DEV_MAX_KEYS, k, __VA_ARGS__)

/* Paths, and the keys libxl__device_add_async starts every device with. */
static void dev_start(axl__dev *d, const char *kind, uint32_t domid,
                      uint32_t backend_domid, int devid)
{
    memset(d, 0, sizeof(*d));
    snprintf(d->kind, sizeof(d->kind), "%s", kind);
    d->domid = domid;
    d->backend_domid = backend_domid;
    d->devid = devid;
    snprintf(d->fe, sizeof(d->fe), "/local/domain/%u/device/%s/%d", domid,
             kind, devid);
    snprintf(d->be, sizeof(d->be), "/local/domain/%u/backend/%s/%u/%d",
             backend_domid, kind, domid, devid);
    snprintf(d->lib, sizeof(d->lib), "/libxl/%u/device/%s/%d", domid, kind,
             devid);
}

/* libxl__abs_path(script, the script directory). */
static void script_path(char *out, size_t size, const char *script,
                        const char *dflt)
{
    const char *s = script && *script ? script : dflt;

    if (s[0] == '/')
        snprintf(out, size, "%s", s);
    else
        snprintf(out, size, "%s/%s", AXL__SCRIPT_DIR, s);
}

/* A disk's keys but the virtio ones, in device_disk_add's order; the
 * vbd's hotplug script comes second. */
static bool disk_keys(axl__dev *d, uint32_t domid, const axl_disk *disk,
                      int devid, bool virtio)
{
    bool discard = disk->discard ? disk->discard > 0 : disk->readwrite;
    const char *devtype = disk->cdrom ? "cdrom" : "disk";

    return BACK(d, "params", "%s", disk->target ? disk->target : "") &&
           (virtio || BACK(d, "script", "%s", d->script)) &&
           BACK(d, "frontend-id", "%u", domid) &&
           BACK(d, "online", "1") &&
           BACK(d, "removable", "%d", disk->cdrom ? 1 : 0) &&
           BACK(d, "bootable", "1") &&
           BACK(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
           BACK(d, "dev", "%s", disk->vdev) &&
           BACK(d, "type", "%s", virtio ? "standalone" : "phy") &&
           BACK(d, "mode", "%s", disk->readwrite ? "w" : "r") &&
           BACK(d, "device-type", "%s", devtype) &&
           (!disk->direct_io_safe || BACK(d, "direct-io-safe", "1")) &&
           BACK(d, "discard-enable", "%d", discard ? 1 : 0) &&
           BACK(d, "specification", "%s", virtio ? "virtio" : "xen") &&
           FRONT(d, "backend-id", "%u", disk->backend_domid) &&
           FRONT(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
           FRONT(d, "virtual-device", "%d", devid) &&
           FRONT(d, "device-type", "%s", devtype) &&
           FRONT(d, "trusted", "%d", disk->trusted < 0 ? 0 : 1);
}

int axl__dev_from_disk(axl__dev *d, uint32_t domid, const axl_disk *disk,
                       int devid)
{
    dev_start(d, "vbd", domid, disk->backend_domid, devid);
    snprintf(d->what, sizeof(d->what), "disk %s", disk->vdev);
    script_path(d->script, sizeof(d->script), disk->script, "block");
    if (!disk_keys(d, domid, disk, devid, false)) {
        axl__dev_dispose(d);
        return AXL_ERROR_NOMEM;
    }
    return AXL_OK;
}

int axl__dev_from_virtio_disk(axl__dev *d, uint32_t domid,
                              const axl_disk *disk, int devid,
                              const axl__virtio_dev *v, bool grant_usage_key)
{
    bool ok;

    dev_start(d, "virtio_disk", domid, disk->backend_domid, devid);
    snprintf(d->what, sizeof(d->what), "disk %s", disk->vdev);
    /* the backend is a program of its own: no hotplug script; base is
     * decimal here, hexadecimal for virtio= devices (libxl's formats) */
    ok = disk_keys(d, domid, disk, devid, true) &&
         BACK(d, "transport", "mmio") &&
         BACK(d, "base", "%"PRIu64, v->base) &&
         BACK(d, "irq", "%"PRIu32, v->spi) &&
         (!grant_usage_key ||
          BACK(d, "grant_usage", "%d", v->grant ? 1 : 0));
    if (!ok) {
        axl__dev_dispose(d);
        return AXL_ERROR_NOMEM;
    }
    return AXL_OK;
}

#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define MAC_ARGS(m) (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]

int axl__dev_from_nic(axl__dev *d, uint32_t domid, const axl_nic *nic,
                      int devid, const uint8_t mac[6])
{
    unsigned int mtu = nic->mtu ? nic->mtu : AXL__NIC_MTU_DEFAULT;
    bool ok;

    dev_start(d, "vif", domid, nic->backend_domid, devid);
    snprintf(d->what, sizeof(d->what), "vif %d", devid);
    script_path(d->script, sizeof(d->script), nic->script, "vif-bridge");
    memcpy(d->mac, mac, 6);
    d->gatewaydev = nic->gatewaydev;
    ok = BACK(d, "frontend-id", "%u", domid) &&
         BACK(d, "online", "1") &&
         BACK(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
         BACK(d, "script", "%s", d->script) &&
         (!nic->vifname || BACK(d, "vifname", "%s", nic->vifname)) &&
         BACK(d, "mac", MAC_FMT, MAC_ARGS(mac)) &&
         (!nic->ip || BACK(d, "ip", "%s", nic->ip)) &&
         (!nic->gatewaydev ||
          BACK(d, "gatewaydev", "%s", nic->gatewaydev)) &&
         (!nic->rate_interval_usecs ||
          BACK(d, "rate", "%"PRIu64",%"PRIu32, nic->rate_bytes_per_interval,
               nic->rate_interval_usecs)) &&
         (mtu == AXL__NIC_MTU_DEFAULT || BACK(d, "mtu", "%u", mtu)) &&
         BACK(d, "bridge", "%s", nic->bridge ? nic->bridge : "xenbr0") &&
         BACK(d, "handle", "%d", devid) &&
         BACK(d, "type", "vif") &&
         BACK(d, "hotplug-status", "%s", "") &&
         FRONT(d, "backend-id", "%u", nic->backend_domid) &&
         FRONT(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
         FRONT(d, "handle", "%d", devid) &&
         FRONT(d, "mac", MAC_FMT, MAC_ARGS(mac)) &&
         FRONT(d, "trusted", "%d", nic->trusted < 0 ? 0 : 1) &&
         RO_FRONT(d, "mtu", "%u", mtu);
    if (!ok) {
        axl__dev_dispose(d);
        return AXL_ERROR_NOMEM;
    }
    return AXL_OK;
}

int axl__dev_from_virtio(axl__dev *d, uint32_t domid, int devid,
                         const axl__virtio_dev *v)
{
    bool ok;

    dev_start(d, "virtio", domid, v->backend_domid, devid);
    snprintf(d->what, sizeof(d->what), "virtio %d", devid);
    /* the backend's keys in libxl 4.20's order */
    ok = BACK(d, "frontend-id", "%u", domid) &&
         BACK(d, "online", "1") &&
         BACK(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
         BACK(d, "irq", "%"PRIu32, v->spi) &&
         BACK(d, "base", "%#"PRIx64, v->base) &&
         BACK(d, "type", "%s", v->type ? v->type : "") &&
         BACK(d, "transport", "mmio") &&
         BACK(d, "grant_usage", "%d", v->grant ? 1 : 0) &&
         FRONT(d, "backend-id", "%u", v->backend_domid) &&
         FRONT(d, "state", "%d", AXL__XENBUS_INITIALISING);
    if (!ok) {
        axl__dev_dispose(d);
        return AXL_ERROR_NOMEM;
    }
    return AXL_OK;
}

int axl__dev_from_console(axl__dev *d, uint32_t domid, bool vuart,
                          uint32_t port, uint64_t ring_ref)
{
    bool ok;

    dev_start(d, vuart ? "vuart" : "console", domid, 0, 0);
    snprintf(d->what, sizeof(d->what), "%s", vuart ? "vuart" : "console");
    /* the primary console's frontend is DOMAIN/console, and the guest may
     * only read it (libxl__device_generic_add's special case) */
    snprintf(d->fe, sizeof(d->fe), vuart ? "/local/domain/%u/vuart/0" :
             "/local/domain/%u/console", domid);
    d->fe_read_only = true;
    ok = BACK(d, "frontend-id", "%u", domid) &&
         BACK(d, "online", "1") &&
         BACK(d, "state", "%d", AXL__XENBUS_INITIALISING) &&
         BACK(d, "protocol", "vt100");
    if (ok && vuart)
        ok = RO_FRONT(d, "port", "%"PRIu32, port) &&
             RO_FRONT(d, "ring-ref", "%"PRIu64, ring_ref) &&
             RO_FRONT(d, "limit", "%d", AXL__CONSOLE_LIMIT) &&
             RO_FRONT(d, "type", "xenconsoled");
    else if (ok)
        ok = FRONT(d, "backend-id", "0") &&
             RO_FRONT(d, "limit", "%d", AXL__CONSOLE_LIMIT) &&
             RO_FRONT(d, "type", "xenconsoled") &&
             RO_FRONT(d, "output", "pty") &&
             RO_FRONT(d, "tty", "%s", "") &&
             RO_FRONT(d, "port", "%"PRIu32, port) &&
             RO_FRONT(d, "ring-ref", "%"PRIu64, ring_ref);
    if (!ok) {
        axl__dev_dispose(d);
        return AXL_ERROR_NOMEM;
    }
    return AXL_OK;
}

/* KEY, VALUE pairs under @dir, each with @perms (libxl__xs_writev_perms). */
static void write_pairs(axl__txn *x, const char *dir, char *const *kv,
                        size_t nr, const axl__xs_perm *perms)
{
    char path[256];
    size_t i;

    for (i = 0; i + 1 < nr; i += 2) {
        snprintf(path, sizeof(path), "%s/%s", dir, kv[i]);
        if (perms)
            axl__txn_write_perms(x, kv[i + 1], perms, 2, path);
        else
            axl__txn_write(x, kv[i + 1], "%s", path);
    }
}

/* Inside the transaction: refuses a device whose frontend exists. */
static void check_absent(axl__txn *x, const axl__dev *d)
{
    char *v;

    if (!x->ok || x->rc)
        return;
    v = x->h->ops->xs_read(x->h->hv, x->t, d->fe, NULL);
    if (v) {
        free(v);
        x->rc = AXL_ERROR_INVAL;
    } else if (errno != ENOENT) {
        x->ok = false;
    }
}

void axl__txn_device(axl__txn *x, const void *arg)
{
    const axl__dev *d = arg;
    const axl__xs_perm fe_perms[2] = {
        { .id = d->domid, .perms = AXL__XS_PERM_NONE },
        { .id = d->backend_domid, .perms = AXL__XS_PERM_READ },
    };
    const axl__xs_perm be_perms[2] = {
        { .id = d->backend_domid, .perms = AXL__XS_PERM_NONE },
        { .id = d->domid, .perms = AXL__XS_PERM_READ },
    };

    check_absent(x, d);
    if (x->rc)
        return;
    axl__txn_rm(x, d->lib);
    axl__txn_write(x, d->fe, "%s/frontend", d->lib);
    axl__txn_write(x, d->be, "%s/backend", d->lib);
    /* The frontend: the guest's; the backend may read it. */
    axl__txn_rm(x, d->fe);
    axl__txn_mknod(x, d->fe_read_only ? be_perms : fe_perms, 2, d->fe);
    axl__txn_write(x, d->be, "%s/backend", d->fe);
    write_pairs(x, d->fe, d->front, d->nr_front, fe_perms);
    /* ... except what the guest may only read (a vif's mtu) */
    write_pairs(x, d->fe, d->ro_front, d->nr_ro_front, be_perms);
    /* The backend: dom0's; the guest may read it. */
    axl__txn_rm(x, d->be);
    axl__txn_mknod(x, be_perms, 2, d->be);
    axl__txn_write(x, d->fe, "%s/frontend", d->be);
    write_pairs(x, d->be, d->back, d->nr_back, NULL);
    /* libxl's own copy of the backend's keys */
    write_pairs(x, d->lib, d->back, d->nr_back, NULL);
}
