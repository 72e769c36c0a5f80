/* The pure parts of the projects feature: dates, progress, slugs, search
 * terms and snippets, and the timeline layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "projects/logic.h"
#include "http/form.h"

static bool utf8_ok(const char *s) { return utf8_valid(s, strlen(s)); }

static void dates_are_strict(void **state)
{
    (void)state;
    assert_int_equal(proj_date_days("1970-01-01"), 0);
    assert_int_equal(proj_date_days("2026-03-31"), 20543);
    assert_int_equal(proj_date_days("2024-02-29") + 1, proj_date_days("2024-03-01"));
    static const char *const bad[] = {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
                                      "26-01-01", "2026/01/01", "2026-01-01x", "", "abcd-ef-gh", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(proj_date_days(bad[i]), -1);
    assert_int_equal(proj_date_days(NULL), -1);
    char out[32];
    proj_days_iso(proj_date_days("2000-02-29"), out, sizeof out);
    assert_string_equal(out, "2000-02-29");
    proj_days_display(proj_date_days("2026-03-05"), out, sizeof out);
    assert_string_equal(out, "5.3.2026");
    assert_int_equal(proj_unix_days(86399), 0);
    assert_int_equal(proj_unix_days(86400), 1);
}

static void progress_counts_done_of_not_cancelled(void **state)
{
    (void)state;
    assert_int_equal(proj_progress(2, 5, 0), 40);
    assert_int_equal(proj_progress(2, 5, 1), 50);
    assert_int_equal(proj_progress(1, 3, 0), 33);   /* rounded down */
    assert_int_equal(proj_progress(3, 3, 0), 100);
    assert_int_equal(proj_progress(0, 0, 0), -1);
    assert_int_equal(proj_progress(0, 2, 2), -1);   /* everything cancelled: nothing to show */
}

static void slugs_are_ascii(void **state)
{
    (void)state;
    char s[64];
    proj_slugify("Äitiysneuvolan ääni – Östersundom & Åland!", s, sizeof s);
    assert_string_equal(s, "aitiysneuvolan-aani-ostersundom-aland");
    proj_slugify("  --  ", s, sizeof s);
    assert_string_equal(s, "project");
    proj_slugify("Café Hälsö 2026", s, 12);
    assert_true(strlen(s) <= 11);
    assert_int_equal(strncmp(s, "cafe-halso", 10), 0);
}

static void search_terms_are_safe(void **state)
{
    (void)state;
    char *terms[5];
    bool dropped;
    int n = proj_search_terms("  ab terveys \"hälso\" x  ", terms, 5, &dropped);
    assert_int_equal(n, 2);
    assert_true(dropped);
    assert_string_equal(terms[0], "terveys");
    assert_string_equal(terms[1], "hälso");   /* 5 characters, 6 bytes */
    char *q = proj_fts_query(terms, n);
    assert_string_equal(q, "\"terveys\" \"hälso\"");
    free(q);
    proj_free_terms(terms, n);
    n = proj_search_terms("äöå", terms, 5, &dropped);   /* three letters are enough */
    assert_int_equal(n, 1);
    assert_false(dropped);
    char *odd[] = {"a\"b*c"};
    q = proj_fts_query(odd, 1);
    assert_string_equal(q, "\"a\"\"b*c\"");
    free(q);
    proj_free_terms(terms, n);
    char *like = proj_like_pattern("50%_off\\");
    assert_string_equal(like, "%50\\%\\_off\\\\%");
    free(like);
}

static const char *seg_text(json_t *arr, size_t i) { return json_string_value(json_object_get(json_array_get(arr, i), "text")); }
static bool seg_mark(json_t *arr, size_t i) { return json_is_true(json_object_get(json_array_get(arr, i), "mark")); }

static void snippets_mark_matches(void **state)
{
    (void)state;
    char *terms[] = {"hälso"};
    json_t *s = proj_snippet("Digital tidsbokning vid HÄLSOSTATIONERNA <b>", terms, 1, 200);
    assert_int_equal(json_array_size(s), 3);
    assert_string_equal(seg_text(s, 0), "Digital tidsbokning vid ");
    assert_false(seg_mark(s, 0));
    assert_string_equal(seg_text(s, 1), "HÄLSO");   /* case-insensitive, original letters kept */
    assert_true(seg_mark(s, 1));
    assert_string_equal(seg_text(s, 2), "STATIONERNA <b>");   /* escaped by the template, not here */
    json_decref(s);
    /* a long text is cut around the match at character boundaries */
    char text[600];
    memset(text, 0, sizeof text);
    for (int i = 0; i < 100; i++) strcat(text, "ää ");
    strcat(text, "terveysasema");
    char *t2[] = {"terveys"};
    s = proj_snippet(text, t2, 1, 60);
    assert_string_equal(seg_text(s, 0), "…");
    bool found = false;
    for (size_t i = 0; i < json_array_size(s); i++) {
        assert_true(utf8_ok(seg_text(s, i)));
        if (seg_mark(s, i)) found = strcmp(seg_text(s, i), "terveys") == 0;
    }
    assert_true(found);
    json_decref(s);
    /* no match: the start of the text */
    s = proj_snippet("Ei osumaa tässä", t2, 1, 200);
    assert_int_equal(json_array_size(s), 1);
    assert_false(seg_mark(s, 0));
    json_decref(s);
}

static void timeline_places_marks_in_order(void **state)
{
    (void)state;
    tl_mark m[3] = {{.day = proj_date_days("2026-01-01")}, {.day = proj_date_days("2026-07-02")},
                    {.day = proj_date_days("2027-01-01")}};
    tl_layout lay;
    proj_timeline_layout(m, 3, -1, -1, proj_date_days("2026-07-02"), &lay);
    assert_true(m[0].x == TL_LEFT);
    assert_true(m[2].x == TL_RIGHT);
    assert_true(m[1].x > 360 && m[1].x < 400);   /* about the middle */
    assert_false(m[0].anchor_end);
    assert_true(m[2].anchor_end);
    assert_true(m[0].label_y < m[1].label_y && m[1].label_y < m[2].label_y);
    assert_true(lay.today_x > 360 && lay.today_x < 400);
    assert_int_equal(lay.nticks, 1);
    assert_int_equal(lay.ticks[0].year, 2027);
    assert_true(lay.height > m[2].label_y);
    /* the project's dates widen the axis; today outside it is not drawn */
    proj_timeline_layout(m, 3, proj_date_days("2025-01-01"), proj_date_days("2028-12-31"), proj_date_days("2030-01-01"), &lay);
    assert_true(m[0].x > TL_LEFT);
    assert_true(lay.today_x < 0);
    assert_int_equal(lay.nticks, 3);
    /* nothing at all still gives an axis */
    proj_timeline_layout(NULL, 0, -1, -1, 20000, &lay);
    assert_true(lay.last > lay.first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_are_strict),
        cmocka_unit_test(progress_counts_done_of_not_cancelled),
        cmocka_unit_test(slugs_are_ascii),
        cmocka_unit_test(search_terms_are_safe),
        cmocka_unit_test(snippets_mark_matches),
        cmocka_unit_test(timeline_places_marks_in_order),
    };
    return cmocka_run_group_tests_name("projects logic", tests, NULL, NULL);
}
