/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl.cfg -> axl_domain_config, through libxlutil, with the meaning xl 4.17
 * gives each key.  Every problem is one "axl: error: KEY: ..." line.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxlutil.h>

#include "axl_cfg_keys.h"
#include "axl_cmd.h"
#include "axl_infile.h"
#include "axl_keys.h"
#include "axl_parse.h"

/* axl create refuses what it does not implement; dry runs warn. */
static bool strict_keys;

void axl_parse_for_create(bool create)
{
    strict_keys = create;
}

static void check_key(void *opaque, const char *key)
{
    const axl_key *k = axl_key_find(key);
    bool *bad = opaque;

    if (k && k->kind == AXL_KEY_READ)
        return;
    if (k)
        axl_warn("%s: has no effect on Arm guests, ignored", key);
    else if (!strict_keys)
        axl_warn("%s: key not supported by axl, ignored", key);
    else if (!*bad) {
        axl_err("%s: not implemented by axl create (the guest would lack "
                "what it asks for)", key);
        *bad = true;
    }
}

int axl_cfg_string(XLU_Config *c, const char *key, const char **value_r)
{
    int e = xlu_cfg_get_string(c, key, value_r, 1);

    if (e == ESRCH)
        return 0;
    if (e) {
        axl_err("%s: expected a string", key);
        return -1;
    }
    return 1;
}

static int dup_string(XLU_Config *c, const char *key, char **out)
{
    const char *v;
    int r = axl_cfg_string(c, key, &v);

    if (r <= 0)
        return r;
    free(*out);
    *out = strdup(v);
    if (!*out) {
        axl_err("%s: out of memory", key);
        return -1;
    }
    return 1;
}

int axl_cfg_number(XLU_Config *c, const char *key, long min, long max,
                   long *value_r)
{
    const char *s;
    char *end;
    long v;
    int e = xlu_cfg_get_string(c, key, &s, 1);

    if (e == ESRCH)
        return 0;
    if (e) {
        axl_err("%s: expected a number", key);
        return -1;
    }
    errno = 0;
    v = strtol(s, &end, 0);
    if (end == s || *end) {
        axl_err("%s: \"%s\" is not a number", key, s);
        return -1;
    }
    if (errno == ERANGE || v < min || v > max) {
        axl_err("%s: %s is outside %ld..%ld", key, s, min, max);
        return -1;
    }
    *value_r = v;
    return 1;
}

static int parse_memory(XLU_Config *c, const char *key, uint64_t *kb_r)
{
    long mib;
    int r = axl_cfg_number(c, key, 1, (long)(INT64_MAX / 1024 / 1024), &mib);

    if (r > 0)
        *kb_r = (uint64_t)mib * 1024;
    return r;
}

/* xl's parse_cmdline(): cmdline wins over root and extra. */
static int parse_cmdline(XLU_Config *c, axl_domain_config *cfg)
{
    const char *cmdline = NULL, *root = NULL, *extra = NULL;
    int r = 0;

    if (axl_cfg_string(c, "cmdline", &cmdline) < 0 ||
        axl_cfg_string(c, "root", &root) < 0 ||
        axl_cfg_string(c, "extra", &extra) < 0)
        return -1;
    if (cmdline) {
        if (root || extra)
            axl_warn("cmdline: ignoring root= and extra= in favour of "
                     "cmdline=");
        cfg->cmdline = strdup(cmdline);
    } else if (root && extra) {
        r = asprintf(&cfg->cmdline, "root=%s %s", root, extra);
    } else if (root) {
        r = asprintf(&cfg->cmdline, "root=%s", root);
    } else if (extra) {
        cfg->cmdline = strdup(extra);
    } else {
        return 0;
    }
    if (r < 0 || !cfg->cmdline) {
        cfg->cmdline = NULL;
        axl_err("cmdline: out of memory");
        return -1;
    }
    return 0;
}

static int parse_enums(XLU_Config *c, axl_domain_config *cfg)
{
    static const char *const action_keys[] = {
        "on_poweroff", "on_reboot", "on_crash",
    };
    axl_action *actions[] = {
        &cfg->on_poweroff, &cfg->on_reboot, &cfg->on_crash,
    };
    const char *s;
    size_t i;
    int r;

    r = axl_cfg_string(c, "gic_version", &s);
    if (r < 0)
        return -1;
    if (r > 0) {
        if (!strcasecmp(s, "v2"))
            cfg->gic_version = AXL_GIC_V2;
        else if (!strcasecmp(s, "v3"))
            cfg->gic_version = AXL_GIC_V3;
        else if (!strcasecmp(s, "native") || !strcasecmp(s, "default"))
            cfg->gic_version = AXL_GIC_DEFAULT;
        else {
            axl_err("gic_version: unknown value \"%s\" (v2, v3 or native)",
                    s);
            return -1;
        }
    }
    r = axl_cfg_string(c, "vuart", &s);
    if (r < 0)
        return -1;
    if (r > 0) {
        if (strcmp(s, "sbsa_uart")) {
            axl_err("vuart: unknown value \"%s\" (only \"sbsa_uart\")", s);
            return -1;
        }
        cfg->vuart = AXL_VUART_SBSA_UART;
    }
    r = axl_cfg_string(c, "type", &s);
    if (r < 0)
        return -1;
    if (r > 0 && strcmp(s, "pvh")) {
        axl_err("type: \"%s\" guests do not exist on Arm (only \"pvh\")", s);
        return -1;
    }
    for (i = 0; i < 3; i++) {
        r = axl_cfg_string(c, action_keys[i], &s);
        if (r < 0)
            return -1;
        if (r > 0 && axl_action_from_string(s, actions[i])) {
            axl_err("%s: unknown action \"%s\"", action_keys[i], s);
            return -1;
        }
    }
    return 0;
}

int axl_cfg_list(XLU_Config *c, const char *key, XLU_ConfigList **l_r)
{
    int n = 0, e = xlu_cfg_get_list(c, key, l_r, &n, 1);

    if (e == ESRCH)
        return 0;
    if (e) {
        axl_err("%s: expected a list such as [ \"...\", \"...\" ]", key);
        return -1;
    }
    return n;
}

/* One hex number, the whole of [s, end). */
static bool hex_u64(const char *s, const char *end, uint64_t *v)
{
    char buf[32], *stop;
    size_t n = (size_t)(end - s);

    if (!n || n >= sizeof(buf) || s[0] == '-' || s[0] == '+' ||
        s[0] == ' ')
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *v = strtoull(buf, &stop, 16);
    return !*stop && errno != ERANGE;
}

static int parse_iomem(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "iomem", &l), i;

    if (n <= 0)
        return n;
    cfg->iomem = calloc((size_t)n, sizeof(*cfg->iomem));
    if (!cfg->iomem) {
        axl_err("iomem: out of memory for %d entries", n);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(l, i), *comma, *at;
        axl_iomem *e = &cfg->iomem[i];

        if (!s) {
            axl_err("iomem[%d]: expected a string \"START,NUM[@GFN]\"", i);
            return -1;
        }
        comma = strchr(s, ',');
        at = comma ? strchr(comma, '@') : NULL;
        if (!comma || !hex_u64(s, comma, &e->start) ||
            !hex_u64(comma + 1, at ? at : comma + strlen(comma), &e->number) ||
            (at && !hex_u64(at + 1, at + strlen(at), &e->gfn))) {
            axl_err("iomem[%d]: \"%s\" is not START,NUM[@GFN] in hex pages",
                    i, s);
            return -1;
        }
        if (!at)
            e->gfn = e->start;
    }
    cfg->nr_iomem = (size_t)n;
    return 0;
}

static int parse_irqs(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "irqs", &l), i;

    if (n <= 0)
        return n;
    cfg->irqs = calloc((size_t)n, sizeof(*cfg->irqs));
    if (!cfg->irqs) {
        axl_err("irqs: out of memory for %d entries", n);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(l, i);
        char *end;
        unsigned long v;

        if (!s) {
            axl_err("irqs[%d]: expected a number", i);
            return -1;
        }
        errno = 0;
        v = strtoul(s, &end, 10);
        if (end == s || *end || s[0] == '-' || errno == ERANGE ||
            v > UINT32_MAX) {
            axl_err("irqs[%d]: \"%s\" is not an interrupt number", i, s);
            return -1;
        }
        cfg->irqs[i] = (uint32_t)v;
    }
    cfg->nr_irqs = (size_t)n;
    return 0;
}

/* "64M", "2M", "4G", "1T", "65536": binary K, M, G, T (optionally
 * followed by "iB" or "B", any case); a plain number is bytes. */
static int parse_size(const char *label, const char *s, uint64_t *size_r)
{
    char *end;
    unsigned long long v;
    unsigned int shift = 0;

    errno = 0;
    v = strtoull(s, &end, 0);
    if (end == s || s[0] == '-' || s[0] == '+' || s[0] == ' ' ||
        errno == ERANGE)
        goto bad;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    }
    if (shift && (!strcasecmp(end, "iB") || !strcasecmp(end, "B")))
        end += strlen(end);
    if (*end)
        goto bad;
    if (shift && v > (UINT64_MAX >> shift)) {
        axl_err("%s: \"%s\" does not fit in 64 bits", label, s);
        return -1;
    }
    *size_r = (uint64_t)v << shift;
    return 0;
bad:
    axl_err("%s: \"%s\" is not a size (a number with K, M, G or T)", label,
            s);
    return -1;
}

int axl_ext_setting(const char *label, const char *key, const char *s,
                    axl_ext_config *ext)
{
    uint64_t v;
    char *end;
    long n;

    if (!strcmp(key, "ext_regions")) {
        if (axl_ext_policy_from_string(s, &ext->policy)) {
            axl_err("%s: unknown policy \"%s\" (ram, holes or none)", label,
                    s);
            return -1;
        }
        return 0;
    }
    if (!strcmp(key, "ext_regions_max")) {
        errno = 0;
        n = strtol(s, &end, 0);
        if (end == s || *end || errno || n < 0 || n > (1 << 20)) {
            axl_err("%s: \"%s\" is not a count from 0 to %d", label, s,
                    1 << 20);
            return -1;
        }
        ext->max = n;
        return 0;
    }
    if (parse_size(label, s, &v))
        return -1;
    /* 0 would mean "the default" to the library: refuse it here. */
    if (!v && strcmp(key, "ext_regions_require")) {
        axl_err("%s: 0 is not allowed (ext_regions=\"none\" gives no "
                "regions)", label);
        return -1;
    }
    if (!strcmp(key, "ext_regions_min_size")) {
        ext->min_size = v;
    } else if (!strcmp(key, "ext_regions_align")) {
        if (v < 4096 || (v & (v - 1))) {
            axl_err("%s: %s is not a power of two of at least 4K", label, s);
            return -1;
        }
        ext->align = v;
    } else if (!strcmp(key, "ext_regions_limit")) {
        ext->limit = v;
    } else if (!strcmp(key, "ext_regions_size")) {
        ext->size = v;
    } else if (!strcmp(key, "ext_regions_require")) {
        ext->require = v;
    } else {
        axl_err("%s: not an extended-region setting", label);
        return -1;
    }
    return 0;
}

static int parse_ext(XLU_Config *c, axl_ext_config *ext)
{
    static const char *const keys[] = {
        "ext_regions", "ext_regions_min_size", "ext_regions_align",
        "ext_regions_max", "ext_regions_limit", "ext_regions_size",
        "ext_regions_require",
    };
    const char *s;
    size_t i;
    int r;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        r = axl_cfg_string(c, keys[i], &s);
        if (r < 0 || (r > 0 && axl_ext_setting(keys[i], keys[i], s, ext)))
            return -1;
    }
    return 0;
}

static int parse_settings(XLU_Config *c, axl_domain_config *cfg)
{
    long v;
    int r;

    if (dup_string(c, "name", &cfg->name) < 0 ||
        dup_string(c, "kernel", &cfg->kernel) < 0 ||
        dup_string(c, "ramdisk", &cfg->ramdisk) < 0 ||
        dup_string(c, "device_tree", &cfg->device_tree) < 0)
        return -1;
    if (parse_memory(c, "memory", &cfg->memory_kb) < 0 ||
        parse_memory(c, "maxmem", &cfg->maxmem_kb) < 0)
        return -1;
    r = axl_cfg_number(c, "vcpus", 1, INT_MAX, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->vcpus = (unsigned int)v;
    r = axl_cfg_number(c, "maxvcpus", 1, INT_MAX, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->max_vcpus = (unsigned int)v;
    r = axl_cfg_number(c, "max_grant_frames", 0, INT_MAX, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->max_grant_frames = v;
    r = axl_cfg_number(c, "max_maptrack_frames", 0, INT_MAX, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->max_maptrack_frames = v;
    r = axl_cfg_number(c, "driver_domain", 0, 1, &v);
    if (r < 0)
        return -1;
    if (r)
        cfg->driver_domain = v == 1;
    if (parse_cmdline(c, cfg) || parse_enums(c, cfg) ||
        parse_iomem(c, cfg) || parse_irqs(c, cfg) ||
        parse_ext(c, &cfg->ext) || axl_parse_arm_keys(c, cfg) ||
        axl_parse_devices(c, cfg))
        return -1;
    return 0;
}

/*
 * libxlutil reports problems to a stream, a line each (every syntax error,
 * and hints marked "warning:").  Pass on the first error as our one error
 * line, and the hints joined into one warning.
 */
void axl_relay_report(char *buf, size_t len)
{
    char *line = buf, *nl, hints[1024] = "";
    bool have_error = false;

    if (!buf)
        return;
    while (line < buf + len && *line) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (!strncmp(line, "warning:", 8)) {
            const char *h = line + 8;

            while (*h == ' ')
                h++;
            if (strlen(hints) + strlen(h) + 2 < sizeof(hints)) {
                if (hints[0])
                    strcat(hints, " ");
                strcat(hints, h);
            }
        } else if (*line && !have_error) {
            axl_err("%s", line);
            have_error = true;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    if (hints[0])
        axl_warn("%s", hints);
}

int axl_parse_config_data(const char *source, const char *data, size_t len,
                          axl_domain_config *cfg)
{
    char *report_buf = NULL;
    size_t report_len = 0;
    FILE *report;
    XLU_Config *c = NULL;
    unsigned int before;
    bool bad_key = false;
    int e, rc = -1;

    if (len > INT_MAX) {
        axl_err("%s: too large for a config file", source);
        return -1;
    }
    if (axl_cfg_check_text(source, data, len))
        return -1;
    report = open_memstream(&report_buf, &report_len);
    if (!report) {
        axl_err("%s: out of memory", source);
        return -1;
    }
    c = xlu_cfg_init(report, source);
    if (!c) {
        axl_err("%s: out of memory", source);
        goto out;
    }
    e = xlu_cfg_readdata(c, data, (int)len);
    if (e) {
        fflush(report);
        if (report_len)
            axl_relay_report(report_buf, report_len);
        else
            axl_err("%s: cannot parse: %s", source, strerror(e));
        goto out;
    }
    if (axl_cfg_for_each_key(data, len, check_key, &bad_key)) {
        axl_err("%s: out of memory", source);
        goto out;
    }
    if (bad_key)
        goto out;
    before = axl_cmd_errors_reported();
    rc = parse_settings(c, cfg);
    /* libxlutil's own parsers (disk specs) report to the stream. */
    fflush(report);
    if (rc && axl_cmd_errors_reported() == before) {
        if (report_len)
            axl_relay_report(report_buf, report_len);
        else
            axl_err("%s: cannot parse", source);
    }
out:
    if (c)
        xlu_cfg_destroy(c);
    fclose(report);
    free(report_buf);
    return rc;
}

int axl_parse_config(const char *path, char *const *extra, int nr_extra,
                     axl_domain_config *cfg)
{
    size_t len, add = 0;
    char *data, *nd;
    int i, rc;

    data = axl_read_regular(path, INT_MAX, &len);
    if (!data)
        return -1;
    /* As xl create: "\n" + the extra lines joined by "\n" + "\n". */
    for (i = 0; i < nr_extra; i++)
        add += strlen(extra[i]) + 1;
    if (nr_extra) {
        nd = realloc(data, len + add + 2);
        if (!nd) {
            free(data);
            axl_err("%s: out of memory", path);
            return -1;
        }
        data = nd;
        data[len++] = '\n';
        for (i = 0; i < nr_extra; i++) {
            size_t l = strlen(extra[i]);

            memcpy(data + len, extra[i], l);
            len += l;
            data[len++] = '\n';
        }
        data[len] = '\0';
    }
    rc = axl_parse_config_data(path, data, len, cfg);
    free(data);
    return rc;
}
