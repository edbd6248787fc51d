/*
 * What differs between the Xen versions axl targets: virtio devices (their
 * slots, SPIs, grants and the xen,grant-dma node, placed as each version's
 * libxl places them), the Arm keys newer libxl added, nr_spis, and the
 * iomem= overlap rule.  Each case builds a guest from xl.cfg text for an
 * explicit version, so the result does not depend on the installed Xen.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "testlib.h"
#include "axl_cmd.h"

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* Builds @text for Xen 4.@minor; returns rc, the guest in *g_r. */
static int build_for(unsigned int minor, const char *text, axl_guest **g_r,
                     t_logger *lg)
{
    axl_domain_config cfg;
    axl_build_options o;
    int rc;

    axl_build_options_init(&o);
    o.xen_major = 4;
    o.xen_minor = minor;
    t_config_from_text(text, &cfg);
    t_logger_init(lg);
    *g_r = NULL;
    rc = t_build(&cfg, &o, g_r, lg);
    axl_domain_config_dispose(&cfg);
    return rc;
}

static axl_guest *build_ok(unsigned int minor, const char *text)
{
    axl_guest *g;
    t_logger lg;

    if (build_for(minor, text, &g, &lg))
        fail_msg("4.%u: %s: %s", minor, text, lg.last_error);
    return g;
}

static void build_fails(unsigned int minor, const char *text, int want_rc,
                        const char *want_msg)
{
    axl_guest *g;
    t_logger lg;
    int rc = build_for(minor, text, &g, &lg);

    if (rc != want_rc)
        fail_msg("4.%u: %s: rc %d, want %d (%s)", minor, text, rc, want_rc,
                 lg.last_error);
    if (!strstr(lg.last_error, want_msg))
        fail_msg("4.%u: %s: error \"%s\" lacks \"%s\"", minor, text,
                 lg.last_error, want_msg);
    assert_null(g);
}

/* The node offsets of the root's children, in tree order. */
static int children(const void *fdt, const char **names, int max)
{
    int node, n = 0;

    fdt_for_each_subnode(node, fdt, 0) {
        if (n < max)
            names[n] = fdt_get_name(fdt, node, NULL);
        n++;
    }
    return n;
}

/* The index of child @name among the root's children, or -1. */
static int child_pos(const void *fdt, const char *name)
{
    const char *names[64];
    int n = children(fdt, names, 64), i;

    for (i = 0; i < n && i < 64; i++)
        if (!strcmp(names[i], name))
            return i;
    return -1;
}

static uint32_t cell(const void *fdt, const char *path, const char *prop,
                     int idx)
{
    int node = fdt_path_offset(fdt, path), len;
    const fdt32_t *p;

    if (node < 0)
        fail_msg("no node %s", path);
    p = fdt_getprop(fdt, node, prop, &len);
    if (!p || len < (idx + 1) * 4)
        fail_msg("%s: no %s cell %d", path, prop, idx);
    return fdt32_to_cpu(p[idx]);
}

static bool has_prop(const void *fdt, const char *path, const char *prop)
{
    int node = fdt_path_offset(fdt, path);

    return node >= 0 && fdt_getprop(fdt, node, prop, NULL) != NULL;
}

/* A guest with room for the 32 MiB test kernel. */
#define V "name=\"v\"\nmemory=256\n"

#define DISK_VIRTIO \
    "disk=[\"format=raw,vdev=xvda,access=rw,specification=virtio," \
    "target=/nonexistent.img\"]\n"

/* Disks first, then virtio= entries: slot i at 0x2000000 + 0x200 i with
 * SPI 33 + i; grants by default only for a backend other than dom0. */
static void slots_disks_first_then_virtio(void **state)
{
    const void *fdt;
    size_t len;
    axl_guest *g;

    (void)state;
    g = build_ok(20, V DISK_VIRTIO
                 "virtio=[\"type=virtio,device22,transport=mmio\","
                 "\"backend=3,type=virtio,device,transport=mmio\"]\n");
    fdt = axl_guest_dtb(g, &len);
    assert_int_equal(cell(fdt, "/virtio@2000000", "reg", 1), 0x2000000);
    assert_int_equal(cell(fdt, "/virtio@2000000", "interrupts", 1), 1);
    assert_int_equal(cell(fdt, "/virtio@2000000", "interrupts", 2), 0xf01);
    assert_int_equal(cell(fdt, "/virtio@2000200", "interrupts", 1), 2);
    assert_int_equal(cell(fdt, "/virtio@2000400", "interrupts", 1), 3);
    assert_false(has_prop(fdt, "/virtio@2000000", "iommus"));
    assert_false(has_prop(fdt, "/virtio@2000200", "iommus"));
    assert_true(fdt_path_offset(fdt, "/virtio@2000200/i2c") >= 0);
    /* backend=3: grants by default, pointing at domain 3. */
    assert_int_equal(cell(fdt, "/virtio@2000400", "iommus", 0), 65001);
    assert_int_equal(cell(fdt, "/virtio@2000400", "iommus", 1), 3);
    /* 4.20: the grant DMA node comes after every device. */
    assert_int_equal(child_pos(fdt, "xen_iommu"),
                     child_pos(fdt, "virtio@2000400") + 1);
    assert_int_equal(cell(fdt, "/xen_iommu", "phandle", 0), 65001);
    axl_guest_free(g);
}

/* 4.17's libxl: only virtio disks; a non-dom0 backend always uses grants
 * and xen_iommu comes before the first such device. */
static void xen_4_17_virtio_disks_only(void **state)
{
    const void *fdt;
    size_t len;
    axl_guest *g;

    (void)state;
    g = build_ok(17, V
                 "disk=[\"vdev=xvda,specification=virtio,target=/a\","
                 "\"vdev=xvdb,backend=2,specification=virtio,target=/b\"]\n");
    fdt = axl_guest_dtb(g, &len);
    assert_false(has_prop(fdt, "/virtio@2000000", "iommus"));
    assert_int_equal(cell(fdt, "/virtio@2000200", "iommus", 1), 2);
    assert_int_equal(child_pos(fdt, "xen_iommu"),
                     child_pos(fdt, "virtio@2000200") - 1);
    axl_guest_free(g);
    build_fails(17, V "virtio=[\"type=virtio,device,"
                "transport=mmio\"]\n", AXL_ERROR_UNSUPPORTED,
                "no virtio= devices (libxl added them in 4.18");
}

static void grant_usage_and_no_transport(void **state)
{
    const void *fdt;
    size_t len, nr, i;
    const axl_window *w;
    axl_guest *g;
    t_logger lg;

    (void)state;
    assert_int_equal(build_for(20, V "virtio=[\"type=virtio,"
                               "device\",\"type=virtio,device,"
                               "transport=mmio,grant_usage=1\","
                               "\"backend=5,type=virtio,device,"
                               "transport=mmio,grant_usage=0\"]\n", &g, &lg),
                     AXL_OK);
    assert_non_null(strstr(lg.last_warning, "virtio[0]: no transport=mmio"));
    fdt = axl_guest_dtb(g, &len);
    /* The entry without a transport gets no slot. */
    assert_int_equal(cell(fdt, "/virtio@2000000", "iommus", 1), 0);
    assert_false(has_prop(fdt, "/virtio@2000200", "iommus"));
    assert_true(fdt_path_offset(fdt, "/virtio@2000400") < 0);
    w = axl_guest_memmap(g, &nr);
    for (i = 0, len = 0; i < nr; i++)
        len += w[i].owner == AXL_OWNER_VIRTIO;
    assert_int_equal(len, 2);
    axl_guest_free(g);
}

/* No extended region ever covers a virtio device, whatever the policy. */
static void regions_never_over_virtio(void **state)
{
    size_t nr, i, j, nw;
    const axl_range *r;
    const axl_window *w;
    axl_guest *g;

    (void)state;
    g = build_ok(20, V "virtio=[\"type=virtio,device,"
                 "transport=mmio\"]\next_regions=\"holes\"\n"
                 "ext_regions_min_size=\"4K\"\next_regions_align=\"4K\"\n");
    r = axl_guest_ext_regions(g, &nr);
    w = axl_guest_memmap(g, &nw);
    assert_true(nr > 0);
    /* The hole below the virtio window is offered... */
    assert_int_equal(r[0].start, 0);
    assert_int_equal(r[0].last, 0x1ffffff);
    for (i = 0; i < nr; i++) {
        for (j = 0; j < nw; j++) {
            if (w[j].owner != AXL_OWNER_VIRTIO &&
                w[j].owner != AXL_OWNER_VIRTIO_MMIO)
                continue;
            assert_false(r[i].start <= w[j].last && w[j].start <= r[i].last);
        }
    }
    axl_guest_free(g);
}

static void too_many_devices_and_spis(void **state)
{
    char text[4096];
    size_t n;
    int i;

    (void)state;
    n = (size_t)snprintf(text, sizeof(text), V "virtio=[");
    for (i = 0; i < 12; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n,
                              "%s\"type=virtio,device,transport=mmio\"",
                              i ? "," : "");
    snprintf(text + n, sizeof(text) - n, "]\n");
    build_fails(20, text, AXL_ERROR_LAYOUT,
                "virtio[11]: no virtio-mmio slot left");
    build_fails(20, V "virtio=[\"type=virtio,device,"
                "transport=mmio\"]\nirqs=[\"33\"]\n", AXL_ERROR_LAYOUT,
                "irqs: 33 is the SPI of a virtio device");
    build_fails(20, V "nr_spis=961\n", AXL_ERROR_INVAL,
                "nr_spis: 961 is outside 0..960");
    build_fails(17, V "nr_spis=64\n", AXL_ERROR_UNSUPPORTED,
                "no nr_spis (libxl added it in 4.19)");
    /* A config that 4.20 takes. */
    axl_guest_free(build_ok(20, V "nr_spis=960\n"));
}

static void arm_keys_per_version(void **state)
{
    const void *fdt;
    size_t len;
    axl_guest *g;

    (void)state;
    build_fails(17, V "sve=\"256\"\n", AXL_ERROR_UNSUPPORTED,
                "sve: Xen 4.17 has no SVE for guests");
    axl_guest_free(build_ok(20, V "sve=\"hw\"\n"));
    build_fails(17, V "tee=\"ffa\"\n", AXL_ERROR_UNSUPPORTED,
                "no FF-A mediator");
    build_fails(17, V "llc_colors=[\"0-3\"]\n",
                AXL_ERROR_UNSUPPORTED, "no cache colouring");
    axl_guest_free(build_ok(20, V "llc_colors=[\"0-3\",\"7\"]\n"
                            "vpmu=1\n"));
    /* tee="optee": the firmware node, after the vpl011, both versions. */
    g = build_ok(17, V "tee=\"optee\"\nvuart=\"sbsa_uart\"\n");
    fdt = axl_guest_dtb(g, &len);
    assert_true(fdt_path_offset(fdt, "/firmware/optee") >= 0);
    assert_int_equal(child_pos(fdt, "firmware"),
                     child_pos(fdt, "sbsa-pl011") + 1);
    axl_guest_free(g);
}

static void bad_virtio_entries(void **state)
{
    (void)state;
    build_fails(20, V "virtio=[\"type=foo,transport=mmio\"]\n",
                AXL_ERROR_INVAL, "virtio[0]: type \"foo\" is not");
    build_fails(20, V "virtio=[\"backend=drv,type=virtio,device,"
                "transport=mmio\"]\n", AXL_ERROR_INVAL,
                "backend \"drv\" is a domain name");
}

/* The same guest frames onto the same host frames: allowed with a
 * warning; onto other host frames: an error naming both entries. */
static void iomem_overlaps(void **state)
{
    axl_guest *g;
    t_logger lg;

    (void)state;
    assert_int_equal(build_for(20, V "iomem=[\"e6000,10@80000\","
                               "\"e6008,10@80008\"]\n", &g, &lg), AXL_OK);
    assert_true(strstr(lg.last_warning, "iomem[0] and iomem[1] overlap")
                != NULL);
    axl_guest_free(g);
    build_fails(17, V "iomem=[\"e6000,10@80000\","
                "\"e7008,10@80008\"]\n", AXL_ERROR_LAYOUT,
                "iomem[0] and iomem[1] map guest frame 0x80008 to different "
                "host frames");
    /* A run: [0] and [2] agree, [1] (inside [0]) does not. */
    build_fails(20, V "iomem=[\"e6000,100@80000\","
                "\"f0000,1@800ff\",\"e6010,10@80010\"]\n", AXL_ERROR_LAYOUT,
                "iomem[0] and iomem[1] map guest frame 0x800ff");
    /* One page of overlap is an overlap. */
    build_fails(20, V "iomem=[\"e6000,10@80000\","
                "\"f000f,1@8000f\"]\n", AXL_ERROR_LAYOUT,
                "guest frame 0x8000f");
}

static void versions_supported(void **state)
{
    axl_guest *g;
    t_logger lg;

    (void)state;
    assert_true(axl_xen_version_supported(4, 17));
    assert_true(axl_xen_version_supported(4, 20));
    assert_false(axl_xen_version_supported(4, 18));
    assert_false(axl_xen_version_supported(5, 0));
    assert_string_equal(axl_xen_versions_supported(), "4.17, 4.20");
    assert_int_equal(build_for(19, V, &g, &lg),
                     AXL_ERROR_UNSUPPORTED);
    assert_non_null(strstr(lg.last_error, "Xen 4.17, 4.20, not 4.19"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slots_disks_first_then_virtio),
        cmocka_unit_test(xen_4_17_virtio_disks_only),
        cmocka_unit_test(grant_usage_and_no_transport),
        cmocka_unit_test(regions_never_over_virtio),
        cmocka_unit_test(too_many_devices_and_spis),
        cmocka_unit_test(arm_keys_per_version),
        cmocka_unit_test(bad_virtio_entries),
        cmocka_unit_test(iomem_overlaps),
        cmocka_unit_test(versions_supported),
    };

    return cmocka_run_group_tests_name("xen_versions", tests, NULL,
                                       teardown);
}
