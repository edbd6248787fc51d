/*
 * Domain creation and the domain commands' library calls against the fake
 * hypervisor and xenstore (tests/common/fake_hv.c): what is created, that
 * a failure at any step leaves nothing behind, xenstore transactions, the
 * name check inside the transaction, the version check, and the bugs of
 * issue 10 section 3.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake_env.h"

typedef struct env {
    fake_env x;
    axl_domain_config cfg;
} env;

static void env_open(env *e, const char *cfg_text)
{
    memset(e, 0, sizeof(*e));
    fake_env_open(&e->x, AXL_XEN_ABI_MAJOR, AXL_XEN_ABI_MINOR);
    t_config_from_text(cfg_text ? cfg_text :
                       "name = \"g\"\nmemory = 128\nvcpus = 2\n", &e->cfg);
}

static void env_close(env *e)
{
    fake_env_close(&e->x);
    axl_domain_config_dispose(&e->cfg);
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}


static void create_registers_and_destroy_removes(void **state)
{
    char path[128];
    axl_guest *g = NULL;
    axl_dominfo *list;
    const fake_node *n;
    const fake_dom *d;
    const void *dtb;
    void *kept;
    size_t nr, dtb_size, kept_size;
    uint32_t domid, found;
    const char *vm;
    env e;

    (void)state;
    env_open(&e, "name = \"g\"\nmemory = 128\nvcpus = 2\n"
             "vuart = \"sbsa_uart\"\n");
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, &g), 0);
    assert_int_equal(e.x.lg.errors, 0);
    d = fake_domain(e.x.f, domid);
    assert_non_null(d);
    assert_true(d->paused && d->built && d->introduced && d->upcall);
    assert_int_equal(d->max_vcpus, 2);
    assert_int_equal(d->maxmem_kb, 128 * 1024 + 1024);
    assert_int_equal(d->create.nr_spis, 1);     /* the vpl011's SPI 32 */
    assert_int_equal(d->evtchns, 3);            /* store, console, vuart */

    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    assert_string_equal(fake_read(e.x.f, path), "g");
    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    vm = fake_read(e.x.f, path);
    assert_non_null(vm);
    snprintf(path, sizeof(path), "%s/name", vm);
    assert_string_equal(fake_read(e.x.f, path), "g");
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);         /* the guest may write it, nobody else read */
    assert_int_equal(n->nr_perms, 1);
    assert_int_equal(n->perms[0].id, domid);
    snprintf(path, sizeof(path), "/local/domain/%u/vuart/0/port", domid);
    assert_non_null(fake_read(e.x.f, path));
    snprintf(path, sizeof(path), "/local/domain/%u/cpu/1/availability",
             domid);
    assert_string_equal(fake_read(e.x.f, path), "online");

    assert_int_equal(axl_domain_list(e.x.ctx, e.x.h, &list, &nr), 0);
    assert_int_equal(nr, 2);
    assert_string_equal(list[1].name, "g");
    assert_int_equal(list[1].state, AXL_STATE_PAUSED);
    free(list);
    assert_int_equal(axl_domain_lookup(e.x.ctx, e.x.h, "g", &found), 0);
    assert_int_equal(found, domid);

    /* The tree kept in xenstore is the one the guest got. */
    dtb = axl_guest_dtb(g, &dtb_size);
    assert_int_equal(axl_domain_dtb(e.x.ctx, e.x.h,
                                    domid, &kept, &kept_size), 0);
    assert_int_equal(kept_size, dtb_size);
    assert_memory_equal(kept, dtb, dtb_size);
    free(kept);
    /* A dtb-size axl never writes is refused before any allocation. */
    {
        static const char *const bad[] = {
            "18446744073709551615", "67108865", "0", "-1", "12x", "",
        };
        char size[32];
        size_t i;

        snprintf(path, sizeof(path), "/libxl/%u/axl/dtb-size", domid);
        snprintf(size, sizeof(size), "%s", fake_read(e.x.f, path));
        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            fake_write(e.x.f, path, bad[i]);
            assert_int_equal(axl_domain_dtb(e.x.ctx, e.x.h, domid, &kept,
                                            &kept_size), AXL_ERROR_XEN);
        }
        fake_write(e.x.f, path, size);
    }

    assert_int_equal(axl_domain_unpause(e.x.ctx, e.x.h, domid), 0);
    assert_false(fake_domain(e.x.f, domid)->paused);
    assert_int_equal(axl_domain_shutdown(e.x.ctx, e.x.h, domid,
                                         AXL_SHUTDOWN_REBOOT), 0);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    assert_string_equal(fake_read(e.x.f, path), "reboot");

    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, 0), AXL_ERROR_INVAL);
    assert_int_equal(axl_domain_lookup(e.x.ctx, e.x.h, "g", &found),
                     AXL_ERROR_NOTFOUND);
    axl_guest_free(g);
    env_close(&e);
}

/* Every call of a create fails once, in turn: one error each time, and
 * the fake shows nothing left. */
static void fault_at_every_step_leaves_nothing(void **state)
{
    static const char *const text =
        "name = \"f\"\nmemory = 64\nvuart = \"sbsa_uart\"\n"
        "iomem = [ \"10000,2@90000\" ]\nirqs = [ 40 ]\n";
    unsigned long total, k;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, text);
    e.x.f->calls = 0;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h,
                                       &e.cfg, &domid, NULL), 0);
    total = e.x.f->calls;
    env_close(&e);
    assert_true(total > 40);    /* the hypercalls and xenstore requests */
    print_message("create makes %lu calls; each fails once in turn\n", total);

    for (k = 1; k <= total; k++) {
        char what[96];
        int rc;

        env_open(&e, text);
        e.x.f->calls = 0;
        e.x.f->fail_at = k;
        rc = axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL);
        snprintf(what, sizeof(what), "call %lu (%s)", k,
                 e.x.f->failed_op ? e.x.f->failed_op : "?");
        if (!rc)
            fail_msg("%s failed, yet create succeeded", what);
        if (e.x.lg.errors != 1)
            fail_msg("%s: %u errors, last \"%s\"", what, e.x.lg.errors,
                     e.x.lg.last_error);
        fake_env_assert_clean(e.x.f, 0, what);
        env_close(&e);
    }
}

static void xenstore_eagain_is_retried_a_bounded_number_of_times(void **state)
{
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, NULL);
    e.x.f->eagain = 3;            /* three commits meet another writer */
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h,
                                       &e.cfg, &domid, NULL), 0);
    assert_int_equal(e.x.f->commits_tried, 2 + 3);
    env_close(&e);

    env_open(&e, NULL);
    e.x.f->eagain = 1000000;      /* for ever */
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL),
                     AXL_ERROR_XEN);
    assert_int_equal(e.x.f->commits_tried, AXL__XS_TXN_TRIES);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "another writer"));
    fake_env_assert_clean(e.x.f, 0, "EAGAIN for ever");
    env_close(&e);
}

/* A second toolstack names a domain "g" while our transaction runs. */
static void rival_writes_name(fake_hv *f, const char *op, void *arg)
{
    int *armed = arg;

    if (*armed && !strcmp(op, "xs_write") && fake_open_txns(f)) {
        *armed = 0;
        fake_add_domain(f, 77, "g");
    }
}

static void name_is_checked_inside_the_transaction(void **state)
{
    uint32_t domid;
    int armed = 1;
    env e;

    (void)state;
    env_open(&e, NULL);
    e.x.f->hook = rival_writes_name;
    e.x.f->hook_arg = &armed;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL),
                     AXL_ERROR_INVAL);
    assert_int_equal(armed, 0);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "already exists"));
    fake_env_assert_clean(e.x.f, 1, "name race");
    env_close(&e);
}

static void name_taken_fails_before_xen_is_touched(void **state)
{
    uint32_t domid;
    size_t i;
    env e;

    (void)state;
    env_open(&e, NULL);
    fake_add_domain(e.x.f, 5, "g");
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL),
                     AXL_ERROR_INVAL);
    assert_int_equal(e.x.f->next_domid, 1);       /* no domain_create */
    fake_env_assert_clean(e.x.f, 1, "taken");
    env_close(&e);

    /* Names the domain commands could not tell from an id, or that
     * would escape the monitor's log directory. */
    {
        static const char *const bad[] = {
            "name = \"42\"\nmemory = 128", "name = \"a/b\"\nmemory = 128",
            "name = \"..\"\nmemory = 128", "name = \"x\\ty\"\nmemory = 128",
        };

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            env_open(&e, bad[i]);
            assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                               NULL), AXL_ERROR_INVAL);
            assert_int_equal(e.x.f->next_domid, 1);
            assert_int_equal(e.x.lg.errors, 1);
            env_close(&e);
        }
    }
}

static void uuid_generation_never_loops_for_ever(void **state)
{
    uint32_t domid;
    env e;

    (void)state;
    alarm(20);                  /* before the fix: a hang */
    env_open(&e, NULL);
    e.x.f->entropy_fail = ~0u;
    e.x.f->entropy_errno = EINTR;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL),
                     AXL_ERROR_XEN);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "uuid"));
    fake_env_assert_clean(e.x.f, 0, "no entropy");
    env_close(&e);

    /* An interruption or two is retried. */
    env_open(&e, NULL);
    e.x.f->entropy_fail = 2;
    e.x.f->entropy_errno = EINTR;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h,
                                       &e.cfg, &domid, NULL), 0);
    env_close(&e);
    alarm(0);
}

static void wait_timeout_is_a_timeout(void **state)
{
    unsigned int reason = 0;
    bool gone = true;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, NULL);
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h,
                                       &e.cfg, &domid, NULL), 0);
    assert_int_equal(axl_domain_wait(e.x.ctx, e.x.h,
                                     domid, 30, &gone, &reason),
                     AXL_ERROR_TIMEOUT);
    assert_string_equal(axl_strerror(AXL_ERROR_TIMEOUT), "timed out");
    /* A domain that shut down is reported with its reason. */
    fake_domain(e.x.f, domid)->shutdown = true;
    fake_domain(e.x.f, domid)->reason = AXL_REASON_CRASH;
    assert_int_equal(axl_domain_wait(e.x.ctx, e.x.h,
                                     domid, 30, &gone, &reason),
                     AXL_OK);
    assert_false(gone);
    assert_int_equal(reason, AXL_REASON_CRASH);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    assert_int_equal(axl_domain_wait(e.x.ctx, e.x.h,
                                     domid, 30, &gone, &reason),
                     AXL_OK);
    assert_true(gone);
    env_close(&e);
}

static void list_has_no_limit_of_1024(void **state)
{
    axl_dominfo *list;
    size_t nr, i;
    char name[32];
    env e;

    (void)state;
    env_open(&e, NULL);
    for (i = 1; i <= 1500; i++) {
        snprintf(name, sizeof(name), "d%zu", i);
        fake_add_domain(e.x.f, (uint32_t)(i * 3), name);
    }
    assert_int_equal(axl_domain_list(e.x.ctx, e.x.h, &list, &nr), 0);
    assert_int_equal(nr, 1501);
    for (i = 1; i < nr; i++) {
        assert_int_equal(list[i].domid, i * 3);
        snprintf(name, sizeof(name), "d%zu", i);
        assert_string_equal(list[i].name, name);
    }
    free(list);
    env_close(&e);
}

static void other_hypervisor_version_fails_at_open(void **state)
{
    axl_host *h = (axl_host *)1;
    t_logger lg;
    axl_ctx *ctx;
    fake_hv *f;

    (void)state;
    t_logger_init(&lg);
    assert_int_equal(axl_ctx_alloc(&ctx, &lg.vtable), 0);
    f = fake_hv_new(4, 17);
    f->minor = 20;              /* built for 4.17, running 4.20 */
    assert_int_equal(fake_host_open(ctx, f, &h), AXL_ERROR_UNSUPPORTED);
    assert_true(f->closed);
    assert_int_equal(lg.errors, 1);
    assert_string_equal(lg.last_error, "axl was built for Xen 4.17 (domctl "
                        "interface 0x15); this hypervisor is Xen 4.20: "
                        "rebuild axl against its libraries");
    fake_hv_free(f);
    axl_ctx_free(ctx);
}

/* A xenstored that closed the connection: EPIPE, never SIGPIPE. */
static void probe_of_dead_xenstored_raises_no_sigpipe(void **state)
{
    int sv[2];

    (void)state;
    signal(SIGPIPE, SIG_DFL);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    assert_false(axl__xenstored_probe_fd(sv[0], 100));
    close(sv[0]);
    assert_false(axl__xenstored_answers(t_path("no-such-socket"), 100));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_registers_and_destroy_removes),
        cmocka_unit_test(fault_at_every_step_leaves_nothing),
        cmocka_unit_test(xenstore_eagain_is_retried_a_bounded_number_of_times),
        cmocka_unit_test(name_is_checked_inside_the_transaction),
        cmocka_unit_test(name_taken_fails_before_xen_is_touched),
        cmocka_unit_test(uuid_generation_never_loops_for_ever),
        cmocka_unit_test(wait_timeout_is_a_timeout),
        cmocka_unit_test(list_has_no_limit_of_1024),
        cmocka_unit_test(other_hypervisor_version_fails_at_open),
        cmocka_unit_test(probe_of_dead_xenstored_raises_no_sigpipe),
    };

    return cmocka_run_group_tests_name("domain-fake", tests, NULL, teardown);
}
