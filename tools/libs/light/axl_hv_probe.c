/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Is xenstored alive?  libxenstore waits for ever for a xenstored that
 * accepts connections but no longer answers: ask it for "/" first, with a
 * time limit (one request of the public wire protocol, xs_wire.h).
 */
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "axl_hv.h"

#define XS_DIRECTORY 1              /* xsd_sockmsg_type */

struct xs_header {                  /* struct xsd_sockmsg */
    uint32_t type, req_id, tx_id, len;
};

bool axl__xenstored_probe_fd(int fd, int timeout_ms)
{
    struct {
        struct xs_header hdr;
        char body[2];
    } req = { { XS_DIRECTORY, 0, 0, 2 }, "/" };
    const size_t len = sizeof(req.hdr) + 2;
    struct xs_header reply;
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    /* send(MSG_NOSIGNAL): a daemon that closed the connection gives
     * EPIPE, never SIGPIPE, which would kill the caller. */
    if (send(fd, &req, len, MSG_NOSIGNAL) != (ssize_t)len)
        return false;
    return poll(&pfd, 1, timeout_ms) == 1 &&
           read(fd, &reply, sizeof(reply)) == (ssize_t)sizeof(reply);
}

bool axl__xenstored_answers(const char *path, int timeout_ms)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    bool ok = false;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path))
        return false;
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
        ok = axl__xenstored_probe_fd(fd, timeout_ms);
    close(fd);
    return ok;
}
