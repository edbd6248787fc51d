/* The common setup of the tests against the fake hypervisor. */
#include <stdlib.h>
#include <string.h>

#include "fake_env.h"

void fake_env_open(fake_env *e, unsigned int major, unsigned int minor)
{
    memset(e, 0, sizeof(*e));
    t_logger_init(&e->lg);
    assert_int_equal(axl_ctx_alloc(&e->ctx, &e->lg.vtable), 0);
    e->f = fake_hv_new(major, minor);
    assert_non_null(e->f);
    assert_int_equal(fake_host_open(e->ctx, e->f, &e->h), 0);
}

void fake_env_close(fake_env *e)
{
    axl_host_close(e->h);
    assert_true(e->f->closed);
    fake_hv_free(e->f);
    axl_ctx_free(e->ctx);
}

void fake_env_assert_clean(const fake_hv *f, size_t others, const char *what)
{
    size_t i;

    if (f->nr_doms != 1 + others)
        fail_msg("%s: %zu domains left", what, f->nr_doms - 1 - others);
    for (i = 0; i < f->store.nr; i++) {
        const char *p = f->store.n[i].path;

        if (!strncmp(p, "/vm/", 4) || !strncmp(p, "/libxl/", 7) ||
            !strncmp(p, "/local/domain/0/backend/", 24) ||
            (!strncmp(p, "/local/domain/", 14) &&
             strncmp(p, "/local/domain/0", 15) &&
             !fake_domain((fake_hv *)f, (uint32_t)atoi(p + 14))))
            fail_msg("%s: node %s left", what, p);
    }
    if (f->loops || f->vifs)
        fail_msg("%s: %d loop devices and %d vifs left", what, f->loops,
                 f->vifs);
    if (f->scripts_pending)
        fail_msg("%s: %u hotplug script jobs never waited for", what,
                 f->scripts_pending);
    if (fake_open_txns(f))
        fail_msg("%s: %u transactions left open", what, fake_open_txns(f));
}
