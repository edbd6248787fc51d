/* Shared helpers of the test programs. */
#ifndef AXL_TESTLIB_H
#define AXL_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libaxl.h>

/* The top of the source tree ($AXL_TOP, else "."). */
const char *t_top(void);
/* A new empty directory under $TMPDIR, removed by t_cleanup(). */
const char *t_tmpdir(void);
void t_cleanup(void);
/* t_tmpdir()/NAME, in a static rotating buffer. */
const char *t_path(const char *name);

/* Writes a sparse arm64 Image of @size bytes with @text_offset. */
void t_make_image64(const char *path, uint64_t size, uint64_t text_offset);
/* Writes a sparse file of @size bytes. */
void t_make_file(const char *path, uint64_t size);
/* Writes @len bytes. */
void t_write(const char *path, const void *data, size_t len);

/* A logger that keeps the last error and counts messages by level. */
typedef struct t_logger {
    xentoollog_logger vtable;
    char last_error[512];
    char last_warning[512];
    unsigned int errors, warnings;
    unsigned int below_ram;     /* of the warnings: regions below RAM */
} t_logger;
void t_logger_init(t_logger *lg);

/* A config from xl.cfg text (via the command's parser); the kernel
 * defaults to a 32 MiB Image in t_tmpdir() unless the text names one. */
void t_config_from_text(const char *text, axl_domain_config *cfg);

/* Builds a guest with @opts (NULL: defaults, fixed seed); returns rc. */
int t_build(const axl_domain_config *cfg, const axl_build_options *opts,
            axl_guest **g_r, t_logger *lg);

#endif
