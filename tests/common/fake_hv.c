/* The fake hypervisor and xenstore of fake_hv.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hv.h"

/* Counts the call, runs the hook, and fails it if it is the chosen one. */
static bool fake_fail(fake_hv *f, const char *op)
{
    f->calls++;
    if (f->hook)
        f->hook(f, op, f->hook_arg);
    if (f->fail_at && f->calls == f->fail_at) {
        f->failed_op = op;
        errno = f->fail_errno ? f->fail_errno : EIO;
        return true;
    }
    return false;
}

/* ---- the store -------------------------------------------------------- */

static fake_node *store_find(fake_store *s, const char *path)
{
    size_t i;

    for (i = 0; i < s->nr; i++)
        if (!strcmp(s->n[i].path, path))
            return &s->n[i];
    return NULL;
}

static fake_node *store_add(fake_store *s, const char *path)
{
    fake_node *n = store_find(s, path);
    char *parent, *slash;

    if (n)
        return n;
    /* Parents first, as xenstored creates them. */
    parent = strdup(path);
    slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        store_add(s, parent);
    }
    free(parent);
    if (s->nr == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->n = realloc(s->n, s->cap * sizeof(*s->n));
    }
    n = &s->n[s->nr++];
    memset(n, 0, sizeof(*n));
    n->path = strdup(path);
    n->value = strdup("");
    return n;
}

static void store_rm(fake_store *s, const char *path)
{
    size_t len = strlen(path), i = 0;

    while (i < s->nr) {
        fake_node *n = &s->n[i];

        if (!strncmp(n->path, path, len) &&
            (n->path[len] == '\0' || n->path[len] == '/')) {
            free(n->path);
            free(n->value);
            s->n[i] = s->n[--s->nr];
        } else {
            i++;
        }
    }
}

static void store_free(fake_store *s)
{
    size_t i;

    for (i = 0; i < s->nr; i++) {
        free(s->n[i].path);
        free(s->n[i].value);
    }
    free(s->n);
    memset(s, 0, sizeof(*s));
}

static void store_copy(fake_store *to, const fake_store *from)
{
    size_t i;

    memset(to, 0, sizeof(*to));
    to->cap = from->nr ? from->nr : 1;
    to->n = calloc(to->cap, sizeof(*to->n));
    for (i = 0; i < from->nr; i++) {
        to->n[i] = from->n[i];
        to->n[i].path = strdup(from->n[i].path);
        to->n[i].value = malloc(from->n[i].len + 1);
        memcpy(to->n[i].value, from->n[i].value, from->n[i].len + 1);
    }
    to->nr = from->nr;
}

/* The store a request addresses, or NULL (EINVAL) for a bad id. */
static fake_store *store_of(fake_hv *f, axl__xs_txn t)
{
    unsigned int i;

    if (!t)
        return &f->store;
    for (i = 0; i < FAKE_TXNS; i++)
        if (f->txn[i].id == t)
            return &f->txn[i].snap;
    errno = EINVAL;
    return NULL;
}

static void changed(fake_hv *f, axl__xs_txn t)
{
    if (!t)
        f->gen++;
}

/* ---- hypervisor calls ------------------------------------------------- */

fake_dom *fake_domain(fake_hv *f, uint32_t domid)
{
    size_t i;

    for (i = 0; i < f->nr_doms; i++)
        if (f->doms[i].domid == domid)
            return &f->doms[i];
    return NULL;
}

static fake_dom *dom_or_esrch(fake_hv *f, uint32_t domid)
{
    fake_dom *d = fake_domain(f, domid);

    if (!d)
        errno = ESRCH;
    return d;
}

static fake_dom *dom_insert(fake_hv *f, uint32_t domid)
{
    size_t i;

    if (f->nr_doms == f->cap_doms) {
        f->cap_doms = f->cap_doms ? f->cap_doms * 2 : 16;
        f->doms = realloc(f->doms, f->cap_doms * sizeof(*f->doms));
    }
    /* Kept sorted by id, as Xen lists them. */
    for (i = f->nr_doms; i > 0 && f->doms[i - 1].domid > domid; i--)
        f->doms[i] = f->doms[i - 1];
    memset(&f->doms[i], 0, sizeof(f->doms[i]));
    f->doms[i].domid = domid;
    f->nr_doms++;
    return &f->doms[i];
}

static int f_version(void *hv, unsigned int *major, unsigned int *minor)
{
    fake_hv *f = hv;

    *major = f->major;
    *minor = f->minor;
    return 0;
}

static int f_domain_create(void *hv, const axl__hv_create *c,
                           uint32_t *domid_r, axl__hv_created *out)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "domain_create"))
        return -1;
    if (c->tee != AXL__TEE_NONE && !f->tee_mediator) {
        errno = EINVAL;         /* as Debian's Xen, built without one */
        return -1;
    }
    while (fake_domain(f, f->next_domid))
        f->next_domid++;
    d = dom_insert(f, f->next_domid++);
    d->create = *c;
    d->paused = true;
    *domid_r = d->domid;
    out->gic = c->gic == AXL_GIC_V2 ? AXL_GIC_V2 : AXL_GIC_V3;
    out->clock_frequency = 0;
    return 0;
}

static int f_domain_getinfo(void *hv, uint32_t first, unsigned int max,
                            axl__hv_info *out)
{
    fake_hv *f = hv;
    unsigned int n = 0;
    size_t i;

    if (fake_fail(f, "domain_getinfo"))
        return -1;
    for (i = 0; i < f->nr_doms && n < max; i++) {
        const fake_dom *d = &f->doms[i];

        if (d->domid < first)
            continue;
        memset(&out[n], 0, sizeof(out[n]));
        out[n].domid = d->domid;
        out[n].tot_pages = d->maxmem_kb / 4;
        out[n].max_vcpu_id = d->max_vcpus ? d->max_vcpus - 1 : 0;
        out[n].gpaddr_bits = 40;
        out[n].paused = d->paused;
        out[n].shutdown = d->shutdown;
        out[n].dying = d->dying;
        out[n].shutdown_reason = d->reason;
        n++;
    }
    return (int)n;
}

static int f_domain_destroy(void *hv, uint32_t domid)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "domain_destroy"))
        return -1;
    d = dom_or_esrch(f, domid);
    if (!d)
        return -1;
    /* Keep the order by id. */
    memmove(d, d + 1, (size_t)(f->doms + f->nr_doms - (d + 1)) * sizeof(*d));
    f->nr_doms--;
    return 0;
}

#define DOM_OP(name, body)                                              \
    static int f_##name(void *hv, uint32_t domid)                       \
    {                                                                   \
        fake_hv *f = hv;                                                \
        fake_dom *d;                                                    \
                                                                        \
        if (fake_fail(f, #name) || !(d = dom_or_esrch(f, domid)))       \
            return -1;                                                  \
        body;                                                           \
        return 0;                                                       \
    }

DOM_OP(domain_pause, d->paused = true)
DOM_OP(domain_unpause, d->paused = false)
DOM_OP(evtchn_upcall, d->upcall = true)

static int f_max_vcpus(void *hv, uint32_t domid, uint32_t n)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "max_vcpus") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->max_vcpus = n;
    return 0;
}

static int f_set_maxmem(void *hv, uint32_t domid, uint64_t kb)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "set_maxmem") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->maxmem_kb = kb;
    return 0;
}

static int f_evtchn_alloc(void *hv, uint32_t domid)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "evtchn_alloc") || !(d = dom_or_esrch(f, domid)))
        return -1;
    return (int)++d->evtchns;
}

static int f_paging_pool(void *hv, uint32_t domid, uint64_t bytes)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "paging_pool") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->pool_bytes = bytes;
    return 0;
}

static int f_build_image(void *hv, axl_ctx *ctx, const axl__hv_image *in,
                         axl__hv_built *out)
{
    fake_hv *f = hv;
    fake_dom *d;

    if (fake_fail(f, "build_image") || !(d = dom_or_esrch(f, in->domid))) {
        axl__log(ctx, XTL_ERROR, errno, "fake libxenguest: build failed");
        return AXL_ERROR_XEN;
    }
    d->built = true;
    out->store_pfn = 0x48000;
    out->console_pfn = 0x48001;
    if (in->vuart) {
        out->vuart_gfn = 0x48003;
        out->vuart_port = ++d->evtchns;
    }
    return AXL_OK;
}

static int f_iomem_permit(void *hv, uint32_t domid, uint64_t mfn,
                          uint64_t nr)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)mfn; (void)nr;
    if (fake_fail(f, "iomem_permit") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->iomem++;
    return 0;
}

static int f_memory_map(void *hv, uint32_t domid, uint64_t gfn, uint64_t mfn,
                        uint64_t nr)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)gfn; (void)mfn; (void)nr;
    if (fake_fail(f, "memory_map") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->mappings++;
    return 0;
}

static int f_irq_permit(void *hv, uint32_t domid, uint32_t irq)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)irq;
    if (fake_fail(f, "irq_permit") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->irqs++;
    return 0;
}

static int f_bind_spi(void *hv, uint32_t domid, uint32_t irq)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)irq;
    if (fake_fail(f, "bind_spi") || !(d = dom_or_esrch(f, domid)))
        return -1;
    d->spis++;
    return 0;
}

static int f_sve_max(void *hv, unsigned int *bits)
{
    fake_hv *f = hv;

    if (fake_fail(f, "sve_max"))
        return -1;
    *bits = f->sve_max_bits;
    return 0;
}

/* 8 CPUs, 6 GiB of which the domains hold their pages. */
static int f_host_info(void *hv, axl_hostinfo *out)
{
    fake_hv *f = hv;
    uint64_t used = 0;
    size_t i;

    if (fake_fail(f, "host_info"))
        return -1;
    for (i = 0; i < f->nr_doms; i++)
        used += f->doms[i].maxmem_kb / 4;
    out->xen_major = f->major;
    out->xen_minor = f->minor;
    snprintf(out->xen_extra, sizeof(out->xen_extra), ".7");
    snprintf(out->xen_caps, sizeof(out->xen_caps),
             "xen-3.0-aarch64 xen-3.0-armv7l ");
    snprintf(out->xen_commandline, sizeof(out->xen_commandline),
             "console=dtuart dom0_mem=512M");
    out->nr_cpus = 8;
    out->total_kb = UINT64_C(6) << 20;
    out->free_kb = out->total_kb - used * 4;
    out->sve_max_bits = f->sve_max_bits;
    return 0;
}

/* At most @len bytes of the ring (the newest; Xen's may give the oldest:
 * libaxl reads until the whole ring fits, so either will do). */
static ssize_t f_console_read(void *hv, char *buf, size_t len, bool clear)
{
    fake_hv *f = hv;
    size_t n = f->console_len < len ? f->console_len : len;

    if (fake_fail(f, "console_read"))
        return -1;
    memcpy(buf, f->console + f->console_len - n, n);
    if (clear)
        f->console_len = 0;
    return (ssize_t)n;
}

static int f_llc_colors(void *hv, uint32_t domid, const uint32_t *colors,
                        uint32_t nr)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)colors;
    if (fake_fail(f, "llc_colors") || !(d = dom_or_esrch(f, domid)))
        return -1;
    if (!f->llc_supported) {
        errno = EOPNOTSUPP;
        return -1;
    }
    d->llc = nr;
    return 0;
}

static ssize_t f_entropy(void *hv, void *buf, size_t len)
{
    fake_hv *f = hv;
    unsigned char *p = buf;
    size_t i;

    if (fake_fail(f, "entropy"))
        return -1;
    if (f->entropy_fail) {
        f->entropy_fail--;
        errno = f->entropy_errno;
        return -1;
    }
    for (i = 0; i < len; i++)
        p[i] = (unsigned char)(f->calls * 31 + i * 7);
    return (ssize_t)len;
}

/* ---- xenstore --------------------------------------------------------- */

static axl__xs_txn f_xs_start(void *hv)
{
    fake_hv *f = hv;
    unsigned int i;

    if (fake_fail(f, "xs_start"))
        return 0;
    for (i = 0; i < FAKE_TXNS; i++) {
        if (!f->txn[i].id) {
            f->txn[i].id = ++f->next_txn;
            f->txn[i].gen = f->gen;
            store_copy(&f->txn[i].snap, &f->store);
            return f->txn[i].id;
        }
    }
    errno = EBUSY;
    return 0;
}

static bool f_xs_end(void *hv, axl__xs_txn t, bool abort)
{
    fake_hv *f = hv;
    unsigned int i;

    for (i = 0; i < FAKE_TXNS && f->txn[i].id != t; i++)
        ;
    if (i == FAKE_TXNS || !t) {
        errno = EINVAL;
        return false;
    }
    /* The transaction ends even when this call "fails", as xenstored
     * forgets it either way. */
    if (fake_fail(f, "xs_end")) {
        int e = errno;

        store_free(&f->txn[i].snap);
        f->txn[i].id = 0;
        errno = e;
        return false;
    }
    if (!abort) {
        f->commits_tried++;
        if (f->eagain || f->txn[i].gen != f->gen) {
            if (f->eagain)
                f->eagain--;
            store_free(&f->txn[i].snap);
            f->txn[i].id = 0;
            errno = EAGAIN;
            return false;
        }
        store_free(&f->store);
        f->store = f->txn[i].snap;
        f->gen++;
    } else {
        store_free(&f->txn[i].snap);
    }
    memset(&f->txn[i].snap, 0, sizeof(f->txn[i].snap));
    f->txn[i].id = 0;
    return true;
}

/* dom0's backend drivers answering the toolstack (see fake_hv.h). */
static void backend_answers(fake_hv *f, fake_node *n)
{
    const char *p = n->path, *st;
    static const char *const to[] = { "", "2", "", "", "", "6" };
    int v;

    char *end, sib[256];
    unsigned long be;

    if (f->backends_mute || strncmp(p, "/local/domain/", 14) ||
        !(st = strrchr(p, '/')) || strcmp(st, "/state") || n->len != 1)
        return;
    be = strtoul(p + 14, &end, 10);
    if (strncmp(end, "/backend/v", 10))
        return;
    v = n->value[0] - '0';
    if (v != 1 && v != 5)
        return;
    free(n->value);
    n->value = strdup(to[v]);
    f->gen++;
    /* a driver domain's daemon runs the script there (n may move) */
    if (be != 0 && v == 1 && f->driver_daemon &&
        snprintf(sib, sizeof(sib), "%.*s/hotplug-status", (int)(st - p), p) <
        (int)sizeof(sib))
        fake_write(f, sib, "connected");
}

/* A relative path is the caller's own domain's, as xenstored reads it. */
static const char *abs_path(const fake_hv *f, const char *path, char *buf,
                            size_t size)
{
    if (path[0] == '/')
        return path;
    snprintf(buf, size, "/local/domain/%u/%s", f->self_domid, path);
    return buf;
}

static char *f_xs_read(void *hv, axl__xs_txn t, const char *path,
                       unsigned int *len)
{
    char abs_[256];
    fake_hv *f = hv;
    fake_store *s;
    fake_node *n;
    char *v;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_read") || !(s = store_of(f, t)))
        return NULL;
    n = store_find(s, path);
    if (!n) {
        errno = ENOENT;
        return NULL;
    }
    if (!t) {
        backend_answers(f, n);
        n = store_find(s, path);
    }
    v = malloc(n->len + 1);
    memcpy(v, n->value, n->len + 1);
    if (len)
        *len = n->len;
    return v;
}

static char **f_xs_directory(void *hv, axl__xs_txn t, const char *path,
                             unsigned int *nr)
{
    char abs_[256];
    fake_hv *f = hv;
    size_t plen = strlen(path), i, bytes = 0, count = 0;
    fake_store *s;
    char **out, *p;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_directory") || !(s = store_of(f, t)))
        return NULL;
    if (!store_find(s, path)) {
        errno = ENOENT;
        return NULL;
    }
    for (i = 0; i < s->nr; i++) {
        const char *c = s->n[i].path;

        if (!strncmp(c, path, plen) && c[plen] == '/' &&
            !strchr(c + plen + 1, '/')) {
            count++;
            bytes += strlen(c + plen + 1) + 1;
        }
    }
    /* One block, as libxenstore returns it. */
    out = malloc((count + 1) * sizeof(*out) + bytes);
    p = (char *)(out + count + 1);
    count = 0;
    for (i = 0; i < s->nr; i++) {
        const char *c = s->n[i].path;

        if (!strncmp(c, path, plen) && c[plen] == '/' &&
            !strchr(c + plen + 1, '/')) {
            out[count++] = p;
            strcpy(p, c + plen + 1);
            p += strlen(p) + 1;
        }
    }
    out[count] = NULL;
    *nr = (unsigned int)count;
    return out;
}

static bool f_xs_write(void *hv, axl__xs_txn t, const char *path,
                       const void *value, unsigned int len)
{
    char abs_[256];
    fake_hv *f = hv;
    fake_store *s;
    fake_node *n;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_write") || !(s = store_of(f, t)))
        return false;
    n = store_add(s, path);
    free(n->value);
    n->value = malloc(len + 1);
    memcpy(n->value, value, len);
    n->value[len] = '\0';
    n->len = len;
    changed(f, t);
    return true;
}

static bool f_xs_mkdir(void *hv, axl__xs_txn t, const char *path)
{
    char abs_[256];
    fake_hv *f = hv;
    fake_store *s;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_mkdir") || !(s = store_of(f, t)))
        return false;
    store_add(s, path);
    changed(f, t);
    return true;
}

static bool f_xs_set_perms(void *hv, axl__xs_txn t, const char *path,
                           const axl__xs_perm *perms, unsigned int nr)
{
    char abs_[256];
    fake_hv *f = hv;
    fake_store *s;
    fake_node *n;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_set_perms") || !(s = store_of(f, t)))
        return false;
    n = store_find(s, path);
    if (!n || nr > 4) {
        errno = n ? EINVAL : ENOENT;
        return false;
    }
    memcpy(n->perms, perms, nr * sizeof(*perms));
    n->nr_perms = nr;
    changed(f, t);
    return true;
}

static bool f_xs_rm(void *hv, axl__xs_txn t, const char *path)
{
    char abs_[256];
    fake_hv *f = hv;
    fake_store *s;

    path = abs_path(f, path, abs_, sizeof(abs_));
    if (fake_fail(f, "xs_rm") || !(s = store_of(f, t)))
        return false;
    if (f->rm_denied && !strcmp(path, f->rm_denied)) {
        errno = EACCES;
        return false;
    }
    store_rm(s, path);
    changed(f, t);
    return true;
}

static bool f_xs_introduce(void *hv, uint32_t domid, uint64_t mfn,
                           uint32_t port)
{
    fake_hv *f = hv;
    fake_dom *d;

    (void)mfn; (void)port;
    if (fake_fail(f, "xs_introduce") || !(d = dom_or_esrch(f, domid)))
        return false;
    d->introduced = true;
    return true;
}

static bool f_xs_watch(void *hv, const char *path, const char *token)
{
    (void)path; (void)token;
    return !fake_fail(hv, "xs_watch");
}

static bool f_xs_unwatch(void *hv, const char *path, const char *token)
{
    (void)path; (void)token;
    return !fake_fail(hv, "xs_unwatch");
}

static int f_xs_fileno(void *hv)
{
    (void)hv;
    return -1;
}

static char **f_xs_read_watch(void *hv, unsigned int *nr)
{
    (void)hv;
    *nr = 0;
    errno = EAGAIN;
    return NULL;
}

static const char *env_of(char *const *env, const char *name)
{
    size_t n = strlen(name);

    for (; env && *env; env++)
        if (!strncmp(*env, name, n) && (*env)[n] == '=')
            return *env + n + 1;
    return "";
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = tail ? strlen(tail) : 0;

    return tail && a >= b && !strcmp(s + a - b, tail);
}

static void fake_script(fake_hv *f, axl__script *sc)
{
    const char *act = sc->argv[1], *xb = env_of(sc->env, "XENBUS_PATH");
    bool add = !strcmp(act, "add") || !strcmp(act, "online");
    bool vbd = !strcmp(env_of(sc->env, "XENBUS_TYPE"), "vbd");
    char path[256];
    size_t len = strlen(f->script_log);

    f->script_runs++;
    snprintf(f->script_log + len, sizeof(f->script_log) - len, "%s %s %s\n",
             sc->argv[0], act, xb);
    sc->status = 0;
    sc->timed_out = false;
    sc->out[0] = '\0';
    sc->out_len = 0;
    if (ends_with(sc->argv[0], f->script_hang)) {
        sc->status = -1;
        sc->timed_out = true;
        return;
    }
    if (ends_with(sc->argv[0], f->script_fail) && add) {
        snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-error",
                 f->self_domid, xb);
        fake_write(f, path, "the fake script refused");
        snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-status",
                 f->self_domid, xb);
        fake_write(f, path, "error");
        snprintf(sc->out, sizeof(sc->out), "fake: failing on purpose\n");
        sc->out_len = strlen(sc->out);
        sc->status = 1;
        return;
    }
    if (add) {
        snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-status",
                 f->self_domid, xb);
        fake_write(f, path, "connected");
        if (vbd) {
            snprintf(path, sizeof(path), "/local/domain/%u/%s/node",
                     f->self_domid, xb);
            fake_write(f, path, "/dev/loop0");
            f->loops++;
        } else {
            f->vifs++;
        }
    } else {
        /* as the real scripts: only what the add took is given back */
        const char *st;

        snprintf(path, sizeof(path), "/local/domain/%u/%s/hotplug-status",
                 f->self_domid, xb);
        st = fake_read(f, path);
        if (!st || strcmp(st, "connected"))
            return;
        fake_write(f, path, "");
        if (vbd)
            f->loops--;
        else
            f->vifs--;
    }
}

/* The scripts are played at the start; the wait has nothing left. */
static void *f_scripts_start(void *hv, axl__script *s, size_t nr,
                             int timeout_ms)
{
    fake_hv *f = hv;
    size_t i;

    (void)timeout_ms;
    if (fake_fail(f, "run_scripts"))
        return NULL;
    for (i = 0; i < nr; i++)
        fake_script(f, &s[i]);
    f->scripts_pending++;
    return f;
}

static void f_scripts_wait(void *hv, void *job)
{
    fake_hv *f = hv;

    if (job == f && f->scripts_pending)
        f->scripts_pending--;
}

static void f_close(void *hv)
{
    ((fake_hv *)hv)->closed = true;
}

static const axl__hv_ops fake_ops = {
    .version = f_version,
    .domain_create = f_domain_create,
    .domain_getinfo = f_domain_getinfo,
    .domain_destroy = f_domain_destroy,
    .domain_pause = f_domain_pause,
    .domain_unpause = f_domain_unpause,
    .max_vcpus = f_max_vcpus,
    .set_maxmem = f_set_maxmem,
    .evtchn_alloc = f_evtchn_alloc,
    .paging_pool = f_paging_pool,
    .evtchn_upcall = f_evtchn_upcall,
    .build_image = f_build_image,
    .iomem_permit = f_iomem_permit,
    .memory_map = f_memory_map,
    .irq_permit = f_irq_permit,
    .bind_spi = f_bind_spi,
    .sve_max = f_sve_max,
    .host_info = f_host_info,
    .console_read = f_console_read,
    .llc_colors = f_llc_colors,
    .entropy = f_entropy,
    .xs_start = f_xs_start,
    .xs_end = f_xs_end,
    .xs_read = f_xs_read,
    .xs_directory = f_xs_directory,
    .xs_write = f_xs_write,
    .xs_mkdir = f_xs_mkdir,
    .xs_set_perms = f_xs_set_perms,
    .xs_rm = f_xs_rm,
    .xs_introduce = f_xs_introduce,
    .xs_watch = f_xs_watch,
    .xs_unwatch = f_xs_unwatch,
    .xs_fileno = f_xs_fileno,
    .xs_read_watch = f_xs_read_watch,
    .scripts_start = f_scripts_start,
    .scripts_wait = f_scripts_wait,
    .close = f_close,
};

/* ---- for the tests ---------------------------------------------------- */

fake_hv *fake_hv_new(unsigned int major, unsigned int minor)
{
    fake_hv *f = calloc(1, sizeof(*f));

    f->major = f->abi.major = major;
    f->minor = f->abi.minor = minor;
    f->abi.domctl = minor >= 19 ? 0x17 : 0x15;
    f->abi.caps = AXL__HV_CAP_TEE_OPTEE;
    if (minor >= 20)
        f->abi.caps |= AXL__HV_CAP_SVE | AXL__HV_CAP_TEE_FFA |
                       AXL__HV_CAP_LLC | AXL__HV_CAP_VIRTIO;
    f->next_domid = 1;
    fake_add_domain(f, 0, "Domain-0");
    fake_write(f, "/vm", "");
    fake_write(f, "/libxl", "");
    f->gen = 0;
    return f;
}

void fake_hv_free(fake_hv *f)
{
    unsigned int i;

    if (!f)
        return;
    for (i = 0; i < FAKE_TXNS; i++)
        store_free(&f->txn[i].snap);
    store_free(&f->store);
    free(f->doms);
    free(f);
}

int fake_host_open(axl_ctx *ctx, fake_hv *f, axl_host **host_r)
{
    return axl__host_open_with(ctx, &fake_ops, f, &f->abi, host_r);
}

const fake_node *fake_node_get(const fake_hv *f, const char *path)
{
    return store_find((fake_store *)&f->store, path);
}

const char *fake_read(const fake_hv *f, const char *path)
{
    const fake_node *n = fake_node_get(f, path);

    return n ? n->value : NULL;
}

void fake_write(fake_hv *f, const char *path, const char *value)
{
    fake_node *n = store_add(&f->store, path);

    free(n->value);
    n->value = strdup(value);
    n->len = (unsigned int)strlen(value);
    f->gen++;
}

fake_dom *fake_add_domain(fake_hv *f, uint32_t domid, const char *name)
{
    fake_dom *d = dom_insert(f, domid);
    char path[64];

    d->max_vcpus = 1;
    d->maxmem_kb = 1 << 20;
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    if (name)
        fake_write(f, path, name);
    return d;
}

size_t fake_count_nodes(const fake_hv *f, const char *prefix)
{
    size_t len = strlen(prefix), i, n = 0;

    for (i = 0; i < f->store.nr; i++) {
        const char *p = f->store.n[i].path;

        if (!strncmp(p, prefix, len) && (p[len] == '\0' || p[len] == '/'))
            n++;
    }
    return n;
}

unsigned int fake_open_txns(const fake_hv *f)
{
    unsigned int i, n = 0;

    for (i = 0; i < FAKE_TXNS; i++)
        n += f->txn[i].id != 0;
    return n;
}
