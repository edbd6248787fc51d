/*
 * The guest device tree, read back with libfdt: structure checks, node and
 * property values, module placement and the rng-seed modes.  Every tree
 * passes fdt_check_full and decompiles with dtc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "testlib.h"
#include "arch-arm.h"

#define MIB (1ULL << 20)

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

static axl_guest *build(const char *text, const axl_build_options *o)
{
    axl_domain_config cfg;
    axl_guest *g = NULL;
    t_logger lg;

    t_config_from_text(text, &cfg);
    t_logger_init(&lg);
    if (t_build(&cfg, o, &g, &lg))
        fail_msg("build failed: %s", lg.last_error);
    axl_domain_config_dispose(&cfg);
    return g;
}

static const void *dtb(const axl_guest *g)
{
    size_t len;
    const void *b = axl_guest_dtb(g, &len);

    assert_int_equal(fdt_check_full(b, len), 0);
    assert_int_equal(fdt_totalsize(b), len);
    return b;
}

static const void *prop(const void *b, const char *path, const char *name,
                        int *len)
{
    int node = fdt_path_offset(b, path);

    if (node < 0)
        return NULL;
    return fdt_getprop(b, node, name, len);
}

static uint64_t cells64(const void *p, int i)
{
    fdt64_t v;

    memcpy(&v, (const char *)p + 8 * i, sizeof(v));
    return fdt64_to_cpu(v);
}

static void dtc_decompiles(const void *b, size_t len)
{
    char cmd[1024];
    const char *dtc = getenv("DTC");

    t_write(t_path("t.dtb"), b, len);
    snprintf(cmd, sizeof(cmd), "%s -q -I dtb -O dts -o %s %s",
             dtc ? dtc : "dtc", t_path("t.dts"), t_path("t.dtb"));
    assert_int_equal(system(cmd), 0);
}

static void hypervisor_node(void **state)
{
    axl_build_options o;
    axl_guest *g;
    const void *b, *p;
    const axl_range *r;
    size_t nr, i;
    int len;

    (void)state;
    axl_build_options_init(&o);
    o.xen_major = 4;
    o.xen_minor = 20;
    o.rng_seed = AXL_RNG_SEED_NONE;
    g = build("name=\"h\"\nmemory=1024\n", &o);
    b = dtb(g);
    p = prop(b, "/hypervisor", "compatible", &len);
    assert_int_equal(len, sizeof("xen,xen-4.20\0xen,xen"));
    assert_memory_equal(p, "xen,xen-4.20\0xen,xen", (size_t)len);
    p = prop(b, "/", "model", &len);
    assert_string_equal(p, "XENVM-4.20");
    p = prop(b, "/hypervisor", "reg", &len);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 2);
    assert_int_equal((size_t)len, 16 * (nr + 1));
    assert_int_equal(cells64(p, 0), GUEST_GNTTAB_BASE);    /* region 0 */
    assert_int_equal(cells64(p, 1), GUEST_GNTTAB_SIZE);
    for (i = 0; i < nr; i++) {
        assert_int_equal(cells64(p, 2 + 2 * (int)i), r[i].start);
        assert_int_equal(cells64(p, 3 + 2 * (int)i), r[i].last - r[i].start + 1);
    }
    p = prop(b, "/hypervisor", "interrupts", &len);
    assert_int_equal(len, 12);
    assert_int_equal(fdt32_to_cpu(((const fdt32_t *)p)[1]), 15); /* PPI 31 */
    assert_null(prop(b, "/chosen", "rng-seed", &len));
    dtc_decompiles(b, fdt_totalsize(b));
    axl_guest_free(g);
}

static void cpus_memory_gic(void **state)
{
    axl_guest *g;
    const void *b, *p;
    int len, n = 0, node, cpus;

    (void)state;
    g = build("name=\"c\"\nmemory=512\nvcpus=2\nmaxvcpus=20\n"
              "gic_version=\"v2\"\nvuart=\"sbsa_uart\"\n", NULL);
    b = dtb(g);
    cpus = fdt_path_offset(b, "/cpus");
    fdt_for_each_subnode(node, b, cpus)
        n++;
    assert_int_equal(n, 20);                      /* maxvcpus, not vcpus */
    /* vCPU 16 is Aff1 = 1: cpu@100. */
    p = prop(b, "/cpus/cpu@100", "reg", &len);
    assert_non_null(p);
    assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)p), 0x100);
    p = prop(b, "/memory@40000000", "reg", &len);
    assert_int_equal(cells64(p, 1), 512 * MIB);
    /* An empty bank's node is gone (NOPed, as libxl does). */
    assert_int_equal(fdt_path_offset(b, "/memory@200000000"),
                     -FDT_ERR_NOTFOUND);
    p = prop(b, "/interrupt-controller@3001000", "compatible", &len);
    assert_string_equal(p, "arm,cortex-a15-gic");
    p = prop(b, "/interrupt-controller@3001000", "reg", &len);
    assert_int_equal(cells64(p, 2), GUEST_GICC_BASE);
    p = prop(b, "/sbsa-pl011", "reg", &len);
    assert_int_equal(cells64(p, 0), GUEST_PL011_BASE);
    dtc_decompiles(b, fdt_totalsize(b));
    axl_guest_free(g);
}

static void chosen_and_ramdisk_placement(void **state)
{
    char text[512];
    axl_guest *g;
    const void *b, *p;
    int len;

    (void)state;
    /* 256 MiB: ramdisk at RAM + 128 MiB, end page-rounded. */
    t_make_file(t_path("rd"), 5000);
    snprintf(text, sizeof(text), "name=\"r\"\nmemory=256\nroot=\"/dev/xvda\""
             "\nextra=\"quiet\"\nramdisk=\"%s\"\n", t_path("rd"));
    g = build(text, NULL);
    b = dtb(g);
    assert_string_equal(prop(b, "/chosen", "bootargs", &len),
                        "root=/dev/xvda quiet");
    p = prop(b, "/chosen", "linux,initrd-start", &len);
    assert_int_equal(cells64(p, 0), GUEST_RAM0_BASE + 128 * MIB);
    p = prop(b, "/chosen", "linux,initrd-end", &len);
    assert_int_equal(cells64(p, 0), GUEST_RAM0_BASE + 128 * MIB + 8192);
    axl_guest_free(g);

    /* 64 MiB with a 32 MiB kernel: 128 MiB is beyond RAM, so the modules
     * go to the top of bank 0, the DTB last. */
    snprintf(text, sizeof(text), "name=\"r\"\nmemory=64\nramdisk=\"%s\"\n",
             t_path("rd"));
    g = build(text, NULL);
    b = dtb(g);
    p = prop(b, "/chosen", "linux,initrd-start", &len);
    assert_int_equal(cells64(p, 0), GUEST_RAM0_BASE + 64 * MIB - 8192 - 4096);
    axl_guest_free(g);
}

static void rng_seed_modes(void **state)
{
    axl_build_options o;
    axl_guest *a, *b2, *c;
    const void *pa, *pb, *pc;
    int la, lb, lc;

    (void)state;
    axl_build_options_init(&o);
    o.rng_seed = AXL_RNG_SEED_FIXED;
    o.rng_seed_value = 0x1234;
    a = build("name=\"s\"\nmemory=256\n", &o);
    b2 = build("name=\"s\"\nmemory=256\n", &o);
    o.rng_seed_value = 0x1235;
    c = build("name=\"s\"\nmemory=256\n", &o);
    pa = prop(dtb(a), "/chosen", "rng-seed", &la);
    pb = prop(dtb(b2), "/chosen", "rng-seed", &lb);
    pc = prop(dtb(c), "/chosen", "rng-seed", &lc);
    assert_int_equal(la, 128);
    assert_memory_equal(pa, pb, 128);         /* reproducible */
    assert_memory_not_equal(pa, pc, 128);     /* depends on the seed */
    axl_guest_free(a);
    axl_guest_free(b2);
    axl_guest_free(c);

    o.rng_seed = AXL_RNG_SEED_RANDOM;
    a = build("name=\"s\"\nmemory=256\n", &o);
    b2 = build("name=\"s\"\nmemory=256\n", &o);
    pa = prop(dtb(a), "/chosen", "rng-seed", &la);
    pb = prop(dtb(b2), "/chosen", "rng-seed", &lb);
    assert_int_equal(la, 128);
    assert_memory_not_equal(pa, pb, 128);
    axl_guest_free(a);
    axl_guest_free(b2);
}

static void arm32_and_gzip_kernels(void **state)
{
    unsigned char z[0x30] = { 0 };
    char text[512], cmd[1024];
    axl_guest *g;
    const void *b;
    int len;

    (void)state;
    z[0x24] = 0x18; z[0x25] = 0x28; z[0x26] = 0x6f; z[0x27] = 0x01;
    t_write(t_path("zImage"), z, sizeof(z));
    snprintf(text, sizeof(text), "name=\"a32\"\nkernel=\"%s\"\n",
             t_path("zImage"));
    g = build(text, NULL);
    assert_int_equal(axl_guest_arch_of(g), AXL_ARCH_ARM32);
    b = dtb(g);
    assert_string_equal(prop(b, "/cpus/cpu@0", "compatible", &len),
                        "arm,cortex-a15");
    assert_string_equal(prop(b, "/timer", "compatible", &len),
                        "arm,armv7-timer");
    axl_guest_free(g);

    /* A gzip'd Image (Debian's vmlinuz) is read through zlib. */
    t_make_image64(t_path("Image-gz"), 2 * MIB, 0);
    snprintf(cmd, sizeof(cmd), "gzip -f %s", t_path("Image-gz"));
    assert_int_equal(system(cmd), 0);
    snprintf(text, sizeof(text), "name=\"gz\"\nkernel=\"%s.gz\"\n",
             t_path("Image-gz"));
    g = build(text, NULL);
    assert_int_equal(axl_guest_arch_of(g), AXL_ARCH_AARCH64);
    axl_guest_free(g);
}

static void kernel_window_in_memmap(void **state)
{
    axl_guest *g;
    const axl_window *w;
    size_t nw, i;
    bool kernel = false, dtbw = false;

    (void)state;
    t_make_image64(t_path("Image-off"), 4 * MIB, 0x80000);
    {
        char text[512];

        snprintf(text, sizeof(text), "name=\"k\"\nmemory=256\nkernel=\"%s\"\n",
                 t_path("Image-off"));
        g = build(text, NULL);
    }
    w = axl_guest_memmap(g, &nw);
    for (i = 0; i < nw; i++) {
        if (i)
            assert_true(w[i].start >= w[i - 1].start);   /* sorted */
        if (w[i].owner == AXL_OWNER_KERNEL) {
            assert_int_equal(w[i].start, GUEST_RAM0_BASE + 0x80000);
            assert_int_equal(w[i].last, GUEST_RAM0_BASE + 0x80000 + 4 * MIB - 1);
            kernel = true;
        }
        if (w[i].owner == AXL_OWNER_DTB) {
            assert_int_equal(w[i].start, GUEST_RAM0_BASE + 128 * MIB);
            assert_int_equal((w[i].last + 1) % 4096, 0);
            dtbw = true;
        }
    }
    assert_true(kernel && dtbw);
    axl_guest_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hypervisor_node),
        cmocka_unit_test(cpus_memory_gic),
        cmocka_unit_test(chosen_and_ramdisk_placement),
        cmocka_unit_test(rng_seed_modes),
        cmocka_unit_test(arm32_and_gzip_kernels),
        cmocka_unit_test(kernel_window_in_memmap),
    };

    return cmocka_run_group_tests_name("fdt", tests, NULL, teardown);
}
