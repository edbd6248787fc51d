/*
 * Benchmark: memory map + extended regions (axl_guest_build, which also
 * validates and writes the device tree) for 10, 1,000 and 100,000 iomem=
 * entries.  Prints the median of several runs; figures, not a test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libaxl.h>

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* @n one-page mappings, 1 MiB apart from the start of RAM bank 1's tail,
 * given in reverse order so that sorting has work to do. */
static void fill_iomem(axl_domain_config *cfg, size_t n)
{
    size_t i;

    cfg->iomem = calloc(n, sizeof(*cfg->iomem));
    if (!cfg->iomem)
        exit(1);
    for (i = 0; i < n; i++) {
        axl_iomem *e = &cfg->iomem[n - 1 - i];

        e->start = 0x100000 + i;
        e->number = 1;
        e->gfn = 0x240000 + i * 0x100;
    }
    cfg->nr_iomem = n;
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = { 10, 1000, 100000 };
    const char *kernel = argc > 1 ? argv[1] : "bench-Image";
    unsigned char hdr[64] = { 0x08, 0x00, 0x00, 0x14 };
    size_t s;
    int fd;

    /* A stub arm64 Image header: only the header and size are read. */
    memcpy(hdr + 56, "ARMd", 4);
    fd = open(kernel, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr) ||
        ftruncate(fd, 32 << 20))
        return 1;
    close(fd);

    printf("%-10s %12s %12s %10s %12s\n", "iomem", "median ms", "min ms",
           "regions", "notes");
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        double t[7];
        size_t nr = 0, nn = 0;
        int run;

        for (run = 0; run < 7; run++) {
            axl_domain_config cfg;
            axl_build_options o;
            axl_ctx *ctx;
            axl_guest *g;
            double t0;

            axl_domain_config_init(&cfg);
            cfg.name = strdup("bench");
            cfg.kernel = strdup(kernel);
            cfg.memory_kb = 4096 * 1024;
            fill_iomem(&cfg, sizes[s]);
            axl_build_options_init(&o);
            o.rng_seed = AXL_RNG_SEED_FIXED;
            axl_ctx_alloc(&ctx, NULL);
            t0 = now_ms();
            if (axl_guest_build(ctx, &cfg, &o, &g)) {
                fprintf(stderr, "build failed\n");
                return 1;
            }
            t[run] = now_ms() - t0;
            axl_guest_ext_regions(g, &nr);
            axl_guest_ext_notes(g, &nn);
            axl_guest_free(g);
            axl_ctx_free(ctx);
            axl_domain_config_dispose(&cfg);
        }
        qsort(t, 7, sizeof(t[0]), cmp_double);
        printf("%-10zu %12.3f %12.3f %10zu %12zu\n", sizes[s], t[3], t[0],
               nr, nn);
    }
    unlink(kernel);
    return 0;
}
