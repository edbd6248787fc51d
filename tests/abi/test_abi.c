/*
 * axl's arch-arm.h must state the same guest layout as the installed Xen
 * public headers: any drift from the real ABI fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "abi_values.h"

static void every_value_matches_xen(void **state)
{
    size_t i, bad = 0;

    (void)state;
    assert_true(nr_abi_values > 50);
    for (i = 0; i < nr_abi_values; i++) {
        assert_string_equal(xen_abi_values[i].name, axl_abi_values[i].name);
        if (xen_abi_values[i].value != axl_abi_values[i].value) {
            print_error("%s: axl %#llx, Xen %#llx\n", axl_abi_values[i].name,
                        axl_abi_values[i].value, xen_abi_values[i].value);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The values that differ between versions: those of the installed one. */
static void versioned_values_match_installed_xen(void **state)
{
    size_t i, bad = 0;

    (void)state;
    assert_int_equal(nr_versioned_values, 3);
    for (i = 0; i < nr_versioned_values; i++) {
        assert_string_equal(xen_versioned_values[i].name,
                            axl_versioned_values[i].name);
        if (xen_versioned_values[i].value != axl_versioned_values[i].value) {
            print_error("%s (Xen %d.%d): axl %#llx, Xen %#llx\n",
                        axl_versioned_values[i].name, AXL_XEN_VERSION_MAJOR,
                        AXL_XEN_VERSION_MINOR, axl_versioned_values[i].value,
                        xen_versioned_values[i].value);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void bank_tables_match_xen(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < 2; i++) {
        assert_int_equal(axl_bank_bases[i], xen_bank_bases[i]);
        assert_int_equal(axl_bank_sizes[i], xen_bank_sizes[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_value_matches_xen),
        cmocka_unit_test(versioned_values_match_installed_xen),
        cmocka_unit_test(bank_tables_match_xen),
    };

    return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
