/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command's xl.cfg readers, shared by its parse files. */
#ifndef AXL_PARSE_H
#define AXL_PARSE_H

#include <libxlutil.h>

#include "axl_cmd.h"

/* Each returns 1 if the key is set, 0 if absent, -1 after an error line. */
int axl_cfg_string(XLU_Config *c, const char *key, const char **value_r);
/* A number (decimal, 0x hex or 0 octal, as xl) in [min, max]. */
int axl_cfg_number(XLU_Config *c, const char *key, long min, long max,
                   long *value_r);
/* A list: its length (1 or more), 0 if absent, -1 after an error line. */
int axl_cfg_list(XLU_Config *c, const char *key, XLU_ConfigList **l_r);

/* nr_spis, vpmu, sve, tee, llc_colors (axl_parse_arm.c). */
int axl_parse_arm_keys(XLU_Config *c, axl_domain_config *cfg);
/* virtio = [...] and disk = [...] (axl_parse_devices.c). */
int axl_parse_devices(XLU_Config *c, axl_domain_config *cfg);

#endif /* AXL_PARSE_H */
