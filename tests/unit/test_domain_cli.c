/*
 * The domain commands on a build that is not for Arm (the native test
 * build): each says once that it needs an Arm build and exits 1, bad
 * arguments exit 2, and create -n (the dry run) works everywhere.
 * Real domains are tested by tests/boot/run-axl-create.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testrun.h"

static const char *axl(void)
{
    const char *a = getenv("AXL");

    return a ? a : "tools/xl/axl";
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* Runs axl ARGS...; returns the exit code, stderr in *err (static). */
static int run(const char *a1, const char *a2, const char *a3,
               const char *a4, char *err, size_t len, char *out,
               size_t olen)
{
    char *argv[6] = { (char *)axl(), (char *)a1, (char *)a2, (char *)a3,
                      (char *)a4, NULL };
    t_result r;
    int code;

    t_run(argv, NULL, &r);
    assert_true(WIFEXITED(r.status));
    code = WEXITSTATUS(r.status);
    snprintf(err, len, "%s", r.err);
    if (out)
        snprintf(out, olen, "%s", r.out);
    t_result_dispose(&r);
    return code;
}

static unsigned int error_lines(const char *err)
{
    unsigned int n = 0;
    const char *p = err;

    while ((p = strstr(p, "axl: error:"))) {
        n++;
        p++;
    }
    return n;
}

static void domain_commands_need_arm(void **state)
{
    static const char *const cmds[][3] = {
        { "list", NULL, NULL }, { "destroy", "g", NULL },
        { "pause", "g", NULL }, { "unpause", "7", NULL },
        { "shutdown", "-w", "g" }, { "reboot", "g", NULL },
        { "console", "g", NULL }, { "dt", "--domain", "g" },
        { "info", NULL, NULL }, { "info", "--json", NULL },
        { "dmesg", NULL, NULL }, { "dmesg", "-c", NULL },
        { "devd", "-F", NULL }, { "devd", "-F", "-p/nonexistent/p" },
    };
    char err[4096];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        int code = run(cmds[i][0], cmds[i][1], cmds[i][2], NULL, err,
                       sizeof(err), NULL, 0);

        if (code != 1 || error_lines(err) != 1 ||
            !strstr(err, "needs an Arm build"))
            fail_msg("axl %s: exit %d, stderr \"%s\"", cmds[i][0], code, err);
    }
}

static void create_needs_arm_and_leaves_nothing(void **state)
{
    char cfg[4096], err[4096];
    int code;

    (void)state;
    t_make_image64(t_path("Image"), 4 << 20, 0);
    snprintf(cfg, sizeof(cfg), "name = \"c\"\nkernel = \"%s\"\nmemory = 128\n",
             t_path("Image"));
    t_write(t_path("c.cfg"), cfg, strlen(cfg));
    code = run("create", "-p", t_path("c.cfg"), NULL, err, sizeof(err),
               NULL, 0);
    assert_int_equal(code, 1);
    assert_int_equal(error_lines(err), 1);
    assert_non_null(strstr(err, "needs an Arm build"));
}

/* A key axl create does not implement stops it before the host is even
 * opened; the dry run only warns. */
static void create_refuses_unimplemented_keys(void **state)
{
    char cfg[4096], err[4096];

    (void)state;
    t_make_image64(t_path("Image"), 4 << 20, 0);
    snprintf(cfg, sizeof(cfg), "name = \"k\"\nkernel = \"%s\"\nmemory = 128\n"
             "vkb = [ \"\" ]\n", t_path("Image"));
    t_write(t_path("k.cfg"), cfg, strlen(cfg));
    assert_int_equal(run("create", "-p", t_path("k.cfg"), NULL, err,
                         sizeof(err), NULL, 0), 1);
    assert_int_equal(error_lines(err), 1);
    assert_non_null(strstr(err, "vkb: not implemented by axl create"));
    assert_null(strstr(err, "needs an Arm build"));
    assert_int_equal(run("create", "-n", t_path("k.cfg"), NULL, err,
                         sizeof(err), NULL, 0), 0);
    assert_non_null(strstr(err, "vkb: key not supported by axl, ignored"));
}

static void create_dry_run_works_everywhere(void **state)
{
    char cfg[4096], err[4096], out[65536];

    (void)state;
    t_make_image64(t_path("Image"), 4 << 20, 0);
    snprintf(cfg, sizeof(cfg), "name = \"n\"\nkernel = \"%s\"\nmemory = 128\n",
             t_path("Image"));
    t_write(t_path("n.cfg"), cfg, strlen(cfg));
    assert_int_equal(run("create", "-n", t_path("n.cfg"), NULL, err,
                         sizeof(err), out, sizeof(out)), 0);
    assert_int_equal(error_lines(err), 0);
    assert_non_null(strstr(out, "Extended regions (/hypervisor reg 1..2"));
    assert_non_null(strstr(out, "ram bank 0"));
    /* A bad config is caught by the dry run too. */
    assert_int_equal(run("create", "-n", t_path("n.cfg"), "vcpus=0", err,
                         sizeof(err), NULL, 0), 1);
    assert_int_equal(error_lines(err), 1);
    assert_non_null(strstr(err, "vcpus"));
}

static void bad_arguments_exit_2(void **state)
{
    char err[4096];

    (void)state;
    assert_int_equal(run("destroy", NULL, NULL, NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_non_null(strstr(err, "exactly one DOMAIN"));
    assert_int_equal(run("list", "extra", NULL, NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_int_equal(run("console", "-t", "serial", "g", err, sizeof(err),
                         NULL, 0), 2);
    assert_int_equal(run("create", "--bogus", "x.cfg", NULL, err,
                         sizeof(err), NULL, 0), 2);
    assert_int_equal(error_lines(err), 1);
    assert_int_equal(run("dt", "--domain", "g", "extra.cfg", err,
                         sizeof(err), NULL, 0), 2);
    assert_non_null(strstr(err, "--domain takes no CONFIG"));
    assert_int_equal(run("info", "extra", NULL, NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_non_null(strstr(err, "info: takes no arguments"));
    assert_int_equal(run("dmesg", "-x", NULL, NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_int_equal(error_lines(err), 1);
    assert_int_equal(run("devd", "-F", "extra", NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_non_null(strstr(err, "unexpected argument \"extra\""));
    assert_int_equal(run("devd", "-x", NULL, NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_int_equal(error_lines(err), 1);
    assert_int_equal(run("devd", "-F", "-p", NULL, err, sizeof(err),
                         NULL, 0), 2);
    assert_int_equal(error_lines(err), 1);
    assert_int_equal(run("devd", "-F", "-p", "", err, sizeof(err),
                         NULL, 0), 2);
    assert_non_null(strstr(err, "-p needs a file name"));
}

/* --version names the Xen ABI of the build (configure's detection). */
static void version_names_the_xen_abi(void **state)
{
    char err[4096], out[4096], want[96];

    (void)state;
    assert_int_equal(run("--version", NULL, NULL, NULL, err, sizeof(err),
                         out, sizeof(out)), 0);
    snprintf(want, sizeof(want), "Xen %d.%d ABI, domctl interface %#x",
             AXL_XEN_ABI_MAJOR, AXL_XEN_ABI_MINOR, AXL_XEN_ABI_DOMCTL);
    if (!strstr(out, want))
        fail_msg("axl --version: \"%s\" lacks \"%s\"", out, want);
    assert_true((AXL_XEN_ABI_MINOR == 17 && AXL_XEN_ABI_DOMCTL == 0x15) ||
                (AXL_XEN_ABI_MINOR == 20 && AXL_XEN_ABI_DOMCTL == 0x17));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(domain_commands_need_arm),
        cmocka_unit_test(create_needs_arm_and_leaves_nothing),
        cmocka_unit_test(create_refuses_unimplemented_keys),
        cmocka_unit_test(create_dry_run_works_everywhere),
        cmocka_unit_test(bad_arguments_exit_2),
        cmocka_unit_test(version_names_the_xen_abi),
    };

    return cmocka_run_group_tests_name("domain-cli", tests, NULL, teardown);
}
