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
#include <stdarg.h>
#include <sys/time.h>

#include "axl_domain.h"
#include "axl_devices.h"
#include "axl_xs_txn.h"

#define DTB_CHUNK       2048        /* base64 characters per node */

/*
 * Inside the transaction: does a domain other than @self already have
 * @name?  Reading /local/domain and each name in the transaction makes a
 * concurrent creator's commit conflict with ours.
 */
static void txn_check_name(axl__txn *x, uint32_t self, const char *name)
{
    const axl__hv_ops *ops = x->h->ops;
    unsigned int nr, i;
    char **ids, path[64];

    if (!x->ok)
        return;
    ids = ops->xs_directory(x->h->hv, x->t, "/local/domain", &nr);
    if (!ids) {
        if (errno != ENOENT)
            x->ok = false;
        return;
    }
    for (i = 0; i < nr && x->ok && !x->rc; i++) {
        char *end, *v;
        unsigned long id = strtoul(ids[i], &end, 10);

        if (*end || id == self)
            continue;
        snprintf(path, sizeof(path), "/local/domain/%lu/name", id);
        v = ops->xs_read(x->h->hv, x->t, path, NULL);
        if (!v) {
            if (errno != ENOENT)
                x->ok = false;
            continue;
        }
        if (!strcmp(v, name))
            x->rc = AXL_ERROR_INVAL;
        free(v);
    }
    free(ids);
}

typedef struct xs_make_args {
    const axl_domain_config *eff;
    const axl__built *b;
} xs_make_args;

static void fill_make(axl__txn *x, const void *arg)
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
    const axl__xs_perm ro[2] = {
        { .id = 0, .perms = AXL__XS_PERM_NONE },
        { .id = b->domid, .perms = AXL__XS_PERM_READ },
    };
    const axl__xs_perm rw[1] = {
        { .id = b->domid, .perms = AXL__XS_PERM_NONE },
    };
    const axl__xs_perm none[1] = { { .id = 0, .perms = AXL__XS_PERM_NONE } };
    char dom[64], vm[64], lib[64], path[256];
    size_t i;

    snprintf(dom, sizeof(dom), "/local/domain/%u", b->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", b->uuid);
    snprintf(lib, sizeof(lib), "/libxl/%u", b->domid);
    txn_check_name(x, b->domid, eff->name);
    if (x->rc)
        return;
    axl__txn_rm(x, dom);
    axl__txn_mknod(x, ro, 2, dom);
    axl__txn_rm(x, vm);
    axl__txn_mknod(x, ro, 2, vm);
    axl__txn_rm(x, lib);
    axl__txn_mknod(x, none, 1, lib);
    snprintf(path, sizeof(path), "%s/device", lib);
    axl__txn_mknod(x, none, 1, path);
    axl__txn_write(x, vm, "%s/vm", dom);
    axl__txn_write(x, eff->name, "%s/name", dom);
    axl__txn_write(x, eff->name, "%s/name", vm);
    axl__txn_write(x, b->uuid, "%s/uuid", vm);
    snprintf(path, sizeof(path), "%s/cpu", dom);
    axl__txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/memory", dom);
    axl__txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/device", dom);
    axl__txn_mknod(x, ro, 2, path);
    snprintf(path, sizeof(path), "%s/control", dom);
    axl__txn_mknod(x, ro, 2, path);
    for (i = 0; i < sizeof(rw_nodes) / sizeof(rw_nodes[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dom, rw_nodes[i]);
        axl__txn_mknod(x, rw, 1, path);
    }
    /* a driver domain may run a toolstack (axl devd, xl devd) and a
     * device model of its own (libxl__domain_make) */
    for (i = 0; eff->driver_domain && i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", dom,
                 i ? "device-model" : "libxl");
        axl__txn_mknod(x, rw, 1, path);
    }
    axl__txn_write(x, "1", "%s/control/platform-feature-multiprocessor-"
              "suspend", dom);
    axl__txn_write(x, "1", "%s/control/platform-feature-xs_reset_watches",
              dom);
    axl__txn_write(x, "pvh", "%s/type", lib);
}

int axl__xs_make(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                 const axl__built *b)
{
    xs_make_args a = { eff, b };
    int rc = axl__txn_run(ctx, h, b->domid, fill_make, &a);

    if (rc == AXL_ERROR_INVAL)
        LOG(ctx, ERROR, "name: a domain named \"%s\" already exists",
            eff->name);
    return rc;
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

static void write_dtb(axl__txn *x, uint32_t domid, const void *dtb,
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
        axl__txn_write(x, chunk, "/libxl/%u/axl/dtb/%zu", domid, n);
    }
    snprintf(num, sizeof(num), "%zu", size);
    axl__txn_write(x, num, "/libxl/%u/axl/dtb-size", domid);
    free(enc);
}

typedef struct xs_finish_args {
    const axl_domain_config *eff;
    const axl__built *b;
    const void *dtb;
    size_t dtb_size;
    struct timeval now;     /* the same start_time on every attempt */
} xs_finish_args;


/* The PV console or the vpl011 as a libxl console device: frontend,
 * backend directory and libxl's copy (xenconsoled reads the frontend's
 * ring-ref and port). */
static void console_device(axl__txn *x, uint32_t domid, bool vuart,
                           uint32_t port, uint64_t ref)
{
    axl__dev d;

    if (!x->ok || x->rc)
        return;
    if (axl__dev_from_console(&d, domid, vuart, port, ref)) {
        x->rc = AXL_ERROR_NOMEM;
        return;
    }
    axl__txn_device(x, &d);
    axl__dev_dispose(&d);
}

static void fill_finish(axl__txn *x, const void *arg)
{
    const xs_finish_args *a = arg;
    const axl_domain_config *eff = a->eff;
    const axl__built *b = a->b;
    char dom[64], v[64], vm[128];
    unsigned int i;

    snprintf(dom, sizeof(dom), "/local/domain/%u", b->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", b->uuid);
    snprintf(v, sizeof(v), "%"PRIu64, eff->maxmem_kb);
    axl__txn_write(x, v, "%s/memory/static-max", dom);
    snprintf(v, sizeof(v), "%"PRIu64, eff->memory_kb);
    axl__txn_write(x, v, "%s/memory/target", dom);
    axl__txn_write(x, "0", "%s/memory/videoram", dom);
    snprintf(v, sizeof(v), "%u", b->domid);
    axl__txn_write(x, v, "%s/domid", dom);
    snprintf(v, sizeof(v), "%"PRIu32, b->store_port);
    axl__txn_write(x, v, "%s/store/port", dom);
    snprintf(v, sizeof(v), "%"PRIu64, b->store_pfn);
    axl__txn_write(x, v, "%s/store/ring-ref", dom);
    for (i = 0; i < eff->max_vcpus; i++)
        axl__txn_write(x, i < eff->vcpus ? "online" : "offline",
                  "%s/cpu/%u/availability", dom, i);
    snprintf(v, sizeof(v), "%jd.%02ld", (intmax_t)a->now.tv_sec,
             (long)a->now.tv_usec / 10000);
    axl__txn_write(x, v, "%s/start_time", vm);
    /* The PV console and the vpl011 (xenconsoled reads ring-ref and
     * port of each). */
    console_device(x, b->domid, false, b->console_port, b->console_pfn);
    if (b->has_vuart)
        console_device(x, b->domid, true, b->vuart_port, b->vuart_gfn);
    write_dtb(x, b->domid, a->dtb, a->dtb_size);
}

int axl__xs_finish(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                   const axl__built *b, const void *dtb, size_t dtb_size)
{
    xs_finish_args a = { eff, b, dtb, dtb_size, { 0, 0 } };
    int rc;

    gettimeofday(&a.now, NULL);
    rc = axl__txn_run(ctx, h, b->domid, fill_finish, &a);
    if (rc)
        return rc;
    if (!h->ops->xs_introduce(h->hv, b->domid, b->store_pfn,
                              b->store_port)) {
        LOGE(ctx, ERROR, "xenstore: cannot introduce domain %u to xenstored",
             b->domid);
        return AXL_ERROR_XEN;
    }
    return AXL_OK;
}

typedef struct xs_virtio_args {
    uint32_t domid;
    const axl__virtio_layout *l;
} xs_virtio_args;

static void fill_virtio(axl__txn *x, const void *arg)
{
    const xs_virtio_args *a = arg;
    unsigned int devid = 0;
    size_t i;

    /* Device ids count the virtio= devices from 0, as libxl's. */
    for (i = 0; i < a->l->nr && x->ok && !x->rc; i++) {
        axl__dev d;

        if (a->l->dev[i].is_disk)
            continue;
        if (axl__dev_from_virtio(&d, a->domid, (int)devid++,
                                 &a->l->dev[i])) {
            x->rc = AXL_ERROR_NOMEM;
            return;
        }
        axl__txn_device(x, &d);
        axl__dev_dispose(&d);
    }
}

int axl__xs_virtio(axl_ctx *ctx, axl_host *h, uint32_t domid,
                   const axl__virtio_layout *l)
{
    xs_virtio_args a = { domid, l };
    size_t i;

    for (i = 0; i < l->nr && l->dev[i].is_disk; i++)
        ;
    if (i == l->nr)
        return AXL_OK;          /* no virtio= device: no transaction */
    return axl__txn_run(ctx, h, domid, fill_virtio, &a);
}

/*
 * The backend directories of @domid's devices (virtio, and vbd and vif
 * ones a device removal could not remove), as its /libxl entries name
 * them (they live in the backend domain's tree): each entry's
 * /local/domain/N/backend/KIND/DOMID, when its path has exactly that form.
 */
static bool remove_backends_of(axl_host *h, uint32_t domid, const char *kind)
{
    char dir[64], key[128], *be, **ids;
    unsigned int nr, i;
    bool ok = true;

    snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid, kind);
    ids = h->ops->xs_directory(h->hv, 0, dir, &nr);
    if (!ids)
        return errno == ENOENT;
    for (i = 0; i < nr; i++) {
        int devid = axl__dev_devid_parse(ids[i]);

        if (devid < 0)
            continue;
        snprintf(key, sizeof(key), "%s/%s/backend", dir, ids[i]);
        be = h->ops->xs_read(h->hv, 0, key, NULL);
        if (!be) {
            ok = ok && errno == ENOENT;
            continue;
        }
        if (axl__dev_be_path_ok(be, kind, domid, devid, NULL)) {
            *strrchr(be, '/') = '\0';     /* .../backend/KIND/DOMID */
            if (axl__xs_rm_cleanup(NULL, h, domid, be))
                ok = false;
        }
        free(be);
    }
    free(ids);
    return ok;
}

static bool remove_backends(axl_host *h, uint32_t domid)
{
    bool ok = true;
    size_t i;

    for (i = 0; i < axl__nr_dev_kinds; i++)
        if (!remove_backends_of(h, domid, axl__dev_kinds[i].name))
            ok = false;
    return ok;
}

/* Whether a domain but @domid names @vm as its vm path (then it is not
 * @domid's to remove): 1 or 0, -1 when xenstore cannot tell. */
static int vm_of_another(axl_host *h, uint32_t domid, const char *vm)
{
    char **ids, key[64], *v, *end;
    unsigned int nr, i;
    int other = 0;

    ids = h->ops->xs_directory(h->hv, 0, "/local/domain", &nr);
    if (!ids)
        return -1;
    for (i = 0; i < nr && !other; i++) {
        unsigned long id = strtoul(ids[i], &end, 10);

        if (*end || id == domid)
            continue;
        snprintf(key, sizeof(key), "/local/domain/%s/vm", ids[i]);
        v = h->ops->xs_read(h->hv, 0, key, NULL);
        other = v ? !strcmp(v, vm) : errno == ENOENT ? 0 : -1;
        free(v);
    }
    free(ids);
    return other;
}

bool axl__xs_remove(axl_host *h, uint32_t domid)
{
    char dom[64], lib[64], vmkey[80];
    char *vm;
    bool ok = true;

    snprintf(dom, sizeof(dom), "/local/domain/%u", domid);
    snprintf(lib, sizeof(lib), "/libxl/%u", domid);
    if (!remove_backends(h, domid))
        ok = false;
    snprintf(vmkey, sizeof(vmkey), "%s/vm", dom);
    vm = h->ops->xs_read(h->hv, 0, vmkey, NULL);
    /* the dom path names the vm path: it stays while that is unknown,
     * and /libxl/DOMID (naming the backends) while they may be left */
    if (!vm && errno != ENOENT)
        return false;
    if (vm && !strncmp(vm, "/vm/", 4) && vm[4] && !strchr(vm + 4, '/') &&
        strcmp(vm + 4, "..")) {
        int shared = vm_of_another(h, domid, vm);

        /* unknown: the dom path stays, naming it, for a later cleanup */
        if (shared < 0 || (!shared && !h->ops->xs_rm(h->hv, 0, vm) &&
                           errno != ENOENT))
            ok = false;
    }
    free(vm);
    if (ok && !h->ops->xs_rm(h->hv, 0, dom) && errno != ENOENT)
        ok = false;
    if (ok && !h->ops->xs_rm(h->hv, 0, lib) && errno != ENOENT)
        ok = false;
    return ok;
}
