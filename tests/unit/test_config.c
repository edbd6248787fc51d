/*
 * The typed domain config: defaults as xl/libxl 4.17 apply them, and a
 * table of invalid configs, each with the message that names the problem.
 */
#include <string.h>

#include "testlib.h"

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

static void defaults_are_libxl_ones(void **state)
{
    axl_domain_config c;

    (void)state;
    axl_domain_config_init(&c);
    axl_domain_config_setdefault(&c);
    assert_int_equal(c.memory_kb, 32 * 1024);
    assert_int_equal(c.maxmem_kb, 32 * 1024);
    assert_int_equal(c.vcpus, 1);
    assert_int_equal(c.max_vcpus, 1);
    assert_int_equal(c.max_grant_frames, 64);
    assert_int_equal(c.max_maptrack_frames, 1024);
    assert_int_equal(c.on_poweroff, AXL_ACTION_DESTROY);
    assert_int_equal(c.on_reboot, AXL_ACTION_RESTART);
    assert_int_equal(c.on_crash, AXL_ACTION_DESTROY);

    axl_domain_config_init(&c);
    c.maxmem_kb = 1024 * 1024;           /* maxmem alone sets memory */
    c.vcpus = 3;
    axl_domain_config_setdefault(&c);
    assert_int_equal(c.memory_kb, 1024 * 1024);
    assert_int_equal(c.max_vcpus, 3);
    axl_domain_config_dispose(&c);
    axl_domain_config_dispose(&c);       /* idempotent */
}

static void actions_round_trip(void **state)
{
    static const char *const names[] = {
        "destroy", "restart", "rename-restart", "preserve",
        "coredump-destroy", "coredump-restart", "soft-reset",
    };
    axl_action a;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_int_equal(axl_action_from_string(names[i], &a), AXL_OK);
        assert_string_equal(axl_action_to_string(a), names[i]);
    }
    assert_int_equal(axl_action_from_string("explode", &a), AXL_ERROR_INVAL);
}

static const struct {
    const char *text;
    int rc;
    const char *msg;
} bad[] = {
    { "memory=256\n", AXL_ERROR_INVAL, "name: a guest name is required" },
    { "name=\"x\"\nmemory=256\nmaxmem=512\n", AXL_ERROR_INVAL,
      "populate-on-demand" },
    { "name=\"x\"\nmemory=512\nmaxmem=256\n", AXL_ERROR_INVAL,
      "is below memory" },
    { "name=\"x\"\nmaxvcpus=129\n", AXL_ERROR_INVAL, "at most 128" },
    { "name=\"x\"\nvcpus=4\nmaxvcpus=2\n", AXL_ERROR_INVAL,
      "more than maxvcpus" },
    { "name=\"x\"\nmax_grant_frames=0\n", AXL_ERROR_INVAL,
      "max_grant_frames: 0 is outside 1..4096" },
    { "name=\"x\"\nmax_grant_frames=4097\n", AXL_ERROR_INVAL,
      "grant-table window" },
    { "name=\"x\"\niomem=[\"1,0\"]\n", AXL_ERROR_INVAL, "maps no pages" },
    { "name=\"x\"\nirqs=[\"12\"]\n", AXL_ERROR_INVAL, "is not an SPI" },
    { "name=\"x\"\nirqs=[\"1020\"]\n", AXL_ERROR_INVAL, "is not an SPI" },
    { "name=\"x\"\nirqs=[\"40\",\"40\"]\n", AXL_ERROR_INVAL, "listed twice" },
    { "name=\"x\"\nvuart=\"sbsa_uart\"\nirqs=[\"32\"]\n", AXL_ERROR_INVAL,
      "vpl011" },
    { "name=\"x\"\nmemory=1043457\n", AXL_ERROR_LAYOUT,
      "more than the 1043456 MiB" },
    { "name=\"x\"\niomem=[\"1,1@3001\"]\n", AXL_ERROR_LAYOUT,
      "overlaps the gic-distributor" },
    { "name=\"x\"\niomem=[\"1,1@38000\"]\n", AXL_ERROR_LAYOUT,
      "overlaps the grant-table" },
    { "name=\"x\"\niomem=[\"1,1@39fff\"]\n", AXL_ERROR_LAYOUT,
      "overlaps the magic-pages" },
    { "name=\"x\"\nvuart=\"sbsa_uart\"\niomem=[\"1,1@22000\"]\n",
      AXL_ERROR_LAYOUT, "overlaps the vpl011" },
    { "name=\"x\"\niomem=[\"1,10@80000\",\"2,1@8000f\"]\n", AXL_ERROR_LAYOUT,
      "iomem[0] and iomem[1] map guest frame 0x8000f to different host" },
    { "name=\"x\"\niomem=[\"1,2@fffffffffffff\"]\n", AXL_ERROR_LAYOUT,
      "pass the end of the 64-bit address space" },
};

static void invalid_configs_are_named(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        axl_domain_config c;
        axl_ctx *ctx;
        t_logger lg;
        int rc;

        t_config_from_text(bad[i].text, &c);
        t_logger_init(&lg);
        assert_int_equal(axl_ctx_alloc(&ctx, &lg.vtable), AXL_OK);
        rc = axl_domain_config_validate(ctx, &c);
        if (rc != bad[i].rc || !strstr(lg.last_error, bad[i].msg))
            fail_msg("row %zu: rc %d, message \"%s\"; wanted %d, \"%s\"", i,
                     rc, lg.last_error, bad[i].rc, bad[i].msg);
        assert_int_equal(lg.errors, 1);          /* one line per problem */
        axl_ctx_free(ctx);
        axl_domain_config_dispose(&c);
    }
}

static void iomem_over_ram_warns(void **state)
{
    axl_domain_config c;
    axl_ctx *ctx;
    t_logger lg;

    (void)state;
    t_config_from_text("name=\"x\"\nmemory=256\niomem=[\"1,1@40100\"]\n", &c);
    t_logger_init(&lg);
    assert_int_equal(axl_ctx_alloc(&ctx, &lg.vtable), AXL_OK);
    assert_int_equal(axl_domain_config_validate(ctx, &c), AXL_OK);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning, "lies over RAM bank 0"));
    axl_ctx_free(ctx);
    axl_domain_config_dispose(&c);
}

static void strerror_names_every_code(void **state)
{
    int rc;

    (void)state;
    for (rc = AXL_OK; rc >= AXL_ERROR_REQUIRE; rc--)
        assert_string_not_equal(axl_strerror(rc), "unknown error");
    assert_string_equal(axl_strerror(-100), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_libxl_ones),
        cmocka_unit_test(actions_round_trip),
        cmocka_unit_test(invalid_configs_are_named),
        cmocka_unit_test(iomem_over_ram_warns),
        cmocka_unit_test(strerror_names_every_code),
    };

    return cmocka_run_group_tests_name("config", tests, NULL, teardown);
}
