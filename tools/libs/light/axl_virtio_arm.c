/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * virtio-mmio devices: which slot and SPI each gets, as libxl hands them
 * out (libxl__arch_domain_prepare_config), and the SPI count of the vGIC.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "axl_virtio_arm.h"
#include "arch-arm.h"

#define VIRTIO_TYPE_PREFIX "virtio,device"

void axl__virtio_layout_init(axl__virtio_layout *l)
{
    l->dev = NULL;
    l->nr = 0;
}

void axl__virtio_layout_dispose(axl__virtio_layout *l)
{
    free(l->dev);
    axl__virtio_layout_init(l);
}

/* libxl's default: grants unless the backend is the toolstack domain. */
static bool uses_grants(int grant_usage, uint32_t backend_domid)
{
    return grant_usage < 0 ? backend_domid != 0 : grant_usage != 0;
}

static int check_backend(axl_ctx *ctx, const char *what, size_t i,
                         const char *name, uint32_t domid)
{
    if (domid != AXL_DOMID_UNRESOLVED)
        return AXL_OK;
    LOG(ctx, ERROR, "%s[%zu]: backend \"%s\" is a domain name, which only "
        "a running host can resolve: give its domain id", what, i,
        name ? name : "");
    return AXL_ERROR_INVAL;
}

static int add_dev(axl_ctx *ctx, const axl__xen_profile *p,
                   axl__virtio_layout *l, const axl__virtio_dev *d)
{
    size_t slots = (size_t)(axl__win_size(p, AXL__WIN_VIRTIO_MMIO) /
                            p->virtio_dev_size);
    size_t spis = p->virtio_spi_last - p->virtio_spi_first + 1;
    axl__virtio_dev *nd;

    if (l->nr >= slots || l->nr >= spis) {
        LOG(ctx, ERROR, "%s[%zu]: no virtio-mmio slot left: a guest has at "
            "most %zu virtio devices (SPIs %u..%u)",
            d->is_disk ? "disk" : "virtio", d->index,
            slots < spis ? slots : spis, p->virtio_spi_first,
            p->virtio_spi_last);
        return AXL_ERROR_LAYOUT;
    }
    nd = realloc(l->dev, (l->nr + 1) * sizeof(*nd));
    if (!nd)
        return AXL_ERROR_NOMEM;
    l->dev = nd;
    nd[l->nr] = *d;
    nd[l->nr].base = axl__win_base(p, AXL__WIN_VIRTIO_MMIO) +
                     l->nr * p->virtio_dev_size;
    nd[l->nr].spi = p->virtio_spi_first + (uint32_t)l->nr;
    l->nr++;
    return AXL_OK;
}

static int place_disks(axl_ctx *ctx, const axl_domain_config *eff,
                       const axl__xen_profile *p, axl__virtio_layout *l)
{
    size_t i;
    int rc;

    for (i = 0; i < eff->nr_disks; i++) {
        const axl_disk *d = &eff->disks[i];
        axl__virtio_dev dev = { .is_disk = true, .index = i };

        if (d->specification != AXL_DISK_SPEC_VIRTIO)
            continue;
        rc = check_backend(ctx, "disk", i, d->backend, d->backend_domid);
        if (rc)
            return rc;
        dev.backend_domid = d->backend_domid;
        /* 4.17's libxl has no grant_usage: a backend other than dom0
         * always maps grants. */
        dev.grant = uses_grants(p->has_grant_usage ? d->grant_usage : -1,
                                d->backend_domid);
        rc = add_dev(ctx, p, l, &dev);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

static int place_virtio(axl_ctx *ctx, const axl_domain_config *eff,
                        const axl__xen_profile *p, axl__virtio_layout *l)
{
    size_t i;
    int rc;

    if (eff->nr_virtio && !p->has_virtio_key) {
        LOG(ctx, ERROR, "virtio: Xen %u.%u's toolstack has no virtio= "
            "devices (libxl added them in 4.18; only disks with "
            "specification=virtio exist there): target Xen 4.20",
            p->major, p->minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    for (i = 0; i < eff->nr_virtio; i++) {
        const axl_virtio *v = &eff->virtio[i];
        axl__virtio_dev dev = { .index = i };

        if (!v->type || strncmp(v->type, VIRTIO_TYPE_PREFIX,
                                strlen(VIRTIO_TYPE_PREFIX))) {
            LOG(ctx, ERROR, "virtio[%zu]: type \"%s\" is not "
                "\"virtio,device\" or \"virtio,deviceN\"", i,
                v->type ? v->type : "");
            return AXL_ERROR_INVAL;
        }
        if (v->transport > AXL_VIRTIO_TRANSPORT_MMIO) {
            LOG(ctx, ERROR, "virtio[%zu]: unknown transport", i);
            return AXL_ERROR_INVAL;
        }
        rc = check_backend(ctx, "virtio", i, v->backend, v->backend_domid);
        if (rc)
            return rc;
        if (v->transport != AXL_VIRTIO_TRANSPORT_MMIO) {
            LOG(ctx, WARN, "virtio[%zu]: no transport=mmio, so the guest "
                "gets no device for it (libxl ignores such an entry)", i);
            continue;
        }
        dev.type = v->type;
        dev.backend_domid = v->backend_domid;
        dev.grant = uses_grants(v->grant_usage, v->backend_domid);
        rc = add_dev(ctx, p, l, &dev);
        if (rc)
            return rc;
    }
    return AXL_OK;
}

int axl__virtio_place(axl_ctx *ctx, const axl_domain_config *eff,
                      const axl__xen_profile *p, axl__virtio_layout *l)
{
    int rc = place_disks(ctx, eff, p, l);

    if (!rc)
        rc = place_virtio(ctx, eff, p, l);
    if (rc)
        axl__virtio_layout_dispose(l);
    return rc;
}

int axl__nr_spis(axl_ctx *ctx, const axl_domain_config *eff,
                 const axl__xen_profile *p, const axl__virtio_layout *l,
                 uint32_t *nr_spis_r)
{
    uint32_t n = eff->vuart == AXL_VUART_SBSA_UART ?
                 GUEST_VPL011_SPI - 32 + 1 : 0;
    uint32_t virtio_last = l->nr ? l->dev[l->nr - 1].spi : 0;
    size_t i;

    if (l->nr && virtio_last - 32 + 1 > n)
        n = virtio_last - 32 + 1;
    for (i = 0; i < eff->nr_irqs; i++) {
        uint32_t irq = eff->irqs[i];

        if (l->nr && irq >= p->virtio_spi_first && irq <= virtio_last) {
            LOG(ctx, ERROR, "irqs: %"PRIu32" is the SPI of a virtio device "
                "(%u..%"PRIu32")", irq, p->virtio_spi_first, virtio_last);
            return AXL_ERROR_LAYOUT;
        }
        if (irq >= 32 && irq - 32 + 1 > n)
            n = irq - 32 + 1;
    }
    if (eff->nr_spis > (int64_t)n)
        n = (uint32_t)eff->nr_spis;
    if (n > p->max_spis) {
        LOG(ctx, ERROR, "nr_spis: the guest needs %"PRIu32" SPIs, but Xen's "
            "vGIC offers at most %u", n, p->max_spis);
        return AXL_ERROR_LAYOUT;
    }
    *nr_spis_r = n;
    return AXL_OK;
}
