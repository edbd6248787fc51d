/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: running hotplug scripts (axl_hotplug.c). */
#ifndef AXL_HOTPLUG_H
#define AXL_HOTPLUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct axl__script {
    char *const *argv;      /* argv[0]: the script's absolute path */
    char *const *env;       /* added "NAME=value" entries, NULL-ended */
    int status;             /* out: its exit status; -1 if it did not
                             * run, was killed or timed out */
    bool timed_out;         /* out: killed at the time limit */
    char out[1024];         /* out: the end of what it wrote (stdout and
                             * stderr), NUL-terminated */
    size_t out_len;
} axl__script;

/*
 * Starts the @nr scripts together and waits for all of them, at most
 * @timeout_ms in all; a script still running then is killed with its
 * process group.  A script that cannot be started gets status -1 and the
 * reason in out.  Returns 0, or -1 with errno when nothing could be
 * tried (no memory, no /dev/null).
 */
int axl__run_scripts(axl__script *s, size_t nr, int timeout_ms);

/* The same in two steps, so that the caller can work while the scripts
 * run: axl__scripts_start starts them (NULL with errno when nothing
 * could be tried; @s must stay valid until the wait), and
 * axl__scripts_wait waits for them, the time limit counting from the
 * start, and frees the job. */
typedef struct axl__scripts axl__scripts;
axl__scripts *axl__scripts_start(axl__script *s, size_t nr, int timeout_ms);
void axl__scripts_wait(axl__scripts *job);

/*
 * The time limit of @nr hotplug scripts started together, each of which
 * libxl would give @each_ms in turn: @nr times @each_ms, so that scripts
 * that wait for one another (Debian's block script holds a lock while it
 * works) are never cut shorter than libxl's one-after-another would be.
 */
int axl__scripts_limit_ms(int each_ms, size_t nr);

/* A vbd's or vif's script call (libxl's arguments and environment):
 * argv[1] is add/remove (vbd) or online/offline (vif), XENBUS_PATH is
 * backend/@kind/@domid/@devid, relative to the backend's domain. */
typedef struct axl__hotplug_call {
    char *argv[4];
    char *env[7];
    char buf[7][192];
} axl__hotplug_call;

void axl__hotplug_call_make(axl__hotplug_call *c, const char *kind,
                            uint32_t domid, int devid, const char *script,
                            bool add, const char *gatewaydev);
/* The last line a script wrote (its trailing newlines trimmed), for an
 * error message; "" if none. */
const char *axl__script_last_line(axl__script *s);
/* Logs what the script wrote, at debug level. */
struct axl_ctx;
void axl__script_log(struct axl_ctx *ctx, const char *what,
                     const axl__script *s);

#endif /* AXL_HOTPLUG_H */
