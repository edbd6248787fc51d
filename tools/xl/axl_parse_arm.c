/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The Arm keys of newer xl: nr_spis and sve (libxl 4.19 and 4.18), vpmu,
 * tee, llc_colors (4.20), with xl's syntax.  Whether the target Xen has
 * them is the library's question (it knows each version).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "axl_parse.h"

/* libxl's sve_type names: "disabled", "hw", or a length in bits. */
static int parse_sve(XLU_Config *c, axl_domain_config *cfg)
{
    const char *s;
    char *end;
    long v;
    int r = axl_cfg_string(c, "sve", &s);

    if (r <= 0)
        return r;
    if (!strcmp(s, "disabled")) {
        cfg->sve_vl = AXL_SVE_DISABLED;
        return 0;
    }
    if (!strcmp(s, "hw")) {
        cfg->sve_vl = AXL_SVE_HW;
        return 0;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 128 || v > 2048 || v % 128) {
        axl_err("sve: unknown value \"%s\" (\"disabled\", \"hw\" or "
                "128..2048 in steps of 128)", s);
        return -1;
    }
    cfg->sve_vl = (int)v;
    return 0;
}

static int parse_tee(XLU_Config *c, axl_domain_config *cfg)
{
    static const char *const names[] = {
        [AXL_TEE_NONE] = "none", [AXL_TEE_OPTEE] = "optee",
        [AXL_TEE_FFA] = "ffa",
    };
    const char *s;
    size_t i;
    int r = axl_cfg_string(c, "tee", &s);

    if (r <= 0)
        return r;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcmp(s, names[i])) {
            cfg->tee = (axl_tee)i;
            return 0;
        }
    }
    axl_err("tee: unknown value \"%s\" (none, optee or ffa)", s);
    return -1;
}

/* One colour number of an llc_colors entry, all of [s, end). */
static bool colour(const char *s, const char *end, uint32_t *v)
{
    unsigned long long n = 0;

    if (s == end)
        return false;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return false;
        n = n * 10 + (unsigned long long)(*s - '0');
        if (n > UINT32_MAX)
            return false;
    }
    *v = (uint32_t)n;
    return true;
}

/* Most colours a list may expand to: more than any cache has. */
#define MAX_COLOURS 4096

/* llc_colors = [ "0-3", "7" ]: colours and ranges of colours. */
static int parse_llc_colors(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "llc_colors", &l), i;

    if (n <= 0)
        return n;
    for (i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(l, i), *dash;
        uint32_t lo, hi, k, *nv;

        if (!s) {
            axl_err("llc_colors[%d]: expected a string \"N\" or \"N-M\"", i);
            return -1;
        }
        dash = strchr(s, '-');
        if (!colour(s, dash ? dash : s + strlen(s), &lo) ||
            (dash && !colour(dash + 1, dash + 1 + strlen(dash + 1), &hi))) {
            axl_err("llc_colors[%d]: \"%s\" is not a colour N or a range "
                    "N-M", i, s);
            return -1;
        }
        if (!dash)
            hi = lo;
        if (lo > hi) {
            axl_err("llc_colors[%d]: \"%s\" starts above its end", i, s);
            return -1;
        }
        if (hi - lo >= MAX_COLOURS - cfg->nr_llc_colors) {
            axl_err("llc_colors: more than %d colours", MAX_COLOURS);
            return -1;
        }
        nv = realloc(cfg->llc_colors, (cfg->nr_llc_colors + hi - lo + 1) *
                                      sizeof(*nv));
        if (!nv) {
            axl_err("llc_colors: out of memory");
            return -1;
        }
        cfg->llc_colors = nv;
        for (k = lo; ; k++) {
            nv[cfg->nr_llc_colors++] = k;
            if (k == hi)
                break;
        }
    }
    return 0;
}

int axl_parse_arm_keys(XLU_Config *c, axl_domain_config *cfg)
{
    long v;
    int r = axl_cfg_number(c, "nr_spis", 0, INT_MAX, &v);

    if (r < 0)
        return -1;
    if (r)
        cfg->nr_spis = v;
    r = axl_cfg_number(c, "vpmu", 0, 1, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->vpmu = v == 1;
    if (parse_sve(c, cfg) || parse_tee(c, cfg) || parse_llc_colors(c, cfg))
        return -1;
    return 0;
}
