/*
 * A test's view of a host: a logger that counts, a context, the fake
 * hypervisor and xenstore (fake_hv.h) and the host opened on it.  The
 * setup every test of the domain logic starts from.
 */
#ifndef FAKE_ENV_H
#define FAKE_ENV_H

#include "testlib.h"
#include "fake_hv.h"

typedef struct fake_env {
    t_logger lg;
    axl_ctx *ctx;
    fake_hv *f;
    axl_host *h;
} fake_env;

/* A fake Xen MAJOR.MINOR and the host opened on it (asserts success). */
void fake_env_open(fake_env *e, unsigned int major, unsigned int minor);
/*
 * Fails the test (naming @what) unless the fake host is back to dom0 and
 * @others domains of the test's own: no other domain, no node under /vm,
 * /libxl or dom0's backend directories, none under /local/domain/N but
 * of those domains, no loop device or vif a fake hotplug script took,
 * no transaction left open.
 */
void fake_env_assert_clean(const fake_hv *f, size_t others, const char *what);
/* Closes the host (the fake must see it closed) and frees everything. */
void fake_env_close(fake_env *e);

#endif /* FAKE_ENV_H */
