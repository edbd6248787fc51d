/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Running hotplug scripts as libxl does (libxl__async_exec): stdin from
 * /dev/null, the caller's environment plus the device's variables, a
 * time limit after which the script's whole process group is killed.
 * Several scripts run at once.  Their output is captured (the library
 * never writes to the caller's terminal) so that the caller can log it
 * and quote its end when a script fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "axl_hotplug.h"
#include "axl_internal.h"

extern char **environ;

#define POLL_SLICE_MS 20        /* how often exits are looked for */

typedef struct running {
    pid_t pid;                  /* 0: not started or reaped */
    int fd;                     /* its output, -1 when closed */
} running;

/* Keeps the last bytes: a failing script says why at its end. */
static void keep_output(axl__script *s, const char *buf, size_t n)
{
    size_t cap = sizeof(s->out) - 1;

    if (n >= cap) {
        memcpy(s->out, buf + n - cap, cap);
        s->out_len = cap;
    } else {
        if (s->out_len + n > cap) {
            size_t drop = s->out_len + n - cap;

            memmove(s->out, s->out + drop, s->out_len - drop);
            s->out_len -= drop;
        }
        memcpy(s->out + s->out_len, buf, n);
        s->out_len += n;
    }
    s->out[s->out_len] = '\0';
}

static void note(axl__script *s, const char *what)
{
    keep_output(s, what, strlen(what));
}

/* The caller's environment with @extra ("NAME=value") replacing
 * variables of the same name.  Built before fork: the child only execs. */
static char **make_env(char *const *extra)
{
    size_t n = 0, m = 0, i, j, k = 0;
    char **env;

    while (environ && environ[n])
        n++;
    while (extra && extra[m])
        m++;
    env = calloc(n + m + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (i = 0; i < n; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t len = eq ? (size_t)(eq - environ[i]) + 1 : 0;
        bool replaced = false;

        for (j = 0; j < m && len; j++)
            if (!strncmp(extra[j], environ[i], len))
                replaced = true;
        if (!replaced)
            env[k++] = environ[i];
    }
    for (j = 0; j < m; j++)
        env[k++] = extra[j];
    env[k] = NULL;
    return env;
}

/* In the child: only async-signal-safe calls. */
static void child(int devnull, int out, char *const *argv, char **env)
{
    int fd;

    setpgid(0, 0);
    if (dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        _exit(127);
    for (fd = 3; fd < 1024; fd++)
        close(fd);
    signal(SIGPIPE, SIG_DFL);
    execve(argv[0], argv, env);
    (void)!write(2, "exec failed\n", 12);
    _exit(127);
}

static void start(axl__script *s, running *r, int devnull, char **env)
{
    int p[2];
    pid_t pid;

    if (access(s->argv[0], X_OK)) {
        char msg[256];

        snprintf(msg, sizeof(msg), "cannot run %s: %s", s->argv[0],
                 strerror(errno));
        note(s, msg);
        return;
    }
    if (pipe2(p, O_CLOEXEC)) {
        note(s, "cannot make a pipe for the script's output");
        return;
    }
    pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        note(s, "cannot fork the script");
        return;
    }
    if (pid == 0)
        child(devnull, p[1], s->argv, env);
    /* both sides, so that a kill never misses it */
    setpgid(pid, pid);
    close(p[1]);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    r->pid = pid;
    r->fd = p[0];
}

/* Reads what is there; closes at end of file. */
static void drain(axl__script *s, running *r)
{
    char buf[512];
    ssize_t n;

    while (r->fd >= 0) {
        n = read(r->fd, buf, sizeof(buf));
        if (n > 0) {
            keep_output(s, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno != EAGAIN) {
            close(r->fd);
            r->fd = -1;
        }
        break;
    }
}

static void reap(axl__script *s, running *r, int options)
{
    int st;
    pid_t got;

    do
        got = waitpid(r->pid, &st, options);
    while (got < 0 && errno == EINTR);
    if (got != r->pid)
        return;
    r->pid = 0;
    s->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    /* what it wrote before it exited; a child it left running may keep
     * the pipe open, so nothing more is waited for */
    drain(s, r);
    if (r->fd >= 0) {
        close(r->fd);
        r->fd = -1;
    }
}

struct axl__scripts {
    axl__script *s;
    running *r;
    size_t nr;
    long long deadline;
};

axl__scripts *axl__scripts_start(axl__script *s, size_t nr, int timeout_ms)
{
    axl__scripts *job = calloc(1, sizeof(*job));
    running *r = calloc(nr ? nr : 1, sizeof(*r));
    char **env = NULL;
    size_t i;
    int devnull = -1;

    if (job && r)
        devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0) {
        free(job);
        free(r);
        return NULL;
    }
    job->s = s;
    job->r = r;
    job->nr = nr;
    job->deadline = axl__now_ms() + timeout_ms;
    for (i = 0; i < nr; i++) {
        s[i].status = -1;
        s[i].timed_out = false;
        s[i].out_len = 0;
        s[i].out[0] = '\0';
        r[i].fd = -1;
        free(env);
        env = make_env(s[i].env);
        if (!env) {
            note(&s[i], "out of memory for the script's environment");
            continue;
        }
        start(&s[i], &r[i], devnull, env);
    }
    free(env);
    close(devnull);
    return job;
}

void axl__scripts_wait(axl__scripts *job)
{
    axl__script *s = job->s;
    running *r = job->r;
    size_t i, live, nr = job->nr;

    for (;;) {
        struct pollfd pfd[64];
        size_t np = 0;

        live = 0;
        for (i = 0; i < nr; i++) {
            if (!r[i].pid)
                continue;
            reap(&s[i], &r[i], WNOHANG);
            if (!r[i].pid)
                continue;
            live++;
            if (r[i].fd >= 0 && np < 64) {
                pfd[np].fd = r[i].fd;
                pfd[np].events = POLLIN;
                np++;
            }
        }
        if (!live)
            break;
        if (axl__now_ms() >= job->deadline) {
            for (i = 0; i < nr; i++) {
                if (!r[i].pid)
                    continue;
                kill(-r[i].pid, SIGKILL);
                kill(r[i].pid, SIGKILL);
                reap(&s[i], &r[i], 0);
                s[i].status = -1;
                s[i].timed_out = true;
            }
            break;
        }
        if (poll(pfd, np, POLL_SLICE_MS) > 0)
            for (i = 0; i < nr; i++)
                if (r[i].pid)
                    drain(&s[i], &r[i]);
    }
    free(r);
    free(job);
}

int axl__run_scripts(axl__script *s, size_t nr, int timeout_ms)
{
    axl__scripts *job = axl__scripts_start(s, nr, timeout_ms);

    if (!job)
        return -1;
    axl__scripts_wait(job);
    return 0;
}
