/* SPDX-License-Identifier: LGPL-2.1-only */
/* Option values shared by the commands, and config + build in one step. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"

static bool parse_uint(const char *s, int base, unsigned long long max,
                       unsigned long long *v)
{
    char *end;

    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    errno = 0;
    *v = strtoull(s, &end, base);
    return !*end && errno != ERANGE && *v <= max;
}

int axl_opt_gpaddr_bits(const char *s, unsigned int *bits_r)
{
    unsigned long long v;

    if (!parse_uint(s, 10, 64, &v) || v < 1) {
        axl_err("--gpaddr-bits: \"%s\" is not a number of bits from 1 to 64",
                s);
        return -1;
    }
    *bits_r = (unsigned int)v;
    return 0;
}

int axl_opt_xen_version(const char *s, unsigned int *maj_r,
                        unsigned int *min_r)
{
    unsigned long long maj, min;
    const char *dot = strchr(s, '.');
    char buf[16];

    if (dot && (size_t)(dot - s) < sizeof(buf)) {
        memcpy(buf, s, (size_t)(dot - s));
        buf[dot - s] = '\0';
        if (parse_uint(buf, 10, 255, &maj) &&
            parse_uint(dot + 1, 10, 255, &min)) {
            if (!axl_xen_version_supported((unsigned int)maj,
                                           (unsigned int)min)) {
                axl_err("--xen-version: axl writes guests for Xen %s, not "
                        "%s", axl_xen_versions_supported(), s);
                return -1;
            }
            *maj_r = (unsigned int)maj;
            *min_r = (unsigned int)min;
            return 0;
        }
    }
    axl_err("--xen-version: \"%s\" is not MAJOR.MINOR (e.g. 4.20)", s);
    return -1;
}

int axl_opt_seed(const char *s, uint64_t *seed_r)
{
    unsigned long long v;
    const char *hex = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? s + 2
                                                                    : s;

    if (strlen(hex) > 16 || !parse_uint(hex, 16, UINT64_MAX, &v)) {
        axl_err("--seed: \"%s\" is not a hexadecimal number of at most "
                "64 bits", s);
        return -1;
    }
    *seed_r = v;
    return 0;
}

void axl_settings_dispose(axl_settings *s)
{
    int i;

    for (i = 0; i < s->nr; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->nr = 0;
}

int axl_opt_ext(int opt, const char *arg, axl_settings *s)
{
    static const char *const keys[] = {
        [OPT_EXT_REGIONS - OPT_EXT_REGIONS] = "ext_regions",
        [OPT_EXT_MIN_SIZE - OPT_EXT_REGIONS] = "ext_regions_min_size",
        [OPT_EXT_ALIGN - OPT_EXT_REGIONS] = "ext_regions_align",
        [OPT_EXT_MAX - OPT_EXT_REGIONS] = "ext_regions_max",
        [OPT_EXT_LIMIT - OPT_EXT_REGIONS] = "ext_regions_limit",
        [OPT_EXT_SIZE - OPT_EXT_REGIONS] = "ext_regions_size",
        [OPT_EXT_REQUIRE - OPT_EXT_REGIONS] = "ext_regions_require",
    };
    const char *key;
    char **nv, *line, label[64], *p;
    axl_ext_config scratch;

    if (opt < OPT_EXT_REGIONS || opt > OPT_EXT_REQUIRE)
        return 0;
    key = keys[opt - OPT_EXT_REGIONS];
    snprintf(label, sizeof(label), "--%s", key);
    for (p = label; *p; p++)
        if (*p == '_')
            *p = '-';
    /* A wrong value is a wrong command line: check it here. */
    memset(&scratch, 0, sizeof(scratch));
    if (strpbrk(arg, "\"\\\n")) {
        axl_err("%s: a value cannot contain quotes, backslashes or newlines",
                label);
        return -1;
    }
    if (axl_ext_setting(label, key, arg, &scratch))
        return -1;
    if (asprintf(&line, "%s=\"%s\"", key, arg) < 0)
        line = NULL;
    nv = line ? realloc(s->v, (size_t)(s->nr + 1) * sizeof(*nv)) : NULL;
    if (!nv) {
        free(line);
        axl_err("out of memory");
        return -1;
    }
    s->v = nv;
    s->v[s->nr++] = line;
    return 1;
}

int axl_opt_bad(const char *cmd, int c, char **argv)
{
    const char *arg = argv[optind - 1];

    if (c == ':')
        axl_err("%s: option \"%s\" needs a value", cmd, arg);
    else if (optopt && optopt < 256 && (arg[0] != '-' || arg[1] != '-'))
        axl_err("%s: unknown option \"-%c\" (see 'axl help %s')", cmd,
                optopt, cmd);
    else
        axl_err("%s: unknown option \"%s\" (see 'axl help %s')", cmd, arg,
                cmd);
    return EXIT_USAGE;
}

int axl_opt_other(const char *cmd, int c, char **argv, axl_settings *s)
{
    int r = axl_opt_ext(c, optarg, s);

    if (r > 0)
        return 0;
    if (r < 0)
        return EXIT_USAGE;
    return axl_opt_bad(cmd, c, argv);
}

int axl_parse_from_args(int argc, char **argv, int optind_,
                        const axl_settings *settings, axl_domain_config *cfg)
{
    char **extra;
    int i, n = 0, rc;

    if (optind_ >= argc) {
        axl_err("no CONFIG file given (see 'axl help')");
        return EXIT_USAGE;
    }
    for (i = optind_ + 1; i < argc; i++) {
        if (!strchr(argv[i], '=')) {
            axl_err("\"%s\" is not a KEY=VALUE setting", argv[i]);
            return EXIT_USAGE;
        }
    }
    extra = calloc((size_t)(argc - optind_ + settings->nr), sizeof(*extra));
    if (!extra) {
        axl_err("out of memory");
        return EXIT_JOB_FAILED;
    }
    for (i = optind_ + 1; i < argc; i++)
        extra[n++] = argv[i];
    for (i = 0; i < settings->nr; i++)
        extra[n++] = settings->v[i];
    rc = axl_parse_config(argv[optind_], extra, n, cfg);
    free(extra);
    return rc ? EXIT_JOB_FAILED : 0;
}

int axl_build_from_args(int argc, char **argv, int optind_,
                        const axl_settings *settings,
                        const axl_build_options *opts,
                        axl_domain_config *cfg, axl_ctx **ctx_r,
                        axl_guest **guest_r)
{
    axl_ctx *ctx = NULL;
    int rc;

    rc = axl_parse_from_args(argc, argv, optind_, settings, cfg);
    if (rc)
        return rc;
    rc = axl_ctx_alloc(&ctx, axl_cmd_logger());
    if (rc) {
        axl_err("%s", axl_strerror(rc));
        return EXIT_JOB_FAILED;
    }
    rc = axl_guest_build(ctx, cfg, opts, guest_r);
    if (rc) {
        if (!axl_cmd_errors_reported())
            axl_err("%s", axl_strerror(rc));
        axl_ctx_free(ctx);
        return EXIT_JOB_FAILED;
    }
    *ctx_r = ctx;
    return 0;
}
