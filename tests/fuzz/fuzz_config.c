/*
 * Config text through to the device tree: parsed as the command parses
 * it, then built (kernel, ramdisk and partial tree replaced by the
 * harness's own files, so that the text cannot name other files).
 * Invariant: every tree axl writes passes axl_dtcheck() without errors.
 */
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    axl_domain_config cfg;

    fz_quiet();
    axl_domain_config_init(&cfg);
    if (!axl_parse_config_data("fuzz.cfg", (const char *)data, size, &cfg)) {
        free(cfg.kernel);
        cfg.kernel = strdup(fz_image());
        if (cfg.ramdisk) {
            free(cfg.ramdisk);
            cfg.ramdisk = strdup(fz_write("initrd", "initrd", 6));
        }
        free(cfg.device_tree);
        cfg.device_tree = NULL;
        if (cfg.kernel)
            fz_build_and_check(&cfg);
    }
    axl_domain_config_dispose(&cfg);
    return 0;
}
