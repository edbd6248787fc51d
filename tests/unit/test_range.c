/*
 * Range arithmetic and the occupied-space set: table-driven edge cases at
 * 0 and 2^64 - 1, adjacency, full coverage and emptiness, then randomised
 * comparison against a brute-force bitmap model.
 */
#include "testlib.h"
#include "axl_internal.h"

#define TOP UINT64_MAX

static void width_last_every_bits(void **state)
{
    unsigned int b;

    (void)state;
    assert_int_equal(axl__width_last(1), 1);
    assert_int_equal(axl__width_last(32), 0xffffffffULL);
    assert_int_equal(axl__width_last(40), (1ULL << 40) - 1);
    assert_int_equal(axl__width_last(63), (1ULL << 63) - 1);
    assert_int_equal(axl__width_last(64), TOP);
    for (b = 1; b < 64; b++)
        assert_int_equal(axl__width_last(b) + 1, 1ULL << b);
}

static void align_up_edges(void **state)
{
    static const struct {
        uint64_t x, align;
        bool ok;
        uint64_t out;
    } cases[] = {
        { 0, 4096, true, 0 },
        { 1, 4096, true, 4096 },
        { 4096, 4096, true, 4096 },
        { TOP - 4095, 4096, true, TOP - 4095 },   /* already aligned */
        { TOP - 4094, 4096, false, 0 },           /* would pass 2^64 */
        { TOP, 2, false, 0 },
        { TOP, 1, true, TOP },
        { 1ULL << 63, 1ULL << 63, true, 1ULL << 63 },
        { (1ULL << 63) + 1, 1ULL << 63, false, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t out = 0;

        assert_int_equal(axl__align_up(cases[i].x, cases[i].align, &out),
                         cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(out, cases[i].out);
    }
}

static void align_inward_edges(void **state)
{
    static const struct {
        uint64_t start, last, align;
        bool ok;
        uint64_t ostart, olast;
    } cases[] = {
        { 0, TOP, 1ULL << 21, true, 0, TOP },              /* everything */
        { 1, TOP, 1ULL << 21, true, 1ULL << 21, TOP },     /* to 2^64 */
        { 0, (1ULL << 21) - 2, 1ULL << 21, false, 0, 0 },  /* < one unit */
        { 0, (1ULL << 21) - 1, 1ULL << 21, true, 0, (1ULL << 21) - 1 },
        { 5, (2ULL << 21) + 7, 1ULL << 21, true, 1ULL << 21,
          (2ULL << 21) - 1 },
        { TOP, TOP, 1, true, TOP, TOP },                   /* one byte */
        { TOP, TOP, 2, false, 0, 0 },
        { TOP - 4095, TOP, 4096, true, TOP - 4095, TOP },
        { 4096, 8191, 8192, false, 0, 0 },
        { 100, 200, 4096, false, 0, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        axl_range r = { cases[i].start, cases[i].last };

        assert_int_equal(axl__range_align_inward(&r, cases[i].align),
                         cases[i].ok);
        if (cases[i].ok) {
            assert_int_equal(r.start, cases[i].ostart);
            assert_int_equal(r.last, cases[i].olast);
        }
    }
}

static void sizes_and_overlaps(void **state)
{
    axl_range all = { 0, TOP }, top = { TOP, TOP }, low = { 0, 0 };
    axl_range a = { 10, 19 }, b = { 20, 29 }, c = { 19, 20 }, r;

    (void)state;
    assert_int_equal(axl__range_size(&all), TOP);     /* saturated */
    assert_int_equal(axl__range_size(&top), 1);
    assert_int_equal(axl__range_size(&a), 10);
    assert_true(axl__range_size_at_least(&all, TOP));
    assert_true(axl__range_size_at_least(&a, 10));
    assert_false(axl__range_size_at_least(&a, 11));
    assert_true(axl__range_size_at_least(&top, 1));
    assert_false(axl__range_size_at_least(&top, 2));
    assert_false(axl__range_overlaps(&a, &b));        /* adjacent */
    assert_true(axl__range_overlaps(&a, &c));
    assert_true(axl__range_overlaps(&b, &c));
    assert_true(axl__range_overlaps(&all, &top));
    assert_false(axl__range_overlaps(&low, &top));

    assert_true(axl__range_from_size(TOP, 1, &r));
    assert_int_equal(r.last, TOP);
    assert_false(axl__range_from_size(TOP, 2, &r));
    assert_false(axl__range_from_size(5, 0, &r));
    assert_true(axl__range_from_size(0, TOP, &r));
    assert_int_equal(r.last, TOP - 1);
    assert_true(axl__range_from_size(1, TOP, &r));
    assert_int_equal(r.last, TOP);
}

/* ---- the busy set ------------------------------------------------------ */

typedef struct collected {
    axl_range pieces[4096];
    bool busy[4096];
    size_t nr;
} collected;

static int collect(void *opaque, const axl_range *piece, const axl__busy *b)
{
    collected *c = opaque;

    assert_true(c->nr < 4096);
    c->pieces[c->nr] = *piece;
    c->busy[c->nr] = b != NULL;
    c->nr++;
    return 0;
}

static axl_window win(uint64_t start, uint64_t last)
{
    axl_window w = { start, last, AXL_OWNER_IOMEM, 0, NULL };

    return w;
}

static void busyset_edges(void **state)
{
    axl_window w[] = {
        win(0, 9), win(10, 19),           /* touching: one run */
        win(100, 200), win(150, 160),     /* nested */
        win(TOP - 5, TOP),                /* at the very top */
        win(TOP - 10, TOP - 6),           /* touching the top one */
    };
    axl__busyset set;
    collected c;
    axl_range all = { 0, TOP }, mid = { 15, 120 }, none = { 30, 40 };

    (void)state;
    axl__busyset_init(&set);
    assert_int_equal(axl__busyset_build(&set, w, 6), AXL_OK);
    assert_int_equal(set.nr, 3);
    assert_int_equal(set.runs[0].range.last, 19);
    assert_int_equal(set.runs[1].range.start, 100);
    assert_int_equal(set.runs[1].range.last, 200);
    assert_int_equal(set.runs[2].range.start, TOP - 10);
    assert_int_equal(set.runs[2].range.last, TOP);
    /* Each run knows its windows, in start order. */
    assert_int_equal(set.runs[0].end - set.runs[0].first, 2);
    assert_int_equal(set.order[set.runs[1].first], 2);
    assert_int_equal(set.order[set.runs[1].first + 1], 3);
    assert_int_equal(set.runs[1].end - set.runs[1].first, 2);
    assert_int_equal(set.order[set.runs[2].first], 5);    /* TOP-10 first */
    assert_int_equal(set.order[set.runs[2].first + 1], 4);

    c.nr = 0;
    assert_int_equal(axl__busyset_walk(&set, &all, collect, &c), 0);
    assert_int_equal(c.nr, 5);    /* busy free busy free busy */
    assert_true(c.busy[0] && !c.busy[1] && c.busy[2] && !c.busy[3] &&
                c.busy[4]);
    assert_int_equal(c.pieces[1].start, 20);
    assert_int_equal(c.pieces[1].last, 99);
    assert_int_equal(c.pieces[3].start, 201);
    assert_int_equal(c.pieces[3].last, TOP - 11);
    assert_int_equal(c.pieces[4].last, TOP);

    c.nr = 0;
    assert_int_equal(axl__busyset_walk(&set, &mid, collect, &c), 0);
    assert_int_equal(c.nr, 3);
    assert_int_equal(c.pieces[0].start, 15);
    assert_int_equal(c.pieces[0].last, 19);
    assert_int_equal(c.pieces[2].last, 120);

    c.nr = 0;
    assert_int_equal(axl__busyset_walk(&set, &none, collect, &c), 0);
    assert_int_equal(c.nr, 1);
    assert_false(c.busy[0]);
    axl__busyset_dispose(&set);

    /* Empty set: the whole candidate is free; full coverage: all busy. */
    assert_int_equal(axl__busyset_build(&set, NULL, 0), AXL_OK);
    c.nr = 0;
    assert_int_equal(axl__busyset_walk(&set, &all, collect, &c), 0);
    assert_int_equal(c.nr, 1);
    assert_int_equal(c.pieces[0].last, TOP);
    w[0] = win(0, TOP);
    assert_int_equal(axl__busyset_build(&set, w, 1), AXL_OK);
    c.nr = 0;
    assert_int_equal(axl__busyset_walk(&set, &all, collect, &c), 0);
    assert_int_equal(c.nr, 1);
    assert_true(c.busy[0]);
    axl__busyset_dispose(&set);
}

/* Brute force: a 256-address universe at the bottom or the top of the
 * 64-bit space, windows as a bitmap, free pieces as runs of clear bits. */
static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void busyset_matches_bitmap(void **state)
{
    int round;

    (void)state;
    for (round = 0; round < 5000; round++) {
        uint64_t base = (round & 1) ? TOP - 255 : 0;
        bool busy[256] = { false };
        axl_window w[12];
        size_t nw = rnd() % 12, i;
        axl__busyset set;
        collected c;
        axl_range cand;
        uint64_t a = rnd() % 256, b = rnd() % 256, pos;

        for (i = 0; i < nw; i++) {
            uint64_t s = rnd() % 256, l = s + rnd() % 40;
            uint64_t k;

            if (l > 255)
                l = 255;
            w[i] = win(base + s, base + l);
            for (k = s; k <= l; k++)
                busy[k] = true;
        }
        cand.start = base + (a < b ? a : b);
        cand.last = base + (a < b ? b : a);
        axl__busyset_init(&set);
        assert_int_equal(axl__busyset_build(&set, w, nw), AXL_OK);
        /* Runs are sorted, disjoint and do not touch. */
        for (i = 1; i < set.nr; i++)
            assert_true(set.runs[i].range.start > set.runs[i - 1].range.last + 1);
        c.nr = 0;
        assert_int_equal(axl__busyset_walk(&set, &cand, collect, &c), 0);
        /* The pieces tile the candidate exactly, each uniform. */
        pos = cand.start;
        for (i = 0; i < c.nr; i++) {
            uint64_t k;

            assert_int_equal(c.pieces[i].start, pos);
            for (k = c.pieces[i].start; ; k++) {
                assert_int_equal(busy[k - base], c.busy[i]);
                if (k == c.pieces[i].last)
                    break;
            }
            if (i + 1 < c.nr)
                assert_int_not_equal(c.busy[i], c.busy[i + 1]);
            pos = c.pieces[i].last + 1;
        }
        assert_int_equal(c.pieces[c.nr - 1].last, cand.last);
        axl__busyset_dispose(&set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(width_last_every_bits),
        cmocka_unit_test(align_up_edges),
        cmocka_unit_test(align_inward_edges),
        cmocka_unit_test(sizes_and_overlaps),
        cmocka_unit_test(busyset_edges),
        cmocka_unit_test(busyset_matches_bitmap),
    };

    return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
