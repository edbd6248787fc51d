/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Xenstore transactions that write many nodes: the first failed request
 * turns every later one into a no-op, and the whole fill runs again when
 * the commit meets another writer (EAGAIN).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "axl_xs_txn.h"

bool axl__txn_write(axl__txn *x, const char *value, const char *fmt, ...)
{
    char path[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (x->ok && !x->h->ops->xs_write(x->h->hv, x->t, path, value,
                                      (unsigned int)strlen(value)))
        x->ok = false;
    return x->ok;
}

/* A node with @perms (array of @n). */
void axl__txn_mknod(axl__txn *x, const axl__xs_perm *perms, unsigned int n,
                    const char *path)
{
    if (x->ok && (!x->h->ops->xs_mkdir(x->h->hv, x->t, path) ||
                  !x->h->ops->xs_set_perms(x->h->hv, x->t, path, perms, n)))
        x->ok = false;
}

/* Removes @path and below; a node that is not there is fine. */
void axl__txn_rm(axl__txn *x, const char *path)
{
    if (x->ok && !x->h->ops->xs_rm(x->h->hv, x->t, path) && errno != ENOENT)
        x->ok = false;
}

/*
 * Runs @fill in a transaction for domain @domid's nodes, again from the
 * start while the commit meets EAGAIN (another writer came first), at most
 * AXL__XS_TXN_TRIES times.  Any failed write aborts the whole transaction.
 */
int axl__txn_run(axl_ctx *ctx, axl_host *h, uint32_t domid,
                 axl__txn_fill_fn *fill, const void *arg)
{
    axl__txn x;
    unsigned int attempt;

    for (attempt = 0; attempt < AXL__XS_TXN_TRIES; attempt++) {
        x.h = h;
        x.ok = true;
        x.rc = AXL_OK;
        x.t = h->ops->xs_start(h->hv);
        if (!x.t) {
            LOGE(ctx, ERROR, "xenstore: cannot start a transaction");
            return AXL_ERROR_XEN;
        }
        fill(&x, arg);
        if (!x.ok || x.rc) {
            int e = errno;

            if (!x.rc)
                LOGE(ctx, ERROR, "xenstore: cannot write the nodes of "
                     "domain %u", domid);
            h->ops->xs_end(h->hv, x.t, true);
            errno = e;
            return x.rc ? x.rc : AXL_ERROR_XEN;
        }
        if (h->ops->xs_end(h->hv, x.t, false))
            return AXL_OK;
        if (errno != EAGAIN) {
            LOGE(ctx, ERROR, "xenstore: cannot commit domain %u's nodes",
                 domid);
            return AXL_ERROR_XEN;
        }
    }
    LOG(ctx, ERROR, "xenstore: domain %u's nodes: the transaction met "
        "another writer %u times in a row; giving up", domid,
        AXL__XS_TXN_TRIES);
    return AXL_ERROR_XEN;
}

/* A node with @perms holding @value. */
void axl__txn_write_perms(axl__txn *x, const char *value,
                          const axl__xs_perm *perms, unsigned int n,
                          const char *path)
{
    if (x->ok && !x->h->ops->xs_write(x->h->hv, x->t, path, value,
                                      (unsigned int)strlen(value)))
        x->ok = false;
    if (x->ok && !x->h->ops->xs_set_perms(x->h->hv, x->t, path, perms, n))
        x->ok = false;
}


static void fill_cleanup(axl__txn *x, const void *arg)
{
    const char *path = arg;
    char dir[192], *slash;

    axl__txn_rm(x, path);
    snprintf(dir, sizeof(dir), "%s", path);
    /* stop at /local/domain/N */
    while (x->ok && (slash = strrchr(dir, '/')) && slash - dir > 14 &&
           strchr(dir + 14, '/') != slash) {
        char **left;
        unsigned int n = 0;

        *slash = '\0';
        left = x->h->ops->xs_directory(x->h->hv, x->t, dir, &n);
        if (!left) {
            if (errno != ENOENT)
                x->ok = false;
            continue;
        }
        free(left);
        if (n)
            break;
        axl__txn_rm(x, dir);
    }
}

int axl__xs_rm_cleanup(axl_ctx *ctx, axl_host *h, uint32_t domid,
                       const char *path)
{
    return axl__txn_run(ctx, h, domid, fill_cleanup, path);
}

char *axl__xs_read_at(axl_host *h, const char *dir, const char *key)
{
    char path[192];

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, key) >=
        sizeof(path)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    return h->ops->xs_read(h->hv, 0, path, NULL);
}
