/* Shared helpers of the test programs that run the axl command. */
#ifndef AXL_TESTRUN_H
#define AXL_TESTRUN_H

#include <stddef.h>

#include "testlib.h"

/* How t_run() runs a command. */
typedef struct t_run_opts {
    const char *in;         /* standard input from this file, or NULL */
    const char *env;        /* "NAME=VALUE" for the child, or NULL */
    unsigned int timeout;   /* seconds before SIGKILL; 0: 120 */
} t_run_opts;

/* What a run left behind. */
typedef struct t_result {
    int status;             /* the wait status */
    char *out, *err;        /* stdout and stderr, malloc'd, NUL-terminated */
    size_t out_len, err_len;
} t_result;

/*
 * Runs @argv (argv[0] a path, no shell) with @o (NULL: defaults) and
 * collects its exit status and output into @r (free with
 * t_result_dispose()).  The sanitizers exit with 86, so that their
 * reports cannot pass for the command's own exit codes.  Fails the test
 * if the command cannot start or does not finish in time.
 */
void t_run(char *const *argv, const t_run_opts *o, t_result *r);
void t_result_dispose(t_result *r);

/* The whole file, NUL-terminated (NULL if it cannot be opened). */
char *t_slurp(const char *path, size_t *len_r);
/* The same for a file that must exist and not be empty. */
void *t_read_file(const char *path, size_t *len_r);

/* @in with each names[i] replaced by values[i] (@n of each), into @buf. */
void t_expand(const char *in, const char *const *names,
              const char *const *values, size_t n, char *buf, size_t len);
/* @argv on one line, each argument in single quotes (for messages). */
void t_argv_text(char *const *argv, char *buf, size_t len);

/* The files of one row of a table of runs: {ROW} a new directory, its
 * guest.cfg, and out/guest.dtb in a new, empty {ROW}/out. */
typedef struct t_row_paths {
    char row[512], cfg[600], out_dir[600], out[700];
} t_row_paths;
void t_row_paths_make(size_t idx, t_row_paths *p);

/* The cmocka test of one row of a table: @f runs with @row as its state. */
struct CMUnitTest t_row_test(const char *name, CMUnitTestFunction f,
                             const void *row);

/* Problems found in one run, reported together. */
typedef struct t_report {
    char text[8192];
    size_t len;
} t_report;
void t_problem(t_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
