/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What axl create checks about disks and vifs before Xen is touched, so
 * that a device it cannot set up fails the create with one line naming
 * it and leaves nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "axl_devices.h"

#define IFNAMSIZ 16                 /* Linux's, with the NUL */

static int check_disk(axl_ctx *ctx, const axl_disk *d, size_t i)
{
    struct stat st;

    bool virtio = d->specification == AXL_DISK_SPEC_VIRTIO;

    /* libxl's disk_try_backend: virtio disks are "standalone" (an
     * external backend program), and only they are */
    if (virtio && d->backendtype && strcmp(d->backendtype, "standalone")) {
        LOG(ctx, ERROR, "disk[%zu] (%s): backendtype=%s cannot serve "
            "specification=virtio (its backend is standalone)", i, d->vdev,
            d->backendtype);
        return AXL_ERROR_INVAL;
    }
    if (!virtio && d->backendtype && !strcmp(d->backendtype, "standalone")) {
        LOG(ctx, ERROR, "disk[%zu] (%s): backendtype=standalone is for "
            "specification=virtio disks", i, d->vdev);
        return AXL_ERROR_INVAL;
    }
    if (virtio && d->script) {
        LOG(ctx, ERROR, "disk[%zu] (%s): script= does not apply to "
            "specification=virtio disks (no hotplug script runs for "
            "them)", i, d->vdev);
        return AXL_ERROR_INVAL;
    }
    if (d->backendtype && !strcmp(d->backendtype, "tap")) {
        LOG(ctx, ERROR, "disk[%zu] (%s): backendtype=tap: blktap is not "
            "supported (by libxl either)", i, d->vdev);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (!virtio && d->backendtype && strcmp(d->backendtype, "phy")) {
        LOG(ctx, ERROR, "disk[%zu] (%s): backendtype=%s needs QEMU's disk "
            "backend, which Debian does not build for arm64; use phy", i,
            d->vdev, d->backendtype);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (d->format && strcmp(d->format, "raw")) {
        LOG(ctx, ERROR, "disk[%zu] (%s): format=%s needs QEMU's disk "
            "backend (qdisk), which Debian does not build for arm64; only "
            "raw images and block devices work", i, d->vdev, d->format);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (!d->target || !*d->target) {
        LOG(ctx, ERROR, "disk[%zu] (%s): no target (an image file or a "
            "block device)%s", i, d->vdev,
            d->cdrom ? ": empty cdrom drives are not supported" : "");
        return AXL_ERROR_INVAL;
    }
    /* With its own script the target means what the script makes of it
     * (libxl assumes phy and does not look at it either); in a driver
     * domain it is that domain's file, which dom0 cannot see. */
    if (d->script || d->backend_domid != 0)
        return AXL_OK;
    if (stat(d->target, &st)) {
        LOGE(ctx, ERROR, "disk[%zu] (%s): cannot use %s", i, d->vdev,
             d->target);
        return AXL_ERROR_IO;
    }
    if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode)) {
        LOG(ctx, ERROR, "disk[%zu] (%s): %s is neither a block device nor "
            "an image file", i, d->vdev, d->target);
        return AXL_ERROR_INVAL;
    }
    return AXL_OK;
}

/*
 * backend=: a running domain other than the guest (libxl looks the name
 * up and lets Xen find out the rest; then the backend simply never
 * answers).  @h NULL: not checked (a dry run).
 */
static int check_backend_domain(axl_ctx *ctx, axl_host *h, const char *what,
                                size_t i, const char *name, uint32_t id)
{
    axl__hv_info info;
    char label[96];

    if (id == 0)
        return AXL_OK;
    if (id == AXL_DOMID_UNRESOLVED) {
        LOG(ctx, ERROR, "%s[%zu]: backend \"%s\" is a domain name that is "
            "not looked up yet (axl_domain_lookup)", what, i,
            name ? name : "");
        return AXL_ERROR_INVAL;
    }
    if (!h)
        return AXL_OK;
    /* the name too, when it was one */
    snprintf(label, sizeof(label), "%u", id);
    if (name && strcmp(name, label))
        snprintf(label, sizeof(label), "%u (%.64s)", id, name);
    if (h->ops->domain_getinfo(h->hv, id, 1, &info) != 1 ||
        info.domid != id) {
        LOG(ctx, ERROR, "%s[%zu]: backend domain %s does not exist", what, i,
            label);
        return AXL_ERROR_NOTFOUND;
    }
    if (info.dying || info.shutdown) {
        LOG(ctx, ERROR, "%s[%zu]: backend domain %s is shutting down", what,
            i, label);
        return AXL_ERROR_INVAL;
    }
    return AXL_OK;
}

static int check_disks(axl_ctx *ctx, const axl_domain_config *eff)
{
    size_t i, j;
    int rc;

    for (i = 0; i < eff->nr_disks; i++) {
        const axl_disk *d = &eff->disks[i];
        int id = axl__vdev_devid(d->vdev);

        if (id < 0) {
            LOG(ctx, ERROR, "disk[%zu]: vdev \"%s\" is not a disk name "
                "libxl knows (xvdX, sdX, hdX, dNpN or a number)", i,
                d->vdev ? d->vdev : "");
            return AXL_ERROR_INVAL;
        }
        for (j = 0; j < i; j++) {
            if (axl__vdev_devid(eff->disks[j].vdev) == id) {
                LOG(ctx, ERROR, "disk[%zu] (%s): the same device as "
                    "disk[%zu] (%s)", i, d->vdev, j, eff->disks[j].vdev);
                return AXL_ERROR_INVAL;
            }
        }
        rc = check_disk(ctx, d, i);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

static bool ifname_ok(const char *s)
{
    size_t n = strlen(s);

    return n && n < IFNAMSIZ && !strpbrk(s, "/: \t\n") &&
           strcmp(s, ".") && strcmp(s, "..");
}

static int check_nics(axl_ctx *ctx, const axl_domain_config *eff)
{
    size_t i, j;

    for (i = 0; i < eff->nr_nics; i++) {
        const axl_nic *n = &eff->nics[i];

        if (n->emulated) {
            LOG(ctx, ERROR, "vif[%zu]: type=ioemu: an emulated NIC needs a "
                "device model, and Arm guests have none", i);
            return AXL_ERROR_UNSUPPORTED;
        }
        if (n->vifname && !ifname_ok(n->vifname)) {
            LOG(ctx, ERROR, "vif[%zu]: vifname \"%s\" is not a network "
                "interface name (1-15 bytes, no '/', ':' or spaces)", i,
                n->vifname);
            return AXL_ERROR_INVAL;
        }
        if (n->bridge && !ifname_ok(n->bridge)) {
            LOG(ctx, ERROR, "vif[%zu]: bridge \"%s\" is not a network "
                "interface name", i, n->bridge);
            return AXL_ERROR_INVAL;
        }
        if (n->has_devid && (n->devid < 0 || n->devid > AXL__NIC_DEVID_MAX)) {
            LOG(ctx, ERROR, "vif[%zu]: devid %d is outside 0..%d", i,
                n->devid, AXL__NIC_DEVID_MAX);
            return AXL_ERROR_INVAL;
        }
        if (n->has_mac && (n->mac[0] & 1)) {
            LOG(ctx, ERROR, "vif[%zu]: mac %02x:...: a multicast address "
                "cannot name an interface", i, n->mac[0]);
            return AXL_ERROR_INVAL;
        }
        for (j = 0; j < i; j++) {
            if (n->has_devid && eff->nics[j].has_devid &&
                eff->nics[j].devid == n->devid) {
                LOG(ctx, ERROR, "vif[%zu]: devid %d is vif[%zu]'s too", i,
                    n->devid, j);
                return AXL_ERROR_INVAL;
            }
        }
    }
    if (eff->nr_nics > AXL__NIC_DEVID_MAX) {
        LOG(ctx, ERROR, "vif: %zu interfaces is too many", eff->nr_nics);
        return AXL_ERROR_INVAL;
    }
    return AXL_OK;
}

int axl__devices_check(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff)
{
    int rc = check_disks(ctx, eff);
    size_t i;

    if (!rc)
        rc = check_nics(ctx, eff);
    for (i = 0; i < eff->nr_disks && !rc; i++)
        rc = check_backend_domain(ctx, h, "disk", i, eff->disks[i].backend,
                                  eff->disks[i].backend_domid);
    for (i = 0; i < eff->nr_nics && !rc; i++)
        rc = check_backend_domain(ctx, h, "vif", i, eff->nics[i].backend,
                                  eff->nics[i].backend_domid);
    return rc;
}
