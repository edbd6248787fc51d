/* SPDX-License-Identifier: LGPL-2.1-only */
/* The typed domain configuration: defaults and validation of values. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "axl_memmap_arm.h"
#include "arch-arm.h"

#define DEFAULT_MEMORY_KB        (UINT64_C(32) * 1024)
#define DEFAULT_GRANT_FRAMES     64
#define DEFAULT_MAPTRACK_FRAMES  1024
/* The grant-table window holds this many 4 KiB frames. */
#define GNTTAB_WINDOW_FRAMES     (GUEST_GNTTAB_SIZE >> AXL_PAGE_SHIFT)
/* The GIC's SPIs are INTIDs 32..1019. */
#define LAST_SPI                 1019

static const struct {
    const char *name;
    axl_action action;
} action_names[] = {
    { "destroy",           AXL_ACTION_DESTROY },
    { "restart",           AXL_ACTION_RESTART },
    { "rename-restart",    AXL_ACTION_RENAME_RESTART },
    { "preserve",          AXL_ACTION_PRESERVE },
    { "coredump-destroy",  AXL_ACTION_COREDUMP_DESTROY },
    { "coredump-restart",  AXL_ACTION_COREDUMP_RESTART },
    { "soft-reset",        AXL_ACTION_SOFT_RESET },
};

int axl_action_from_string(const char *s, axl_action *action_r)
{
    size_t i;

    for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
        if (!strcmp(s, action_names[i].name)) {
            *action_r = action_names[i].action;
            return AXL_OK;
        }
    }
    return AXL_ERROR_INVAL;
}

const char *axl_action_to_string(axl_action action)
{
    size_t i;

    if (action == AXL_ACTION_DEFAULT)
        return "default";
    for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
        if (action_names[i].action == action)
            return action_names[i].name;
    return "unknown";
}

static const char *const policy_names[] = {
    [AXL_EXT_POLICY_RAM] = "ram",
    [AXL_EXT_POLICY_HOLES] = "holes",
    [AXL_EXT_POLICY_NONE] = "none",
};

int axl_ext_policy_from_string(const char *s, axl_ext_policy *policy_r)
{
    int p;

    for (p = AXL_EXT_POLICY_RAM; p <= AXL_EXT_POLICY_NONE; p++) {
        if (!strcmp(s, policy_names[p])) {
            *policy_r = (axl_ext_policy)p;
            return AXL_OK;
        }
    }
    return AXL_ERROR_INVAL;
}

const char *axl_ext_policy_to_string(axl_ext_policy policy)
{
    if (policy == AXL_EXT_POLICY_DEFAULT)
        policy = AXL_EXT_POLICY_RAM;
    if (policy > AXL_EXT_POLICY_NONE)
        return "unknown";
    return policy_names[policy];
}

void axl_domain_config_init(axl_domain_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->max_grant_frames = -1;
    cfg->max_maptrack_frames = -1;
    cfg->ext.max = -1;
    cfg->nr_spis = -1;
}

static void disk_dispose(axl_disk *d)
{
    free(d->vdev);
    free(d->target);
    free(d->format);
    free(d->backendtype);
    free(d->script);
    free(d->backend);
}

static void nic_dispose(axl_nic *n)
{
    free(n->bridge);
    free(n->ip);
    free(n->script);
    free(n->vifname);
    free(n->gatewaydev);
    free(n->model);
    free(n->backend);
}

void axl_domain_config_dispose(axl_domain_config *cfg)
{
    size_t i;

    free(cfg->name);
    free(cfg->kernel);
    free(cfg->ramdisk);
    free(cfg->cmdline);
    free(cfg->device_tree);
    free(cfg->iomem);
    free(cfg->irqs);
    for (i = 0; i < cfg->nr_virtio; i++) {
        free(cfg->virtio[i].type);
        free(cfg->virtio[i].backend);
    }
    free(cfg->virtio);
    for (i = 0; i < cfg->nr_disks; i++)
        disk_dispose(&cfg->disks[i]);
    free(cfg->disks);
    for (i = 0; i < cfg->nr_nics; i++)
        nic_dispose(&cfg->nics[i]);
    free(cfg->nics);
    free(cfg->llc_colors);
    axl_domain_config_init(cfg);
}

void axl_domain_config_setdefault(axl_domain_config *cfg)
{
    if (!cfg->memory_kb)
        cfg->memory_kb = cfg->maxmem_kb ? cfg->maxmem_kb : DEFAULT_MEMORY_KB;
    if (!cfg->maxmem_kb)
        cfg->maxmem_kb = cfg->memory_kb;
    if (!cfg->vcpus)
        cfg->vcpus = 1;
    if (!cfg->max_vcpus)
        cfg->max_vcpus = cfg->vcpus;
    if (cfg->max_grant_frames < 0)
        cfg->max_grant_frames = DEFAULT_GRANT_FRAMES;
    if (cfg->max_maptrack_frames < 0)
        cfg->max_maptrack_frames = DEFAULT_MAPTRACK_FRAMES;
    if (cfg->on_poweroff == AXL_ACTION_DEFAULT)
        cfg->on_poweroff = AXL_ACTION_DESTROY;
    if (cfg->on_reboot == AXL_ACTION_DEFAULT)
        cfg->on_reboot = AXL_ACTION_RESTART;
    if (cfg->on_crash == AXL_ACTION_DEFAULT)
        cfg->on_crash = AXL_ACTION_DESTROY;
    if (cfg->ext.policy == AXL_EXT_POLICY_DEFAULT)
        cfg->ext.policy = AXL_EXT_POLICY_RAM;
    if (!cfg->ext.min_size)
        cfg->ext.min_size = AXL_EXT_MIN_SIZE;
    if (!cfg->ext.align)
        cfg->ext.align = AXL_EXT_ALIGN;
    if (cfg->ext.max < 0)
        cfg->ext.max = AXL_EXT_MAX;
}

void axl__config_effective(const axl_domain_config *cfg,
                           axl_domain_config *eff)
{
    *eff = *cfg;
    axl_domain_config_setdefault(eff);
}

/* Most extended regions a tree can hold: far more than any layout has. */
#define EXT_MAX_LIMIT (1 << 20)

static int validate_ext(axl_ctx *ctx, const axl_ext_config *e)
{
    if (e->policy > AXL_EXT_POLICY_NONE) {
        LOG(ctx, ERROR, "ext_regions: unknown policy");
        return AXL_ERROR_INVAL;
    }
    if (e->align < AXL_PAGE_SIZE || (e->align & (e->align - 1)) ||
        e->align > (UINT64_C(1) << 63)) {
        LOG(ctx, ERROR, "ext_regions_align: %#"PRIx64" is not a power of "
            "two of at least 4K", e->align);
        return AXL_ERROR_INVAL;
    }
    if (e->max > EXT_MAX_LIMIT) {
        LOG(ctx, ERROR, "ext_regions_max: %"PRId64" is more than %d",
            e->max, EXT_MAX_LIMIT);
        return AXL_ERROR_INVAL;
    }
    if (e->require && e->size && e->require > e->size) {
        LOG(ctx, ERROR, "ext_regions_require: %"PRIu64" bytes can never be "
            "met with ext_regions_size = %"PRIu64, e->require, e->size);
        return AXL_ERROR_INVAL;
    }
    return AXL_OK;
}

/* The Arm keys of newer libxl, against what @p's libxl has. */
static int validate_arm(axl_ctx *ctx, const axl_domain_config *c,
                        const axl__xen_profile *p)
{
    size_t i;

    if (c->nr_spis > (int64_t)p->max_spis || c->nr_spis < -1) {
        LOG(ctx, ERROR, "nr_spis: %"PRId64" is outside 0..%u (what Xen's "
            "vGIC offers)", c->nr_spis, p->max_spis);
        return AXL_ERROR_INVAL;
    }
    if (c->nr_spis >= 0 && !p->has_nr_spis) {
        LOG(ctx, ERROR, "nr_spis: Xen %u.%u's toolstack has no nr_spis "
            "(libxl added it in 4.19)", p->major, p->minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (c->sve_vl != AXL_SVE_DISABLED) {
        if (c->sve_vl != AXL_SVE_HW &&
            (c->sve_vl < 128 || c->sve_vl > 2048 || c->sve_vl % 128)) {
            LOG(ctx, ERROR, "sve: %d is not a vector length (128..2048 in "
                "steps of 128, \"hw\" or \"disabled\")", c->sve_vl);
            return AXL_ERROR_INVAL;
        }
        if (!p->has_sve) {
            LOG(ctx, ERROR, "sve: Xen %u.%u has no SVE for guests (added in "
                "4.18)", p->major, p->minor);
            return AXL_ERROR_UNSUPPORTED;
        }
    }
    if (c->tee > AXL_TEE_FFA) {
        LOG(ctx, ERROR, "tee: unknown mediator");
        return AXL_ERROR_INVAL;
    }
    if (c->tee == AXL_TEE_FFA && !p->has_tee_ffa) {
        LOG(ctx, ERROR, "tee: Xen %u.%u has no FF-A mediator (added in 4.18)",
            p->major, p->minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    if (c->nr_llc_colors && !p->has_llc_colors) {
        LOG(ctx, ERROR, "llc_colors: Xen %u.%u has no cache colouring "
            "(added in 4.20)", p->major, p->minor);
        return AXL_ERROR_UNSUPPORTED;
    }
    for (i = 0; i < c->nr_disks; i++) {
        if (!c->disks[i].vdev || !*c->disks[i].vdev) {
            LOG(ctx, ERROR, "disk[%zu]: no vdev (the guest's name for it)",
                i);
            return AXL_ERROR_INVAL;
        }
        if (c->disks[i].specification > AXL_DISK_SPEC_VIRTIO) {
            LOG(ctx, ERROR, "disk[%zu]: unknown specification", i);
            return AXL_ERROR_INVAL;
        }
    }
    return AXL_OK;
}

static int validate_values(axl_ctx *ctx, const axl_domain_config *c)
{
    size_t i, j;

    if (!c->name || !*c->name) {
        LOG(ctx, ERROR, "name: a guest name is required");
        return AXL_ERROR_INVAL;
    }
    if (!c->kernel || !*c->kernel) {
        LOG(ctx, ERROR, "kernel: a kernel image is required for an Arm guest");
        return AXL_ERROR_INVAL;
    }
    if (c->memory_kb % 4) {
        LOG(ctx, ERROR, "memory: %"PRIu64" KiB is not a whole number of "
            "4 KiB pages", c->memory_kb);
        return AXL_ERROR_INVAL;
    }
    if (c->maxmem_kb != c->memory_kb) {
        LOG(ctx, ERROR, c->maxmem_kb > c->memory_kb ?
            "maxmem: %"PRIu64" MiB above memory (%"PRIu64" MiB) needs "
            "populate-on-demand, which Xen on Arm does not have" :
            "maxmem: %"PRIu64" MiB is below memory (%"PRIu64" MiB)",
            c->maxmem_kb / 1024, c->memory_kb / 1024);
        return AXL_ERROR_INVAL;
    }
    if (c->max_vcpus > GUEST_MAX_VCPUS) {
        LOG(ctx, ERROR, "maxvcpus: %u vCPUs, but an Arm guest has at most %d",
            c->max_vcpus, GUEST_MAX_VCPUS);
        return AXL_ERROR_INVAL;
    }
    if (c->vcpus > c->max_vcpus) {
        LOG(ctx, ERROR, "vcpus: %u is more than maxvcpus (%u)",
            c->vcpus, c->max_vcpus);
        return AXL_ERROR_INVAL;
    }
    if (c->max_grant_frames < 1 ||
        (uint64_t)c->max_grant_frames > GNTTAB_WINDOW_FRAMES) {
        LOG(ctx, ERROR, "max_grant_frames: %"PRId64" is outside 1..%llu "
            "(the frames of the 16 MiB grant-table window)",
            c->max_grant_frames, (unsigned long long)GNTTAB_WINDOW_FRAMES);
        return AXL_ERROR_INVAL;
    }
    if (c->max_maptrack_frames > INT32_MAX) {
        LOG(ctx, ERROR, "max_maptrack_frames: %"PRId64" is too large",
            c->max_maptrack_frames);
        return AXL_ERROR_INVAL;
    }
    if (c->gic_version > AXL_GIC_V3 || c->vuart > AXL_VUART_SBSA_UART) {
        LOG(ctx, ERROR, "gic_version or vuart: unknown value");
        return AXL_ERROR_INVAL;
    }
    for (i = 0; i < c->nr_iomem; i++) {
        if (!c->iomem[i].number) {
            LOG(ctx, ERROR, "iomem[%zu]: %"PRIx64",0 maps no pages", i,
                c->iomem[i].start);
            return AXL_ERROR_INVAL;
        }
    }
    if (c->nr_irqs > LAST_SPI - 31) {
        LOG(ctx, ERROR, "irqs: %zu entries, but there are only %d SPIs",
            c->nr_irqs, LAST_SPI - 31);
        return AXL_ERROR_INVAL;
    }
    for (i = 0; i < c->nr_irqs; i++) {
        uint32_t irq = c->irqs[i];

        if (irq < 32 || irq > LAST_SPI) {
            LOG(ctx, ERROR, "irqs: %"PRIu32" is not an SPI (32..%d)",
                irq, LAST_SPI);
            return AXL_ERROR_INVAL;
        }
        if (c->vuart == AXL_VUART_SBSA_UART && irq == GUEST_VPL011_SPI) {
            LOG(ctx, ERROR, "irqs: %"PRIu32" is the vpl011's SPI "
                "(vuart=\"sbsa_uart\")", irq);
            return AXL_ERROR_INVAL;
        }
        for (j = 0; j < i; j++) {
            if (c->irqs[j] == irq) {
                LOG(ctx, ERROR, "irqs: %"PRIu32" is listed twice", irq);
                return AXL_ERROR_INVAL;
            }
        }
    }
    return validate_ext(ctx, &c->ext);
}

int axl__config_validate_for(axl_ctx *ctx, const axl_domain_config *cfg,
                             const axl__xen_profile *p)
{
    axl__virtio_layout vl;
    axl_domain_config eff;
    uint32_t nr_spis;
    int rc;

    axl__virtio_layout_init(&vl);
    axl__config_effective(cfg, &eff);
    rc = validate_values(ctx, &eff);
    if (!rc)
        rc = validate_arm(ctx, &eff, p);
    if (!rc)
        rc = axl__virtio_place(ctx, &eff, p, &vl);
    if (!rc)
        rc = axl__nr_spis(ctx, &eff, p, &vl, &nr_spis);
    if (!rc)
        rc = axl__config_check_layout(ctx, &eff, p, &vl);
    axl__virtio_layout_dispose(&vl);
    return rc;
}

int axl_domain_config_validate(axl_ctx *ctx, const axl_domain_config *cfg)
{
    return axl__config_validate_for(ctx, cfg, axl__xen_profile_default());
}
