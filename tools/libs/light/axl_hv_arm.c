/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The real hypervisor interface (axl_hv.h) over libxenctrl, libxenguest
 * and libxenstore, for Arm.  libxenctrl is not a stable API: this is the
 * one file that knows how the libraries of Xen 4.17 and 4.20 differ
 * (removed calls, grown domctl structs, new fields that need defaults),
 * so the domain logic itself has no #if.
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
#include <sys/random.h>
#include <unistd.h>

#include <xenctrl.h>        /* first: it sets __XEN_TOOLS__ */
#include <xenguest.h>
#include <xenstore.h>
#include <xen/hvm/params.h>

#include "axl_hv.h"

/* configure checked that the headers are those of this version. */
#if !defined(AXL_XEN_ABI_MAJOR) || !defined(AXL_XEN_ABI_MINOR)
#error "AXL_XEN_ABI_MAJOR/MINOR: run ./configure"
#endif
#define ABI_IS(maj, min) \
    (AXL_XEN_ABI_MAJOR == (maj) && AXL_XEN_ABI_MINOR == (min))
#if ABI_IS(4, 17)
#if XEN_DOMCTL_INTERFACE_VERSION != 0x15
#error "Xen 4.17 headers with an unexpected domctl interface version"
#endif
#elif ABI_IS(4, 20)
#if XEN_DOMCTL_INTERFACE_VERSION != 0x17
#error "Xen 4.20 headers with an unexpected domctl interface version"
#endif
#else
#error "axl supports the libraries of Xen 4.17 and 4.20 only"
#endif

#define GRANT_VERSION        1           /* Arm has no grant table v2 */
#define XENSTORED_PROBE_MS   5000

typedef struct hv_real {
    xc_interface *xch;
    struct xs_handle *xsh;
    xentoollog_logger demote;       /* libxenctrl's logger, see below */
    xentoollog_logger *target;
} hv_real;

/*
 * libxenctrl and libxenguest log their own view of every failure; axl
 * reports each failure once, in its own words, so theirs are passed on as
 * details (shown with axl -v).
 */
static void demote_vmessage(xentoollog_logger *lg, xentoollog_level level,
                            int errnoval, const char *context,
                            const char *fmt, va_list ap)
{
    hv_real *r = (hv_real *)((char *)lg - offsetof(hv_real, demote));

    if (!r->target)
        return;
    r->target->vmessage(r->target, level > XTL_DETAIL ? XTL_DETAIL : level,
                        errnoval, context, fmt, ap);
}

static void demote_destroy(xentoollog_logger *lg)
{
    (void)lg;
}

/* ---- hypervisor ------------------------------------------------------- */

static int r_version(void *hv, unsigned int *major, unsigned int *minor)
{
    hv_real *r = hv;
    int ver = xc_version(r->xch, XENVER_version, NULL);

    if (ver < 0)
        return -1;
    *major = (unsigned int)ver >> 16;
    *minor = (unsigned int)ver & 0xffff;
    return 0;
}

static int r_domain_create(void *hv, const axl__hv_create *c,
                           uint32_t *domid_r, axl__hv_created *out)
{
    hv_real *r = hv;
    struct xen_domctl_createdomain cd;

    /* Zero first: every field a newer Xen added (altp2m_opts, arch.sve_vl
     * ...) then has its "off" default. */
    memset(&cd, 0, sizeof(cd));
    cd.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    if (c->vpmu)
        cd.flags |= XEN_DOMCTL_CDF_vpmu;
    memcpy(cd.handle, c->handle, sizeof(cd.handle));
    cd.max_vcpus = c->max_vcpus;
    cd.max_evtchn_port = c->max_evtchn_port;
    cd.max_grant_frames = c->max_grant_frames;
    cd.max_maptrack_frames = c->max_maptrack_frames;
    cd.grant_opts = XEN_DOMCTL_GRANT_version(GRANT_VERSION);
    cd.arch.gic_version = c->gic == AXL_GIC_V2 ? XEN_DOMCTL_CONFIG_GIC_V2 :
                          c->gic == AXL_GIC_V3 ? XEN_DOMCTL_CONFIG_GIC_V3 :
                          XEN_DOMCTL_CONFIG_GIC_NATIVE;
    cd.arch.nr_spis = c->nr_spis;
    switch (c->tee) {
    case AXL__TEE_NONE:
        cd.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE;
        break;
    case AXL__TEE_OPTEE:
        cd.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_OPTEE;
        break;
    case AXL__TEE_FFA:
#ifdef XEN_DOMCTL_CONFIG_TEE_FFA
        cd.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_FFA;
        break;
#else
        errno = EOPNOTSUPP;
        return -1;
#endif
    }
#if ABI_IS(4, 20)
    cd.arch.sve_vl = (uint8_t)(c->sve_vl / 128);    /* in 128-bit units */
#else
    if (c->sve_vl) {
        errno = EOPNOTSUPP;
        return -1;
    }
#endif
    if (xc_domain_create(r->xch, domid_r, &cd))
        return -1;
    out->gic = cd.arch.gic_version == XEN_DOMCTL_CONFIG_GIC_V2 ?
               AXL_GIC_V2 : AXL_GIC_V3;
    out->clock_frequency = cd.arch.clock_frequency;
    return 0;
}

static int r_domain_getinfo(void *hv, uint32_t first, unsigned int max,
                            axl__hv_info *out)
{
    hv_real *r = hv;
    xc_domaininfo_t *d = calloc(max ? max : 1, sizeof(*d));
    int n, i;

    if (!d)
        return -1;
    n = xc_domain_getinfolist(r->xch, first, max, d);
    for (i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof(out[i]));
        out[i].domid = d[i].domain;
        out[i].tot_pages = d[i].tot_pages;
        out[i].max_vcpu_id = d[i].max_vcpu_id;
        out[i].gpaddr_bits = d[i].gpaddr_bits;
        out[i].dying = d[i].flags & XEN_DOMINF_dying;
        out[i].shutdown = d[i].flags & XEN_DOMINF_shutdown;
        out[i].paused = d[i].flags & XEN_DOMINF_paused;
        out[i].shutdown_reason = (d[i].flags >> XEN_DOMINF_shutdownshift) &
                                 XEN_DOMINF_shutdownmask;
    }
    free(d);
    return n;
}

static int r_domain_destroy(void *hv, uint32_t domid)
{
    return xc_domain_destroy(((hv_real *)hv)->xch, domid);
}

static int r_domain_pause(void *hv, uint32_t domid)
{
    return xc_domain_pause(((hv_real *)hv)->xch, domid);
}

static int r_domain_unpause(void *hv, uint32_t domid)
{
    return xc_domain_unpause(((hv_real *)hv)->xch, domid);
}

static int r_max_vcpus(void *hv, uint32_t domid, uint32_t n)
{
    return xc_domain_max_vcpus(((hv_real *)hv)->xch, domid, n);
}

static int r_set_maxmem(void *hv, uint32_t domid, uint64_t kb)
{
    return xc_domain_setmaxmem(((hv_real *)hv)->xch, domid, kb);
}

static int r_evtchn_alloc(void *hv, uint32_t domid)
{
    return xc_evtchn_alloc_unbound(((hv_real *)hv)->xch, domid, 0);
}

static int r_paging_pool(void *hv, uint32_t domid, uint64_t bytes)
{
    return xc_set_paging_mempool_size(((hv_real *)hv)->xch, domid, bytes);
}

static int r_evtchn_upcall(void *hv, uint32_t domid)
{
    /* PPI 31, active-low level. */
    uint64_t cb = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << 56) |
                  (HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) |
                  GUEST_EVTCHN_PPI;

    return xc_hvm_param_set(((hv_real *)hv)->xch, domid,
                            HVM_PARAM_CALLBACK_IRQ, cb);
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

#define TRY(call, what) do {                                            \
        if ((call) != 0) {                                              \
            LOGE(ctx, ERROR, "libxenguest: %s failed", what);           \
            rc = AXL_ERROR_XEN;                                         \
            goto out;                                                   \
        }                                                               \
    } while (0)

static int r_build_image(void *hv, axl_ctx *ctx, const axl__hv_image *in,
                         axl__hv_built *out)
{
    hv_real *r = hv;
    struct xc_dom_image *dom;
    const void *dtb;
    size_t dtb_size;
    int rc;

    xc_dom_loginit(r->xch);
    dom = xc_dom_allocate(r->xch, in->cmdline, NULL);
    if (!dom) {
        LOGE(ctx, ERROR, "libxenguest: out of memory");
        return AXL_ERROR_NOMEM;
    }
    dom->container_type = XC_DOM_HVM_CONTAINER;
    dom->console_evtchn = in->console_port;
    dom->console_domid = 0;
    dom->xenstore_evtchn = in->store_port;
    dom->xenstore_domid = 0;
    dom->max_vcpus = in->max_vcpus;
    dtb = axl_guest_dtb(in->guest, &dtb_size);

    TRY(xc_dom_kernel_file(dom, in->kernel), "loading the kernel");
    if (in->ramdisk)
        TRY(xc_dom_module_file(dom, in->ramdisk, NULL), "loading the ramdisk");
    TRY(xc_dom_boot_xen_init(dom, r->xch, in->domid), "xc_dom_boot_xen_init");
    TRY(xc_dom_rambase_init(dom, GUEST_RAM_BASE), "xc_dom_rambase_init");
    TRY(xc_dom_parse_image(dom), "parsing the kernel");
    TRY(xc_dom_devicetree_mem(dom, dtb, dtb_size), "xc_dom_devicetree_mem");
    TRY(xc_dom_mem_init(dom, (unsigned int)in->mem_mb), "xc_dom_mem_init");
    TRY(xc_dom_boot_mem_init(dom), "allocating the guest's memory");
    rc = check_placement(ctx, dom, in->guest);
    if (rc)
        goto out;
    TRY(xc_dom_build_image(dom), "xc_dom_build_image");
    TRY(xc_dom_boot_image(dom), "xc_dom_boot_image");
    TRY(xc_dom_gnttab_init(dom), "setting up the grant table");
    if (in->vuart) {
        TRY(xc_dom_vuart_init(r->xch, XEN_DOMCTL_VUART_TYPE_VPL011,
                              in->domid, 0, dom->vuart_gfn,
                              &out->vuart_port), "setting up the vpl011");
        out->vuart_gfn = dom->vuart_gfn;
    }
    out->console_pfn = dom->console_pfn;
    out->store_pfn = dom->xenstore_pfn;
    rc = AXL_OK;
out:
    xc_dom_release(dom);
    return rc;
}

static int r_iomem_permit(void *hv, uint32_t domid, uint64_t mfn, uint64_t nr)
{
    return xc_domain_iomem_permission(((hv_real *)hv)->xch, domid, mfn, nr,
                                      1);
}

static int r_memory_map(void *hv, uint32_t domid, uint64_t gfn, uint64_t mfn,
                        uint64_t nr)
{
    return xc_domain_memory_mapping(((hv_real *)hv)->xch, domid, gfn, mfn,
                                    nr, DPCI_ADD_MAPPING);
}

static int r_irq_permit(void *hv, uint32_t domid, uint32_t irq)
{
    return xc_domain_irq_permission(((hv_real *)hv)->xch, domid, irq, 1);
}

static int r_bind_spi(void *hv, uint32_t domid, uint32_t irq)
{
    return xc_domain_bind_pt_spi_irq(((hv_real *)hv)->xch, domid, irq, irq);
}

static int r_sve_max(void *hv, unsigned int *bits)
{
#if ABI_IS(4, 20)
    xc_physinfo_t info;

    memset(&info, 0, sizeof(info));
    if (xc_physinfo(((hv_real *)hv)->xch, &info))
        return -1;
    /* Stored divided by 128. */
    *bits = ((info.arch_capabilities & XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK) >>
             __builtin_ctz(XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK)) * 128u;
#else
    (void)hv;
    *bits = 0;
#endif
    return 0;
}

/* One of Xen's fixed-size strings into an axl field: cut if longer,
 * never read or written beyond either array. */
static void copy_str(char *dst, size_t dlen, const char *src, size_t slen)
{
    size_t n = strnlen(src, slen < dlen - 1 ? slen : dlen - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}
#define COPY_STR(dst, src) copy_str(dst, sizeof(dst), src, sizeof(src))

static int r_host_info(void *hv, axl_hostinfo *out)
{
    hv_real *r = hv;
    xc_physinfo_t pi;
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;
    xen_commandline_t cmdline;
    unsigned int maj, min;

    memset(&pi, 0, sizeof(pi));
    if (r_version(hv, &maj, &min) || xc_physinfo(r->xch, &pi) ||
        xc_version(r->xch, XENVER_extraversion, &extra) < 0 ||
        xc_version(r->xch, XENVER_capabilities, &caps) < 0 ||
        xc_version(r->xch, XENVER_commandline, &cmdline) < 0)
        return -1;
    out->xen_major = maj;
    out->xen_minor = min;
    COPY_STR(out->xen_extra, extra);
    COPY_STR(out->xen_caps, caps);
    COPY_STR(out->xen_commandline, cmdline);
    out->nr_cpus = pi.nr_cpus;
    out->total_kb = (uint64_t)pi.total_pages * (XC_PAGE_SIZE / 1024);
    out->free_kb = (uint64_t)pi.free_pages * (XC_PAGE_SIZE / 1024);
    return r_sve_max(hv, &out->sve_max_bits);
}

static ssize_t r_console_read(void *hv, char *buf, size_t len, bool clear)
{
    unsigned int n = len > UINT32_MAX ? UINT32_MAX : (unsigned int)len;

    if (xc_readconsolering(((hv_real *)hv)->xch, buf, &n, clear, 0, NULL))
        return -1;
    return (ssize_t)n;
}

static int r_llc_colors(void *hv, uint32_t domid, const uint32_t *colors,
                        uint32_t nr)
{
#if ABI_IS(4, 20)
    return xc_domain_set_llc_colors(((hv_real *)hv)->xch, domid, colors, nr);
#else
    (void)hv; (void)domid; (void)colors; (void)nr;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

static ssize_t r_entropy(void *hv, void *buf, size_t len)
{
    (void)hv;
    return getrandom(buf, len, 0);
}

/* ---- xenstore --------------------------------------------------------- */

static void *r_scripts_start(void *hv, axl__script *s, size_t nr,
                             int timeout_ms)
{
    (void)hv;
    return axl__scripts_start(s, nr, timeout_ms);
}

static void r_scripts_wait(void *hv, void *job)
{
    (void)hv;
    axl__scripts_wait(job);
}

static axl__xs_txn r_xs_start(void *hv)
{
    return xs_transaction_start(((hv_real *)hv)->xsh);
}

static bool r_xs_end(void *hv, axl__xs_txn t, bool abort)
{
    return xs_transaction_end(((hv_real *)hv)->xsh, t, abort);
}

static char *r_xs_read(void *hv, axl__xs_txn t, const char *path,
                       unsigned int *len)
{
    return xs_read(((hv_real *)hv)->xsh, t, path, len);
}

static char **r_xs_directory(void *hv, axl__xs_txn t, const char *path,
                             unsigned int *nr)
{
    return xs_directory(((hv_real *)hv)->xsh, t, path, nr);
}

static bool r_xs_write(void *hv, axl__xs_txn t, const char *path,
                       const void *value, unsigned int len)
{
    return xs_write(((hv_real *)hv)->xsh, t, path, value, len);
}

static bool r_xs_mkdir(void *hv, axl__xs_txn t, const char *path)
{
    return xs_mkdir(((hv_real *)hv)->xsh, t, path);
}

static bool r_xs_set_perms(void *hv, axl__xs_txn t, const char *path,
                           const axl__xs_perm *perms, unsigned int nr)
{
    struct xs_permissions p[4];
    unsigned int i;

    if (nr > sizeof(p) / sizeof(p[0])) {
        errno = EINVAL;
        return false;
    }
    for (i = 0; i < nr; i++) {
        p[i].id = perms[i].id;
        p[i].perms = (perms[i].perms & AXL__XS_PERM_READ ? XS_PERM_READ : 0) |
                     (perms[i].perms & AXL__XS_PERM_WRITE ? XS_PERM_WRITE : 0);
    }
    return xs_set_permissions(((hv_real *)hv)->xsh, t, path, p, nr);
}

static bool r_xs_rm(void *hv, axl__xs_txn t, const char *path)
{
    return xs_rm(((hv_real *)hv)->xsh, t, path);
}

static bool r_xs_introduce(void *hv, uint32_t domid, uint64_t mfn,
                           uint32_t port)
{
    return xs_introduce_domain(((hv_real *)hv)->xsh, domid, mfn, port);
}

static bool r_xs_watch(void *hv, const char *path, const char *token)
{
    return xs_watch(((hv_real *)hv)->xsh, path, token);
}

static bool r_xs_unwatch(void *hv, const char *path, const char *token)
{
    return xs_unwatch(((hv_real *)hv)->xsh, path, token);
}

static int r_xs_fileno(void *hv)
{
    return xs_fileno(((hv_real *)hv)->xsh);
}

static char **r_xs_read_watch(void *hv, unsigned int *nr)
{
    return xs_read_watch(((hv_real *)hv)->xsh, nr);
}

static void r_close(void *hv)
{
    hv_real *r = hv;

    if (!r)
        return;
    if (r->xsh)
        xs_close(r->xsh);
    if (r->xch)
        xc_interface_close(r->xch);
    free(r);
}

static const axl__hv_ops real_ops = {
    .version = r_version,
    .domain_create = r_domain_create,
    .domain_getinfo = r_domain_getinfo,
    .domain_destroy = r_domain_destroy,
    .domain_pause = r_domain_pause,
    .domain_unpause = r_domain_unpause,
    .max_vcpus = r_max_vcpus,
    .set_maxmem = r_set_maxmem,
    .evtchn_alloc = r_evtchn_alloc,
    .paging_pool = r_paging_pool,
    .evtchn_upcall = r_evtchn_upcall,
    .build_image = r_build_image,
    .iomem_permit = r_iomem_permit,
    .memory_map = r_memory_map,
    .irq_permit = r_irq_permit,
    .bind_spi = r_bind_spi,
    .sve_max = r_sve_max,
    .host_info = r_host_info,
    .console_read = r_console_read,
    .llc_colors = r_llc_colors,
    .entropy = r_entropy,
    .scripts_start = r_scripts_start,
    .scripts_wait = r_scripts_wait,
    .xs_start = r_xs_start,
    .xs_end = r_xs_end,
    .xs_read = r_xs_read,
    .xs_directory = r_xs_directory,
    .xs_write = r_xs_write,
    .xs_mkdir = r_xs_mkdir,
    .xs_set_perms = r_xs_set_perms,
    .xs_rm = r_xs_rm,
    .xs_introduce = r_xs_introduce,
    .xs_watch = r_xs_watch,
    .xs_unwatch = r_xs_unwatch,
    .xs_fileno = r_xs_fileno,
    .xs_read_watch = r_xs_read_watch,
    .close = r_close,
};

bool axl_host_supported(void)
{
    return true;
}

/* Whether this domain is the control domain (dom0). */
static bool control_domain(void)
{
    char buf[128] = "";
    FILE *f = fopen("/proc/xen/capabilities", "re");

    if (!f)
        return false;
    if (!fgets(buf, sizeof(buf), f))
        buf[0] = '\0';
    fclose(f);
    return strstr(buf, "control_d") != NULL;
}

/*
 * xenstored's socket, not the kernel's xenbus device: through the device,
 * a request to a dead xenstored waits for ever, where the socket refuses
 * at once.  The device is used in a domain that is not dom0 and has no
 * socket (a driver domain: its xenstore runs elsewhere), or with
 * AXL_XENSTORE_DEVICE=1.
 */
static struct xs_handle *open_xenstore(axl_ctx *ctx)
{
    const char *sock = xs_daemon_socket();
    const char *dev = getenv("AXL_XENSTORE_DEVICE");
    struct xs_handle *xsh;

    if ((dev && !strcmp(dev, "1")) ||
        (access(sock, F_OK) && errno == ENOENT && !control_domain())) {
        xsh = xs_open(0);
        if (!xsh)
            LOGE(ctx, ERROR, "xenstore: cannot connect");
        return xsh;
    }
    if (!axl__xenstored_answers(sock, XENSTORED_PROBE_MS)) {
        LOG(ctx, ERROR, "xenstore: xenstored does not answer on %s (is it "
            "running?)", sock);
        return NULL;
    }
    xsh = xs_open(XS_OPEN_SOCKETONLY);
    if (!xsh)
        LOGE(ctx, ERROR, "xenstore: cannot connect to %s", sock);
    return xsh;
}

int axl__hv_open_real(axl_ctx *ctx, const axl__hv_ops **ops_r, void **hv_r,
                      axl__hv_abi *abi_r)
{
    hv_real *r = calloc(1, sizeof(*r));

    if (!r)
        return AXL_ERROR_NOMEM;
    r->target = ctx->logger;
    r->demote.vmessage = demote_vmessage;
    r->demote.destroy = demote_destroy;
    r->xch = xc_interface_open(&r->demote, &r->demote, 0);
    if (!r->xch) {
        LOGE(ctx, ERROR, "xen: cannot open the hypervisor interface "
             "(is this dom0 on Xen, with privcmd loaded?)");
        free(r);
        return AXL_ERROR_XEN;
    }
    r->xsh = open_xenstore(ctx);
    if (!r->xsh) {
        r_close(r);
        return AXL_ERROR_XEN;
    }
    abi_r->major = AXL_XEN_ABI_MAJOR;
    abi_r->minor = AXL_XEN_ABI_MINOR;
    abi_r->domctl = XEN_DOMCTL_INTERFACE_VERSION;
    abi_r->caps = AXL__HV_CAP_TEE_OPTEE;
#if ABI_IS(4, 20)
    abi_r->caps |= AXL__HV_CAP_SVE | AXL__HV_CAP_TEE_FFA | AXL__HV_CAP_LLC |
                   AXL__HV_CAP_VIRTIO;
#endif
    *ops_r = &real_ops;
    *hv_r = r;
    return AXL_OK;
}
