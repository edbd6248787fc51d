/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The kinds of device a domain's /libxl/DOMID/device records, and the
 * exact form of their xenstore paths.  Removal reads those paths back
 * from xenstore and deletes what they name, so it goes only where the
 * form libxl writes (and nothing else) leads: a path naming another
 * domain's device, its parent, or anything with "..", "//" or a padded
 * number is not followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"

const axl__dev_kind axl__dev_kinds[] = {
    { "vbd", true },
    { "virtio_disk", true },
    { "vif", true },
    { "virtio", false },        /* virtio=: nodes only, no backend here */
    { "console", false },       /* xenconsoled's: removed with the domain */
    { "vuart", false },
};
const size_t axl__nr_dev_kinds =
    sizeof(axl__dev_kinds) / sizeof(axl__dev_kinds[0]);

bool axl__dev_fe_path_ok(const char *p, const char *kind, uint32_t domid,
                         int devid)
{
    char want[128];

    if (!p || devid < 0)
        return false;
    snprintf(want, sizeof(want), "/local/domain/%u/device/%s/%d", domid,
             kind, devid);
    return !strcmp(p, want);
}

bool axl__dev_be_path_ok(const char *p, const char *kind, uint32_t domid,
                         int devid, uint32_t *backend_domid_r)
{
    char want[160], *end;
    unsigned long n;

    if (!p || devid < 0 || strncmp(p, "/local/domain/", 14) ||
        p[14] < '0' || p[14] > '9')
        return false;
    n = strtoul(p + 14, &end, 10);
    if (*end != '/' || n > UINT32_MAX)
        return false;
    /* printed back: a padded or signed number does not compare equal */
    snprintf(want, sizeof(want), "/local/domain/%lu/backend/%s/%u/%d", n,
             kind, domid, devid);
    if (strcmp(p, want))
        return false;
    if (backend_domid_r)
        *backend_domid_r = (uint32_t)n;
    return true;
}

int axl__dev_devid_parse(const char *s)
{
    char want[24], *end;
    long n;

    if (!s || *s < '0' || *s > '9')
        return -1;
    n = strtol(s, &end, 10);
    if (*end || n > 0x7fffffff)
        return -1;
    snprintf(want, sizeof(want), "%ld", n);
    return strcmp(s, want) ? -1 : (int)n;
}
