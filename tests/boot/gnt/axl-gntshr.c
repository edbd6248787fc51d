/*
 * axl-gntshr: share pages with a guest (dom0 side of the extended-region boot tests).
 *
 * usage: axl-gntshr DOMID COUNT XSPATH [MODE]
 *
 * Shares COUNT pages with domain DOMID through /dev/xen/gntalloc
 * (xengntshr_share_pages), writes "AXL-GNT-MARKER page I/COUNT ref R" at the start of page
 * I, and publishes the grants in xenstore under XSPATH, readable by DOMID:
 *   XSPATH/domid  the granting domain (0)     XSPATH/count  COUNT
 *   XSPATH/mode   MODE ("one": one mapping of all pages, "each": one mapping per page)
 *   XSPATH/refs/K up to 256 grant references, space-separated, for pages 256K..
 *   XSPATH/ready  "1", written last
 * Prints "gntshr: shared ..." and keeps the pages shared until SIGTERM or SIGINT, then
 * unshares them, removes XSPATH and exits 0.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xengnttab.h>
#include <xenstore.h>

#define PAGE 4096u
#define CHUNK 256u

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static int xs_put(struct xs_handle *xs, unsigned int domid, const char *base,
                  const char *leaf, const char *val)
{
    char path[256];
    struct xs_permissions perms[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = domid, .perms = XS_PERM_READ },
    };

    snprintf(path, sizeof(path), "%s%s%s", base, *leaf ? "/" : "", leaf);
    if (!xs_write(xs, XBT_NULL, path, val, strlen(val)) ||
        !xs_set_permissions(xs, XBT_NULL, path, perms, 2)) {
        fprintf(stderr, "gntshr: xenstore %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long domid, count;
    const char *base, *mode;
    char *end, buf[64], *chunk;
    uint32_t *refs;
    unsigned char *pages;
    xengntshr_handle *xgs;
    struct xs_handle *xs;
    unsigned int i, k;
    sigset_t block, waitmask;
    struct sigaction sa;

    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: axl-gntshr DOMID COUNT XSPATH [one|each]\n");
        return 2;
    }
    domid = strtoul(argv[1], &end, 0);
    if (*end || domid >= 0x7ff0) { fprintf(stderr, "gntshr: bad domid %s\n", argv[1]); return 2; }
    count = strtoul(argv[2], &end, 0);
    if (*end || count == 0 || count > 65536) { fprintf(stderr, "gntshr: bad count %s\n", argv[2]); return 2; }
    base = argv[3];
    mode = argc == 5 ? argv[4] : "one";
    if (strcmp(mode, "one") && strcmp(mode, "each")) { fprintf(stderr, "gntshr: bad mode %s\n", mode); return 2; }

    /* SIGTERM/SIGINT are blocked except while waiting, so none is lost. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &waitmask);
    sigdelset(&waitmask, SIGTERM);
    sigdelset(&waitmask, SIGINT);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    refs = calloc(count, sizeof(*refs));
    chunk = malloc(CHUNK * 12 + 1);
    if (!refs || !chunk) { fprintf(stderr, "gntshr: out of memory\n"); return 1; }
    xgs = xengntshr_open(NULL, 0);
    if (!xgs) { fprintf(stderr, "gntshr: xengntshr_open: %s\n", strerror(errno)); return 1; }
    pages = xengntshr_share_pages(xgs, (uint32_t)domid, (int)count, refs, 0);
    if (!pages) {
        fprintf(stderr, "gntshr: xengntshr_share_pages(%lu pages): %s\n", count, strerror(errno));
        return 1;
    }
    for (i = 0; i < count; i++)
        snprintf((char *)pages + (size_t)i * PAGE, PAGE, "AXL-GNT-MARKER page %u/%lu ref %" PRIu32,
                 i, count, refs[i]);

    xs = xs_open(0);
    if (!xs) { fprintf(stderr, "gntshr: xs_open: %s\n", strerror(errno)); return 1; }
    xs_rm(xs, XBT_NULL, base);
    if (xs_put(xs, domid, base, "", "") || xs_put(xs, domid, base, "domid", "0") ||
        xs_put(xs, domid, base, "mode", mode))
        return 1;
    snprintf(buf, sizeof(buf), "%lu", count);
    if (xs_put(xs, domid, base, "count", buf) || xs_put(xs, domid, base, "refs", ""))
        return 1;
    for (k = 0; k * CHUNK < count; k++) {
        size_t len = 0;
        char leaf[32];

        for (i = k * CHUNK; i < count && i < (k + 1) * CHUNK; i++)
            len += (size_t)sprintf(chunk + len, "%s%" PRIu32, len ? " " : "", refs[i]);
        snprintf(leaf, sizeof(leaf), "refs/%u", k);
        if (xs_put(xs, domid, base, leaf, chunk))
            return 1;
    }
    if (xs_put(xs, domid, base, "ready", "1"))
        return 1;
    printf("gntshr: shared %lu pages with dom%lu, refs %" PRIu32 "..%" PRIu32 ", under %s\n",
           count, domid, refs[0], refs[count - 1], base);
    fflush(stdout);

    while (!stop)
        sigsuspend(&waitmask);
    if (xengntshr_unshare(xgs, pages, (uint32_t)count))
        fprintf(stderr, "gntshr: xengntshr_unshare: %s\n", strerror(errno));
    xs_rm(xs, XBT_NULL, base);
    xs_close(xs);
    xengntshr_close(xgs);
    printf("gntshr: unshared %lu pages\n", count);
    return 0;
}
