/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * axl_dtcheck(): is the /hypervisor node of a device tree safe and usable?
 *
 * What a guest does with the node (xen-arm-facts.md sections 4 and 5):
 * Linux matches only a top-level node named exactly "hypervisor" whose
 * first compatible is "xen,xen-X.Y"; it maps its grant frames at the start
 * of region 0; it takes regions 1..N as space to map foreign pages into,
 * but rejects the whole list (and balloons out its own RAM, XSA-300) unless
 * they ascend without overlapping, and allocates from them only by whole,
 * aligned memory-hotplug sections.  Anything else in the tree that a
 * region covers (RAM, reserved memory, a device, a PCI window) would be
 * shadowed by foreign mappings.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_dtcheck.h"

#define GNTTAB_FRAME    UINT64_C(4096)
/* Findings kept in a report; past this they are only counted (in
 * errors, warnings and the regions' verdicts), so that a hostile tree of
 * many regions cannot make the report, or its printing, huge. */
#define FINDINGS_KEPT   1000
#define SECTION_64K     (UINT64_C(512) << 20)

/* A finding waiting for the final sort (seq keeps it stable). */
typedef struct pending {
    axl_dtcheck_finding f;
    size_t seq;
} pending;

typedef struct ck {
    axl_ctx *ctx;
    const void *fdt;
    axl_dtcheck_report *rep;
    pending *p;
    size_t nr, cap;
    axl_range *r;           /* regions as ranges, clipped at 2^64 - 1 */
    bool *valid;            /* the region has a size */
    int rc;                 /* the first allocation failure */
} ck;

const char *axl_dtcheck_code_to_string(axl_dtcheck_code code)
{
    switch (code) {
    case AXL_DTCHECK_NO_HYPERVISOR:     return "no-hypervisor";
    case AXL_DTCHECK_COMPATIBLE:        return "compatible";
    case AXL_DTCHECK_ROOT_CELLS:        return "root-cells";
    case AXL_DTCHECK_REG_MISSING:       return "reg-missing";
    case AXL_DTCHECK_REG_MALFORMED:     return "reg-malformed";
    case AXL_DTCHECK_NO_GNTTAB:         return "no-grant-table";
    case AXL_DTCHECK_GNTTAB_SMALL:      return "grant-table-small";
    case AXL_DTCHECK_GNTTAB_UNALIGNED:  return "grant-table-unaligned";
    case AXL_DTCHECK_EMPTY:             return "empty";
    case AXL_DTCHECK_BEYOND_CELLS:      return "beyond-address-cells";
    case AXL_DTCHECK_UNSORTED:          return "unsorted";
    case AXL_DTCHECK_OVERLAP_REGION:    return "overlap-region";
    case AXL_DTCHECK_OVERLAP_GNTTAB:    return "overlap-grant-table";
    case AXL_DTCHECK_OVERLAP_MEMORY:    return "overlap-memory";
    case AXL_DTCHECK_OVERLAP_RESERVED:  return "overlap-reserved";
    case AXL_DTCHECK_OVERLAP_DEVICE:    return "overlap-device";
    case AXL_DTCHECK_OVERLAP_PCI:       return "overlap-pci";
    case AXL_DTCHECK_UNALIGNED:         return "unaligned";
    case AXL_DTCHECK_SMALL:             return "small";
    case AXL_DTCHECK_NO_SECTION:        return "no-section";
    case AXL_DTCHECK_NO_REGIONS:        return "no-regions";
    }
    return "unknown";
}

bool axl_dtcheck_code_is_error(axl_dtcheck_code code)
{
    return code < AXL_DTCHECK_UNALIGNED;
}

void axl_dtcheck_options_init(axl_dtcheck_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->page_size = 4096;
}

void axl_dtcheck_report_free(axl_dtcheck_report *rep)
{
    size_t i;

    if (!rep)
        return;
    for (i = 0; i < rep->nr_findings; i++) {
        free((char *)rep->findings[i].path);
        free((char *)rep->findings[i].message);
    }
    free(rep->findings);
    free(rep->regions);
    free(rep);
}

static void count_finding(ck *c, axl_dtcheck_code code, size_t region)
{
    bool error = axl_dtcheck_code_is_error(code);

    if (error)
        c->rep->errors++;
    else
        c->rep->warnings++;
    if (region < c->rep->nr_regions) {
        axl_dtcheck_verdict v = error ? AXL_DTCHECK_ERROR
                                      : AXL_DTCHECK_WARNING;
        axl_dtcheck_region *rg = &c->rep->regions[region];

        if (v > rg->verdict)
            rg->verdict = v;
    }
}

__attribute__((format(printf, 7, 8)))
static void add_finding(ck *c, axl_dtcheck_code code, size_t region,
                        size_t other, const axl_range *range,
                        const char *path, const char *fmt, ...)
{
    axl_dtcheck_finding *f;
    va_list ap;
    char *msg;
    int r;

    if (c->rc)
        return;
    if (c->nr >= FINDINGS_KEPT) {
        count_finding(c, code, region);
        return;
    }
    if (axl__grow((void **)&c->p, c->nr, &c->cap, sizeof(*c->p)))
        goto nomem;
    va_start(ap, fmt);
    r = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (r < 0)
        goto nomem;
    f = &c->p[c->nr].f;
    memset(f, 0, sizeof(*f));
    f->code = code;
    f->error = axl_dtcheck_code_is_error(code);
    f->region = region;
    f->other = other;
    if (range)
        f->range = *range;
    f->message = msg;
    if (path) {
        f->path = strdup(path);
        if (!f->path) {
            free(msg);
            goto nomem;
        }
    }
    c->p[c->nr].seq = c->nr;
    c->nr++;
    count_finding(c, code, region);
    LOG(c->ctx, DEBUG, "dt-check: %s", msg);
    return;
nomem:
    c->rc = AXL_ERROR_NOMEM;
}

/* "region 1 (0x50000000-0xffffffff, 1.25 GiB)" */
static void region_desc(const ck *c, size_t i, char *buf, size_t len)
{
    const axl_dtcheck_region *rg = &c->rep->regions[i];
    char size[32];

    axl_format_size(rg->size, size, sizeof(size));
    if (!c->valid[i])
        snprintf(buf, len, "region %zu (at 0x%"PRIx64", size 0)", i,
                 rg->start);
    else
        snprintf(buf, len, "region %zu (0x%"PRIx64"-0x%"PRIx64", %s)", i,
                 c->r[i].start, c->r[i].last, size);
}

/* ---- the node -------------------------------------------------------- */

/* A top-level node named exactly "hypervisor" (libfdt's lookup would also
 * take "hypervisor@..."; Linux does not). */
static int find_hypervisor(const void *fdt)
{
    int node;

    fdt_for_each_subnode(node, fdt, 0) {
        const char *name = fdt_get_name(fdt, node, NULL);

        if (name && !strcmp(name, "hypervisor"))
            return node;
    }
    return -1;
}

static void no_hypervisor(ck *c)
{
    char raw[512] = "", path[512];
    int node;

    /* Say what is there instead, if anything resembles the node. */
    fdt_for_each_subnode(node, c->fdt, 0) {
        const char *name = fdt_get_name(c->fdt, node, NULL);

        if (name && !strncmp(name, "hypervisor@", 11))
            break;
    }
    if (node < 0)
        node = fdt_node_offset_by_compatible(c->fdt, -1, "xen,xen");
    if (node >= 0 && fdt_get_path(c->fdt, node, raw, sizeof(raw)))
        raw[0] = '\0';
    /* Names from the tree are printed: escape what is not printable. */
    axl__fdt_escape_name(raw, path, sizeof(path));
    if (path[0])
        add_finding(c, AXL_DTCHECK_NO_HYPERVISOR, AXL_DTCHECK_NODE, 0,
                    NULL, NULL, "no top-level node named exactly "
                    "\"hypervisor\" (found %s, which Linux ignores): the "
                    "guest does not know it runs on Xen", path);
    else
        add_finding(c, AXL_DTCHECK_NO_HYPERVISOR, AXL_DTCHECK_NODE, 0,
                    NULL, NULL, "no top-level node named \"hypervisor\": "
                    "the guest does not know it runs on Xen");
}

/* "xen,xen-X.Y" with decimal X and Y, the whole string. */
static bool parse_version(const char *s, unsigned int *maj,
                          unsigned int *min)
{
    unsigned long v[2];
    int k;

    if (strncmp(s, "xen,xen-", 8))
        return false;
    s += 8;
    for (k = 0; k < 2; k++) {
        char *end;

        if (*s < '0' || *s > '9')
            return false;
        v[k] = strtoul(s, &end, 10);
        if (v[k] > 0xffff || *end != (k ? '\0' : '.'))
            return false;
        s = end + 1;
    }
    *maj = (unsigned int)v[0];
    *min = (unsigned int)v[1];
    return true;
}

static void check_compatible(ck *c, int hyp)
{
    const char *s0, *s1;
    char list[256] = "";
    size_t used = 0;
    int n, i;

    n = fdt_stringlist_count(c->fdt, hyp, "compatible");
    if (n <= 0) {
        add_finding(c, AXL_DTCHECK_COMPATIBLE, AXL_DTCHECK_NODE, 0, NULL,
                    NULL, "/hypervisor has no compatible string list "
                    "(want \"xen,xen-X.Y\", \"xen,xen\")");
        return;
    }
    s0 = fdt_stringlist_get(c->fdt, hyp, "compatible", 0, NULL);
    s1 = n > 1 ? fdt_stringlist_get(c->fdt, hyp, "compatible", 1, NULL)
               : NULL;
    if (s0 && parse_version(s0, &c->rep->xen_major, &c->rep->xen_minor))
        c->rep->has_version = true;
    if (c->rep->has_version && s1 && !strcmp(s1, "xen,xen"))
        return;
    for (i = 0; i < n && used < sizeof(list); i++) {
        const char *s = fdt_stringlist_get(c->fdt, hyp, "compatible", i,
                                           NULL);
        char esc[128];
        int w;

        axl__fdt_escape_name(s, esc, sizeof(esc));
        w = snprintf(list + used, sizeof(list) - used, "%s\"%s\"",
                     i ? ", " : "", esc);

        if (w < 0)
            break;
        used += (size_t)w;
    }
    add_finding(c, AXL_DTCHECK_COMPATIBLE, AXL_DTCHECK_NODE, 0, NULL, NULL,
                "/hypervisor compatible is %s, not \"xen,xen-X.Y\", "
                "\"xen,xen\"%s", list,
                c->rep->has_version ? ""
                : ": Linux reads the Xen version from the first string");
}

/* Reads reg into rep->regions; false (with a finding) if it cannot. */
static bool read_regions(ck *c, int hyp)
{
    axl_dtcheck_report *rep = c->rep;
    int ac = rep->address_cells, sc = rep->size_cells, len, entry;
    const fdt32_t *reg;
    size_t n, i;

    if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
        add_finding(c, AXL_DTCHECK_ROOT_CELLS, AXL_DTCHECK_NODE, 0, NULL,
                    NULL, "the root's #address-cells = <%d>, #size-cells "
                    "= <%d>: /hypervisor reg needs 1 or 2 cells for each",
                    ac, sc);
        return false;
    }
    reg = fdt_getprop(c->fdt, hyp, "reg", &len);
    if (!reg) {
        add_finding(c, AXL_DTCHECK_REG_MISSING, AXL_DTCHECK_NODE, 0, NULL,
                    NULL, "/hypervisor has no reg: region 0 (the grant "
                    "table) is required");
        return false;
    }
    entry = (ac + sc) * 4;
    if (len % entry) {
        add_finding(c, AXL_DTCHECK_REG_MALFORMED, AXL_DTCHECK_NODE, 0,
                    NULL, NULL, "/hypervisor reg is %d bytes, not a whole "
                    "number of (address, size) pairs of %d bytes (root "
                    "#address-cells = <%d>, #size-cells = <%d>)", len,
                    entry, ac, sc);
        return false;
    }
    n = (size_t)(len / entry);
    if (!n) {
        add_finding(c, AXL_DTCHECK_NO_GNTTAB, AXL_DTCHECK_NODE, 0, NULL,
                    NULL, "/hypervisor reg is empty: region 0 (the grant "
                    "table) is required");
        return false;
    }
    rep->regions = calloc(n, sizeof(*rep->regions));
    c->r = calloc(n, sizeof(*c->r));
    c->valid = calloc(n, sizeof(*c->valid));
    if (!rep->regions || !c->r || !c->valid) {
        c->rc = AXL_ERROR_NOMEM;
        return false;
    }
    rep->nr_regions = n;
    for (i = 0; i < n; i++) {
        const fdt32_t *e = reg + i * (size_t)(ac + sc);
        axl_dtcheck_region *rg = &rep->regions[i];

        rg->start = axl__fdt_read_cells(e, ac);
        rg->size = axl__fdt_read_cells(e + ac, sc);
        rg->verdict = AXL_DTCHECK_OK;
        c->valid[i] = rg->size != 0;
        c->r[i].start = rg->start;
        c->r[i].last = rg->size - 1 > UINT64_MAX - rg->start
                       ? UINT64_MAX : rg->start + (rg->size - 1);
        if (i && rg->size)
            rep->ext_bytes = rg->size > UINT64_MAX - rep->ext_bytes
                             ? UINT64_MAX : rep->ext_bytes + rg->size;
    }
    return true;
}

/* ---- the regions ----------------------------------------------------- */

static void check_sizes(ck *c)
{
    const axl_dtcheck_region *g = &c->rep->regions[0];
    uint64_t width = axl__width_last((unsigned int)c->rep->address_cells
                                     * 32);
    char d[128], size[32];
    size_t i;

    if (g->size < GNTTAB_FRAME) {
        axl_format_size(g->size, size, sizeof(size));
        add_finding(c, AXL_DTCHECK_GNTTAB_SMALL, 0, 0, NULL, NULL,
                    "region 0 (the grant table, at 0x%"PRIx64") is %s, "
                    "smaller than one 4 KiB grant frame", g->start, size);
    }
    if (g->start % GNTTAB_FRAME)
        add_finding(c, AXL_DTCHECK_GNTTAB_UNALIGNED, 0, 0, NULL, NULL,
                    "region 0 (the grant table) starts at 0x%"PRIx64", "
                    "not on a 4 KiB frame boundary", g->start);
    for (i = 0; i < c->rep->nr_regions; i++) {
        const axl_dtcheck_region *rg = &c->rep->regions[i];

        region_desc(c, i, d, sizeof(d));
        if (!c->valid[i]) {
            if (i)
                add_finding(c, AXL_DTCHECK_EMPTY, i, 0, NULL, NULL,
                            "%s is empty", d);
            continue;
        }
        if (rg->size - 1 > UINT64_MAX - rg->start)
            add_finding(c, AXL_DTCHECK_BEYOND_CELLS, i, 0, NULL, NULL,
                        "region %zu (0x%"PRIx64" + 0x%"PRIx64") ends "
                        "beyond 2^64", i, rg->start, rg->size);
        else if (c->r[i].last > width)
            add_finding(c, AXL_DTCHECK_BEYOND_CELLS, i, 0, NULL, NULL,
                        "%s ends beyond 0x%"PRIx64", the last address the "
                        "root's #address-cells = <%d> can hold", d, width,
                        c->rep->address_cells);
    }
}

static int index_by_start(const void *a, const void *b, void *opaque)
{
    const axl_range *r = opaque;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (r[x].start != r[y].start)
        return r[x].start < r[y].start ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Linux's rule: each region must start after the previous one ends. */
static void check_order(ck *c)
{
    size_t n = c->rep->nr_regions, prev = 0, i, k, m, nr = 0;
    size_t *order;
    char d[128], o[128];

    c->rep->linux_accepts = true;
    for (i = 1; i < n; i++) {
        if (!c->valid[i])
            continue;
        if (prev && c->r[i].start < c->r[prev].start) {
            region_desc(c, i, d, sizeof(d));
            region_desc(c, prev, o, sizeof(o));
            add_finding(c, AXL_DTCHECK_UNSORTED, i, prev, &c->r[prev], NULL,
                        "%s starts below %s before it: Linux rejects every "
                        "extended region and balloons out RAM instead", d,
                        o);
            c->rep->linux_accepts = false;
        } else if (prev && c->r[i].start <= c->r[prev].last) {
            c->rep->linux_accepts = false;
        }
        prev = i;
    }

    /* Every overlapping pair, each reported at its later-starting one. */
    order = calloc(n, sizeof(*order));
    if (!order) {
        c->rc = AXL_ERROR_NOMEM;
        return;
    }
    for (i = 1; i < n; i++)
        if (c->valid[i])
            order[nr++] = i;
    qsort_r(order, nr, sizeof(*order), index_by_start, c->r);
    for (k = 1, m = nr ? order[0] : 0; k < nr; k++) {
        i = order[k];
        if (c->r[i].start <= c->r[m].last) {
            region_desc(c, i, d, sizeof(d));
            region_desc(c, m, o, sizeof(o));
            add_finding(c, AXL_DTCHECK_OVERLAP_REGION, i, m, &c->r[m], NULL,
                        "%s overlaps %s: Linux rejects every extended "
                        "region and balloons out RAM instead", d, o);
        }
        if (c->r[i].last > c->r[m].last)
            m = i;
    }
    free(order);
}

/* Overlaps listed per region; one more finding says there are more
 * (a tree of n regions over n devices would otherwise give n^2). */
#define OVERLAPS_LISTED 16

typedef struct busy_ctx {
    ck *c;
    const axl__dtbusy_set *busy;
    size_t i, nr;
    const char *desc;
} busy_ctx;

static int busy_found(void *opaque, const axl__dtbusy *b)
{
    busy_ctx *bc = opaque;
    static const struct {
        axl_dtcheck_code code;
        const char *what;
    } kinds[] = {
        [AXL__DTBUSY_MEMORY] = { AXL_DTCHECK_OVERLAP_MEMORY, "RAM" },
        [AXL__DTBUSY_MEMRESERVE] = { AXL_DTCHECK_OVERLAP_RESERVED,
                                     "/memreserve/ entry" },
        [AXL__DTBUSY_RESERVED] = { AXL_DTCHECK_OVERLAP_RESERVED,
                                   "reserved memory" },
        [AXL__DTBUSY_DEVICE] = { AXL_DTCHECK_OVERLAP_DEVICE, "device" },
        [AXL__DTBUSY_PCI] = { AXL_DTCHECK_OVERLAP_PCI, "PCI host bridge" },
    };
    const char *entry = b->kind == AXL__DTBUSY_PCI ? "ranges" : "reg";
    char path[256];

    if (++bc->nr > OVERLAPS_LISTED) {
        add_finding(bc->c, kinds[b->kind].code, bc->i, b->index, &b->range,
                    NULL, "%s overlaps more occupied ranges (only the first "
                    "%d are listed)", bc->desc, OVERLAPS_LISTED);
        return 1;
    }
    if (b->kind != AXL__DTBUSY_MEMRESERVE)
        axl__dtbusy_path(bc->busy, b, path, sizeof(path));
    if (b->kind == AXL__DTBUSY_MEMRESERVE)
        add_finding(bc->c, kinds[b->kind].code, bc->i, b->index, &b->range,
                    NULL, "%s overlaps %s %zu (0x%"PRIx64"-0x%"PRIx64")",
                    bc->desc, kinds[b->kind].what, b->index, b->range.start,
                    b->range.last);
    else
        add_finding(bc->c, kinds[b->kind].code, bc->i, b->index, &b->range,
                    path, "%s overlaps %s %s %s[%zu] (0x%"PRIx64
                    "-0x%"PRIx64")", bc->desc, kinds[b->kind].what,
                    path, entry, b->index, b->range.start,
                    b->range.last);
    return bc->c->rc;
}

static void check_overlaps(ck *c, const axl__dtbusy_set *busy)
{
    char d[128], g[128];
    size_t i;

    for (i = 0; i < c->rep->nr_regions; i++) {
        busy_ctx bc = { c, busy, i, 0, d };

        if (!c->valid[i])
            continue;
        region_desc(c, i, d, sizeof(d));
        if (i && c->valid[0] && axl__range_overlaps(&c->r[i], &c->r[0])) {
            region_desc(c, 0, g, sizeof(g));
            add_finding(c, AXL_DTCHECK_OVERLAP_GNTTAB, i, 0, &c->r[0], NULL,
                        "%s overlaps %s, the grant table", d, g);
        }
        axl__dtbusy_overlaps(busy, &c->r[i], busy_found, &bc);
    }
}

/* What arm64 Linux can allocate: whole aligned sections of each run of
 * touching regions (one run per region if it rejects the list). */
static void compute_usable(ck *c)
{
    axl_dtcheck_report *rep = c->rep;
    size_t n = rep->nr_regions, i = 1, j, k;

    while (i < n) {
        axl_range run, win;

        if (!c->valid[i]) {
            i++;
            continue;
        }
        run = c->r[i];
        for (j = i + 1; rep->linux_accepts && j < n; j++) {
            if (!c->valid[j])
                continue;
            if (run.last == UINT64_MAX || c->r[j].start != run.last + 1)
                break;
            run.last = c->r[j].last;
        }
        if (!rep->linux_accepts)
            j = i + 1;
        win = run;
        if (axl__range_align_inward(&win, rep->section_size)) {
            for (k = i; k < j; k++) {
                axl_range part = c->r[k];

                if (!c->valid[k] || !axl__range_overlaps(&part, &win))
                    continue;
                if (part.start < win.start)
                    part.start = win.start;
                if (part.last > win.last)
                    part.last = win.last;
                rep->regions[k].usable = axl__range_size(&part);
            }
            if (rep->linux_accepts) {
                uint64_t s = axl__range_size(&win);

                rep->usable_bytes = s > UINT64_MAX - rep->usable_bytes
                                    ? UINT64_MAX : rep->usable_bytes + s;
            }
        }
        i = j;
    }
}

static void check_use(ck *c)
{
    const axl_dtcheck_report *rep = c->rep;
    char d[128], sec[32];
    size_t i;

    axl_format_size(rep->section_size, sec, sizeof(sec));
    for (i = 1; i < rep->nr_regions; i++) {
        const axl_dtcheck_region *rg = &rep->regions[i];

        if (!c->valid[i])
            continue;
        region_desc(c, i, d, sizeof(d));
        if (rg->start % AXL_EXT_ALIGN || rg->size % AXL_EXT_ALIGN)
            add_finding(c, AXL_DTCHECK_UNALIGNED, i, 0, NULL, NULL,
                        "%s is not 2 MiB aligned", d);
        if (rg->size < AXL_EXT_MIN_SIZE)
            add_finding(c, AXL_DTCHECK_SMALL, i, 0, NULL, NULL,
                        "%s is smaller than 64 MiB", d);
        if (!rg->usable)
            add_finding(c, AXL_DTCHECK_NO_SECTION, i, 0, NULL, NULL,
                        "%s holds no %s-aligned %s section: arm64 Linux "
                        "with %"PRIu64" KiB pages cannot use it", d, sec,
                        sec, rep->page_size >> 10);
    }
    if (rep->nr_regions == 1)
        add_finding(c, AXL_DTCHECK_NO_REGIONS, AXL_DTCHECK_NODE, 0, NULL,
                    NULL, "no extended regions (only region 0, the grant "
                    "table): the guest will balloon out its RAM to map "
                    "foreign pages");
}

/* ---- the whole check ------------------------------------------------- */

static int finding_cmp(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    /* AXL_DTCHECK_NODE + 1 wraps to 0: node findings come first. */
    size_t rx = x->f.region + 1, ry = y->f.region + 1;

    if (rx != ry)
        return rx < ry ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int finish_findings(ck *c)
{
    axl_dtcheck_report *rep = c->rep;
    size_t i;

    if (!c->nr)
        return AXL_OK;
    qsort(c->p, c->nr, sizeof(*c->p), finding_cmp);
    rep->findings = calloc(c->nr, sizeof(*rep->findings));
    if (!rep->findings)
        return AXL_ERROR_NOMEM;
    for (i = 0; i < c->nr; i++)
        rep->findings[i] = c->p[i].f;
    rep->nr_findings = c->nr;
    c->nr = 0;
    return AXL_OK;
}

int axl_dtcheck(axl_ctx *ctx, const void *blob, size_t size,
                const axl_dtcheck_options *opts,
                axl_dtcheck_report **report_r)
{
    axl_dtcheck_options dflt;
    axl__dtbusy_set busy;
    ck c = { .ctx = ctx, .fdt = blob };
    size_t i;
    int hyp, rc;

    axl__dtbusy_init(&busy);
    if (!opts) {
        axl_dtcheck_options_init(&dflt);
        opts = &dflt;
    }
    if (!blob || !report_r) {
        LOG(ctx, ERROR, "dt-check: no device tree given");
        rc = AXL_ERROR_INVAL;
        goto out;
    }
    if (opts->page_size != 4096 && opts->page_size != 16384 &&
        opts->page_size != 65536) {
        LOG(ctx, ERROR, "dt-check: page size %"PRIu64" is not 4 KiB, "
            "16 KiB or 64 KiB", opts->page_size);
        rc = AXL_ERROR_INVAL;
        goto out;
    }
    rc = axl__fdt_validate(ctx, "dt-check: the input", blob, size);
    if (rc)
        goto out;

    c.rep = calloc(1, sizeof(*c.rep));
    if (!c.rep) {
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    c.rep->page_size = opts->page_size;
    c.rep->section_size = opts->page_size == 65536 ? SECTION_64K
                                                   : AXL_EXT_LINUX_SECTION;
    c.rep->address_cells = axl__fdt_cells(blob, 0, "#address-cells", 2);
    c.rep->size_cells = axl__fdt_cells(blob, 0, "#size-cells", 1);

    hyp = find_hypervisor(blob);
    c.rep->has_hypervisor = hyp >= 0;
    if (hyp < 0) {
        no_hypervisor(&c);
    } else {
        check_compatible(&c, hyp);
        if (read_regions(&c, hyp)) {
            rc = axl__dtbusy_collect(ctx, blob, hyp, &busy);
            if (rc)
                goto out;
            check_sizes(&c);
            check_order(&c);
            check_overlaps(&c, &busy);
            compute_usable(&c);
            check_use(&c);
        }
    }
    rc = c.rc ? c.rc : finish_findings(&c);
    if (rc)
        goto out;
    *report_r = c.rep;
    c.rep = NULL;
out:
    for (i = 0; i < c.nr; i++) {
        free((char *)c.p[i].f.path);
        free((char *)c.p[i].f.message);
    }
    free(c.p);
    free(c.r);
    free(c.valid);
    axl_dtcheck_report_free(c.rep);
    axl__dtbusy_dispose(&busy);
    return rc;
}
