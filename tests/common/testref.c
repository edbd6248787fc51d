/* Shared helpers of the tests on the libxl 4.17 and 4.20 references. */
#include <stdio.h>
#include <string.h>

#include "testlib.h"
#include "testref.h"
#include "axl_cmd.h"

#define KERNEL_SIZE   32956352      /* linux-image-6.1.0-56-arm64 */
#define RAMDISK_SIZE  1039844

const char *t_ref_dir_for(unsigned int major, unsigned int minor)
{
    static char dir[512];

    snprintf(dir, sizeof(dir), "%s/tests/data/libxl-%u.%u", t_top(), major,
             minor);
    return dir;
}

const char *t_ref_dir(void)
{
    static char dir[512];

    if (!dir[0])
        snprintf(dir, sizeof(dir), "%s", t_ref_dir_for(4, 17));
    return dir;
}

void t_ref_inputs(void)
{
    t_make_image64(t_path("Image"), KERNEL_SIZE, 0);
    t_make_file(t_path("domu-initrd.gz"), RAMDISK_SIZE);
}

axl_guest *t_ref_build(const char *name, const char *extra1,
                       const char *extra2)
{
    return t_ref_build_for(4, 17, name, extra1, extra2);
}

axl_guest *t_ref_build_for(unsigned int major, unsigned int minor,
                           const char *name, const char *extra1,
                           const char *extra2)
{
    char refdir[512];
    axl_build_options opts;
    char cfgpath[1024], kernel[600], ramdisk[600], pdt[1024];
    char *extra[6];
    int n = 0;
    axl_domain_config cfg;
    axl_guest *g = NULL;
    t_logger lg;

    snprintf(refdir, sizeof(refdir), "%s", t_ref_dir_for(major, minor));
    axl_build_options_init(&opts);
    opts.xen_major = major;
    opts.xen_minor = minor;
    snprintf(cfgpath, sizeof(cfgpath), "%s/%s.cfg", refdir, name);
    snprintf(kernel, sizeof(kernel), "kernel=\"%s\"", t_path("Image"));
    snprintf(ramdisk, sizeof(ramdisk), "ramdisk=\"%s\"",
             t_path("domu-initrd.gz"));
    snprintf(pdt, sizeof(pdt), "device_tree=\"%s/partial.dtb\"", refdir);
    extra[n++] = kernel;
    if (!strcmp(name, "ramdisk"))
        extra[n++] = ramdisk;
    if (!strcmp(name, "pdt"))
        extra[n++] = pdt;
    /* Made on a GICv2 host, where "native" meant v2 (INPUTS.md). */
    if (!strcmp(name, "vuart-gicv2"))
        extra[n++] = (char *)"gic_version=\"v2\"";
    if (extra1)
        extra[n++] = (char *)extra1;
    if (extra2)
        extra[n++] = (char *)extra2;
    axl_domain_config_init(&cfg);
    assert_int_equal(axl_parse_config(cfgpath, extra, n, &cfg), 0);
    t_logger_init(&lg);
    if (t_build(&cfg, &opts, &g, &lg))
        fail_msg("%s: %s", name, lg.last_error);
    axl_domain_config_dispose(&cfg);
    return g;
}
