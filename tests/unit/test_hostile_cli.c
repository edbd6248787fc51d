/*
 * The axl command against hostile input and hostile output paths: NUL
 * bytes in configs, FIFOs and devices named as inputs, names that hold
 * terminal escapes or bytes that are not UTF-8 (text and --json), gzip
 * kernels that decompress past their trailer, and -o onto FIFOs,
 * devices, symlinks, existing files and runs interrupted by a signal.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <libfdt.h>
#include <yajl/yajl_tree.h>

#include "testlib.h"
#include "testrun.h"

static const char *axl;
static char cfg[600];

/* A config whose kernel is a stub Image, plus @extra lines. */
static const char *write_cfg(const char *name, const char *extra)
{
    static char path[600];
    char text[2048];

    if (access(t_path("Image"), F_OK))
        t_make_image64(t_path("Image"), 32 << 20, 0);
    snprintf(text, sizeof(text), "name = \"h\"\nmemory = 512\n"
             "kernel = \"%s\"\n%s\n", t_path("Image"), extra);
    snprintf(path, sizeof(path), "%s", t_path(name));
    t_write(path, text, strlen(text));
    return path;
}

static int setup(void **state)
{
    (void)state;
    axl = getenv("AXL");
    if (!axl)
        axl = "tools/xl/axl";
    snprintf(cfg, sizeof(cfg), "%s", write_cfg("base.cfg", ""));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

/* Runs axl ARGS... (NULL-terminated); returns the exit code (fails the
 * test on a signal); the result in @r. */
static int run(t_result *r, unsigned int timeout, const char *env, ...)
{
    char *argv[16];
    t_run_opts o = { NULL, env, timeout };
    va_list ap;
    int n = 0;

    argv[n++] = (char *)axl;
    va_start(ap, env);
    while (n < 15 && (argv[n] = va_arg(ap, char *)))
        n++;
    va_end(ap);
    argv[n] = NULL;
    t_run(argv, &o, r);
    if (!WIFEXITED(r->status))
        fail_msg("axl %s died of signal %d", argv[1], WTERMSIG(r->status));
    return WEXITSTATUS(r->status);
}

/* Exactly one line on stderr, an error holding @want. */
static void one_error(const t_result *r, const char *want)
{
    const char *nl = strchr(r->err, '\n');

    if (strncmp(r->err, "axl: error: ", 12) || !nl || nl[1] ||
        !strstr(r->err, want))
        fail_msg("stderr is not one error line with \"%s\":\n%s", want,
                 r->err);
}

static void nul_byte_in_config(void **state)
{
    static const char text[] = "name = \"h\"\nmemory = 512\n"
                               "cmdline = \"a\0b\"\n";
    t_result r;

    (void)state;
    t_write(t_path("nul.cfg"), text, sizeof(text) - 1);
    assert_int_equal(run(&r, 20, NULL, "memmap", t_path("nul.cfg"), NULL),
                     1);
    one_error(&r, "nul.cfg: line 3: a NUL byte");
    t_result_dispose(&r);
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", t_path("o.dtb"),
                         t_path("nul.cfg"), NULL), 1);
    one_error(&r, "line 3: a NUL byte");
    assert_int_equal(access(t_path("o.dtb"), F_OK), -1);
    t_result_dispose(&r);
}

static void fifos_do_not_block(void **state)
{
    static const char *const keys[] = { "kernel", "device_tree", "ramdisk" };
    char fifo[600], line[700];
    t_result r;
    size_t i;

    (void)state;
    snprintf(fifo, sizeof(fifo), "%s", t_path("fifo"));
    assert_int_equal(mkfifo(fifo, 0600), 0);
    for (i = 0; i < 3; i++) {
        const char *c;

        snprintf(line, sizeof(line), "%s = \"%s\"", keys[i], fifo);
        c = write_cfg("fifo.cfg", line);
        assert_int_equal(run(&r, 10, NULL, "memmap", c, NULL), 1);
        snprintf(line, sizeof(line), "%s: %s is not a regular file",
                 keys[i], fifo);
        one_error(&r, line);
        t_result_dispose(&r);
    }
    /* The config itself, and dt-check's input. */
    assert_int_equal(run(&r, 10, NULL, "memmap", fifo, NULL), 1);
    one_error(&r, "not a regular file");
    t_result_dispose(&r);
    assert_int_equal(run(&r, 10, NULL, "dt-check", fifo, NULL), 1);
    one_error(&r, "not a regular file");
    t_result_dispose(&r);
    assert_int_equal(run(&r, 10, NULL, "dt-check", "/dev/zero", NULL), 1);
    one_error(&r, "not a regular file");
    t_result_dispose(&r);
}

/* A guest-like tree whose region 1 overlaps a device named with a
 * terminal escape, a BEL and bytes that are not UTF-8. */
static const char evil_name[] = "dev\x1b]0;pwn\x07\xff\xc0\x80@40000000";

static const char *write_evil_tree(void)
{
    /* Region 0 (grant table) 16 MiB at 0x38000000, region 1 1 GiB at
     * 0x40000000. */
    fdt32_t r[8] = { 0, cpu_to_fdt32(0x38000000), 0,
                     cpu_to_fdt32(0x1000000), 0, cpu_to_fdt32(0x40000000),
                     0, cpu_to_fdt32(0x40000000) };
    fdt32_t dreg[4] = { 0, cpu_to_fdt32(0x40000000), 0,
                        cpu_to_fdt32(0x1000) };
    char buf[4096];
    assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
    assert_int_equal(fdt_finish_reservemap(buf), 0);
    assert_int_equal(fdt_begin_node(buf, ""), 0);
    assert_int_equal(fdt_property_u32(buf, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_u32(buf, "#size-cells", 2), 0);
    assert_int_equal(fdt_begin_node(buf, "hypervisor"), 0);
    assert_int_equal(fdt_property(buf, "compatible",
                                  "xen,xen-4.17\0xen,xen", 21), 0);
    assert_int_equal(fdt_property(buf, "reg", r, sizeof(r)), 0);
    assert_int_equal(fdt_end_node(buf), 0);
    assert_int_equal(fdt_begin_node(buf, evil_name), 0);
    assert_int_equal(fdt_property(buf, "reg", dreg, sizeof(dreg)), 0);
    assert_int_equal(fdt_end_node(buf), 0);
    assert_int_equal(fdt_end_node(buf), 0);
    assert_int_equal(fdt_finish(buf), 0);
    /* A file name that is not UTF-8 either. */
    t_write(t_path("evil\xff.dtb"), buf, fdt_totalsize(buf));
    return t_path("evil\xff.dtb");
}

/* No control bytes but newlines, and only well-formed UTF-8. */
static void assert_printable(const char *s, size_t len, const char *what)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c < 0x20 && c != '\n') || c == 0x7f || c >= 0x80)
            fail_msg("%s holds byte 0x%02x at %zu:\n%s", what, c, i, s);
    }
}

static void text_output_is_escaped(void **state)
{
    const char *tree = write_evil_tree();
    t_result r;

    (void)state;
    assert_int_equal(run(&r, 20, NULL, "dt-check", tree, NULL), 1);
    assert_printable(r.out, r.out_len, "stdout");
    assert_printable(r.err, r.err_len, "stderr");
    assert_non_null(strstr(r.out, "dev\\x1b]0;pwn\\x07\\xff\\xc0\\x80"));
    assert_non_null(strstr(r.out, "evil\\xff.dtb"));
    one_error(&r, "overlaps device");
    t_result_dispose(&r);
}

/* A guest name with a terminal escape and a stray byte: memmap's table
 * shows them escaped, its JSON as valid UTF-8. */
static void memmap_name_is_escaped(void **state)
{
    char text[512];
    t_result r;

    (void)state;
    t_make_image64(t_path("Image"), 4 << 20, 0);
    snprintf(text, sizeof(text), "name = \"g\x1b[2J\xff\"\nmemory = 128\n"
             "kernel = \"%s\"\n", t_path("Image"));
    t_write(t_path("esc.cfg"), text, strlen(text));
    assert_int_equal(run(&r, 20, NULL, "memmap", t_path("esc.cfg"), NULL), 0);
    assert_printable(r.out, r.out_len, "stdout");
    assert_non_null(strstr(r.out, "map of \"g\\x1b[2J\\xff\""));
    t_result_dispose(&r);
    assert_int_equal(run(&r, 20, NULL, "memmap", "--json", t_path("esc.cfg"),
                         NULL), 0);
    assert_null(memchr(r.out, 0x1b, r.out_len));
    t_result_dispose(&r);
}

static void json_output_is_valid(void **state)
{
    const char *tree = write_evil_tree();
    const char *path[] = { "findings", NULL };
    char errbuf[256];
    yajl_val doc, f;
    t_result r;

    (void)state;
    assert_int_equal(run(&r, 20, NULL, "dt-check", "--json", tree, NULL), 1);
    /* yajl's parser checks UTF-8 unless told not to. */
    doc = yajl_tree_parse(r.out, errbuf, sizeof(errbuf));
    if (!doc)
        fail_msg("invalid JSON: %s\n%s", errbuf, r.out);
    f = yajl_tree_get(doc, path, yajl_t_array);
    assert_non_null(f);
    assert_true(YAJL_GET_ARRAY(f)->len > 0);
    /* Control characters are escaped, not raw. */
    assert_null(memchr(r.out, 0x1b, r.out_len));
    assert_null(memchr(r.out, 0x07, r.out_len));
    yajl_tree_free(doc);
    t_result_dispose(&r);
}

static void output_into_a_fifo(void **state)
{
    char fifo[600], got[700];
    struct stat st;
    t_result r;
    pid_t pid;
    int status;

    (void)state;
    snprintf(fifo, sizeof(fifo), "%s", t_path("out.fifo"));
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* No reader: refused at once, not blocked. */
    assert_int_equal(run(&r, 10, NULL, "dt", "-o", fifo, cfg, NULL), 1);
    one_error(&r, "no process reads from this FIFO");
    t_result_dispose(&r);
    snprintf(got, sizeof(got), "%s", t_path("got.dtb"));
    pid = fork();
    assert_true(pid >= 0);
    if (!pid) {
        char buf[65536];
        int in = open(fifo, O_RDONLY), out;
        ssize_t n, len = 0;

        out = open(got, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        while (in >= 0 && (n = read(in, buf + len, sizeof(buf) - len)) > 0)
            len += n;
        if (out >= 0 && len > 0 && write(out, buf, (size_t)len) == len)
            _exit(0);
        _exit(1);
    }
    /* Wait for the reader to open its end. */
    usleep(200 * 1000);
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", fifo, cfg, NULL), 0);
    t_result_dispose(&r);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    {
        size_t len;
        void *b = t_read_file(got, &len);

        assert_int_equal(fdt_check_header(b), 0);
        assert_int_equal(fdt_totalsize(b), len);
        free(b);
    }
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

static void output_onto_a_device(void **state)
{
    const char *node = t_path("null");
    struct stat st;
    t_result r;

    (void)state;
    /* A private copy of /dev/null: root only. */
    if (mknod(node, S_IFCHR | 0666, makedev(1, 3)))
        skip();
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", node, cfg, NULL), 0);
    t_result_dispose(&r);
    assert_int_equal(lstat(node, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(st.st_rdev, makedev(1, 3));
}

/* The names in @dir other than @keep. */
static int count_other_files(const char *dir, const char *keep)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (!keep || strcmp(e->d_name, keep)))
            n++;
    closedir(d);
    return n;
}

static void output_through_links_keeps_mode(void **state)
{
    char dir[600], target[700], link[700];
    struct stat st;
    t_result r;
    mode_t mask;

    (void)state;
    snprintf(dir, sizeof(dir), "%s", t_path("links"));
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(target, sizeof(target), "%s/target.dtb", dir);
    snprintf(link, sizeof(link), "%s/link.dtb", dir);
    t_write(target, "old", 3);
    assert_int_equal(chmod(target, 0604), 0);
    assert_int_equal(symlink("target.dtb", link), 0);
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", link, cfg, NULL), 0);
    t_result_dispose(&r);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0604);
    assert_true(st.st_size > 3);
    assert_int_equal(count_other_files(dir, NULL), 2);
    /* A dangling link is refused; nothing is created. */
    assert_int_equal(unlink(target), 0);
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", link, cfg, NULL), 1);
    one_error(&r, "a symbolic link to a missing file");
    t_result_dispose(&r);
    assert_int_equal(count_other_files(dir, NULL), 1);
    /* A new file gets 0666 less the umask. */
    mask = umask(022);
    umask(mask);
    assert_int_equal(run(&r, 20, NULL, "dt", "-o", target, cfg, NULL), 0);
    t_result_dispose(&r);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0666 & ~mask);
}

/* A dtc that writes half a tree and hangs (or fails with @fail). */
static const char *fake_dtc(bool fail)
{
    static char dir[600];
    char path[700], text[1024];

    snprintf(dir, sizeof(dir), "%s", t_path(fail ? "bin-fail" : "bin"));
    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/dtc", dir);
    snprintf(text, sizeof(text), "#!/bin/sh\nprintf '/dts-v1/; / {'\n%s\n",
             fail ? "exit 1" : "echo $$ > \"$0.pid\"\nexec sleep 30");
    t_write(path, text, strlen(text));
    assert_int_equal(chmod(path, 0755), 0);
    return dir;
}

static void interrupted_run_leaves_nothing(void **state)
{
    char out_dir[600], out[700], env[2048], pidf[700];
    const char *bin;
    struct timespec tick = { 0, 20 * 1000 * 1000 };
    t_result r;
    pid_t pid;
    int status, i, sigs[] = { SIGTERM, SIGINT };

    (void)state;
    snprintf(out_dir, sizeof(out_dir), "%s", t_path("sig"));
    assert_int_equal(mkdir(out_dir, 0700), 0);
    snprintf(out, sizeof(out), "%s/guest.dts", out_dir);

    /* dtc fails: no file, no temporary; an old file stays as it was. */
    bin = fake_dtc(true);
    snprintf(env, sizeof(env), "PATH=%s:%s", bin, getenv("PATH"));
    assert_int_equal(run(&r, 20, env, "dt", "--dts", "-o", out, cfg, NULL),
                     1);
    t_result_dispose(&r);
    assert_int_equal(count_other_files(out_dir, NULL), 0);
    t_write(out, "old", 3);
    assert_int_equal(run(&r, 20, env, "dt", "--dts", "-o", out, cfg, NULL),
                     1);
    t_result_dispose(&r);
    assert_int_equal(count_other_files(out_dir, "guest.dts"), 0);
    unlink(out);

    /* A signal while dtc writes: the process dies of it, nothing left. */
    bin = fake_dtc(false);
    snprintf(pidf, sizeof(pidf), "%s/dtc.pid", bin);
    for (i = 0; i < 2; i++) {
        unlink(pidf);
        pid = fork();
        assert_true(pid >= 0);
        if (!pid) {
            char p[2048];
            int null = open("/dev/null", O_RDWR);

            snprintf(p, sizeof(p), "%s:%s", bin, getenv("PATH"));
            setenv("PATH", p, 1);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            execl(axl, axl, "dt", "--dts", "-o", out, cfg, (char *)NULL);
            _exit(127);
        }
        while (access(pidf, F_OK))
            nanosleep(&tick, NULL);
        nanosleep(&tick, NULL);
        assert_int_equal(count_other_files(out_dir, NULL), 1);
        assert_int_equal(kill(pid, sigs[i]), 0);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        assert_int_equal(count_other_files(out_dir, NULL), 0);
        {
            /* Stop the fake dtc. */
            char *s = t_slurp(pidf, NULL);

            if (s && atoi(s) > 0)
                kill(atoi(s), SIGKILL);
            free(s);
        }
    }
}

static void gzip_kernel_is_bounded(void **state)
{
    static unsigned char zeros[1 << 20];
    char line[700];
    gzFile gz;
    t_result r;
    size_t len;
    unsigned char *b;
    const char *c;

    (void)state;
    gz = gzopen(t_path("k.gz"), "wb9");
    assert_non_null(gz);
    memcpy(zeros + 56, "ARMd", 4);
    assert_int_equal(gzwrite(gz, zeros, sizeof(zeros)), sizeof(zeros));
    gzclose(gz);
    /* Its trailer says 1000 bytes: libxenguest would inflate into that
     * much (plus 16) and fail. */
    b = t_read_file(t_path("k.gz"), &len);
    b[len - 4] = 0xe8;
    b[len - 3] = 0x03;
    b[len - 2] = b[len - 1] = 0;
    t_write(t_path("k.gz"), b, len);
    free(b);
    snprintf(line, sizeof(line), "kernel = \"%s\"", t_path("k.gz"));
    c = write_cfg("gz.cfg", line);
    assert_int_equal(run(&r, 20, NULL, "memmap", c, NULL), 1);
    one_error(&r, "decompresses to more than the 1000 bytes its gzip "
              "trailer gives");
    t_result_dispose(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nul_byte_in_config),
        cmocka_unit_test(fifos_do_not_block),
        cmocka_unit_test(text_output_is_escaped),
        cmocka_unit_test(memmap_name_is_escaped),
        cmocka_unit_test(json_output_is_valid),
        cmocka_unit_test(output_into_a_fifo),
        cmocka_unit_test(output_onto_a_device),
        cmocka_unit_test(output_through_links_keeps_mode),
        cmocka_unit_test(interrupted_run_leaves_nothing),
        cmocka_unit_test(gzip_kernel_is_bounded),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
