/*
 * Replays inputs through a fuzz harness without libFuzzer (gcc, ASan and
 * UBSan): each argument is a file or a directory of files.  `make check`
 * runs every kept corpus and crash this way.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        perror(path);
        return 1;
    }
    do {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dots(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    unsigned int runs = 0;
    int i, failed = 0;
    /* Harnesses may silence stderr: report on a copy of it. */
    FILE *report = fdopen(dup(2), "w");

    if (!report)
        return 1;
    fz_replay = 1;
    for (i = 1; i < argc; i++) {
        struct dirent **ents;
        struct stat st;
        int n, k;

        if (stat(argv[i], &st)) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= replay_file(argv[i]);
            runs++;
            continue;
        }
        n = scandir(argv[i], &ents, skip_dots, by_name);
        if (n < 0) {
            perror(argv[i]);
            return 1;
        }
        for (k = 0; k < n; k++) {
            char path[4096];

            snprintf(path, sizeof(path), "%s/%s", argv[i], ents[k]->d_name);
            failed |= replay_file(path);
            runs++;
            free(ents[k]);
        }
        free(ents);
    }
    fprintf(report, "%s: %u inputs replayed\n", argv[0], runs);
    fclose(report);
    return failed;
}
