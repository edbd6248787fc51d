/*
 * The ABI of libaxl.so.1 (docs/abi.md): the public structs keep their
 * sizes.  A new field takes its bytes from the struct's reserved_ space;
 * a change here means a broken ABI (or a soname bump and a new table).
 * The sizes are those of LP64 Linux (x86-64 and arm64 agree).
 */
#include <stdio.h>
#include <string.h>

#include "testlib.h"

static const struct {
    const char *name;
    size_t size, want;
} sizes[] = {
    { "axl_iomem", sizeof(axl_iomem), 40 },
    { "axl_ext_config", sizeof(axl_ext_config), 88 },
    { "axl_virtio", sizeof(axl_virtio), 64 },
    { "axl_disk", sizeof(axl_disk), 128 },
    { "axl_nic", sizeof(axl_nic), 168 },
    { "axl_domain_config", sizeof(axl_domain_config), 488 },
    { "axl_build_options", sizeof(axl_build_options), 96 },
    { "axl_window", sizeof(axl_window), 40 },
    { "axl_range", sizeof(axl_range), 16 },
    { "axl_ext_note", sizeof(axl_ext_note), 72 },
    { "axl_dominfo", sizeof(axl_dominfo), 192 },
    { "axl_dtcheck_options", sizeof(axl_dtcheck_options), 40 },
    { "axl_dtcheck_finding", sizeof(axl_dtcheck_finding), 56 },
    { "axl_dtcheck_region", sizeof(axl_dtcheck_region), 32 },
    { "axl_dtcheck_report", sizeof(axl_dtcheck_report), 104 },
    { "axl_hostinfo", sizeof(axl_hostinfo), 1416 },
};

static void public_structs_keep_their_size(void **state)
{
    size_t i, bad = 0;

    (void)state;
    if (sizeof(void *) != 8 || sizeof(long) != 8)
        skip();
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (sizes[i].size == sizes[i].want)
            continue;
        print_error("%s: %zu bytes, the ABI has %zu: take new fields from "
                    "its reserved_ space\n", sizes[i].name, sizes[i].size,
                    sizes[i].want);
        bad++;
    }
    assert_int_equal(bad, 0);
}

/* The _init functions zero the reserved space (zero means "not given"). */
static void init_zeroes_reserved_space(void **state)
{
    axl_domain_config c;
    axl_build_options o;
    axl_dtcheck_options d;
    static const uint64_t zero[24];

    (void)state;
    memset(&c, 0xa5, sizeof(c));
    memset(&o, 0xa5, sizeof(o));
    memset(&d, 0xa5, sizeof(d));
    axl_domain_config_init(&c);
    axl_build_options_init(&o);
    axl_dtcheck_options_init(&d);
    assert_memory_equal(c.reserved_, zero, sizeof(c.reserved_));
    assert_memory_equal(c.ext.reserved_, zero, sizeof(c.ext.reserved_));
    assert_memory_equal(o.reserved_, zero, sizeof(o.reserved_));
    assert_memory_equal(d.reserved_, zero, sizeof(d.reserved_));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_structs_keep_their_size),
        cmocka_unit_test(init_zeroes_reserved_space),
    };

    return cmocka_run_group_tests_name("struct_sizes", tests, NULL, NULL);
}
