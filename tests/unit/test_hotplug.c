/*
 * The hotplug-script runner (axl_hotplug.c) with real shell scripts: exit
 * status and output, the environment libxl gives, the time limit that
 * kills a script with its children, a script that cannot run, and that
 * the scripts of a batch run at the same time.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "axl_hotplug.h"
#include "testlib.h"

static int teardown(void **state)
{
    (void)state;
    t_cleanup();
    return 0;
}

static const char *script(const char *name, const char *body)
{
    const char *p = t_path(name);
    char text[1024];

    snprintf(text, sizeof(text), "#!/bin/sh\n%s\n", body);
    t_write(p, text, strlen(text));
    assert_int_equal(chmod(p, 0755), 0);
    return p;
}

static void status_output_and_environment(void **state)
{
    char *argv[] = { (char *)script("s", "echo \"$1 $XENBUS_PATH $script\"\n"
                                    "echo oops >&2\nexit 3"),
                     (char *)"add", NULL };
    char *env[] = { (char *)"XENBUS_PATH=backend/vbd/1/51712",
                    (char *)"script=/etc/xen/scripts/block", NULL };
    axl__script s = { .argv = argv, .env = env };

    (void)state;
    assert_int_equal(axl__run_scripts(&s, 1, 10000), 0);
    assert_int_equal(s.status, 3);
    assert_false(s.timed_out);
    assert_string_equal(s.out, "add backend/vbd/1/51712 "
                        "/etc/xen/scripts/block\noops\n");
}

static void inherited_environment_is_kept_and_overridden(void **state)
{
    char *argv[] = { (char *)script("e", "echo \"$AXL_T1 $AXL_T2\"; "
                                    "if read x; then echo stdin-not-empty; fi"),
                     (char *)"online", NULL };
    char *env[] = { (char *)"AXL_T2=new", NULL };
    axl__script s = { .argv = argv, .env = env };

    (void)state;
    setenv("AXL_T1", "kept", 1);
    setenv("AXL_T2", "old", 1);
    assert_int_equal(axl__run_scripts(&s, 1, 10000), 0);
    assert_int_equal(s.status, 0);
    /* stdin is /dev/null: read fails at once */
    assert_string_equal(s.out, "kept new\n");
    unsetenv("AXL_T1");
    unsetenv("AXL_T2");
}

/* The state letter of /proc/PID/stat, or 0. */
static char process_state(int pid)
{
    char path[64], buf[256], *p;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    f = fopen(path, "r");
    if (!f)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : 0;
}

static void time_limit_kills_the_script_and_its_children(void **state)
{
    char body[512], *env[] = { NULL };
    char *argv[] = { NULL, (char *)"add", NULL };
    axl__script s = { .argv = argv, .env = env };
    FILE *f;
    int pid = 0;

    (void)state;
    snprintf(body, sizeof(body), "sleep 60 &\necho $! > %s\nwait",
             t_path("child.pid"));
    argv[0] = (char *)script("hang", body);
    assert_int_equal(axl__run_scripts(&s, 1, 500), 0);
    assert_true(s.timed_out);
    assert_int_equal(s.status, -1);
    f = fopen(t_path("child.pid"), "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &pid), 1);
    fclose(f);
    usleep(200000);
    /* the background child died with its group (gone, or a zombie that
     * its new parent has not reaped yet) */
    assert_true(kill(pid, 0) != 0 || process_state(pid) == 'Z');
}

static void a_script_that_cannot_run_says_why(void **state)
{
    char *argv[] = { (char *)"/nonexistent/script", (char *)"add", NULL };
    char *env[] = { NULL };
    axl__script s = { .argv = argv, .env = env };

    (void)state;
    assert_int_equal(axl__run_scripts(&s, 1, 1000), 0);
    assert_int_equal(s.status, -1);
    assert_non_null(strstr(s.out, "cannot run /nonexistent/script"));
}

/* The first script waits for a file that only the second creates: run one
 * after the other, the first would time out. */
static void a_batch_runs_at_the_same_time(void **state)
{
    char a[512], b[512], *env[] = { NULL };
    char *argv_a[] = { NULL, (char *)"add", NULL };
    char *argv_b[] = { NULL, (char *)"add", NULL };
    axl__script s[2] = { { .argv = argv_a, .env = env },
                         { .argv = argv_b, .env = env } };

    (void)state;
    snprintf(a, sizeof(a), "i=0\nwhile [ ! -e %s ]; do i=$((i+1)); "
             "[ $i -lt 200 ] || exit 1; sleep 0.05; done\necho saw it",
             t_path("flag"));
    snprintf(b, sizeof(b), "sleep 0.2; touch %s", t_path("flag"));
    argv_a[0] = (char *)script("a", a);
    argv_b[0] = (char *)script("b", b);
    assert_int_equal(axl__run_scripts(s, 2, 20000), 0);
    assert_int_equal(s[0].status, 0);
    assert_int_equal(s[1].status, 0);
    assert_string_equal(s[0].out, "saw it\n");
}

static void long_output_keeps_its_end(void **state)
{
    char *argv[] = { (char *)script("long", "i=0; while [ $i -lt 500 ]; do "
                                    "echo line $i; i=$((i+1)); done; "
                                    "echo the reason"),
                     (char *)"add", NULL };
    char *env[] = { NULL };
    axl__script s = { .argv = argv, .env = env };

    (void)state;
    assert_int_equal(axl__run_scripts(&s, 1, 10000), 0);
    assert_int_equal(s.status, 0);
    assert_int_equal(s.out_len, sizeof(s.out) - 1);
    assert_int_equal(strlen(s.out), s.out_len);
    assert_non_null(strstr(s.out, "line 499\nthe reason\n"));
}

/* Scripts that wait for one another (Debian's block script holds a lock
 * while it works) all finish within the batch's limit, libxl's limit per
 * script times their number; the same three under one script's limit do
 * not. */
static void serialised_scripts_get_the_limit_of_each(void **state)
{
    char lock[512], body[1024];
    char *argv[] = { NULL, (char *)"add", NULL };
    axl__script s[3];
    int i, each = 600;

    (void)state;
    assert_int_equal(axl__scripts_limit_ms(40000, 0), 40000);
    assert_int_equal(axl__scripts_limit_ms(40000, 3), 120000);
    assert_int_equal(axl__scripts_limit_ms(40000, 1000), 3600000);
    snprintf(lock, sizeof(lock), "%s", t_path("lock"));
    snprintf(body, sizeof(body), "exec 9>%s; flock 9; sleep 0.25", lock);
    argv[0] = (char *)script("locked", body);
    memset(s, 0, sizeof(s));
    for (i = 0; i < 3; i++)
        s[i].argv = argv;
    assert_int_equal(axl__run_scripts(s, 3,
                                      axl__scripts_limit_ms(each, 3)), 0);
    for (i = 0; i < 3; i++) {
        assert_int_equal(s[i].status, 0);
        assert_false(s[i].timed_out);
    }
    assert_int_equal(axl__run_scripts(s, 3, each), 0);
    assert_true(s[0].timed_out || s[1].timed_out || s[2].timed_out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(status_output_and_environment, teardown),
        cmocka_unit_test_teardown(inherited_environment_is_kept_and_overridden,
                                  teardown),
        cmocka_unit_test_teardown(
            time_limit_kills_the_script_and_its_children, teardown),
        cmocka_unit_test_teardown(a_script_that_cannot_run_says_why,
                                  teardown),
        cmocka_unit_test_teardown(a_batch_runs_at_the_same_time, teardown),
        cmocka_unit_test_teardown(long_output_keeps_its_end, teardown),
        cmocka_unit_test_teardown(serialised_scripts_get_the_limit_of_each,
                                  teardown),
    };

    return cmocka_run_group_tests_name("hotplug", tests, NULL, NULL);
}
