/* Shared helpers of the test programs that run the axl command. */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"
#include "testrun.h"

extern char **environ;

/* A copy of environ with $VAR=...exitcode=86 for the sanitizers, and
 * @extra in place of any variable of its name. */
static char **child_env(const char *extra)
{
    static char asan[1024], ubsan[1024];
    size_t n = 0, i, k = 0;
    char **env;
    const char *old;

    while (environ[n])
        n++;
    env = calloc(n + 4, sizeof(*env));
    assert_non_null(env);
    old = getenv("ASAN_OPTIONS");
    snprintf(asan, sizeof(asan), "ASAN_OPTIONS=%s%sexitcode=86",
             old ? old : "", old ? ":" : "");
    old = getenv("UBSAN_OPTIONS");
    snprintf(ubsan, sizeof(ubsan), "UBSAN_OPTIONS=%s%sexitcode=86",
             old ? old : "", old ? ":" : "");
    for (i = 0; i < n; i++) {
        const char *e = environ[i];

        if (!strncmp(e, "ASAN_OPTIONS=", 13) ||
            !strncmp(e, "UBSAN_OPTIONS=", 14))
            continue;
        if (extra && !strncmp(e, extra, strcspn(extra, "=") + 1))
            continue;
        env[k++] = environ[i];
    }
    env[k++] = asan;
    env[k++] = ubsan;
    if (extra)
        env[k++] = (char *)extra;
    env[k] = NULL;
    return env;
}

void t_run(char *const *argv, const t_run_opts *o, t_result *r)
{
    static const t_run_opts defaults = { NULL, NULL, 0 };
    posix_spawn_file_actions_t fa;
    struct timespec tick = { 0, 10 * 1000 * 1000 };
    char outp[600], errp[600], **env;
    unsigned int timeout, waited;
    pid_t pid, w;
    int st = 0, e;

    if (!o)
        o = &defaults;
    timeout = o->timeout ? o->timeout : 120;
    snprintf(outp, sizeof(outp), "%s", t_path("t_run.stdout"));
    snprintf(errp, sizeof(errp), "%s", t_path("t_run.stderr"));
    env = child_env(o->env);
    assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
                                     o->in ? o->in : "/dev/null",
                                     O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, outp,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errp,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    e = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    if (e)
        fail_msg("cannot run %s: %s", argv[0], strerror(e));
    /* A hung command must not hang the suite. */
    for (waited = 0; (w = waitpid(pid, &st, WNOHANG)) == 0; waited++) {
        if (waited == timeout * 100) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            fail_msg("%s did not finish in %u s", argv[0], timeout);
        }
        nanosleep(&tick, NULL);
    }
    assert_int_equal(w, pid);
    r->status = st;
    r->out = t_slurp(outp, &r->out_len);
    r->err = t_slurp(errp, &r->err_len);
    assert_non_null(r->out);
    assert_non_null(r->err);
    unlink(outp);
    unlink(errp);
}

void t_result_dispose(t_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *t_slurp(const char *path, size_t *len_r)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f)
        return NULL;
    do {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n);
    fclose(f);
    buf[len] = '\0';
    if (len_r)
        *len_r = len;
    return buf;
}

void *t_read_file(const char *path, size_t *len_r)
{
    size_t len;
    char *buf = t_slurp(path, &len);

    if (!buf)
        fail_msg("cannot open %s", path);
    assert_true(len > 0);
    *len_r = len;
    return buf;
}

void t_expand(const char *in, const char *const *names,
              const char *const *values, size_t n, char *buf, size_t len)
{
    size_t used = 0, i;

    while (*in) {
        const char *v = NULL;
        size_t skip = 1;

        for (i = 0; i < n; i++) {
            if (!strncmp(in, names[i], strlen(names[i]))) {
                v = values[i];
                skip = strlen(names[i]);
                break;
            }
        }
        if (v) {
            assert_true(used + strlen(v) < len);
            memcpy(buf + used, v, strlen(v));
            used += strlen(v);
        } else {
            assert_true(used + 1 < len);
            buf[used++] = *in;
        }
        in += skip;
    }
    buf[used] = '\0';
}

void t_argv_text(char *const *argv, char *buf, size_t len)
{
    size_t i;

    buf[0] = '\0';
    for (i = 0; argv[i]; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s'%s'",
                 i ? " " : "", argv[i]);
}

void t_row_paths_make(size_t idx, t_row_paths *p)
{
    char name[32];

    snprintf(name, sizeof(name), "row-%02zu", idx);
    snprintf(p->row, sizeof(p->row), "%s", t_path(name));
    snprintf(p->cfg, sizeof(p->cfg), "%s/guest.cfg", p->row);
    snprintf(p->out_dir, sizeof(p->out_dir), "%s/out", p->row);
    snprintf(p->out, sizeof(p->out), "%s/guest.dtb", p->out_dir);
    assert_int_equal(mkdir(p->row, 0755), 0);
    assert_int_equal(mkdir(p->out_dir, 0755), 0);
}

struct CMUnitTest t_row_test(const char *name, CMUnitTestFunction f,
                             const void *row)
{
    struct CMUnitTest t = {
        .name = name, .test_func = f, .initial_state = (void *)row,
    };

    return t;
}

void t_problem(t_report *r, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (r->len >= sizeof(r->text) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(r->text + r->len, sizeof(r->text) - r->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->len += (size_t)n;
    if (r->len >= sizeof(r->text) - 1)
        r->len = sizeof(r->text) - 1;
    else
        r->text[r->len++] = '\n';
    r->text[r->len] = '\0';
}
