/*
 * A hostile xenstore around axl's device listing, removal and destroy.
 * On the fake host (tests/common/fake_hv.h) a first guest and then a
 * bystander are created, each with a disk (xvda) and a vif (0).  The
 * input then writes nodes as a guest, or a corrupted store, could:
 * lines PATH=VALUE, split at the first '=' (no '=': an empty value), a
 * PATH not starting with '/' taken below /local/domain/FIRST/; '#'
 * starts a comment line.  In paths and values $F and $B stand for the
 * two domids, $VF and $VB for their /vm paths.  Three keys are not
 * nodes: devid=N (default 51712, the disk), kind=vif (default vbd) and
 * force=1 say what axl_device_remove is asked.  Paths are stored as
 * given, as xenstored would not ("..", "//"): the values naming them
 * are what axl reads.  Nothing at or below the bystander's nodes
 * (/local/domain/B, /libxl/B, /local/domain/0/backend/KIND/B, its /vm
 * path) is written: that is what the invariant protects.  The low bit
 * of the size picks Xen 4.17 or 4.20.
 * Then, on the first guest: axl_device_list (vbd, vif),
 * axl_device_remove, axl_domain_destroy; then the bystander's destroy.
 * (Both guests are created once per Xen version; each input runs on a
 * copy of that fake host.)
 *
 * Invariants (abort), for a toolstack that must never act on what is
 * not the domain's, and must remove all it knows to be the domain's:
 * - no crash, leak or hang; no transaction left open after any call;
 * - the bystander's nodes are all there with their values, and no node
 *   was added below them; no hotplug script ran on its backends;
 * - dom0's own nodes (all of /local/domain/0 as the input left it, but
 *   the first guest's backends and the backend/ and backend/KIND
 *   directories, which go once empty) are all there with their values;
 * - the first guest is gone, and nothing is left below /local/domain/F
 *   or /libxl/F: axl removes those whatever they hold; nor below its vm
 *   path, unless the input wrote /local/domain/F/vm (axl's record of it);
 * - a backend directory that create wrote for the first guest is gone,
 *   with what the input planted below it, unless the input wrote below
 *   the /libxl/F/device entry that records it: then axl has lost its
 *   record, and what stays is only reported (AXL_FUZZ_VERBOSE=1).
 *   Nodes the input planted under /local/domain/0/backend/KIND/F with
 *   no record (and the KIND/F directory holding them) are only reported
 *   too: axl has no reason to know them;
 * - after the first guest's destroy the fake scripts hold the bystander's
 *   loop device and vif only, unless the input wrote below
 *   /local/domain/0/backend or /libxl/F (it may have planted or hidden
 *   what the fake scripts count by: reported);
 * - the bystander's destroy succeeds, and then the host is clean
 *   (fz_assert_clean) but for nodes the input planted (nodes that did not
 *   exist before it), the lost backends and vm path above, and the
 *   directories holding those; the counts as above.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"
#include "fake_hv.h"
#include "fuzz_common.h"

#define MAX_WRITES  128
#define PATH_MAX_XS 3072        /* XENSTORE_ABS_PATH_MAX */
#define VALUE_MAX   4096        /* XENSTORE_PAYLOAD_MAX */

/* Paths (and values) in a growable array. */
typedef struct list {
    char **path, **value;
    size_t nr, cap;
} list;

static void list_add(list *l, const char *path, const char *value)
{
    if (l->nr == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->path = realloc(l->path, l->cap * sizeof(*l->path));
        l->value = realloc(l->value, l->cap * sizeof(*l->value));
        if (!l->path || !l->value)
            abort();
    }
    l->path[l->nr] = strdup(path);
    l->value[l->nr] = value ? strdup(value) : NULL;
    if (!l->path[l->nr] || (value && !l->value[l->nr]))
        abort();
    l->nr++;
}

static void list_free(list *l)
{
    size_t i;

    for (i = 0; i < l->nr; i++) {
        free(l->path[i]);
        free(l->value[i]);
    }
    free(l->path);
    free(l->value);
    memset(l, 0, sizeof(*l));
}

static bool list_has(const list *l, const char *path)
{
    size_t i;

    for (i = 0; i < l->nr; i++)
        if (!strcmp(l->path[i], path))
            return true;
    return false;
}

/* @p at or below @dir. */
static bool below(const char *p, const char *dir)
{
    size_t n = strlen(dir);

    return !strncmp(p, dir, n) && (p[n] == '\0' || p[n] == '/');
}

/* @p at or below /local/domain/0/backend/KIND/@domid for some KIND; @dir
 * (optional) receives the device's directory .../KIND/DOMID/DEVID that
 * @p is in, or "". */
static bool in_backends_of(const char *p, uint32_t domid, char *dir,
                           size_t size)
{
    const char *kind = p + 24, *slash, *dev;
    unsigned long id;
    char *e;

    if (dir)
        *dir = '\0';
    if (strncmp(p, "/local/domain/0/backend/", 24) ||
        !(slash = strchr(kind, '/')) || slash == kind ||
        slash[1] < '0' || slash[1] > '9')
        return false;
    id = strtoul(slash + 1, &e, 10);
    if (id != domid || (*e && *e != '/'))
        return false;
    if (dir && *e == '/' && e[1] && e[1] != '/') {
        dev = strchr(e + 1, '/');
        snprintf(dir, size, "%.*s", (int)((dev ? dev : e + strlen(e)) - p),
                 p);
    }
    return true;
}

typedef struct state {
    fake_hv *f;
    uint32_t first, by;
    char vm_first[80], vm_by[80];
    char dom_by[32], lib_by[32];
    char vm_key[48];            /* the first guest's record of its vm path */
    list by_nodes;              /* the bystander's, with their values */
    list dom0_nodes;            /* dom0's own, after the input */
    list before;                /* every path before the input */
    list written;               /* the input's paths, as written */
} state;

static bool is_bystanders(const state *s, const char *p)
{
    return below(p, s->dom_by) || below(p, s->lib_by) ||
           below(p, s->vm_by) ||
           in_backends_of(p, s->by, NULL, 0);
}

/* The /libxl/F/device entry that records backend directory @be: the
 * device's for .../KIND/F/DEVID, all KIND devices' for .../KIND/F. */
static void record_of(const state *s, const char *be, char *out, size_t size)
{
    const char *kind = be + 24, *slash = strchr(kind, '/');
    const char *dev = strchr(slash + 1, '/');

    snprintf(out, size, "/libxl/%u/device/%.*s%s", s->first,
             (int)(slash - kind), kind, dev ? dev : "");
}

static bool wrote_below(const state *s, const char *dir)
{
    size_t i;

    for (i = 0; i < s->written.nr; i++)
        if (below(s->written.path[i], dir))
            return true;
    return false;
}

/* Whether a node is left below @p. */
static bool holds_some(const state *s, const char *p)
{
    size_t i, n = strlen(p);

    for (i = 0; i < s->f->store.nr; i++)
        if (!strncmp(s->f->store.n[i].path, p, n) &&
            s->f->store.n[i].path[n] == '/')
            return true;
    return false;
}

/* Why @p, a node of the first guest's backends left after its destroy,
 * may be left: the input planted it, or changed the record axl finds it
 * by, or it is a KIND/F directory holding such nodes (a device's own
 * directory goes with all below it); NULL if none of these. */
static const char *excuse(const state *s, const char *p)
{
    char dir[PATH_MAX_XS], rec[PATH_MAX_XS + 64];

    if (!list_has(&s->before, p))
        return "the input planted it";
    in_backends_of(p, s->first, dir, sizeof(dir));
    record_of(s, *dir ? dir : p, rec, sizeof(rec));
    if (wrote_below(s, rec))
        return "the input changed its record";
    return !*dir && holds_some(s, p) ? "it holds what is left" : NULL;
}

/* fz_assert_clean's exceptions: planted nodes, lost backends and vm
 * paths, and the directories above what is left (each node below is
 * judged itself). */
static bool allowed(const char *p, void *arg)
{
    const state *s = arg;

    return !list_has(&s->before, p) ||
           (in_backends_of(p, s->first, NULL, 0) && excuse(s, p)) ||
           (below(p, s->vm_first) && wrote_below(s, s->vm_key)) ||
           holds_some(s, p);
}

/* @in (@len bytes) with $F, $B, $VF, $VB replaced, into @out; false if
 * it does not fit. */
static bool expand(const state *s, const char *in, size_t len, char *out,
                   size_t size)
{
    size_t o = 0, i, n;
    char num[16];
    const char *rep;

    for (i = 0; i < len; i += n) {
        rep = NULL;
        n = 1;
        if (in[i] == '$' && i + 2 < len && in[i + 1] == 'V' &&
            (in[i + 2] == 'F' || in[i + 2] == 'B')) {
            rep = in[i + 2] == 'F' ? s->vm_first : s->vm_by;
            n = 3;
        } else if (in[i] == '$' && i + 1 < len &&
                   (in[i + 1] == 'F' || in[i + 1] == 'B')) {
            snprintf(num, sizeof(num), "%u",
                     in[i + 1] == 'F' ? s->first : s->by);
            rep = num;
            n = 2;
        }
        if (!rep) {
            if (o + 1 >= size)
                return false;
            out[o++] = in[i];
        } else {
            if (o + strlen(rep) >= size)
                return false;
            memcpy(out + o, rep, strlen(rep));
            o += strlen(rep);
        }
    }
    out[o] = '\0';
    return true;
}

typedef struct removal {
    axl_device_kind kind;
    int devid;
    bool force;
} removal;

static int to_int(const char *v)
{
    long long n = strtoll(v, NULL, 0);

    return n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : (int)n;
}

/* Writes the input's nodes, at most MAX_WRITES; fills @r from its three
 * keys. */
static void plant(state *s, const uint8_t *data, size_t size, removal *r)
{
    static char path[PATH_MAX_XS + 1], value[VALUE_MAX + 1];
    char full[PATH_MAX_XS + 64];
    const char *p = (const char *)data, *end = p + size;
    size_t writes = 0;

    while (p < end && writes < MAX_WRITES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line = p, *eol = nl ? nl : end, *eq;

        p = nl ? nl + 1 : end;
        if (eol == line || *line == '#')
            continue;
        eq = memchr(line, '=', (size_t)(eol - line));
        /* (a NUL byte ends the path or value early, as in any C string) */
        if (!expand(s, line, (size_t)((eq ? eq : eol) - line), path,
                    sizeof(path)) ||
            !expand(s, eq ? eq + 1 : eol, (size_t)(eq ? eol - eq - 1 : 0),
                    value, sizeof(value)))
            continue;
        if (!strcmp(path, "devid")) {
            r->devid = to_int(value);
            continue;
        }
        if (!strcmp(path, "kind")) {
            r->kind = strcmp(value, "vif") ? AXL_DEVICE_VBD : AXL_DEVICE_VIF;
            continue;
        }
        if (!strcmp(path, "force")) {
            r->force = to_int(value) != 0;
            continue;
        }
        if (path[0] == '/')
            snprintf(full, sizeof(full), "%s", path);
        else
            snprintf(full, sizeof(full), "/local/domain/%u/%s", s->first,
                     path);
        if (strlen(full) > PATH_MAX_XS || is_bystanders(s, full))
            continue;
        fake_write(s->f, full, value);
        list_add(&s->written, full, NULL);
        writes++;
    }
}

static const axl_domain_config *guest_config(bool bystander)
{
    static axl_domain_config cfg[2];
    static bool parsed[2];
    char text[2048];

    if (!parsed[bystander]) {
        snprintf(text, sizeof(text),
                 "name = \"%s\"\nkernel = \"%s\"\nmemory = 128\n"
                 "disk = [ \"%s,raw,xvda,rw\" ]\n"
                 "vif = [ \"bridge=xenbr0,mac=00:16:3e:00:00:0%d\" ]\n",
                 bystander ? "bystander" : "first", fz_image(),
                 fz_write(bystander ? "bystander.img" : "first.img", "d", 1),
                 bystander ? 2 : 1);
        axl_domain_config_init(&cfg[bystander]);
        if (axl_parse_config_data("guest.cfg", text, strlen(text),
                                  &cfg[bystander]))
            fz_fail("the harness's own config does not parse");
        parsed[bystander] = true;
    }
    return &cfg[bystander];
}

static void read_vm(const state *s, uint32_t domid, char *out, size_t size)
{
    char key[64];
    const char *vm;

    snprintf(key, sizeof(key), "/local/domain/%u/vm", domid);
    vm = fake_read(s->f, key);
    snprintf(out, size, "%s", vm ? vm : "");
}

static void snapshot(state *s)
{
    size_t i;

    for (i = 0; i < s->f->store.nr; i++) {
        const fake_node *n = &s->f->store.n[i];

        list_add(&s->before, n->path, NULL);
        if (is_bystanders(s, n->path))
            list_add(&s->by_nodes, n->path, n->value);
    }
}

static void no_txn(const state *s, const char *after)
{
    if (fake_open_txns(s->f))
        fz_fail("%s left %u transactions open", after,
                fake_open_txns(s->f));
}

/* dom0's own nodes, as the input left them: all of /local/domain/0 but
 * the first guest's backends (which go), the bystander's (checked on
 * their own) and backend/ and backend/KIND (which go once empty). */
static bool is_dom0s(const state *s, const char *p)
{
    const char *kind = p + 24;

    if (!below(p, "/local/domain/0") || in_backends_of(p, s->first, NULL, 0) ||
        is_bystanders(s, p) || !strcmp(p, "/local/domain/0/backend"))
        return false;
    return strncmp(p, "/local/domain/0/backend/", 24) || strchr(kind, '/');
}

static void snapshot_dom0(state *s)
{
    size_t i;

    for (i = 0; i < s->f->store.nr; i++)
        if (is_dom0s(s, s->f->store.n[i].path))
            list_add(&s->dom0_nodes, s->f->store.n[i].path,
                     s->f->store.n[i].value);
}

/* Every node of @l still there with its value. */
static void check_kept(const state *s, const list *l, const char *whose)
{
    size_t i;

    for (i = 0; i < l->nr; i++) {
        const char *v = fake_read(s->f, l->path[i]);

        if (!v)
            fz_fail("%s %s was removed", whose, l->path[i]);
        if (strcmp(v, l->value[i]))
            fz_fail("%s %s changed from \"%s\" to \"%s\"", whose,
                    l->path[i], l->value[i], v);
    }
}

static void check_bystander(const state *s)
{
    size_t i;

    check_kept(s, &s->by_nodes, "the bystander's");
    check_kept(s, &s->dom0_nodes, "dom0's");
    for (i = 0; i < s->f->store.nr; i++) {
        const char *p = s->f->store.n[i].path;

        if (is_bystanders(s, p) && !list_has(&s->by_nodes, p))
            fz_fail("%s was added among the bystander's nodes", p);
    }
}

/* Each line of the fake's script log: "SCRIPT ACTION XENBUS_PATH". */
static void check_scripts(const state *s)
{
    char line[512];
    const char *p = s->f->script_log, *nl;

    for (; *p; p = nl + 1) {
        const char *xb;
        unsigned int id;

        nl = strchr(p, '\n');
        if (!nl)
            break;
        snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
        xb = strrchr(line, ' ');
        if (xb && sscanf(xb + 1, "backend/%*[^/]/%u", &id) == 1 &&
            id == s->by)
            fz_fail("a hotplug script ran on the bystander's backend: %s",
                    line);
        if (strncmp(line, "/etc/xen/scripts/block ", 23) &&
            strncmp(line, "/etc/xen/scripts/vif-bridge ", 28))
            fz_note("hotplug script run: %s", line);
    }
}

static void check_first_gone(const state *s)
{
    char dom[32], lib[32], dir[PATH_MAX_XS];
    const char *why;
    size_t i;

    if (fake_domain(s->f, s->first))
        fz_fail("domain %u is still there after its destroy", s->first);
    snprintf(dom, sizeof(dom), "/local/domain/%u", s->first);
    snprintf(lib, sizeof(lib), "/libxl/%u", s->first);
    for (i = 0; i < s->f->store.nr; i++) {
        const char *p = s->f->store.n[i].path;

        if (below(p, dom) || below(p, lib))
            fz_fail("%s is left after domain %u's destroy", p, s->first);
        if (below(p, s->vm_first) && !wrote_below(s, s->vm_key))
            fz_fail("%s is left after domain %u's destroy, and the input "
                    "did not touch %s", p, s->first, s->vm_key);
        if (!in_backends_of(p, s->first, dir, sizeof(dir)))
            continue;
        why = excuse(s, p);
        if (!why)
            fz_fail("%s is left after domain %u's destroy, and the input "
                    "touched neither it nor its record", p, s->first);
        /* directories only: their keys would say the same */
        if (!*dir || !strcmp(dir, p))
            fz_note("%s is left: %s", p, why);
    }
    if ((s->f->loops != 1 || s->f->vifs != 1) &&
        (wrote_below(s, "/local/domain/0/backend") || wrote_below(s, lib)))
        fz_note("%d loop devices and %d vifs held after domain %u's "
                "destroy", s->f->loops, s->f->vifs, s->first);
    else if (s->f->loops != 1 || s->f->vifs != 1)
        fz_fail("%d loop devices and %d vifs held after domain %u's "
                "destroy (the bystander's: 1 and 1)", s->f->loops,
                s->f->vifs, s->first);
}

/* Both lists, with every string of every entry terminated. */
static void list_both(const state *s, axl_host *h)
{
    static const axl_device_kind kinds[] = { AXL_DEVICE_VBD, AXL_DEVICE_VIF };
    size_t k, i;

    for (k = 0; k < 2; k++) {
        axl_devinfo *l = NULL;
        size_t nr = 0;

        if (axl_device_list(fz_ctx(), h, s->first, kinds[k], &l, &nr))
            fz_fail("domain %u's devices cannot be listed", s->first);
        for (i = 0; i < nr; i++)
            if (!memchr(l[i].vdev, '\0', sizeof(l[i].vdev)) ||
                !memchr(l[i].mac, '\0', sizeof(l[i].mac)) ||
                !memchr(l[i].backend, '\0', sizeof(l[i].backend)))
                fz_fail("device %d as listed: a string without its NUL",
                        l[i].devid);
        free(l);
        no_txn(s, "axl_device_list");
    }
}

/*
 * A deep copy of @t (its domains and nodes; no transaction is open) in
 * one static fake_hv: a fresh 200 KiB one per run (the console ring) cost
 * more in page faults than the run itself.  clone_close() frees it.
 */
static fake_hv *fake_clone(const fake_hv *t)
{
    static fake_hv f;
    size_t i;

    if (fake_open_txns(t))
        abort();
    f = *t;
    f.closed = false;
    f.doms = malloc(t->cap_doms * sizeof(*f.doms));
    f.store.n = malloc(t->store.cap * sizeof(*f.store.n));
    if (!f.doms || !f.store.n)
        abort();
    memcpy(f.doms, t->doms, t->nr_doms * sizeof(*f.doms));
    for (i = 0; i < t->store.nr; i++) {
        const fake_node *n = &t->store.n[i];

        f.store.n[i] = *n;
        f.store.n[i].path = strdup(n->path);
        f.store.n[i].value = malloc(n->len + 1);
        if (!f.store.n[i].path || !f.store.n[i].value)
            abort();
        memcpy(f.store.n[i].value, n->value, n->len + 1);
    }
    return &f;
}

/* fz_host_close() for a fake_clone(). */
static void clone_close(axl_host *h, fake_hv *f)
{
    size_t i;

    axl_host_close(h);
    if (!f->closed)
        fz_fail("closing the host left the hypervisor open");
    for (i = 0; i < f->store.nr; i++) {
        free(f->store.n[i].path);
        free(f->store.n[i].value);
    }
    free(f->store.n);
    free(f->doms);
}

/*
 * The host with both guests, and what is known of it before any input,
 * made once per Xen version: each input runs on a copy of its fake
 * (creating two guests took nine tenths of the time of a run).
 */
static const state *template_for(unsigned int minor)
{
    static state t[2];
    state *s = &t[minor >= 20];
    axl_host *h;

    if (s->f)
        return s;
    s->f = fake_hv_new(4, minor);
    h = fz_host_open(s->f);
    if (axl_domain_create(fz_ctx(), h, guest_config(false), &s->first,
                          NULL) ||
        axl_domain_create(fz_ctx(), h, guest_config(true), &s->by, NULL))
        fz_fail("Xen 4.%u: the harness's guests cannot be created", minor);
    axl_host_close(h);
    read_vm(s, s->first, s->vm_first, sizeof(s->vm_first));
    read_vm(s, s->by, s->vm_by, sizeof(s->vm_by));
    if (strncmp(s->vm_first, "/vm/", 4) || strncmp(s->vm_by, "/vm/", 4))
        fz_fail("the harness's guests have no vm paths");
    snprintf(s->vm_key, sizeof(s->vm_key), "/local/domain/%u/vm", s->first);
    snprintf(s->dom_by, sizeof(s->dom_by), "/local/domain/%u", s->by);
    snprintf(s->lib_by, sizeof(s->lib_by), "/libxl/%u", s->by);
    snapshot(s);
    s->f->script_log[0] = '\0';
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    removal r = { AXL_DEVICE_VBD, 202 << 8, false };
    char lib_first[32];
    axl_host *h;
    state s;

    fz_quiet();
    /* the template's lists are shared, read only */
    s = *template_for(size & 1 ? 20 : 17);
    s.f = fake_clone(s.f);
    h = fz_host_open(s.f);
    snprintf(lib_first, sizeof(lib_first), "/libxl/%u", s.first);

    plant(&s, data, size, &r);
    snapshot_dom0(&s);
    list_both(&s, h);
    axl_device_remove(fz_ctx(), h, s.first, r.kind, r.devid, r.force);
    no_txn(&s, "axl_device_remove");
    axl_domain_destroy(fz_ctx(), h, s.first);
    no_txn(&s, "axl_domain_destroy");
    check_bystander(&s);
    check_scripts(&s);
    check_first_gone(&s);

    if (axl_domain_destroy(fz_ctx(), h, s.by))
        fz_fail("the bystander's destroy failed");
    fz_assert_clean(s.f, !wrote_below(&s, "/local/domain/0/backend") &&
                         !wrote_below(&s, lib_first),
                    allowed, &s, "after both destroys");
    list_free(&s.written);
    list_free(&s.dom0_nodes);
    clone_close(h, s.f);
    return 0;
}
