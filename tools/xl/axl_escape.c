/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Node names, paths and file names come from input: a name holding a
 * terminal escape sequence must not reach a terminal raw, and a name that
 * is not UTF-8 must not make --json output invalid (RFC 8259 wants UTF-8;
 * yajl escapes quotes and control characters but passes other bytes).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "axl_escape.h"

size_t axl_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len, i;
    unsigned long cp;

    if (!n)
        return 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates, beyond Unicode. */
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return len;
}

/* The one escaper: @n bytes of @s; with @lines, newlines and tabs pass. */
static void write_escaped(FILE *f, const unsigned char *s, size_t n,
                          bool lines)
{
    while (n) {
        size_t len = axl_utf8_len(s, n);
        bool plain;

        if (len == 1)
            plain = (s[0] >= 0x20 && s[0] < 0x7f) ||
                    (lines && (s[0] == '\n' || s[0] == '\t'));
        else    /* C1 controls are U+0080..U+009F: 0xc2 0x80..0x9f */
            plain = len > 1 && !(s[0] == 0xc2 && s[1] < 0xa0);
        if (plain) {
            fwrite(s, 1, len, f);
        } else {
            len = len ? len : 1;
            for (size_t i = 0; i < len; i++)
                fprintf(f, "\\x%02x", s[i]);
        }
        s += len;
        n -= len;
    }
}

void axl_fputs_escaped(FILE *f, const char *str)
{
    write_escaped(f, (const unsigned char *)str, strlen(str), false);
}

void axl_fwrite_text(FILE *f, const char *text, size_t n)
{
    write_escaped(f, (const unsigned char *)text, n, true);
}

char *axl_utf8_sanitize(const char *str, size_t n, size_t *len_r)
{
    const unsigned char *s = (const unsigned char *)str;
    char *out, *o;

    /* At worst each byte becomes the 3 bytes of U+FFFD. */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    o = out;
    while (n) {
        size_t len = axl_utf8_len(s, n);

        if (len) {
            memcpy(o, s, len);
            o += len;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            len = 1;
        }
        s += len;
        n -= len;
    }
    *o = '\0';
    *len_r = (size_t)(o - out);
    return out;
}
