/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Device-tree address translation: a reg in a bus's address space, taken
 * up to the root through each bus's "ranges" (Devicetree spec 2.3.8).
 * An empty ranges is the identity; a missing one means the child space is
 * not memory-mapped (an I2C bus, say).  Cells beyond two (PCI's three-cell
 * addresses) are not translated.
 */
#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_fdt_validate.h"

int axl__fdt_cells(const void *fdt, int node, const char *name, int dflt)
{
    const fdt32_t *p;
    int len;

    p = fdt_getprop(fdt, node, name, &len);
    if (!p || len != 4)
        return dflt;
    return (int)fdt32_to_cpu(*p);
}

uint64_t axl__fdt_read_cells(const fdt32_t *p, int n)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < n; i++)
        v = (v << 32) | fdt32_to_cpu(p[i]);
    return v;
}

int axl__fdt_translate(const void *fdt, int parent, uint64_t addr,
                       uint64_t size, uint64_t *root_addr_r)
{
    int bus = parent;

    while (bus != 0) {
        int up = fdt_parent_offset(fdt, bus);
        const fdt32_t *ranges;
        int len, ca, pa, cs, entry, i;
        bool found = false;

        if (up < 0)
            return up;
        ranges = fdt_getprop(fdt, bus, "ranges", &len);
        if (!ranges)
            return 0;
        if (len == 0) {
            bus = up;
            continue;
        }
        ca = axl__fdt_cells(fdt, bus, "#address-cells", 2);
        cs = axl__fdt_cells(fdt, bus, "#size-cells", 1);
        pa = axl__fdt_cells(fdt, up, "#address-cells", 2);
        if (ca < 1 || ca > 2 || pa < 1 || pa > 2 || cs < 0 || cs > 2)
            return 0;
        entry = ca + pa + cs;
        if (len % (entry * 4))
            return -FDT_ERR_BADVALUE;
        for (i = 0; i < len / (entry * 4); i++) {
            const fdt32_t *e = ranges + i * entry;
            uint64_t child = axl__fdt_read_cells(e, ca);
            uint64_t par = axl__fdt_read_cells(e + ca, pa);
            uint64_t rsize = axl__fdt_read_cells(e + ca + pa, cs);

            /* The whole [addr, addr + size) must sit in this entry. */
            if (addr >= child && addr - child < rsize &&
                size <= rsize - (addr - child)) {
                addr = par + (addr - child);
                found = true;
                break;
            }
        }
        if (!found)
            return 0;
        bus = up;
    }
    *root_addr_r = addr;
    return 1;
}

int axl__fdt_translate_chain(const axl__fdt_bus *bus, int n, uint64_t addr,
                             uint64_t size, uint64_t *root_addr_r)
{
    int k;

    for (k = n - 1; k > 0; k--) {
        const axl__fdt_bus *b = &bus[k];
        int ca = b->ac < 0 ? 2 : b->ac, cs = b->sc < 0 ? 1 : b->sc;
        int pa = bus[k - 1].ac < 0 ? 2 : bus[k - 1].ac;
        int entry, i;
        bool found = false;

        if (!b->ranges)
            return 0;
        if (!b->ranges_len)
            continue;
        if (ca < 1 || ca > 2 || pa < 1 || pa > 2 || cs < 0 || cs > 2)
            return 0;
        entry = ca + pa + cs;
        if (b->ranges_len % (entry * 4))
            return -FDT_ERR_BADVALUE;
        for (i = 0; i < b->ranges_len / (entry * 4); i++) {
            const fdt32_t *e = b->ranges + i * entry;
            uint64_t child = axl__fdt_read_cells(e, ca);
            uint64_t par = axl__fdt_read_cells(e + ca, pa);
            uint64_t rsize = axl__fdt_read_cells(e + ca + pa, cs);

            /* The whole [addr, addr + size) must sit in this entry. */
            if (addr >= child && addr - child < rsize &&
                size <= rsize - (addr - child)) {
                addr = par + (addr - child);
                found = true;
                break;
            }
        }
        if (!found)
            return 0;
    }
    *root_addr_r = addr;
    return 1;
}
