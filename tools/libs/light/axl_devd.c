/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The device daemon of a driver domain (axl devd), doing for the vbd and
 * vif backends the toolstack put under this domain's
 * /local/domain/SELF/backend what axl does in dom0 for its own: a backend
 * that waits (InitWait, online 1) gets its hotplug script's add/online;
 * one the toolstack takes away (online 0, Closed) gets its remove/offline
 * and its directory removed, with the parents this leaves empty
 * (libxl's libxl_device_events_handler and libxl__device_destroy).
 *
 * Unlike xl devd it rescans the whole backend tree on every change, so a
 * lost watch event or a restart loses nothing: devices whose script ran
 * before (hotplug-status set) are adopted rather than set up twice, and
 * the scripts of all devices that are ready run together.  A script that
 * cannot run or does not finish leaves hotplug-status error and a
 * hotplug-error the toolstack quotes, where xl devd leaves nothing.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "axl_xs_txn.h"

#define WATCH_TOKEN "axl-devd"
#define MAX_BATCH   64          /* scripts started together at most */

/* A backend this daemon ran (or adopted) the add script of. */
typedef struct served {
    char kind[8];               /* "vbd" or "vif" */
    uint32_t domid;             /* the frontend's */
    int devid;
    char be[128];
    char script[256];           /* the one that ran: its remove undoes it */
    char gatewaydev[64];
    bool seen;                  /* in the latest scan */
} served;

struct axl_devd {
    axl_ctx *ctx;
    axl_host *h;
    uint32_t self;
    char root[64];              /* /local/domain/SELF/backend */
    bool watching;
    served *dev;
    size_t nr, cap;
};

/* One backend of the latest scan that needs a script now. */
typedef struct todo {
    served s;
    bool add;
    axl__hotplug_call call;
} todo;

typedef struct batch {
    todo t[MAX_BATCH];
    size_t nr;
    axl__script sc[MAX_BATCH];  /* the scripts, as one job */
    todo *of[MAX_BATCH];        /* whose each one is */
    int limit_ms;               /* their time limit */
} batch;

static const char *const kinds[] = { "vbd", "vif" };

/* A small decimal node: -1 when missing or not a number. */
static int read_number(axl_host *h, const char *dir, const char *key)
{
    char *v = axl__xs_read_at(h, dir, key);
    int n = v ? axl__dev_devid_parse(v) : -1;

    free(v);
    return n;
}

static void write_node(axl_devd *d, const char *dir, const char *key,
                       const char *value)
{
    char path[192];

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    if (!d->h->ops->xs_write(d->h->hv, 0, path, value,
                             (unsigned int)strlen(value)))
        LOGE(d->ctx, WARN, "devd: cannot write %s", path);
}

/* Tells the toolstack the script failed, unless the script said so. */
static void report_failure(axl_devd *d, const served *s, const char *why)
{
    char *st = axl__xs_read_at(d->h, s->be, "hotplug-status");
    char *err = axl__xs_read_at(d->h, s->be, "hotplug-error");

    if (!err || !*err)
        write_node(d, s->be, "hotplug-error", why);
    if (!st || strcmp(st, "error"))
        write_node(d, s->be, "hotplug-status", "error");
    free(st);
    free(err);
}

static served *find(axl_devd *d, const char *kind, uint32_t domid,
                    int devid)
{
    size_t i;

    for (i = 0; i < d->nr; i++)
        if (d->dev[i].domid == domid && d->dev[i].devid == devid &&
            !strcmp(d->dev[i].kind, kind))
            return &d->dev[i];
    return NULL;
}

static int keep(axl_devd *d, const served *s)
{
    if (axl__grow((void **)&d->dev, d->nr, &d->cap, sizeof(*d->dev)))
        return AXL_ERROR_NOMEM;
    d->dev[d->nr] = *s;
    d->dev[d->nr].seen = true;
    d->nr++;
    return AXL_OK;
}

static void forget(axl_devd *d, served *s)
{
    size_t i = (size_t)(s - d->dev);

    d->dev[i] = d->dev[--d->nr];
}

/* The script the toolstack wrote: an absolute path of a file name
 * without control characters.  NULL (and why) otherwise. */
static const char *script_problem(const char *script)
{
    const unsigned char *p;

    if (!script)
        return "no script node in the backend directory";
    if (script[0] != '/' || strlen(script) >= sizeof(((served *)0)->script))
        return "the script node is not an absolute path";
    for (p = (const unsigned char *)script; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "the script node holds control characters";
    return NULL;
}

/* Looks at one backend directory; queues what it needs. */
static void scan_one(axl_devd *d, batch *b, const char *kind,
                     uint32_t domid, int devid)
{
    served s = { .domid = domid, .devid = devid }, *known;
    int state, online;
    char *hs, *script;
    const char *bad;

    snprintf(s.kind, sizeof(s.kind), "%s", kind);
    snprintf(s.be, sizeof(s.be), "%s/%s/%u/%d", d->root, kind, domid, devid);
    state = read_number(d->h, s.be, "state");
    online = read_number(d->h, s.be, "online");
    known = find(d, kind, domid, devid);
    if (known) {
        known->seen = true;
        if (state == AXL__XENBUS_CLOSED && online == 0 && b->nr < MAX_BATCH)
            b->t[b->nr++] = (todo){ .s = *known, .add = false };
        return;
    }
    /* libxl's rule: a device appears with online 1; Closed ones are
     * leftovers of an earlier life */
    if (online != 1 || state < AXL__XENBUS_INITWAIT ||
        state >= AXL__XENBUS_CLOSING)
        return;
    script = axl__xs_read_at(d->h, s.be, "script");
    hs = axl__xs_read_at(d->h, s.be, "hotplug-status");
    bad = script_problem(script);
    if (!bad)
        snprintf(s.script, sizeof(s.script), "%s", script);
    free(script);
    if (!strcmp(kind, "vif")) {
        char *gw = axl__xs_read_at(d->h, s.be, "gatewaydev");

        snprintf(s.gatewaydev, sizeof(s.gatewaydev), "%s", gw ? gw : "");
        free(gw);
    }
    if (hs && (!strcmp(hs, "connected") || !strcmp(hs, "error"))) {
        /* its script ran before this daemon started: adopt it */
        LOG(d->ctx, INFO, "devd: %s (hotplug-status %s) adopted", s.be, hs);
        if (keep(d, &s))
            LOG(d->ctx, ERROR, "devd: out of memory for %s", s.be);
    } else if (bad) {
        LOG(d->ctx, ERROR, "devd: %s: %s", s.be, bad);
        report_failure(d, &s, bad);
        /* kept, so that its removal still cleans up */
        s.script[0] = '\0';
        if (keep(d, &s))
            LOG(d->ctx, ERROR, "devd: out of memory for %s", s.be);
    } else if (b->nr < MAX_BATCH) {
        b->t[b->nr++] = (todo){ .s = s, .add = true };
    }
    free(hs);
}

/* Every backend below root/KIND/DOMID/DEVID. */
static int scan(axl_devd *d, batch *b)
{
    size_t k, i, j;

    for (i = 0; i < d->nr; i++)
        d->dev[i].seen = false;
    for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        char dir[96], **doms;
        unsigned int nd = 0;

        snprintf(dir, sizeof(dir), "%s/%s", d->root, kinds[k]);
        doms = d->h->ops->xs_directory(d->h->hv, 0, dir, &nd);
        if (!doms && errno != ENOENT) {
            LOGE(d->ctx, ERROR, "devd: cannot list %s", dir);
            return AXL_ERROR_XEN;
        }
        for (i = 0; doms && i < nd; i++) {
            int domid = axl__dev_devid_parse(doms[i]);
            char sub[128], **devs;
            unsigned int nv = 0;

            if (domid < 0)
                continue;
            snprintf(sub, sizeof(sub), "%s/%d", dir, domid);
            devs = d->h->ops->xs_directory(d->h->hv, 0, sub, &nv);
            for (j = 0; devs && j < nv; j++) {
                int devid = axl__dev_devid_parse(devs[j]);

                if (devid >= 0)
                    scan_one(d, b, kinds[k], (uint32_t)domid, devid);
            }
            free(devs);
        }
        free(doms);
    }
    /* a directory gone before it was closed: the toolstack removed it
     * itself (the daemon was away too long); its remove cannot run any
     * more, the script finding none of its nodes */
    for (i = d->nr; i-- > 0;) {
        if (d->dev[i].seen)
            continue;
        LOG(d->ctx, WARN, "devd: %s was removed before it was closed; its "
            "hotplug script's remove did not run", d->dev[i].be);
        forget(d, &d->dev[i]);
    }
    return AXL_OK;
}

/* After an add: kept as served, or reported as failed. */
static void added(axl_devd *d, todo *t, axl__script *sc, int limit_ms)
{
    axl__script_log(d->ctx, t->s.be, sc);
    if (sc->status) {
        char why[320];

        if (sc->timed_out)
            snprintf(why, sizeof(why), "%s %s did not finish within %d s",
                     t->s.script, t->call.argv[1], limit_ms / 1000);
        else
            snprintf(why, sizeof(why), "%s %s failed%s: %s", t->s.script,
                     t->call.argv[1], sc->status > 0 ? "" : " to run",
                     *axl__script_last_line(sc) ?
                     axl__script_last_line(sc) : "(no message)");
        LOG(d->ctx, ERROR, "devd: %s: %s", t->s.be, why);
        report_failure(d, &t->s, why);
    } else {
        LOG(d->ctx, INFO, "devd: %s: %s %s done", t->s.be, t->s.script,
            t->call.argv[1]);
    }
    /* a failed one too: the toolstack's removal runs its remove */
    if (keep(d, &t->s))
        LOG(d->ctx, ERROR, "devd: out of memory for %s", t->s.be);
}

/* Removes @path if it is an empty node (no value, no children), in a
 * transaction, so that a device the toolstack adds meanwhile keeps it.
 * False when it stays: not empty, or not ours to remove (the toolstack
 * owns the directories above a device's). */
static bool rm_if_empty(axl_host *h, const char *path)
{
    int tries;

    for (tries = 0; tries < AXL__XS_TXN_TRIES; tries++) {
        axl__xs_txn t = h->ops->xs_start(h->hv);
        unsigned int n = 1, len = 1;
        char **dir, *v;
        bool ok;

        if (!t)
            return false;
        v = h->ops->xs_read(h->hv, t, path, &len);
        dir = v && !len ? h->ops->xs_directory(h->hv, t, path, &n) : NULL;
        ok = dir && !n && h->ops->xs_rm(h->hv, t, path);
        free(v);
        free(dir);
        if (!ok) {
            h->ops->xs_end(h->hv, t, true);
            return false;
        }
        if (h->ops->xs_end(h->hv, t, false))
            return true;
        if (errno != EAGAIN)
            return false;
    }
    return false;
}

/* The device's directory, then the parents it leaves empty up to
 * /local/domain/SELF (libxl__xs_path_cleanup: it stops at the first one
 * it may not remove). */
static bool remove_dir(axl_devd *d, const char *be)
{
    char path[128], top[32];
    char *slash;

    if (!d->h->ops->xs_rm(d->h->hv, 0, be) && errno != ENOENT) {
        LOGE(d->ctx, WARN, "devd: cannot remove %s", be);
        return false;
    }
    snprintf(path, sizeof(path), "%s", be);
    snprintf(top, sizeof(top), "/local/domain/%u", d->self);
    while ((slash = strrchr(path, '/')) != NULL) {
        *slash = '\0';
        if (strlen(path) <= strlen(top) || !rm_if_empty(d->h, path))
            break;
    }
    return true;
}

/* After a remove: the directory goes, and the guest's libxl/DOMID
 * leftovers with its last device (libxl's check_and_maybe_remove_guest). */
static void removed(axl_devd *d, todo *t, axl__script *sc)
{
    served *s = find(d, t->s.kind, t->s.domid, t->s.devid);
    size_t i;

    if (sc) {
        axl__script_log(d->ctx, t->s.be, sc);
        if (sc->status)
            LOG(d->ctx, WARN, "devd: %s: %s %s failed: %s", t->s.be,
                t->s.script, t->call.argv[1], *axl__script_last_line(sc) ?
                axl__script_last_line(sc) : "(no message)");
    }
    if (remove_dir(d, t->s.be))
        LOG(d->ctx, INFO, "devd: %s removed", t->s.be);
    if (s)
        forget(d, s);
    for (i = 0; i < d->nr; i++)
        if (d->dev[i].domid == t->s.domid)
            return;
    {
        char lib[64];

        snprintf(lib, sizeof(lib), "/local/domain/%u/libxl/%u", d->self,
                 t->s.domid);
        if (!d->h->ops->xs_rm(d->h->hv, 0, lib) && errno != ENOENT)
            LOGE(d->ctx, WARN, "devd: cannot remove %s", lib);
    }
}

/* Runs the batch's scripts together, then settles each device. */
static int run_batch(axl_devd *d, batch *b)
{
    size_t i, ns = 0;
    void *job;

    for (i = 0; i < b->nr; i++) {
        todo *t = &b->t[i];

        if (!t->s.script[0])
            continue;
        axl__hotplug_call_make(&t->call, t->s.kind, t->s.domid, t->s.devid,
                               t->s.script, t->add,
                               t->s.gatewaydev[0] ? t->s.gatewaydev : NULL);
        b->sc[ns].argv = t->call.argv;
        b->sc[ns].env = t->call.env;
        b->of[ns++] = t;
    }
    if (ns) {
        b->limit_ms = axl__scripts_limit_ms(d->h->hotplug_timeout_ms, ns);
        job = d->h->ops->scripts_start(d->h->hv, b->sc, ns, b->limit_ms);
        if (!job) {
            LOGE(d->ctx, ERROR, "devd: cannot run hotplug scripts");
            for (i = 0; i < ns; i++)
                if (b->of[i]->add)
                    report_failure(d, &b->of[i]->s, "axl devd cannot run "
                                   "hotplug scripts");
            return AXL_ERROR_IO;
        }
        d->h->ops->scripts_wait(d->h->hv, job);
    }
    for (i = 0; i < ns; i++) {
        if (b->of[i]->add)
            added(d, b->of[i], &b->sc[i], b->limit_ms);
        else
            removed(d, b->of[i], &b->sc[i]);
    }
    /* removals of devices whose add could not even start */
    for (i = 0; i < b->nr; i++)
        if (!b->t[i].s.script[0] && !b->t[i].add)
            removed(d, &b->t[i], NULL);
    return AXL_OK;
}

int axl_devd_open(axl_ctx *ctx, axl_host *host, axl_devd **devd_r)
{
    axl_devd *d;
    char *v;
    int self;

    *devd_r = NULL;
    v = host->ops->xs_read(host->hv, 0, "domid", NULL);
    self = v ? axl__dev_devid_parse(v) : -1;
    free(v);
    if (self < 0) {
        LOGE(ctx, ERROR, "devd: cannot read this domain's id from xenstore "
             "(domid)");
        return AXL_ERROR_XEN;
    }
    /* dom0's backends get their scripts from axl create itself: a daemon
     * there would run each one twice */
    if (self == 0) {
        LOG(ctx, ERROR, "devd: this is dom0, whose backends axl create "
            "serves itself; run axl devd in a driver domain");
        return AXL_ERROR_INVAL;
    }
    d = calloc(1, sizeof(*d));
    if (!d)
        return AXL_ERROR_NOMEM;
    d->ctx = ctx;
    d->h = host;
    d->self = (uint32_t)self;
    snprintf(d->root, sizeof(d->root), "/local/domain/%u/backend", d->self);
    /* absolute, so that the events name absolute paths */
    d->watching = host->ops->xs_watch(host->hv, d->root, WATCH_TOKEN);
    if (!d->watching)
        LOGE(ctx, WARN, "devd: cannot watch %s; looking every second "
             "instead", d->root);
    LOG(ctx, INFO, "devd: serving the backends of domain %u (%s)", d->self,
        d->root);
    *devd_r = d;
    return AXL_OK;
}

uint32_t axl_devd_domid(const axl_devd *devd)
{
    return devd->self;
}

int axl_devd_step(axl_devd *d, int timeout_ms)
{
    struct pollfd pfd = { .fd = d->h->ops->xs_fileno(d->h->hv),
                          .events = POLLIN };
    batch *b;
    int rc = AXL_OK, pr, round;

    if (!d->watching && (timeout_ms < 0 || timeout_ms > 1000))
        timeout_ms = 1000;
    pr = poll(&pfd, 1, timeout_ms);
    if (pr < 0 && errno == EINTR)
        return AXL_OK;          /* a signal: the caller decides */
    /* the events only say "look again"; every one pending is consumed
     * (xs_read_watch blocks when there is none) */
    while (pr > 0 && (pfd.revents & POLLIN)) {
        unsigned int n;
        char **ev = d->h->ops->xs_read_watch(d->h->hv, &n);

        if (!ev)
            break;
        free(ev);
        pfd.revents = 0;
        pr = poll(&pfd, 1, 0);
    }
    b = malloc(sizeof(*b));
    if (!b)
        return AXL_ERROR_NOMEM;
    /* a full batch leaves devices for another round */
    for (round = 0; round < 64 && !rc; round++) {
        memset(b, 0, sizeof(*b));
        rc = scan(d, b);
        if (!rc && b->nr)
            rc = run_batch(d, b);
        if (b->nr < MAX_BATCH)
            break;
    }
    free(b);
    return rc;
}

void axl_devd_close(axl_devd *d)
{
    if (!d)
        return;
    if (d->watching)
        d->h->ops->xs_unwatch(d->h->hv, d->root, WATCH_TOKEN);
    free(d->dev);
    free(d);
}
