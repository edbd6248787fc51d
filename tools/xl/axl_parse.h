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
/* What libxlutil wrote to its report stream, as one error line (its
 * "warning:" lines become hints on it). */
void axl_relay_report(char *buf, size_t len);
/* block-attach's disk: the spec components of the command line, through
 * xl's disk parser; 0, or -1 after one error line.  The strings are the
 * caller's to free (axl_domain_config_dispose of a config holding it). */
int axl_parse_disk_args(int n, char *const *specs, axl_disk *d);
/* network-attach's vif: each argument one KEY=VALUE of xl's vif syntax. */
int axl_parse_nic_args(int n, char *const *args, axl_nic *nic);

#endif /* AXL_PARSE_H */
