/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Registering a domain in xenstore as libxl 4.17 does, so that xl list,
 * xenconsoled and the xenstore tools see it as usual; and removing it.
 * axl also keeps the device tree it gave the domain, base64 encoded in
 * chunks under /libxl/DOMID/axl/dtb, for `axl dt --domain`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "axl_domain.h"

#define CONSOLE_LIMIT   1048576     /* LIBXL_XENCONSOLE_LIMIT */
#define DTB_CHUNK       2048        /* base64 characters per node */

typedef struct xs_txn {
    axl_host *h;
    xs_transaction_t t;
    bool ok;
} xs_txn;

static bool txn_write(xs_txn *x, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool txn_write(xs_txn *x, const char *value, const char *fmt, ...)
{
    char path[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (x->ok && !xs_write(x->h->xsh, x->t, path, value, strlen(value)))
        x->ok = false;
    return x->ok;
}

/* A node with @perms (array of @n). */
static void txn_mknod(xs_txn *x, struct xs_permissions *perms,
                      unsigned int n, const char *path)
{
    if (x->ok && (!xs_mkdir(x->h->xsh, x->t, path) ||
                  !xs_set_permissions(x->h->xsh, x->t, path, perms, n)))
        x->ok = false;
}

/* What a transaction writes; it may run more than once. */
typedef void txn_fill_fn(xs_txn *x, const void *arg);

/*
 * Runs @fill in a transaction for domain @domid's nodes, again from the
 * start while the commit meets EAGAIN (another writer came first).  Any
 * failed write aborts the whole transaction.
 */
static int txn_run(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   txn_fill_fn *fill, const void *arg)
{
    xs_txn x;

    for (;;) {
        x.h = h;
        x.ok = true;
        x.t = xs_transaction_start(h->xsh);
        if (!x.t) {
            LOGE(ctx, ERROR, "xenstore: cannot start a transaction");
            return AXL_ERROR_XEN;
        }
        fill(&x, arg);
        if (!x.ok) {
            LOGE(ctx, ERROR, "xenstore: cannot write the nodes of domain %u",
                 domid);
            xs_transaction_end(h->xsh, x.t, true);
            return AXL_ERROR_XEN;
        }
        if (xs_transaction_end(h->xsh, x.t, false))
            return AXL_OK;
        if (errno != EAGAIN) {
            LOGE(ctx, ERROR, "xenstore: cannot commit domain %u's nodes",
                 domid);
            return AXL_ERROR_XEN;
        }
    }
}

typedef struct xs_make_args {
    const axl_domain_config *eff;
    const axl__built *b;
} xs_make_args;

static void fill_make(xs_txn *x, const void *arg)
{
    static const char *const rw_nodes[] = {
        "control/shutdown", "control/feature-poweroff",
        "control/feature-reboot", "control/feature-suspend", "control/sysrq",
        "data", "drivers", "feature", "attr", "error",
        "device/suspend/event-channel",
    };
    const xs_make_args *a = arg;
    const axl_domain_config *eff = a->eff;
    const axl__built *b = a->b;
    struct xs_permissions ro[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = b->domid, .perms = XS_PERM_READ },
    };
    struct xs_permissions rw[1] = {
        { .id = b->domid, .perms = XS_PERM_NONE },
    };
    struct xs_permissions none[1] = { { .id = 0, .perms = XS_PERM_NONE } };
    char dom[64], vm[64], lib[64], path[256];
    size_t i;

    snprintf(dom, sizeof(dom), "/local/domain/%u", b->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", b->uuid);
    snprintf(lib, sizeof(lib), "/libxl/%u", b->domid);
    xs_rm(x->h->xsh, x->t, dom);
    txn_mknod(x, ro, 2, dom);
    xs_rm(x->h->xsh, x->t, vm);
    txn_mknod(x, ro, 2, vm);
    xs_rm(x->h->xsh, x->t, lib);
    txn_mknod(x, none, 1, lib);
    snprintf(path, sizeof(path), "%s/device", lib);
    txn_mknod(x, none, 1, path);
    txn_write(x, vm, "%s/vm", dom);
    txn_write(x, eff->name, "%s/name", dom);
    txn_write(x, eff->name, "%s/name", vm);
    txn_write(x, b->uuid, "%s/uuid", vm);
    snprintf(path, sizeof(path), "%s/cpu", dom);
    txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/memory", dom);
    txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/device", dom);
    txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/control", dom);
    txn_mknod(x, ro, 2, path);
    for (i = 0; i < sizeof(rw_nodes) / sizeof(rw_nodes[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dom, rw_nodes[i]);
        txn_mknod(x, rw, 1, path);
    }
    txn_write(x, "1", "%s/control/platform-feature-multiprocessor-"
              "suspend", dom);
    txn_write(x, "1", "%s/control/platform-feature-xs_reset_watches",
              dom);
    txn_write(x, "pvh", "%s/type", lib);
}

int axl__xs_make(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                 const axl__built *b)
{
    xs_make_args a = { eff, b };

    return txn_run(ctx, h, b->domid, fill_make, &a);
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *base64(const unsigned char *in, size_t len)
{
    char *out = malloc((len + 2) / 3 * 4 + 1), *p = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 |
                     (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) |
                     (i + 2 < len ? in[i + 2] : 0);

        *p++ = b64[v >> 18];
        *p++ = b64[(v >> 12) & 63];
        *p++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        *p++ = i + 2 < len ? b64[v & 63] : '=';
    }
    *p = '\0';
    return out;
}

static void write_dtb(xs_txn *x, uint32_t domid, const void *dtb,
                      size_t size)
{
    char *enc = base64(dtb, size), chunk[DTB_CHUNK + 1], num[24];
    size_t len, off, n = 0;

    if (!enc) {
        x->ok = false;
        return;
    }
    len = strlen(enc);
    for (off = 0; off < len; off += DTB_CHUNK, n++) {
        snprintf(chunk, sizeof(chunk), "%.*s", DTB_CHUNK, enc + off);
        txn_write(x, chunk, "/libxl/%u/axl/dtb/%zu", domid, n);
    }
    snprintf(num, sizeof(num), "%zu", size);
    txn_write(x, num, "/libxl/%u/axl/dtb-size", domid);
    free(enc);
}

typedef struct xs_finish_args {
    const axl_domain_config *eff;
    const axl__built *b;
    const void *dtb;
    size_t dtb_size;
    struct timeval now;     /* the same start_time on every attempt */
} xs_finish_args;


/* A console ring xenconsoled serves: DOM/WHAT/{port,ring-ref,limit,type}. */
static void console_ring(xs_txn *x, const char *dom, const char *what,
                         uint32_t port, uint64_t ref)
{
    char v[32];

    snprintf(v, sizeof(v), "%"PRIu32, port);
    txn_write(x, v, "%s/%s/port", dom, what);
    snprintf(v, sizeof(v), "%"PRIu64, ref);
    txn_write(x, v, "%s/%s/ring-ref", dom, what);
    snprintf(v, sizeof(v), "%d", CONSOLE_LIMIT);
    txn_write(x, v, "%s/%s/limit", dom, what);
    txn_write(x, "xenconsoled", "%s/%s/type", dom, what);
}
static void fill_finish(xs_txn *x, const void *arg)
{
    const xs_finish_args *a = arg;
    const axl_domain_config *eff = a->eff;
    const axl__built *b = a->b;
    char dom[64], v[64], vm[128];
    unsigned int i;

    snprintf(dom, sizeof(dom), "/local/domain/%u", b->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", b->uuid);
    snprintf(v, sizeof(v), "%"PRIu64, eff->maxmem_kb);
    txn_write(x, v, "%s/memory/static-max", dom);
    snprintf(v, sizeof(v), "%"PRIu64, eff->memory_kb);
    txn_write(x, v, "%s/memory/target", dom);
    txn_write(x, "0", "%s/memory/videoram", dom);
    snprintf(v, sizeof(v), "%u", b->domid);
    txn_write(x, v, "%s/domid", dom);
    snprintf(v, sizeof(v), "%"PRIu32, b->store_port);
    txn_write(x, v, "%s/store/port", dom);
    snprintf(v, sizeof(v), "%"PRIu64, b->store_pfn);
    txn_write(x, v, "%s/store/ring-ref", dom);
    for (i = 0; i < eff->max_vcpus; i++)
        txn_write(x, i < eff->vcpus ? "online" : "offline",
                  "%s/cpu/%u/availability", dom, i);
    snprintf(v, sizeof(v), "%jd.%02ld", (intmax_t)a->now.tv_sec,
             (long)a->now.tv_usec / 10000);
    txn_write(x, v, "%s/start_time", vm);
    /* The PV console and the vpl011 (xenconsoled reads ring-ref and
     * port of each). */
    console_ring(x, dom, "console", b->console_port, b->console_pfn);
    txn_write(x, "pty", "%s/console/output", dom);
    txn_write(x, "", "%s/console/tty", dom);
    if (b->has_vuart)
        console_ring(x, dom, "vuart/0", b->vuart_port, b->vuart_gfn);
    write_dtb(x, b->domid, a->dtb, a->dtb_size);
}

int axl__xs_finish(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                   const axl__built *b, const void *dtb, size_t dtb_size)
{
    xs_finish_args a = { eff, b, dtb, dtb_size, { 0, 0 } };
    int rc;

    gettimeofday(&a.now, NULL);
    rc = txn_run(ctx, h, b->domid, fill_finish, &a);
    if (rc)
        return rc;
    if (!xs_introduce_domain(h->xsh, b->domid, b->store_pfn, b->store_port)) {
        LOGE(ctx, ERROR, "xenstore: cannot introduce domain %u to xenstored",
             b->domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

void axl__xs_remove(axl_host *h, uint32_t domid)
{
    char dom[64], lib[64], vmkey[80];
    char *vm;

    snprintf(dom, sizeof(dom), "/local/domain/%u", domid);
    snprintf(lib, sizeof(lib), "/libxl/%u", domid);
    snprintf(vmkey, sizeof(vmkey), "%s/vm", dom);
    vm = xs_read(h->xsh, XBT_NULL, vmkey, NULL);
    if (vm && !strncmp(vm, "/vm/", 4))
        xs_rm(h->xsh, XBT_NULL, vm);
    free(vm);
    xs_rm(h->xsh, XBT_NULL, dom);
    xs_rm(h->xsh, XBT_NULL, lib);
}
