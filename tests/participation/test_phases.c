/* The phase rules of a participation space: which phase is current at a
 * given time, which comes next, what a kind allows by default, and the
 * dates staff type in the editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "participation/phases.h"

#define DAY 86400LL
#define T0 1790000000LL

/* collecting days 0-30, evaluating 30-60, decided from 60 on (open-ended) */
static const phase_row ROWS[] = {
    {"evaluating", T0 + 30 * DAY, T0 + 60 * DAY, {false, true, true}},
    {"collecting", T0, T0 + 30 * DAY, {true, true, true}},
    {"decided", T0 + 60 * DAY, 0, {false, false, true}},
};

static void the_current_phase_follows_the_clock(void **state)
{
    (void)state;
    assert_int_equal(phase_current(ROWS, 3, T0 - 1), -1);            /* nothing has started */
    assert_int_equal(phase_current(ROWS, 3, T0), 1);                 /* starts are inclusive */
    assert_int_equal(phase_current(ROWS, 3, T0 + 29 * DAY), 1);
    assert_int_equal(phase_current(ROWS, 3, T0 + 30 * DAY - 1), 1);
    assert_int_equal(phase_current(ROWS, 3, T0 + 30 * DAY), 0);      /* ends are exclusive */
    assert_int_equal(phase_current(ROWS, 3, T0 + 60 * DAY), 2);
    assert_int_equal(phase_current(ROWS, 3, T0 + 3650 * DAY), 2);    /* open-ended */
    assert_int_equal(phase_current(ROWS, 0, T0), -1);
}

static void a_gap_between_phases_has_no_current_phase(void **state)
{
    (void)state;
    const phase_row gap[] = {
        {"collecting", T0, T0 + 10 * DAY, {true, true, true}},
        {"decided", T0 + 20 * DAY, T0 + 30 * DAY, {false, false, true}},
    };
    assert_int_equal(phase_current(gap, 2, T0 + 15 * DAY), -1);
    assert_int_equal(phase_next(gap, 2, T0 + 15 * DAY), 1);
    assert_int_equal(phase_current(gap, 2, T0 + 30 * DAY), -1);      /* all over */
    assert_int_equal(phase_next(gap, 2, T0 + 30 * DAY), -1);
    assert_int_equal(phase_next(ROWS, 3, T0 - DAY), 1);
    assert_int_equal(phase_next(ROWS, 3, T0 + DAY), 0);
}

static void overlapping_phases_the_later_start_wins(void **state)
{
    (void)state;
    const phase_row overlap[] = {
        {"collecting", T0, 0, {true, true, true}},
        {"closed", T0 + 5 * DAY, T0 + 6 * DAY, {false, false, false}},
    };
    assert_int_equal(phase_current(overlap, 2, T0 + 5 * DAY), 1);
    assert_int_equal(phase_current(overlap, 2, T0 + 6 * DAY), 0);   /* back to the open-ended one */
}

static void kinds_have_defaults(void **state)
{
    (void)state;
    bool a[3];
    phase_defaults("collecting", a);
    assert_true(a[0] && a[1] && a[2]);
    phase_defaults("evaluating", a);
    assert_true(!a[0] && a[1] && a[2]);
    phase_defaults("decided", a);
    assert_true(!a[0] && !a[1] && a[2]);
    phase_defaults("closed", a);
    assert_true(!a[0] && !a[1] && !a[2]);
    assert_true(phase_kind_valid("decided"));
    assert_false(phase_kind_valid("voting"));
    assert_false(phase_kind_valid(NULL));
}

static void days_are_real_calendar_days(void **state)
{
    (void)state;
    int64_t a, b;
    assert_int_equal(phase_parse_day("2027-01-15", &a), 0);
    assert_int_equal(phase_parse_day("2027-01-16", &b), 0);
    assert_true(b - a >= 23 * 3600 && b - a <= 25 * 3600);
    char out[16];
    phase_iso_day(out, sizeof out, a);
    assert_string_equal(out, "2027-01-15");
    phase_iso_day(out, sizeof out, phase_last_moment(b));             /* an end shows its last day */
    assert_string_equal(out, "2027-01-15");
    assert_int_equal(phase_parse_day("2028-02-29", &a), 0);           /* leap year */
    static const char *const bad[] = {"2027-02-29", "2027-13-01", "2027-00-10", "2027-04-31", "2027-1-01",
                                      "15.1.2027", "2027/01/15", "2027-01-15x", "", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(phase_parse_day(bad[i], &a), -1);
    assert_int_equal(phase_parse_day(NULL, &a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_current_phase_follows_the_clock),
        cmocka_unit_test(a_gap_between_phases_has_no_current_phase),
        cmocka_unit_test(overlapping_phases_the_later_start_wins),
        cmocka_unit_test(kinds_have_defaults),
        cmocka_unit_test(days_are_real_calendar_days),
    };
    return cmocka_run_group_tests_name("participation phases", tests, NULL, NULL);
}
