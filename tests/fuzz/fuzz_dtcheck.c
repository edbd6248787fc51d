/*
 * dt-check on arbitrary bytes: the library call, then the command with
 * and without --json.  Invariants: no crash, hang or leak; the JSON
 * document parses (yajl checks UTF-8); the text report holds no control
 * bytes and no bytes that are not UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <yajl/yajl_tree.h>

#include "axl_cmd.h"
#include "fuzz_common.h"

static int out_fd = -1;

/* stdout into a memory file, emptied before each run. */
static void capture(void)
{
    fflush(stdout);
    if (out_fd < 0) {
        out_fd = memfd_create("fuzz-out", MFD_CLOEXEC);
        if (out_fd < 0 || dup2(out_fd, STDOUT_FILENO) < 0)
            abort();
    }
    if (ftruncate(STDOUT_FILENO, 0) || lseek(STDOUT_FILENO, 0, SEEK_SET))
        abort();
}

static char *captured(size_t *len_r)
{
    off_t end;
    char *buf;

    fflush(stdout);
    end = lseek(STDOUT_FILENO, 0, SEEK_END);
    buf = malloc((size_t)end + 1);
    if (!buf || pread(STDOUT_FILENO, buf, (size_t)end, 0) != end)
        abort();
    buf[end] = '\0';
    *len_r = (size_t)end;
    return buf;
}

static void run_command(const char *file, bool json)
{
    char a0[] = "dt-check", a1[] = "--json", *argv[4];
    char *out;
    size_t len, i;
    int argc = 0;

    argv[argc++] = a0;
    if (json)
        argv[argc++] = a1;
    argv[argc++] = (char *)file;
    argv[argc] = NULL;
    capture();
    axl_cmd_dtcheck(argc, argv);
    out = captured(&len);
    if (json && len) {
        char err[256];
        yajl_val v = yajl_tree_parse(out, err, sizeof(err));

        if (!v) {
            fprintf(stderr, "invalid JSON (%s)\n", err);
            abort();
        }
        yajl_tree_free(v);
    }
    for (i = 0; !json && i < len; i++) {
        unsigned char c = (unsigned char)out[i];

        if ((c < 0x20 && c != '\n') || c == 0x7f || c >= 0x80) {
            fprintf(stderr, "raw byte 0x%02x in the text report\n", c);
            abort();
        }
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    axl_dtcheck_report *rep = NULL;
    void *blob = malloc(size ? size : 1);
    const char *file;

    fz_quiet();
    memcpy(blob, data, size);
    if (!axl_dtcheck(fz_ctx(), blob, size, NULL, &rep)) {
        if (rep->nr_findings > rep->errors + rep->warnings)
            abort();
        axl_dtcheck_report_free(rep);
    }
    free(blob);
    file = fz_write("input.dtb", data, size);
    run_command(file, false);
    run_command(file, true);
    return 0;
}
