/* SPDX-License-Identifier: LGPL-2.1-only */
/* The xl.cfg keys axl knows (see axl_keys.h). */
#include <stdlib.h>
#include <string.h>

#include "axl_keys.h"

#define READ(k)  { k, AXL_KEY_READ }
#define INERT(k) { k, AXL_KEY_INERT }

/* Sorted by name (bsearch); tests/unit/test_keys.c checks the order. */
static const axl_key keys[] = {
    INERT("acpi_s3"), INERT("acpi_s4"), INERT("apic"),
    INERT("builder"),
    READ("cmdline"),
    INERT("device_model_override"), INERT("device_model_version"),
    READ("device_tree"), READ("disk"), READ("driver_domain"),
    READ("ext_regions"), READ("ext_regions_align"),
    READ("ext_regions_limit"), READ("ext_regions_max"),
    READ("ext_regions_min_size"), READ("ext_regions_require"),
    READ("ext_regions_size"),
    READ("extra"),
    READ("gic_version"),
    INERT("hap"),
    READ("iomem"), READ("irqs"),
    READ("kernel"),
    READ("llc_colors"),
    READ("max_grant_frames"), READ("max_maptrack_frames"),
    READ("maxmem"), READ("maxvcpus"), READ("memory"),
    READ("name"), INERT("nestedhvm"), READ("nr_spis"),
    READ("on_crash"), READ("on_poweroff"), READ("on_reboot"),
    INERT("pae"),
    READ("ramdisk"), READ("root"),
    READ("sve"),
    READ("tee"), READ("type"),
    READ("vcpus"), READ("vif"), INERT("viridian"), READ("virtio"),
    READ("vpmu"),
    READ("vuart"),
};

const axl_key *axl_keys(size_t *nr_r)
{
    *nr_r = sizeof(keys) / sizeof(keys[0]);
    return keys;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const axl_key *)a)->name, ((const axl_key *)b)->name);
}

const axl_key *axl_key_find(const char *name)
{
    axl_key k = { name, AXL_KEY_READ };

    return bsearch(&k, keys, sizeof(keys) / sizeof(keys[0]), sizeof(keys[0]),
                   by_name);
}
