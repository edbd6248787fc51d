/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Adding and removing a domain's vbds and vifs as libxl does
 * (libxl__device_add_async, libxl__wait_device_connection, device_hotplug,
 * libxl__initiate_device_generic_remove), except that the devices go
 * through each step together: every backend is waited for at once and
 * the hotplug scripts of different devices run at the same time, where
 * libxl runs one after another.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "axl_xs_txn.h"

#define WAIT_SLICE_MS 100       /* states are read again at least this often */
#define WATCH_TOKEN "axl-devices"

/* A backend's state: 0 when the node is gone or not a number. */
static int read_state(axl_host *h, const char *be)
{
    char path[160], *v, *end;
    long s;

    snprintf(path, sizeof(path), "%s/state", be);
    v = h->ops->xs_read(h->hv, 0, path, NULL);
    if (!v)
        return 0;
    s = strtol(v, &end, 10);
    if (end == v || *end || s < 0 || s > 8)
        s = 0;
    free(v);
    return (int)s;
}

typedef struct waiter {
    const char *be;             /* the backend directory */
    int state;                  /* the last one read */
    bool done;
} waiter;

/* What a wait waits for. */
typedef enum wait_for {
    WAIT_READY,                 /* InitWait or later (Closing, Closed or a
                                 * vanished node also end the wait, as
                                 * failures the caller sees in state) */
    WAIT_CLOSED,                /* Closed, or the directory gone */
    WAIT_GONE,                  /* the directory gone (its state node) */
} wait_for;

/*
 * Waits until each backend is where @what says, at most @timeout_ms for
 * all of them together.  A failed watch only costs speed: the states
 * are read every WAIT_SLICE_MS anyway.
 */
static void wait_backends(axl_host *h, waiter *w, size_t nr, wait_for what,
                          int timeout_ms)
{
    long long deadline = axl__now_ms() + timeout_ms;
    bool *watched = calloc(nr ? nr : 1, sizeof(*watched));
    char path[160];
    size_t i, left;

    for (i = 0; i < nr && watched; i++) {
        snprintf(path, sizeof(path), "%s/state", w[i].be);
        watched[i] = h->ops->xs_watch(h->hv, path, WATCH_TOKEN);
    }
    for (;;) {
        struct pollfd pfd = { .fd = h->ops->xs_fileno(h->hv),
                              .events = POLLIN };
        long long now;

        left = 0;
        for (i = 0; i < nr; i++) {
            if (w[i].done)
                continue;
            w[i].state = read_state(h, w[i].be);
            if (what == WAIT_GONE)
                w[i].done = w[i].state == 0;
            else if (what == WAIT_CLOSED)
                w[i].done = w[i].state == 0 ||
                            w[i].state == AXL__XENBUS_CLOSED;
            else
                w[i].done = w[i].state != AXL__XENBUS_INITIALISING;
            left += !w[i].done;
        }
        now = axl__now_ms();
        if (!left || now >= deadline)
            break;
        if (poll(&pfd, 1, deadline - now < WAIT_SLICE_MS ?
                 (int)(deadline - now) : WAIT_SLICE_MS) > 0) {
            unsigned int n;

            free(h->ops->xs_read_watch(h->hv, &n));
        }
    }
    for (i = 0; i < nr && watched; i++) {
        if (!watched[i])
            continue;
        snprintf(path, sizeof(path), "%s/state", w[i].be);
        h->ops->xs_unwatch(h->hv, path, WATCH_TOKEN);
    }
    free(watched);
}

/* ---- adding ------------------------------------------------------------ */

static int random_mac(axl_ctx *ctx, axl_host *h, uint8_t mac[6])
{
    uint8_t r[3];

    if (h->ops->entropy(h->hv, r, sizeof(r)) != (ssize_t)sizeof(r)) {
        LOGE(ctx, ERROR, "vif: no random bytes for a MAC address");
        return AXL_ERROR_XEN;
    }
    /* Xen's OUI, a locally unique rest (libxl__device_nic_setdefault) */
    mac[0] = 0x00;
    mac[1] = 0x16;
    mac[2] = 0x3e;
    mac[3] = r[0] & 0x7f;
    mac[4] = r[1];
    mac[5] = r[2];
    return AXL_OK;
}

/* Device ids of the vifs: given ones kept, the others counting on from
 * the largest given one, in config order (libxl__device_nic_set_devids). */
static int nic_devid(const axl_domain_config *eff, size_t i)
{
    int last = -1;
    size_t j;

    if (eff->nics[i].has_devid)
        return eff->nics[i].devid;
    for (j = 0; j < eff->nr_nics; j++)
        if (eff->nics[j].has_devid && eff->nics[j].devid > last)
            last = eff->nics[j].devid;
    for (j = 0; j <= i; j++)
        if (!eff->nics[j].has_devid)
            last++;
    return last;
}

/* Where @vl placed disk @i (a virtio one), or NULL. */
static const axl__virtio_dev *placed(const axl__virtio_layout *vl, size_t i)
{
    size_t j;

    for (j = 0; vl && j < vl->nr; j++)
        if (vl->dev[j].is_disk && vl->dev[j].index == i)
            return &vl->dev[j];
    return NULL;
}

static int make_devs(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                     const axl__virtio_layout *vl, bool grant_usage_key,
                     uint32_t domid, axl__dev *devs, size_t *nr_r)
{
    size_t i, nr = 0;
    int rc = AXL_OK;

    for (i = 0; i < eff->nr_disks && !rc; i++) {
        const axl_disk *d = &eff->disks[i];
        const axl__virtio_dev *slot = placed(vl, i);
        int devid = axl__vdev_devid(d->vdev);

        if (d->specification == AXL_DISK_SPEC_XEN) {
            rc = axl__dev_from_disk(&devs[nr], domid, d, devid);
        } else if (slot) {
            rc = axl__dev_from_virtio_disk(&devs[nr], domid, d, devid, slot,
                                           grant_usage_key);
        } else {
            LOG(ctx, ERROR, "disk[%zu] (%s): specification=virtio has no "
                "virtio-mmio slot here", i, d->vdev);
            rc = AXL_ERROR_INVAL;
        }
        nr += !rc;
    }
    for (i = 0; i < eff->nr_nics && !rc; i++) {
        const axl_nic *n = &eff->nics[i];
        uint8_t mac[6];

        if (n->has_mac)
            memcpy(mac, n->mac, 6);
        else
            rc = random_mac(ctx, h, mac);
        if (!rc)
            rc = axl__dev_from_nic(&devs[nr], domid, n, nic_devid(eff, i),
                                   mac);
        nr += !rc;
    }
    *nr_r = nr;
    return rc;
}

/* Why a backend did not reach InitWait, for the error line. */
static void backend_failed(axl_ctx *ctx, const axl__dev *d, int state,
                           int timeout_ms)
{
    const char *drv = strcmp(d->kind, "vbd") ? "xen-netback" : "xen-blkback";

    if (state == AXL__XENBUS_INITIALISING &&
        !strcmp(d->kind, "virtio_disk"))
        LOG(ctx, ERROR, "%s: no virtio-disk backend answered within %d s "
            "(axl starts none: a backend program in domain %u must watch "
            "%s)", d->what, timeout_ms / 1000, d->backend_domid, d->be);
    else if (state == AXL__XENBUS_INITIALISING && d->backend_domid)
        LOG(ctx, ERROR, "%s: the backend did not answer within %d s (is "
            "the %s module loaded in driver domain %u?)", d->what,
            timeout_ms / 1000, drv, d->backend_domid);
    else if (state == AXL__XENBUS_INITIALISING)
        LOG(ctx, ERROR, "%s: the backend did not answer within %d s (is "
            "the %s module loaded in dom0?)", d->what, timeout_ms / 1000,
            drv);
    else if (state == 0)
        LOG(ctx, ERROR, "%s: the backend's xenstore directory %s went away",
            d->what, d->be);
    else
        LOG(ctx, ERROR, "%s: the backend closed (state %d) instead of "
            "waiting for the hotplug script", d->what, state);
}

/* A devices_add under way: its devices, and their scripts while they
 * run. */
struct axl__devices_job {
    uint32_t domid;
    axl__dev *devs;
    size_t nr, written;         /* made; written to xenstore */
    unsigned int undo;          /* the removal's flags on failure */
    axl__hotplug_call *iv;             /* the scripts, one per device at most */
    axl__script *s;
    const axl__dev **of;        /* whose script each one is */
    size_t ns;
    void *running;              /* the hv's script job, or NULL */
    long long t0;
    int limit_ms;               /* the scripts' time limit */
};

/* Starts the scripts of every device that has one (a virtio disk's
 * backend is a program of its own), all at once. */
static int start_add_scripts(axl_ctx *ctx, axl_host *h, axl__devices_job *j)
{
    size_t i, nr = j->nr;

    j->iv = calloc(nr, sizeof(*j->iv));
    j->s = calloc(nr, sizeof(*j->s));
    j->of = calloc(nr, sizeof(*j->of));
    if (!j->iv || !j->s || !j->of)
        return AXL_ERROR_NOMEM;
    for (i = 0; i < nr; i++) {
        const axl__dev *d = &j->devs[i];

        /* a driver domain's daemon runs the scripts of its backends */
        if (!d->script[0] || d->backend_domid != 0)
            continue;
        j->of[j->ns] = d;
        axl__hotplug_call_make(&j->iv[j->ns], d->kind, d->domid, d->devid,
                        d->script, true, d->gatewaydev);
        j->s[j->ns].argv = j->iv[j->ns].argv;
        j->s[j->ns].env = j->iv[j->ns].env;
        j->ns++;
    }
    if (!j->ns)
        return AXL_OK;
    /* from here on a script may hold something (a loop device) that its
     * remove gives back */
    j->undo |= AXL__DEV_SCRIPTS;
    j->t0 = axl__now_ms();
    j->limit_ms = axl__scripts_limit_ms(h->hotplug_timeout_ms, j->ns);
    j->running = h->ops->scripts_start(h->hv, j->s, j->ns, j->limit_ms);
    if (!j->running) {
        LOGE(ctx, ERROR, "%s: cannot run hotplug scripts", j->of[0]->what);
        return AXL_ERROR_IO;
    }
    return AXL_OK;
}

/* A backend's hotplug-status: 1 connected, -1 error, 0 not yet. */
static int hotplug_status(axl_host *h, const char *be)
{
    char path[192], *v;
    int st = 0;

    snprintf(path, sizeof(path), "%s/hotplug-status", be);
    v = h->ops->xs_read(h->hv, 0, path, NULL);
    if (v && !strcmp(v, "connected"))
        st = 1;
    else if (v && !strcmp(v, "error"))
        st = -1;
    free(v);
    return st;
}

/*
 * The devices whose backend runs in a driver domain: its daemon (axl
 * devd, xl devd) runs their scripts there, which write hotplug-status.
 * libxl's create does not wait for that; axl does, so that a missing
 * daemon or a failing script fails the create.
 */
static int wait_remote_scripts(axl_ctx *ctx, axl_host *h,
                               axl__devices_job *j)
{
    long long deadline;
    size_t i, left, nr_remote = 0;
    char path[192];
    int rc = AXL_OK, limit_ms;

    for (i = 0; i < j->nr; i++)
        nr_remote += j->devs[i].backend_domid && j->devs[i].script[0];
    /* the daemon there runs them together, under the same limit */
    limit_ms = axl__scripts_limit_ms(h->hotplug_timeout_ms, nr_remote);
    deadline = axl__now_ms() + limit_ms;
    for (i = 0; i < j->nr; i++) {
        if (!j->devs[i].backend_domid || !j->devs[i].script[0])
            continue;
        snprintf(path, sizeof(path), "%s/hotplug-status", j->devs[i].be);
        h->ops->xs_watch(h->hv, path, WATCH_TOKEN);
    }
    for (;;) {
        struct pollfd pfd = { .fd = h->ops->xs_fileno(h->hv),
                              .events = POLLIN };
        long long now;

        left = 0;
        for (i = 0; i < j->nr; i++)
            left += j->devs[i].backend_domid && j->devs[i].script[0] &&
                    !hotplug_status(h, j->devs[i].be);
        now = axl__now_ms();
        if (!left || now >= deadline)
            break;
        if (poll(&pfd, 1, deadline - now < WAIT_SLICE_MS ?
                 (int)(deadline - now) : WAIT_SLICE_MS) > 0) {
            unsigned int n;

            free(h->ops->xs_read_watch(h->hv, &n));
        }
    }
    for (i = 0; i < j->nr; i++) {
        const axl__dev *d = &j->devs[i];
        int st;

        if (!d->backend_domid || !d->script[0])
            continue;
        snprintf(path, sizeof(path), "%s/hotplug-status", d->be);
        h->ops->xs_unwatch(h->hv, path, WATCH_TOKEN);
        st = hotplug_status(h, d->be);
        if (st > 0 || rc)
            continue;
        rc = AXL_ERROR_IO;
        if (!st) {
            LOG(ctx, ERROR, "%s: driver domain %u did not run its hotplug "
                "script within %d s (is axl devd running there?)", d->what,
                d->backend_domid, limit_ms / 1000);
        } else {
            char *err;

            snprintf(path, sizeof(path), "%s/hotplug-error", d->be);
            err = h->ops->xs_read(h->hv, 0, path, NULL);
            LOG(ctx, ERROR, "%s: %s failed in driver domain %u: %s",
                d->what, d->script, d->backend_domid,
                err && *err ? err : "(no message)");
            free(err);
        }
    }
    return rc;
}

/* Waits for the scripts; with @report, the first failure is logged (and
 * the driver domains' scripts are waited for). */
static int wait_add_scripts(axl_ctx *ctx, axl_host *h, axl__devices_job *j,
                            bool report)
{
    size_t i;
    int rc = AXL_OK;

    if (!j->running)
        return report ? wait_remote_scripts(ctx, h, j) : AXL_OK;
    h->ops->scripts_wait(h->hv, j->running);
    j->running = NULL;
    LOG(ctx, INFO, "devices: hotplug scripts done after %lld ms",
        axl__now_ms() - j->t0);
    for (i = 0; i < j->ns; i++) {
        const axl__dev *d = j->of[i];
        axl__script *s = &j->s[i];
        char path[192], *err;

        axl__script_log(ctx, d->what, s);
        if (!s->status || rc)
            continue;
        rc = AXL_ERROR_IO;
        if (!report)
            continue;
        if (s->timed_out) {
            LOG(ctx, ERROR, "%s: %s %s did not finish within %d s",
                d->what, d->script, j->iv[i].argv[1], j->limit_ms / 1000);
            continue;
        }
        /* what the script left for the toolstack (xen-hotplug-common.sh's
         * fatal), else the end of its output */
        snprintf(path, sizeof(path), "%s/hotplug-error", d->be);
        err = h->ops->xs_read(h->hv, 0, path, NULL);
        LOG(ctx, ERROR, "%s: %s %s failed%s: %s", d->what, d->script,
            j->iv[i].argv[1], s->status > 0 ? "" : " to run",
            err && *err ? err : *axl__script_last_line(s) ? axl__script_last_line(s) :
            "(no message)");
        free(err);
    }
    if (!rc && report)
        rc = wait_remote_scripts(ctx, h, j);
    return rc;
}

/* The job's end: on failure (@rc) the devices it wrote are removed, a
 * device that was there already stays. */
static int job_finish(axl_ctx *ctx, axl_host *h, axl__devices_job *j, int rc)
{
    size_t i;

    for (i = 0; i < j->written && rc; i++)
        axl__device_remove(ctx, h, j->domid, j->devs[i].kind,
                           j->devs[i].devid, j->undo);
    for (i = 0; i < j->nr; i++)
        axl__dev_dispose(&j->devs[i]);
    free(j->devs);
    free(j->iv);
    free(j->s);
    free(j->of);
    free(j);
    return rc;
}

int axl__devices_begin(axl_ctx *ctx, axl_host *h,
                       const axl_domain_config *eff,
                       const axl__virtio_layout *vl, bool grant_usage_key,
                       uint32_t domid, axl__devices_job **job_r)
{
    size_t max = eff->nr_disks + eff->nr_nics, i;
    axl__devices_job *j;
    waiter *w = NULL;
    long long t0;
    int rc;

    *job_r = NULL;
    if (!max)
        return AXL_OK;
    j = calloc(1, sizeof(*j));
    if (!j)
        return AXL_ERROR_NOMEM;
    j->domid = domid;
    j->undo = AXL__DEV_FORCE;
    j->devs = calloc(max, sizeof(*j->devs));
    if (!j->devs)
        return job_finish(ctx, h, j, AXL_ERROR_NOMEM);
    rc = make_devs(ctx, h, eff, vl, grant_usage_key, domid, j->devs, &j->nr);
    for (i = 0; i < j->nr && !rc; i++) {
        rc = axl__txn_run(ctx, h, domid, axl__txn_device, &j->devs[i]);
        if (rc == AXL_ERROR_INVAL)
            LOG(ctx, ERROR, "%s: domain %u has this device already",
                j->devs[i].what, domid);
        j->written += !rc;
    }
    if (!rc && j->nr && !(w = calloc(j->nr, sizeof(*w))))
        rc = AXL_ERROR_NOMEM;
    if (rc || !j->nr)
        goto out;
    for (i = 0; i < j->nr; i++)
        w[i].be = j->devs[i].be;
    t0 = axl__now_ms();
    wait_backends(h, w, j->nr, WAIT_READY, h->init_timeout_ms);
    LOG(ctx, INFO, "devices: %zu backends waiting after %lld ms", j->nr,
        axl__now_ms() - t0);
    for (i = 0; i < j->nr; i++) {
        if (w[i].state == AXL__XENBUS_INITWAIT ||
            (w[i].state > AXL__XENBUS_INITWAIT &&
             w[i].state < AXL__XENBUS_CLOSING))
            continue;
        backend_failed(ctx, &j->devs[i], w[i].state, h->init_timeout_ms);
        rc = AXL_ERROR_TIMEOUT;
        break;
    }
    if (!rc)
        rc = start_add_scripts(ctx, h, j);
out:
    free(w);
    if (rc) {
        wait_add_scripts(ctx, h, j, false);
        return job_finish(ctx, h, j, rc);
    }
    *job_r = j;
    return AXL_OK;
}

int axl__devices_end(axl_ctx *ctx, axl_host *h, axl__devices_job *job,
                     bool keep)
{
    int rc;

    if (!job)
        return AXL_OK;
    rc = wait_add_scripts(ctx, h, job, keep);
    return job_finish(ctx, h, job, rc ? rc : keep ? AXL_OK : AXL_ERROR_INVAL);
}

int axl__devices_add(axl_ctx *ctx, axl_host *h, const axl_domain_config *eff,
                     const axl__virtio_layout *vl, bool grant_usage_key,
                     uint32_t domid)
{
    axl__devices_job *job;
    int rc = axl__devices_begin(ctx, h, eff, vl, grant_usage_key, domid,
                                &job);

    return rc ? rc : axl__devices_end(ctx, h, job, true);
}

/* ---- removing ---------------------------------------------------------- */

/* A device as /libxl/DOMID/device/KIND/DEVID records it. */
typedef struct known {
    const char *kind;
    uint32_t domid, be_domid;       /* be_domid: where its backend runs */
    int devid;
    char *fe, *be, *script, *gatewaydev;
    char what[48];
} known;

/* A missing node is NULL; a failed read also sets *bad. */
static char *read_key(axl_host *h, const char *dir, const char *key,
                      bool *bad)
{
    char *v = axl__xs_read_at(h, dir, key);

    if (!v && errno != ENOENT)
        *bad = true;
    return v;
}

static void known_free(known *k)
{
    free(k->fe);
    free(k->be);
    free(k->script);
    free(k->gatewaydev);
}

/* Every recorded device of @domid into *list_r: the count, or -1 when
 * xenstore could not tell. */
static int list_known(axl_host *h, uint32_t domid, const char *only_kind,
                      int only_devid, known **list_r)
{
    known *list = NULL;
    size_t nr = 0, cap = 0, ki, i;
    bool bad = false;

    for (ki = 0; ki < axl__nr_dev_kinds; ki++) {
        const char *kind = axl__dev_kinds[ki].name;
        char dir[64], sub[96], **ids;
        unsigned int n, j;

        if (!axl__dev_kinds[ki].handshake ||
            (only_kind && strcmp(only_kind, kind)))
            continue;
        snprintf(dir, sizeof(dir), "/libxl/%u/device/%s", domid, kind);
        ids = h->ops->xs_directory(h->hv, 0, dir, &n);
        if (!ids && errno != ENOENT)
            bad = true;
        for (j = 0; ids && j < n; j++) {
            int id = axl__dev_devid_parse(ids[j]);
            known *k;

            if (id < 0 || (only_devid >= 0 && id != only_devid) ||
                axl__grow((void **)&list, nr, &cap, sizeof(*list)))
                continue;
            k = &list[nr];
            memset(k, 0, sizeof(*k));
            k->kind = kind;
            k->domid = domid;
            k->devid = id;
            snprintf(sub, sizeof(sub), "%s/%s", dir, ids[j]);
            k->fe = read_key(h, sub, "frontend", &bad);
            k->be = read_key(h, sub, "backend", &bad);
            k->script = read_key(h, sub, "script", &bad);
            k->gatewaydev = read_key(h, sub, "gatewaydev", &bad);
            /* only the paths of this very device are followed */
            if (!axl__dev_be_path_ok(k->be, kind, domid, id,
                                     &k->be_domid)) {
                free(k->be);
                k->be = NULL;
            }
            if (!axl__dev_fe_path_ok(k->fe, kind, domid, id)) {
                free(k->fe);
                k->fe = NULL;
            }
            if (strcmp(k->kind, "vif")) {
                char *dev = k->be ? read_key(h, k->be, "dev", &bad) : NULL;

                snprintf(k->what, sizeof(k->what), "disk %s",
                         dev ? dev : ids[j]);
                free(dev);
            } else {
                snprintf(k->what, sizeof(k->what), "vif %d", id);
            }
            nr++;
        }
        free(ids);
    }
    if (bad) {
        for (i = 0; i < nr; i++)
            known_free(&list[i]);
        free(list);
        return -1;
    }
    *list_r = list;
    return (int)nr;
}

/*
 * Backend online=0 and Closing, unless it is Closed already; with @fe the
 * frontend goes in the same transaction (a forced removal), as libxl
 * does: a backend that saw its frontend vanish first may close and
 * unregister before Closing is written, and then never answers it.
 */
typedef struct close_args {
    const char *be, *fe;
} close_args;

static void fill_close(axl__txn *x, const void *arg)
{
    const close_args *a = arg;
    char path[192], *state;

    if (a->fe)
        axl__txn_rm(x, a->fe);
    if (!a->be)
        return;
    snprintf(path, sizeof(path), "%s/state", a->be);
    state = x->h->ops->xs_read(x->h->hv, x->t, path, NULL);
    if (!state) {
        if (errno != ENOENT)
            x->ok = false;
        return;             /* the backend is gone already */
    }
    axl__txn_write(x, "0", "%s/online", a->be);
    if (atoi(state) != AXL__XENBUS_CLOSED)
        axl__txn_write(x, "5", "%s", path);
    free(state);
}

/* AXL__DEV_AUTO: what the guest did not let go of in time is removed
 * by force, its frontend first, and waited for once more (libxl's
 * LIBXL__FORCE_AUTO). */
static int force_the_rest(axl_ctx *ctx, axl_host *h, uint32_t domid,
                          const known *k, waiter *w, size_t nr)
{
    size_t i, left = 0;
    int rc = AXL_OK;

    for (i = 0; i < nr; i++) {
        close_args a = { k[i].be, k[i].fe };

        if (w[i].done)
            continue;
        LOG(ctx, DEBUG, "%s: the guest did not let go of it within %d s; "
            "removing it by force", k[i].what, h->destroy_timeout_ms / 1000);
        if (axl__txn_run(ctx, h, domid, fill_close, &a) && !rc)
            rc = AXL_ERROR_XEN;     /* logged */
        left++;
    }
    if (left)
        wait_backends(h, w, nr, WAIT_CLOSED, h->destroy_timeout_ms);
    return rc;
}

/* Backends in driver domains: their daemon runs the scripts' remove and
 * then removes the backend directory (libxl__device_destroy there); what
 * is still there after the wait is removed from here. */
static void wait_driver_domains(axl_ctx *ctx, axl_host *h, const known *k,
                                waiter *w, size_t nr)
{
    size_t i, remote = 0;

    for (i = 0; i < nr; i++) {
        /* one that did not close never reaches its daemon's removal */
        w[i].done = !k[i].be || !k[i].be_domid || !w[i].done;
        remote += !w[i].done;
    }
    if (!remote)
        return;
    wait_backends(h, w, nr, WAIT_GONE, h->destroy_timeout_ms);
    for (i = 0; i < nr; i++)
        if (!w[i].done)
            LOG(ctx, DEBUG, "%s: driver domain %u did not remove its "
                "backend within %d s; removing it from here", k[i].what,
                k[i].be_domid, h->destroy_timeout_ms / 1000);
}

static int remove_devices(axl_ctx *ctx, axl_host *h, uint32_t domid,
                          const char *kind, int devid, unsigned int flags,
                          bool *listed_r)
{
    known *k = NULL;
    waiter *w = NULL;
    axl__hotplug_call *iv = NULL;
    axl__script *s = NULL;
    void *job;
    bool force = flags & AXL__DEV_FORCE;
    int nr = list_known(h, domid, kind, devid, &k), rc = AXL_OK, i, ns = 0;

    if (listed_r)
        *listed_r = nr >= 0;
    if (nr < 0) {
        LOGE(ctx, ERROR, "xenstore: cannot list domain %u's devices", domid);
        return AXL_ERROR_XEN;
    }
    if (!nr) {
        free(k);
        return AXL_OK;
    }
    w = calloc((size_t)nr, sizeof(*w));
    iv = calloc((size_t)nr, sizeof(*iv));
    s = calloc((size_t)nr, sizeof(*s));
    if (!w || !iv || !s) {
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    for (i = 0; i < nr; i++) {
        /* a guest that is going away does not answer: its frontend goes */
        close_args a = { k[i].be, force ? k[i].fe : NULL };

        w[i].be = k[i].be ? k[i].be : "";
        w[i].done = !k[i].be;
        if ((a.be || a.fe) && axl__txn_run(ctx, h, domid, fill_close, &a) &&
            !rc)
            rc = AXL_ERROR_XEN;     /* logged */
    }
    wait_backends(h, w, (size_t)nr, WAIT_CLOSED, h->destroy_timeout_ms);
    if ((flags & AXL__DEV_AUTO) && !force &&
        force_the_rest(ctx, h, domid, k, w, (size_t)nr) && !rc)
        rc = AXL_ERROR_XEN;
    for (i = 0; i < nr && (flags & AXL__DEV_SAFE); i++) {
        if (w[i].done)
            continue;
        /* the guest still uses it: it stays, closing (libxl's
         * safe_remove); a forced removal takes it away */
        LOG(ctx, ERROR, "%s: the guest did not let go of it within %d s; "
            "force the removal to take it away anyway", k[i].what,
            h->destroy_timeout_ms / 1000);
        rc = AXL_ERROR_TIMEOUT;
        goto out;
    }
    for (i = 0; i < nr; i++) {
        if (!w[i].done)
            LOG(ctx, DEBUG, "%s: the backend did not close within %d s; "
                "removing it anyway", k[i].what,
                h->destroy_timeout_ms / 1000);
        /* a driver domain runs its backends' scripts itself */
        if (!(flags & AXL__DEV_SCRIPTS) || !k[i].be || !k[i].script ||
            k[i].script[0] != '/' || k[i].be_domid != 0)
            continue;
        axl__hotplug_call_make(&iv[ns], k[i].kind, domid, k[i].devid, k[i].script,
                        false, k[i].gatewaydev);
        s[ns].argv = iv[ns].argv;
        s[ns].env = iv[ns].env;
        ns++;
    }
    /* a failing remove script is reported and the removal goes on, as
     * libxl does: the nodes must go either way */
    job = ns ? h->ops->scripts_start(h->hv, s, (size_t)ns,
                                     axl__scripts_limit_ms(
                                         h->hotplug_timeout_ms, (size_t)ns))
             : NULL;
    if (ns && !job && !rc) {
        LOGE(ctx, ERROR, "domain %u: cannot run the hotplug scripts' "
             "remove", domid);
        rc = AXL_ERROR_IO;
    }
    /* dom0's scripts run meanwhile */
    wait_driver_domains(ctx, h, k, w, (size_t)nr);
    if (job)
        h->ops->scripts_wait(h->hv, job);
    for (i = 0; i < ns; i++) {
        axl__script_log(ctx, "device removal", &s[i]);
        if (s[i].status)
            LOG(ctx, WARN, "domain %u: %s %s failed: %s", domid,
                s[i].argv[0], s[i].argv[1], *axl__script_last_line(&s[i]) ?
                axl__script_last_line(&s[i]) : "(no message)");
    }
    for (i = 0; i < nr; i++) {
        char lib[96];
        bool ok = true;

        snprintf(lib, sizeof(lib), "/libxl/%u/device/%s/%d", domid,
                 k[i].kind, k[i].devid);
        if (k[i].be)
            ok = !axl__xs_rm_cleanup(ctx, h, domid, k[i].be);
        if (k[i].fe && !h->ops->xs_rm(h->hv, 0, k[i].fe) && errno != ENOENT)
            ok = false;
        /* libxl's entry names the backend: it goes last, so that a later
         * cleanup (axl__xs_remove) still finds what is left */
        if (ok && !h->ops->xs_rm(h->hv, 0, lib) && errno != ENOENT)
            ok = false;
        if (!ok && !rc) {
            LOGE(ctx, ERROR, "%s: cannot remove its xenstore nodes",
                 k[i].what);
            rc = AXL_ERROR_XEN;
        }
    }
out:
    for (i = 0; i < nr; i++)
        known_free(&k[i]);
    free(k);
    free(w);
    free(iv);
    free(s);
    return rc;
}

int axl__devices_remove(axl_ctx *ctx, axl_host *h, uint32_t domid,
                        unsigned int flags, bool *listed_r)
{
    return remove_devices(ctx, h, domid, NULL, -1, flags, listed_r);
}

int axl__device_remove(axl_ctx *ctx, axl_host *h, uint32_t domid,
                       const char *kind, int devid, unsigned int flags)
{
    bool listed;
    known *k = NULL;
    int nr = list_known(h, domid, kind, devid, &k), i;

    for (i = 0; i < nr; i++)
        known_free(&k[i]);
    free(k);
    if (nr < 0) {
        LOGE(ctx, ERROR, "xenstore: cannot read domain %u's devices", domid);
        return AXL_ERROR_XEN;
    }
    if (!nr)
        return AXL_ERROR_NOTFOUND;
    return remove_devices(ctx, h, domid, kind, devid, flags, &listed);
}
