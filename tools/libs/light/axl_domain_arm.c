/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Creating an Arm domain on real Xen: the hypercall sequence of libxl 4.17
 * (libxl__domain_make, libxl__build_pre, libxl__build_dom, the iomem and
 * irq grants), driven by the guest libaxl computed, so that what the
 * domain receives is exactly what `axl dt` predicts.  Any failure destroys
 * the half-built domain and removes its xenstore nodes.
 *
 * This file includes Xen's public headers (through xenctrl.h) and so not
 * axl's own arch-arm.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <time.h>

#include "axl_domain.h"     /* xenctrl.h first: it sets __XEN_TOOLS__ */

#include <xen/hvm/params.h>
#include <xen/io/xs_wire.h>

#define EVENT_CHANNELS       1023        /* libxl's default */
#define GRANT_VERSION        1           /* Arm has no grant table v2 */
#define MAXMEM_SLACK_KB      1024        /* LIBXL_MAXMEM_CONSTANT */
#define PAGING_EXTRA_MB      128         /* libxl's Arm extra paging pool */

bool axl_host_supported(void)
{
    return true;
}

/*
 * libxenctrl and libxenguest log their own view of every failure; axl
 * reports each failure once, in its own words, so theirs are passed on as
 * details (shown with axl -v).
 */
static void demote_vmessage(xentoollog_logger *lg, xentoollog_level level,
                            int errnoval, const char *context,
                            const char *fmt, va_list ap)
{
    axl_host *h = (axl_host *)((char *)lg - offsetof(axl_host, demote));

    if (!h->target)
        return;
    h->target->vmessage(h->target, level > XTL_DETAIL ? XTL_DETAIL : level,
                        errnoval, context, fmt, ap);
}

static void demote_destroy(xentoollog_logger *lg)
{
    (void)lg;
}

#define XENSTORED_PROBE_MS 5000

/*
 * libxenstore waits for ever for a xenstored that accepts connections but
 * no longer answers: ask it for "/" first, with a time limit (one request
 * of the public wire protocol, xen/io/xs_wire.h).
 */
static bool xenstored_answers(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct {
        struct xsd_sockmsg hdr;
        char body[2];
    } req = { { XS_DIRECTORY, 0, 0, 2 }, "/" };
    struct xsd_sockmsg reply;
    struct pollfd pfd;
    bool ok = false;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path))
        return false;
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
        write(fd, &req, sizeof(req.hdr) + 2) == (ssize_t)(sizeof(req.hdr) + 2)) {
        pfd.fd = fd;
        pfd.events = POLLIN;
        ok = poll(&pfd, 1, XENSTORED_PROBE_MS) == 1 &&
             read(fd, &reply, sizeof(reply)) == (ssize_t)sizeof(reply);
    }
    close(fd);
    return ok;
}

/*
 * xenstored's socket, not the kernel's xenbus device: through the device,
 * a request to a dead xenstored waits for ever, where the socket refuses
 * at once.  AXL_XENSTORE_DEVICE=1 allows the device (a driver domain
 * whose xenstore runs elsewhere).
 */
static struct xs_handle *open_xenstore(axl_ctx *ctx)
{
    const char *sock = xs_daemon_socket();
    const char *dev = getenv("AXL_XENSTORE_DEVICE");
    struct xs_handle *xsh;

    if (dev && !strcmp(dev, "1")) {
        xsh = xs_open(0);
        if (!xsh)
            LOGE(ctx, ERROR, "xenstore: cannot connect");
        return xsh;
    }
    if (!xenstored_answers(sock)) {
        LOG(ctx, ERROR, "xenstore: xenstored does not answer on %s (is it "
            "running?)", sock);
        return NULL;
    }
    xsh = xs_open(XS_OPEN_SOCKETONLY);
    if (!xsh)
        LOGE(ctx, ERROR, "xenstore: cannot connect to %s", sock);
    return xsh;
}

int axl_host_open(axl_ctx *ctx, axl_host **host_r)
{
    axl_host *h = calloc(1, sizeof(*h));

    if (!h)
        return AXL_ERROR_NOMEM;
    h->target = ctx->logger;
    h->demote.vmessage = demote_vmessage;
    h->demote.destroy = demote_destroy;
    h->xch = xc_interface_open(&h->demote, &h->demote, 0);
    if (!h->xch) {
        LOGE(ctx, ERROR, "xen: cannot open the hypervisor interface "
             "(is this dom0 on Xen, with privcmd loaded?)");
        free(h);
        return AXL_ERROR_XEN;
    }
    h->xsh = open_xenstore(ctx);
    if (!h->xsh) {
        xc_interface_close(h->xch);
        free(h);
        return AXL_ERROR_XEN;
    }
    *host_r = h;
    return AXL_OK;
}

void axl_host_close(axl_host *h)
{
    if (!h)
        return;
    xs_close(h->xsh);
    xc_interface_close(h->xch);
    free(h);
}

static void make_uuid(char out[37], xen_domain_handle_t handle)
{
    unsigned char *u = handle;
    size_t got = 0;

    while (got < 16) {
        ssize_t r = getrandom(u + got, 16 - got, 0);

        if (r > 0)
            got += (size_t)r;
    }
    u[6] = (u[6] & 0x0f) | 0x40;    /* version 4 */
    u[8] = (u[8] & 0x3f) | 0x80;    /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
             u[15]);
}

/* SPIs the vGIC must provide: the vpl011's and every passed-through one. */
static uint32_t needed_spis(const axl_domain_config *eff)
{
    uint32_t n = eff->vuart == AXL_VUART_SBSA_UART ?
                 GUEST_VPL011_SPI - 32 + 1 : 0;
    size_t i;

    for (i = 0; i < eff->nr_irqs; i++)
        if (eff->irqs[i] - 32 + 1 > n)
            n = eff->irqs[i] - 32 + 1;
    return n;
}

static int create_domain(axl_ctx *ctx, axl_host *h,
                         const axl_domain_config *eff, axl__built *b,
                         struct xen_domctl_createdomain *cd)
{
    memset(cd, 0, sizeof(*cd));
    cd->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    cd->max_vcpus = eff->max_vcpus;
    cd->max_evtchn_port = EVENT_CHANNELS;
    cd->max_grant_frames = (int32_t)eff->max_grant_frames;
    cd->max_maptrack_frames = (int32_t)eff->max_maptrack_frames;
    cd->grant_opts = XEN_DOMCTL_GRANT_version(GRANT_VERSION);
    cd->arch.gic_version = eff->gic_version == AXL_GIC_V2 ?
                           XEN_DOMCTL_CONFIG_GIC_V2 :
                           eff->gic_version == AXL_GIC_V3 ?
                           XEN_DOMCTL_CONFIG_GIC_V3 :
                           XEN_DOMCTL_CONFIG_GIC_NATIVE;
    cd->arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE;
    cd->arch.nr_spis = needed_spis(eff);
    make_uuid(b->uuid, cd->handle);

    b->domid = 0;   /* Xen picks the id */
    if (xc_domain_create(h->xch, &b->domid, cd)) {
        LOGE(ctx, ERROR, "xen: domain creation failed");
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

/* The build options of the real domain: version, width, GIC, timer. */
static int host_options(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        const struct xen_domctl_createdomain *cd,
                        axl_build_options *o)
{
    xc_domaininfo_t info;
    int ver;

    axl_build_options_init(o);
    ver = xc_version(h->xch, XENVER_version, NULL);
    if (ver < 0) {
        LOGE(ctx, ERROR, "xen: cannot read the hypervisor version");
        return AXL_ERROR_XEN;
    }
    o->xen_major = (unsigned int)ver >> 16;
    o->xen_minor = (unsigned int)ver & 0xffff;
    if (xc_domain_getinfolist(h->xch, domid, 1, &info) != 1 ||
        info.domain != domid) {
        LOGE(ctx, ERROR, "xen: cannot read domain %u's information", domid);
        return AXL_ERROR_XEN;
    }
    o->gpaddr_bits = info.gpaddr_bits;
    o->native_gic = cd->arch.gic_version == XEN_DOMCTL_CONFIG_GIC_V2 ?
                    AXL_GIC_V2 : AXL_GIC_V3;
    o->timer_frequency = cd->arch.clock_frequency;
    return AXL_OK;
}

/* libxl__build_pre: vCPUs, memory limit, event channels, paging pool. */
static int build_pre(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                     axl__built *b)
{
    uint64_t pool_kb = 4 * (256 * (uint64_t)eff->max_vcpus +
                            eff->maxmem_kb / 1024 + PAGING_EXTRA_MB);
    int port;

    if (xc_domain_max_vcpus(h->xch, b->domid, eff->max_vcpus)) {
        LOGE(ctx, ERROR, "xen: cannot set %u vCPUs", eff->max_vcpus);
        return AXL_ERROR_XEN;
    }
    if (xc_domain_setmaxmem(h->xch, b->domid,
                            eff->maxmem_kb + MAXMEM_SLACK_KB)) {
        LOGE(ctx, ERROR, "xen: cannot set the memory limit to %"PRIu64" KiB",
             eff->maxmem_kb + MAXMEM_SLACK_KB);
        return AXL_ERROR_XEN;
    }
    port = xc_evtchn_alloc_unbound(h->xch, b->domid, 0);
    if (port < 0) {
        LOGE(ctx, ERROR, "xen: cannot allocate the xenstore event channel");
        return AXL_ERROR_XEN;
    }
    b->store_port = (uint32_t)port;
    port = xc_evtchn_alloc_unbound(h->xch, b->domid, 0);
    if (port < 0) {
        LOGE(ctx, ERROR, "xen: cannot allocate the console event channel");
        return AXL_ERROR_XEN;
    }
    b->console_port = (uint32_t)port;
    if (xc_set_paging_mempool_size(h->xch, b->domid, pool_kb << 10)) {
        LOGE(ctx, ERROR, "xen: cannot set the paging pool to %"PRIu64" KiB",
             pool_kb);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

/* libxenguest must put the modules where axl predicted them: the device
 * tree already says where the ramdisk is. */
static int check_placement(axl_ctx *ctx, const struct xc_dom_image *dom,
                           const axl_guest *g)
{
    const axl_window *w;
    size_t nr, i;

    w = axl_guest_memmap(g, &nr);
    for (i = 0; i < nr; i++) {
        uint64_t start, end;
        const char *what;

        if (w[i].owner == AXL_OWNER_RAMDISK) {
            start = dom->modules[0].seg.vstart;
            end = dom->modules[0].seg.vend;
            what = "ramdisk";
        } else if (w[i].owner == AXL_OWNER_DTB) {
            start = dom->devicetree_seg.vstart;
            end = dom->devicetree_seg.vend;
            what = "device tree";
        } else if (w[i].owner == AXL_OWNER_RAM) {
            start = w[i].start;
            end = start + ((uint64_t)dom->rambank_size[w[i].index] << 12);
            what = "RAM bank";
        } else {
            continue;
        }
        if (start != w[i].start || end != w[i].last + 1) {
            LOG(ctx, ERROR, "libxenguest put the %s at %#"PRIx64"-%#"PRIx64
                ", axl predicted %#"PRIx64"-%#"PRIx64, what, start, end,
                w[i].start, w[i].last + 1);
            return AXL_ERROR_LAYOUT;
        }
    }
    return AXL_OK;
}

/* Milliseconds since the first call: step timings for axl -vv. */
static double elapsed_ms(void)
{
    static struct timespec t0;
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    if (!t0.tv_sec && !t0.tv_nsec)
        t0 = t;
    return (double)(t.tv_sec - t0.tv_sec) * 1e3 +
           (double)(t.tv_nsec - t0.tv_nsec) / 1e6;
}

#define STEP(what) LOG(ctx, INFO, "create: %s at %.1f ms", what, elapsed_ms())

#define TRY(call, what) do {                                            \
        if ((call) != 0) {                                              \
            LOGE(ctx, ERROR, "libxenguest: %s failed", what);           \
            rc = AXL_ERROR_XEN;                                         \
            goto out;                                                   \
        }                                                               \
        STEP(what);                                                     \
    } while (0)

/* libxl__build_dom: load the kernel, ramdisk and DTB, populate RAM. */
static int build_image(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff, const axl_guest *g,
                       axl__built *b)
{
    struct xc_dom_image *dom;
    const void *dtb;
    size_t dtb_size;
    uint64_t cb;
    int rc;

    /* Event-channel upcall: PPI 31, active-low level. */
    cb = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << 56) |
         (HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) | GUEST_EVTCHN_PPI;
    if (xc_hvm_param_set(h->xch, b->domid, HVM_PARAM_CALLBACK_IRQ, cb)) {
        LOGE(ctx, ERROR, "xen: cannot set the event-channel upcall");
        return AXL_ERROR_XEN;
    }
    xc_dom_loginit(h->xch);
    dom = xc_dom_allocate(h->xch, eff->cmdline, NULL);
    if (!dom) {
        LOGE(ctx, ERROR, "libxenguest: out of memory");
        return AXL_ERROR_NOMEM;
    }
    dom->container_type = XC_DOM_HVM_CONTAINER;
    dom->console_evtchn = b->console_port;
    dom->console_domid = 0;
    dom->xenstore_evtchn = b->store_port;
    dom->xenstore_domid = 0;
    dom->max_vcpus = eff->max_vcpus;
    dtb = axl_guest_dtb(g, &dtb_size);

    TRY(xc_dom_kernel_file(dom, eff->kernel), "loading the kernel");
    if (eff->ramdisk)
        TRY(xc_dom_module_file(dom, eff->ramdisk, NULL), "loading the ramdisk");
    TRY(xc_dom_boot_xen_init(dom, h->xch, b->domid), "xc_dom_boot_xen_init");
    TRY(xc_dom_rambase_init(dom, GUEST_RAM_BASE), "xc_dom_rambase_init");
    TRY(xc_dom_parse_image(dom), "parsing the kernel");
    TRY(xc_dom_devicetree_mem(dom, dtb, dtb_size), "xc_dom_devicetree_mem");
    TRY(xc_dom_mem_init(dom, (unsigned int)(eff->maxmem_kb / 1024)),
        "xc_dom_mem_init");
    TRY(xc_dom_boot_mem_init(dom), "allocating the guest's memory");
    rc = check_placement(ctx, dom, g);
    if (rc)
        goto out;
    TRY(xc_dom_build_image(dom), "xc_dom_build_image");
    TRY(xc_dom_boot_image(dom), "xc_dom_boot_image");
    TRY(xc_dom_gnttab_init(dom), "setting up the grant table");
    if (eff->vuart == AXL_VUART_SBSA_UART) {
        TRY(xc_dom_vuart_init(h->xch, XEN_DOMCTL_VUART_TYPE_VPL011, b->domid,
                              0, dom->vuart_gfn, &b->vuart_port),
            "setting up the vpl011");
        b->has_vuart = true;
        b->vuart_gfn = dom->vuart_gfn;
    }
    b->console_pfn = dom->console_pfn;
    b->store_pfn = dom->xenstore_pfn;
    rc = AXL_OK;
out:
    xc_dom_release(dom);
    return rc;
}

/* iomem= and irqs=: permission, then the mapping / the SPI route. */
static int grant_devices(axl_ctx *ctx, axl_host *h,
                         const axl_domain_config *eff, uint32_t domid)
{
    size_t i;

    for (i = 0; i < eff->nr_iomem; i++) {
        const axl_iomem *e = &eff->iomem[i];

        if (xc_domain_iomem_permission(h->xch, domid, e->start, e->number,
                                       1) ||
            xc_domain_memory_mapping(h->xch, domid, e->gfn, e->start,
                                     e->number, DPCI_ADD_MAPPING)) {
            LOGE(ctx, ERROR, "iomem[%zu]: cannot map %"PRIx64",%"PRIx64"@%"
                 PRIx64, i, e->start, e->number, e->gfn);
            return AXL_ERROR_XEN;
        }
    }
    for (i = 0; i < eff->nr_irqs; i++) {
        uint32_t irq = eff->irqs[i];

        if (xc_domain_irq_permission(h->xch, domid, irq, 1) ||
            xc_domain_bind_pt_spi_irq(h->xch, domid, irq, irq)) {
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

static int quiet_build(axl_ctx *ctx, const axl_domain_config *cfg,
                       const axl_build_options *opts, axl_guest **g_r)
{
    errors_only lg = { { errors_only_vmessage, NULL, demote_destroy },
                       ctx->logger };
    axl_ctx quiet = { &lg.vtable };

    return axl_guest_build(&quiet, cfg, opts, g_r);
}

/* Names are unique, as xl keeps them. */
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
    struct xen_domctl_createdomain cd;
    axl_build_options opts;
    axl_domain_config eff;
    axl__built b;
    axl_guest *g = NULL;
    const void *dtb;
    size_t dtb_size;
    bool created = false;
    int rc;

    memset(&b, 0, sizeof(b));
    STEP("start");
    /* Everything that can be checked is checked before Xen is touched;
     * its warnings come once, from the real build below. */
    axl_build_options_init(&opts);
    opts.rng_seed = AXL_RNG_SEED_NONE;
    rc = quiet_build(ctx, cfg, &opts, &g);
    if (rc)
        return rc;
    axl_guest_free(g);
    g = NULL;
    axl__config_effective(cfg, &eff);
    rc = check_name_free(ctx, h, eff.name);
    if (rc)
        return rc;

    STEP("checked");
    rc = create_domain(ctx, h, &eff, &b, &cd);
    if (rc)
        goto out;
    created = true;
    STEP("domain created");
    rc = host_options(ctx, h, b.domid, &cd, &opts);
    if (rc)
        goto out;
    rc = axl_guest_build(ctx, cfg, &opts, &g);
    if (rc)
        goto out;
    STEP("guest computed");
    rc = axl__xs_make(ctx, h, &eff, &b);
    if (!rc)
        rc = build_pre(ctx, h, &eff, &b);
    STEP("xenstore base and build_pre");
    if (!rc)
        rc = build_image(ctx, h, &eff, g, &b);
    if (!rc)
        rc = grant_devices(ctx, h, &eff, b.domid);
    if (rc)
        goto out;
    dtb = axl_guest_dtb(g, &dtb_size);
    rc = axl__xs_finish(ctx, h, &eff, &b, dtb, dtb_size);
    if (rc)
        goto out;
    STEP("registered");

    *domid_r = b.domid;
    if (guest_r) {
        *guest_r = g;
        g = NULL;
    }
out:
    if (rc && created) {
        if (xc_domain_destroy(h->xch, b.domid))
            LOGE(ctx, ERROR, "xen: cannot destroy the half-built domain %u",
                 b.domid);
        axl__xs_remove(h, b.domid);
    }
    axl_guest_free(g);
    return rc;
}
