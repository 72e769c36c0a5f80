/* Opening hours in Helsinki time: periods over midnight, holidays, exception
 * days, validity periods and the daylight-saving changes of March and
 * October. Every instant is given as Unix seconds (UTC). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "directory/hours.h"
#include "test_strict.h"

#define D(s) hours_parse_date(s)
#define WEEK(o, c) {1, o, c, -1, -1}, {2, o, c, -1, -1}, {3, o, c, -1, -1}, {4, o, c, -1, -1}, {5, o, c, -1, -1}

static void dates_and_weekdays(void **state)
{
    (void)state;
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(hours_weekday(D("2026-11-25")), 3);   /* a Wednesday */
    assert_int_equal(hours_weekday(D("2026-03-29")), 7);
    assert_int_equal(D("2026-02-29"), -1);
    assert_int_equal(D("2026-13-01"), -1);
    assert_int_equal(D("2026-1-01"), -1);
    assert_int_equal(D(NULL), -1);
    char out[11];
    hours_format_date(D("2024-02-29"), out);
    assert_string_equal(out, "2024-02-29");
}

static void offsets_follow_the_eu_rule(void **state)
{
    (void)state;
    /* 2026: summer time from Sun 29 March 01:00 UTC to Sun 25 October 01:00 UTC */
    assert_int_equal(hours_helsinki_offset(1774745999), 7200);
    assert_int_equal(hours_helsinki_offset(1774746000), 10800);
    assert_int_equal(hours_helsinki_offset(1792889999), 10800);
    assert_int_equal(hours_helsinki_offset(1792890000), 7200);
    hel_time t;
    hours_to_local(1774745999, &t);   /* 02:59:59 EET */
    assert_int_equal(t.days, D("2026-03-29"));
    assert_int_equal(t.minute, 2 * 60 + 59);
    hours_to_local(1774746000, &t);   /* the next second is 04:00 EEST */
    assert_int_equal(t.minute, 4 * 60);
    hours_to_local(1792889999, &t);   /* 03:59:59 EEST */
    assert_int_equal(t.minute, 3 * 60 + 59);
    hours_to_local(1792890000, &t);   /* and then 03:00 EET again */
    assert_int_equal(t.minute, 3 * 60);
    assert_int_equal(t.weekday, 7);
    /* late evening UTC is already the next day in Helsinki */
    hours_to_local(1796407200 + 4 * 3600, &t);   /* Fri 4 Dec 22:00 UTC = Sat 00:00 */
    assert_int_equal(t.days, D("2026-12-05"));
    assert_int_equal(t.weekday, 6);
}

static void missing_and_doubled_local_times(void **state)
{
    (void)state;
    int64_t march = D("2026-03-29"), october = D("2026-10-25");
    assert_int_equal(hours_from_local(march, 2 * 60 + 59), 1774745940);      /* 02:59 EET */
    assert_int_equal(hours_from_local(march, 4 * 60), 1774746000);           /* 04:00 EEST */
    /* 03:30 does not exist: read as 04:30 summer time, 01:30 UTC */
    assert_int_equal(hours_from_local(march, 3 * 60 + 30), 1774746000 + 1800);
    /* 03:30 happens twice in October: the first (summer time, 00:30 UTC) */
    assert_int_equal(hours_from_local(october, 3 * 60 + 30), 1792890000 - 1800);
    assert_int_equal(hours_from_local(october, 4 * 60), 1792890000 + 3600);  /* 04:00 EET */
    /* the whole day is 23 hours in March and 25 in October */
    assert_int_equal(hours_from_local(march + 1, 0) - hours_from_local(march, 0), 23 * 3600);
    assert_int_equal(hours_from_local(october + 1, 0) - hours_from_local(october, 0), 25 * 3600);
}

static void night_periods_across_the_clock_changes(void **state)
{
    (void)state;
    /* an on-call line open every night 22:00-06:00 */
    hours_regular nights[7];
    for (int i = 0; i < 7; i++) nights[i] = (hours_regular){i + 1, 22 * 60, 6 * 60, -1, -1};
    hours_set s = {nights, 7, NULL, 0};
    hours_interval iv[4];
    /* Saturday night into the March change: 22:00 EET .. 06:00 EEST = 7 hours */
    assert_int_equal(hours_day_intervals(&s, D("2026-03-28"), iv, 4), 1);
    assert_int_equal(iv[0].end - iv[0].start, 7 * 3600);
    /* into the October change: 22:00 EEST .. 06:00 EET = 9 hours */
    assert_int_equal(hours_day_intervals(&s, D("2026-10-24"), iv, 4), 1);
    assert_int_equal(iv[0].end - iv[0].start, 9 * 3600);

    hours_status st;
    hours_status_at(&s, 1774746000, &st);     /* 04:00 EEST, right after the change */
    assert_true(st.open);
    assert_int_equal(st.closes_at, 1774746000 + 2 * 3600);   /* 06:00 EEST = 03:00 UTC */
    hours_status_at(&s, 1792890000 + 1800, &st);   /* the second 03:30, winter time */
    assert_true(st.open);
    assert_int_equal(st.closes_at, 1792890000 + 3 * 3600);   /* 06:00 EET = 04:00 UTC */
    hours_status_at(&s, 1792890000 + 4 * 3600, &st);         /* 07:00 EET */
    assert_false(st.open);
    assert_int_equal(st.opens_at, 1792890000 + 19 * 3600);   /* 22:00 EET = 20:00 UTC */
}

static void opening_in_the_missing_hour(void **state)
{
    (void)state;
    /* Sunday 03:00-05:00 on the March change day is only one hour long */
    hours_regular sunday[] = {{7, 3 * 60, 5 * 60, -1, -1}};
    hours_set s = {sunday, 1, NULL, 0};
    hours_interval iv[2];
    assert_int_equal(hours_day_intervals(&s, D("2026-03-29"), iv, 2), 1);
    assert_int_equal(iv[0].start, 1774746000);            /* 03:00 does not exist: 04:00 EEST */
    assert_int_equal(iv[0].end, 1774746000 + 3600);       /* 05:00 EEST */
    /* in October the same hours last three hours */
    assert_int_equal(hours_day_intervals(&s, D("2026-10-25"), iv, 2), 1);
    assert_int_equal(iv[0].end - iv[0].start, 3 * 3600);
    hours_status st;
    hours_status_at(&s, 1774745999, &st);                 /* 02:59:59 EET */
    assert_false(st.open);
    assert_int_equal(st.opens_at, 1774746000);
}

static void evening_periods_past_midnight(void **state)
{
    (void)state;
    /* a weekend emergency desk: Friday and Saturday 20:00-08:00 */
    hours_regular h[] = {{5, 20 * 60, 8 * 60, -1, -1}, {6, 20 * 60, 8 * 60, -1, -1}};
    hours_set s = {h, 2, NULL, 0};
    hours_status st;
    int64_t fri20 = 1796407200;                  /* Fri 4 Dec 2026 20:00 EET */
    hours_status_at(&s, fri20 - 1, &st);
    assert_false(st.open);
    assert_int_equal(st.opens_at, fri20);
    hours_status_at(&s, fri20 + 11 * 3600, &st);   /* Sat 07:00 */
    assert_true(st.open);
    assert_int_equal(st.closes_at, fri20 + 12 * 3600);
    hours_status_at(&s, fri20 + 12 * 3600, &st);   /* Sat 08:00: just closed */
    assert_false(st.open);
    assert_int_equal(st.opens_at, fri20 + 24 * 3600);   /* Sat 20:00 */
    hours_status_at(&s, fri20 + 35 * 3600, &st);   /* Sun 07:00 */
    assert_true(st.open);
    hours_status_at(&s, fri20 + 37 * 3600, &st);   /* Sun 09:00: next Friday */
    assert_false(st.open);
    assert_int_equal(st.opens_at, fri20 + 7 * 86400);
}

static void holidays_and_exception_days(void **state)
{
    (void)state;
    /* weekdays 8-16, Wednesday also 20:00-02:00; Christmas Eve to Boxing Day
     * closed, New Year's Eve 8-12 only */
    hours_regular h[] = {WEEK(8 * 60, 16 * 60), {3, 20 * 60, 2 * 60, -1, -1}};
    hours_exception e[] = {
        {D("2026-12-24"), D("2026-12-26"), true, 0, 0},
        {D("2026-12-31"), -1, false, 8 * 60, 12 * 60},
    };
    hours_set s = {h, 6, e, 2};
    int64_t thu24 = hours_from_local(D("2026-12-24"), 0);
    hours_status st;
    /* Wednesday evening's period still runs into the holiday morning */
    hours_status_at(&s, thu24 + 3600, &st);
    assert_true(st.open);
    assert_int_equal(st.closes_at, thu24 + 2 * 3600);
    /* closed on Christmas Eve at 10:00; opens Monday 28 December at 8:00 */
    hours_status_at(&s, thu24 + 10 * 3600, &st);
    assert_false(st.open);
    assert_int_equal(st.opens_at, hours_from_local(D("2026-12-28"), 8 * 60));
    hours_interval iv[4];
    assert_int_equal(hours_day_intervals(&s, D("2026-12-25"), iv, 4), 0);
    int idx = -1;
    assert_true(hours_day_is_exception(&s, D("2026-12-26"), &idx));
    assert_int_equal(idx, 0);
    assert_false(hours_day_is_exception(&s, D("2026-12-27"), NULL));
    /* New Year's Eve: special hours replace the regular ones */
    int64_t nye = hours_from_local(D("2026-12-31"), 0);
    hours_status_at(&s, nye + 11 * 3600, &st);
    assert_true(st.open);
    assert_int_equal(st.closes_at, nye + 12 * 3600);
    hours_status_at(&s, nye + 13 * 3600, &st);
    assert_false(st.open);
    assert_int_equal(st.opens_at, hours_from_local(D("2027-01-01"), 8 * 60));
}

static void validity_periods_override_regular_hours(void **state)
{
    (void)state;
    /* summer hours 9-15 in July replace 8-16 */
    int64_t jul1 = D("2026-07-01"), jul31 = D("2026-07-31");
    hours_regular h[] = {WEEK(8 * 60, 16 * 60), {1, 9 * 60, 15 * 60, jul1, jul31}, {2, 9 * 60, 15 * 60, jul1, jul31},
                         {3, 9 * 60, 15 * 60, jul1, jul31}, {4, 9 * 60, 15 * 60, jul1, jul31},
                         {5, 9 * 60, 15 * 60, jul1, jul31}};
    hours_set s = {h, 10, NULL, 0};
    hours_interval iv[4];
    assert_int_equal(hours_day_intervals(&s, D("2026-07-15"), iv, 4), 1);
    assert_int_equal(iv[0].start, hours_from_local(D("2026-07-15"), 9 * 60));
    assert_int_equal(hours_day_intervals(&s, D("2026-08-03"), iv, 4), 1);
    assert_int_equal(iv[0].start, hours_from_local(D("2026-08-03"), 8 * 60));
    hours_status st;
    hours_status_at(&s, hours_from_local(D("2026-07-15"), 8 * 60 + 30), &st);
    assert_false(st.open);
    /* several periods a day: a lunch break */
    hours_regular lunch[] = {{2, 8 * 60, 11 * 60, -1, -1}, {2, 12 * 60, 15 * 60, -1, -1}};
    hours_set s2 = {lunch, 2, NULL, 0};
    int64_t tue = D("2026-12-01");
    hours_status_at(&s2, hours_from_local(tue, 11 * 60 + 30), &st);
    assert_false(st.open);
    assert_int_equal(st.opens_at, hours_from_local(tue, 12 * 60));
}

static void around_the_clock_and_unknown(void **state)
{
    (void)state;
    hours_regular h[7];
    for (int i = 0; i < 7; i++) h[i] = (hours_regular){i + 1, 0, 1440, -1, -1};
    hours_set s = {h, 7, NULL, 0};
    hours_status st;
    hours_status_at(&s, 1796407200, &st);
    assert_true(st.open);
    assert_true(st.closes_at >= 1796407200 + 7 * 86400);   /* adjacent days merge */
    hours_set none = {NULL, 0, NULL, 0};
    hours_status_at(&none, 1796407200, &st);
    assert_false(st.known);
    assert_false(st.open);
}

/* The pure C rule agrees with the system's tz database for 2020-2035,
 * every half hour, where the database is installed (required in a strict
 * run: make check installs tzdata). */
static void agrees_with_tzdata(void **state)
{
    (void)state;
    if (access("/usr/share/zoneinfo/Europe/Helsinki", R_OK) != 0) {
        if (test_strict()) fail_msg("no tzdata for Europe/Helsinki (install tzdata): the comparison must run here");
        fprintf(stderr, "no tzdata for Europe/Helsinki: comparison skipped\n");
        return;
    }
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    int checked = 0;
    for (int64_t t = 1577836800; t < 2082758400; t += 1800) {
        time_t tt = (time_t)t;
        struct tm tm;
        localtime_r(&tt, &tm);
        if (tm.tm_gmtoff != hours_helsinki_offset(t)) fprintf(stderr, "differs at %lld\n", (long long)t);
        assert_int_equal(tm.tm_gmtoff, hours_helsinki_offset(t));
        hel_time lt;
        hours_to_local(t, &lt);
        assert_int_equal(lt.minute, tm.tm_hour * 60 + tm.tm_min);
        assert_int_equal(lt.weekday, tm.tm_wday == 0 ? 7 : tm.tm_wday);
        checked++;
    }
    assert_true(checked > 250000);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_and_weekdays),
        cmocka_unit_test(offsets_follow_the_eu_rule),
        cmocka_unit_test(missing_and_doubled_local_times),
        cmocka_unit_test(night_periods_across_the_clock_changes),
        cmocka_unit_test(opening_in_the_missing_hour),
        cmocka_unit_test(evening_periods_past_midnight),
        cmocka_unit_test(holidays_and_exception_days),
        cmocka_unit_test(validity_periods_override_regular_hours),
        cmocka_unit_test(around_the_clock_and_unknown),
        cmocka_unit_test(agrees_with_tzdata),
    };
    return cmocka_run_group_tests_name("directory hours", tests, NULL, NULL);
}
