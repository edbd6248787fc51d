/*
 * axl_host_info() and axl_host_dmesg() against the fake hypervisor: what
 * they report, the console ring read whole (however long) and cleared in
 * the same read, and one error when Xen refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_env.h"

typedef fake_env env;

static void env_open(env *e)
{
    fake_env_open(e, AXL_XEN_ABI_MAJOR, AXL_XEN_ABI_MINOR);
}

static void info_reports_the_host(void **state)
{
    axl_hostinfo i;
    env e;

    (void)state;
    env_open(&e);
    e.f->sve_max_bits = 512;
    memset(&i, 0xa5, sizeof(i));
    assert_int_equal(axl_host_info(e.ctx, e.h, &i), 0);
    assert_int_equal(i.xen_major, AXL_XEN_ABI_MAJOR);
    assert_int_equal(i.xen_minor, AXL_XEN_ABI_MINOR);
    assert_string_equal(i.xen_extra, ".7");
    assert_non_null(strstr(i.xen_caps, "xen-3.0-aarch64"));
    assert_int_equal(i.nr_cpus, 8);
    assert_int_equal(i.total_kb, UINT64_C(6) << 20);
    /* dom0's memory is taken; its address width is the host's. */
    assert_true(i.free_kb < i.total_kb);
    assert_int_equal(i.gpaddr_bits, 40); /* what the fake reports for dom0 */
    assert_int_equal(i.sve_max_bits, 512);
    assert_non_null(strstr(i.xen_commandline, "dom0_mem="));
    fake_env_close(&e);
}

static void info_fails_once(void **state)
{
    axl_hostinfo i;
    env e;

    (void)state;
    env_open(&e);
    e.f->fail_at = e.f->calls + 1;
    assert_int_equal(axl_host_info(e.ctx, e.h, &i), AXL_ERROR_XEN);
    assert_int_equal(e.lg.errors, 1);
    assert_non_null(strstr(e.lg.last_error, "host's information"));
    fake_env_close(&e);
}

static void dmesg_reads_and_clears(void **state)
{
    char *text;
    size_t len;
    env e;

    (void)state;
    env_open(&e);
    snprintf(e.f->console, sizeof(e.f->console), "(XEN) Xen version 4.x\n"
             "(XEN) d1: booted\n");
    e.f->console_len = strlen(e.f->console);
    assert_int_equal(axl_host_dmesg(e.ctx, e.h, false, &text, &len), 0);
    assert_int_equal(len, e.f->console_len);
    assert_string_equal(text, e.f->console);
    free(text);
    assert_int_equal(axl_host_dmesg(e.ctx, e.h, true, &text, &len), 0);
    assert_non_null(strstr(text, "d1: booted"));
    free(text);
    assert_int_equal(e.f->console_len, 0);
    assert_int_equal(axl_host_dmesg(e.ctx, e.h, false, &text, &len), 0);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    free(text);
    e.f->fail_at = e.f->calls + 1;
    assert_int_equal(axl_host_dmesg(e.ctx, e.h, false, &text, &len),
                     AXL_ERROR_XEN);
    assert_int_equal(e.lg.errors, 1);
    fake_env_close(&e);
}

/* A ring larger than the first read (64 KiB) comes whole, not its tail. */
static void dmesg_reads_a_long_ring(void **state)
{
    size_t want = sizeof(((fake_hv *)0)->console) - 1, i;
    char *text;
    size_t len;
    env e;

    (void)state;
    env_open(&e);
    for (i = 0; i < want; i++)
        e.f->console[i] = (char)(i % 80 == 79 ? '\n' : 'a' + i % 26);
    e.f->console_len = want;
    assert_int_equal(axl_host_dmesg(e.ctx, e.h, false, &text, &len), 0);
    assert_int_equal(len, want);
    assert_memory_equal(text, e.f->console, want);
    assert_int_equal(text[len], '\0');
    free(text);
    fake_env_close(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(info_reports_the_host),
        cmocka_unit_test(info_fails_once),
        cmocka_unit_test(dmesg_reads_and_clears),
        cmocka_unit_test(dmesg_reads_a_long_ring),
    };

    return cmocka_run_group_tests_name("host_info", tests, NULL, NULL);
}
