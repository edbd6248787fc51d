/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: many-node xenstore transactions (axl_xs_txn.c). */
#ifndef AXL_XS_TXN_H
#define AXL_XS_TXN_H

#include "axl_domain.h"

typedef struct axl__txn {
    axl_host *h;
    axl__xs_txn t;
    bool ok;
    int rc;                 /* AXL_OK, or why the fill gave up */
} axl__txn;

/* @fmt names the node; a no-op once the transaction failed. */
bool axl__txn_write(axl__txn *x, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A node with @perms (array of @n). */
void axl__txn_mknod(axl__txn *x, const axl__xs_perm *perms, unsigned int n,
                    const char *path);
/* A node with @perms holding @value. */
void axl__txn_write_perms(axl__txn *x, const char *value,
                          const axl__xs_perm *perms, unsigned int n,
                          const char *path);
/* Removes @path and below; a node that is not there is fine. */
void axl__txn_rm(axl__txn *x, const char *path);

/* What a transaction writes; it may run more than once. */
typedef void axl__txn_fill_fn(axl__txn *x, const void *arg);

/*
 * Runs @fill in a transaction for domain @domid's nodes, again from the
 * start while the commit meets EAGAIN, at most AXL__XS_TXN_TRIES times.
 * A failed write aborts the whole transaction; a fill that sets x->rc
 * gives up with that code.
 */
int axl__txn_run(axl_ctx *ctx, axl_host *h, uint32_t domid,
                 axl__txn_fill_fn *fill, const void *arg);

/*
 * Removes @path and the directories above it that this leaves empty, up
 * to the domain's own /local/domain/N (libxl__xs_path_cleanup), in one
 * transaction: a node another toolstack adds meanwhile keeps its
 * parents.  AXL_OK or AXL_ERROR_XEN.
 */
int axl__xs_rm_cleanup(axl_ctx *ctx, axl_host *h, uint32_t domid,
                       const char *path);

/* The node @dir/@key outside a transaction (malloc'd), or NULL with errno
 * (ENAMETOOLONG for a path past the callers' 192 bytes). */
char *axl__xs_read_at(axl_host *h, const char *dir, const char *key);

#endif /* AXL_XS_TXN_H */
