/*
 * Disks and vifs against the fake hypervisor, xenstore, backends and
 * hotplug scripts (tests/common/fake_hv.c): libxl's vdev numbers, the
 * nodes and permissions libxl writes, the InitWait handshake, the
 * scripts' add and remove, and that every failure (a refused device, a
 * mute backend, a failing or hanging script, any call failed in turn)
 * leaves nothing: no domain, node, loop device or vif.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_devices.h"
#include "fake_env.h"

typedef struct env {
    fake_env x;
    axl_domain_config cfg;
} env;

static void env_open_xen(env *e, unsigned int minor, const char *devices)
{
    char text[1024];

    memset(e, 0, sizeof(*e));
    fake_env_open(&e->x, 4, minor);
    t_make_file(t_path("disk.img"), 64 << 20);
    snprintf(text, sizeof(text), "name = \"d\"\nmemory = 128\n%s\n",
             devices);
    t_config_from_text(text, &e->cfg);
    /* the waits of a mute backend in milliseconds, not seconds */
    e->x.h->init_timeout_ms = 300;
    e->x.h->destroy_timeout_ms = 300;
}

static void env_open(env *e, const char *devices)
{
    env_open_xen(e, AXL_XEN_ABI_MINOR, devices);
}

static void env_close(env *e)
{
    fake_env_close(&e->x);
    axl_domain_config_dispose(&e->cfg);
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* The disk and vif of most tests. */
static const char *disk_and_vif(void)
{
    static char buf[512];

    snprintf(buf, sizeof(buf),
             "disk = [ \"%s,raw,xvda,rw\" ]\n"
             "vif = [ \"bridge=xenbr0,mac=00:16:3e:00:00:01\" ]\n",
             t_path("disk.img"));
    return buf;
}


static const char *rd(env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *rd(env *e, const char *fmt, ...)
{
    char path[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return fake_read(e->x.f, path);
}

static void vdev_numbers_are_libxl_s(void **state)
{
    static const struct { const char *vdev; int id; } good[] = {
        { "xvda", 202 << 8 }, { "xvdb", (202 << 8) | 16 },
        { "xvda1", (202 << 8) | 1 }, { "xvdp15", (202 << 8) | 255 },
        { "xvdq", (1 << 28) | (16 << 8) },
        { "xvda16", (1 << 28) | 16 },
        { "xvdaa", (1 << 28) | (26 << 8) },
        { "d0p0", 202 << 8 }, { "d3p2", (202 << 8) | 50 },
        { "d16p0", (1 << 28) | (16 << 8) },
        { "sda", 8 << 8 }, { "sdb3", (8 << 8) | 19 },
        { "hda", 3 << 8 }, { "hdb", (3 << 8) | 64 },
        { "hdc", 22 << 8 }, { "hdd2", (22 << 8) | 66 },
        { "51712", 51712 }, { "0x10", 16 },
    };
    static const char *const bad[] = {
        "", "xvd", "xvd!", "xvda0", "xvda01", "xvda256", "xvdA", "sdq",
        "sda16", "hde", "hda64", "d1p", "dp1", "d1p256", "vda", "xvda ",
        "-1", "99999999999",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (axl__vdev_devid(good[i].vdev) != good[i].id)
            fail_msg("%s: %d, libxl gives %d", good[i].vdev,
                     axl__vdev_devid(good[i].vdev), good[i].id);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (axl__vdev_devid(bad[i]) != -1)
            fail_msg("\"%s\" should be refused, got %d", bad[i],
                     axl__vdev_devid(bad[i]));
    assert_int_equal(axl__vdev_devid(NULL), -1);
}

static void create_writes_libxl_s_nodes_and_destroy_removes(void **state)
{
    const fake_node *n;
    char path[160], want[512];
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    assert_int_equal(e.x.lg.errors, 0);

    /* the disk: backend keys as libxl writes them */
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/params",
                           domid), t_path("disk.img"));
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/script",
                           domid), "/etc/xen/scripts/block");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/type",
                           domid), "phy");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/mode",
                           domid), "w");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/dev",
                           domid), "xvda");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/"
                           "discard-enable", domid), "1");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51712/"
                           "hotplug-status", domid), "connected");
    assert_string_equal(rd(&e, "/local/domain/%u/device/vbd/51712/"
                           "virtual-device", domid), "51712");
    snprintf(want, sizeof(want), "/local/domain/0/backend/vbd/%u/51712",
             domid);
    assert_string_equal(rd(&e, "/local/domain/%u/device/vbd/51712/backend",
                           domid), want);
    assert_string_equal(rd(&e, "/libxl/%u/device/vbd/51712/backend", domid),
                        want);
    /* the backend is dom0's, the guest may read it */
    snprintf(path, sizeof(path), "/local/domain/0/backend/vbd/%u/51712",
             domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_int_equal(n->nr_perms, 2);
    assert_int_equal(n->perms[0].id, 0);
    assert_int_equal(n->perms[1].id, domid);
    assert_int_equal(n->perms[1].perms, AXL__XS_PERM_READ);
    /* the frontend is the guest's, dom0 may read it */
    snprintf(path, sizeof(path), "/local/domain/%u/device/vbd/51712/state",
             domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_int_equal(n->perms[0].id, domid);
    assert_int_equal(n->perms[1].id, 0);

    /* the vif */
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/0/mac",
                           domid), "00:16:3e:00:00:01");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/0/bridge",
                           domid), "xenbr0");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/0/script",
                           domid), "/etc/xen/scripts/vif-bridge");
    assert_null(rd(&e, "/local/domain/0/backend/vif/%u/0/mtu", domid));
    assert_string_equal(rd(&e, "/local/domain/%u/device/vif/0/mac", domid),
                        "00:16:3e:00:00:01");
    /* the guest reads its mtu but may not change it */
    snprintf(path, sizeof(path), "/local/domain/%u/device/vif/0/mtu", domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_string_equal(n->value, "1500");
    assert_int_equal(n->perms[0].id, 0);
    assert_int_equal(n->perms[1].id, domid);
    assert_int_equal(n->perms[1].perms, AXL__XS_PERM_READ);

    /* both scripts ran, as libxl runs them */
    snprintf(want, sizeof(want),
             "/etc/xen/scripts/block add backend/vbd/%u/51712\n"
             "/etc/xen/scripts/vif-bridge online backend/vif/%u/0\n",
             domid, domid);
    assert_string_equal(e.x.f->script_log, want);
    assert_int_equal(e.x.f->loops, 1);
    assert_int_equal(e.x.f->vifs, 1);

    e.x.f->script_log[0] = '\0';
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    snprintf(want, sizeof(want),
             "/etc/xen/scripts/block remove backend/vbd/%u/51712\n"
             "/etc/xen/scripts/vif-bridge offline backend/vif/%u/0\n",
             domid, domid);
    assert_string_equal(e.x.f->script_log, want);
    assert_int_equal(e.x.lg.errors, 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    env_close(&e);
}

static void vif_defaults_are_xl_s(void **state)
{
    uint32_t domid;
    const char *mac;
    env e;

    (void)state;
    env_open(&e, "vif = [ \"\", \"devid=5,mtu=9000,vifname=guestnet\", "
             "\"ip=10.0.0.2,script=vif-route,rate=10Mb/s@20ms\" ]\n");
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    /* devids: given ones kept, the others after the largest given */
    assert_non_null(rd(&e, "/local/domain/%u/device/vif/6/handle", domid));
    assert_non_null(rd(&e, "/local/domain/%u/device/vif/5/handle", domid));
    assert_non_null(rd(&e, "/local/domain/%u/device/vif/7/handle", domid));
    mac = rd(&e, "/local/domain/0/backend/vif/%u/6/mac", domid);
    assert_non_null(mac);
    assert_int_equal(strncmp(mac, "00:16:3e:", 9), 0);
    assert_true(mac[9] < '8');  /* the fourth byte's top bit is clear */
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/6/bridge",
                           domid), "xenbr0");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/5/mtu",
                           domid), "9000");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/5/vifname",
                           domid), "guestnet");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/7/script",
                           domid), "/etc/xen/scripts/vif-route");
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/7/ip",
                           domid), "10.0.0.2");
    /* 10 Mbit/s in 20 ms slices: 25000 bytes per slice */
    assert_string_equal(rd(&e, "/local/domain/0/backend/vif/%u/7/rate",
                           domid), "25000,20000");
    assert_int_equal(e.x.f->vifs, 3);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    env_close(&e);
}

/* A device refused before Xen is touched: one error naming it. */
static void refused(const char *devices, int want_rc, const char *needle)
{
    uint32_t domid;
    env e;
    int rc;

    env_open(&e, devices);
    e.x.f->calls = 0;
    rc = axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL);
    if (rc != want_rc)
        fail_msg("%s: rc %d, want %d (%s)", devices, rc, want_rc,
                 e.x.lg.last_error);
    assert_int_equal(e.x.lg.errors, 1);
    if (!strstr(e.x.lg.last_error, needle))
        fail_msg("%s: \"%s\" does not say \"%s\"", devices,
                 e.x.lg.last_error, needle);
    assert_int_equal(e.x.f->script_runs, 0);
    fake_env_assert_clean(e.x.f, 0, devices);
    env_close(&e);
}

static void what_axl_cannot_set_up_is_refused_first(void **state)
{
    char buf[512];

    (void)state;
    refused("disk = [ \"/nonexistent/x.img,raw,xvda,rw\" ]",
            AXL_ERROR_IO, "disk[0] (xvda): cannot use /nonexistent/x.img");
    refused("disk = [ \"/dev/null,raw,xvda,rw\" ]", AXL_ERROR_INVAL,
            "neither a block device nor an image file");
    snprintf(buf, sizeof(buf), "disk = [ \"%s,raw,xvd!,rw\" ]",
             t_path("disk.img"));
    refused(buf, AXL_ERROR_INVAL, "vdev \"xvd!\"");
    snprintf(buf, sizeof(buf), "disk = [ \"%s,raw,xvda,rw\", "
             "\"%s,raw,d0p0,rw\" ]", t_path("disk.img"), t_path("disk.img"));
    refused(buf, AXL_ERROR_INVAL, "the same device as disk[0]");
    snprintf(buf, sizeof(buf), "disk = [ \"%s,qcow2,xvda,rw\" ]",
             t_path("disk.img"));
    refused(buf, AXL_ERROR_UNSUPPORTED, "format=qcow2");
    snprintf(buf, sizeof(buf), "disk = [ \"backendtype=qdisk,vdev=xvda,"
             "target=%s\" ]", t_path("disk.img"));
    refused(buf, AXL_ERROR_UNSUPPORTED, "backendtype=qdisk");
    snprintf(buf, sizeof(buf), "disk = [ \"backend=7,vdev=xvda,target=%s\" ]",
             t_path("disk.img"));
    refused(buf, AXL_ERROR_NOTFOUND, "disk[0]: backend domain 7 does not "
            "exist");
    refused("vif = [ \"backend=9\" ]", AXL_ERROR_NOTFOUND,
            "vif[0]: backend domain 9 does not exist");
    refused("vif = [ \"type=ioemu\" ]", AXL_ERROR_UNSUPPORTED, "emulated");
    refused("vif = [ \"vifname=a-name-far-too-long\" ]", AXL_ERROR_INVAL,
            "vifname");
    refused("vif = [ \"devid=1\", \"devid=1\" ]", AXL_ERROR_INVAL,
            "devid 1 is vif[0]'s too");
    refused("vif = [ \"mac=01:00:5e:00:00:01\" ]", AXL_ERROR_INVAL,
            "multicast");
}

static void failing(env *e, int want_rc, const char *needle);

/* A disk with specification=virtio: libxl's virtio_disk nodes for an
 * external backend (the fake answers as one would), in the virtio-mmio
 * slot its device tree node has, no hotplug script; with no backend the
 * create fails after the wait and leaves nothing. */
static void virtio_disk_for_an_external_backend(unsigned int minor)
{
    char devices[512], be[96];
    uint32_t domid;
    env e;

    snprintf(devices, sizeof(devices),
             "disk = [ \"%s,raw,xvda,rw\", \"vdev=xvdb,access=ro,"
             "specification=virtio,target=%s\" ]\n", t_path("disk.img"),
             t_path("disk.img"));
    env_open_xen(&e, minor, devices);
    if (axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL))
        fail_msg("Xen 4.%u: %s", minor, e.x.lg.last_error);
    assert_int_equal(e.x.lg.errors, 0);
    snprintf(be, sizeof(be), "/local/domain/0/backend/virtio_disk/%u/51728",
             domid);
    assert_string_equal(rd(&e, "%s/params", be), t_path("disk.img"));
    assert_string_equal(rd(&e, "%s/type", be), "standalone");
    assert_string_equal(rd(&e, "%s/specification", be), "virtio");
    assert_string_equal(rd(&e, "%s/transport", be), "mmio");
    assert_string_equal(rd(&e, "%s/mode", be), "r");
    assert_string_equal(rd(&e, "%s/dev", be), "xvdb");
    /* the first slot (GUEST_VIRTIO_MMIO_BASE, in decimal) and SPI */
    assert_string_equal(rd(&e, "%s/base", be), "33554432");
    assert_string_equal(rd(&e, "%s/irq", be), "33");
    assert_null(rd(&e, "%s/script", be));
    if (minor >= 20)
        assert_string_equal(rd(&e, "%s/grant_usage", be), "0");
    else
        assert_null(rd(&e, "%s/grant_usage", be));
    assert_string_equal(rd(&e, "/local/domain/%u/device/virtio_disk/51728/"
                           "backend", domid), be);
    assert_string_equal(rd(&e, "/local/domain/%u/device/virtio_disk/51728/"
                           "virtual-device", domid), "51728");
    assert_string_equal(rd(&e, "/libxl/%u/device/virtio_disk/51728/"
                           "backend", domid), be);
    /* only the vbd's script ran */
    assert_int_equal(e.x.f->script_runs, 1);
    assert_int_equal(e.x.f->loops, 1);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    assert_int_equal(e.x.lg.errors, 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    env_close(&e);

    snprintf(devices, sizeof(devices), "disk = [ \"vdev=xvda,"
             "specification=virtio,target=%s\" ]\n", t_path("disk.img"));
    env_open_xen(&e, minor, devices);
    e.x.f->backends_mute = true;
    failing(&e, AXL_ERROR_TIMEOUT, "disk xvda: no virtio-disk backend "
            "answered");
    assert_int_equal(e.x.f->script_runs, 0);
    env_close(&e);
}

static void virtio_disks_on_4_17(void **state)
{
    (void)state;
    virtio_disk_for_an_external_backend(17);
}

static void virtio_disks_on_4_20(void **state)
{
    (void)state;
    virtio_disk_for_an_external_backend(20);
}

/* refused() for one disk of @keys (xl's KEY=VALUE syntax) on the test's
 * image. */
static void refused_disk(const char *keys, int want_rc, const char *needle)
{
    char buf[512];

    snprintf(buf, sizeof(buf), "disk = [ \"%s,target=%s\" ]", keys,
             t_path("disk.img"));
    refused(buf, want_rc, needle);
}

static void virtio_disk_refusals(void **state)
{
    axl_disk disk;
    uint32_t domid;
    env e;

    (void)state;
    refused_disk("backendtype=phy,vdev=xvda,specification=virtio",
                 AXL_ERROR_INVAL, "backendtype=phy cannot serve "
                 "specification=virtio");
    refused_disk("script=block,vdev=xvda,specification=virtio",
                 AXL_ERROR_INVAL, "script= does not apply");
    refused_disk("backendtype=standalone,vdev=xvda", AXL_ERROR_INVAL,
                 "backendtype=standalone is for specification=virtio");
    refused_disk("format=qcow2,vdev=xvda,specification=virtio",
                 AXL_ERROR_UNSUPPORTED, "format=qcow2");
    refused("disk = [ \"vdev=xvda,specification=virtio,"
            "target=/nonexistent/v.img\" ]", AXL_ERROR_IO,
            "cannot use /nonexistent/v.img");

    /* nor can one be added to a running guest (its node is in the tree
     * the guest booted with) */
    env_open(&e, "");
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    memset(&disk, 0, sizeof(disk));
    disk.vdev = (char *)"xvdb";
    disk.target = (char *)t_path("disk.img");
    disk.specification = AXL_DISK_SPEC_VIRTIO;
    assert_int_equal(axl_device_disk_add(e.x.ctx, e.x.h, domid, &disk, NULL),
                     AXL_ERROR_UNSUPPORTED);
    assert_non_null(strstr(e.x.lg.last_error, "cannot be added to a "
                           "running guest"));
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    env_close(&e);
}

/* A create that fails at its devices: one error naming the device, and
 * everything gone (the devices set up so far included). */
static void failing(env *e, int want_rc, const char *needle)
{
    uint32_t domid;
    int rc = axl_domain_create(e->x.ctx, e->x.h, &e->cfg, &domid, NULL);

    if (rc != want_rc)
        fail_msg("rc %d, want %d (%s)", rc, want_rc, e->x.lg.last_error);
    assert_int_equal(e->x.lg.errors, 1);
    if (!strstr(e->x.lg.last_error, needle))
        fail_msg("\"%s\" does not say \"%s\"", e->x.lg.last_error, needle);
    fake_env_assert_clean(e->x.f, 0, needle);
}

static void mute_backend_times_out_and_leaves_nothing(void **state)
{
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    e.x.f->backends_mute = true;
    failing(&e, AXL_ERROR_TIMEOUT, "xen-blkback module");
    assert_int_equal(e.x.f->script_runs, 0);
    env_close(&e);
}

static void failing_script_is_quoted_and_undone(void **state)
{
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    e.x.f->script_fail = "/vif-bridge";
    failing(&e, AXL_ERROR_IO, "vif 0: /etc/xen/scripts/vif-bridge online "
            "failed: the fake script refused");
    /* the disk's script had taken a loop device: its remove ran */
    assert_non_null(strstr(e.x.f->script_log, "block remove"));
    env_close(&e);

    env_open(&e, disk_and_vif());
    e.x.f->script_hang = "/block";
    /* two scripts run together: libxl's 40 s each, one after the other */
    failing(&e, AXL_ERROR_IO, "did not finish within 80 s");
    env_close(&e);
}

static void fault_at_every_step_leaves_nothing(void **state)
{
    unsigned long total, k;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    e.x.f->calls = 0;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    total = e.x.f->calls;
    env_close(&e);
    print_message("create with a disk and a vif makes %lu calls\n", total);
    for (k = 1; k <= total; k++) {
        char what[96];
        int rc;

        env_open(&e, disk_and_vif());
        e.x.f->calls = 0;
        e.x.f->fail_at = k;
        rc = axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid, NULL);
        snprintf(what, sizeof(what), "call %lu (%s)", k,
                 e.x.f->failed_op ? e.x.f->failed_op : "?");
        if (!rc) {
            /* a failed watch or unwatch only costs speed */
            if (strstr(what, "watch") && e.x.lg.errors == 0) {
                assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid),
                                 0);
                fake_env_assert_clean(e.x.f, 0, what);
                env_close(&e);
                continue;
            }
            fail_msg("%s failed, yet create succeeded", what);
        }
        if (e.x.lg.errors != 1)
            fail_msg("%s: %u errors, last \"%s\"", what, e.x.lg.errors,
                     e.x.lg.last_error);
        fake_env_assert_clean(e.x.f, 0, what);
        env_close(&e);
    }
}

/* Destroy fails at every call in turn: the scripts' remove still runs
 * (nothing may stay taken in dom0), and a second destroy, or a cleanup
 * of the nodes once the domain is gone, leaves nothing. */
static void destroy_with_a_failing_call_still_removes_the_devices(void **state)
{
    unsigned long total, k, start;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    start = e.x.f->calls;
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    total = e.x.f->calls - start;
    env_close(&e);
    for (k = 1; k <= total; k++) {
        char what[96];
        const char *op;

        env_open(&e, disk_and_vif());
        assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                           NULL), 0);
        e.x.f->fail_at = e.x.f->calls + k;
        axl_domain_destroy(e.x.ctx, e.x.h, domid);
        op = e.x.f->failed_op ? e.x.f->failed_op : "?";
        snprintf(what, sizeof(what), "destroy call %lu (%s)", k, op);
        /* a domain that went took its devices' resources with it */
        if (!fake_domain(e.x.f, domid) && strcmp(op, "run_scripts") &&
            (e.x.f->loops || e.x.f->vifs))
            fail_msg("%s: the scripts' remove did not run", what);
        e.x.f->fail_at = 0;
        if (fake_domain(e.x.f, domid)) {
            assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
        } else {
            assert_int_equal(axl__devices_remove(e.x.ctx, e.x.h, domid,
                                                 AXL__DEV_FORCE |
                                                 AXL__DEV_SCRIPTS, NULL), 0);
            assert_true(axl__xs_remove(e.x.h, domid));
        }
        if (!strcmp(op, "run_scripts")) {
            /* the remove never ran: the second destroy cannot know */
            e.x.f->loops = e.x.f->vifs = 0;
        }
        fake_env_assert_clean(e.x.f, 0, what);
        env_close(&e);
    }
}

/* backend=DOMAIN: the nodes under the driver domain, owned by it; its
 * daemon's hotplug-status is waited for; no script runs in dom0; a
 * missing daemon, a missing or dying driver domain fail with one error
 * and leave nothing. */
static void driver_domains_serve_disks_and_vifs(void **state)
{
    const char *devices = "disk = [ \"backend=5,vdev=xvda,target=/dd/x.img\" ]"
                          "\nvif = [ \"backend=5,bridge=xenbr0\" ]\n";
    const fake_node *n;
    char path[96];
    uint32_t domid;
    fake_dom *dd;
    env e;

    (void)state;
    env_open(&e, devices);
    fake_add_domain(e.x.f, 5, "dd");
    e.x.f->driver_daemon = true;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    assert_int_equal(e.x.lg.errors, 0);
    assert_string_equal(rd(&e, "/local/domain/5/backend/vbd/%u/51712/params",
                           domid), "/dd/x.img");
    assert_string_equal(rd(&e, "/local/domain/%u/device/vbd/51712/backend-id",
                           domid), "5");
    snprintf(path, sizeof(path), "/local/domain/5/backend/vif/%u/0", domid);
    assert_string_equal(rd(&e, "/local/domain/%u/device/vif/0/backend",
                           domid), path);
    snprintf(path, sizeof(path), "/local/domain/5/backend/vif/%u/0", domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_int_equal(n->perms[0].id, 5);
    assert_int_equal(e.x.f->script_runs, 0);
    assert_null(fake_read(e.x.f, "/local/domain/0/backend/vbd"));
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    assert_int_equal(e.x.f->script_runs, 0);
    fake_env_assert_clean(e.x.f, 1, "destroy");
    assert_int_equal(fake_count_nodes(e.x.f, "/local/domain/5/backend"), 0);
    env_close(&e);

    /* no daemon in the driver domain */
    env_open(&e, devices);
    fake_add_domain(e.x.f, 5, "dd");
    e.x.h->hotplug_timeout_ms = 300;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), AXL_ERROR_IO);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "driver domain 5 did not run "
                           "its hotplug script"));
    fake_env_assert_clean(e.x.f, 1, "no daemon");
    assert_int_equal(fake_count_nodes(e.x.f, "/local/domain/5/backend"), 0);
    env_close(&e);

    /* a driver domain going away */
    env_open(&e, devices);
    dd = fake_add_domain(e.x.f, 5, "dd");
    dd->dying = true;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), AXL_ERROR_INVAL);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "disk[0]: backend domain 5 "
                           "is shutting down"));
    fake_env_assert_clean(e.x.f, 1, "dying driver domain");
    env_close(&e);
}

/* The order of the hotplug scripts' start and the image build. */
typedef struct order {
    unsigned long scripts, build;   /* the call numbers, 0: not seen */
} order;

static void record_order(fake_hv *f, const char *op, void *arg)
{
    order *o = arg;

    if (!strcmp(op, "run_scripts") && !o->scripts)
        o->scripts = f->calls;
    if (!strcmp(op, "build_image"))
        o->build = f->calls;
}

/* The scripts of vbds and vifs run while the image is built (they need
 * only the domain's id); with a virtio disk, whose backend program may
 * need the built domain, the devices come after the build. */
static void scripts_run_while_the_image_is_built(void **state)
{
    char devices[512];
    uint32_t domid;
    order o = { 0, 0 };
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    e.x.f->hook = record_order;
    e.x.f->hook_arg = &o;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    assert_true(o.scripts && o.build);
    assert_true(o.scripts < o.build);
    assert_int_equal(e.x.f->scripts_pending, 0);
    assert_int_equal(e.x.f->loops, 1);
    assert_int_equal(e.x.f->vifs, 1);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "destroy");
    env_close(&e);

    snprintf(devices, sizeof(devices),
             "%s\ndisk = [ \"%s,raw,xvda,rw\", \"vdev=xvdb,"
             "specification=virtio,target=%s\" ]\n",
             "vif = [ \"bridge=xenbr0\" ]", t_path("disk.img"),
             t_path("disk.img"));
    env_open_xen(&e, 20, devices);
    o.scripts = o.build = 0;
    e.x.f->hook = record_order;
    e.x.f->hook_arg = &o;
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    assert_true(o.scripts && o.build);
    assert_true(o.build < o.scripts);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "destroy");
    env_close(&e);
}

static void fail_the_build(fake_hv *f, const char *op, void *arg)
{
    (void)arg;
    if (!strcmp(op, "build_image"))
        f->fail_at = f->calls;
}

/* A build that fails while the scripts run: they are waited for, their
 * remove runs, nothing is left. */
static void build_failing_under_running_scripts_leaves_nothing(void **state)
{
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, disk_and_vif());
    e.x.f->hook = fail_the_build;
    assert_int_not_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                           NULL), 0);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.f->script_log, "block remove"));
    assert_non_null(strstr(e.x.f->script_log, "vif-bridge offline"));
    fake_env_assert_clean(e.x.f, 0, "failed build");
    env_close(&e);
}

/* block-/network-attach, -list and -detach on a running domain. */
static void running_domains_gain_list_and_lose_devices(void **state)
{
    axl_devinfo *list;
    axl_disk disk;
    axl_nic nic;
    uint32_t domid;
    size_t nr;
    int devid;
    env e;

    (void)state;
    env_open(&e, "vif = [ \"devid=3\" ]\n");
    assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &domid,
                                       NULL), 0);
    memset(&disk, 0, sizeof(disk));
    disk.vdev = (char *)"xvdb";
    disk.target = (char *)t_path("disk.img");
    disk.readwrite = false;
    assert_int_equal(axl_device_disk_add(e.x.ctx, e.x.h, domid, &disk,
                                         &devid), 0);
    assert_int_equal(devid, (202 << 8) | 16);
    assert_string_equal(rd(&e, "/local/domain/0/backend/vbd/%u/51728/mode",
                           domid), "r");
    /* the same vdev twice is refused, and the first stays */
    assert_int_equal(axl_device_disk_add(e.x.ctx, e.x.h, domid, &disk,
                                         NULL), AXL_ERROR_INVAL);
    assert_non_null(strstr(e.x.lg.last_error, "has this device already"));
    assert_int_equal(e.x.f->loops, 1);
    memset(&nic, 0, sizeof(nic));
    assert_int_equal(axl_device_nic_add(e.x.ctx, e.x.h, domid, &nic, &devid),
                     0);
    assert_int_equal(devid, 4);     /* one past the largest in use */

    assert_int_equal(axl_device_list(e.x.ctx, e.x.h, domid, AXL_DEVICE_VBD,
                                     &list, &nr), 0);
    assert_int_equal(nr, 1);
    assert_string_equal(list[0].vdev, "xvdb");
    assert_int_equal(list[0].state, 1);
    free(list);
    assert_int_equal(axl_device_list(e.x.ctx, e.x.h, domid, AXL_DEVICE_VIF,
                                     &list, &nr), 0);
    assert_int_equal(nr, 2);
    assert_int_equal(list[0].devid, 3);
    assert_int_equal(list[1].devid, 4);
    assert_int_equal(strncmp(list[1].mac, "00:16:3e:", 9), 0);
    free(list);

    /* a guest that does not let go keeps the disk, unless forced */
    e.x.f->backends_mute = true;
    assert_int_equal(axl_device_remove(e.x.ctx, e.x.h, domid, AXL_DEVICE_VBD,
                                       51728, false), AXL_ERROR_TIMEOUT);
    assert_non_null(strstr(e.x.lg.last_error, "did not let go"));
    assert_int_equal(e.x.f->loops, 1);
    assert_non_null(rd(&e, "/local/domain/%u/device/vbd/51728/state", domid));
    assert_int_equal(axl_device_remove(e.x.ctx, e.x.h, domid, AXL_DEVICE_VBD,
                                       51728, true), 0);
    assert_int_equal(e.x.f->loops, 0);
    assert_null(rd(&e, "/local/domain/%u/device/vbd/51728/state", domid));
    assert_null(rd(&e, "/libxl/%u/device/vbd/51728/backend", domid));
    /* ... but a vif is then taken by force, as xl network-detach */
    assert_int_equal(axl_device_remove(e.x.ctx, e.x.h, domid, AXL_DEVICE_VIF,
                                       4, false), 0);
    assert_int_equal(e.x.f->vifs, 1);
    assert_null(rd(&e, "/local/domain/%u/device/vif/4/state", domid));
    assert_null(rd(&e, "/local/domain/0/backend/vif/%u/4/state", domid));
    assert_null(rd(&e, "/libxl/%u/device/vif/4/backend", domid));
    e.x.f->backends_mute = false;
    assert_int_equal(axl_device_remove(e.x.ctx, e.x.h, domid, AXL_DEVICE_VIF,
                                       4, false), AXL_ERROR_NOTFOUND);
    /* dom0 and unknown domains get no devices */
    assert_int_equal(axl_device_nic_add(e.x.ctx, e.x.h, 0, &nic, NULL),
                     AXL_ERROR_INVAL);
    assert_int_equal(axl_device_nic_add(e.x.ctx, e.x.h, 77, &nic, NULL),
                     AXL_ERROR_NOTFOUND);
    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "after destroy");
    env_close(&e);
}

static int by_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every node of domain @domid's own (its tree, libxl's, dom0's backends
 * for it), "path=value\n" each, sorted (the store keeps no order). */
static char *nodes_of(const fake_hv *f, uint32_t domid)
{
    char pre[3][64], **lines = calloc(f->store.nr + 1, sizeof(*lines)), *out;
    size_t nr = 0, len = 1, i, j;

    assert_non_null(lines);
    snprintf(pre[0], sizeof(pre[0]), "/local/domain/%u/", domid);
    snprintf(pre[1], sizeof(pre[1]), "/libxl/%u/", domid);
    snprintf(pre[2], sizeof(pre[2]), "/%u/", domid);
    for (i = 0; i < f->store.nr; i++) {
        const fake_node *n = &f->store.n[i];
        const char *be = strncmp(n->path, "/local/domain/0/backend/", 24) ?
                         NULL : strchr(n->path + 24, '/');
        bool mine = be && !strncmp(be, pre[2], strlen(pre[2]));

        for (j = 0; j < 2; j++)
            mine = mine || !strncmp(n->path, pre[j], strlen(pre[j]));
        if (!mine)
            continue;
        lines[nr] = malloc(strlen(n->path) + n->len + 3);
        assert_non_null(lines[nr]);
        len += (size_t)sprintf(lines[nr++], "%s=%.*s\n", n->path,
                               (int)n->len, n->value ? n->value : "");
    }
    qsort(lines, nr, sizeof(*lines), by_line);
    out = calloc(1, len);
    assert_non_null(out);
    for (i = 0; i < nr; i++) {
        strcat(out, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return out;
}

/*
 * Removal follows the paths /libxl/DOMID/device records only when they
 * have exactly the form libxl writes for that very device: entries that
 * name another domain's devices, a parent directory, or the device's own
 * in a disguised form leave every node of the other domain untouched.
 */
static void removal_follows_only_the_device_s_own_paths(void **state)
{
    static const char *const be_bad[] = {
        "/local/domain/0/backend/vbd/%2$u/51712",
        "/local/domain/0/backend/vbd/%2$u",
        "/local/domain/0/backend",
        "/local/domain/0/backend/vbd/%1$u/51712/../../%2$u/51712",
        "/local/domain/0//backend/vbd/%2$u/51712",
        "/local/domain/00/backend/vbd/%1$u/51712",
        "/local/domain/0/backend/vbd/%1$u/51712/",
        "/local/domain/%2$u",
        "/local/domain/0/backend/vbd/%1$u/051712",
    };
    static const char *const fe_bad[] = {
        "/local/domain/%2$u/device/vbd/51712",
        "/local/domain/%2$u",
        "/local/domain/%1$u/device/vbd/51712/../../../../%2$u",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(be_bad) / sizeof(be_bad[0]) +
                    sizeof(fe_bad) / sizeof(fe_bad[0]); i++) {
        bool is_be = i < sizeof(be_bad) / sizeof(be_bad[0]);
        const char *fmt = is_be ? be_bad[i] :
                          fe_bad[i - sizeof(be_bad) / sizeof(be_bad[0])];
        char key[96], val[160], *before, *after, *vm_other;
        uint32_t victim, other;
        env e;

        env_open(&e, disk_and_vif());
        assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &victim,
                                           NULL), 0);
        free(e.cfg.name);
        e.cfg.name = strdup("bystander");
        assert_int_equal(axl_domain_create(e.x.ctx, e.x.h, &e.cfg, &other,
                                           NULL), 0);
        before = nodes_of(e.x.f, other);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(val, sizeof(val), fmt, victim, other);
#pragma GCC diagnostic pop
        snprintf(key, sizeof(key), "/libxl/%u/device/vbd/51712/%s", victim,
                 is_be ? "backend" : "frontend");
        fake_write(e.x.f, key, val);
        /* and the guest's vm path names the bystander's */
        snprintf(key, sizeof(key), "/local/domain/%u/vm", other);
        vm_other = strdup(fake_read(e.x.f, key));
        snprintf(key, sizeof(key), "/local/domain/%u/vm", victim);
        fake_write(e.x.f, key, vm_other);
        /* the disk on its own, then the whole domain */
        axl_device_remove(e.x.ctx, e.x.h, victim, AXL_DEVICE_VBD, 51712,
                          true);
        assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, victim), 0);
        after = nodes_of(e.x.f, other);
        if (strcmp(before, after))
            fail_msg("%s: the bystander's nodes changed", val);
        if (!fake_count_nodes(e.x.f, vm_other))
            fail_msg("%s: the bystander's %s went", val, vm_other);
        free(vm_other);
        assert_null(rd(&e, "/libxl/%u/device/vbd/51712/backend", victim));
        free(before);
        free(after);
        assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, other), 0);
        env_close(&e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vdev_numbers_are_libxl_s),
        cmocka_unit_test_teardown(
            create_writes_libxl_s_nodes_and_destroy_removes, teardown),
        cmocka_unit_test_teardown(vif_defaults_are_xl_s, teardown),
        cmocka_unit_test_teardown(what_axl_cannot_set_up_is_refused_first,
                                  teardown),
        cmocka_unit_test_teardown(virtio_disks_on_4_17, teardown),
        cmocka_unit_test_teardown(virtio_disks_on_4_20, teardown),
        cmocka_unit_test_teardown(virtio_disk_refusals, teardown),
        cmocka_unit_test_teardown(mute_backend_times_out_and_leaves_nothing,
                                  teardown),
        cmocka_unit_test_teardown(failing_script_is_quoted_and_undone,
                                  teardown),
        cmocka_unit_test_teardown(fault_at_every_step_leaves_nothing,
                                  teardown),
        cmocka_unit_test_teardown(
            destroy_with_a_failing_call_still_removes_the_devices, teardown),
        cmocka_unit_test_teardown(driver_domains_serve_disks_and_vifs,
                                  teardown),
        cmocka_unit_test_teardown(scripts_run_while_the_image_is_built,
                                  teardown),
        cmocka_unit_test_teardown(
            build_failing_under_running_scripts_leaves_nothing, teardown),
        cmocka_unit_test_teardown(running_domains_gain_list_and_lose_devices,
                                  teardown),
        cmocka_unit_test_teardown(removal_follows_only_the_device_s_own_paths,
                                  teardown),
    };

    return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
