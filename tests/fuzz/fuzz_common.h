/* Shared helpers of the fuzz harnesses (tests/fuzz/README.md). */
#ifndef AXL_FUZZ_COMMON_H
#define AXL_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libaxl.h>

/* The harness entry point (libFuzzer's, also called by replay.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A library context that logs nowhere. */
axl_ctx *fz_ctx(void);
/* NAME in a private directory (removed at exit), not created; the path
 * is static, one per NAME until the next call. */
const char *fz_path(const char *name);
/* @data written to NAME in a private directory (removed at exit);
 * returns its path (static, one per NAME until the next call). */
const char *fz_write(const char *name, const void *data, size_t size);
/* The path of a stub 32 MiB arm64 Image. */
const char *fz_image(void);
/* Builds @cfg and, if that succeeds, aborts unless axl's own tree passes
 * axl_dtcheck() without errors (the invariant of every harness). */
void fz_build_and_check(const axl_domain_config *cfg);
/* Sends the command's stdout to /dev/null, and its stderr too when
 * replaying (sanitizer reports still go to stderr). */
void fz_quiet(void);
/* Set by replay.c. */
extern int fz_replay;

/* Prints the message where sanitizer reports go (neither replay.c nor
 * libFuzzer's -close_fd_mask silences that) and aborts: a broken
 * invariant. */
_Noreturn void fz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* A finding that is not a failure: on stderr with AXL_FUZZ_VERBOSE=1
 * (replay.c), else nowhere. */
void fz_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the fake host of tests/common/fake_hv.h ---- */
typedef struct fake_hv fake_hv;

/* A host opened (with fz_ctx()) on @f, a fake_hv_new() or a copy of one,
 * its device waits cut to milliseconds: a backend that does not answer
 * at once will not answer at all. */
axl_host *fz_host_open(fake_hv *f);
/* Closes @h (@f must see it closed) and frees @f. */
void fz_host_close(axl_host *h, fake_hv *f);
/* Whether a node left on the host is acceptable (fz_assert_clean). */
typedef bool fz_allow_fn(const char *path, void *arg);
/*
 * fz_fail()s (naming @what) unless the fake host is back to dom0 alone,
 * in the sense of fake_env_assert_clean(): no other domain, no node under
 * /vm/, /libxl/ or /local/domain/0/backend/, none under /local/domain/N
 * of a domain that is gone, no transaction open, and (@counters) no loop
 * device or vif that a fake hotplug script took.  A node @allow accepts
 * (NULL: none) is only noted.
 */
void fz_assert_clean(const fake_hv *f, bool counters, fz_allow_fn *allow,
                     void *arg, const char *what);

#endif
