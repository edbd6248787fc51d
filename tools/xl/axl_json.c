/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: what axl memmap --json and axl dt-check --json share. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axl_cmd.h"
#include "axl_escape.h"
#include "axl_json.h"

yajl_gen axl_json_open(void)
{
    yajl_gen j = yajl_gen_alloc(NULL);

    if (!j) {
        axl_err("--json: out of memory");
        return NULL;
    }
    yajl_gen_config(j, yajl_gen_beautify, 1);
    return j;
}

int axl_json_close(yajl_gen j)
{
    const unsigned char *buf;
    size_t len;

    if (yajl_gen_get_buf(j, &buf, &len) != yajl_gen_status_ok) {
        axl_err("--json: cannot generate the JSON document");
        yajl_gen_free(j);
        return -1;
    }
    fwrite(buf, 1, len, stdout);
    yajl_gen_free(j);
    return 0;
}

/* Written as text, so that numbers past 2^63 stay exact. */
void axl_json_u64(yajl_gen j, uint64_t v)
{
    char buf[24];
    int len = snprintf(buf, sizeof(buf), "%"PRIu64, v);

    yajl_gen_number(j, buf, (size_t)len);
}

void axl_json_string(yajl_gen j, const char *s)
{
    size_t len;
    char *u = axl_utf8_sanitize(s, strlen(s), &len);

    /* Out of memory: an empty string keeps the document valid. */
    yajl_gen_string(j, (const unsigned char *)(u ? u : ""), u ? len : 0);
    free(u);
}

void axl_json_key(yajl_gen j, const char *k)
{
    axl_json_string(j, k);
}

void axl_json_str(yajl_gen j, const char *k, const char *v)
{
    axl_json_key(j, k);
    axl_json_string(j, v);
}

void axl_json_num(yajl_gen j, const char *k, uint64_t v)
{
    axl_json_key(j, k);
    axl_json_u64(j, v);
}

void axl_json_bool(yajl_gen j, const char *k, bool v)
{
    axl_json_key(j, k);
    yajl_gen_bool(j, v);
}
