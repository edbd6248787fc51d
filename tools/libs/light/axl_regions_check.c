/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What the computed extended regions mean for the guest: an error when
 * less than ext_regions_require can be advertised (so that a guest never
 * falls back to stealing its own RAM, XSA-300), warnings for regions arm64
 * Linux cannot use and for regions given to a 32-bit guest.
 */
#include <inttypes.h>

#include "axl_internal.h"

static uint64_t total_bytes(const axl__ext_result *res)
{
    uint64_t sum = 0;
    size_t i;

    for (i = 0; i < res->nr_regions; i++) {
        uint64_t s = axl__range_size(&res->regions[i]);

        sum = sum > UINT64_MAX - s ? UINT64_MAX : sum + s;
    }
    return sum;
}

/*
 * arm64 Linux hot-plugs memory only above the start of its linear map, its
 * lowest RAM rounded down to 1 GiB: here the RAM base.  Regions below it
 * are safe but unused (seen in the boot tests: "Cannot allocate new IOMEM
 * resource").  One warning for all of them.
 */
static void warn_below_ram(axl_ctx *ctx, axl_guest_arch arch,
                           uint64_t ram_base, const axl__ext_result *res)
{
    uint64_t bytes = 0;
    size_t i, n = 0;
    char size[32];

    if (arch != AXL_ARCH_AARCH64)
        return;
    for (i = 0; i < res->nr_regions; i++) {
        if (res->regions[i].last < ram_base) {
            bytes += axl__range_size(&res->regions[i]);
            n++;
        }
    }
    if (!n)
        return;
    axl_format_size(bytes, size, sizeof(size));
    LOG(ctx, WARN, "extended regions: %zu (%s) lie below the guest's RAM "
        "at %#llx, where arm64 Linux cannot use them", n, size,
        (unsigned long long)ram_base);
}

int axl__ext_check(axl_ctx *ctx, const axl_domain_config *eff,
                   axl_guest_arch arch, uint64_t ram_base,
                   const axl__ext_result *res)
{
    uint64_t total = total_bytes(res);
    char have[32], want[32];
    size_t i;

    if (total < eff->ext.require) {
        axl_format_size(total, have, sizeof(have));
        axl_format_size(eff->ext.require, want, sizeof(want));
        LOG(ctx, ERROR, "ext_regions_require: %s of extended regions "
            "required, but only %s can be advertised (policy \"%s\")",
            want, have, axl_ext_policy_to_string(eff->ext.policy));
        return AXL_ERROR_REQUIRE;
    }
    if (eff->ext.policy == AXL_EXT_POLICY_NONE)
        return AXL_OK;
    if (!res->nr_regions) {
        LOG(ctx, WARN, "extended regions: none could be allocated; the "
            "guest will balloon out RAM to map foreign pages");
        return AXL_OK;
    }
    if (arch == AXL_ARCH_ARM32)
        LOG(ctx, WARN, "extended regions: given to a 32-bit guest, which "
            "Xen gives none for its own 32-bit domains "
            "(ext_regions=\"none\" leaves them out)");
    warn_below_ram(ctx, arch, ram_base, res);
    for (i = 0; i < res->nr_regions; i++) {
        axl_range r = res->regions[i];

        if (axl__range_align_inward(&r, AXL_EXT_LINUX_SECTION))
            continue;
        axl_format_size(axl__range_size(&res->regions[i]), have,
                        sizeof(have));
        LOG(ctx, WARN, "extended region %#"PRIx64"-%#"PRIx64" (%s) holds no "
            "128 MiB-aligned 128 MiB section: arm64 Linux cannot use it "
            "(ext_regions_align=\"128M\" avoids this)",
            res->regions[i].start, res->regions[i].last, have);
    }
    return AXL_OK;
}
