/*
 * The Arm keys of libxl 4.20 on a real create, against the fake
 * hypervisor: nr_spis, vpmu, sve, tee, llc_colors and virtio devices
 * (their xenstore nodes, as libxl 4.20 writes them), each honoured on a
 * Xen that has it and refused, before anything is created, on one that
 * has not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_env.h"

typedef struct env {
    fake_env x;
    axl_domain_config cfg;
} env;

#define BASE "name = \"v\"\nmemory = 128\n"
#define VIRTIO "virtio = [ \"type=virtio,device22,transport=mmio\" ]\n"

static void env_open(env *e, unsigned int minor, const char *text)
{
    memset(e, 0, sizeof(*e));
    fake_env_open(&e->x, 4, minor);
    t_config_from_text(text, &e->cfg);
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


static int create(env *e, uint32_t *domid)
{
    return axl_domain_create(e->x.ctx, e->x.h, &e->cfg, domid, NULL);
}

/* The node at FMT (a literal taking the domid), outside transactions. */
static char rd_path[160];
#define rd(e, fmt, domid) \
    (snprintf(rd_path, sizeof(rd_path), fmt, domid), \
     fake_read((e)->x.f, rd_path))

static void virtio_nodes_as_libxl_420(void **state)
{
    const fake_node *n;
    uint32_t domid;
    char path[160];
    env e;

    (void)state;
    env_open(&e, 20, BASE VIRTIO);
    assert_int_equal(create(&e, &domid), 0);
    assert_int_equal(e.x.lg.errors, 0);
    /* The backend, in dom0's tree. */
    snprintf(path, sizeof(path), "/local/domain/0/backend/virtio/%u/0",
             domid);
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_int_equal(n->nr_perms, 2);
    assert_int_equal(n->perms[0].id, 0);
    assert_int_equal(n->perms[1].id, domid);
    assert_int_equal(n->perms[1].perms, AXL__XS_PERM_READ);
#define BE "/local/domain/0/backend/virtio/%u/0/"
    assert_string_equal(rd(&e, BE "irq", domid), "33");
    assert_string_equal(rd(&e, BE "base", domid), "0x2000000");
    assert_string_equal(rd(&e, BE "type", domid), "virtio,device22");
    assert_string_equal(rd(&e, BE "transport", domid), "mmio");
    assert_string_equal(rd(&e, BE "grant_usage", domid), "0");
    assert_string_equal(rd(&e, BE "state", domid), "1");
    assert_string_equal(rd(&e, BE "online", domid), "1");
    snprintf(path, sizeof(path), "%u", domid);
    assert_string_equal(rd(&e, BE "frontend-id", domid), path);
    snprintf(path, sizeof(path), "/local/domain/%u/device/virtio/0", domid);
    assert_string_equal(rd(&e, BE "frontend", domid), path);
    /* The frontend, in the guest's. */
#define FE "/local/domain/%u/device/virtio/0/"
    assert_string_equal(rd(&e, FE "backend-id", domid), "0");
    assert_string_equal(rd(&e, FE "state", domid), "1");
    n = fake_node_get(e.x.f, path);
    assert_non_null(n);
    assert_int_equal(n->perms[0].id, domid);
    assert_int_equal(n->perms[1].id, 0);
    /* libxl's own copy. */
    assert_string_equal(rd(&e, "/libxl/%u/device/virtio/0/type", domid),
                        "virtio,device22");
    assert_non_null(rd(&e, "/libxl/%u/device/virtio/0/backend", domid));
    /* The vGIC covers the device's SPI 33. */
    assert_int_equal(fake_domain(e.x.f, domid)->create.nr_spis, 2);

    assert_int_equal(axl_domain_destroy(e.x.ctx, e.x.h, domid), 0);
    fake_env_assert_clean(e.x.f, 0, "virtio destroyed");
    env_close(&e);
}

static void arm_keys_reach_createdomain(void **state)
{
    const fake_dom *d;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, 20, BASE "nr_spis = 100\nvpmu = 1\nsve = \"hw\"\n"
             "llc_colors = [ \"0-3\", \"8\" ]\n");
    e.x.f->sve_max_bits = 512;
    e.x.f->llc_supported = true;
    assert_int_equal(create(&e, &domid), 0);
    d = fake_domain(e.x.f, domid);
    assert_int_equal(d->create.nr_spis, 100);
    assert_true(d->create.vpmu);
    assert_int_equal(d->create.sve_vl, 512);
    assert_int_equal(d->llc, 5);
    env_close(&e);

    env_open(&e, 20, BASE "sve = \"256\"\n");
    e.x.f->sve_max_bits = 512;
    assert_int_equal(create(&e, &domid), 0);
    assert_int_equal(fake_domain(e.x.f, domid)->create.sve_vl, 256);
    assert_false(fake_domain(e.x.f, domid)->create.vpmu);
    env_close(&e);
}

/* Refused with one error, before any domain exists. */
static void refused_before_xen(unsigned int minor, const char *text,
                               const char *msg, unsigned int sve_max)
{
    uint32_t domid;
    env e;

    env_open(&e, minor, text);
    e.x.f->sve_max_bits = sve_max;
    if (!create(&e, &domid))
        fail_msg("4.%u accepted \"%s\"", minor, text);
    if (e.x.lg.errors != 1 || !strstr(e.x.lg.last_error, msg))
        fail_msg("4.%u, \"%s\": %u errors, last \"%s\"", minor, text,
                 e.x.lg.errors, e.x.lg.last_error);
    assert_int_equal(e.x.f->next_domid, 1);       /* no domain_create */
    fake_env_assert_clean(e.x.f, 0, text);
    env_close(&e);
}

static void what_the_xen_lacks_is_refused_first(void **state)
{
    (void)state;
    refused_before_xen(17, BASE VIRTIO, "virtio", 0);
    refused_before_xen(17, BASE "sve = \"hw\"\n", "sve", 512);
    refused_before_xen(17, BASE "tee = \"ffa\"\n", "FF-A", 0);
    refused_before_xen(17, BASE "llc_colors = [ \"1\" ]\n", "llc_colors", 0);
    refused_before_xen(20, BASE "sve = \"hw\"\n", "no SVE", 0);
    refused_before_xen(20, BASE "sve = \"1024\"\n", "sve", 512);
    refused_before_xen(20, BASE "virtio = [ \"type=virtio,device22\" ]\n",
                       "transport", 0);
    refused_before_xen(20, BASE "disk = [ \"/dev/null,raw,xvda,rw\" ]\n",
                       "disk", 0);
}

static void what_the_hypervisor_lacks_fails_cleanly(void **state)
{
    uint32_t domid;
    env e;

    (void)state;
    /* Debian's Xen has no TEE mediator: createdomain says EINVAL. */
    env_open(&e, 20, BASE "tee = \"optee\"\n");
    assert_int_equal(create(&e, &domid), AXL_ERROR_XEN);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "TEE mediator"));
    fake_env_assert_clean(e.x.f, 0, "tee");
    env_close(&e);
    env_open(&e, 20, BASE "tee = \"optee\"\n");
    e.x.f->tee_mediator = true;
    assert_int_equal(create(&e, &domid), 0);
    assert_int_equal(fake_domain(e.x.f, domid)->create.tee, AXL__TEE_OPTEE);
    env_close(&e);

    /* A Xen without cache colouring. */
    env_open(&e, 20, BASE "llc_colors = [ \"1\" ]\n");
    assert_int_equal(create(&e, &domid), AXL_ERROR_XEN);
    assert_int_equal(e.x.lg.errors, 1);
    assert_non_null(strstr(e.x.lg.last_error, "not enabled"));
    fake_env_assert_clean(e.x.f, 0, "llc");
    env_close(&e);
}

/* Every call of a 4.20 create with all the keys fails once in turn. */
static void fault_at_every_step_with_every_key(void **state)
{
    static const char *const text = BASE VIRTIO
        "virtio = [ \"type=virtio,device22,transport=mmio\", "
        "\"type=virtio,device29,transport=mmio,grant_usage=1\" ]\n"
        "nr_spis = 64\nvpmu = 1\nsve = \"128\"\nllc_colors = [ \"2\" ]\n";
    unsigned long total, k;
    uint32_t domid;
    env e;

    (void)state;
    env_open(&e, 20, text);
    e.x.f->sve_max_bits = 256;
    e.x.f->llc_supported = true;
    e.x.f->calls = 0;
    assert_int_equal(create(&e, &domid), 0);
    assert_non_null(rd(&e, "/local/domain/%u/device/virtio/1/state", domid));
    total = e.x.f->calls;
    env_close(&e);
    for (k = 1; k <= total; k++) {
        char what[96];

        env_open(&e, 20, text);
        e.x.f->sve_max_bits = 256;
        e.x.f->llc_supported = true;
        e.x.f->calls = 0;
        e.x.f->fail_at = k;
        snprintf(what, sizeof(what), "call %lu of %lu", k, total);
        if (!create(&e, &domid))
            fail_msg("%s (%s) failed, yet create succeeded", what,
                     e.x.f->failed_op);
        if (e.x.lg.errors != 1)
            fail_msg("%s (%s): %u errors, last \"%s\"", what,
                     e.x.f->failed_op, e.x.lg.errors, e.x.lg.last_error);
        fake_env_assert_clean(e.x.f, 0, what);
        env_close(&e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(virtio_nodes_as_libxl_420),
        cmocka_unit_test(arm_keys_reach_createdomain),
        cmocka_unit_test(what_the_xen_lacks_is_refused_first),
        cmocka_unit_test(what_the_hypervisor_lacks_fails_cleanly),
        cmocka_unit_test(fault_at_every_step_with_every_key),
    };

    return cmocka_run_group_tests_name("domain-features", tests, NULL,
                                       teardown);
}
