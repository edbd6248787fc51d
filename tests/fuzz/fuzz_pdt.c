/*
 * The partial device tree (device_tree=) from arbitrary bytes, in a
 * guest that also has a vpl011 and two iomem= pages.  Invariant: if the
 * guest builds, its tree passes axl_dtcheck() without errors.
 */
#include <stdio.h>
#include <string.h>

#include "axl_cmd.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    axl_domain_config cfg;
    char text[2048];
    const char *pdt = fz_write("partial.dtb", data, size);

    fz_quiet();
    snprintf(text, sizeof(text), "name = \"f\"\nmemory = 1024\n"
             "vuart = \"sbsa_uart\"\niomem = [ \"10000,1\", \"20000,2\" ]\n"
             "kernel = \"%s\"\ndevice_tree = \"%s\"\n", fz_image(), pdt);
    axl_domain_config_init(&cfg);
    if (!axl_parse_config_data("fuzz.cfg", text, strlen(text), &cfg))
        fz_build_and_check(&cfg);
    axl_domain_config_dispose(&cfg);
    return 0;
}
