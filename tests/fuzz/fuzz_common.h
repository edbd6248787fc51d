/* Shared helpers of the fuzz harnesses (tests/fuzz/README.md). */
#ifndef AXL_FUZZ_COMMON_H
#define AXL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <libaxl.h>

/* The harness entry point (libFuzzer's, also called by replay.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A library context that logs nowhere. */
axl_ctx *fz_ctx(void);
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

#endif
