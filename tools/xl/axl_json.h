/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: the JSON documents of --json, written with yajl. */
#ifndef AXL_JSON_H
#define AXL_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>

/* A generator for one pretty-printed document, or NULL after printing
 * one error line. */
yajl_gen axl_json_open(void);
/* Writes the document to stdout and frees @j; returns 0, or -1 after
 * printing one error line. */
int axl_json_close(yajl_gen j);

/* An exact number (yajl's own integers are signed 64-bit). */
void axl_json_u64(yajl_gen j, uint64_t v);
/* A string, as well-formed UTF-8: bytes that are not become U+FFFD
 * (yajl escapes quotes, backslashes and control characters). */
void axl_json_string(yajl_gen j, const char *s);
/* A key of a map. */
void axl_json_key(yajl_gen j, const char *k);
/* "@k": value, in a map. */
void axl_json_str(yajl_gen j, const char *k, const char *v);
void axl_json_num(yajl_gen j, const char *k, uint64_t v);
void axl_json_bool(yajl_gen j, const char *k, bool v);

#endif /* AXL_JSON_H */
