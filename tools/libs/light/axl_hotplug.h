/* SPDX-License-Identifier: LGPL-2.1-only */
/* Internal: running hotplug scripts (axl_hotplug.c). */
#ifndef AXL_HOTPLUG_H
#define AXL_HOTPLUG_H

#include <stdbool.h>
#include <stddef.h>

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

#endif /* AXL_HOTPLUG_H */
