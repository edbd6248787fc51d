/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * axl devd [-F] [-p PIDFILE]: the device daemon of a driver domain, as
 * xl devd: it serves the vbd and vif backends the toolstack puts under
 * this domain (libaxl's axl_devd_*), as a daemon logging to
 * /var/log/xen/axl-devd.log, or in the foreground with -F.  A pidfile is
 * also a lock: a second daemon with the same one refuses to start.
 * SIGTERM, SIGINT and SIGHUP stop it; the devices stay as they are and
 * the next daemon adopts them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "axl_cmd.h"

#define USAGE "axl devd [-F] [-p PIDFILE]"
#define LOG_DIR "/var/log/xen"
#define LOG_FILE "axl-devd.log"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static int catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: the wait must end */
    if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL) ||
        sigaction(SIGHUP, &sa, NULL))
        return -1;
    return 0;
}

/* Opens, locks and fills the pidfile; the descriptor keeps the lock. */
static int take_pidfile(const char *path)
{
    char pid[32];
    int fd, n;

    fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
              0644);
    if (fd < 0) {
        axl_err("devd: cannot open the pidfile %s: %s", path,
                strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        if (errno == EWOULDBLOCK)
            axl_err("devd: another axl devd holds %s", path);
        else
            axl_err("devd: cannot lock %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) || write(fd, pid, (size_t)n) != n) {
        axl_err("devd: cannot write the pidfile %s: %s", path,
                strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

typedef struct devd_args {
    const char *pidfile;
    bool daemon;
    int rc;
} devd_args;

/* Serves until a signal or a xenstore failure. */
static void serve(void *arg)
{
    devd_args *a = arg;
    axl_ctx *ctx = NULL;
    axl_host *host = NULL;
    axl_devd *devd = NULL;
    int pidfd = -1, rc = 0;

    a->rc = EXIT_JOB_FAILED;
    axl_cmd_logger_show(XTL_INFO);
    if (catch_signals() || axl_ctx_alloc(&ctx, axl_cmd_logger()) ||
        axl_host_open_store(ctx, &host) || axl_devd_open(ctx, host, &devd) ||
        (a->pidfile && (pidfd = take_pidfile(a->pidfile)) < 0)) {
        if (a->daemon)
            axl_daemon_started(false);
        goto out;
    }
    if (a->daemon)
        axl_daemon_started(true);
    while (!stop_signal) {
        rc = axl_devd_step(devd, -1);
        if (rc == AXL_ERROR_XEN || rc == AXL_ERROR_NOMEM)
            break;
    }
    if (stop_signal) {
        fprintf(stderr, "axl: devd: stopped by signal %d\n",
                (int)stop_signal);
        a->rc = 0;
    } else {
        axl_err("devd: %s; stopping", axl_strerror(rc));
    }
    if (pidfd >= 0)
        unlink(a->pidfile);
out:
    if (pidfd >= 0)
        close(pidfd);
    axl_devd_close(devd);
    axl_host_close(host);
    axl_ctx_free(ctx);
}

int axl_cmd_devd(int argc, char **argv)
{
    devd_args a = { .daemon = true };
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt(argc, argv, "+:Fp:h")) != -1) {
        switch (c) {
        case 'F':
            a.daemon = false;
            break;
        case 'p':
            a.pidfile = optarg;
            break;
        case 'h':
            printf("usage: %s\n", USAGE);
            return 0;
        default:
            return axl_opt_bad("devd", c, argv);
        }
    }
    if (optind != argc) {
        axl_err("devd: unexpected argument \"%s\" (usage: %s)", argv[optind],
                USAGE);
        return EXIT_USAGE;
    }
    if (a.pidfile && !*a.pidfile) {
        axl_err("devd: -p needs a file name");
        return EXIT_USAGE;
    }
    if (!a.daemon) {
        serve(&a);
        return a.rc;
    }
    if (axl_daemon_spawn(LOG_DIR, LOG_FILE, serve, &a)) {
        axl_err("devd: the daemon did not start (see %s/%s)", LOG_DIR,
                LOG_FILE);
        return EXIT_JOB_FAILED;
    }
    return 0;
}
