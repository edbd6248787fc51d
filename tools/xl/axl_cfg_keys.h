/* SPDX-License-Identifier: LGPL-2.1-only */
/* The keys an xl.cfg text assigns, for reporting the ones axl ignores. */
#ifndef AXL_CFG_KEYS_H
#define AXL_CFG_KEYS_H

#include <stddef.h>

/*
 * Calls @fn once for each distinct key assigned (KEY = ... or KEY += ...)
 * in @data, in order of first appearance.  libxlutil has no way to list a
 * config's keys, so this skips strings, comments and lists to find the
 * names at the start of statements; the text must already have parsed.
 * Returns 0, or -1 when out of memory.
 */
int axl_cfg_for_each_key(const char *data, size_t len,
                         void (*fn)(void *opaque, const char *key),
                         void *opaque);

#endif /* AXL_CFG_KEYS_H */
