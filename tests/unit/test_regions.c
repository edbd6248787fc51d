/*
 * Extended regions, policy "ram": libxl compatibility where libxl is
 * right, the corrections where it is not, and invariants over thousands of
 * random configs and every address width.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "axl_internal.h"
#include "arch-arm.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* libxl 4.17's formula, restated: each bank's tail from the 2 MiB rounded
 * end of RAM to min(bank end, 2^bits - 1), kept if at least 64 MiB. */
static size_t libxl_regions(uint64_t mem, unsigned int bits, axl_range *out)
{
    const uint64_t base[2] = { GUEST_RAM0_BASE, GUEST_RAM1_BASE };
    const uint64_t size[2] = { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE };
    uint64_t width_last = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
    size_t n = 0;
    int i;

    for (i = 0; i < 2; i++) {
        uint64_t in_bank = mem < size[i] ? mem : size[i];
        uint64_t start = base[i] + ((in_bank + 2 * MIB - 1) & ~(2 * MIB - 1));
        uint64_t end = base[i] + size[i] - 1;

        mem -= in_bank;
        if (end > width_last)
            end = width_last;
        if (end > start && end - start + 1 >= 64 * MIB) {
            out[n].start = start;
            out[n].last = end;
            n++;
        }
    }
    return n;
}

static void matches_libxl_formula(void **state)
{
    int round;

    (void)state;
    for (round = 0; round < 2000; round++) {
        /* Sizes in MiB, biased towards the 3 GiB bank boundary. */
        uint64_t mib = round % 3 ? 64 + rnd() % 8192 : 2900 + rnd() % 300;
        unsigned int bits = 32 + (unsigned int)(rnd() % 33);
        axl_domain_config cfg;
        axl_build_options o;
        axl_guest *g = NULL;
        const axl_range *r;
        axl_range want[2];
        size_t nr, nw, i;
        char text[128];

        snprintf(text, sizeof(text), "name=\"r\"\nmemory=%llu\n",
                 (unsigned long long)mib);
        t_config_from_text(text, &cfg);
        axl_build_options_init(&o);
        o.rng_seed = AXL_RNG_SEED_NONE;
        o.gpaddr_bits = bits;
        if (t_build(&cfg, &o, &g, NULL)) {
            /* Only RAM beyond the address width may fail. */
            assert_true(mib * MIB > GUEST_RAM0_SIZE);
            assert_true(GUEST_RAM1_BASE + mib * MIB - GUEST_RAM0_SIZE >
                        (1ULL << bits));
            axl_domain_config_dispose(&cfg);
            continue;
        }
        r = axl_guest_ext_regions(g, &nr);
        nw = libxl_regions(mib * MIB, bits, want);
        assert_int_equal(nr, nw);
        for (i = 0; i < nr; i++) {
            assert_int_equal(r[i].start, want[i].start);
            assert_int_equal(r[i].last, want[i].last);
        }
        axl_guest_free(g);
        axl_domain_config_dispose(&cfg);
    }
}

/* Every region against the map, and maximality: one more 2 MiB block on
 * either side would hit a window, the bank edge or the address width. */
static void check_invariants(const axl_guest *g, unsigned int bits)
{
    const uint64_t base[2] = { GUEST_RAM0_BASE, GUEST_RAM1_BASE };
    const uint64_t size[2] = { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE };
    uint64_t width_last = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
    const axl_window *w;
    const axl_range *r;
    size_t nw, nr, i, j;

    const axl_ext_note *n;
    size_t nn;

    w = axl_guest_memmap(g, &nw);
    r = axl_guest_ext_regions(g, &nr);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 1; i < nn; i++)                     /* in address order */
        assert_true(n[i].range.start >= n[i - 1].range.start);
    for (i = 0; i < nn; i++) {                   /* never over a region */
        for (j = 0; j < nr; j++)
            assert_false(n[i].range.start <= r[j].last &&
                         r[j].start <= n[i].range.last &&
                         n[i].reason != AXL_EXT_BANK_FULL);
    }
    for (i = 0; i < nr; i++) {
        bool in_bank = false;
        int b;

        assert_true(r[i].start <= r[i].last);
        if (i)
            assert_true(r[i].start > r[i - 1].last + 1);   /* sorted, apart */
        assert_true(r[i].last <= width_last);
        assert_int_equal(r[i].start % (2 * MIB), 0);
        assert_int_equal((r[i].last + 1) % (2 * MIB), 0);
        assert_true(r[i].last - r[i].start + 1 >= 64 * MIB);
        for (j = 0; j < nw; j++)
            assert_false(r[i].start <= w[j].last && w[j].start <= r[i].last);
        for (b = 0; b < 2; b++) {
            if (r[i].start >= base[b] && r[i].last <= base[b] + size[b] - 1) {
                uint64_t lo = r[i].start - 2 * MIB;
                uint64_t hi = r[i].last + 2 * MIB;
                bool lo_blocked = r[i].start == base[b];
                bool hi_blocked = r[i].last == base[b] + size[b] - 1 ||
                                  r[i].last == width_last ||
                                  hi > width_last;

                in_bank = true;
                for (j = 0; j < nw; j++) {
                    if (w[j].start <= r[i].start - 1 && lo <= w[j].last)
                        lo_blocked = true;
                    if (w[j].start <= hi && r[i].last + 1 <= w[j].last)
                        hi_blocked = true;
                }
                assert_true(lo_blocked);
                assert_true(hi_blocked);
            }
        }
        assert_true(in_bank);
    }
}

static void random_configs_keep_invariants(void **state)
{
    int round, built = 0;

    (void)state;
    for (round = 0; round < 3000; round++) {
        char text[8192];
        size_t len;
        unsigned int bits = 32 + (unsigned int)(rnd() % 33), n, k;
        axl_domain_config cfg;
        axl_build_options o;
        axl_guest *g = NULL;

        len = (size_t)snprintf(text, sizeof(text),
                               "name=\"rand\"\nmemory=%llu\nvcpus=%u\n"
                               "gic_version=\"%s\"\n%s",
                               (unsigned long long)(16 + rnd() % 6000),
                               1 + (unsigned int)(rnd() % 8),
                               rnd() % 2 ? "v2" : "v3",
                               rnd() % 2 ? "vuart=\"sbsa_uart\"\n" : "");
        /* iomem entries anywhere in the two banks' span. */
        n = (unsigned int)(rnd() % 8);
        len += (size_t)snprintf(text + len, sizeof(text) - len, "iomem=[");
        for (k = 0; k < n; k++) {
            uint64_t gfn = rnd() % 2 ? 0x40000 + rnd() % 0xc0000
                                     : 0x200000 + rnd() % 0x400000;
            len += (size_t)snprintf(text + len, sizeof(text) - len,
                                    "%s\"%llx,%llx@%llx\"", k ? "," : "",
                                    (unsigned long long)(0x80000 + k),
                                    (unsigned long long)(1 + rnd() % 0x20000),
                                    (unsigned long long)gfn);
        }
        snprintf(text + len, sizeof(text) - len, "]\n");
        t_config_from_text(text, &cfg);
        axl_build_options_init(&o);
        o.rng_seed = AXL_RNG_SEED_NONE;
        o.gpaddr_bits = bits;
        if (!t_build(&cfg, &o, &g, NULL)) {
            check_invariants(g, bits);
            built++;
            axl_guest_free(g);
        }
        axl_domain_config_dispose(&cfg);
    }
    /* Most random configs are valid: the invariants really ran. */
    assert_true(built > 1500);
}

static void every_width_is_defined(void **state)
{
    unsigned int bits;

    (void)state;
    for (bits = 1; bits <= 64; bits++) {
        axl_domain_config cfg;
        axl_build_options o;
        axl_guest *g = NULL;
        t_logger lg;
        int rc;

        t_config_from_text("name=\"w\"\nmemory=4096\n", &cfg);
        axl_build_options_init(&o);
        o.rng_seed = AXL_RNG_SEED_NONE;
        o.gpaddr_bits = bits;
        t_logger_init(&lg);
        rc = t_build(&cfg, &o, &g, &lg);
        /* 4 GiB of RAM reaches 0x2_3fff_ffff: 34 bits at least. */
        if (bits < 34) {
            assert_int_equal(rc, AXL_ERROR_LAYOUT);
            assert_non_null(strstr(lg.last_error, "beyond the"));
        } else {
            assert_int_equal(rc, AXL_OK);
            check_invariants(g, bits);
            axl_guest_free(g);
        }
        axl_domain_config_dispose(&cfg);
    }
}

/* libxl 4.17 offers the whole bank-0 tail even over this iomem mapping
 * (seen with Debian's 4.17); the region must be split around it. */
static void iomem_in_tail_is_cut_out(void **state)
{
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_range *r;
    const axl_ext_note *n;
    size_t nr, nn, i;
    bool noted = false;

    (void)state;
    /* 16 pages at 0x8000_0000 inside bank 0's tail (0x5000_0000..). */
    t_config_from_text("name=\"io\"\nmemory=256\n"
                       "iomem=[\"9000,10@80000\"]\n", &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].start, 0x50000000);
    assert_int_equal(r[0].last, 0x7fffffff);
    assert_int_equal(r[1].start, 0x80200000);    /* next 2 MiB boundary */
    assert_int_equal(r[1].last, 0xffffffff);
    assert_int_equal(r[2].start, GUEST_RAM1_BASE);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 0; i < nn; i++) {
        if (n[i].reason == AXL_EXT_OVERLAP) {
            assert_int_equal(n[i].window.owner, AXL_OWNER_IOMEM);
            assert_int_equal(n[i].range.start, 0x80000000);
            assert_int_equal(n[i].range.last, 0x8000ffff);
            noted = true;
        }
    }
    assert_true(noted);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

/* A piece left between two iomem ranges smaller than 64 MiB is dropped. */
static void small_piece_between_iomem_is_dropped(void **state)
{
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_range *r;
    const axl_ext_note *n;
    size_t nr, nn, i;
    bool small = false;

    (void)state;
    /* iomem at 0x6000_0000 and 0x6200_0000 (32 MiB apart). */
    t_config_from_text("name=\"io2\"\nmemory=256\n"
                       "iomem=[\"1,1@60000\", \"2,1@62000\"]\n", &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].start, 0x50000000);
    assert_int_equal(r[0].last, 0x5fffffff);
    assert_int_equal(r[1].start, 0x62200000);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 0; i < nn; i++)
        if (n[i].reason == AXL_EXT_TOO_SMALL &&
            n[i].range.start == 0x60001000 && n[i].range.last == 0x61ffffff)
            small = true;
    assert_true(small);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

/* Partial-device-tree devices in a bank tail are never advertised (libxl
 * never looks at them). The bus translates child 0x0 to 0x9000_0000. */
static void partial_dt_reg_is_cut_out(void **state)
{
    static const char dts[] =
        "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
        "  passthrough { compatible = \"simple-bus\"; #address-cells = <1>;\n"
        "    #size-cells = <1>; ranges = <0x0 0x0 0x90000000 0x1000000>;\n"
        "    dev@0 { compatible = \"acme,dev\"; reg = <0x0 0x200000>; };\n"
        "  };\n};\n";
    char cmd[1024], text[512];
    const char *dtc = getenv("DTC");
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_range *r;
    const axl_window *w;
    size_t nr, nw, i;
    bool found = false;

    (void)state;
    t_write(t_path("pt.dts"), dts, sizeof(dts) - 1);
    snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb -o %s %s",
             dtc ? dtc : "dtc", t_path("pt.dtb"), t_path("pt.dts"));
    assert_int_equal(system(cmd), 0);
    snprintf(text, sizeof(text), "name=\"pt\"\nmemory=256\n"
             "device_tree=\"%s\"\n", t_path("pt.dtb"));
    t_config_from_text(text, &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    w = axl_guest_memmap(g, &nw);
    for (i = 0; i < nw; i++) {
        if (w[i].owner == AXL_OWNER_PARTIAL_DT) {
            assert_int_equal(w[i].start, 0x90000000);
            assert_int_equal(w[i].last, 0x901fffff);
            assert_string_equal(w[i].label, "/passthrough/dev@0");
            found = true;
        }
    }
    assert_true(found);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].last, 0x8fffffff);
    assert_int_equal(r[1].start, 0x90200000);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

/* A bus without "ranges" is not memory-mapped: its children's reg are
 * left out of the map (and so do not cut the regions), while a sibling
 * bus with an identity "ranges" translates as usual. */
static void partial_dt_bus_without_ranges(void **state)
{
    static const char dts[] =
        "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
        "  passthrough { compatible = \"simple-bus\"; #address-cells = <2>;\n"
        "    #size-cells = <2>; ranges;\n"
        "    i2c { #address-cells = <2>; #size-cells = <2>;\n"
        "      dev@90000000 { reg = <0x0 0x90000000 0x0 0x200000>; }; };\n"
        "    mapped { #address-cells = <2>; #size-cells = <2>; ranges;\n"
        "      dev@a0000000 { reg = <0x0 0xa0000000 0x0 0x1000>; }; };\n"
        "  };\n};\n";
    char cmd[1024], text[512];
    const char *dtc = getenv("DTC");
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_range *r;
    const axl_window *w;
    size_t nr, nw, i, pdt = 0;

    (void)state;
    t_write(t_path("nr.dts"), dts, sizeof(dts) - 1);
    snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb -o %s %s",
             dtc ? dtc : "dtc", t_path("nr.dtb"), t_path("nr.dts"));
    assert_int_equal(system(cmd), 0);
    snprintf(text, sizeof(text), "name=\"nr\"\nmemory=256\n"
             "device_tree=\"%s\"\n", t_path("nr.dtb"));
    t_config_from_text(text, &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    w = axl_guest_memmap(g, &nw);
    for (i = 0; i < nw; i++) {
        if (w[i].owner != AXL_OWNER_PARTIAL_DT)
            continue;
        pdt++;
        assert_int_equal(w[i].start, 0xa0000000);
        assert_string_equal(w[i].label, "/passthrough/mapped/dev@a0000000");
    }
    assert_int_equal(pdt, 1);
    /* Region 1 is cut at the mapped device only, not at 0x9000_0000. */
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 3);
    assert_int_equal(r[0].start, 0x50000000);
    assert_int_equal(r[0].last, 0x9fffffff);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

/* libxl 4.21 sorts the caller's iomem array in place: axl must not. */
static void caller_config_is_untouched(void **state)
{
    axl_domain_config cfg;
    axl_iomem copy[3];
    axl_guest *g = NULL;

    (void)state;
    t_config_from_text("name=\"c\"\nmemory=512\niomem=[\"3,1@c0000\", "
                       "\"2,1@a0000\", \"1,1@90000\"]\n", &cfg);
    memcpy(copy, cfg.iomem, sizeof(copy));
    assert_int_equal(cfg.memory_kb, 512 * 1024);
    assert_int_equal(cfg.maxmem_kb, 0);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    assert_memory_equal(copy, cfg.iomem, sizeof(copy));
    assert_int_equal(cfg.maxmem_kb, 0);          /* defaults not written */
    assert_int_equal(cfg.vcpus, 0);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

static void full_bank0_and_small_tail_notes(void **state)
{
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_ext_note *n;
    size_t nn, i;
    bool full = false, small = false;

    (void)state;
    t_config_from_text("name=\"f\"\nmemory=3072\n", &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 0; i < nn; i++)
        if (n[i].reason == AXL_EXT_BANK_FULL && n[i].bank == 0)
            full = true;
    assert_true(full);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);

    t_config_from_text("name=\"s\"\nmemory=3030\n", &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 0; i < nn; i++)
        if (n[i].reason == AXL_EXT_TOO_SMALL &&
            n[i].range.start == GUEST_RAM0_BASE + 3030 * MIB &&
            n[i].range.last == GUEST_RAM0_BASE + GUEST_RAM0_SIZE - 1)
            small = true;
    assert_true(small);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_libxl_formula),
        cmocka_unit_test(random_configs_keep_invariants),
        cmocka_unit_test(every_width_is_defined),
        cmocka_unit_test(iomem_in_tail_is_cut_out),
        cmocka_unit_test(small_piece_between_iomem_is_dropped),
        cmocka_unit_test(partial_dt_reg_is_cut_out),
        cmocka_unit_test(partial_dt_bus_without_ranges),
        cmocka_unit_test(caller_config_is_untouched),
        cmocka_unit_test(full_bank0_and_small_tail_notes),
    };

    return cmocka_run_group_tests_name("regions", tests, NULL, teardown);
}
