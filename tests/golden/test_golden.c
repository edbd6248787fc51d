/*
 * Golden: every config in tests/data/libxl-4.17 (from Debian bookworm's
 * real libxl 4.17) and tests/data/libxl-4.20 (Debian trixie's 4.20), built
 * for that version whatever Xen axl was built against, reproduces its
 * reference DTB byte for byte once /chosen/rng-seed is removed from both.
 * The inputs are synthesised as INPUTS.md describes.  Where libxl is
 * wrong, the corrected output is asserted instead.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "testlib.h"
#include "testref.h"
#include "testrun.h"

static const char *refdir;

static int setup(void **state)
{
    (void)state;
    refdir = t_ref_dir();
    t_ref_inputs();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

static void del_prop(void *blob, const char *path, const char *prop)
{
    int node = fdt_path_offset(blob, path);

    assert_true(node >= 0);
    assert_int_equal(fdt_delprop(blob, node, prop), 0);
}

static void one_reference(unsigned int minor, const char *name)
{
    char refpath[1024];
    size_t ref_len, len;
    void *ref, *ours;
    const void *blob;
    axl_guest *g = t_ref_build_for(4, minor, name, NULL, NULL);

    snprintf(refpath, sizeof(refpath), "%s/%s.dtb",
             t_ref_dir_for(4, minor), name);
    ref = t_read_file(refpath, &ref_len);
    blob = axl_guest_dtb(g, &len);
    assert_int_equal(fdt_check_full(blob, len), 0);
    ours = malloc(len);
    assert_non_null(ours);
    memcpy(ours, blob, len);

    del_prop(ref, "/chosen", "rng-seed");
    del_prop(ours, "/chosen", "rng-seed");
    if (len != ref_len || memcmp(ours, ref, len))
        fail_msg("%s: the DTB differs from libxl 4.%u's (%zu vs %zu bytes)",
                 name, minor, len, ref_len);
    free(ref);
    free(ours);
    axl_guest_free(g);
}

static int references_of(unsigned int minor)
{
    DIR *d;
    struct dirent *e;
    int n = 0;

    d = opendir(t_ref_dir_for(4, minor));
    assert_non_null(d);
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        char name[256];

        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg"))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(l - 4), e->d_name);
        print_message("reference 4.%u %s\n", minor, name);
        one_reference(minor, name);
        n++;
    }
    closedir(d);
    return n;
}

static void all_references_match_4_17(void **state)
{
    (void)state;
    assert_int_equal(references_of(17), 14);
}

static void all_references_match_4_20(void **state)
{
    (void)state;
    assert_int_equal(references_of(20), 8);
}

/*
 * libxl 4.17 offers region 1 = 0x5000_0000..0xffff_ffff even when iomem=
 * maps a device at 0x8000_0000 inside it (a guest would map grants over
 * the device).  axl splits the region around the mapping; every other byte
 * of the tree is libxl's.
 */
static void iomem_in_bank_tail_is_corrected(void **state)
{
    static const uint64_t want[] = {
        0x38000000, 0x01000000,       /* region 0: grant table */
        0x50000000, 0x30000000,       /* up to the mapping */
        0x80200000, 0x7fe00000,       /* after it, 2 MiB aligned */
        0x200000000, 0xfe00000000,    /* bank 1 */
    };
    char refpath[1024];
    size_t ref_len, len, i;
    void *ref, *ours;
    const void *blob;
    const void *reg;
    int node, plen;
    axl_guest *g = t_ref_build("base", "iomem=[\"9000,10@80000\"]", NULL);

    (void)state;
    blob = axl_guest_dtb(g, &len);
    node = fdt_path_offset(blob, "/hypervisor");
    reg = fdt_getprop(blob, node, "reg", &plen);
    assert_non_null(reg);
    assert_int_equal(plen, sizeof(want));
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        fdt64_t v;

        memcpy(&v, (const char *)reg + 8 * i, sizeof(v));  /* unaligned */
        assert_int_equal(fdt64_to_cpu(v), want[i]);
    }

    snprintf(refpath, sizeof(refpath), "%s/base.dtb", refdir);
    ref = t_read_file(refpath, &ref_len);
    ours = malloc(len);
    assert_non_null(ours);
    memcpy(ours, blob, len);
    del_prop(ref, "/chosen", "rng-seed");
    del_prop(ours, "/chosen", "rng-seed");
    del_prop(ref, "/hypervisor", "reg");
    del_prop(ours, "/hypervisor", "reg");
    assert_int_equal(fdt_pack(ref), 0);
    assert_int_equal(fdt_pack(ours), 0);
    assert_int_equal(fdt_totalsize(ours), fdt_totalsize(ref));
    assert_memory_equal(ours, ref, fdt_totalsize(ref));
    free(ref);
    free(ours);
    axl_guest_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_references_match_4_17),
        cmocka_unit_test(all_references_match_4_20),
        cmocka_unit_test(iomem_in_bank_tail_is_corrected),
    };

    return cmocka_run_group_tests_name("golden", tests, setup, teardown);
}
