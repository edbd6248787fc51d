/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The guest device tree, written with libfdt's sequential writer in the
 * node order, properties and layout of the libxl of the target Xen (4.17
 * or 4.20, tools/libs/light/libxl_arm.c), so that a tree for the same
 * config is libxl's byte for byte (apart from the random /chosen/rng-seed):
 *
 *   / (model, compatible, interrupt-parent, cells)
 *   /chosen  /cpus/cpu@N  /psci  /memory@40000000  /memory@200000000
 *   /interrupt-controller@3001000  /timer  /hypervisor  [/sbsa-pl011]
 *   [/firmware/optee]  [/virtio@2000000...]  [/xen_iommu]
 *   [/passthrough  /aliases from the partial device tree]
 *
 * The versions differ only where the profile says: 4.17 writes xen_iommu
 * before the first virtio disk whose backend is not dom0, 4.20 after all
 * virtio devices when one of them uses grants.
 *
 * Two libxl habits shape the blob and are reproduced on purpose: the
 * /hypervisor reg is sized for 1 + the RAM banks regions while the tree
 * is written and then set to its final length (leaving the freed bytes at
 * the end of the blob, inside totalsize), and a RAM bank without RAM keeps
 * its memory node as NOP tags.  Everything the tree says is computed
 * before the first byte is written; the reg is written once, complete.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_partial_dt.h"
#include "arch-arm.h"
#include "axl_layout_arm.h"

#define FDT_INITIAL_SIZE 4096
#define FDT_MAX_SIZE     (64u << 20)
#define RNG_SEED_BYTES   128
#define REG_CELLS        (GUEST_ROOT_ADDRESS_CELLS + GUEST_ROOT_SIZE_CELLS)

/* One (address, size) pair in 2 + 2 cells. */
static void put_range(fdt32_t *cells, uint64_t base, uint64_t size)
{
    cells[0] = cpu_to_fdt32((uint32_t)(base >> 32));
    cells[1] = cpu_to_fdt32((uint32_t)base);
    cells[2] = cpu_to_fdt32((uint32_t)(size >> 32));
    cells[3] = cpu_to_fdt32((uint32_t)size);
}

/* A GIC interrupt specifier: PPIs from 16, SPIs from 32, all CPUs. */
static void put_irq(fdt32_t *cells, unsigned int irq, uint32_t type)
{
    bool ppi = irq < 32;

    cells[0] = cpu_to_fdt32(ppi ? 1 : 0);
    cells[1] = cpu_to_fdt32(irq - (ppi ? 16 : 32));
    cells[2] = cpu_to_fdt32((0xfu << 8) | type);
}

/* "a\0b\0" from two strings. */
static int prop_compat2(void *fdt, const char *a, const char *b)
{
    char buf[128];
    size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0;

    if (la + lb > sizeof(buf))
        return -FDT_ERR_INTERNAL;
    memcpy(buf, a, la);
    if (b)
        memcpy(buf + la, b, lb);
    return fdt_property(fdt, "compatible", buf, (int)(la + lb));
}

static int prop_reg1(void *fdt, uint64_t base, uint64_t size)
{
    fdt32_t cells[REG_CELLS];

    put_range(cells, base, size);
    return fdt_property(fdt, "reg", cells, sizeof(cells));
}

static int prop_interrupts(void *fdt, const fdt32_t *cells, size_t n)
{
    int r = fdt_property(fdt, "interrupts", cells,
                         (int)(n * 3 * sizeof(*cells)));

    if (r)
        return r;
    return fdt_property_cell(fdt, "interrupt-parent", GUEST_PHANDLE_GIC);
}

/* splitmix64: a fixed, well-mixed expansion of the caller's seed. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static int fill_seed(axl_ctx *ctx, const axl_build_options *o,
                     unsigned char *seed)
{
    size_t got = 0;

    if (o->rng_seed == AXL_RNG_SEED_FIXED) {
        uint64_t state = o->rng_seed_value;
        size_t i;

        for (i = 0; i < RNG_SEED_BYTES; i += 8) {
            uint64_t v = splitmix64(&state);
            int b;

            for (b = 0; b < 8; b++)
                seed[i + b] = (unsigned char)(v >> (56 - 8 * b));
        }
        return AXL_OK;
    }
    while (got < RNG_SEED_BYTES) {
        ssize_t r = getrandom(seed + got, RNG_SEED_BYTES - got, 0);

        if (r < 0) {
            LOGE(ctx, ERROR, "rng-seed: getrandom failed");
            return AXL_ERROR_IO;
        }
        got += (size_t)r;
    }
    return AXL_OK;
}

static int make_root(void *fdt, const axl_build_options *o)
{
    char model[32], compat[32];
    int r;

    snprintf(model, sizeof(model), "XENVM-%u.%u", o->xen_major, o->xen_minor);
    snprintf(compat, sizeof(compat), "xen,xenvm-%u.%u",
             o->xen_major, o->xen_minor);
    r = fdt_property_string(fdt, "model", model);
    if (!r)
        r = prop_compat2(fdt, compat, "xen,xenvm");
    if (!r)
        r = fdt_property_cell(fdt, "interrupt-parent", GUEST_PHANDLE_GIC);
    if (!r)
        r = fdt_property_cell(fdt, "#address-cells", GUEST_ROOT_ADDRESS_CELLS);
    if (!r)
        r = fdt_property_cell(fdt, "#size-cells", GUEST_ROOT_SIZE_CELLS);
    return r;
}

static int make_chosen(void *fdt, const axl__dt_inputs *in,
                       const unsigned char *seed)
{
    const uint64_t zero = 0;
    int r = fdt_begin_node(fdt, "chosen");

    if (!r && in->eff->cmdline)
        r = fdt_property_string(fdt, "bootargs", in->eff->cmdline);
    if (!r && in->has_ramdisk) {
        r = fdt_property(fdt, "linux,initrd-start", &zero, sizeof(zero));
        if (!r)
            r = fdt_property(fdt, "linux,initrd-end", &zero, sizeof(zero));
    }
    if (!r && seed)
        r = fdt_property(fdt, "rng-seed", seed, RNG_SEED_BYTES);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* MPIDR affinity of vCPU @i: Aff0 holds 16 vCPUs, Aff1 the rest. */
static uint32_t vcpu_mpidr(unsigned int i)
{
    return (i & 0xf) | (((i >> 4) & 0xff) << 8);
}

static int make_cpus(void *fdt, const axl__dt_inputs *in)
{
    const char *compat = in->arch == AXL_ARCH_ARM32 ? "arm,cortex-a15"
                                                    : "arm,armv8";
    unsigned int i;
    int r = fdt_begin_node(fdt, "cpus");

    if (!r)
        r = fdt_property_cell(fdt, "#address-cells", 1);
    if (!r)
        r = fdt_property_cell(fdt, "#size-cells", 0);
    for (i = 0; !r && i < in->eff->max_vcpus; i++) {
        char name[16];

        snprintf(name, sizeof(name), "cpu@%"PRIx32, vcpu_mpidr(i));
        r = fdt_begin_node(fdt, name);
        if (!r)
            r = fdt_property_string(fdt, "device_type", "cpu");
        if (!r)
            r = prop_compat2(fdt, compat, NULL);
        if (!r)
            r = fdt_property_string(fdt, "enable-method", "psci");
        if (!r)
            r = fdt_property_cell(fdt, "reg", vcpu_mpidr(i));
        if (!r)
            r = fdt_end_node(fdt);
    }
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

static int make_psci(void *fdt)
{
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    int r = fdt_begin_node(fdt, "psci");

    if (!r)
        r = fdt_property(fdt, "compatible", compat, sizeof(compat));
    if (!r)
        r = fdt_property_string(fdt, "method", "hvc");
    if (!r)
        r = fdt_property_cell(fdt, "cpu_off", PSCI_cpu_off);
    if (!r)
        r = fdt_property_cell(fdt, "cpu_on", PSCI_cpu_on);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

static int make_memory(void *fdt, const axl__dt_inputs *in)
{
    size_t i;
    int r = 0;

    for (i = 0; !r && i < AXL__RAM_BANKS; i++) {
        uint64_t base = axl__win_base(in->profile, axl__ram_win(i));
        char name[32];

        snprintf(name, sizeof(name), "memory@%"PRIx64, base);
        r = fdt_begin_node(fdt, name);
        if (!r)
            r = fdt_property_string(fdt, "device_type", "memory");
        if (!r)
            r = prop_reg1(fdt, in->bank_bytes[i] ? base : 0,
                          in->bank_bytes[i]);
        if (!r)
            r = fdt_end_node(fdt);
    }
    return r;
}

/* The reg of a window of the layout table. */
static void put_win(fdt32_t *cells, const axl__xen_profile *p, axl__win w)
{
    put_range(cells, axl__win_base(p, w), axl__win_size(p, w));
}

static int make_gic(void *fdt, const axl__xen_profile *p, axl_gic_version gic)
{
    axl__win dist = gic == AXL_GIC_V2 ? AXL__WIN_GICV2_DIST
                                      : AXL__WIN_GICV3_DIST;
    fdt32_t regs[2 * REG_CELLS];
    char name[48];
    int r;

    snprintf(name, sizeof(name), "interrupt-controller@%"PRIx64,
             axl__win_base(p, dist));
    put_win(regs, p, dist);
    put_win(regs + REG_CELLS, p, gic == AXL_GIC_V2 ? AXL__WIN_GICV2_CPU
                                                   : AXL__WIN_GICV3_REDIST);
    r = fdt_begin_node(fdt, name);
    if (!r)
        r = gic == AXL_GIC_V2 ?
            prop_compat2(fdt, "arm,cortex-a15-gic", "arm,cortex-a9-gic") :
            prop_compat2(fdt, "arm,gic-v3", NULL);
    if (!r)
        r = fdt_property_cell(fdt, "#interrupt-cells", 3);
    if (!r)
        r = fdt_property_cell(fdt, "#address-cells", 0);
    if (!r)
        r = fdt_property(fdt, "interrupt-controller", NULL, 0);
    if (!r)
        r = fdt_property(fdt, "reg", regs, sizeof(regs));
    if (!r)
        r = fdt_property_cell(fdt, "linux,phandle", GUEST_PHANDLE_GIC);
    if (!r)
        r = fdt_property_cell(fdt, "phandle", GUEST_PHANDLE_GIC);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

static int make_timer(void *fdt, const axl__dt_inputs *in)
{
    fdt32_t irqs[3 * 3];
    int r;

    put_irq(irqs, GUEST_TIMER_PHYS_S_PPI, DT_IRQ_TYPE_LEVEL_LOW);
    put_irq(irqs + 3, GUEST_TIMER_PHYS_NS_PPI, DT_IRQ_TYPE_LEVEL_LOW);
    put_irq(irqs + 6, GUEST_TIMER_VIRT_PPI, DT_IRQ_TYPE_LEVEL_LOW);
    r = fdt_begin_node(fdt, "timer");
    if (!r)
        r = prop_compat2(fdt, in->arch == AXL_ARCH_ARM32 ? "arm,armv7-timer"
                                                         : "arm,armv8-timer",
                         NULL);
    if (!r)
        r = prop_interrupts(fdt, irqs, 3);
    if (!r && in->opts->timer_frequency)
        r = fdt_property_cell(fdt, "clock-frequency",
                              in->opts->timer_frequency);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* The reg is reserved here and written by finish_hypervisor(). */
static int make_hypervisor(void *fdt, const axl__dt_inputs *in,
                           size_t reg_slots)
{
    char compat[32];
    fdt32_t irq[3];
    void *reg;
    int r;

    snprintf(compat, sizeof(compat), "xen,xen-%u.%u",
             in->opts->xen_major, in->opts->xen_minor);
    put_irq(irq, GUEST_EVTCHN_PPI, DT_IRQ_TYPE_LEVEL_LOW);
    r = fdt_begin_node(fdt, "hypervisor");
    if (!r)
        r = prop_compat2(fdt, compat, "xen,xen");
    if (!r) {
        r = fdt_property_placeholder(fdt, "reg",
                                     (int)(reg_slots * REG_CELLS * 4), &reg);
        if (!r)
            memset(reg, 0, reg_slots * REG_CELLS * 4);
    }
    if (!r)
        r = prop_interrupts(fdt, irq, 1);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

static int make_vpl011(void *fdt, const axl__xen_profile *p)
{
    fdt32_t irq[3];
    int r;

    put_irq(irq, GUEST_VPL011_SPI, DT_IRQ_TYPE_LEVEL_HIGH);
    r = fdt_begin_node(fdt, "sbsa-pl011");
    if (!r)
        r = prop_compat2(fdt, "arm,sbsa-uart", NULL);
    if (!r)
        r = prop_reg1(fdt, axl__win_base(p, AXL__WIN_VPL011),
                      axl__win_size(p, AXL__WIN_VPL011));
    if (!r)
        r = prop_interrupts(fdt, irq, 1);
    if (!r)
        r = fdt_property_cell(fdt, "current-speed", 115200);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* tee="optee": the OP-TEE firmware node. */
static int make_optee(void *fdt)
{
    int r = fdt_begin_node(fdt, "firmware");

    if (!r)
        r = fdt_begin_node(fdt, "optee");
    if (!r)
        r = prop_compat2(fdt, "linaro,optee-tz", NULL);
    if (!r)
        r = fdt_property_string(fdt, "method", "hvc");
    if (!r)
        r = fdt_end_node(fdt);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* The grant DMA "IOMMU" that virtio devices with grants point to. */
static int make_xen_iommu(void *fdt)
{
    int r = fdt_begin_node(fdt, "xen_iommu");

    if (!r)
        r = prop_compat2(fdt, "xen,grant-dma", NULL);
    if (!r)
        r = fdt_property_cell(fdt, "#iommu-cells", 1);
    if (!r)
        r = fdt_property_cell(fdt, "phandle", GUEST_PHANDLE_IOMMU);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* The child node a virtio,deviceN type needs (i2c 22, gpio 29). */
static int make_virtio_child(void *fdt, const char *type)
{
    bool gpio = !strcmp(type, "virtio,device29");
    int r;

    if (!gpio && strcmp(type, "virtio,device22"))
        return 0;
    r = fdt_begin_node(fdt, gpio ? "gpio" : "i2c");
    if (!r)
        r = prop_compat2(fdt, type, NULL);
    if (!r && gpio) {
        r = fdt_property(fdt, "gpio-controller", NULL, 0);
        if (!r)
            r = fdt_property_cell(fdt, "#gpio-cells", 2);
        if (!r)
            r = fdt_property(fdt, "interrupt-controller", NULL, 0);
        if (!r)
            r = fdt_property_cell(fdt, "#interrupt-cells", 2);
    }
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

static int make_virtio(void *fdt, const axl__xen_profile *p,
                       const axl__virtio_dev *d)
{
    fdt32_t irq[3];
    char name[32];
    int r;

    snprintf(name, sizeof(name), "virtio@%"PRIx64, d->base);
    put_irq(irq, d->spi, DT_IRQ_TYPE_EDGE_RISING);
    r = fdt_begin_node(fdt, name);
    if (!r)
        r = prop_compat2(fdt, "virtio,mmio", NULL);
    if (!r)
        r = prop_reg1(fdt, d->base, p->virtio_dev_size);
    if (!r)
        r = prop_interrupts(fdt, irq, 1);
    if (!r)
        r = fdt_property(fdt, "dma-coherent", NULL, 0);
    if (!r && d->grant) {
        fdt32_t iommus[2] = { cpu_to_fdt32(GUEST_PHANDLE_IOMMU),
                              cpu_to_fdt32(d->backend_domid) };

        r = fdt_property(fdt, "iommus", iommus, sizeof(iommus));
    }
    if (!r && d->type)
        r = make_virtio_child(fdt, d->type);
    if (!r)
        r = fdt_end_node(fdt);
    return r;
}

/* The virtio devices, with xen_iommu where that version's libxl puts it. */
static int make_virtio_devices(void *fdt, const axl__dt_inputs *in)
{
    const axl__virtio_layout *vl = in->virtio;
    bool before = in->profile->iommu_style == AXL__IOMMU_BEFORE_FIRST;
    bool iommu = false;
    size_t i;
    int r = 0;

    for (i = 0; !r && i < vl->nr; i++) {
        if (vl->dev[i].grant && !iommu && before)
            r = make_xen_iommu(fdt);
        iommu = iommu || vl->dev[i].grant;
        if (!r)
            r = make_virtio(fdt, in->profile, &vl->dev[i]);
    }
    if (!r && iommu && !before)
        r = make_xen_iommu(fdt);
    return r;
}

static int write_tree(void *fdt, int size, const axl__dt_inputs *in,
                      const unsigned char *seed, size_t reg_slots)
{
    int r = fdt_create(fdt, size);

    if (!r)
        r = fdt_finish_reservemap(fdt);
    if (!r)
        r = fdt_begin_node(fdt, "");
    if (!r)
        r = make_root(fdt, in->opts);
    if (!r)
        r = make_chosen(fdt, in, seed);
    if (!r)
        r = make_cpus(fdt, in);
    if (!r)
        r = make_psci(fdt);
    if (!r)
        r = make_memory(fdt, in);
    if (!r)
        r = make_gic(fdt, in->profile, in->gic);
    if (!r)
        r = make_timer(fdt, in);
    if (!r)
        r = make_hypervisor(fdt, in, reg_slots);
    if (!r && in->eff->vuart == AXL_VUART_SBSA_UART)
        r = make_vpl011(fdt, in->profile);
    if (!r && in->eff->tee == AXL_TEE_OPTEE)
        r = make_optee(fdt);
    if (!r)
        r = make_virtio_devices(fdt, in);
    if (!r && in->partial)
        r = axl__pdt_copy(fdt, in->partial);
    if (!r)
        r = fdt_end_node(fdt);
    if (!r)
        r = fdt_finish(fdt);
    return r;
}

/* Region 0 (grant table) then the extended regions, in their final size. */
static int finish_hypervisor(void *fdt, const axl__dt_inputs *in)
{
    size_t n = 1 + in->nr_regions, i;
    fdt32_t *regs;
    int node, r;

    node = fdt_path_offset(fdt, "/hypervisor");
    if (node < 0)
        return node;
    regs = calloc(n, REG_CELLS * sizeof(*regs));
    if (!regs)
        return -FDT_ERR_NOSPACE;
    put_win(regs, in->profile, AXL__WIN_GNTTAB);
    for (i = 0; i < in->nr_regions; i++) {
        const axl_range *e = &in->regions[i];

        put_range(regs + (i + 1) * REG_CELLS, e->start,
                  axl__range_size(e));
    }
    r = fdt_setprop(fdt, node, "reg", regs, (int)(n * REG_CELLS * 4));
    free(regs);
    return r;
}

/* An empty bank's memory node becomes NOPs (libxl's fdt_nop_node). */
static int finish_memory(void *fdt, const axl__dt_inputs *in)
{
    size_t i;

    for (i = 0; i < AXL__RAM_BANKS; i++) {
        char path[32];
        int node;

        if (in->bank_bytes[i])
            continue;
        snprintf(path, sizeof(path), "/memory@%"PRIx64,
                 axl__win_base(in->profile, axl__ram_win(i)));
        node = fdt_path_offset(fdt, path);
        if (node < 0)
            return node;
        node = fdt_nop_node(fdt, node);
        if (node < 0)
            return node;
    }
    return 0;
}

int axl__fdt_write(axl_ctx *ctx, const axl__dt_inputs *in, void **blob_r)
{
    unsigned char seed[RNG_SEED_BYTES];
    size_t reg_slots = 1 + (in->nr_regions > AXL__RAM_BANKS ?
                            in->nr_regions : AXL__RAM_BANKS);
    unsigned int size = FDT_INITIAL_SIZE;
    void *fdt = NULL, *nfdt;
    int r, rc;

    if (in->opts->rng_seed != AXL_RNG_SEED_NONE) {
        rc = fill_seed(ctx, in->opts, seed);
        if (rc)
            return rc;
    }
    if (reg_slots > (FDT_MAX_SIZE / 2) / (REG_CELLS * 4)) {
        LOG(ctx, ERROR, "device tree: %zu extended regions do not fit in a "
            "device tree", in->nr_regions);
        return AXL_ERROR_FDT;
    }
    for (;;) {
        nfdt = realloc(fdt, size);
        if (!nfdt) {
            free(fdt);
            return AXL_ERROR_NOMEM;
        }
        fdt = nfdt;
        /* On NOSPACE start again: a half-written tree cannot be resumed. */
        r = write_tree(fdt, (int)size, in,
                       in->opts->rng_seed == AXL_RNG_SEED_NONE ? NULL : seed,
                       reg_slots);
        if (r != -FDT_ERR_NOSPACE || size >= FDT_MAX_SIZE)
            break;
        size *= 2;
    }
    if (!r)
        r = finish_hypervisor(fdt, in);
    if (!r)
        r = finish_memory(fdt, in);
    if (r) {
        LOG(ctx, ERROR, "device tree: libfdt failed: %s", fdt_strerror(r));
        free(fdt);
        return r == -FDT_ERR_NOSPACE ? AXL_ERROR_NOMEM : AXL_ERROR_FDT;
    }
    /* Give back the unused tail of the buffer. */
    nfdt = realloc(fdt, fdt_totalsize(fdt));
    *blob_r = nfdt ? nfdt : fdt;
    return AXL_OK;
}

int axl__fdt_set_initrd(axl_ctx *ctx, void *blob, uint64_t start,
                        uint64_t end)
{
    fdt64_t v;
    int node, r;

    node = fdt_path_offset(blob, "/chosen");
    if (node < 0) {
        r = node;
        goto fail;
    }
    v = cpu_to_fdt64(start);
    r = fdt_setprop_inplace(blob, node, "linux,initrd-start", &v, sizeof(v));
    if (r)
        goto fail;
    v = cpu_to_fdt64(end);
    r = fdt_setprop_inplace(blob, node, "linux,initrd-end", &v, sizeof(v));
    if (r)
        goto fail;
    return AXL_OK;
fail:
    LOG(ctx, ERROR, "device tree: cannot set the initrd range: %s",
        fdt_strerror(r));
    return AXL_ERROR_FDT;
}
