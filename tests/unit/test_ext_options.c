/*
 * Extended-region policies and options (issue 4): ext_regions = "ram" |
 * "holes" | "none", ext_regions_min_size, _align, _max, _limit, _size and
 * _require, as the config gives them to axl_guest_build.
 *
 * 1. A table: each row is config text and an address width, and the exact
 *    regions it must give (or the error), with the notes of the rule the
 *    row is about.  Every answer is worked out by hand from the layout
 *    below; the comment above each row says why it is what it is.  Each
 *    successful row also checks /hypervisor reg in the device tree.
 * 2. Thousands of random configs under every policy and random option
 *    values, checked against the invariants, against an independent model
 *    (an interval sweep written here) and, on small address widths, against
 *    a brute-force bitmap of aligned blocks.
 * 3. The warnings: regions arm64 Linux cannot use, 32-bit guests.
 * 4. The notes: every candidate byte is advertised or explained, and each
 *    note names the RAM bank it is about.
 *
 * The layout (arch-arm.h, Xen 4.17) that every row's answer follows:
 *   0x0200_0000 +1M  virtio-mmio window, reserved whether used or not
 *   0x0300_1000 +64K GICv3 distributor   0x0302_0000 +16M redistributors
 *   0x0300_1000 +4K  GICv2 distributor   0x0300_2000 +8K  GICv2 CPU if.
 *   0x2200_0000 +4K  vpl011, only with vuart = "sbsa_uart"
 *   0x3800_0000 +16M grant table         0x3900_0000 +16M magic pages
 *   0x4000_0000 +3G  RAM bank 0          0x2_0000_0000 +1016G RAM bank 1
 *   (vPCI ECAM 0x1000_0000, ACPI 0x2000_0000, vPCI MEM 0x2300_0000 and the
 *   vPCI prefetchable window 0x1_0000_0000 are unused by these guests.)
 * With memory = 256 (BASE) RAM is 0x4000_0000..0x4fff_ffff, so "ram" has
 *   T0 = 0x5000_0000..0xffff_ffff        bank 0 tail, 2.75 GiB
 *   T1 = 0x2_0000_0000..0xff_ffff_ffff   bank 1 tail, 1016 GiB (40 bits)
 * and "holes" (2 MiB alignment, 64 MiB minimum) has
 *   0..0x1ff_ffff            32 MiB below the virtio-mmio window and
 *   0x210_0000..0x300_0fff   15 MiB above it: both too small
 *   0x301_1000..0x301_ffff   (between GICD and GICR): no 2 MiB block
 *   H1 = 0x420_0000..0x37ff_ffff  830 MiB: from the GICR end (0x401_ffff)
 *        rounded up to 2 MiB, over the unused vPCI ECAM, ACPI, vpl011 and
 *        vPCI MEM windows, to the grant table
 *   H2 = 0x3a00_0000..0x3fff_ffff 96 MiB between the magic pages and RAM;
 *        it holds no 128 MiB-aligned 128 MiB section (a Linux warning)
 *   H3 = 0x5000_0000..0xff_ffff_ffff  bank 0 tail, the unused prefetchable
 *        window, the gap and bank 1: one range of 1022.75 GiB
 * The RAM windows of T0 + T1 total 0xfe_b000_0000 bytes (1018.75 GiB).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "testlib.h"
#include "axl_cmd.h"
#include "arch-arm.h"

#define KIB (UINT64_C(1) << 10)
#define MIB (UINT64_C(1) << 20)
#define GIB (UINT64_C(1) << 30)

typedef unsigned __int128 u128;

/* ---- helpers ---------------------------------------------------------- */

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/*
 * Parses xl.cfg @text as the command does (with a kernel line first, the
 * 32 MiB Image of t_config_from_text), with stderr captured into @err.
 * Returns the parser's result (0 or -1).
 */
static int parse_capture(const char *text, axl_domain_config *cfg,
                         char *err, size_t errlen)
{
    static char buf[65536];
    const char *kernel = t_path("Image"), *cap = t_path("stderr.txt");
    FILE *f;
    size_t n;
    int saved, fd, rc;

    if (access(kernel, F_OK))
        t_make_image64(kernel, 32 << 20, 0);
    snprintf(buf, sizeof(buf), "kernel = \"%s\"\n%s", kernel, text);
    axl_domain_config_init(cfg);
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    fd = open(cap, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);
    rc = axl_parse_config_data("test.cfg", buf, strlen(buf), cfg);
    fflush(stderr);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    f = fopen(cap, "r");
    assert_non_null(f);
    n = fread(err, 1, errlen - 1, f);
    err[n] = '\0';
    fclose(f);
    return rc;
}

static unsigned int count_str(const char *hay, const char *needle)
{
    unsigned int n = 0;

    while ((hay = strstr(hay, needle))) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

static u128 rsize128(const axl_range *r)
{
    return (u128)r->last - r->start + 1;
}

/* "[0x..,0x..] [..]" of @n ranges into @buf. */
static void ranges_str(const axl_range *r, size_t n, char *buf, size_t len)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used,
                                 " [%#"PRIx64",%#"PRIx64"]", r[i].start,
                                 r[i].last);
}

static void notes_str(const axl_ext_note *n, size_t nn, char *buf,
                      size_t len)
{
    size_t i, used = 0;

    buf[0] = '\0';
    for (i = 0; i < nn && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used,
                                 "\n    [%#"PRIx64",%#"PRIx64"] %s %s%s%s",
                                 n[i].range.start, n[i].range.last,
                                 n[i].verdict == AXL_EXT_DROPPED ? "dropped"
                                                                 : "trimmed",
                                 axl_ext_reason_to_string(n[i].reason),
                                 n[i].reason == AXL_EXT_OVERLAP ? " " : "",
                                 n[i].reason == AXL_EXT_OVERLAP ?
                                 axl_owner_to_string(n[i].window.owner) : "");
}

/* /hypervisor reg must be the grant table, then exactly the regions. */
static void check_dt_reg(const axl_guest *g)
{
    size_t len, nr, i;
    const void *b = axl_guest_dtb(g, &len);
    const axl_range *r = axl_guest_ext_regions(g, &nr);
    const unsigned char *p;
    int node, plen;

    assert_int_equal(fdt_check_header(b), 0);
    node = fdt_path_offset(b, "/hypervisor");
    assert_true(node >= 0);
    p = fdt_getprop(b, node, "reg", &plen);
    assert_non_null(p);
    assert_int_equal((size_t)plen, 16 * (nr + 1));
    for (i = 0; i <= nr; i++) {
        fdt64_t a, s;
        uint64_t want_a = i ? r[i - 1].start : GUEST_GNTTAB_BASE;
        uint64_t want_s = i ? r[i - 1].last - r[i - 1].start + 1
                            : GUEST_GNTTAB_SIZE;

        memcpy(&a, p + 16 * i, 8);
        memcpy(&s, p + 16 * i + 8, 8);
        assert_int_equal(fdt64_to_cpu(a), want_a);
        assert_int_equal(fdt64_to_cpu(s), want_s);
    }
}

/* ---- 1. the table ---------------------------------------------------- */

#define MAXR 8
#define MAXN 10

typedef struct xnote {
    uint64_t start, last;
    int verdict;            /* AXL_EXT_DROPPED / AXL_EXT_TRIMMED */
    int reason;             /* AXL_EXT_* */
    int owner;              /* with AXL_EXT_OVERLAP: AXL_OWNER_*; else -1 */
} xnote;

/* The parser refuses the text (positive: no AXL_ERROR_* is). */
#define PARSE_ERROR 1
/* An expected number of logger warnings; 0 in the row: not checked. */
#define WARN(n) ((n) + 1)

typedef struct row {
    const char *name;
    const char *text;           /* xl.cfg text, after the kernel line */
    unsigned int bits;          /* gpaddr_bits; 0: the default 40 */
    int rc;                     /* AXL_OK, AXL_ERROR_*, or PARSE_ERROR */
    const char *msg;            /* when rc != 0: in the one error line */
    const char *msg2;           /* and this too, if not NULL */
    axl_range regions[MAXR];    /* exactly these; ends at last == 0 */
    xnote notes[MAXN];          /* must be among the notes; ends at {0} */
    /* The notes are exactly notes[] (otherwise: notes[] must be present,
     * and the budget/limit/width notes counted exactly). */
    bool exact;
    int warnings;               /* WARN(n), or 0: not checked */
    void (*tweak)(axl_domain_config *cfg); /* after parsing */
} row;

#define R(s, l) { (s), (l) }
/* N(T0_, DROPPED, TOO_SMALL): the range macros expand first. */
#define N(...) N_(__VA_ARGS__)
#define N_(s, l, v, why) { (s), (l), AXL_EXT_##v, AXL_EXT_##why, -1 }
#define OV(s, l, own) \
    { (s), (l), AXL_EXT_TRIMMED, AXL_EXT_OVERLAP, AXL_OWNER_##own }

#define BASE "name = \"t\"\nmemory = 256\n"
#define HOLES BASE "ext_regions = \"holes\"\n"

#define T0 R(0x50000000, 0xffffffff)
#define T1 R(0x200000000, 0xffffffffff)
#define H1 R(0x4200000, 0x37ffffff)
#define H2 R(0x3a000000, 0x3fffffff)
#define H3 R(0x50000000, 0xffffffffff)
#define T0_ 0x50000000, 0xffffffff
#define T1_ 0x200000000, 0xffffffffff
#define H1_ 0x4200000, 0x37ffffff
#define H2_ 0x3a000000, 0x3fffffff

static void tweak_align_3000(axl_domain_config *c) { c->ext.align = 0x3000; }
static void tweak_align_2k(axl_domain_config *c) { c->ext.align = 2048; }
static void tweak_max_big(axl_domain_config *c)
{
    c->ext.max = (1 << 20) + 1;
}
static void tweak_max_default(axl_domain_config *c) { c->ext.max = -1; }
static void tweak_policy_bad(axl_domain_config *c)
{
    c->ext.policy = (axl_ext_policy)9;
}
static void tweak_max_2pow20(axl_domain_config *c) { c->ext.max = 1 << 20; }

static const row rows[] = {
    /* ---- policies ---- */
    /* No key: "ram", libxl's two bank tails; nothing in them, no notes. */
    { .name = "ram: the default", .text = BASE,
      .regions = { T0, T1 }, .exact = true, .warnings = WARN(0) },
    { .name = "ram: explicit", .text = BASE "ext_regions = \"ram\"\n",
      .regions = { T0, T1 }, .exact = true, .warnings = WARN(0) },
    /* The documented defaults, written out, change nothing. */
    { .name = "ram: every default written out",
      .text = BASE "ext_regions_min_size = \"64M\"\n"
              "ext_regions_align = \"2M\"\next_regions_max = 256\n",
      .regions = { T0, T1 }, .exact = true, .warnings = WARN(0) },
    /* "none": region 0 only, no candidates, so no notes and no warning. */
    { .name = "none: region 0 only", .text = BASE "ext_regions = \"none\"\n",
      .exact = true, .warnings = WARN(0) },
    /* See the header: H1-H3; the pieces around the virtio-mmio window are
     * too small, the 60 KiB between GICD and GICR holds no 2 MiB block;
     * H2 warns. */
    { .name = "holes: GICv3, no vuart", .text = HOLES,
      .regions = { H1, H2, H3 },
      .notes = { N(0, 0x1ffffff, DROPPED, TOO_SMALL),
                 OV(0x2000000, 0x20fffff, VIRTIO_MMIO),
                 N(0x2100000, 0x3000fff, DROPPED, TOO_SMALL),
                 OV(0x3001000, 0x3010fff, GIC_DIST),
                 N(0x3011000, 0x301ffff, DROPPED, UNALIGNED),
                 OV(0x3020000, 0x401ffff, GIC_REDIST),
                 N(0x4020000, 0x41fffff, TRIMMED, UNALIGNED),
                 OV(0x38000000, 0x38ffffff, GNTTAB),
                 OV(0x39000000, 0x39ffffff, MAGIC),
                 OV(0x40000000, 0x4fffffff, RAM) },
      .warnings = WARN(1) },
    /* The vpl011 page is used with a vuart: H1 splits at 0x2200_0000 and
     * resumes at the next 2 MiB boundary after 0x2200_0fff. */
    { .name = "holes: vuart splits H1 at the vpl011",
      .text = HOLES "vuart = \"sbsa_uart\"\n",
      .regions = { R(0x4200000, 0x21ffffff), R(0x22200000, 0x37ffffff),
                   H2, H3 },
      .notes = { OV(0x22000000, 0x22000fff, VPL011),
                 N(0x22001000, 0x221fffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(1) },
    /* GICv2: GICD 4K + GICC 8K end at 0x300_3fff, so H1 starts at
     * 0x320_0000 (846 MiB). */
    { .name = "holes: GICv2", .text = HOLES "gic_version = \"v2\"\n",
      .regions = { R(0x3200000, 0x37ffffff), H2, H3 },
      .notes = { N(0, 0x1ffffff, DROPPED, TOO_SMALL),
                 OV(0x2000000, 0x20fffff, VIRTIO_MMIO),
                 N(0x2100000, 0x3000fff, DROPPED, TOO_SMALL),
                 OV(0x3001000, 0x3001fff, GIC_DIST),
                 OV(0x3002000, 0x3003fff, GIC_CPU),
                 N(0x3004000, 0x31fffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(1) },
    /* 16 pages of iomem at 0x8000_0000 split H3; the far piece resumes at
     * 0x8020_0000. */
    { .name = "holes: iomem is never advertised",
      .text = HOLES "iomem = [ \"80000,10\" ]\n",
      .regions = { H1, H2, R(0x50000000, 0x7fffffff),
                   R(0x80200000, 0xffffffffff) },
      .notes = { OV(0x80000000, 0x8000ffff, IOMEM),
                 N(0x80010000, 0x801fffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(1) },
    /* 32 bits: H3 ends at 0xffff_ffff; for "holes" the space above the
     * width is no candidate, so no beyond-width note at all. */
    { .name = "holes: 32-bit width", .text = HOLES, .bits = 32,
      .regions = { H1, H2, R(0x50000000, 0xffffffff) },
      .warnings = WARN(1) },
    /* 32 bits: bank 1 (8 GiB up) is wholly beyond the width. */
    { .name = "ram: 32-bit width", .text = BASE, .bits = 32,
      .regions = { T0 },
      .notes = { N(T1_, DROPPED, BEYOND_WIDTH) }, .exact = true,
      .warnings = WARN(0) },
    /* 36 bits: bank 1's tail stops at 0xf_ffff_ffff. */
    { .name = "ram: 36-bit width", .text = BASE, .bits = 36,
      .regions = { T0, R(0x200000000, 0xfffffffff) },
      .notes = { N(0x1000000000, 0xffffffffff, TRIMMED, BEYOND_WIDTH) },
      .exact = true },
    /* 4 GiB: bank 0 holds 3 GiB (full), bank 1 1 GiB up to
     * 0x2_3fff_ffff. */
    { .name = "ram: bank 0 full", .text = "name = \"t\"\nmemory = 4096\n",
      .regions = { R(0x240000000, 0xffffffffff) },
      .notes = { N(0x40000000, 0xffffffff, DROPPED, BANK_FULL) },
      .exact = true, .warnings = WARN(0) },
    /* The same guest under "holes" also gets the unused vPCI prefetchable
     * window and the gap up to bank 1, 0x1_0000_0000..0x1_ffff_ffff. */
    { .name = "holes: bank 0 full",
      .text = "name = \"t\"\nmemory = 4096\next_regions = \"holes\"\n",
      .regions = { H1, H2, R(0x100000000, 0x1ffffffff),
                   R(0x240000000, 0xffffffffff) },
      .notes = { OV(0x40000000, 0xffffffff, RAM),
                 OV(0x200000000, 0x23fffffff, RAM) },
      .warnings = WARN(1) },
    /* 64 bits: H3 runs to 2^64 - 1, exactly. */
    { .name = "holes: 64-bit width ends at 2^64 - 1", .text = HOLES,
      .bits = 64, .regions = { H1, H2, R(0x50000000, UINT64_MAX) },
      .warnings = WARN(1) },

    /* An iomem page at the very top, 0xffff_ffff_ffff_f000..2^64 - 1: H3
     * ends below it, rounded down to 0xffff_ffff_ffdf_ffff. */
    { .name = "holes: iomem at the top of 64 bits",
      .text = HOLES "iomem = [ \"fffffffffffff,1\" ]\n", .bits = 64,
      .regions = { H1, H2, R(0x50000000, 0xffffffffffdfffff) },
      .notes = { N(0xffffffffffe00000, 0xffffffffffffefff, TRIMMED,
                   UNALIGNED),
                 OV(0xfffffffffffff000, UINT64_MAX, IOMEM) },
      .warnings = WARN(1) },

    /* ---- ext_regions_min_size ---- */
    /* T0 is 2.75 GiB < 3 GiB: dropped; T1 stays. */
    { .name = "min_size: 3G drops the bank-0 tail",
      .text = BASE "ext_regions_min_size = \"3G\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    /* The same size in other spellings. */
    { .name = "min_size: 3072MiB",
      .text = BASE "ext_regions_min_size = \"3072MiB\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    { .name = "min_size: 3145728k",
      .text = BASE "ext_regions_min_size = \"3145728k\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    { .name = "min_size: plain bytes",
      .text = BASE "ext_regions_min_size = \"3221225472\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    { .name = "min_size: hex bytes",
      .text = BASE "ext_regions_min_size = \"0xc0000000\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    { .name = "min_size: an unquoted number",
      .text = BASE "ext_regions_min_size = 3221225472\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, TOO_SMALL) },
      .exact = true },
    /* Exactly T0's 2816 MiB: T0 is kept (at least the minimum). */
    { .name = "min_size: exactly T0 keeps it",
      .text = BASE "ext_regions_min_size = \"2816M\"\n",
      .regions = { T0, T1 }, .exact = true },
    /* H2 is exactly 96 MiB: kept; only the pieces around the virtio-mmio
     * window are too small. */
    { .name = "min_size: equal to H2 keeps H2",
      .text = HOLES "ext_regions_min_size = \"96M\"\n",
      .regions = { H1, H2, H3 },
      .notes = { N(0, 0x1ffffff, DROPPED, TOO_SMALL),
                 N(0x2100000, 0x3000fff, DROPPED, TOO_SMALL) },
      .warnings = WARN(1) },
    /* 97 MiB: H2 goes too, and with it the only Linux warning. */
    { .name = "min_size: one MiB over H2 drops it",
      .text = HOLES "ext_regions_min_size = \"97M\"\n",
      .regions = { H1, H3 },
      .notes = { N(0, 0x1ffffff, DROPPED, TOO_SMALL),
                 N(0x2100000, 0x3000fff, DROPPED, TOO_SMALL),
                 N(H2_, DROPPED, TOO_SMALL) }, .warnings = WARN(0) },
    /* 1 byte: the pieces around the virtio-mmio window become regions
     * (2 MiB aligned: 0..0x1ff_ffff and 0x220_0000..0x2ff_ffff); three
     * regions without a Linux section. */
    { .name = "min_size: 1 byte keeps the pieces at 0",
      .text = HOLES "ext_regions_min_size = \"1\"\n",
      .regions = { R(0, 0x1ffffff), R(0x2200000, 0x2ffffff), H1, H2, H3 },
      .notes = { N(0x2100000, 0x21fffff, TRIMMED, UNALIGNED),
                 N(0x3011000, 0x301ffff, DROPPED, UNALIGNED) },
      .warnings = WARN(3) },
    /* min_size with align 4K: every free page, unrounded; four of the
     * six hold no Linux section. */
    { .name = "min_size 4K with align 4K: every free page",
      .text = HOLES "ext_regions_min_size = \"4K\"\n"
              "ext_regions_align = \"4K\"\n",
      .regions = { R(0, 0x1ffffff), R(0x2100000, 0x3000fff),
                   R(0x3011000, 0x301ffff), R(0x4020000, 0x37ffffff), H2,
                   H3 },
      .warnings = WARN(4) },
    /* min_size with align 64M: 0..0x1ff_ffff and 0x210_0000..0x300_0fff
     * have no 64M block; the
     * 830M piece becomes 0x800_0000..0x37ff_ffff; H2 keeps its upper
     * 64 MiB 0x3c00_0000.. (exactly the minimum); H3 is 64M aligned. */
    { .name = "min_size 64M with align 64M",
      .text = HOLES "ext_regions_min_size = \"64M\"\n"
              "ext_regions_align = \"64M\"\n",
      .regions = { R(0x8000000, 0x37ffffff), R(0x3c000000, 0x3fffffff), H3 },
      .notes = { N(0, 0x1ffffff, DROPPED, UNALIGNED),
                 N(0x2100000, 0x3000fff, DROPPED, UNALIGNED),
                 N(0x4020000, 0x7ffffff, TRIMMED, UNALIGNED),
                 N(0x3a000000, 0x3bffffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(1) },
    /* 2900 MiB: bank 0 tail 0xf540_0000..0xffff_ffff (172 MiB); 128M
     * alignment keeps 0xf800_0000..0xffff_ffff (128M >= 64M). */
    { .name = "align 128M: a 172M tail keeps its aligned 128M",
      .text = "name = \"t\"\nmemory = 2900\next_regions_align = \"128M\"\n",
      .regions = { R(0xf8000000, 0xffffffff), T1 },
      .notes = { N(0xf5400000, 0xf7ffffff, TRIMMED, UNALIGNED) },
      .exact = true, .warnings = WARN(0) },
    /* ...and a 129M minimum then drops that 128M, after alignment; the
     * note covers the whole piece, unaligned head included. */
    { .name = "min_size 129M applies after align 128M",
      .text = "name = \"t\"\nmemory = 2900\next_regions_align = \"128M\"\n"
              "ext_regions_min_size = \"129M\"\n",
      .regions = { T1 },
      .notes = { N(0xf5400000, 0xffffffff, DROPPED, TOO_SMALL) },
      .exact = true },
    /* 256M alignment: 0xf540_0000 rounds up to 0x1_0000_0000, the tail's
     * end: nothing aligned is left. T1 is 256M aligned. */
    { .name = "align 256M leaves nothing of a 172M tail",
      .text = "name = \"t\"\nmemory = 2900\next_regions_align = \"256M\"\n",
      .regions = { T1 },
      .notes = { N(0xf5400000, 0xffffffff, DROPPED, UNALIGNED) },
      .exact = true },

    /* ---- ext_regions_align ---- */
    /* 1G: T0 starts at the next 1 GiB boundary, 0x8000_0000. */
    { .name = "align 1G", .text = BASE "ext_regions_align = \"1G\"\n",
      .regions = { R(0x80000000, 0xffffffff), T1 },
      .notes = { N(0x50000000, 0x7fffffff, TRIMMED, UNALIGNED) },
      .exact = true, .warnings = WARN(0) },
    /* 128M alignment makes every region Linux-usable: H1 becomes
     * 0x800_0000..0x37ff_ffff, H2 (0x3a00_0000..) has no 128M block. */
    { .name = "align 128M: every holes region Linux-usable",
      .text = HOLES "ext_regions_align = \"128M\"\n",
      .regions = { R(0x8000000, 0x37ffffff), H3 },
      .notes = { N(H2_, DROPPED, UNALIGNED) }, .warnings = WARN(0) },
    /* The same with GICv2 and a vuart: the vpl011 splits the low hole
     * into 0x800_0000..0x1fff_ffff and 0x2800_0000..0x37ff_ffff. */
    { .name = "align 128M with GICv2 and vuart",
      .text = HOLES "ext_regions_align = \"128M\"\ngic_version = \"v2\"\n"
              "vuart = \"sbsa_uart\"\n",
      .regions = { R(0x8000000, 0x1fffffff), R(0x28000000, 0x37ffffff), H3 },
      .notes = { OV(0x22000000, 0x22000fff, VPL011),
                 N(0x20000000, 0x21ffffff, TRIMMED, UNALIGNED),
                 N(0x22001000, 0x27ffffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(0) },
    /* 255 MiB of RAM ends at 0x4fef_ffff: with 4K alignment the tail
     * starts right there. */
    { .name = "align 4K keeps an unaligned RAM end",
      .text = "name = \"t\"\nmemory = 255\next_regions_align = \"4K\"\n",
      .regions = { R(0x4ff00000, 0xffffffff), T1 }, .exact = true },
    /* With the default 2M it rounds up to 0x5000_0000 (libxl). */
    { .name = "align 2M (default) rounds it up",
      .text = "name = \"t\"\nmemory = 255\n",
      .regions = { T0, T1 },
      .notes = { N(0x4ff00000, 0x4fffffff, TRIMMED, UNALIGNED) },
      .exact = true },
    /* 2T = 2^41 > the 40-bit space: no aligned block anywhere. */
    { .name = "align 2T leaves nothing at 40 bits",
      .text = BASE "ext_regions_align = \"2T\"\n",
      .notes = { N(T0_, DROPPED, UNALIGNED), N(T1_, DROPPED, UNALIGNED) },
      .exact = true, .warnings = WARN(1) },
    /* 1T at 64 bits: the first 1 TiB boundary above RAM is 2^40; the
     * region runs to 2^64 - 1 (whose end 2^64 is aligned). */
    { .name = "align 1T at 64 bits reaches 2^64 - 1",
      .text = HOLES "ext_regions_align = \"1T\"\n", .bits = 64,
      .regions = { R(0x10000000000, UINT64_MAX) },
      .notes = { N(0x50000000, 0xffffffffff, TRIMMED, UNALIGNED) },
      .warnings = WARN(0) },

    /* ---- ext_regions_max ---- */
    /* The largest is T1 (1016G > 2.75G). */
    { .name = "max 1 keeps the largest",
      .text = BASE "ext_regions_max = 1\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, OVER_MAX) },
      .exact = true, .warnings = WARN(0) },
    { .name = "max: quoted hex", .text = BASE "ext_regions_max = \"0x1\"\n",
      .regions = { T1 }, .notes = { N(T0_, DROPPED, OVER_MAX) },
      .exact = true },
    /* 0: every region over the count; the guest balloons (warning). */
    { .name = "max 0 keeps none", .text = BASE "ext_regions_max = 0\n",
      .notes = { N(T0_, DROPPED, OVER_MAX), N(T1_, DROPPED, OVER_MAX) },
      .exact = true, .warnings = WARN(1) },
    /* As many as there are: nothing dropped. */
    { .name = "max equal to the count keeps all",
      .text = BASE "ext_regions_max = 2\n",
      .regions = { T0, T1 }, .exact = true },
    /* Holes: H1 830M, H2 96M, H3 1022.75G: the two largest are H3, H1. */
    { .name = "max 2 with holes drops H2",
      .text = HOLES "ext_regions_max = 2\n",
      .regions = { H1, H3 }, .notes = { N(H2_, DROPPED, OVER_MAX) },
      .warnings = WARN(0) },
    /* 4 GiB holes: H1, H2, 4G at 0x1_0000_0000, ~1015G from
     * 0x2_4000_0000; the two largest come out in address order. */
    { .name = "max 2 with holes, output sorted",
      .text = "name = \"t\"\nmemory = 4096\next_regions = \"holes\"\n"
              "ext_regions_max = 2\n",
      .regions = { R(0x100000000, 0x1ffffffff),
                   R(0x240000000, 0xffffffffff) },
      .notes = { N(H1_, DROPPED, OVER_MAX), N(H2_, DROPPED, OVER_MAX) },
      .warnings = WARN(0) },
    /* Alignment comes first: with 128M only two regions exist, so max 2
     * drops nothing (H2 is gone for alignment, not for the count). */
    { .name = "max 2 with align 128M: alignment first",
      .text = HOLES "ext_regions_align = \"128M\"\next_regions_max = 2\n",
      .regions = { R(0x8000000, 0x37ffffff), H3 },
      .notes = { N(H2_, DROPPED, UNALIGNED) }, .warnings = WARN(0) },
    { .name = "max 1 with align 128M",
      .text = HOLES "ext_regions_align = \"128M\"\next_regions_max = 1\n",
      .regions = { H3 },
      .notes = { N(0x8000000, 0x37ffffff, DROPPED, OVER_MAX) },
      .warnings = WARN(0) },
    /* 4 MiB of iomem at 0xa7e0_0000 cuts T0 into two equal halves of
     * 0x57e0_0000 bytes (0x5000_0000.. and ..0xffff_ffff from
     * 0xa820_0000); at 32 bits bank 1 is beyond the width.  A tie goes
     * to the lower address. */
    { .name = "max 1, a tie: the lower address wins",
      .text = BASE "iomem = [ \"a7e00,400\" ]\next_regions_max = 1\n",
      .bits = 32, .regions = { R(0x50000000, 0xa7dfffff) },
      .notes = { OV(0xa7e00000, 0xa81fffff, IOMEM),
                 N(0xa8200000, 0xffffffff, DROPPED, OVER_MAX),
                 N(T1_, DROPPED, BEYOND_WIDTH) },
      .exact = true },
    /* The parser's upper bound, 2^20, is accepted by the library. */
    { .name = "max 1048576 is allowed",
      .text = BASE "ext_regions_max = 1048576\n",
      .regions = { T0, T1 }, .exact = true },

    /* ---- ext_regions_limit ---- */
    /* Nothing at or above 4G: T1 goes. */
    { .name = "limit 4G drops the bank-1 tail",
      .text = BASE "ext_regions_limit = \"4G\"\n",
      .regions = { T0 }, .notes = { N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true },
    { .name = "limit 4194304K is 4G",
      .text = BASE "ext_regions_limit = \"4194304K\"\n",
      .regions = { T0 }, .notes = { N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true },
    /* 2G: T0 ends at 0x7fff_ffff. */
    { .name = "limit 2G trims the bank-0 tail",
      .text = BASE "ext_regions_limit = \"2G\"\n",
      .regions = { R(0x50000000, 0x7fffffff) },
      .notes = { N(0x80000000, 0xffffffff, TRIMMED, ABOVE_LIMIT),
                 N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true },
    /* 1G: below both tails (RAM starts at 1G): nothing; warning. */
    { .name = "limit below all RAM tails",
      .text = BASE "ext_regions_limit = \"1G\"\n",
      .notes = { N(T0_, DROPPED, ABOVE_LIMIT), N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true, .warnings = WARN(1) },
    /* 0x8010_0000 is not 2M aligned: capped at 0x800f_ffff, then the
     * end rounds down to 0x7fff_ffff. */
    { .name = "limit unaligned rounds the end down",
      .text = BASE "ext_regions_limit = \"0x80100000\"\n",
      .regions = { R(0x50000000, 0x7fffffff) },
      .notes = { N(0x80000000, 0x800fffff, TRIMMED, UNALIGNED),
                 N(0x80100000, 0xffffffff, TRIMMED, ABOVE_LIMIT),
                 N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true },
    /* 64 MiB left under the limit: exactly the minimum, kept (and it
     * holds no 128M section: one warning). */
    { .name = "limit leaves exactly the minimum",
      .text = BASE "ext_regions_limit = \"0x54000000\"\n",
      .regions = { R(0x50000000, 0x53ffffff) },
      .notes = { N(0x54000000, 0xffffffff, TRIMMED, ABOVE_LIMIT),
                 N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true, .warnings = WARN(1) },
    /* 62 MiB left: too small. */
    { .name = "limit leaves less than the minimum",
      .text = BASE "ext_regions_limit = \"0x53e00000\"\n",
      .notes = { N(0x50000000, 0x53dfffff, DROPPED, TOO_SMALL),
                 N(0x53e00000, 0xffffffff, TRIMMED, ABOVE_LIMIT),
                 N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true, .warnings = WARN(1) },
    /* Holes under 1G: H1 and H2; the rest of the space is one
     * above-the-limit note. */
    { .name = "limit 1G with holes",
      .text = HOLES "ext_regions_limit = \"1G\"\n",
      .regions = { H1, H2 },
      .notes = { N(0x40000000, 0xffffffffff, TRIMMED, ABOVE_LIMIT) },
      .warnings = WARN(1) },
    /* 512M cuts H1 at 0x1fff_ffff. */
    { .name = "limit 512M with holes cuts H1",
      .text = HOLES "ext_regions_limit = \"512M\"\n",
      .regions = { R(0x4200000, 0x1fffffff) },
      .notes = { N(0x20000000, 0xffffffffff, TRIMMED, ABOVE_LIMIT) },
      .warnings = WARN(0) },
    /* A 1-byte limit: only address 0 is a candidate, and no block of it. */
    { .name = "limit 1 with holes",
      .text = HOLES "ext_regions_limit = \"1\"\n",
      .notes = { N(0, 0, DROPPED, UNALIGNED),
                 N(1, 0xffffffffff, TRIMMED, ABOVE_LIMIT) },
      .exact = true, .warnings = WARN(1) },
    /* Above the width (2T at 39 bits) the width decides, and says so. */
    { .name = "limit above the width: the width decides",
      .text = BASE "ext_regions_limit = \"2T\"\n", .bits = 39,
      .regions = { T0, R(0x200000000, 0x7fffffffff) },
      .notes = { N(0x8000000000, 0xffffffffff, TRIMMED, BEYOND_WIDTH) },
      .exact = true },
    /* Below the width (256G at 39 bits) the limit decides. */
    { .name = "limit below the width: the limit decides",
      .text = BASE "ext_regions_limit = \"256G\"\n", .bits = 39,
      .regions = { T0, R(0x200000000, 0x3fffffffff) },
      .notes = { N(0x4000000000, 0xffffffffff, TRIMMED, ABOVE_LIMIT) },
      .exact = true },
    /* 1T = 2^40, the end of the 40-bit space: no cut at all. */
    { .name = "limit 1T at 40 bits cuts nothing",
      .text = BASE "ext_regions_limit = \"1T\"\n",
      .regions = { T0, T1 }, .exact = true },

    /* ---- ext_regions_size ---- */
    /* 1 GiB from the lowest address: 0x5000_0000..0x8fff_ffff. */
    { .name = "size 1G from the lowest address",
      .text = BASE "ext_regions_size = \"1G\"\n",
      .regions = { R(0x50000000, 0x8fffffff) },
      .notes = { N(0x90000000, 0xffffffff, TRIMMED, OVER_SIZE),
                 N(T1_, DROPPED, OVER_SIZE) },
      .exact = true },
    /* 3G: all of T0 (2.75G), then 256M of T1. */
    { .name = "size 3G spills into bank 1",
      .text = BASE "ext_regions_size = \"3G\"\n",
      .regions = { T0, R(0x200000000, 0x20fffffff) },
      .notes = { N(0x210000000, 0xffffffffff, TRIMMED, OVER_SIZE) },
      .exact = true },
    /* 2848M: T0, then 32M left, below the 64M minimum: T1 dropped. */
    { .name = "size remainder below the minimum is dropped",
      .text = BASE "ext_regions_size = \"2848M\"\n",
      .regions = { T0 }, .notes = { N(T1_, DROPPED, OVER_SIZE) },
      .exact = true },
    /* 1025M rounds down to the 2M alignment: 1024M. */
    { .name = "size rounds down to the alignment",
      .text = BASE "ext_regions_size = \"1025M\"\n",
      .regions = { R(0x50000000, 0x8fffffff) },
      .notes = { N(0x90000000, 0xffffffff, TRIMMED, OVER_SIZE),
                 N(T1_, DROPPED, OVER_SIZE) },
      .exact = true },
    /* 1100M rounds down to a 128M multiple: 1024M (0x5000_0000 is 128M
     * aligned). */
    { .name = "size with align 128M rounds to 128M",
      .text = BASE "ext_regions_size = \"1100M\"\n"
              "ext_regions_align = \"128M\"\n",
      .regions = { R(0x50000000, 0x8fffffff) },
      .notes = { N(0x90000000, 0xffffffff, TRIMMED, OVER_SIZE),
                 N(T1_, DROPPED, OVER_SIZE) },
      .exact = true, .warnings = WARN(0) },
    /* max first (keeps T1), then 1G of T1. */
    { .name = "size with max: max first, then size",
      .text = BASE "ext_regions_max = 1\next_regions_size = \"1G\"\n",
      .regions = { R(0x200000000, 0x23fffffff) },
      .notes = { N(T0_, DROPPED, OVER_MAX),
                 N(0x240000000, 0xffffffffff, TRIMMED, OVER_SIZE) },
      .exact = true },
    /* Holes: H1 + H2 = 926M, then 98M (0x620_0000) of H3; the 98M
     * region lacks a Linux section, as H2 does: 2 warnings. */
    { .name = "size 1G with holes",
      .text = HOLES "ext_regions_size = \"1G\"\n",
      .regions = { H1, H2, R(0x50000000, 0x561fffff) },
      .notes = { N(0x56200000, 0xffffffffff, TRIMMED, OVER_SIZE) },
      .warnings = WARN(2) },
    /* Holes with 128M: 768M at 0x800_0000, 132M left -> 128M of H3. */
    { .name = "size 900M with holes and align 128M",
      .text = HOLES "ext_regions_size = \"900M\"\n"
              "ext_regions_align = \"128M\"\n",
      .regions = { R(0x8000000, 0x37ffffff), R(0x50000000, 0x57ffffff) },
      .notes = { N(0x58000000, 0xffffffffff, TRIMMED, OVER_SIZE) },
      .warnings = WARN(0) },
    /* Holes, max 1 keeps H3, then 2G of it. */
    { .name = "size 2G with max 1 and holes",
      .text = HOLES "ext_regions_max = 1\next_regions_size = \"2G\"\n",
      .regions = { R(0x50000000, 0xcfffffff) },
      .notes = { N(H1_, DROPPED, OVER_MAX), N(H2_, DROPPED, OVER_MAX),
                 N(0xd0000000, 0xffffffffff, TRIMMED, OVER_SIZE) },
      .warnings = WARN(0) },
    /* Limit 4G leaves 2.75G, less than the 8G budget: no size note. */
    { .name = "limit with size: the limit is tighter",
      .text = BASE "ext_regions_limit = \"4G\"\n"
              "ext_regions_size = \"8G\"\n",
      .regions = { T0 }, .notes = { N(T1_, DROPPED, ABOVE_LIMIT) },
      .exact = true },
    /* Limit 16G cuts T1 at 0x3_ffff_ffff; size 3G then takes T0 and
     * 256M of what is left of T1. */
    { .name = "limit with size: both cut",
      .text = BASE "ext_regions_limit = \"16G\"\n"
              "ext_regions_size = \"3G\"\n",
      .regions = { T0, R(0x200000000, 0x20fffffff) },
      .notes = { N(0x210000000, 0x3ffffffff, TRIMMED, OVER_SIZE),
                 N(0x400000000, 0xffffffffff, TRIMMED, ABOVE_LIMIT) },
      .exact = true },
    /* Exactly the total of T0 + T1: nothing cut. */
    { .name = "size exactly the total",
      .text = BASE "ext_regions_size = \"0xfeb0000000\"\n",
      .regions = { T0, T1 }, .exact = true },

    /* ---- ext_regions_require ---- */
    { .name = "require with none fails",
      .text = BASE "ext_regions = \"none\"\next_regions_require = \"1\"\n",
      .rc = AXL_ERROR_REQUIRE,
      .msg = "1 B of extended regions required, but only 0 B can be "
             "advertised (policy \"none\")" },
    { .name = "require 0 with none is nothing",
      .text = BASE "ext_regions = \"none\"\next_regions_require = \"0\"\n",
      .exact = true },
    /* T0 + T1 = 1018.75 GiB: met exactly... */
    { .name = "require met exactly",
      .text = BASE "ext_regions_require = \"0xfeb0000000\"\n",
      .regions = { T0, T1 }, .exact = true },
    /* ...and one byte more is not. */
    { .name = "require one byte more fails",
      .text = BASE "ext_regions_require = \"0xfeb0000001\"\n",
      .rc = AXL_ERROR_REQUIRE,
      .msg = "but only 1018.75 GiB can be advertised (policy \"ram\")" },
    { .name = "require with size: met",
      .text = BASE "ext_regions_size = \"1G\"\n"
              "ext_regions_require = \"1G\"\n",
      .regions = { R(0x50000000, 0x8fffffff) },
      .notes = { N(0x90000000, 0xffffffff, TRIMMED, OVER_SIZE),
                 N(T1_, DROPPED, OVER_SIZE) },
      .exact = true },
    /* require > size can never be met: refused before any layout. */
    { .name = "require above size is refused",
      .text = BASE "ext_regions_size = \"1G\"\n"
              "ext_regions_require = \"2G\"\n",
      .rc = AXL_ERROR_INVAL,
      .msg = "ext_regions_require: 2147483648 bytes can never be met with "
             "ext_regions_size = 1073741824" },
    /* size 2848M can only give 2.75G (the 32M rest is below the
     * minimum): a 2848M requirement fails, saying both. */
    { .name = "require with size and the minimum",
      .text = BASE "ext_regions_size = \"2848M\"\n"
              "ext_regions_require = \"2848M\"\n",
      .rc = AXL_ERROR_REQUIRE,
      .msg = "2.78 GiB of extended regions required, but only 2.75 GiB" },
    { .name = "require with limit below all tails",
      .text = BASE "ext_regions_limit = \"1G\"\n"
              "ext_regions_require = \"64M\"\n",
      .rc = AXL_ERROR_REQUIRE,
      .msg = "64 MiB of extended regions required, but only 0 B" },
    /* Holes under 1G: H1 + H2 = 926 MiB. */
    { .name = "require with holes: met",
      .text = HOLES "ext_regions_limit = \"1G\"\n"
              "ext_regions_require = \"926M\"\n",
      .regions = { H1, H2 },
      .notes = { N(0x40000000, 0xffffffffff, TRIMMED, ABOVE_LIMIT) } },
    { .name = "require with holes: 1M short",
      .text = HOLES "ext_regions_limit = \"1G\"\n"
              "ext_regions_require = \"927M\"\n",
      .rc = AXL_ERROR_REQUIRE,
      .msg = "927 MiB of extended regions required, but only 926 MiB can "
             "be advertised (policy \"holes\")" },
    /* max 1 leaves T1 = 1016G. */
    { .name = "require with max",
      .text = BASE "ext_regions_max = 1\next_regions_require = \"1017G\"\n",
      .rc = AXL_ERROR_REQUIRE, .msg = "but only 1016 GiB" },

    /* ---- values the parser refuses (one error line) ---- */
    { .name = "parse: unknown policy",
      .text = BASE "ext_regions = \"all\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions: unknown policy \"all\" (ram, holes or none)" },
    { .name = "parse: policy is a list",
      .text = BASE "ext_regions = [ \"ram\" ]\n", .rc = PARSE_ERROR,
      .msg = "ext_regions: expected a string" },
    { .name = "parse: align 3K",
      .text = BASE "ext_regions_align = \"3K\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_align: ",
      .msg2 = "is not a power of two of at least 4K" },
    { .name = "parse: align 2K",
      .text = BASE "ext_regions_align = \"2K\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_align: ",
      .msg2 = "is not a power of two of at least 4K" },
    { .name = "parse: align 6M",
      .text = BASE "ext_regions_align = \"6M\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_align: ",
      .msg2 = "is not a power of two of at least 4K" },
    { .name = "parse: align 0",
      .text = BASE "ext_regions_align = \"0\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_align: " },
    { .name = "parse: min_size 0",
      .text = BASE "ext_regions_min_size = \"0\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_min_size: " },
    { .name = "parse: min_size 5Q",
      .text = BASE "ext_regions_min_size = \"5Q\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_min_size: \"5Q\" is not a size" },
    { .name = "parse: min_size negative",
      .text = BASE "ext_regions_min_size = \"-64M\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_min_size: \"-64M\" is not a size" },
    { .name = "parse: min_size with a space",
      .text = BASE "ext_regions_min_size = \"64 M\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_min_size: \"64 M\" is not a size" },
    { .name = "parse: size past 64 bits",
      .text = BASE "ext_regions_size = \"99999999999T\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_size: \"99999999999T\" does not fit in 64 bits" },
    { .name = "parse: size 0",
      .text = BASE "ext_regions_size = \"0\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_size: " },
    { .name = "parse: limit 0",
      .text = BASE "ext_regions_limit = \"0\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_limit: " },
    { .name = "parse: limit not a size",
      .text = BASE "ext_regions_limit = \"4Gx\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_limit: \"4Gx\" is not a size" },
    { .name = "parse: max -1",
      .text = BASE "ext_regions_max = \"-1\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_max: ", .msg2 = "1048576" },
    { .name = "parse: max 1048577",
      .text = BASE "ext_regions_max = 1048577\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_max: ", .msg2 = "1048576" },
    { .name = "parse: max not a number",
      .text = BASE "ext_regions_max = \"two\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_max: ", .msg2 = "\"two\" is not a" },
    { .name = "parse: require not a size",
      .text = BASE "ext_regions_require = \"lots\"\n", .rc = PARSE_ERROR,
      .msg = "ext_regions_require: \"lots\" is not a size" },

    /* ---- values only a library caller can give ---- */
    { .name = "library: align 0x3000", .text = BASE,
      .tweak = tweak_align_3000, .rc = AXL_ERROR_INVAL,
      .msg = "ext_regions_align: 0x3000 is not a power of two of at least "
             "4K" },
    { .name = "library: align 2K", .text = BASE, .tweak = tweak_align_2k,
      .rc = AXL_ERROR_INVAL, .msg = "ext_regions_align: 0x800 is not" },
    { .name = "library: max above 2^20", .text = BASE,
      .tweak = tweak_max_big, .rc = AXL_ERROR_INVAL,
      .msg = "ext_regions_max: 1048577 is more than 1048576" },
    { .name = "library: max 2^20 is allowed", .text = BASE,
      .tweak = tweak_max_2pow20, .regions = { T0, T1 }, .exact = true },
    { .name = "library: unknown policy", .text = BASE,
      .tweak = tweak_policy_bad, .rc = AXL_ERROR_INVAL,
      .msg = "ext_regions: unknown policy" },
    /* -1 is "not given": the default 256, over a config's max = 1. */
    { .name = "library: max -1 is the default",
      .text = BASE "ext_regions_max = 1\n", .tweak = tweak_max_default,
      .regions = { T0, T1 }, .exact = true },
};

#define NR_ROWS (sizeof(rows) / sizeof(rows[0]))

static bool is_budget_reason(int reason)
{
    return reason == AXL_EXT_BEYOND_WIDTH || reason == AXL_EXT_ABOVE_LIMIT ||
           reason == AXL_EXT_OVER_MAX || reason == AXL_EXT_OVER_SIZE;
}

static bool note_matches(const axl_ext_note *n, const xnote *x)
{
    return n->range.start == x->start && n->range.last == x->last &&
           (int)n->verdict == x->verdict && (int)n->reason == x->reason &&
           (x->owner < 0 || (int)n->window.owner == x->owner);
}

static bool xnote_end(const xnote *x)
{
    return !x->start && !x->last && !x->verdict && !x->reason && !x->owner;
}

static void run_row(void **state)
{
    const row *r = *state;
    axl_domain_config cfg;
    axl_build_options o;
    axl_guest *g = NULL;
    const axl_range *reg;
    const axl_ext_note *notes;
    char err[4096], have[2048], want[2048], nbuf[4096];
    size_t nr, nn, nw = 0, nx = 0, i, j;
    unsigned int b;
    t_logger lg;
    int rc;

    rc = parse_capture(r->text, &cfg, err, sizeof(err));
    if (r->rc == PARSE_ERROR) {
        if (!rc)
            fail_msg("the parser accepted it");
        if (count_str(err, "axl: error: ") != 1 || !strstr(err, r->msg) ||
            (r->msg2 && !strstr(err, r->msg2)))
            fail_msg("want one error line with \"%s\"%s%s, got:\n%s",
                     r->msg, r->msg2 ? " and " : "", r->msg2 ? r->msg2 : "",
                     err);
        axl_domain_config_dispose(&cfg);
        return;
    }
    if (rc)
        fail_msg("the parser refused it:\n%s", err);
    if (count_str(err, "axl: "))
        fail_msg("the parser said something:\n%s", err);
    if (r->tweak)
        r->tweak(&cfg);

    axl_build_options_init(&o);
    o.rng_seed = AXL_RNG_SEED_FIXED;
    o.gpaddr_bits = r->bits ? r->bits : 40;
    t_logger_init(&lg);
    rc = t_build(&cfg, &o, &g, &lg);
    axl_domain_config_dispose(&cfg);
    if (r->rc) {
        if (rc != r->rc)
            fail_msg("rc %d (%s), want %d (%s); last error: %s", rc,
                     axl_strerror(rc), r->rc, axl_strerror(r->rc),
                     lg.last_error);
        assert_null(g);
        assert_int_equal(lg.errors, 1);
        if (!strstr(lg.last_error, r->msg))
            fail_msg("error \"%s\" lacks \"%s\"", lg.last_error, r->msg);
        return;
    }
    if (rc)
        fail_msg("rc %d (%s): %s", rc, axl_strerror(rc), lg.last_error);
    assert_int_equal(lg.errors, 0);

    reg = axl_guest_ext_regions(g, &nr);
    notes = axl_guest_ext_notes(g, &nn);
    while (nw < MAXR && r->regions[nw].last)
        nw++;
    ranges_str(reg, nr, have, sizeof(have));
    ranges_str(r->regions, nw, want, sizeof(want));
    notes_str(notes, nn, nbuf, sizeof(nbuf));
    if (nr != nw)
        fail_msg("%zu regions, want %zu\n  have:%s\n  want:%s\n  notes:%s",
                 nr, nw, have, want, nbuf);
    for (i = 0; i < nr; i++)
        if (reg[i].start != r->regions[i].start ||
            reg[i].last != r->regions[i].last)
            fail_msg("region %zu differs\n  have:%s\n  want:%s", i + 1, have,
                     want);

    while (nx < MAXN && !xnote_end(&r->notes[nx]))
        nx++;
    for (j = 0; j < nx; j++) {
        bool found = false;

        for (i = 0; i < nn && !found; i++)
            found = note_matches(&notes[i], &r->notes[j]);
        if (!found)
            fail_msg("no note [%#"PRIx64",%#"PRIx64"] %s; notes:%s",
                     r->notes[j].start, r->notes[j].last,
                     axl_ext_reason_to_string(r->notes[j].reason), nbuf);
    }
    if (r->exact && nn != nx)
        fail_msg("%zu notes, want exactly %zu:%s", nn, nx, nbuf);
    /* The notes of the width, the limit, the count and the size: exactly
     * the row's, even where other notes are only sampled. */
    for (b = 0; b <= AXL_EXT_OVER_SIZE; b++) {
        size_t have_n = 0, want_n = 0;

        if (!is_budget_reason((int)b))
            continue;
        for (i = 0; i < nn; i++)
            have_n += notes[i].reason == b;
        for (j = 0; j < nx; j++)
            want_n += r->notes[j].reason == (int)b;
        if (have_n != want_n)
            fail_msg("%zu \"%s\" notes, want %zu:%s", have_n,
                     axl_ext_reason_to_string((axl_ext_reason)b), want_n,
                     nbuf);
    }
    /* The rows count the other warnings; the one about regions below
     * RAM must appear exactly when some region lies there. */
    if (r->warnings &&
        lg.warnings - lg.below_ram != (unsigned int)(r->warnings - 1))
        fail_msg("%u warnings (%u below RAM), want %d (last: %s)",
                 lg.warnings, lg.below_ram, r->warnings - 1,
                 lg.last_warning);
    {
        const axl_range *got;
        size_t ng, k;
        unsigned int low = 0;

        got = axl_guest_ext_regions(g, &ng);
        for (k = 0; k < ng; k++)
            low |= got[k].last < 0x40000000ULL;
        if (axl_guest_arch_of(g) != AXL_ARCH_AARCH64)
            low = 0;
        if (lg.below_ram != low)
            fail_msg("%u below-RAM warnings, want %u", lg.below_ram, low);
    }
    check_dt_reg(g);
    axl_guest_free(g);
}

/*
 * ext_regions_max's default is 256, ties going to the lower address: 300
 * one-page iomem mappings 1 GiB apart from 64 GiB cut bank 1's tail into
 * [8G, 64G), 299 equal pieces of 1 GiB - 2 MiB and the rest up to 1 TiB.
 * With T0 that is 302 regions: T0, the two large bank-1 pieces and the 253
 * lowest equal pieces are kept; the 46 highest are over the count.
 */
static void default_max_is_256(void **state)
{
    static char text[16384];
    axl_domain_config cfg;
    axl_guest *g = NULL;
    const axl_range *r;
    const axl_ext_note *n;
    size_t len, nr, nn, i, over = 0;
    const uint64_t first = UINT64_C(64) << 30;
    int k;

    (void)state;
    len = (size_t)snprintf(text, sizeof(text), BASE "iomem = [");
    for (k = 0; k < 300; k++)
        len += (size_t)snprintf(text + len, sizeof(text) - len,
                                "%s\"%" PRIx64 ",1\"", k ? ", " : "",
                                (first + (uint64_t)k * GIB) >> 12);
    snprintf(text + len, sizeof(text) - len, "]\n");
    t_config_from_text(text, &cfg);
    assert_int_equal(t_build(&cfg, NULL, &g, NULL), AXL_OK);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 256);
    assert_int_equal(r[0].start, 0x50000000);
    assert_int_equal(r[1].start, 0x200000000);
    assert_int_equal(r[1].last, first - 1);
    /* Equal pieces k = 1..253: [first + (k-1)G + 2M, first + kG - 1]. */
    for (i = 2; i < 255; i++) {
        assert_int_equal(r[i].start, first + (i - 2) * GIB + 2 * MIB);
        assert_int_equal(r[i].last, first + (i - 1) * GIB - 1);
    }
    assert_int_equal(r[255].start, first + 299 * GIB + 2 * MIB);
    assert_int_equal(r[255].last, 0xffffffffff);
    n = axl_guest_ext_notes(g, &nn);
    for (i = 0; i < nn; i++) {
        if (n[i].reason != AXL_EXT_OVER_MAX)
            continue;
        assert_int_equal(n[i].range.start,
                         first + (253 + over) * GIB + 2 * MIB);
        over++;
    }
    assert_int_equal(over, 46);
    check_dt_reg(g);
    axl_guest_free(g);
    axl_domain_config_dispose(&cfg);
}

/* The last assignment of a key wins, as in xl. */
static void last_assignment_wins(void **state)
{
    axl_domain_config cfg;

    (void)state;
    t_config_from_text(BASE "ext_regions = \"none\"\n"
                       "ext_regions = \"holes\"\n"
                       "ext_regions_max = 1\next_regions_max = 7\n", &cfg);
    assert_int_equal(cfg.ext.policy, AXL_EXT_POLICY_HOLES);
    assert_int_equal(cfg.ext.max, 7);
    axl_domain_config_dispose(&cfg);
}

/* ---- 2. random configs ----------------------------------------------- */

static uint64_t rnd_state = 0x243f6a8885a308d3ULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* What a random config says, in the model's terms. */
typedef struct xcfg {
    axl_ext_policy policy;      /* RAM, HOLES or NONE */
    unsigned int bits;
    uint64_t mem;               /* bytes */
    bool v2, vuart;
    size_t nio;
    u128 io_start[8], io_end[8]; /* [start, end) */
    uint64_t min, align, max;
    uint64_t limit_last;        /* UINT64_MAX: none */
    uint64_t size, require;     /* 0: none */
    bool has_size;
} xcfg;

typedef struct xwin {
    u128 start, end;            /* [start, end) */
} xwin;

#define MAXW 16
#define MAXP 64

/* The windows a config occupies, computed here from the layout. */
static size_t model_windows(const xcfg *x, xwin *w, bool emulated_only)
{
    size_t n = 0, i;
    uint64_t b0 = x->mem < GUEST_RAM0_SIZE ? x->mem : GUEST_RAM0_SIZE;

    if (x->v2) {
        w[n++] = (xwin){ 0x3001000, 0x3002000 };
        w[n++] = (xwin){ 0x3002000, 0x3004000 };
    } else {
        w[n++] = (xwin){ 0x3001000, 0x3011000 };
        w[n++] = (xwin){ 0x3020000, 0x4020000 };
    }
    if (x->vuart)
        w[n++] = (xwin){ 0x22000000, 0x22001000 };
    w[n++] = (xwin){ 0x38000000, 0x39000000 };
    w[n++] = (xwin){ 0x39000000, 0x3a000000 };
    if (emulated_only)
        return n;
    /* Reserved for virtio devices; iomem= may map over it when none. */
    w[n++] = (xwin){ 0x2000000, 0x2100000 };
    if (b0)
        w[n++] = (xwin){ GUEST_RAM0_BASE, (u128)GUEST_RAM0_BASE + b0 };
    if (x->mem > GUEST_RAM0_SIZE)
        w[n++] = (xwin){ GUEST_RAM1_BASE,
                         (u128)GUEST_RAM1_BASE + x->mem - GUEST_RAM0_SIZE };
    for (i = 0; i < x->nio; i++)
        w[n++] = (xwin){ x->io_start[i], x->io_end[i] };
    return n;
}

static bool xoverlap(u128 s1, u128 e1, u128 s2, u128 e2)
{
    return s1 < e2 && s2 < e1;
}

/* Whether the config's layout is impossible (AXL_ERROR_LAYOUT). */
static bool model_layout_fails(const xcfg *x)
{
    xwin emu[MAXW], all[MAXW];
    size_t ne = model_windows(x, emu, true), na = model_windows(x, all, false);
    u128 top = (u128)1 << x->bits;
    size_t i, j;

    for (i = 0; i < x->nio; i++) {
        if (x->io_end[i] > ((u128)1 << 64))
            return true;
        for (j = 0; j < ne; j++)
            if (xoverlap(x->io_start[i], x->io_end[i], emu[j].start,
                         emu[j].end))
                return true;
        /* Entry k maps host frame 0x80000 + k: two overlapping entries
         * agree on every shared frame when their guest frames differ by
         * as much as their host frames. */
        for (j = 0; j < i; j++)
            if (xoverlap(x->io_start[i], x->io_end[i], x->io_start[j],
                         x->io_end[j]) &&
                (x->io_start[i] >> 12) - (x->io_start[j] >> 12) !=
                (u128)(i - j))
                return true;
    }
    for (i = 0; i < na; i++)
        if (all[i].end > top)
            return true;
    return false;
}

/* Aligns [s, e) inward and keeps it if at least the minimum. */
static void model_keep(const xcfg *x, u128 s, u128 e, axl_range *out,
                       size_t *n)
{
    u128 a = x->align;
    u128 as = (s + a - 1) / a * a, ae = e / a * a;

    if (ae > as && ae - as >= x->min) {
        assert_true(*n < MAXP);
        out[*n].start = (uint64_t)as;
        out[*n].last = (uint64_t)(ae - 1);
        (*n)++;
    }
}

static int xwin_cmp(const void *a, const void *b)
{
    const xwin *p = a, *q = b;

    return p->start < q->start ? -1 : p->start > q->start;
}

/* The model: candidates, capped at the width and the limit, minus every
 * window, each free piece aligned inward and kept if large enough. */
static size_t model_free(const xcfg *x, axl_range *out)
{
    xwin w[MAXW], cand[2];
    size_t nw = model_windows(x, w, false), nc = 0, n = 0, c, i;
    u128 cap = (u128)1 << x->bits;      /* exclusive */
    uint64_t b0 = x->mem < GUEST_RAM0_SIZE ? x->mem : GUEST_RAM0_SIZE;
    uint64_t b1 = x->mem - b0;

    if ((u128)x->limit_last + 1 < cap)
        cap = (u128)x->limit_last + 1;
    if (x->policy == AXL_EXT_POLICY_NONE)
        return 0;
    if (x->policy == AXL_EXT_POLICY_HOLES) {
        cand[nc++] = (xwin){ 0, cap };
    } else {
        if (b0 < GUEST_RAM0_SIZE)
            cand[nc++] = (xwin){ (u128)GUEST_RAM0_BASE + b0,
                                 (u128)GUEST_RAM0_BASE + GUEST_RAM0_SIZE };
        if (b1 < GUEST_RAM1_SIZE)
            cand[nc++] = (xwin){ (u128)GUEST_RAM1_BASE + b1,
                                 (u128)GUEST_RAM1_BASE + GUEST_RAM1_SIZE };
    }
    qsort(w, nw, sizeof(w[0]), xwin_cmp);
    for (c = 0; c < nc; c++) {
        u128 pos = cand[c].start, end = cand[c].end < cap ? cand[c].end : cap;

        if (pos >= end)
            continue;
        for (i = 0; i < nw; i++) {
            if (w[i].end <= pos)
                continue;
            if (w[i].start >= end)
                break;
            if (w[i].start > pos)
                model_keep(x, pos, w[i].start, out, &n);
            pos = w[i].end;
            if (pos >= end)
                break;
        }
        if (pos < end)
            model_keep(x, pos, end, out, &n);
    }
    return n;
}

/* The same by brute force, for widths of at most 33 bits: a bitmap of
 * aligned blocks, a block usable when it is inside a candidate, under the
 * limit and touched by no window; runs of usable blocks are the regions. */
static size_t brute_free(const xcfg *x, axl_range *out)
{
    const u128 a = x->align;
    const size_t nb = (size_t)(((u128)1 << x->bits) / a);
    unsigned char *busy = calloc(nb, 1);
    xwin w[MAXW];
    size_t nw = model_windows(x, w, false), n = 0, i, b, run = 0;
    uint64_t b0 = x->mem < GUEST_RAM0_SIZE ? x->mem : GUEST_RAM0_SIZE;
    u128 tail = (u128)GUEST_RAM0_BASE + b0;   /* bank 1: beyond 33 bits */

    assert_non_null(busy);
    for (i = 0; i < nw; i++) {
        size_t first = (size_t)(w[i].start / a);
        size_t last = (size_t)((w[i].end - 1) / a);

        for (b = first; b <= last && b < nb; b++)
            busy[b] = 1;
    }
    for (b = 0; b <= nb; b++) {
        bool usable = false;

        if (b < nb && !busy[b] && x->policy != AXL_EXT_POLICY_NONE) {
            u128 s = (u128)b * a, e = s + a;

            usable = e - 1 <= x->limit_last;
            if (x->policy == AXL_EXT_POLICY_RAM)
                usable = usable && s >= tail &&
                         e <= (u128)GUEST_RAM0_BASE + GUEST_RAM0_SIZE;
        }
        if (usable) {
            run++;
            continue;
        }
        if (run && (u128)run * a >= x->min) {
            assert_true(n < MAXP);
            out[n].start = (uint64_t)((u128)(b - run) * a);
            out[n].last = (uint64_t)((u128)b * a - 1);
            n++;
        }
        run = 0;
    }
    free(busy);
    return n;
}

/* What the size budget cut: a trimmed tail or a dropped region. */
typedef struct xcut {
    axl_range range;
    bool dropped;
} xcut;

/* The budgets: the max largest (ties: lower address), then size bytes
 * from the lowest address, trimmed to the alignment, dropped under the
 * minimum.  @over_max gets what the count drops, @cut (if not NULL) what
 * the size cuts. */
static size_t model_budgets(const xcfg *x, const axl_range *in, size_t n,
                            axl_range *out, axl_range *over_max,
                            size_t *nover, xcut *cut, size_t *ncut)
{
    bool keep[MAXP];
    size_t i, j, m = 0;
    u128 left = x->size;

    *nover = 0;
    if (ncut)
        *ncut = 0;
    for (i = 0; i < n; i++) {
        size_t bigger = 0;

        for (j = 0; j < n; j++)
            if (rsize128(&in[j]) > rsize128(&in[i]) ||
                (rsize128(&in[j]) == rsize128(&in[i]) && j < i))
                bigger++;
        keep[i] = bigger < x->max;
        if (!keep[i])
            over_max[(*nover)++] = in[i];
    }
    for (i = 0; i < n; i++) {
        u128 sz = rsize128(&in[i]), take;

        if (!keep[i])
            continue;
        if (!x->has_size || sz <= left) {
            out[m++] = in[i];
            left -= x->has_size ? sz : 0;
            continue;
        }
        take = left / x->align * x->align;
        left = 0;
        if (cut) {
            cut[*ncut].range = in[i];
            cut[*ncut].dropped = !(take && take >= x->min);
        }
        if (take && take >= x->min) {
            out[m] = in[i];
            out[m].last = (uint64_t)(in[i].start + take - 1);
            if (cut)
                cut[*ncut].range.start = out[m].last + 1;
            m++;
        }
        if (cut)
            (*ncut)++;
    }
    return m;
}

/* "3G", "64M", "4K", or plain bytes (sometimes in hex). */
static void size_text(uint64_t v, char *buf, size_t len)
{
    if (v && !(v % GIB) && rnd() % 2)
        snprintf(buf, len, "%" PRIu64 "G", v / GIB);
    else if (v && !(v % MIB) && rnd() % 2)
        snprintf(buf, len, "%" PRIu64 "M", v / MIB);
    else if (v && !(v % KIB) && rnd() % 2)
        snprintf(buf, len, "%" PRIu64 "K", v / KIB);
    else if (rnd() % 2)
        snprintf(buf, len, "%#" PRIx64, v);
    else
        snprintf(buf, len, "%" PRIu64, v);
}

static uint64_t rnd_below(uint64_t n)     /* 0..n-1, n >= 1 */
{
    return rnd() % n;
}

/* A random config as text, and what it says in @x. */
static void random_config(xcfg *x, char *text, size_t len)
{
    size_t used;
    uint64_t r = rnd() % 10, mib, v;
    char num[64];
    size_t i;

    memset(x, 0, sizeof(*x));
    x->bits = r < 3 ? 31 + (unsigned int)rnd_below(3)
            : r < 5 ? 40 : 34 + (unsigned int)rnd_below(31);
    if (x->bits <= 33)
        mib = 64 + rnd_below(x->bits == 31 ? 961 : 3009);
    else if (rnd() % 4 == 0)
        mib = 2900 + rnd_below(300);
    else
        mib = 64 + rnd_below(16000);
    x->mem = mib * MIB;
    x->v2 = rnd() % 2;
    x->vuart = rnd() % 2;
    used = (size_t)snprintf(text, len, "name = \"rand\"\nmemory = %" PRIu64
                            "\nvcpus = %u\ngic_version = \"%s\"\n%s", mib,
                            1 + (unsigned int)rnd_below(4),
                            x->v2 ? "v2" : "v3",
                            x->vuart ? "vuart = \"sbsa_uart\"\n" : "");

    /* 8/20 holes, 3/20 ram by default (no key), 4/20 ram, 5/20 none. */
    r = rnd() % 20;
    x->policy = r < 8 ? AXL_EXT_POLICY_HOLES
              : r < 15 ? AXL_EXT_POLICY_RAM : AXL_EXT_POLICY_NONE;
    if (r < 8 || r >= 11)
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions = \"%s\"\n",
                                 axl_ext_policy_to_string(x->policy));

    x->nio = (size_t)rnd_below(5);
    if (x->nio) {
        used += (size_t)snprintf(text + used, len - used, "iomem = [");
        for (i = 0; i < x->nio; i++) {
            uint64_t pages = 1 + rnd_below(0x8000), gfn;

            r = rnd() % 10;
            gfn = r < 4 ? rnd_below(0x100000)               /* below 4G */
                : r < 7 ? 0x200000 + rnd_below(0x800000)    /* bank 1 */
                : rnd_below(UINT64_C(1) << (x->bits - 12));
            x->io_start[i] = (u128)gfn << 12;
            x->io_end[i] = (u128)(gfn + pages) << 12;
            used += (size_t)snprintf(text + used, len - used,
                                     "%s\"%" PRIx64 ",%" PRIx64 "@%" PRIx64
                                     "\"", i ? ", " : "", 0x80000 + i, pages,
                                     gfn);
        }
        used += (size_t)snprintf(text + used, len - used, "]\n");
    }

    x->align = AXL_EXT_ALIGN;
    if (rnd() % 3) {
        x->align = UINT64_C(1) << (12 + rnd_below(19));     /* 4K..1G */
        size_text(x->align, num, sizeof(num));
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_align = \"%s\"\n", num);
    }
    x->min = AXL_EXT_MIN_SIZE;
    if (rnd() % 3) {
        x->min = rnd() % 2 ? 1 + rnd_below(256 * MIB)
                           : UINT64_C(1) << rnd_below(34);
        size_text(x->min, num, sizeof(num));
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_min_size = \"%s\"\n", num);
    }
    x->max = AXL_EXT_MAX;
    if (rnd() % 2) {
        x->max = rnd_below(6);
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_max = %" PRIu64 "\n", x->max);
    }
    x->limit_last = UINT64_MAX;
    if (rnd() % 5 < 2) {
        uint64_t top = x->bits == 64 ? UINT64_MAX
                                     : (UINT64_C(1) << x->bits) - 1;

        v = 1 + rnd_below(top - top / 8);
        if (rnd() % 2)
            v &= ~(UINT64_C(0xfff));
        if (!v)
            v = 1;
        x->limit_last = v - 1;
        size_text(v, num, sizeof(num));
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_limit = \"%s\"\n", num);
    }
    if (rnd() % 5 < 2) {
        x->has_size = true;
        x->size = rnd() % 2 ? 1 + rnd_below(8 * GIB)
                            : 1 + rnd_below(UINT64_C(1) << (x->bits > 50 ? 50
                                                             : x->bits));
        size_text(x->size, num, sizeof(num));
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_size = \"%s\"\n", num);
    }
    if (rnd() % 10 < 3) {
        r = rnd() % 4;
        x->require = r == 0 ? 0 : r == 1 ? 1 + rnd_below(2 * GIB)
                   : r == 2 ? rnd_below(UINT64_C(1) << 41) : rnd();
        size_text(x->require, num, sizeof(num));
        used += (size_t)snprintf(text + used, len - used,
                                 "ext_regions_require = \"%s\"\n", num);
    }
    assert_true(used < len);
}

static bool covered(const axl_guest *g, uint64_t start, uint64_t last,
                    char *what, size_t len);

/* Properties of any result, whatever the model says. */
static void check_invariants(const axl_guest *g, const xcfg *x,
                             const char *text)
{
    const axl_window *w;
    const axl_range *r;
    const axl_ext_note *n;
    xwin mw[MAXW];
    size_t nw, nr, nn, nm = model_windows(x, mw, false), i, j;
    uint64_t width_last = x->bits == 64 ? UINT64_MAX
                                        : (UINT64_C(1) << x->bits) - 1;
    uint64_t b0 = x->mem < GUEST_RAM0_SIZE ? x->mem : GUEST_RAM0_SIZE;
    uint64_t b1 = x->mem - b0;
    u128 total = 0;

    w = axl_guest_memmap(g, &nw);
    r = axl_guest_ext_regions(g, &nr);
    n = axl_guest_ext_notes(g, &nn);
    if (x->policy == AXL_EXT_POLICY_NONE && (nr || nn))
        fail_msg("\"none\" gave %zu regions, %zu notes:\n%s", nr, nn, text);
    if (nr > x->max)
        fail_msg("%zu regions, max %" PRIu64 ":\n%s", nr, x->max, text);
    for (i = 0; i < nr; i++) {
        const axl_range *e = &r[i];
        bool ok = e->start <= e->last && e->last <= width_last &&
                  e->last <= x->limit_last &&
                  e->start % x->align == 0 &&
                  ((u128)e->last + 1) % x->align == 0 &&
                  rsize128(e) >= x->min &&
                  (!i || e->start > r[i - 1].last + 1);

        if (!ok)
            fail_msg("region [%#" PRIx64 ",%#" PRIx64 "] breaks the "
                     "rules:\n%s", e->start, e->last, text);
        total += rsize128(e);
        for (j = 0; j < nw; j++)
            if (e->start <= w[j].last && w[j].start <= e->last)
                fail_msg("region [%#" PRIx64 ",%#" PRIx64 "] over the %s "
                         "at %#" PRIx64 ":\n%s", e->start, e->last,
                         axl_owner_to_string(w[j].owner), w[j].start, text);
        for (j = 0; j < nm; j++)
            if (xoverlap(e->start, (u128)e->last + 1, mw[j].start,
                         mw[j].end))
                fail_msg("region [%#" PRIx64 ",%#" PRIx64 "] over a model "
                         "window:\n%s", e->start, e->last, text);
        if (x->policy == AXL_EXT_POLICY_RAM) {
            bool in0 = e->start >= GUEST_RAM0_BASE + b0 &&
                       e->last < GUEST_RAM0_BASE + GUEST_RAM0_SIZE;
            bool in1 = e->start >= GUEST_RAM1_BASE + b1 &&
                       (u128)e->last < (u128)GUEST_RAM1_BASE +
                                       GUEST_RAM1_SIZE;

            if (!in0 && !in1)
                fail_msg("\"ram\" region [%#" PRIx64 ",%#" PRIx64 "] "
                         "outside the bank tails:\n%s", e->start, e->last,
                         text);
        }
    }
    /* Every candidate byte is advertised or in a note. */
    if (x->policy == AXL_EXT_POLICY_HOLES) {
        char what[256];

        if (!covered(g, 0, width_last, what, sizeof(what)))
            fail_msg("%s:\n%s", what, text);
    } else if (x->policy == AXL_EXT_POLICY_RAM) {
        const uint64_t base[2] = { GUEST_RAM0_BASE, GUEST_RAM1_BASE };
        const uint64_t size[2] = { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE };
        const uint64_t used[2] = { b0, b1 };
        char what[256];
        int k;

        for (k = 0; k < 2; k++) {
            uint64_t from = used[k] < size[k] ? base[k] + used[k] : base[k];

            if (!covered(g, from, base[k] + size[k] - 1, what, sizeof(what)))
                fail_msg("bank %d: %s:\n%s", k, what, text);
        }
    }
    if (x->has_size && total > x->size)
        fail_msg("total %#" PRIx64 " over size %#" PRIx64 ":\n%s",
                 (uint64_t)total, x->size, text);
    if (total < x->require)
        fail_msg("built with less than ext_regions_require:\n%s", text);
    for (i = 0; i < nn; i++) {
        if (n[i].range.start > n[i].range.last ||
            (i && n[i].range.start < n[i - 1].range.start))
            fail_msg("notes out of order at %zu:\n%s", i, text);
        for (j = 0; j < nr; j++)
            if (n[i].range.start <= r[j].last &&
                r[j].start <= n[i].range.last)
                fail_msg("note [%#" PRIx64 ",%#" PRIx64 "] (%s) over region "
                         "%zu:\n%s", n[i].range.start, n[i].range.last,
                         axl_ext_reason_to_string(n[i].reason), j + 1, text);
        if (n[i].reason == AXL_EXT_OVERLAP &&
            (n[i].range.start < n[i].window.start ||
             n[i].range.last > n[i].window.last))
            fail_msg("overlap note outside its window:\n%s", text);
    }
}

static void random_configs_every_policy(void **state)
{
    static char text[8192];
    unsigned int built[3] = { 0 }, brute = 0, fails[3] = { 0 }, round;

    (void)state;
    for (round = 0; round < 4000; round++) {
        xcfg x;
        axl_domain_config cfg;
        axl_build_options o;
        axl_guest *g = NULL;
        axl_range fr[MAXP], br[MAXP], want[MAXP], over[MAXP];
        xcut cut[MAXP];
        size_t nf, nb, nwant, nover, ncut, nr, nn, i, j, seen = 0, cuts = 0;
        const axl_range *r;
        const axl_ext_note *n;
        char have_s[4096], want_s[4096];
        u128 total = 0;
        int rc, want_rc;
        t_logger lg;

        random_config(&x, text, sizeof(text));
        t_config_from_text(text, &cfg);
        axl_build_options_init(&o);
        o.rng_seed = AXL_RNG_SEED_NONE;
        o.gpaddr_bits = x.bits;
        t_logger_init(&lg);
        rc = t_build(&cfg, &o, &g, &lg);
        axl_domain_config_dispose(&cfg);

        nf = model_free(&x, fr);
        if (x.bits <= 33 && x.align >= 64 * KIB) {
            nb = brute_free(&x, br);
            ranges_str(fr, nf, have_s, sizeof(have_s));
            ranges_str(br, nb, want_s, sizeof(want_s));
            if (nb != nf)
                fail_msg("model and brute force differ\n  model:%s\n  "
                         "brute:%s\n%s", have_s, want_s, text);
            for (i = 0; i < nf; i++)
                if (fr[i].start != br[i].start || fr[i].last != br[i].last)
                    fail_msg("model and brute force differ\n  model:%s\n  "
                             "brute:%s\n%s", have_s, want_s, text);
            brute++;
        }
        nwant = model_budgets(&x, fr, nf, want, over, &nover, cut, &ncut);
        for (i = 0; i < nwant; i++)
            total += rsize128(&want[i]);

        if (x.has_size && x.require > x.size)
            want_rc = AXL_ERROR_INVAL;
        else if (model_layout_fails(&x))
            want_rc = AXL_ERROR_LAYOUT;
        else if (total < x.require)
            want_rc = AXL_ERROR_REQUIRE;
        else
            want_rc = AXL_OK;
        if (rc != want_rc)
            fail_msg("rc %d (%s), want %d (%s): %s\n%s", rc,
                     axl_strerror(rc), want_rc, axl_strerror(want_rc),
                     lg.last_error, text);
        if (rc == AXL_ERROR_REQUIRE)
            assert_non_null(strstr(lg.last_error, "ext_regions_require"));
        if (rc) {
            fails[rc == AXL_ERROR_REQUIRE ? 0 : rc == AXL_ERROR_LAYOUT ? 1
                                                                      : 2]++;
            continue;
        }

        r = axl_guest_ext_regions(g, &nr);
        ranges_str(r, nr, have_s, sizeof(have_s));
        ranges_str(want, nwant, want_s, sizeof(want_s));
        if (nr != nwant)
            fail_msg("regions differ from the model\n  have:%s\n  want:%s\n"
                     "%s", have_s, want_s, text);
        for (i = 0; i < nr; i++)
            if (r[i].start != want[i].start || r[i].last != want[i].last)
                fail_msg("regions differ from the model\n  have:%s\n  "
                         "want:%s\n%s", have_s, want_s, text);
        check_invariants(g, &x, text);
        /* The count's notes are exactly what the count dropped. */
        n = axl_guest_ext_notes(g, &nn);
        for (i = 0; i < nn; i++) {
            bool found = false;

            if (n[i].reason != AXL_EXT_OVER_MAX)
                continue;
            for (j = 0; j < nover && !found; j++)
                found = n[i].range.start == over[j].start &&
                        n[i].range.last == over[j].last &&
                        n[i].verdict == AXL_EXT_DROPPED;
            if (!found)
                fail_msg("stray over-the-count note:\n%s", text);
            seen++;
        }
        if (seen != nover)
            fail_msg("%zu over-the-count notes, want %zu:\n%s", seen, nover,
                     text);
        /* The size budget's notes are exactly what the size cut. */
        for (i = 0; i < nn; i++) {
            bool found = false;

            if (n[i].reason != AXL_EXT_OVER_SIZE)
                continue;
            for (j = 0; j < ncut && !found; j++)
                found = n[i].range.start == cut[j].range.start &&
                        n[i].range.last == cut[j].range.last &&
                        (n[i].verdict == AXL_EXT_DROPPED) == cut[j].dropped;
            if (!found)
                fail_msg("stray past-the-size note [%#" PRIx64 ",%#" PRIx64
                         "]:\n%s", n[i].range.start, n[i].range.last, text);
            cuts++;
        }
        if (cuts != ncut)
            fail_msg("%zu past-the-size notes, want %zu:\n%s", cuts, ncut,
                     text);
        if (round % 8 == 0)
            check_dt_reg(g);
        built[x.policy == AXL_EXT_POLICY_RAM ? 0
              : x.policy == AXL_EXT_POLICY_HOLES ? 1 : 2]++;
        axl_guest_free(g);
    }
    print_message("built: ram %u, holes %u, none %u; brute-forced %u; "
                  "require %u, layout %u, inval %u\n", built[0], built[1],
                  built[2], brute, fails[0], fails[1], fails[2]);
    /* Every kind of outcome really ran. */
    assert_true(built[0] > 600 && built[1] > 900 && built[2] > 200);
    assert_true(brute > 400);
    assert_true(fails[0] > 20 && fails[1] > 20 && fails[2] > 5);
}

/* Every width from 31 to 64 bits, every policy, a few option sets. */
static void every_width_every_policy(void **state)
{
    static const char *const opts[] = {
        "",
        "ext_regions_align = \"128M\"\n",
        "ext_regions_min_size = \"1\"\next_regions_align = \"4K\"\n",
        "ext_regions_max = 1\next_regions_size = \"3G\"\n",
        "ext_regions_limit = \"0x123456789\"\n",
    };
    static const axl_ext_policy pol[] = {
        AXL_EXT_POLICY_RAM, AXL_EXT_POLICY_HOLES, AXL_EXT_POLICY_NONE,
    };
    unsigned int bits;
    size_t p, k;

    (void)state;
    for (bits = 31; bits <= 64; bits++) {
        for (p = 0; p < 3; p++) {
            for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
                char text[1024];
                xcfg x;
                axl_domain_config cfg;
                axl_build_options o;
                axl_guest *g = NULL;
                axl_range fr[MAXP], want[MAXP], over[MAXP];
                const axl_range *r;
                size_t nf, nwant, nover, nr, i;

                snprintf(text, sizeof(text), "name = \"w\"\nmemory = 512\n"
                         "ext_regions = \"%s\"\n%s",
                         axl_ext_policy_to_string(pol[p]), opts[k]);
                t_config_from_text(text, &cfg);
                memset(&x, 0, sizeof(x));
                x.policy = pol[p];
                x.bits = bits;
                x.mem = 512 * MIB;
                x.align = cfg.ext.align ? cfg.ext.align : AXL_EXT_ALIGN;
                x.min = cfg.ext.min_size ? cfg.ext.min_size
                                         : AXL_EXT_MIN_SIZE;
                x.max = cfg.ext.max < 0 ? AXL_EXT_MAX
                                        : (uint64_t)cfg.ext.max;
                x.limit_last = cfg.ext.limit ? cfg.ext.limit - 1 : UINT64_MAX;
                x.has_size = cfg.ext.size != 0;
                x.size = cfg.ext.size;
                axl_build_options_init(&o);
                o.rng_seed = AXL_RNG_SEED_NONE;
                o.gpaddr_bits = bits;
                assert_int_equal(t_build(&cfg, &o, &g, NULL), AXL_OK);
                axl_domain_config_dispose(&cfg);
                nf = model_free(&x, fr);
                nwant = model_budgets(&x, fr, nf, want, over, &nover, NULL,
                                      NULL);
                r = axl_guest_ext_regions(g, &nr);
                if (nr != nwant)
                    fail_msg("%u bits: %zu regions, want %zu\n%s", bits, nr,
                             nwant, text);
                for (i = 0; i < nr; i++)
                    assert_true(r[i].start == want[i].start &&
                                r[i].last == want[i].last);
                check_invariants(g, &x, text);
                check_dt_reg(g);
                axl_guest_free(g);
            }
        }
    }
}

/* ---- 3. warnings ----------------------------------------------------- */

static int build_text(const char *text, unsigned int bits, axl_guest **g_r,
                      t_logger *lg)
{
    axl_domain_config cfg;
    axl_build_options o;
    int rc;

    t_config_from_text(text, &cfg);
    axl_build_options_init(&o);
    o.rng_seed = AXL_RNG_SEED_FIXED;
    o.gpaddr_bits = bits;
    t_logger_init(lg);
    rc = t_build(&cfg, &o, g_r, lg);
    axl_domain_config_dispose(&cfg);
    return rc;
}

static void warns_linux_unusable_region(void **state)
{
    axl_guest *g = NULL;
    const axl_range *r;
    size_t nr;
    t_logger lg;

    (void)state;
    /* 2950 MiB: the only region (32 bits) is 0xf860_0000..0xffff_ffff,
     * 122 MiB: no 128 MiB section. A warning, not an error. */
    assert_int_equal(build_text("name = \"w\"\nmemory = 2950\n", 32, &g, &lg),
                     AXL_OK);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 1);
    assert_int_equal(r[0].start, 0xf8600000);
    assert_int_equal(lg.errors, 0);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning, "0xf8600000-0xffffffff (122 MiB) "
                           "holds no 128 MiB-aligned 128 MiB section"));
    axl_guest_free(g);

    /* With 128M alignment that region is not offered at all: no Linux
     * warning (the guest is told it will balloon instead). */
    assert_int_equal(build_text("name = \"w\"\nmemory = 2950\n"
                                "ext_regions_align = \"128M\"\n", 32, &g, &lg),
                     AXL_OK);
    axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 0);
    assert_int_equal(lg.warnings, 1);
    assert_null(strstr(lg.last_warning, "128 MiB-aligned"));
    assert_non_null(strstr(lg.last_warning, "none could be allocated"));
    axl_guest_free(g);

    /* Larger than 128 MiB is not enough: 0x5020_0000..0x5fdf_ffff is
     * 252 MiB but crosses no 128 MiB boundary pair. */
    assert_int_equal(build_text("name = \"w\"\nmemory = 258\n"
                                "ext_regions_limit = \"0x5fe00000\"\n", 40,
                                &g, &lg), AXL_OK);
    r = axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 1);
    assert_int_equal(r[0].last, 0x5fdfffff);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning,
                           "0x50200000-0x5fdfffff (252 MiB)"));
    axl_guest_free(g);

    /* Holes: H2 warns of its section, and the regions below RAM of
     * where they are; with ext_regions_align = "128M" only the latter. */
    assert_int_equal(build_text(HOLES, 40, &g, &lg), AXL_OK);
    assert_int_equal(lg.warnings, 2);
    assert_int_equal(lg.below_ram, 1);
    assert_non_null(strstr(lg.last_warning, "0x3a000000-0x3fffffff"));
    assert_non_null(strstr(lg.last_warning, "ext_regions_align=\"128M\""));
    axl_guest_free(g);
    assert_int_equal(build_text(HOLES "ext_regions_align = \"128M\"\n", 40,
                                &g, &lg), AXL_OK);
    assert_int_equal(lg.warnings, 1);
    assert_int_equal(lg.below_ram, 1);
    assert_non_null(strstr(lg.last_warning, "below the guest's RAM at "
                           "0x40000000"));
    axl_guest_free(g);

    /* Exactly one aligned section is enough: 0xf800_0000..0xffff_ffff. */
    assert_int_equal(build_text("name = \"w\"\nmemory = 2900\n"
                                "ext_regions_align = \"128M\"\n", 32, &g, &lg),
                     AXL_OK);
    assert_int_equal(lg.warnings, 0);
    axl_guest_free(g);
}

/* A zImage header: the magic 0x016f2818 little-endian at 0x24. */
static void make_zimage(const char *path, size_t size, size_t magic_at)
{
    unsigned char *z = calloc(1, size);

    assert_non_null(z);
    if (magic_at + 4 <= size) {
        z[magic_at] = 0x18;
        z[magic_at + 1] = 0x28;
        z[magic_at + 2] = 0x6f;
        z[magic_at + 3] = 0x01;
    }
    t_write(path, z, size);
    free(z);
}

static void warns_32bit_guest(void **state)
{
    char text[1024];
    axl_guest *g = NULL;
    size_t nr;
    t_logger lg;

    (void)state;
    /* The smallest zImage: 0x30 bytes. "ram" gives T0 and T1, both
     * Linux-usable: the 32-bit warning is the only one. */
    make_zimage(t_path("zImage"), 0x30, 0x24);
    snprintf(text, sizeof(text), BASE "kernel = \"%s\"\n", t_path("zImage"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_OK);
    assert_int_equal(axl_guest_arch_of(g), AXL_ARCH_ARM32);
    axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 2);
    assert_int_equal(lg.errors, 0);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning, "given to a 32-bit guest"));
    assert_non_null(strstr(lg.last_warning, "ext_regions=\"none\""));
    axl_guest_free(g);

    /* "holes" with 128M alignment: again only the 32-bit warning. */
    snprintf(text, sizeof(text), HOLES "kernel = \"%s\"\n"
             "ext_regions_align = \"128M\"\n", t_path("zImage"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_OK);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning, "given to a 32-bit guest"));
    axl_guest_free(g);

    /* ext_regions = "none": no regions, no warning at all. */
    snprintf(text, sizeof(text), BASE "kernel = \"%s\"\n"
             "ext_regions = \"none\"\n", t_path("zImage"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_OK);
    assert_int_equal(axl_guest_arch_of(g), AXL_ARCH_ARM32);
    axl_guest_ext_regions(g, &nr);
    assert_int_equal(nr, 0);
    assert_int_equal(lg.warnings, 0);
    axl_guest_free(g);

    /* A larger zImage warns the same. */
    make_zimage(t_path("zImage.big"), 4 << 20, 0x24);
    snprintf(text, sizeof(text), BASE "kernel = \"%s\"\n",
             t_path("zImage.big"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_OK);
    assert_int_equal(lg.warnings, 1);
    assert_non_null(strstr(lg.last_warning, "given to a 32-bit guest"));
    axl_guest_free(g);

    /* An arm64 Image (the default kernel) does not. */
    assert_int_equal(build_text(BASE, 40, &g, &lg), AXL_OK);
    assert_int_equal(axl_guest_arch_of(g), AXL_ARCH_AARCH64);
    assert_int_equal(lg.warnings, 0);
    axl_guest_free(g);

    /* 0x2f bytes, or the magic elsewhere: not a zImage at all. */
    make_zimage(t_path("zImage.short"), 0x2f, 0x24);
    snprintf(text, sizeof(text), BASE "kernel = \"%s\"\n",
             t_path("zImage.short"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_ERROR_FORMAT);
    assert_non_null(strstr(lg.last_error, "is not an arm64 Image or arm32 "
                           "zImage"));
    make_zimage(t_path("zImage.off"), 0x30, 0x20);
    snprintf(text, sizeof(text), BASE "kernel = \"%s\"\n",
             t_path("zImage.off"));
    assert_int_equal(build_text(text, 40, &g, &lg), AXL_ERROR_FORMAT);
}

/* ---- 4. what the notes say ----------------------------------------- */

/* Every candidate byte below the cap is advertised or explained by a
 * note: README, "axl memmap prints ... every piece of candidate space
 * that was not advertised and why". */
static bool covered(const axl_guest *g, uint64_t start, uint64_t last,
                    char *what, size_t len)
{
    const axl_range *r;
    const axl_ext_note *n;
    size_t nr, nn, i;
    u128 pos = start;
    bool moved = true;

    r = axl_guest_ext_regions(g, &nr);
    n = axl_guest_ext_notes(g, &nn);
    while (pos <= last && moved) {
        moved = false;
        for (i = 0; i < nr && !moved; i++)
            if (r[i].start <= pos && pos <= r[i].last) {
                pos = (u128)r[i].last + 1;
                moved = true;
            }
        for (i = 0; i < nn && !moved; i++)
            if (n[i].range.start <= pos && pos <= n[i].range.last) {
                pos = (u128)n[i].range.last + 1;
                moved = true;
            }
    }
    if (pos <= last) {
        u128 end = pos;

        /* How far the hole goes: up to the next region or note. */
        for (end = last + (u128)1, i = 0; i < nr; i++)
            if (r[i].start > pos && r[i].start < end)
                end = r[i].start;
        for (i = 0; i < nn; i++)
            if (n[i].range.start > pos && n[i].range.start < end)
                end = n[i].range.start;
        snprintf(what, len, "[%#" PRIx64 ",%#" PRIx64 "] is neither "
                 "advertised nor in any note", (uint64_t)pos,
                 (uint64_t)(end - 1));
        return false;
    }
    return true;
}

/* Both examples of a too-small piece with unaligned edges: the note must
 * cover the edges as well (they are neither advertised nor otherwise
 * explained). */
static void notes_account_for_every_candidate_byte(void **state)
{
    axl_guest *g = NULL;
    t_logger lg;
    char what[256] = "";

    (void)state;
    /* Holes: the free piece 0..0x300_0fff is too small once aligned
     * (0..0x2ff_ffff); 0x300_0000..0x300_0fff must be in the note too. */
    assert_int_equal(build_text(HOLES, 40, &g, &lg), AXL_OK);
    if (!covered(g, 0, 0xffffffffff, what, sizeof(what)))
        fail_msg("holes: %s", what);
    axl_guest_free(g);
    /* "ram": iomem at 0x6000_0000 and 0x6200_0000 leave the piece
     * 0x6000_1000..0x61ff_ffff, too small once aligned. */
    assert_int_equal(build_text(BASE "iomem = [ \"1,1@60000\", "
                                "\"2,1@62000\" ]\n", 40, &g, &lg), AXL_OK);
    if (!covered(g, 0x50000000, 0xffffffff, what, sizeof(what)) ||
        !covered(g, 0x200000000, 0xffffffffff, what, sizeof(what)))
        fail_msg("ram: %s", what);
    axl_guest_free(g);
}

/* The bank of a note: under "ram" the bank whose tail the note is about
 * (budget notes may say AXL_NO_BANK, as libaxl.h allows); under "holes"
 * always AXL_NO_BANK ((size_t)-1). */
static void notes_name_their_bank(void **state)
{
    static const char *const texts[] = {
        BASE "iomem = [ \"1,1@60000\", \"2,1@62000\" ]\n"
        "ext_regions_max = 2\next_regions_size = \"2G\"\n",
        "name = \"t\"\nmemory = 4096\n",
        BASE "ext_regions_limit = \"0x80100000\"\n",
        HOLES "ext_regions_max = 1\next_regions_size = \"1G\"\n",
    };
    const size_t no_bank = (size_t)-1;
    size_t t, i, nn;

    (void)state;
    for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        axl_guest *g = NULL;
        const axl_ext_note *n;
        t_logger lg;

        assert_int_equal(build_text(texts[t], t == 2 ? 40 : 36, &g, &lg),
                         AXL_OK);
        n = axl_guest_ext_notes(g, &nn);
        assert_true(nn > 0);
        for (i = 0; i < nn; i++) {
            size_t want = t == 3 ? no_bank
                        : n[i].range.start < GUEST_RAM1_BASE ? 0 : 1;
            bool budget = n[i].reason == AXL_EXT_OVER_MAX ||
                          n[i].reason == AXL_EXT_OVER_SIZE;

            if (n[i].bank != want && !(budget && n[i].bank == no_bank))
                fail_msg("%s: note [%#" PRIx64 ",%#" PRIx64 "] (%s) has "
                         "bank %zu, want %zu", texts[t], n[i].range.start,
                         n[i].range.last,
                         axl_ext_reason_to_string(n[i].reason), n[i].bank,
                         want);
        }
        axl_guest_free(g);
    }
}

int main(void)
{
    static const struct CMUnitTest extra[] = {
        cmocka_unit_test(default_max_is_256),
        cmocka_unit_test(last_assignment_wins),
        cmocka_unit_test(random_configs_every_policy),
        cmocka_unit_test(every_width_every_policy),
        cmocka_unit_test(warns_linux_unusable_region),
        cmocka_unit_test(warns_32bit_guest),
        cmocka_unit_test(notes_account_for_every_candidate_byte),
        cmocka_unit_test(notes_name_their_bank),
    };
    const size_t nextra = sizeof(extra) / sizeof(extra[0]);
    struct CMUnitTest tests[NR_ROWS + sizeof(extra) / sizeof(extra[0])];
    size_t i;

    for (i = 0; i < NR_ROWS; i++) {
        tests[i].name = rows[i].name;
        tests[i].test_func = run_row;
        tests[i].setup_func = NULL;
        tests[i].teardown_func = NULL;
        tests[i].initial_state = (void *)&rows[i];
    }
    for (i = 0; i < nextra; i++)
        tests[NR_ROWS + i] = extra[i];
    return _cmocka_run_group_tests("ext_options", tests, NR_ROWS + nextra,
                                   NULL, teardown);
}
