/* The common setup of the tests against the fake hypervisor. */
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
