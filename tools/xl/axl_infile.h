/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: input files read without blocking, and config text
 * checked before libxlutil sees it. */
#ifndef AXL_INFILE_H
#define AXL_INFILE_H

#include <stddef.h>

/*
 * Opens @path for reading without blocking (O_NONBLOCK: a FIFO with no
 * writer would block open()) and checks that it is a regular file.
 * Returns the descriptor, or -1 after printing one error line
 * "@path: ...".
 */
int axl_open_regular(const char *path);

/*
 * Reads the regular file @path whole into a malloc'd buffer with a NUL
 * after its @len_r bytes; more than @max bytes is refused.  Returns the
 * buffer, or NULL after printing one error line.
 */
char *axl_read_regular(const char *path, size_t max, size_t *len_r);

/* Refuses config text holding a NUL byte (libxlutil asserts on one):
 * returns 0, or -1 after printing "@source: line N: ...". */
int axl_cfg_check_text(const char *source, const char *data, size_t len);

#endif /* AXL_INFILE_H */
