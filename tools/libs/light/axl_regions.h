/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: shared by the extended-region passes. */
#ifndef AXL_REGIONS_H
#define AXL_REGIONS_H

#include "axl_internal.h"

/* Appends a note; returns AXL_OK or AXL_ERROR_NOMEM. */
int axl__ext_add_note(axl__ext_result *res, uint64_t start, uint64_t last,
                      axl_ext_verdict verdict, axl_ext_reason reason,
                      const axl_window *window, size_t bank);

/* Keeps the @p->max largest regions, then at most @p->size bytes from the
 * lowest address; notes what goes, keeping notes in address order. */
int axl__ext_apply_budgets(const axl__ext_params *p, axl__ext_result *res);

#endif /* AXL_REGIONS_H */
