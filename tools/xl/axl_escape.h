/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: strings from input made safe to print and valid as
 * JSON. */
#ifndef AXL_ESCAPE_H
#define AXL_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* The length of the well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF) at @s, of at most @n
 * bytes; 0 if there is none. */
size_t axl_utf8_len(const unsigned char *s, size_t n);

/*
 * Writes @s to @f for a terminal: printable ASCII and well-formed UTF-8
 * of U+00A0 and above as they are; control characters (C0, DEL, C1)
 * and bytes that are not well-formed UTF-8 as \xNN.  Backslashes pass:
 * names from a tree arrive escaped by the library already (a backslash
 * in a name as \x5c), and must not be escaped twice.
 */
void axl_fputs_escaped(FILE *f, const char *s);

/* @n bytes of text (NULs included) to @f as axl_fputs_escaped() writes a
 * string, but with its lines: newlines and tabs pass. */
void axl_fwrite_text(FILE *f, const char *text, size_t n);

/*
 * @s (@n bytes) as well-formed UTF-8, for JSON: each byte that does not
 * start a well-formed sequence becomes U+FFFD.  Returns a malloc'd
 * string of *@len_r bytes, or NULL if out of memory.
 */
char *axl_utf8_sanitize(const char *s, size_t n, size_t *len_r);

#endif /* AXL_ESCAPE_H */
