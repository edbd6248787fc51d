/*
 * The monitor daemon (tools/xl/axl_monitor.c) over the fake hypervisor:
 * it keeps none of its creator's descriptors, cwd or umask, reports a
 * failed start to its creator, and never writes its log through a symlink
 * or outside the log directory.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "testrun.h"
#include "fake_hv.h"
#include "axl_cmd.h"

#define MARKER "monitor-stderr-marker"

static char record_path[512];
static int inherited_fd = -1;

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* Runs in the daemon: notes what it inherited, then opens a fake host on
 * which the domain does not exist, so the monitor ends at once. */
static int record_and_open(axl_ctx *ctx, axl_host **host_r)
{
    char cwd[256] = "";
    mode_t mask = umask(0);
    FILE *f;

    umask(mask);
    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "?");
    f = fopen(record_path, "w");
    if (f) {
        fprintf(f, "cwd=%s umask=%03o inherited=%s\n", cwd, (unsigned)mask,
                fcntl(inherited_fd, F_GETFD) != -1 ? "open" : "closed");
        fclose(f);
    }
    fprintf(stderr, MARKER "\n");
    fflush(stderr);
    return fake_host_open(ctx, fake_hv_new(AXL_XEN_ABI_MAJOR,
                                           AXL_XEN_ABI_MINOR), host_r);
}

static int fail_open(axl_ctx *ctx, axl_host **host_r)
{
    (void)ctx; (void)host_r;
    return AXL_ERROR_XEN;
}

static void config_named(axl_domain_config *cfg, const char *name)
{
    axl_domain_config_init(cfg);
    cfg->name = strdup(name);
}

/* What the daemon wrote, after it reported its start. */
static char *record(void)
{
    size_t len;
    char *r = t_slurp(record_path, &len);

    assert_non_null(r);
    return r;
}

static void daemon_keeps_nothing_of_its_creator(void **state)
{
    axl_domain_config cfg;
    char cwd[512], log[512], *r, *logtext;
    size_t len;
    mode_t old;

    (void)state;
    snprintf(record_path, sizeof(record_path), "%s", t_path("record"));
    /* As a Xen handle; above the descriptors the daemon itself uses. */
    inherited_fd = open("/dev/null", O_RDONLY);
    assert_true(inherited_fd > 2);
    assert_int_equal(dup2(inherited_fd, 50), 50);
    close(inherited_fd);
    inherited_fd = 50;
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(t_tmpdir()), 0);
    old = umask(077);
    config_named(&cfg, "m");
    assert_int_equal(axl_monitor_spawn(&cfg, 99, t_path("log"),
                                       record_and_open), 0);
    umask(old);
    assert_int_equal(chdir(cwd), 0);
    r = record();
    assert_string_equal(r, "cwd=/ umask=022 inherited=closed\n");
    free(r);
    /* Its stderr is its log. */
    snprintf(log, sizeof(log), "%s/axl-m.log", t_path("log"));
    logtext = t_slurp(log, &len);
    assert_non_null(logtext);
    assert_non_null(strstr(logtext, MARKER));
    free(logtext);
    close(inherited_fd);
    axl_domain_config_dispose(&cfg);
}

static void failed_start_is_reported(void **state)
{
    axl_domain_config cfg;

    (void)state;
    config_named(&cfg, "fails");
    assert_int_equal(axl_monitor_spawn(&cfg, 99, t_path("log"), fail_open),
                     -1);
    axl_domain_config_dispose(&cfg);
}

static void log_never_through_a_symlink_or_outside(void **state)
{
    axl_domain_config cfg;
    char dir[256], link[512], *text;
    size_t len;

    (void)state;
    snprintf(record_path, sizeof(record_path), "%s", t_path("record2"));
    snprintf(dir, sizeof(dir), "%s", t_path("logs"));
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(link, sizeof(link), "%s/axl-s.log", dir);
    assert_int_equal(symlink(t_path("target"), link), 0);
    config_named(&cfg, "s");
    assert_int_equal(axl_monitor_spawn(&cfg, 99, dir, record_and_open), 0);
    axl_domain_config_dispose(&cfg);
    text = t_slurp(t_path("target"), &len);
    if (text && strstr(text, MARKER))
        fail_msg("the log was written through a symlink");
    free(text);

    /* A name that climbs out of the log directory. */
    snprintf(link, sizeof(link), "%s/axl-x", dir);
    assert_int_equal(mkdir(link, 0755), 0);
    config_named(&cfg, "x/../../escape");
    assert_int_equal(axl_monitor_spawn(&cfg, 99, dir, record_and_open), 0);
    axl_domain_config_dispose(&cfg);
    assert_int_not_equal(access(t_path("escape.log"), F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(daemon_keeps_nothing_of_its_creator),
        cmocka_unit_test(failed_start_is_reported),
        cmocka_unit_test(log_never_through_a_symlink_or_outside),
    };

    return cmocka_run_group_tests_name("domain-monitor", tests, NULL,
                                       teardown);
}
