/* Survey statistics with exact numbers: percentages, means, NPS, suppression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "surveys/stats.h"

static void percentages_round_half_up_in_tenths(void **state)
{
    (void)state;
    assert_int_equal(stats_pct_tenths(9, 20), 450);     /* 45.0 % */
    assert_int_equal(stats_pct_tenths(1, 3), 333);      /* 33.33 -> 33.3 */
    assert_int_equal(stats_pct_tenths(2, 3), 667);      /* 66.67 -> 66.7 */
    assert_int_equal(stats_pct_tenths(1, 8), 125);      /* 12.5 exactly */
    assert_int_equal(stats_pct_tenths(1, 16), 63);      /* 6.25 -> 6.3 (half up) */
    assert_int_equal(stats_pct_tenths(0, 7), 0);
    assert_int_equal(stats_pct_tenths(5, 0), 0);        /* no answers: no division */
    assert_int_equal(stats_pct_tenths(100000, 100000), 1000);
}

static void mean_and_mode_of_a_scale(void **state)
{
    (void)state;
    /* 1..5 scale: 2 x1, 3 x2, 5 x3, 4 x4, 1 x5 -> sum 2+6+15+16+5 = 44, n 15 */
    int values[] = {1, 2, 3, 4, 5};
    int64_t counts[] = {2, 3, 5, 4, 1};
    stats_dist d;
    stats_distribution(values, counts, 5, &d);
    assert_int_equal(d.n, 15);
    assert_int_equal(d.sum, 44);
    assert_int_equal(d.mean_h, 293);   /* 2.9333 -> 2.93 */
    assert_int_equal(d.mode_index, 2);
    int64_t none[] = {0, 0, 0, 0, 0};
    stats_distribution(values, none, 5, &d);
    assert_int_equal(d.n, 0);
    assert_int_equal(d.mean_h, 0);
    assert_int_equal(d.mode_index, -1);
    /* ties: the first value wins */
    int64_t tie[] = {0, 4, 0, 4, 0};
    stats_distribution(values, tie, 5, &d);
    assert_int_equal(d.mode_index, 1);
    assert_int_equal(d.mean_h, 300);
}

static void net_promoter_score(void **state)
{
    (void)state;
    /* 10 answers: 9,10,10,9,8,7,6,3,10,0 -> promoters 5, passives 2, detractors 3 */
    int64_t c[11] = {0};
    int answers[] = {9, 10, 10, 9, 8, 7, 6, 3, 10, 0};
    for (int i = 0; i < 10; i++) c[answers[i]]++;
    stats_nps s;
    stats_nps_from_counts(c, &s);
    assert_int_equal(s.n, 10);
    assert_int_equal(s.promoters, 5);
    assert_int_equal(s.passives, 2);
    assert_int_equal(s.detractors, 3);
    assert_int_equal(s.nps, 20);
    /* all detractors */
    stats_nps_from_groups(0, 0, 7, &s);
    assert_int_equal(s.nps, -100);
    /* 1 promoter, 2 detractors of 3: -33.3 -> -33; 2 of 3 negative with 1 of 8: */
    stats_nps_from_groups(1, 0, 2, &s);
    assert_int_equal(s.nps, -33);
    /* -62.5 rounds away from zero to -63 */
    stats_nps_from_groups(1, 1, 6, &s);
    assert_int_equal(s.nps, -63);
    stats_nps_from_groups(0, 0, 0, &s);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.nps, 0);
}

static void small_cells_are_suppressed(void **state)
{
    (void)state;
    bool sup[6];
    /* two small cells: both hidden, the rest shown */
    int64_t a[] = {12, 3, 40, 4, 9};
    assert_int_equal(stats_suppress(a, 5, sup), 2);
    assert_false(sup[0]);
    assert_true(sup[1]);
    assert_false(sup[2]);
    assert_true(sup[3]);
    assert_false(sup[4]);
    /* exactly one small cell: the next smallest (9) goes too, against subtraction from the total */
    int64_t b[] = {12, 3, 40, 9, 9};
    assert_int_equal(stats_suppress(b, 5, sup), 2);
    assert_false(sup[0]);
    assert_true(sup[1]);
    assert_false(sup[2]);
    assert_true(sup[3]);   /* first of the two nines */
    assert_false(sup[4]);
    /* nothing small: nothing hidden; exactly five is shown */
    int64_t c[] = {5, 6, 100};
    assert_int_equal(stats_suppress(c, 3, sup), 0);
    assert_false(sup[0]);
    /* empty cells are neither small nor a partner for secondary suppression */
    int64_t d[] = {0, 2, 0, 30};
    assert_int_equal(stats_suppress(d, 4, sup), 2);
    assert_false(sup[0]);
    assert_true(sup[1]);
    assert_false(sup[2]);
    assert_true(sup[3]);
    /* a single cell of 4: hidden, no partner to take */
    int64_t e[] = {4};
    assert_int_equal(stats_suppress(e, 1, sup), 1);
    assert_true(sup[0]);
}

static void number_formats(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(stats_fmt_tenths(455, '.', b), "45.5");
    assert_string_equal(stats_fmt_tenths(455, ',', b), "45,5");
    assert_string_equal(stats_fmt_tenths(1000, ',', b), "100,0");
    assert_string_equal(stats_fmt_tenths(3, '.', b), "0.3");
    assert_string_equal(stats_fmt_tenths(-125, '.', b), "-12.5");
    assert_string_equal(stats_fmt_hundredths(293, ',', b), "2,93");
    assert_string_equal(stats_fmt_hundredths(1005, '.', b), "10.05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percentages_round_half_up_in_tenths),
        cmocka_unit_test(mean_and_mode_of_a_scale),
        cmocka_unit_test(net_promoter_score),
        cmocka_unit_test(small_cells_are_suppressed),
        cmocka_unit_test(number_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
