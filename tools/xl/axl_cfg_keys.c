/* SPDX-License-Identifier: LGPL-2.1-only */
/* Finding the assigned keys of an xl.cfg text (see axl_cfg_keys.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cfg_keys.h"

/* Every assignment found, in text order. */
typedef struct found {
    char *key;
    size_t pos;
} found;

typedef struct found_list {
    found *v;
    size_t nr, cap;
} found_list;

static int found_add(found_list *l, const char *k, size_t klen)
{
    char *copy;

    if (l->nr == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        found *nv = realloc(l->v, ncap * sizeof(*nv));

        if (!nv)
            return -1;
        l->v = nv;
        l->cap = ncap;
    }
    copy = strndup(k, klen);
    if (!copy)
        return -1;
    l->v[l->nr].key = copy;
    l->v[l->nr].pos = l->nr;
    l->nr++;
    return 0;
}

static int by_key_then_pos(const void *a, const void *b)
{
    const found *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c)
        return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

static int by_pos(const void *a, const void *b)
{
    const found *x = a, *y = b;

    return (x->pos > y->pos) - (x->pos < y->pos);
}

static bool is_key_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool is_key_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.';
}

int axl_cfg_for_each_key(const char *data, size_t len,
                         void (*fn)(void *opaque, const char *key),
                         void *opaque)
{
    found_list l = { NULL, 0, 0 };
    bool at_statement = true;
    int depth = 0, rc = 0;
    size_t i = 0, k;

    while (i < len) {
        char c = data[i];

        if (c == '#') {                 /* comment to end of line */
            while (i < len && data[i] != '\n')
                i++;
            continue;
        }
        if (c == '"' || c == '\'') {    /* string, with \ escapes */
            i++;
            while (i < len && data[i] != c) {
                if (data[i] == '\\' && i + 1 < len)
                    i++;
                i++;
            }
            i++;
            at_statement = false;
            continue;
        }
        if (c == '[' || c == '(') {
            depth++;
        } else if ((c == ']' || c == ')') && depth > 0) {
            depth--;
        } else if (depth == 0 && (c == '\n' || c == ';')) {
            at_statement = true;
        } else if (depth == 0 && at_statement && is_key_start(c)) {
            size_t start = i;

            for (k = i; k < len && is_key_char(data[k]); k++)
                ;
            i = k;
            while (i < len && (data[i] == ' ' || data[i] == '\t'))
                i++;
            if (i < len && (data[i] == '=' ||
                            (data[i] == '+' && i + 1 < len &&
                             data[i + 1] == '='))) {
                if (found_add(&l, data + start, k - start)) {
                    rc = -1;
                    break;
                }
            }
            at_statement = false;
            continue;
        } else if (!isspace((unsigned char)c)) {
            at_statement = false;
        }
        i++;
    }
    if (!rc && l.nr) {
        size_t out = 0;

        /* Keep the first assignment of each key, then restore text order:
         * O(n log n) however many keys the text has. */
        qsort(l.v, l.nr, sizeof(*l.v), by_key_then_pos);
        for (k = 0; k < l.nr; k++) {
            if (out && !strcmp(l.v[out - 1].key, l.v[k].key)) {
                free(l.v[k].key);
                continue;
            }
            l.v[out++] = l.v[k];
        }
        l.nr = out;
        qsort(l.v, l.nr, sizeof(*l.v), by_pos);
        for (k = 0; k < l.nr; k++)
            fn(opaque, l.v[k].key);
    }
    for (k = 0; k < l.nr; k++)
        free(l.v[k].key);
    free(l.v);
    return rc;
}
