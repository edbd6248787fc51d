/*
 * The command's escaping of outside text for a terminal: printable ASCII
 * and well-formed UTF-8 pass, control characters (C0, DEL, C1) and bytes
 * that are not UTF-8 become \xNN; axl_fwrite_text() keeps lines and tabs
 * and takes NULs (Xen's console ring, with guests' output in it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "axl_escape.h"

/* What axl_fwrite_text (@text, @n bytes) or, with @n == 0,
 * axl_fputs_escaped (@text) writes; malloc'd. */
static char *escaped(const char *text, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    if (n)
        axl_fwrite_text(f, text, n);
    else
        axl_fputs_escaped(f, text);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void expect(const char *text, size_t n, const char *want)
{
    char *got = escaped(text, n);

    if (strcmp(got, want))
        fail_msg("escaped to \"%s\", want \"%s\"", got, want);
    free(got);
}

static void text_keeps_lines_and_tabs(void **state)
{
    static const char ring[] = "(XEN) one\n(d1) two\tthree\n";

    (void)state;
    expect(ring, sizeof(ring) - 1, ring);
    /* The string form escapes them: a name never spans lines. */
    expect("a\nb\tc", 0, "a\\x0ab\\x09c");
}

static void text_escapes_controls(void **state)
{
    /* A guest's attempt at a terminal escape, DEL, a C1 CSI (U+009B),
     * a carriage return and a NUL inside the ring. */
    static const char ring[] = "(d1) \x1b[2Jx\x7f\xc2\x9b\r\0end\n";

    (void)state;
    expect(ring, sizeof(ring) - 1,
           "(d1) \\x1b[2Jx\\x7f\\xc2\\x9b\\x0d\\x00end\n");
}

static void text_keeps_utf8_and_escapes_the_rest(void **state)
{
    /* "é" and "€" pass; a lone continuation byte, an overlong "/" and a
     * sequence cut by the end do not. */
    static const char ring[] = "\xc3\xa9 \xe2\x82\xac \x80 \xc0\xaf \xe2\x82";

    (void)state;
    expect(ring, sizeof(ring) - 1,
           "\xc3\xa9 \xe2\x82\xac \\x80 \\xc0\\xaf \\xe2\\x82");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_keeps_lines_and_tabs),
        cmocka_unit_test(text_escapes_controls),
        cmocka_unit_test(text_keeps_utf8_and_escapes_the_rest),
    };

    return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
