/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Creating an Arm domain: the sequence of libxl (libxl__domain_make,
 * libxl__build_pre, libxl__build_dom, the iomem and irq grants), driven by
 * the guest libaxl computed, so that what the domain receives is exactly
 * what `axl dt` predicts.  Any failure destroys the half-built domain and
 * removes its xenstore nodes.  Every Xen and xenstore call goes through
 * the host's axl_hv.h interface, so this runs on any host against a fake.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axl_devices.h"
#include "axl_virtio_arm.h"
#include "arch-arm.h"

#define EVENT_CHANNELS       1023        /* libxl's default */
#define MAXMEM_SLACK_KB      1024        /* LIBXL_MAXMEM_CONSTANT */
#define PAGING_EXTRA_MB      128         /* libxl's Arm extra paging pool */
#define ENTROPY_TRIES        64          /* getrandom interrupted */

int axl__make_uuid(axl_ctx *ctx, axl_host *h, uint8_t u[16], char out[37])
{
    size_t got = 0;
    unsigned int tries = 0;

    while (got < 16) {
        ssize_t r = h->ops->entropy(h->hv, u + got, 16 - got);

        if (r > 0) {
            got += (size_t)r;
            continue;
        }
        /* Only an interrupted call is worth repeating, and not for ever. */
        if ((r == 0 || errno == EINTR || errno == EAGAIN) &&
            ++tries < ENTROPY_TRIES)
            continue;
        LOGE(ctx, ERROR, "cannot generate the domain's uuid (getrandom)");
        return AXL_ERROR_XEN;
    }
    u[6] = (u[6] & 0x0f) | 0x40;    /* version 4 */
    u[8] = (u[8] & 0x3f) | 0x80;    /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
             u[15]);
    return AXL_OK;
}

/*
 * A name ends up in xenstore paths' values, in the monitor's log file name
 * and on `axl list`: not empty, at most 127 bytes (axl_dominfo), no '/',
 * no control characters, not "." or "..", and not all digits (the domain
 * commands read those as an id, as xl does).
 */
bool axl__domain_name_valid(const char *name)
{
    const unsigned char *p;
    bool digits = true;

    if (!name || !*name || strlen(name) > 127 || !strcmp(name, ".") ||
        !strcmp(name, ".."))
        return false;
    for (p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '/')
            return false;
        if (*p < '0' || *p > '9')
            digits = false;
    }
    return !digits;
}

/* What the Xen of this build cannot do is refused before Xen is touched,
 * naming the key. */
static int check_features(axl_ctx *ctx, axl_host *h,
                          const axl_domain_config *eff,
                          const axl__virtio_layout *vl, unsigned int *sve_r)
{
    unsigned int caps = h->abi.caps, max;
    size_t i;
    int rc;

    *sve_r = 0;
    rc = axl__devices_check(ctx, h, eff);
    if (rc)
        return rc;
    for (i = 0; i < eff->nr_virtio; i++) {
        if (eff->virtio[i].transport != AXL_VIRTIO_TRANSPORT_MMIO) {
            LOG(ctx, ERROR, "virtio[%zu]: no transport=mmio: libxl would "
                "ignore the device, axl create refuses it", i);
            return AXL_ERROR_INVAL;
        }
    }
    /* (virtio disks are libxl 4.17's already) */
    for (i = 0; i < vl->nr; i++) {
        if (!vl->dev[i].is_disk && !(caps & AXL__HV_CAP_VIRTIO)) {
            LOG(ctx, ERROR, "virtio: axl was built for Xen %u.%u, whose "
                "toolstack has no virtio-mmio devices (Xen 4.20 has)",
                h->abi.major, h->abi.minor);
            return AXL_ERROR_UNSUPPORTED;
        }
    }
    if (eff->tee == AXL_TEE_FFA && !(caps & AXL__HV_CAP_TEE_FFA)) {
        LOG(ctx, ERROR, "tee: \"ffa\" needs Xen 4.18 or later; axl was "
            "built for Xen %u.%u", h->abi.major, h->abi.minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (eff->nr_llc_colors && !(caps & AXL__HV_CAP_LLC)) {
        LOG(ctx, ERROR, "llc_colors: LLC colouring needs Xen 4.20; axl was "
            "built for Xen %u.%u", h->abi.major, h->abi.minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (eff->sve_vl == AXL_SVE_DISABLED)
        return AXL_OK;
    if (!(caps & AXL__HV_CAP_SVE)) {
        LOG(ctx, ERROR, "sve: SVE guests need Xen 4.18 or later; axl was "
            "built for Xen %u.%u", h->abi.major, h->abi.minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (h->ops->sve_max(h->hv, &max)) {
        LOGE(ctx, ERROR, "xen: cannot read the hardware's SVE vector length");
        return AXL_ERROR_XEN;
    }
    if (!max) {
        LOG(ctx, ERROR, "sve: this machine (or its Xen) offers no SVE");
        return AXL_ERROR_UNSUPPORTED;
    }
    if (eff->sve_vl == AXL_SVE_HW) {
        *sve_r = max;
    } else if (eff->sve_vl < 0 || (unsigned int)eff->sve_vl > max ||
               eff->sve_vl % 128) {
        LOG(ctx, ERROR, "sve: %d is not a multiple of 128 up to %u, the "
            "longest this machine offers", eff->sve_vl, max);
        return AXL_ERROR_INVAL;
    } else {
        *sve_r = (unsigned int)eff->sve_vl;
    }
    return AXL_OK;
}

static const char *tee_name(axl_tee tee)
{
    return tee == AXL_TEE_OPTEE ? "optee" : tee == AXL_TEE_FFA ? "ffa" :
           "none";
}

static int create_domain(axl_ctx *ctx, axl_host *h,
                         const axl_domain_config *eff, uint32_t nr_spis,
                         unsigned int sve_vl, axl__built *b,
                         axl__hv_created *out)
{
    axl__hv_create c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.max_vcpus = eff->max_vcpus;
    c.max_evtchn_port = EVENT_CHANNELS;
    c.max_grant_frames = (int32_t)eff->max_grant_frames;
    c.max_maptrack_frames = (int32_t)eff->max_maptrack_frames;
    c.gic = eff->gic_version;
    c.tee = eff->tee == AXL_TEE_OPTEE ? AXL__TEE_OPTEE :
            eff->tee == AXL_TEE_FFA ? AXL__TEE_FFA : AXL__TEE_NONE;
    c.nr_spis = nr_spis;
    c.vpmu = eff->vpmu;
    c.sve_vl = sve_vl;
    rc = axl__make_uuid(ctx, h, c.handle, b->uuid);
    if (rc)
        return rc;

    b->domid = 0;   /* Xen picks the id */
    if (h->ops->domain_create(h->hv, &c, &b->domid, out)) {
        if (c.tee != AXL__TEE_NONE && errno == EINVAL)
            LOGE(ctx, ERROR, "xen: domain creation failed (tee=\"%s\": "
                 "is the hypervisor built with that TEE mediator?)",
                 tee_name(eff->tee));
        else
            LOGE(ctx, ERROR, "xen: domain creation failed");
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

/* LLC colours right after creation, as libxl does. */
static int set_llc_colors(axl_ctx *ctx, axl_host *h,
                          const axl_domain_config *eff, uint32_t domid)
{
    if (!eff->nr_llc_colors)
        return AXL_OK;
    if (h->ops->llc_colors(h->hv, domid, eff->llc_colors,
                           (uint32_t)eff->nr_llc_colors)) {
        if (errno == EOPNOTSUPP)
            LOG(ctx, ERROR, "llc_colors: LLC colouring is not enabled in "
                "the hypervisor");
        else
            LOGE(ctx, ERROR, "xen: cannot set domain %u's LLC colours",
                 domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

/* The build options of the real domain: version, width, GIC, timer. */
static int host_options(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        const axl__hv_created *cd, axl_build_options *o)
{
    axl__hv_info info;

    axl_build_options_init(o);
    o->xen_major = h->xen_major;
    o->xen_minor = h->xen_minor;
    if (h->ops->domain_getinfo(h->hv, domid, 1, &info) != 1 ||
        info.domid != domid) {
        LOGE(ctx, ERROR, "xen: cannot read domain %u's information", domid);
        return AXL_ERROR_XEN;
    }
    o->gpaddr_bits = info.gpaddr_bits;
    o->native_gic = cd->gic == AXL_GIC_V2 ? AXL_GIC_V2 : AXL_GIC_V3;
    o->timer_frequency = cd->clock_frequency;
    return AXL_OK;
}

/* libxl__build_pre: vCPUs, memory limit, event channels, paging pool. */
static int build_pre(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                     axl__built *b)
{
    uint64_t pool_kb = 4 * (256 * (uint64_t)eff->max_vcpus +
                            eff->maxmem_kb / 1024 + PAGING_EXTRA_MB);
    int port;

    if (h->ops->max_vcpus(h->hv, b->domid, eff->max_vcpus)) {
        LOGE(ctx, ERROR, "xen: cannot set %u vCPUs", eff->max_vcpus);
        return AXL_ERROR_XEN;
    }
    if (h->ops->set_maxmem(h->hv, b->domid,
                           eff->maxmem_kb + MAXMEM_SLACK_KB)) {
        LOGE(ctx, ERROR, "xen: cannot set the memory limit to %"PRIu64" KiB",
             eff->maxmem_kb + MAXMEM_SLACK_KB);
        return AXL_ERROR_XEN;
    }
    port = h->ops->evtchn_alloc(h->hv, b->domid);
    if (port < 0) {
        LOGE(ctx, ERROR, "xen: cannot allocate the xenstore event channel");
        return AXL_ERROR_XEN;
    }
    b->store_port = (uint32_t)port;
    port = h->ops->evtchn_alloc(h->hv, b->domid);
    if (port < 0) {
        LOGE(ctx, ERROR, "xen: cannot allocate the console event channel");
        return AXL_ERROR_XEN;
    }
    b->console_port = (uint32_t)port;
    if (h->ops->paging_pool(h->hv, b->domid, pool_kb << 10)) {
        LOGE(ctx, ERROR, "xen: cannot set the paging pool to %"PRIu64" KiB",
             pool_kb);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

/* Milliseconds since @t0: step timings for axl -vv (no static state: the
 * library keeps none). */
static double ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

#define STEP(what) \
    LOG(ctx, INFO, "create: %s at %.1f ms", what, ms_since(&t0))

/* libxl__build_dom: load the kernel, ramdisk and DTB, populate RAM. */
static int build_image(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff, const axl_guest *g,
                       axl__built *b)
{
    axl__hv_image in;
    axl__hv_built out;
    int rc;

    if (h->ops->evtchn_upcall(h->hv, b->domid)) {
        LOGE(ctx, ERROR, "xen: cannot set the event-channel upcall");
        return AXL_ERROR_XEN;
    }
    memset(&in, 0, sizeof(in));
    memset(&out, 0, sizeof(out));
    in.domid = b->domid;
    in.kernel = eff->kernel;
    in.ramdisk = eff->ramdisk;
    in.cmdline = eff->cmdline;
    in.guest = g;
    in.mem_mb = eff->maxmem_kb / 1024;
    in.max_vcpus = eff->max_vcpus;
    in.store_port = b->store_port;
    in.console_port = b->console_port;
    in.vuart = eff->vuart == AXL_VUART_SBSA_UART;
    rc = h->ops->build_image(h->hv, ctx, &in, &out);
    if (rc)
        return rc;
    b->has_vuart = in.vuart;
    b->vuart_gfn = out.vuart_gfn;
    b->vuart_port = out.vuart_port;
    b->console_pfn = out.console_pfn;
    b->store_pfn = out.store_pfn;
    return AXL_OK;
}

/* iomem= and irqs=: permission, then the mapping / the SPI route. */
static int grant_devices(axl_ctx *ctx, axl_host *h,
                         const axl_domain_config *eff, uint32_t domid)
{
    size_t i;

    for (i = 0; i < eff->nr_iomem; i++) {
        const axl_iomem *e = &eff->iomem[i];

        if (h->ops->iomem_permit(h->hv, domid, e->start, e->number) ||
            h->ops->memory_map(h->hv, domid, e->gfn, e->start, e->number)) {
            LOGE(ctx, ERROR, "iomem[%zu]: cannot map %"PRIx64",%"PRIx64"@%"
                 PRIx64, i, e->start, e->number, e->gfn);
            return AXL_ERROR_XEN;
        }
    }
    for (i = 0; i < eff->nr_irqs; i++) {
        uint32_t irq = eff->irqs[i];

        if (h->ops->irq_permit(h->hv, domid, irq) ||
            h->ops->bind_spi(h->hv, domid, irq)) {
            LOGE(ctx, ERROR, "irqs: cannot route IRQ %"PRIu32, irq);
            return AXL_ERROR_XEN;
        }
    }
    return AXL_OK;
}

/* axl_guest_build passing on errors only. */
typedef struct errors_only {
    xentoollog_logger vtable;
    xentoollog_logger *target;
} errors_only;

static void errors_only_vmessage(xentoollog_logger *lg,
                                 xentoollog_level level, int errnoval,
                                 const char *context, const char *fmt,
                                 va_list ap)
{
    errors_only *e = (errors_only *)lg;

    if (level >= XTL_ERROR && e->target)
        e->target->vmessage(e->target, level, errnoval, context, fmt, ap);
}

static void errors_only_destroy(xentoollog_logger *lg)
{
    (void)lg;
}

static int quiet_build(axl_ctx *ctx, const axl_domain_config *cfg,
                       const axl_build_options *opts, axl_guest **g_r)
{
    errors_only lg = { { errors_only_vmessage, NULL, errors_only_destroy },
                       ctx->logger };
    axl_ctx quiet = { &lg.vtable };

    return axl_guest_build(&quiet, cfg, opts, g_r);
}

/* The virtio placement, once more for create: its warnings came from the
 * guest build already. */
static int quiet_virtio_place(axl_ctx *ctx, const axl_domain_config *eff,
                              const axl__xen_profile *p,
                              axl__virtio_layout *vl)
{
    errors_only lg = { { errors_only_vmessage, NULL, errors_only_destroy },
                       ctx->logger };
    axl_ctx quiet = { &lg.vtable };

    return axl__virtio_place(&quiet, eff, p, vl);
}

static bool has_virtio_disk(const axl_domain_config *eff)
{
    size_t i;

    for (i = 0; i < eff->nr_disks; i++)
        if (eff->disks[i].specification == AXL_DISK_SPEC_VIRTIO)
            return true;
    return false;
}

/* Fails early when the name is taken; the check that counts is the one
 * inside the transaction that writes the name (axl__xs_make). */
static int check_name_free(axl_ctx *ctx, axl_host *h, const char *name)
{
    axl_dominfo *list;
    size_t nr, i;
    int rc = axl_domain_list(ctx, h, &list, &nr);

    if (rc)
        return rc;
    for (i = 0; i < nr; i++) {
        if (!strcmp(list[i].name, name)) {
            LOG(ctx, ERROR, "name: a domain named \"%s\" already exists "
                "(id %u)", name, list[i].domid);
            rc = AXL_ERROR_INVAL;
            break;
        }
    }
    free(list);
    return rc;
}

int axl_domain_create(axl_ctx *ctx, axl_host *h,
                      const axl_domain_config *cfg, uint32_t *domid_r,
                      axl_guest **guest_r)
{
    const axl__xen_profile *prof;
    axl__virtio_layout vl;
    axl__hv_created cd;
    axl_build_options opts;
    axl_domain_config eff;
    axl__built b;
    axl_guest *g = NULL;
    const void *dtb;
    size_t dtb_size;
    unsigned int sve_vl;
    uint32_t nr_spis;
    struct timespec t0;
    axl__devices_job *job = NULL;
    bool created = false, early;
    int rc, ended;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(&b, 0, sizeof(b));
    memset(&cd, 0, sizeof(cd));
    axl__virtio_layout_init(&vl);
    STEP("start");
    /* Everything that can be checked is checked before Xen is touched,
     * for the running Xen's version; its warnings come once, from the
     * real build below. */
    prof = axl__xen_profile_find(h->xen_major, h->xen_minor);
    if (!prof) {
        LOG(ctx, ERROR, "xen: axl writes guests for Xen %s, not %u.%u",
            axl_xen_versions_supported(), h->xen_major, h->xen_minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    axl_build_options_init(&opts);
    opts.xen_major = h->xen_major;
    opts.xen_minor = h->xen_minor;
    opts.rng_seed = AXL_RNG_SEED_NONE;
    rc = quiet_build(ctx, cfg, &opts, &g);
    if (rc)
        return rc;
    axl_guest_free(g);
    g = NULL;
    axl__config_effective(cfg, &eff);
    if (!axl__domain_name_valid(eff.name)) {
        LOG(ctx, ERROR, "name: \"%s\" cannot name a domain (1-127 bytes, "
            "no '/' or control characters, not all digits)", eff.name);
        return AXL_ERROR_INVAL;
    }
    rc = quiet_virtio_place(ctx, &eff, prof, &vl);
    if (!rc)
        rc = axl__nr_spis(ctx, &eff, prof, &vl, &nr_spis);
    if (!rc)
        rc = check_features(ctx, h, &eff, &vl, &sve_vl);
    if (!rc)
        rc = check_name_free(ctx, h, eff.name);
    if (rc)
        goto out;

    STEP("checked");
    rc = create_domain(ctx, h, &eff, nr_spis, sve_vl, &b, &cd);
    if (rc)
        goto out;
    created = true;
    STEP("domain created");
    rc = set_llc_colors(ctx, h, &eff, b.domid);
    if (rc)
        goto out;
    rc = host_options(ctx, h, b.domid, &cd, &opts);
    if (rc)
        goto out;
    rc = axl_guest_build(ctx, cfg, &opts, &g);
    if (rc)
        goto out;
    STEP("guest computed");
    /* The name is checked inside this transaction (see axl_domain.h). */
    rc = axl__xs_make(ctx, h, &eff, &b);
    if (!rc)
        rc = build_pre(ctx, h, &eff, &b);
    STEP("xenstore base and build_pre");
    /* The hotplug scripts run while the image is built (they need only
     * the domain's id); a virtio disk's backend program may need the
     * built domain, so with one they wait for it. */
    early = !has_virtio_disk(&eff);
    if (!rc && early)
        rc = axl__devices_begin(ctx, h, &eff, &vl, prof->has_grant_usage,
                                b.domid, &job);
    if (!rc)
        rc = build_image(ctx, h, &eff, g, &b);
    if (!rc)
        rc = grant_devices(ctx, h, &eff, b.domid);
    if (!rc) {
        dtb = axl_guest_dtb(g, &dtb_size);
        rc = axl__xs_finish(ctx, h, &eff, &b, dtb, dtb_size);
    }
    if (!rc)
        rc = axl__xs_virtio(ctx, h, b.domid, &vl);
    if (!rc)
        STEP("registered");
    if (!rc && !early)
        rc = axl__devices_begin(ctx, h, &eff, &vl, prof->has_grant_usage,
                                b.domid, &job);
    ended = axl__devices_end(ctx, h, job, !rc);
    if (!rc)
        rc = ended;
    if (rc)
        goto out;
    STEP("devices");

    *domid_r = b.domid;
    if (guest_r) {
        *guest_r = g;
        g = NULL;
    }
out:
    if (rc && created) {
        axl__devices_remove(ctx, h, b.domid, AXL__DEV_FORCE, NULL);
        if (h->ops->domain_destroy(h->hv, b.domid))
            LOGE(ctx, ERROR, "xen: cannot destroy the half-built domain %u",
                 b.domid);
        if (!axl__xs_remove(h, b.domid))
            LOGE(ctx, ERROR, "xenstore: cannot remove the nodes of the "
                 "half-built domain %u", b.domid);
    }
    axl__virtio_layout_dispose(&vl);
    axl_guest_free(g);
    return rc;
}
