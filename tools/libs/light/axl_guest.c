/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * axl_guest_build: config -> memory map -> extended regions -> device tree
 * -> module placement, each stage complete before the next starts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include "axl_boot_arm.h"
#include "axl_memmap_arm.h"
#include "axl_partial_dt.h"

struct axl_guest {
    axl__memmap map;
    axl__ext_result ext;
    void *dtb;
    size_t dtb_size;
    axl_guest_arch arch;
    char **labels;          /* owned strings the map's labels point to */
    size_t nr_labels;
};

void axl_build_options_init(axl_build_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->xen_major = AXL_XEN_VERSION_MAJOR;
    opts->xen_minor = AXL_XEN_VERSION_MINOR;
    opts->gpaddr_bits = 40;
    opts->rng_seed = AXL_RNG_SEED_RANDOM;
    opts->native_gic = AXL_GIC_V3;
}

void axl_guest_free(axl_guest *g)
{
    size_t i;

    if (!g)
        return;
    axl__memmap_dispose(&g->map);
    axl__ext_result_dispose(&g->ext);
    free(g->dtb);
    for (i = 0; i < g->nr_labels; i++)
        free(g->labels[i]);
    free(g->labels);
    free(g);
}

static int ramdisk_size(axl_ctx *ctx, const char *path, uint64_t *size_r)
{
    struct stat st;

    if (stat(path, &st)) {
        LOGE(ctx, ERROR, "ramdisk: cannot read %s", path);
        return AXL_ERROR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        LOG(ctx, ERROR, "ramdisk: %s is not a regular file", path);
        return AXL_ERROR_IO;
    }
    if (st.st_size == 0) {
        LOG(ctx, ERROR, "ramdisk: %s is empty", path);
        return AXL_ERROR_FORMAT;
    }
    *size_r = (uint64_t)st.st_size;
    return AXL_OK;
}

static int check_options(axl_ctx *ctx, const axl_build_options *o)
{
    if (o->gpaddr_bits < 1 || o->gpaddr_bits > 64) {
        LOG(ctx, ERROR, "gpaddr_bits: %u is outside 1..64", o->gpaddr_bits);
        return AXL_ERROR_INVAL;
    }
    if (!axl__xen_profile_find(o->xen_major, o->xen_minor)) {
        LOG(ctx, ERROR, "xen version: axl writes guests for Xen %s, not "
            "%u.%u", axl_xen_versions_supported(), o->xen_major,
            o->xen_minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (o->rng_seed > AXL_RNG_SEED_NONE) {
        LOG(ctx, ERROR, "rng_seed: unknown mode");
        return AXL_ERROR_INVAL;
    }
    return AXL_OK;
}

/* Every window must lie inside the guest's physical address width. */
static int check_width(axl_ctx *ctx, const axl__memmap *map,
                       unsigned int bits)
{
    uint64_t last = axl__width_last(bits);
    size_t i;

    for (i = 0; i < map->nr; i++) {
        const axl_window *w = &map->w[i];

        if (w->last <= last)
            continue;
        LOG(ctx, ERROR, "gpaddr_bits: the %s%s%s at %#"PRIx64"-%#"PRIx64
            " lies beyond the %u-bit guest physical address space",
            axl_owner_to_string(w->owner), w->label ? " " : "",
            w->label ? w->label : "", w->start, w->last, bits);
        return AXL_ERROR_LAYOUT;
    }
    return AXL_OK;
}

int axl_guest_build(axl_ctx *ctx, const axl_domain_config *cfg,
                    const axl_build_options *opts_in, axl_guest **guest_r)
{
    axl_build_options defaults;
    const axl_build_options *opts = opts_in;
    const axl__xen_profile *prof;
    axl__virtio_layout vl;
    axl_domain_config eff;
    uint64_t bank[AXL__RAM_BANKS], rd_size = 0;
    axl__kernel kernel;
    axl__modules mods;
    axl__ext_params params;
    axl__dt_inputs in;
    void *pfdt = NULL;
    axl_guest *g = NULL;
    size_t i;
    int rc;

    axl__virtio_layout_init(&vl);
    if (!opts) {
        axl_build_options_init(&defaults);
        opts = &defaults;
    }
    rc = check_options(ctx, opts);
    if (rc)
        goto out;
    prof = axl__xen_profile_find(opts->xen_major, opts->xen_minor);
    rc = axl__config_validate_for(ctx, cfg, prof);
    if (rc)
        goto out;
    axl__config_effective(cfg, &eff);
    /* Validated above: this cannot fail but for memory. */
    rc = axl__virtio_place(NULL, &eff, prof, &vl);
    if (rc)
        goto out;
    if (eff.gic_version == AXL_GIC_DEFAULT)
        eff.gic_version = opts->native_gic == AXL_GIC_V2 ? AXL_GIC_V2
                                                         : AXL_GIC_V3;

    g = calloc(1, sizeof(*g));
    if (!g) {
        rc = AXL_ERROR_NOMEM;
        goto out;
    }
    axl__memmap_init(&g->map);
    axl__ext_result_init(&g->ext);

    /* Inputs from files. */
    rc = axl__kernel_probe(ctx, eff.kernel, &kernel);
    if (rc)
        goto out;
    g->arch = kernel.arch;
    if (eff.ramdisk) {
        rc = ramdisk_size(ctx, eff.ramdisk, &rd_size);
        if (rc)
            goto out;
    }
    if (eff.device_tree) {
        rc = axl__pdt_load(ctx, eff.device_tree, &pfdt);
        if (rc)
            goto out;
    }

    /* The memory map. */
    axl__ram_banks(prof, &eff, bank);
    rc = axl__memmap_add_config(ctx, &eff, prof, &vl, &g->map);
    if (!rc && pfdt)
        rc = axl__pdt_add_windows(ctx, pfdt, &g->map, &g->labels,
                                  &g->nr_labels);
    if (rc)
        goto out;
    rc = check_width(ctx, &g->map, opts->gpaddr_bits);
    if (rc)
        goto out;

    /* The extended regions. */
    params.policy = eff.ext.policy;
    params.align = eff.ext.align;
    params.min_size = eff.ext.min_size;
    params.width_last = axl__width_last(opts->gpaddr_bits);
    params.limit_last = eff.ext.limit ? eff.ext.limit - 1 : UINT64_MAX;
    params.max = (uint64_t)eff.ext.max;
    params.size = eff.ext.size;
    for (i = 0; i < AXL__RAM_BANKS; i++) {
        params.bank_base[i] = axl__win_base(prof, axl__ram_win(i));
        params.bank_size[i] = axl__win_size(prof, axl__ram_win(i));
    }
    rc = axl__ext_regions(g->map.w, g->map.nr, bank, &params, &g->ext);
    if (rc)
        goto out;
    rc = axl__ext_check(ctx, &eff, kernel.arch, params.bank_base[0],
                        &g->ext);
    if (rc)
        goto out;

    /* The device tree, then where libxenguest will put it. */
    in.eff = &eff;
    in.opts = opts;
    in.profile = prof;
    in.virtio = &vl;
    in.arch = kernel.arch;
    in.gic = eff.gic_version;
    in.bank_bytes = bank;
    in.regions = g->ext.regions;
    in.nr_regions = g->ext.nr_regions;
    in.has_ramdisk = eff.ramdisk != NULL;
    in.partial = pfdt;
    rc = axl__fdt_write(ctx, &in, &g->dtb);
    if (rc)
        goto out;
    g->dtb_size = fdt_totalsize(g->dtb);

    rc = axl__modules_place(ctx, &kernel, bank[0], rd_size, g->dtb_size,
                            &mods);
    if (rc)
        goto out;
    if (mods.has_ramdisk) {
        rc = axl__fdt_set_initrd(ctx, g->dtb, mods.ramdisk.start,
                                 mods.ramdisk.last + 1);
        if (rc)
            goto out;
        rc = axl__memmap_add(&g->map, mods.ramdisk.start, mods.ramdisk.last,
                             AXL_OWNER_RAMDISK, 0, NULL);
        if (rc)
            goto out;
    }
    rc = axl__memmap_add(&g->map, mods.kernel.start, mods.kernel.last,
                         AXL_OWNER_KERNEL, 0, NULL);
    if (!rc)
        rc = axl__memmap_add(&g->map, mods.dtb.start, mods.dtb.last,
                             AXL_OWNER_DTB, 0, NULL);
    if (rc)
        goto out;
    axl__memmap_sort(&g->map);

    *guest_r = g;
    g = NULL;
    rc = AXL_OK;
out:
    axl__virtio_layout_dispose(&vl);
    free(pfdt);
    axl_guest_free(g);
    return rc;
}

const axl_window *axl_guest_memmap(const axl_guest *g, size_t *nr_r)
{
    *nr_r = g->map.nr;
    return g->map.w;
}

const axl_range *axl_guest_ext_regions(const axl_guest *g, size_t *nr_r)
{
    *nr_r = g->ext.nr_regions;
    return g->ext.regions;
}

const axl_ext_note *axl_guest_ext_notes(const axl_guest *g, size_t *nr_r)
{
    *nr_r = g->ext.nr_notes;
    return g->ext.notes;
}

const void *axl_guest_dtb(const axl_guest *g, size_t *size_r)
{
    *size_r = g->dtb_size;
    return g->dtb;
}

axl_guest_arch axl_guest_arch_of(const axl_guest *g)
{
    return g->arch;
}
