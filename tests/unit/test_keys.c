/*
 * The one table of xl.cfg keys (tools/xl/axl_keys.c): its order, and that
 * axl.cfg(5) and the README document exactly what it says; then what a
 * key outside it does to a dry run (a warning) and to axl create (an
 * error before anything happens).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "testrun.h"
#include "axl_cmd.h"
#include "axl_keys.h"

static int teardown(void **state)
{
    (void)state;
    axl_parse_for_create(false);
    t_cleanup();
    return 0;
}

static void table_is_sorted_and_found(void **state)
{
    size_t nr, i;
    const axl_key *k = axl_keys(&nr);

    (void)state;
    assert_true(nr > 40);
    for (i = 1; i < nr; i++)
        if (strcmp(k[i - 1].name, k[i].name) >= 0)
            fail_msg("keys out of order: %s before %s", k[i - 1].name,
                     k[i].name);
    for (i = 0; i < nr; i++)
        assert_ptr_equal(axl_key_find(k[i].name), &k[i]);
    assert_null(axl_key_find("frobnication"));
    assert_null(axl_key_find(""));
}

/* Whether @word stands alone in @line (between spaces, quotes, commas). */
static bool has_word(const char *line, size_t len, const char *word)
{
    size_t wl = strlen(word), i;

    for (i = 0; i + wl <= len; i++) {
        bool before = !i || strchr(" \t\"`,(", line[i - 1]);
        bool after = i + wl == len || strchr(" \t\"`,)", line[i + wl]);

        if (before && after && !memcmp(line + i, word, wl))
            return true;
    }
    return false;
}

/* A man-page entry: a ".B"/".BR" line right after ".TP" naming @key, or
 * for inert keys, any ".B"/".BR" line naming it. */
static bool in_man(const char *man, const char *key, bool entry)
{
    const char *line = man, *prev = "";
    size_t prev_len = 0;

    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        bool macro = len > 3 && line[0] == '.' && line[1] == 'B' &&
                     (line[2] == ' ' || line[2] == 'R');

        if (macro && (!entry || (prev_len == 3 && !memcmp(prev, ".TP", 3))) &&
            has_word(line, len, key))
            return true;
        prev = line;
        prev_len = len;
        if (!nl)
            break;
        line = nl + 1;
    }
    return false;
}

static void docs_match_the_table(void **state)
{
    char path[1024];
    size_t nr, i, len;
    const axl_key *k = axl_keys(&nr);
    char *man, *readme;

    (void)state;
    snprintf(path, sizeof(path), "%s/docs/man/axl.cfg.5", t_top());
    man = t_slurp(path, &len);
    assert_non_null(man);
    snprintf(path, sizeof(path), "%s/README.md", t_top());
    readme = t_slurp(path, &len);
    assert_non_null(readme);
    for (i = 0; i < nr; i++) {
        char tick[64];
        bool ext = !strncmp(k[i].name, "ext_regions", 11);

        if (!in_man(man, k[i].name, k[i].kind == AXL_KEY_READ))
            fail_msg("axl.cfg.5 does not document %s key %s",
                     k[i].kind == AXL_KEY_READ ? "the" : "the inert",
                     k[i].name);
        snprintf(tick, sizeof(tick), "`%s`", k[i].name);
        /* The README names the ext_regions_* keys as a family. */
        if (k[i].kind == AXL_KEY_READ && !ext && !strstr(readme, tick))
            fail_msg("README.md does not list the key %s", k[i].name);
    }
    free(man);
    free(readme);
}

static void unknown_keys_warn_in_dry_runs_fail_create(void **state)
{
    axl_domain_config cfg;
    char path[600];

    (void)state;
    snprintf(path, sizeof(path), "%s", t_path("k.cfg"));
    t_write(path, "name=\"k\"\nvkb=[\"\"]\nhap=1\n", 24);
    axl_domain_config_init(&cfg);
    axl_parse_for_create(false);
    assert_int_equal(axl_parse_config(path, NULL, 0, &cfg), 0);
    axl_domain_config_dispose(&cfg);
    axl_parse_for_create(true);
    assert_int_equal(axl_parse_config(path, NULL, 0, &cfg), -1);
    axl_domain_config_dispose(&cfg);
    /* An inert key alone passes even for create. */
    t_write(path, "name=\"k\"\nhap=1\n", 15);
    assert_int_equal(axl_parse_config(path, NULL, 0, &cfg), 0);
    axl_domain_config_dispose(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_is_sorted_and_found),
        cmocka_unit_test(docs_match_the_table),
        cmocka_unit_test(unknown_keys_warn_in_dry_runs_fail_create),
    };

    return cmocka_run_group_tests_name("keys", tests, NULL, teardown);
}
