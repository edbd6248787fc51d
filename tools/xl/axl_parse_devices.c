/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * virtio = [...] with xl 4.20's syntax, disk = [...] through xl's own
 * disk parser (libxlutil's xlu_disk_parse), and vif = [...] as xl's
 * parse_nic_config reads it (rates through libxlutil's
 * xlu_vif_parse_rate), into the library's types.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxl.h>

#include "axl_parse.h"

/* backend=: a domain id, or a name that only a running host resolves. */
static uint32_t backend_domid(const char *name)
{
    char *end;
    unsigned long v;

    if (!name || !strcmp(name, "Domain-0"))
        return 0;
    errno = 0;
    v = strtoul(name, &end, 10);
    if (end != name && !*end && !errno && name[0] != '-' && v < 0x7ff0)
        return (uint32_t)v;
    return AXL_DOMID_UNRESOLVED;
}

/* "KEY=value" at @tok: the value, or NULL for another key. */
static const char *option(const char *tok, const char *key)
{
    size_t n = strlen(key);

    return !strncmp(tok, key, n) && tok[n] == '=' ? tok + n + 1 : NULL;
}

static int set_string(char **dst, const char *v, const char *what, int i)
{
    char *copy = strdup(v);

    if (!copy) {
        axl_err("virtio[%d]: out of memory for %s", i, what);
        return -1;
    }
    free(*dst);
    *dst = copy;
    return 0;
}

/* One "key=value" of a virtio spec, as xl's parse_virtio_config. */
static int virtio_option(axl_virtio *v, const char *tok, int i)
{
    const char *val;

    if ((val = option(tok, "backend"))) {
        if (set_string(&v->backend, val, "backend", i))
            return -1;
        v->backend_domid = backend_domid(val);
    } else if ((val = option(tok, "type"))) {
        return set_string(&v->type, val, "type", i);
    } else if ((val = option(tok, "transport"))) {
        if (!strcasecmp(val, "mmio"))
            v->transport = AXL_VIRTIO_TRANSPORT_MMIO;
        else if (!strcasecmp(val, "unknown"))
            v->transport = AXL_VIRTIO_TRANSPORT_UNKNOWN;
        else {
            axl_err("virtio[%d]: unknown transport \"%s\" (only mmio)", i,
                    val);
            return -1;
        }
    } else if ((val = option(tok, "grant_usage"))) {
        char *end;
        unsigned long g = strtoul(val, &end, 0);

        if (end == val || *end) {
            axl_err("virtio[%d]: grant_usage \"%s\" is not 0 or 1", i, val);
            return -1;
        }
        v->grant_usage = g != 0;
    } else {
        axl_err("virtio[%d]: unknown setting \"%s\" (backend, type, "
                "transport, grant_usage)", i, tok);
        return -1;
    }
    return 0;
}

/*
 * Splits at commas as xl does, except that a type whose value starts with
 * "virtio" keeps the one comma it holds ("type=virtio,device22").
 */
static int parse_virtio_spec(axl_virtio *v, const char *spec, int i)
{
    char *buf = strdup(spec), *p, *save = NULL, *joined = NULL;
    int rc = 0;

    if (!buf) {
        axl_err("virtio[%d]: out of memory", i);
        return -1;
    }
    for (p = strtok_r(buf, ",", &save); p && !rc;
         p = strtok_r(NULL, ",", &save)) {
        const char *type;
        char *next;

        while (*p == ' ')
            p++;
        type = option(p, "type");
        if (type && !strncmp(type, "virtio", 6) &&
            (next = strtok_r(NULL, ",", &save))) {
            if (asprintf(&joined, "%s,%s", p, next) < 0) {
                axl_err("virtio[%d]: out of memory", i);
                rc = -1;
                break;
            }
            p = joined;
        }
        rc = virtio_option(v, p, i);
        free(joined);
        joined = NULL;
    }
    free(buf);
    return rc;
}

static int parse_virtio(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "virtio", &l), i;

    if (n <= 0)
        return n;
    cfg->virtio = calloc((size_t)n, sizeof(*cfg->virtio));
    if (!cfg->virtio) {
        axl_err("virtio: out of memory for %d entries", n);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(l, i);
        axl_virtio *v = &cfg->virtio[i];

        v->grant_usage = -1;
        cfg->nr_virtio = (size_t)i + 1;     /* disposed even if bad */
        if (!s) {
            axl_err("virtio[%d]: expected a string \"type=...,"
                    "transport=mmio,...\"", i);
            return -1;
        }
        if (parse_virtio_spec(v, s, i))
            return -1;
        if (!v->type) {
            axl_err("virtio[%d]: no type= (e.g. type=virtio,device)", i);
            return -1;
        }
    }
    return 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
    char *d;

    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        *oom = true;
    return d;
}

/* libxl's disk, as xl's parser filled it, into the library's. */
static int disk_from_libxl(const libxl_device_disk *ld, axl_disk *d, int i)
{
    bool oom = false;

    d->vdev = dup_or_null(ld->vdev, &oom);
    d->target = dup_or_null(ld->pdev_path && *ld->pdev_path ?
                            ld->pdev_path : NULL, &oom);
    d->format = dup_or_null(ld->format == LIBXL_DISK_FORMAT_UNKNOWN ? NULL :
                            libxl_disk_format_to_string(ld->format), &oom);
    d->backendtype = dup_or_null(ld->backend == LIBXL_DISK_BACKEND_UNKNOWN ?
                                 NULL :
                                 libxl_disk_backend_to_string(ld->backend),
                                 &oom);
    d->script = dup_or_null(ld->script, &oom);
    d->backend = dup_or_null(ld->backend_domname, &oom);
    d->backend_domid = backend_domid(ld->backend_domname);
    d->readwrite = ld->readwrite != 0;
    d->cdrom = ld->is_cdrom != 0;
    d->specification = ld->specification == LIBXL_DISK_SPECIFICATION_VIRTIO ?
                       AXL_DISK_SPEC_VIRTIO : AXL_DISK_SPEC_XEN;
    d->grant_usage = -1;
#ifdef LIBXL_HAVE_DISK_GRANT_USAGE
    if (!libxl_defbool_is_default(ld->grant_usage))
        d->grant_usage = libxl_defbool_val(ld->grant_usage);
#endif
    if (oom) {
        axl_err("disk[%d]: out of memory", i);
        return -1;
    }
    return 0;
}

/* Bad specs: libxlutil writes the reason to the config's report, which
 * the caller relays as the error line. */
static int parse_disks(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "disk", &l), i;

    if (n <= 0)
        return n;
    cfg->disks = calloc((size_t)n, sizeof(*cfg->disks));
    if (!cfg->disks) {
        axl_err("disk: out of memory for %d entries", n);
        return -1;
    }
    for (i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(l, i);
        libxl_device_disk ld;
        int e, rc;

        if (!s) {
            axl_err("disk[%d]: expected a string such as "
                    "\"/img,raw,xvda,rw\"", i);
            return -1;
        }
        libxl_device_disk_init(&ld);
        e = xlu_disk_parse(c, 1, &s, &ld);
        cfg->nr_disks = (size_t)i + 1;
        rc = e ? -1 : disk_from_libxl(&ld, &cfg->disks[i], i);
        libxl_device_disk_dispose(&ld);
        if (rc)
            return -1;
    }
    return 0;
}

/* A number of a vif option: decimal, nothing after it, at most @max. */
static int nic_number(const char *v, unsigned long max, const char *what,
                      int i, unsigned long *out)
{
    char *end;

    errno = 0;
    *out = strtoul(v, &end, 10);
    if (end == v || *end || errno || v[0] == '-' || *out > max) {
        axl_err("vif[%d]: %s \"%s\" is not a number of 0..%lu", i, what,
                v, max);
        return -1;
    }
    return 0;
}

static int nic_mac(axl_nic *n, const char *v, int i)
{
    const char *p = v;
    int k;

    for (k = 0; k < 6; k++) {
        char *end;
        unsigned long b = strtoul(p, &end, 16);

        if (end == p || end - p > 2 || b > 255 ||
            (k < 5 ? *end != ':' : *end != '\0')) {
            axl_err("vif[%d]: mac \"%s\" is not six hex bytes "
                    "xx:xx:xx:xx:xx:xx", i, v);
            return -1;
        }
        n->mac[k] = (uint8_t)b;
        p = end + 1;
    }
    n->has_mac = true;
    return 0;
}

/* The string options: key, where it goes. */
static char **nic_string(axl_nic *n, const char *tok, const char **val)
{
    static const char *const names[] = {
        "bridge", "ip", "script", "vifname", "gatewaydev", "netdev", "model",
        "backend",
    };
    char **dst[] = {
        &n->bridge, &n->ip, &n->script, &n->vifname, &n->gatewaydev,
        &n->gatewaydev, &n->model, &n->backend,
    };
    size_t k;

    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if ((*val = option(tok, names[k])))
            return dst[k];
    return NULL;
}

/* One token of a vif spec, as xl's parse_nic_config. */
static int nic_option(XLU_Config *c, axl_nic *n, const char *tok, int i)
{
    const char *val;
    unsigned long v;
    char **dst = nic_string(n, tok, &val);

    if (dst) {
        char *copy = strdup(val);

        if (!copy) {
            axl_err("vif[%d]: out of memory", i);
            return -1;
        }
        free(*dst);
        *dst = copy;
        if (dst == &n->backend)
            n->backend_domid = backend_domid(val);
        return 0;
    }
    if ((val = option(tok, "mac")))
        return nic_mac(n, val, i);
    if ((val = option(tok, "type"))) {
        if (strcmp(val, "vif") && strcmp(val, "ioemu")) {
            axl_err("vif[%d]: type \"%s\" is neither vif nor ioemu", i, val);
            return -1;
        }
        n->emulated = !strcmp(val, "ioemu");
        return 0;
    }
    if ((val = option(tok, "mtu"))) {
        if (nic_number(val, 65535, "mtu", i, &v))
            return -1;
        n->mtu = (unsigned int)v;
        return 0;
    }
    if ((val = option(tok, "devid"))) {
        if (nic_number(val, 0x7fffffff, "devid", i, &v))
            return -1;
        n->devid = (int)v;
        n->has_devid = true;
        return 0;
    }
    if ((val = option(tok, "rate"))) {
        libxl_device_nic ln;
        int e;

        libxl_device_nic_init(&ln);
        e = xlu_vif_parse_rate(c, val, &ln);
        n->rate_bytes_per_interval = ln.rate_bytes_per_interval;
        n->rate_interval_usecs = ln.rate_interval_usecs;
        libxl_device_nic_dispose(&ln);
        if (e) {
            axl_err("vif[%d]: rate \"%s\" is not RATE[/s][@INTERVAL] "
                    "(e.g. 10Mb/s@20ms)", i, val);
            return -1;
        }
        return 0;
    }
    if (!strcmp(tok, "trusted") || !strcmp(tok, "untrusted")) {
        n->trusted = tok[0] == 't' ? 1 : -1;
        return 0;
    }
    if (option(tok, "accel") || option(tok, "forwarddev") ||
        !strncmp(tok, "colo_", 5)) {
        axl_err("vif[%d]: \"%s\" (COLO and accel) is not supported by axl",
                i, tok);
        return -1;
    }
    axl_err("vif[%d]: unrecognized argument \"%s\"", i, tok);
    return -1;
}

static int parse_nics(XLU_Config *c, axl_domain_config *cfg)
{
    XLU_ConfigList *l;
    int n = axl_cfg_list(c, "vif", &l), i, rc = 0;

    if (n <= 0)
        return n;
    cfg->nics = calloc((size_t)n, sizeof(*cfg->nics));
    if (!cfg->nics) {
        axl_err("vif: out of memory for %d entries", n);
        return -1;
    }
    for (i = 0; i < n && !rc; i++) {
        const char *s = xlu_cfg_get_listitem(l, i);
        char *buf, *p, *save = NULL;

        cfg->nr_nics = (size_t)i + 1;     /* disposed even if bad */
        if (!s) {
            axl_err("vif[%d]: expected a string such as "
                    "\"bridge=xenbr0,mac=00:16:3e:00:00:01\"", i);
            return -1;
        }
        buf = strdup(s);
        if (!buf) {
            axl_err("vif[%d]: out of memory", i);
            return -1;
        }
        for (p = strtok_r(buf, ",", &save); p && !rc;
             p = strtok_r(NULL, ",", &save)) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p)
                rc = nic_option(c, &cfg->nics[i], p, i);
        }
        free(buf);
    }
    return rc;
}

int axl_parse_devices(XLU_Config *c, axl_domain_config *cfg)
{
    if (parse_virtio(c, cfg) || parse_disks(c, cfg) || parse_nics(c, cfg))
        return -1;
    return 0;
}

int axl_parse_disk_args(int n, char *const *specs, axl_disk *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *report = open_memstream(&buf, &len);
    XLU_Config *c = report ? xlu_cfg_init(report, "command line") : NULL;
    libxl_device_disk ld;
    int rc = -1;

    memset(d, 0, sizeof(*d));
    if (!c) {
        axl_err("block-attach: out of memory");
        goto out;
    }
    libxl_device_disk_init(&ld);
    if (!xlu_disk_parse(c, n, (const char **)specs, &ld))
        rc = disk_from_libxl(&ld, d, 0);
    libxl_device_disk_dispose(&ld);
    fflush(report);
    if (rc && len)
        axl_relay_report(buf, len);
    else if (rc)
        axl_err("block-attach: cannot parse the disk specification");
out:
    if (c)
        xlu_cfg_destroy(c);
    if (report)
        fclose(report);
    free(buf);
    return rc;
}

int axl_parse_nic_args(int n, char *const *args, axl_nic *nic)
{
    XLU_Config *c = xlu_cfg_init(stderr, "command line");
    int i, rc = 0;

    memset(nic, 0, sizeof(*nic));
    if (!c) {
        axl_err("network-attach: out of memory");
        return -1;
    }
    for (i = 0; i < n && !rc; i++)
        rc = nic_option(c, nic, args[i], 0);
    xlu_cfg_destroy(c);
    return rc;
}
