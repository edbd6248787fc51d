/*
 * A config's disks and vifs through axl create and destroy on the fake
 * host (tests/common/fake_hv.h: fake xenstore, backends and hotplug
 * scripts): the text is parsed as the command parses it, the kernel and
 * ramdisk replaced by the harness's files, and each disk's target too (an
 * empty one by a file that does not exist, an empty cdrom left empty),
 * so that the text cannot name other files.  The low bit of the size
 * picks Xen 4.17 or 4.20.
 * Invariants: a create that succeeds lists every disk and vif and ran
 * every hotplug script's add; whether it succeeded (then the domain is
 * destroyed) or failed, the host is left clean (fz_assert_clean).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"
#include "fake_hv.h"
#include "fuzz_common.h"

/* The disks' targets as files of the harness's directory. */
static void replace_targets(axl_domain_config *cfg)
{
    char name[32];
    size_t i;

    for (i = 0; i < cfg->nr_disks; i++) {
        axl_disk *d = &cfg->disks[i];
        const char *path;

        if (!d->target && d->cdrom)
            continue;           /* an empty drive: refused as such */
        snprintf(name, sizeof(name), "disk%zu.img", i);
        /* an empty target: the path of an image that is not there */
        path = d->target ? fz_write(name, "disk", 4) : fz_path("missing");
        free(d->target);
        d->target = strdup(path);
    }
}

static size_t listed(axl_host *h, uint32_t domid, axl_device_kind kind)
{
    axl_devinfo *list = NULL;
    size_t nr = 0;

    if (axl_device_list(fz_ctx(), h, domid, kind, &list, &nr))
        fz_fail("domain %u: its devices cannot be listed", domid);
    free(list);
    return nr;
}

static void create_and_destroy(const axl_domain_config *cfg,
                               unsigned int minor)
{
    fake_hv *f = fake_hv_new(4, minor);
    axl_host *h = fz_host_open(f);
    size_t vbds = 0, nr_vbd, nr_vif, i;
    uint32_t domid;
    int rc = axl_domain_create(fz_ctx(), h, cfg, &domid, NULL);

    fz_note("Xen 4.%u: create: %s", minor, axl_strerror(rc));
    if (!rc) {
        for (i = 0; i < cfg->nr_disks; i++)
            vbds += cfg->disks[i].specification == AXL_DISK_SPEC_XEN;
        nr_vbd = listed(h, domid, AXL_DEVICE_VBD);
        nr_vif = listed(h, domid, AXL_DEVICE_VIF);
        if (nr_vbd != vbds || nr_vif != cfg->nr_nics)
            fz_fail("Xen 4.%u: %zu disks and %zu vifs configured, %zu and "
                    "%zu listed", minor, vbds, cfg->nr_nics, nr_vbd, nr_vif);
        /* each vbd's script took a loop device, each vif's a vif */
        if (f->loops != (int)vbds || f->vifs != (int)cfg->nr_nics)
            fz_fail("Xen 4.%u: %d loop devices and %d vifs for %zu disks "
                    "and %zu vifs", minor, f->loops, f->vifs, vbds,
                    cfg->nr_nics);
        if (axl_domain_destroy(fz_ctx(), h, domid))
            fz_fail("Xen 4.%u: domain %u cannot be destroyed", minor,
                    domid);
        fz_assert_clean(f, true, NULL, NULL, "after destroy");
    } else {
        fz_assert_clean(f, true, NULL, NULL, "after a failed create");
    }
    fz_host_close(h, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    axl_domain_config cfg;

    fz_quiet();
    axl_domain_config_init(&cfg);
    if (!axl_parse_config_data("fuzz.cfg", (const char *)data, size, &cfg)) {
        free(cfg.kernel);
        cfg.kernel = strdup(fz_image());
        if (cfg.ramdisk) {
            free(cfg.ramdisk);
            cfg.ramdisk = strdup(fz_write("initrd", "initrd", 6));
        }
        free(cfg.device_tree);
        cfg.device_tree = NULL;
        replace_targets(&cfg);
        if (cfg.kernel)
            create_and_destroy(&cfg, size & 1 ? 20 : 17);
    }
    axl_domain_config_dispose(&cfg);
    return 0;
}
