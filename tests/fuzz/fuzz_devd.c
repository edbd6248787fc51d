/*
 * A hostile backend tree around axl devd.  On the fake host playing
 * driver domain 5, the input writes nodes below /local/domain/5/backend:
 * lines PATH=VALUE, split at the first '=' (no '=': an empty value), a
 * PATH not starting with '/' taken below /local/domain/5/backend/, one
 * that does start with '/' kept only if it is below /local/domain/5;
 * '#' starts a comment; a line "---" ends a round.  Before the first
 * round the daemon is opened; after each round it takes one step.  At
 * the end every vbd and vif directory is closed by the toolstack
 * (online 0, state 6) and the daemon takes a last step.  The fake's
 * hotplug scripts log what they are asked to run.
 *
 * Invariants (abort):
 * - no crash, leak or hang; no script job left unwaited, no transaction
 *   open;
 * - nothing outside /local/domain/5 changes (the daemon writes only
 *   below its own backends);
 * - every script run is "ABSOLUTE-PATH ACTION backend/KIND/DOMID/DEVID"
 *   with ACTION add or remove for vbd, online or offline for vif, and
 *   KIND, DOMID and DEVID those of a directory the input made;
 * - a device is not set up twice: no second add for a path before its
 *   remove;
 * - after the last step every device whose add ran has had its remove
 *   (the closing overrides whatever state the input left).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hv.h"
#include "fuzz_common.h"

#define DD 5u
#define ROOT "/local/domain/5/backend"
#define MAX_WRITES 256
#define LINE_MAX_ 4096

/* The store outside /local/domain/5, as text, for comparing. */
static char *outside(const fake_hv *f)
{
    size_t i, len = 0, cap = 4096;
    char *s = malloc(cap);

    if (!s)
        abort();
    s[0] = '\0';
    for (i = 0; i < f->store.nr; i++) {
        const fake_node *n = &f->store.n[i];
        size_t need;

        if (!strncmp(n->path, "/local/domain/5/", 16) ||
            !strcmp(n->path, "/local/domain/5"))
            continue;
        need = strlen(n->path) + n->len + 4;
        while (len + need >= cap) {
            cap *= 2;
            s = realloc(s, cap);
            if (!s)
                abort();
        }
        len += (size_t)snprintf(s + len, cap - len, "%s=%s\n", n->path,
                                n->value ? n->value : "");
    }
    return s;
}

/* "backend/KIND/DOMID/DEVID" naming a directory below ROOT. */
static bool xenbus_path_ok(const char *xb, const char *act)
{
    char kind[8];
    unsigned int domid, devid;
    int n = 0;

    if (sscanf(xb, "backend/%7[a-z]/%u/%u%n", kind, &domid, &devid, &n) !=
        3 || xb[n])
        return false;
    if (!strcmp(kind, "vbd"))
        return !strcmp(act, "add") || !strcmp(act, "remove");
    if (!strcmp(kind, "vif"))
        return !strcmp(act, "online") || !strcmp(act, "offline");
    return false;
}

/* Checks the scripts' log; fills @up with the paths set up and not taken
 * down (one per line). */
static void check_log(const char *log, char *up, size_t cap)
{
    char line[512];
    const char *p = log;

    up[0] = '\0';
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char script[512], act[16], xb[160], key[170];
        char *at;

        if (n >= sizeof(line))
            fz_fail("devd: a script log line of %zu bytes", n);
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (nl != NULL);
        /* the script's path may hold spaces: the last two words are
         * the action and the path */
        {
            char *sp2 = strrchr(line, ' '), *sp1;

            if (!sp2)
                fz_fail("devd: a script run without its arguments: %s",
                        line);
            *sp2 = '\0';
            sp1 = strrchr(line, ' ');
            if (!sp1 || strlen(sp2 + 1) >= sizeof(xb) ||
                strlen(sp1 + 1) >= sizeof(act) ||
                (size_t)(sp1 - line) >= sizeof(script))
                fz_fail("devd: a script run without its arguments: %s",
                        line);
            *sp1 = '\0';
            snprintf(script, sizeof(script), "%s", line);
            snprintf(act, sizeof(act), "%s", sp1 + 1);
            snprintf(xb, sizeof(xb), "%s", sp2 + 1);
        }
        if (script[0] != '/')
            fz_fail("devd: ran a script that is not an absolute path: %s",
                    line);
        if (!xenbus_path_ok(xb, act))
            fz_fail("devd: a script run on %s (%s)", xb, act);
        snprintf(key, sizeof(key), "%s\n", xb);
        at = strstr(up, key);
        while (at && at != up && at[-1] != '\n')
            at = strstr(at + 1, key);
        if (!strcmp(act, "add") || !strcmp(act, "online")) {
            if (at)
                fz_fail("devd: set %s up twice", xb);
            if (strlen(up) + strlen(key) < cap)
                strcat(up, key);
        } else if (at) {
            memmove(at, at + strlen(key), strlen(at + strlen(key)) + 1);
        }
    }
}

/* Closes every vbd and vif directory below ROOT, as a toolstack would. */
static void close_all(fake_hv *f)
{
    size_t i, nr = f->store.nr;
    char **dirs = calloc(nr + 1, sizeof(*dirs));
    size_t nd = 0;

    if (!dirs)
        abort();
    for (i = 0; i < nr; i++) {
        const char *p = f->store.n[i].path;
        char kind[8];
        unsigned int domid, devid;
        int n = 0;

        if (sscanf(p, ROOT "/%7[a-z]/%u/%u%n", kind, &domid, &devid, &n) ==
            3 && !p[n])
            dirs[nd++] = strdup(p);
    }
    for (i = 0; i < nd; i++) {
        char path[600];

        snprintf(path, sizeof(path), "%s/online", dirs[i]);
        fake_write(f, path, "0");
        snprintf(path, sizeof(path), "%s/state", dirs[i]);
        fake_write(f, path, "6");
        free(dirs[i]);
    }
    free(dirs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fake_hv *f = fake_hv_new(4, 17);
    axl_host *h;
    axl_devd *d = NULL;
    char *text, *line, *save = NULL, *before, *after, up[8192];
    unsigned int writes = 0;

    if (!f)
        abort();
    fake_add_domain(f, DD, "dd");
    fake_write(f, "/local/domain/5/domid", "5");
    f->self_domid = DD;
    h = fz_host_open(f);
    text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    if (axl_devd_open(fz_ctx(), h, &d))
        fz_fail("devd: cannot open on a driver domain's store");
    before = outside(f);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char path[LINE_MAX_], *eq;

        if (line[0] == '#')
            continue;
        if (!strcmp(line, "---")) {
            (void)axl_devd_step(d, 0);
            continue;
        }
        if (++writes > MAX_WRITES)
            break;
        eq = strchr(line, '=');
        if (eq)
            *eq = '\0';
        if (line[0] == '/')
            snprintf(path, sizeof(path), "%s", line);
        else
            snprintf(path, sizeof(path), ROOT "/%s", line);
        if (strncmp(path, "/local/domain/5/", 16))
            continue;
        fake_write(f, path, eq ? eq + 1 : "");
    }
    (void)axl_devd_step(d, 0);
    close_all(f);
    (void)axl_devd_step(d, 0);
    if (f->scripts_pending)
        fz_fail("devd: %u script jobs never waited for", f->scripts_pending);
    if (fake_open_txns(f))
        fz_fail("devd: %u transactions left open", fake_open_txns(f));
    after = outside(f);
    if (strcmp(before, after))
        fz_fail("devd: changed nodes outside its domain's tree");
    check_log(f->script_log, up, sizeof(up));
    if (up[0])
        fz_fail("devd: still set up after their removal: %s", up);
    axl_devd_close(d);
    fz_host_close(h, f);
    free(before);
    free(after);
    free(text);
    return 0;
}
