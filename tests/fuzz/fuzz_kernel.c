/*
 * The kernel and ramdisk readers on arbitrary bytes: the header probe
 * (plain or gzip), then a guest built with the bytes as its kernel and
 * as its ramdisk.  Invariant: no crash or hang; a guest that builds has
 * a tree that passes axl_dtcheck() without errors.
 */
#include <stdio.h>
#include <string.h>

#include "axl_boot_arm.h"
#include "axl_cmd.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    axl_domain_config cfg;
    axl__kernel k;
    char text[2048], kernel[512];

    fz_quiet();
    snprintf(kernel, sizeof(kernel), "%s", fz_write("kernel", data, size));
    if (axl__kernel_probe(fz_ctx(), kernel, &k))
        return 0;
    snprintf(text, sizeof(text), "name = \"f\"\nmemory = 256\n"
             "kernel = \"%s\"\nramdisk = \"%s\"\n", kernel, kernel);
    axl_domain_config_init(&cfg);
    if (!axl_parse_config_data("fuzz.cfg", text, strlen(text), &cfg))
        fz_build_and_check(&cfg);
    axl_domain_config_dispose(&cfg);
    return 0;
}
