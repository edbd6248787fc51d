/*
 * axl-gntmap: map grants in a guest and show where Linux put them (guest side of the
 * extended-region boot tests).
 *
 * usage: axl-gntmap [-t SECONDS] [XSPATH]      (XSPATH default "data/axl-gnt")
 *
 * Waits (at most SECONDS, default 120) for XSPATH/ready in the guest's own xenstore
 * directory (written by axl-gntshr in dom0), reads the grant references from XSPATH/refs/K,
 * and maps them through /dev/xen/gntdev: all in one xengnttab_map_domain_grant_refs()
 * call (mode "one") or one xengnttab_map_grant_ref() per page, all held at once (mode
 * "each"). It checks the marker that dom0 wrote in every page, finds each page's
 * guest-physical address in /proc/self/pagemap, and compares it with the extended regions
 * of /proc/device-tree/hypervisor/reg (regions 1..N). MemTotal and the balloon counters
 * are read before mapping, while the pages are mapped, and after unmapping.
 *
 * Everything is printed as "gnt: ..." lines on stdout (the guest's console):
 *   gnt: region I BASE LAST                  an extended region (inclusive)
 *   gnt: mem WHEN memtotal_kb=N current_kb=N target_kb=N low_kb=N high_kb=N
 *   gnt: map ok | gnt: map FAIL at I of N: errno E (text)
 *   gnt: marker "..."                        page 0's marker
 *   gnt: pages mapped=N marker_ok=N pfn_known=N in_regions=N outside=N min=GPA max=GPA
 *   gnt: outside GPA                         the first few pages outside every region
 *   gnt: iomem LINE                          /proc/iomem while the pages are mapped
 *   gnt: result ok | gnt: result FAIL why
 * Exit status 0 when every page was mapped with the right marker, 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xengnttab.h>
#include <xenstore.h>

#define PAGE 4096u
#define MAXREG 512

static uint64_t reg_base[MAXREG], reg_last[MAXREG];
static unsigned int nreg;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static long read_file(const char *path, unsigned char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    long n;

    if (fd < 0)
        return -1;
    n = read(fd, buf, size);
    close(fd);
    return n;
}

static unsigned int cells(const char *path, unsigned int dflt)
{
    unsigned char b[4];

    return read_file(path, b, 4) == 4 ? be32(b) : dflt;
}

/* Regions 1..N of /hypervisor reg, in the root's address and size cells. */
static void read_regions(void)
{
    static unsigned char b[MAXREG * 16 + 16];
    unsigned int ac = cells("/proc/device-tree/#address-cells", 2);
    unsigned int sc = cells("/proc/device-tree/#size-cells", 1);
    unsigned int step = (ac + sc) * 4, i, c;
    long n = read_file("/proc/device-tree/hypervisor/reg", b, sizeof(b));

    if (n < 0) {
        printf("gnt: no /proc/device-tree/hypervisor/reg: %s\n", strerror(errno));
        return;
    }
    printf("gnt: hypervisor reg %ld bytes, %u+%u cells, %ld entries\n", n, ac, sc, n / step);
    for (i = 1; (i + 1) * step <= (unsigned long)n && nreg < MAXREG; i++) {
        uint64_t base = 0, size = 0;

        for (c = 0; c < ac; c++)
            base = base << 32 | be32(b + i * step + c * 4);
        for (c = 0; c < sc; c++)
            size = size << 32 | be32(b + i * step + ac * 4 + c * 4);
        reg_base[nreg] = base;
        reg_last[nreg] = base + size - 1;
        printf("gnt: region %u 0x%" PRIx64 " 0x%" PRIx64 "\n", i, base, base + size - 1);
        nreg++;
    }
    if (!nreg)
        printf("gnt: no extended regions\n");
}

static int in_regions(uint64_t gpa)
{
    unsigned int i;

    for (i = 0; i < nreg; i++)
        if (gpa >= reg_base[i] && gpa + PAGE - 1 <= reg_last[i])
            return 1;
    return 0;
}

static long kb_file(const char *path)
{
    unsigned char b[64];
    long n = read_file(path, b, sizeof(b) - 1);

    if (n <= 0)
        return -1;
    b[n] = 0;
    return strtol((char *)b, NULL, 10);
}

static void mem(const char *when)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long total = -1;
    const char *d = "/sys/devices/system/xen_memory/xen_memory0";
    char p[128];
    long cur, tgt, lo, hi;

    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "MemTotal: %ld kB", &total) == 1)
            break;
    if (f)
        fclose(f);
    snprintf(p, sizeof(p), "%s/info/current_kb", d); cur = kb_file(p);
    snprintf(p, sizeof(p), "%s/target_kb", d); tgt = kb_file(p);
    snprintf(p, sizeof(p), "%s/info/low_kb", d); lo = kb_file(p);
    snprintf(p, sizeof(p), "%s/info/high_kb", d); hi = kb_file(p);
    printf("gnt: mem %s memtotal_kb=%ld current_kb=%ld target_kb=%ld low_kb=%ld high_kb=%ld\n",
           when, total, cur, tgt, lo, hi);
}

static char *xs_get(struct xs_handle *xs, const char *base, const char *leaf)
{
    char path[256];
    unsigned int len;

    snprintf(path, sizeof(path), "%s/%s", base, leaf);
    return xs_read(xs, XBT_NULL, path, &len);
}

static void msleep(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
    const char *base = "data/axl-gnt";
    long timeout = 120, waited;
    struct xs_handle *xs;
    char *v, *mode, *self;
    unsigned long count, i, got = 0;
    uint32_t *refs, from;
    unsigned char **va;
    xengnttab_handle *xgt;
    int opt, each, pm, err = 0;
    unsigned long mapped = 0, marker_ok = 0, pfn_known = 0, inside = 0, outside = 0;
    uint64_t min = UINT64_MAX, max = 0;
    FILE *f;
    char line[256];

    while ((opt = getopt(argc, argv, "t:")) != -1) {
        if (opt != 't') {
            fprintf(stderr, "usage: axl-gntmap [-t SECONDS] [XSPATH]\n");
            return 2;
        }
        timeout = strtol(optarg, NULL, 10);
    }
    if (optind < argc)
        base = argv[optind];
    setvbuf(stdout, NULL, _IOLBF, 0);

    read_regions();
    xs = xs_open(0);
    if (!xs) {
        printf("gnt: result FAIL xs_open: %s\n", strerror(errno));
        return 1;
    }
    self = xs_read(xs, XBT_NULL, "domid", NULL);
    printf("gnt: self domid %s\n", self ? self : "?");
    for (waited = 0; !(v = xs_get(xs, base, "ready")); waited += 100) {
        if (waited >= timeout * 1000) {
            printf("gnt: result FAIL no %s/ready after %ld s\n", base, timeout);
            return 1;
        }
        msleep(100);
    }
    free(v);
    printf("gnt: grants published after %.1f s\n", waited / 1000.0);
    v = xs_get(xs, base, "count");
    count = v ? strtoul(v, NULL, 10) : 0;
    free(v);
    v = xs_get(xs, base, "domid");
    from = v ? (uint32_t)strtoul(v, NULL, 10) : 0;
    free(v);
    mode = xs_get(xs, base, "mode");
    each = mode && !strcmp(mode, "each");
    if (!count) {
        printf("gnt: result FAIL no count in %s\n", base);
        return 1;
    }
    refs = calloc(count, sizeof(*refs));
    va = calloc(count, sizeof(*va));
    if (!refs || !va) {
        printf("gnt: result FAIL out of memory\n");
        return 1;
    }
    for (i = 0; got < count; i++) {
        char leaf[32], *p, *e;

        snprintf(leaf, sizeof(leaf), "refs/%lu", i);
        v = xs_get(xs, base, leaf);
        if (!v)
            break;
        for (p = v; got < count; p = e) {
            unsigned long r = strtoul(p, &e, 10);

            if (e == p)
                break;
            refs[got++] = (uint32_t)r;
        }
        free(v);
    }
    if (got != count) {
        printf("gnt: result FAIL %lu refs in xenstore, count says %lu\n", got, count);
        return 1;
    }
    printf("gnt: mode %s count %lu from domid %" PRIu32 " refs %" PRIu32 "..%" PRIu32 "\n",
           each ? "each" : "one", count, from, refs[0], refs[count - 1]);

    mem("before");
    xgt = xengnttab_open(NULL, 0);
    if (!xgt) {
        printf("gnt: result FAIL xengnttab_open: %s\n", strerror(errno));
        return 1;
    }
    xengnttab_set_max_grants(xgt, (uint32_t)count);
    if (!each) {
        unsigned char *p = xengnttab_map_domain_grant_refs(xgt, (uint32_t)count, from, refs,
                                                           PROT_READ);

        if (!p) {
            err = errno;
            printf("gnt: map FAIL at 0 of %lu: errno %d (%s)\n", count, err, strerror(err));
        } else {
            for (i = 0; i < count; i++)
                va[i] = p + i * PAGE;
            mapped = count;
        }
    } else {
        for (i = 0; i < count; i++) {
            va[i] = xengnttab_map_grant_ref(xgt, from, refs[i], PROT_READ);
            if (!va[i]) {
                err = errno;
                printf("gnt: map FAIL at %lu of %lu: errno %d (%s)\n", i, count, err,
                       strerror(err));
                break;
            }
            mapped++;
        }
    }
    if (mapped == count)
        printf("gnt: map ok\n");

    pm = open("/proc/self/pagemap", O_RDONLY);
    for (i = 0; i < mapped; i++) {
        char want[80];
        uint64_t e;

        snprintf(want, sizeof(want), "AXL-GNT-MARKER page %lu/%lu ref %" PRIu32, i, count,
                 refs[i]);
        if (!strcmp((char *)va[i], want))
            marker_ok++;
        if (i == 0)
            printf("gnt: marker \"%.80s\"\n", (char *)va[0]);
        if (pm >= 0 && pread(pm, &e, 8, (off_t)((uintptr_t)va[i] / PAGE) * 8) == 8 &&
            (e >> 63) && (e & ((1ull << 55) - 1))) {
            uint64_t gpa = (e & ((1ull << 55) - 1)) * PAGE;

            pfn_known++;
            if (gpa < min)
                min = gpa;
            if (gpa > max)
                max = gpa;
            if (in_regions(gpa))
                inside++;
            else if (outside++ < 4)
                printf("gnt: outside 0x%" PRIx64 " (page %lu)\n", gpa, i);
        }
    }
    if (pm >= 0)
        close(pm);
    printf("gnt: pages mapped=%lu marker_ok=%lu pfn_known=%lu in_regions=%lu outside=%lu "
           "min=0x%" PRIx64 " max=0x%" PRIx64 "\n", mapped, marker_ok, pfn_known, inside,
           outside, pfn_known ? min : 0, max);
    f = fopen("/proc/iomem", "r");
    while (f && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = 0;
        printf("gnt: iomem %s\n", line);
    }
    if (f)
        fclose(f);
    mem("during");

    if (!each && mapped)
        xengnttab_unmap(xgt, va[0], (uint32_t)mapped);
    else
        for (i = 0; i < mapped; i++)
            xengnttab_unmap(xgt, va[i], 1);
    xengnttab_close(xgt);
    mem("after");

    if (mapped != count)
        printf("gnt: result FAIL mapped %lu of %lu pages (errno %d %s)\n", mapped, count, err,
               strerror(err));
    else if (marker_ok != count)
        printf("gnt: result FAIL %lu of %lu markers wrong\n", count - marker_ok, count);
    else
        printf("gnt: result ok\n");
    xs_close(xs);
    return mapped == count && marker_ok == count ? 0 : 1;
}
