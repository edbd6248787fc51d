/*
 * The driver domain's device daemon (axl_devd_*) against the fake
 * xenstore and hotplug scripts, the fake playing a driver domain 5:
 * scripts run for backends that wait, with libxl's arguments; removed
 * devices get their remove and lose their directories; devices whose
 * script ran before are adopted; failing, hanging and missing scripts
 * leave hotplug-status error and a hotplug-error; and a whole frontend
 * life (axl_domain_create with backend=5, axl_domain_destroy) with the
 * daemon serving it leaves nothing behind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "fake_env.h"

#define DD 5u
#define FE 7u
#define BLOCK "/etc/xen/scripts/block"
#define VIF "/etc/xen/scripts/vif-bridge"
/* a backend node: DD, kind, FE, devid, key */
#define BE "/local/domain/%u/backend/%s/%u/%d/%s"

static const char *rd(fake_hv *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *rd(fake_hv *f, const char *fmt, ...)
{
    char path[192];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return fake_read(f, path);
}

static void put(fake_hv *f, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(fake_hv *f, const char *value, const char *fmt, ...)
{
    char path[192];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    fake_write(f, path, value);
}

/* The fake as driver domain DD's view, with its daemon open. */
static void dd_open(fake_env *e, axl_devd **d)
{
    fake_env_open(e, 4, AXL_XEN_ABI_MINOR);
    fake_add_domain(e->f, DD, "dd");
    put(e->f, "5", "/local/domain/%u/domid", DD);
    e->f->self_domid = DD;
    e->h->hotplug_timeout_ms = 2000;
    assert_int_equal(axl_devd_open(e->ctx, e->h, d), 0);
    assert_int_equal(axl_devd_domid(*d), DD);
}

/* A backend as the toolstack writes it, waiting (InitWait). */
static void backend(fake_hv *f, const char *kind, int devid,
                    const char *script, const char *state)
{
    put(f, "1", BE, DD, kind, FE, devid, "online");
    put(f, state, BE, DD, kind, FE, devid, "state");
    if (script)
        put(f, script, BE, DD, kind, FE, devid, "script");
}

/* The toolstack taking it away, the backend having closed. */
static void closed(fake_hv *f, const char *kind, int devid)
{
    put(f, "0", BE, DD, kind, FE, devid, "online");
    put(f, "6", BE, DD, kind, FE, devid, "state");
}

static void serves_backends_that_wait_and_removes_closed_ones(void **state)
{
    fake_env e;
    axl_devd *d;
    char want[512];

    (void)state;
    dd_open(&e, &d);
    backend(e.f, "vbd", 51712, BLOCK, "2");
    backend(e.f, "vif", 0, VIF, "2");
    put(e.f, "eth1", "/local/domain/%u/backend/vif/%u/0/gatewaydev", DD, FE);
    assert_int_equal(axl_devd_step(d, 0), 0);
    snprintf(want, sizeof(want),
             BLOCK " add backend/vbd/%u/51712\n"
             VIF " online backend/vif/%u/0\n", FE, FE);
    assert_string_equal(e.f->script_log, want);
    assert_string_equal(rd(e.f, "/local/domain/%u/backend/vbd/%u/51712/"
                           "hotplug-status", DD, FE), "connected");
    assert_string_equal(rd(e.f, "/local/domain/%u/backend/vif/%u/0/"
                           "hotplug-status", DD, FE), "connected");
    assert_int_equal(e.f->loops, 1);
    assert_int_equal(e.f->vifs, 1);
    /* nothing runs twice */
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 2);
    assert_int_equal(e.lg.errors, 0);

    put(e.f, "x", "/local/domain/%u/libxl/%u/left-over", DD, FE);
    closed(e.f, "vbd", 51712);
    /* the toolstack's directories above are not the daemon's to remove */
    e.f->rm_denied = "/local/domain/5/backend/vbd";
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_non_null(fake_node_get(e.f, "/local/domain/5/backend/vbd"));
    assert_null(fake_node_get(e.f, "/local/domain/5/backend/vbd/7"));
    e.f->rm_denied = NULL;
    assert_int_equal(e.f->script_runs, 3);
    assert_non_null(strstr(e.f->script_log, BLOCK " remove backend/vbd/7/"
                           "51712\n"));
    assert_int_equal(e.f->loops, 0);
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/backend/vbd"),
                     1);
    assert_non_null(rd(e.f, "/local/domain/%u/backend/vif/%u/0/state", DD,
                       FE));
    /* the guest's libxl directory goes with its last device */
    assert_non_null(rd(e.f, "/local/domain/%u/libxl/%u/left-over", DD, FE));
    closed(e.f, "vif", 0);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_non_null(strstr(e.f->script_log, VIF " offline backend/vif/7/"
                           "0\n"));
    assert_int_equal(e.f->vifs, 0);
    /* backend/vbd (kept above) keeps backend */
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/backend"), 2);
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/libxl/7"), 0);
    assert_int_equal(e.lg.errors, 0);
    assert_int_equal(e.f->scripts_pending, 0);
    axl_devd_close(d);
    fake_env_close(&e);
}

static void waits_for_initwait_and_ignores_leftovers(void **state)
{
    fake_env e;
    axl_devd *d;

    (void)state;
    dd_open(&e, &d);
    e.f->backends_mute = true;
    /* still Initialising: the backend driver has not answered */
    backend(e.f, "vbd", 51712, BLOCK, "1");
    /* a Closed leftover and one already offline are not set up */
    backend(e.f, "vbd", 51728, BLOCK, "6");
    backend(e.f, "vif", 1, VIF, "2");
    put(e.f, "0", "/local/domain/%u/backend/vif/%u/1/online", DD, FE);
    /* names that are no device */
    put(e.f, "2", "/local/domain/%u/backend/vbd/x/1/state", DD);
    put(e.f, "2", "/local/domain/%u/backend/vbd/%u/-3/state", DD, FE);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 0);
    put(e.f, "2", "/local/domain/%u/backend/vbd/%u/51712/state", DD, FE);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 1);
    assert_string_equal(e.f->script_log, BLOCK " add backend/vbd/7/51712\n");
    assert_int_equal(e.lg.errors, 0);
    axl_devd_close(d);
    e.f->loops = 0;
    fake_env_close(&e);
}

static void adopts_devices_set_up_before_it_started(void **state)
{
    fake_env e;
    axl_devd *d;

    (void)state;
    fake_env_open(&e, 4, AXL_XEN_ABI_MINOR);
    fake_add_domain(e.f, DD, "dd");
    put(e.f, "5", "/local/domain/%u/domid", DD);
    e.f->self_domid = DD;
    backend(e.f, "vbd", 51712, BLOCK, "4");
    put(e.f, "connected", "/local/domain/%u/backend/vbd/%u/51712/"
        "hotplug-status", DD, FE);
    e.f->loops = 1;             /* what its add took */
    assert_int_equal(axl_devd_open(e.ctx, e.h, &d), 0);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 0);
    closed(e.f, "vbd", 51712);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_string_equal(e.f->script_log, BLOCK " remove backend/vbd/7/"
                        "51712\n");
    assert_int_equal(e.f->loops, 0);
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/backend"), 0);
    axl_devd_close(d);
    fake_env_close(&e);
}

static void failing_hanging_and_missing_scripts_are_reported(void **state)
{
    const char *st;
    fake_env e;
    axl_devd *d;

    (void)state;
    dd_open(&e, &d);
    e.f->script_fail = "/fail";
    e.f->script_hang = "/hang";
    backend(e.f, "vbd", 51712, "/etc/xen/scripts/fail", "2");
    backend(e.f, "vbd", 51728, "/etc/xen/scripts/hang", "2");
    backend(e.f, "vbd", 51744, NULL, "2");
    backend(e.f, "vif", 0, "vif-bridge", "2");
    assert_int_equal(axl_devd_step(d, 0), 0);
    /* the script's own words stay */
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vbd/7/51712/"
                           "hotplug-error"), "the fake script refused");
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vbd/7/51712/"
                           "hotplug-status"), "error");
    st = rd(e.f, "/local/domain/5/backend/vbd/7/51728/hotplug-error");
    assert_non_null(st);
    /* two scripts ran together: 2 s each */
    assert_non_null(strstr(st, "/etc/xen/scripts/hang add did not finish "
                           "within 4 s"));
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vbd/7/51728/"
                           "hotplug-status"), "error");
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vbd/7/51744/"
                           "hotplug-error"),
                        "no script node in the backend directory");
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vif/7/0/"
                           "hotplug-error"),
                        "the script node is not an absolute path");
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vif/7/0/"
                           "hotplug-status"), "error");
    assert_int_equal(e.f->script_runs, 2);
    assert_int_equal(e.lg.errors, 4);
    /* not tried again; their removal still cleans up */
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 2);
    closed(e.f, "vbd", 51712);
    closed(e.f, "vbd", 51728);
    closed(e.f, "vbd", 51744);
    closed(e.f, "vif", 0);
    assert_int_equal(axl_devd_step(d, 0), 0);
    assert_int_equal(e.f->script_runs, 4);
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/backend"), 0);
    axl_devd_close(d);
    fake_env_close(&e);
}

static void xenstore_failures_are_errors_not_crashes(void **state)
{
    fake_env e;
    axl_devd *d;

    (void)state;
    /* dom0 serves its own backends */
    fake_env_open(&e, 4, AXL_XEN_ABI_MINOR);
    put(e.f, "0", "/local/domain/0/domid");
    assert_int_equal(axl_devd_open(e.ctx, e.h, &d), AXL_ERROR_INVAL);
    assert_null(d);
    assert_int_equal(e.lg.errors, 1);
    assert_non_null(strstr(e.lg.last_error, "this is dom0"));
    fake_env_close(&e);

    /* no domid node: not a domain's xenstore view */
    fake_env_open(&e, 4, AXL_XEN_ABI_MINOR);
    e.f->self_domid = DD;
    assert_int_equal(axl_devd_open(e.ctx, e.h, &d), AXL_ERROR_XEN);
    assert_null(d);
    assert_int_equal(e.lg.errors, 1);
    fake_env_close(&e);

    /* every call failed in turn: a step fails or copes, and nothing
     * is left running */
    for (unsigned long at = 1; at < 200; at++) {
        dd_open(&e, &d);
        backend(e.f, "vbd", 51712, BLOCK, "2");
        e.f->fail_at = e.f->calls + at;
        (void)axl_devd_step(d, 0);
        assert_int_equal(e.f->scripts_pending, 0);
        axl_devd_close(d);
        e.f->loops = 0;
        fake_env_close(&e);
    }
}

/* Plays the driver domain's daemon between the creator's calls. */
typedef struct daemon_play {
    axl_devd *d;
    bool inside;
    unsigned int steps;
} daemon_play;

static void play_daemon(fake_hv *f, const char *op, void *arg)
{
    daemon_play *p = arg;
    uint32_t was = f->self_domid;

    if (p->inside || strcmp(op, "xs_read"))
        return;
    p->inside = true;
    f->self_domid = DD;
    axl_devd_step(p->d, 0);
    p->steps++;
    f->self_domid = was;
    p->inside = false;
}

static void a_frontend_s_whole_life_leaves_nothing(void **state)
{
    axl_domain_config cfg;
    daemon_play p = { 0 };
    uint32_t domid;
    fake_env e;

    (void)state;
    fake_env_open(&e, 4, AXL_XEN_ABI_MINOR);
    fake_add_domain(e.f, DD, "dd");
    put(e.f, "5", "/local/domain/%u/domid", DD);
    e.h->init_timeout_ms = e.h->destroy_timeout_ms = 2000;
    e.h->hotplug_timeout_ms = 2000;
    t_config_from_text("name = \"fe\"\nmemory = 128\n"
                       "disk = [ \"backend=5,vdev=xvda,target=/dd/x.img\" ]\n"
                       "vif = [ \"backend=5,bridge=xenbr0\" ]\n", &cfg);
    e.f->self_domid = DD;
    assert_int_equal(axl_devd_open(e.ctx, e.h, &p.d), 0);
    e.f->self_domid = 0;
    e.f->hook = play_daemon;
    e.f->hook_arg = &p;
    if (axl_domain_create(e.ctx, e.h, &cfg, &domid, NULL))
        fail_msg("create: %s", e.lg.last_error);
    assert_int_equal(e.lg.errors, 0);
    assert_true(p.steps > 0);
    assert_string_equal(rd(e.f, "/local/domain/5/backend/vbd/%u/51712/"
                           "hotplug-status", domid), "connected");
    assert_int_equal(e.f->loops, 1);
    assert_int_equal(e.f->vifs, 1);
    assert_int_equal(axl_domain_destroy(e.ctx, e.h, domid), 0);
    assert_int_equal(e.lg.errors, 0);
    assert_int_equal(e.f->script_runs, 4);
    fake_env_assert_clean(e.f, 1, "destroy");
    assert_int_equal(fake_count_nodes(e.f, "/local/domain/5/backend"), 0);
    e.f->hook = NULL;
    axl_devd_close(p.d);
    axl_domain_config_dispose(&cfg);
    fake_env_close(&e);
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(
            serves_backends_that_wait_and_removes_closed_ones, teardown),
        cmocka_unit_test_teardown(waits_for_initwait_and_ignores_leftovers,
                                  teardown),
        cmocka_unit_test_teardown(adopts_devices_set_up_before_it_started,
                                  teardown),
        cmocka_unit_test_teardown(
            failing_hanging_and_missing_scripts_are_reported, teardown),
        cmocka_unit_test_teardown(xenstore_failures_are_errors_not_crashes,
                                  teardown),
        cmocka_unit_test_teardown(a_frontend_s_whole_life_leaves_nothing,
                                  teardown),
    };

    return cmocka_run_group_tests_name("devd", tests, NULL, NULL);
}
