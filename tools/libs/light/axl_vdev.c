/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A disk's vdev as a device number, with libxl's rules: the frontend
 * finds its disk by this number (virtual-device), and Linux names the
 * block device from it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"

/*
 * PREFIX, letters (bijective base 26: a..z, aa..), an optional partition
 * without leading zero.  false when @vdev is not of this form or a value
 * is above its maximum.
 */
static bool parse_letters(const char *vdev, const char *prefix,
                          long max_disk, long max_part, long *disk_r,
                          long *part_r)
{
    size_t n = strlen(prefix);
    const char *p = vdev + n;
    long disk = -1;
    char *end;

    if (strncmp(vdev, prefix, n) || *p < 'a' || *p > 'z')
        return false;
    for (; *p >= 'a' && *p <= 'z'; p++) {
        disk = (disk + 1) * 26 + (*p - 'a');
        if (disk > max_disk)
            return false;
    }
    *disk_r = disk;
    *part_r = 0;
    if (!*p)
        return true;
    if (*p < '1' || *p > '9')
        return false;
    errno = 0;
    *part_r = strtol(p, &end, 10);
    return !*end && !errno && *part_r <= max_part;
}

/* "dDpP": disk D, partition P. */
static bool parse_dp(const char *vdev, long *disk_r, long *part_r)
{
    const char *p = vdev + 1;
    char *end;

    if (vdev[0] != 'd' || *p < '0' || *p > '9')
        return false;
    errno = 0;
    *disk_r = strtol(p, &end, 10);
    if (errno || *end != 'p' || end[1] < '0' || end[1] > '9')
        return false;
    *part_r = strtol(end + 1, &end, 10);
    return !*end && !errno && *disk_r < (1L << 20) && *part_r < 256;
}

int axl__vdev_devid(const char *vdev)
{
    long disk, part;
    unsigned long v;
    char *end;

    if (!vdev || !*vdev)
        return -1;
    if (parse_dp(vdev, &disk, &part) ||
        parse_letters(vdev, "xvd", (1L << 20) - 1, 255, &disk, &part)) {
        if (disk <= 15 && part <= 15)
            return (int)((202L << 8) | (disk << 4) | part);
        return (int)((1L << 28) | (disk << 8) | part);
    }
    if (vdev[0] >= '0' && vdev[0] <= '9') {
        errno = 0;
        v = strtoul(vdev, &end, 0);
        return !*end && !errno && v <= INT_MAX ? (int)v : -1;
    }
    /* hda..hdd: the two IDE majors, two disks each */
    if (parse_letters(vdev, "hd", 3, 63, &disk, &part))
        return (int)(((disk < 2 ? 3L : 22L) << 8) | ((disk & 1) << 6) | part);
    if (parse_letters(vdev, "sd", 15, 15, &disk, &part))
        return (int)((8L << 8) | (disk << 4) | part);
    return -1;
}
