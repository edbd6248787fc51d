/* SPDX-License-Identifier: LGPL-2.1-only */
/* One-line messages on stderr, for the command and for libaxl's logger. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "axl_cmd.h"
#include "axl_escape.h"

static xentoollog_level min_level = XTL_WARN;
static unsigned int nr_errors;

static const char *level_word(xentoollog_level level)
{
    if (level >= XTL_ERROR)
        return "error";
    if (level >= XTL_WARN)
        return "warning";
    if (level >= XTL_NOTICE)
        return "note";
    return "debug";
}

__attribute__((format(printf, 3, 0)))
static void emit(xentoollog_level level, int errnoval, const char *fmt,
                 va_list ap)
{
    char *msg;

    if (level >= XTL_ERROR)
        nr_errors++;
    if (level < min_level)
        return;
    fprintf(stderr, "axl: %s: ", level_word(level));
    /* Messages quote input (names, paths, values): never raw bytes that
     * a terminal would obey. */
    if (vasprintf(&msg, fmt, ap) >= 0) {
        axl_fputs_escaped(stderr, msg);
        free(msg);
    } else {
        fputs("(out of memory)", stderr);
    }
    if (errnoval >= 0)
        fprintf(stderr, ": %s", strerror(errnoval));
    fputc('\n', stderr);
}

static void logger_vmessage(xentoollog_logger *lg, xentoollog_level level,
                            int errnoval, const char *context,
                            const char *fmt, va_list ap)
{
    (void)lg;
    (void)context;
    emit(level, errnoval, fmt, ap);
}

static void logger_destroy(xentoollog_logger *lg)
{
    (void)lg;
}

static xentoollog_logger logger = {
    .vmessage = logger_vmessage,
    .progress = NULL,
    .destroy = logger_destroy,
};

xentoollog_logger *axl_cmd_logger(void)
{
    return &logger;
}

void axl_cmd_logger_more_verbose(void)
{
    if (min_level > XTL_DEBUG)
        min_level--;
}

void axl_cmd_logger_show(xentoollog_level level)
{
    if (min_level > level)
        min_level = level;
}

void axl_err(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit(XTL_ERROR, -1, fmt, ap);
    va_end(ap);
}

void axl_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit(XTL_WARN, -1, fmt, ap);
    va_end(ap);
}

unsigned int axl_cmd_errors_reported(void)
{
    return nr_errors;
}

void axl_trace(const char *what)
{
    static struct timespec t0;
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    if (!t0.tv_sec && !t0.tv_nsec)
        t0 = t;
    if (min_level <= XTL_INFO)
        fprintf(stderr, "axl: debug: %s at %.1f ms\n", what,
                (double)(t.tv_sec - t0.tv_sec) * 1e3 +
                (double)(t.tv_nsec - t0.tv_nsec) / 1e6);
}
