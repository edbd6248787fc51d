/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Every xl.cfg key axl knows, in one table: the keys it reads, and the xl
 * keys that do nothing for an Arm guest.  A key in neither is one axl does
 * not implement: a dry run warns, axl create refuses the config.  The man
 * page and the README are checked against this table (tests/unit).
 */
#ifndef AXL_KEYS_H
#define AXL_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum axl_key_kind {
    AXL_KEY_READ,       /* read and honoured (dry run and create) */
    AXL_KEY_INERT,      /* an xl key without effect on Arm guests */
} axl_key_kind;

typedef struct axl_key {
    const char *name;
    axl_key_kind kind;
} axl_key;

/* The table, sorted by name; *nr_r entries. */
const axl_key *axl_keys(size_t *nr_r);
/* The entry of @name, or NULL for a key axl does not know. */
const axl_key *axl_key_find(const char *name);

#endif /* AXL_KEYS_H */
