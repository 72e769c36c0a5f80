/* Staff maintain the search terms residents' searches match: a synonym added
 * in the UI makes its inflected forms find the service, removing it undoes
 * that; bad input is answered beside the field; only staff get in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testsrv.h"

static testsrv srv;

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static bool search_finds_family_counselling(tclient *c, const char *path)
{
    tresp r;
    http_get(c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    bool found = body_has(&r, ">Perheneuvola</h3>");
    tresp_free(&r);
    return found;
}

static void only_staff_get_in(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/staff/search-terms", NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    login_as(&c, "fi", "asukas@kohtaamo.example", "kohtaamo-demo-2026");
    http_get(&c, "/fi/staff/search-terms", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);
}

static void a_synonym_added_by_staff_finds_the_service(void **state)
{
    (void)state;
    tclient resident, staff;
    tclient_init(&resident, &srv);
    /* an invented word nobody has taught the search yet */
    assert_false(search_finds_family_counselling(&resident, "/fi/services?q=kotikonsultaatiota"));

    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "koordinaattori@kohtaamo.example", "kohtaamo-demo-2026");
    char *tok = fetch_csrf(&staff, "/fi/staff/search-terms");
    const char *empty[] = {"csrf", tok, "service", "family-counselling", "lang", "fi", "term", "", NULL};
    tresp r;
    http_post_form(&staff, "/fi/staff/search-terms", empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "f-term-error"));
    tresp_free(&r);
    const char *unknown[] = {"csrf", tok, "service", "no-such-service", "lang", "fi", "term", "Sana", NULL};
    http_post_form(&staff, "/fi/staff/search-terms", unknown, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "f-service-error"));
    assert_true(body_has(&r, "value=\"Sana\""));   /* input kept */
    tresp_free(&r);
    const char *two_words[] = {"csrf", tok, "service", "family-counselling", "lang", "fi", "term", "kaksi sanaa", NULL};
    http_post_form(&staff, "/fi/staff/search-terms", two_words, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);

    const char *good[] = {"csrf", tok, "service", "family-counselling", "lang", "fi", "term", "Kotikonsultaatio", NULL};
    http_post_form(&staff, "/fi/staff/search-terms", good, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&staff, "/fi/staff/search-terms", NULL, &r);
    assert_true(body_has(&r, ">kotikonsultaatio</td>"));   /* stored lower-cased */
    /* the remove button in the row of our term */
    const char *del = strstr(strstr(r.body.data, ">kotikonsultaatio</td>"), "/delete\"");
    assert_non_null(del);
    const char *start = del;
    while (start > r.body.data && *start != '"') start--;
    char *delete_path = strndup(start + 1, (size_t)(del + 7 - start - 1));
    tresp_free(&r);

    /* inflected forms find the service now */
    assert_true(search_finds_family_counselling(&resident, "/fi/services?q=kotikonsultaatiota"));
    assert_true(search_finds_family_counselling(&resident, "/fi/services?q=kotikonsultaatioon"));

    const char *pairs[] = {"csrf", tok, NULL};
    http_post_form(&staff, delete_path, pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_post_form(&staff, delete_path, pairs, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    assert_false(search_finds_family_counselling(&resident, "/fi/services?q=kotikonsultaatiota"));
    free(delete_path);
    free(tok);
    tclient_free(&staff);
    tclient_free(&resident);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_staff_get_in),
        cmocka_unit_test(a_synonym_added_by_staff_finds_the_service),
    };
    return cmocka_run_group_tests_name("search terms", tests, setup, teardown);
}
