/*
 * Boot module placement at its edges, as libxenguest's Arm meminit places
 * them (xg_dom_arm.c, the same in 4.17 and 4.20): RAM + 128 MiB when bank 0
 * reaches past it by the modules' size and the kernel (rounded to 2 MiB)
 * ends below it; else as high as possible in bank 0 if that is above the
 * kernel; else just below the kernel if the space before it is larger than
 * the modules; else nothing.  Every boundary is tested on both sides, so a
 * comparison off by one changes a result here.
 */
#include <stdio.h>

#include "testlib.h"
#include "axl_boot_arm.h"

#define MIB (UINT64_C(1) << 20)
#define RAM (UINT64_C(0x40000000))
#define PAGE UINT64_C(4096)

/* The ramdisk's first byte, or the DTB's when there is no ramdisk. */
static int place(uint64_t text_offset, uint64_t ksize, uint64_t bank0,
                 uint64_t rd, uint64_t dt, uint64_t *modbase_r,
                 axl__modules *m)
{
    axl__kernel k = { AXL_ARCH_AARCH64, text_offset, ksize };
    int rc = axl__modules_place(NULL, &k, bank0, rd, dt, m);

    if (!rc)
        *modbase_r = m->has_ramdisk ? m->ramdisk.start : m->dtb.start;
    return rc;
}

/* First choice at 128 MiB: bank 0 reaching exactly 128 MiB + modules is
 * enough; one page less is not.  (At equality the top of the bank is
 * 128 MiB too, so which of the two rules places them there cannot be
 * seen.) */
static void at_128m_boundary(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    /* 32 MiB kernel, 8 MiB of modules (one page of DTB + the rest). */
    assert_int_equal(place(0, 32 * MIB, 136 * MIB, 8 * MIB - PAGE, PAGE,
                           &mb, &m), 0);
    assert_int_equal(mb, RAM + 128 * MIB);
    assert_int_equal(m.dtb.start, RAM + 136 * MIB - PAGE);
    assert_int_equal(m.dtb.last, RAM + 136 * MIB - 1);
    /* A page short: as high as possible instead, i.e. at the bank's end. */
    assert_int_equal(place(0, 32 * MIB, 136 * MIB - PAGE, 8 * MIB - PAGE,
                           PAGE, &mb, &m), 0);
    assert_int_equal(mb, RAM + 136 * MIB - PAGE - 8 * MIB);
}

/* The kernel must end below 128 MiB: its end is rounded up to 2 MiB, so
 * a kernel ending one byte past 126 MiB already reaches 128 MiB. */
static void kernel_end_below_128m(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    assert_int_equal(place(0, 126 * MIB, 512 * MIB, 0, PAGE, &mb, &m), 0);
    assert_int_equal(mb, RAM + 128 * MIB);
    assert_int_equal(place(0, 126 * MIB + 1, 512 * MIB, 0, PAGE, &mb, &m), 0);
    assert_int_equal(mb, RAM + 512 * MIB - PAGE);
}

/* Second choice: the top of bank 0, if strictly above the kernel's
 * rounded end; at equality the third choice (below the kernel) is taken. */
static void top_of_bank_strictly_above_kernel(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    /* Kernel at +64 MiB, 2 MiB long: ends at 66 MiB. Bank 0 of 67 MiB
     * with 1 MiB of modules leaves them at 66 MiB: not above. */
    assert_int_equal(place(64 * MIB, 2 * MIB, 67 * MIB, MIB - PAGE, PAGE,
                           &mb, &m), 0);
    assert_int_equal(mb, RAM + 64 * MIB - MIB);     /* below the kernel */
    /* One page more of bank 0: they go on top, above the kernel. */
    assert_int_equal(place(64 * MIB, 2 * MIB, 67 * MIB + PAGE, MIB - PAGE,
                           PAGE, &mb, &m), 0);
    assert_int_equal(mb, RAM + 66 * MIB + PAGE);
}

/* Third choice: below the kernel, only if the space there is strictly
 * larger than the modules. */
static void below_kernel_strictly_larger(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    /* Kernel at +1 MiB filling bank 0 to its 2 MiB-rounded end. */
    assert_int_equal(place(MIB, 3 * MIB, 4 * MIB, MIB - 2 * PAGE, PAGE,
                           &mb, &m), 0);
    assert_int_equal(mb, RAM + MIB - (MIB - PAGE));
    /* Modules of exactly the space before the kernel: nowhere. */
    assert_int_equal(place(MIB, 3 * MIB, 4 * MIB, MIB - PAGE, PAGE, &mb, &m),
                     AXL_ERROR_LAYOUT);
}

/* Sizes are rounded to pages; the DTB follows the ramdisk. */
static void rounding_and_order(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    assert_int_equal(place(0, 32 * MIB, 256 * MIB, PAGE + 1, 100, &mb, &m), 0);
    assert_true(m.has_ramdisk);
    assert_int_equal(m.ramdisk.start, RAM + 128 * MIB);
    assert_int_equal(m.ramdisk.last, RAM + 128 * MIB + 2 * PAGE - 1);
    assert_int_equal(m.dtb.start, RAM + 128 * MIB + 2 * PAGE);
    assert_int_equal(m.dtb.last, RAM + 128 * MIB + 3 * PAGE - 1);
    assert_int_equal(m.kernel.start, RAM);
    assert_int_equal(m.kernel.last, RAM + 32 * MIB - 1);
}

/* What cannot fit at all, whatever the RAM. */
static void impossible(void **state)
{
    uint64_t mb;
    axl__modules m;

    (void)state;
    /* The kernel alone beyond bank 0's 3 GiB. */
    assert_int_equal(place(0, UINT64_C(3) << 30, UINT64_C(3) << 30, 0, PAGE,
                           &mb, &m), AXL_ERROR_LAYOUT);
    /* A text offset past bank 0. */
    assert_int_equal(place((UINT64_C(3) << 30) + 1, PAGE, UINT64_C(3) << 30,
                           0, PAGE, &mb, &m), AXL_ERROR_LAYOUT);
    /* Kernel and modules together over 3 GiB. */
    assert_int_equal(place(0, UINT64_C(2) << 30, UINT64_C(3) << 30,
                           UINT64_C(1) << 30, PAGE, &mb, &m),
                     AXL_ERROR_LAYOUT);
    /* RAM smaller than the kernel. */
    assert_int_equal(place(0, 32 * MIB, 16 * MIB, 0, PAGE, &mb, &m),
                     AXL_ERROR_LAYOUT);
    /* Kernel + modules exactly 3 GiB fit in size but not in place: the
     * top of the bank is not strictly above the kernel (libxenguest fails
     * the same way). */
    assert_int_equal(place(0, (UINT64_C(2) << 30), UINT64_C(3) << 30,
                           (UINT64_C(1) << 30) - PAGE, PAGE, &mb, &m),
                     AXL_ERROR_LAYOUT);
    /* A page less of ramdisk: on top of the bank, just above the kernel. */
    assert_int_equal(place(0, (UINT64_C(2) << 30), UINT64_C(3) << 30,
                           (UINT64_C(1) << 30) - 2 * PAGE, PAGE, &mb, &m), 0);
    assert_int_equal(mb, RAM + (UINT64_C(2) << 30) + PAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(at_128m_boundary),
        cmocka_unit_test(kernel_end_below_128m),
        cmocka_unit_test(top_of_bank_strictly_above_kernel),
        cmocka_unit_test(below_kernel_strictly_larger),
        cmocka_unit_test(rounding_and_order),
        cmocka_unit_test(impossible),
    };

    return cmocka_run_group_tests_name("modules", tests, NULL, NULL);
}
