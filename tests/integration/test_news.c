/* County news: staff publish through the form, residents page through the
 * list, the API pages with cursors, Markdown stays safe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
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
    /* 45 more items a minute apart, built by code: 50 with the demo's 5 */
    db *d = testsrv_db(&srv);
    assert_int_equal(db_begin(d), 0);
    for (int i = 0; i < 45; i++) {
        char title[64];
        snprintf(title, sizeof title, "Testiuutinen %02d", i);
        db_param p[] = {DB_INT(1700000000 + i * 60), DB_TEXT(title), DB_TEXT("Leipäteksti")};
        assert_int_equal(db_exec(d, "INSERT INTO news(published_at, title_fi, body_fi) VALUES($1, $2, $3)", 3, p), 0);
    }
    assert_int_equal(db_commit(d), 0);
    db_close(d);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static int count_items(const tresp *r)
{
    int n = 0;
    for (const char *p = r->body.data; (p = strstr(p, "<li>\n  <h2><a href=\"/fi/news/")); p++) n++;
    return n;
}

static char *link_with_rel(const tresp *r, const char *rel)
{
    char needle[64];
    snprintf(needle, sizeof needle, "\" rel=\"%s\"", rel);
    const char *end = strstr(r->body.data, needle);
    if (!end) return NULL;
    const char *start = end - 1;
    while (start > r->body.data && *start != '"') start--;
    char *url = strndup(start + 1, (size_t)(end - start - 1));
    /* undo the HTML escaping of the href */
    char *amp;
    while ((amp = strstr(url, "&amp;"))) memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
    return url;
}

static void list_pages_forward_and_back(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/news", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 20);
    assert_null(link_with_rel(&r, "prev"));
    char *next = link_with_rel(&r, "next");
    assert_non_null(next);
    char first_page[64];
    const char *t = strstr(r.body.data, "<h2><a href=\"/fi/news/");
    snprintf(first_page, sizeof first_page, "%.40s", t);
    tresp_free(&r);
    int total = 20, pages = 1;
    char *prev = NULL;
    while (next) {
        http_get(&c, next, NULL, &r);
        assert_int_equal(r.status, 200);
        total += count_items(&r);
        pages++;
        free(next);
        free(prev);
        next = link_with_rel(&r, "next");
        prev = link_with_rel(&r, "prev");
        assert_non_null(prev);
        tresp_free(&r);
    }
    assert_int_equal(total, 50);
    assert_int_equal(pages, 3);
    /* back from the last page twice reaches the first page again */
    http_get(&c, prev, NULL, &r);
    free(prev);
    prev = link_with_rel(&r, "prev");
    assert_int_equal(count_items(&r), 20);
    tresp_free(&r);
    http_get(&c, prev, NULL, &r);
    assert_int_equal(count_items(&r), 20);
    assert_non_null(strstr(r.body.data, first_page));
    assert_null(link_with_rel(&r, "prev"));
    tresp_free(&r);
    free(prev);
    tclient_free(&c);
}

static void api_pages_with_cursors(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char path[256] = "/api/v1/news";
    int total = 0;
    json_int_t last_id = -1;
    for (int guard = 0; guard < 10; guard++) {
        tresp r;
        http_get(&c, path, NULL, &r);
        assert_int_equal(r.status, 200);
        json_t *j = json_loads(r.body.data, 0, NULL);
        assert_non_null(j);
        json_t *items = json_object_get(j, "items");
        total += (int)json_array_size(items);
        json_t *first = json_array_get(items, 0);
        assert_true(json_integer_value(json_object_get(first, "id")) != last_id);
        last_id = json_integer_value(json_object_get(first, "id"));
        json_t *next = json_object_get(j, "next");
        if (json_is_null(next)) {
            json_decref(j);
            tresp_free(&r);
            break;
        }
        snprintf(path, sizeof path, "%s", json_string_value(next));
        json_decref(j);
        tresp_free(&r);
    }
    assert_int_equal(total, 50);
    tresp r;
    http_get(&c, "/api/v1/news?before=1.x", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "\"error\""));
    tresp_free(&r);
    tclient_free(&c);
}

static void staff_publish_with_errors_then_success(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "koordinaattori@kohtaamo.example", "kohtaamo-demo-2026");
    char *tok = fetch_csrf(&c, "/fi/news/new");
    const char *missing[] = {"csrf", tok, "title_fi", "", "title_sv", "Bara svenska", "body_fi", "", NULL};
    tresp r;
    http_post_form(&c, "/fi/news/new", missing, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "value=\"Bara svenska\""));
    assert_true(body_has(&r, "f-title_fi-error"));
    assert_true(body_has(&r, "f-body_fi-error"));
    tresp_free(&r);
    const char *ok[] = {"csrf", tok, "title_fi", "Uusi <i>palvelu</i>", "body_fi",
                        "**Tärkeää:** <script>alert(1)</script>\n\n- yksi\n- kaksi", NULL};
    http_post_form(&c, "/fi/news/new", ok, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    tresp_free(&r);
    http_get(&c, loc, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Uusi &lt;i&gt;palvelu&lt;/i&gt;"));
    assert_true(body_has(&r, "<strong>Tärkeää:</strong>"));
    assert_true(body_has(&r, "&lt;script&gt;"));          /* raw HTML is off */
    assert_false(body_has(&r, "<script>alert(1)"));
    assert_true(body_has(&r, "<li>kaksi</li>"));
    tresp_free(&r);
    /* Swedish page falls back to Finnish, visibly */
    char svloc[128];
    snprintf(svloc, sizeof svloc, "/sv%s", loc + 3);
    http_get(&c, svloc, NULL, &r);
    assert_true(body_has(&r, "lang=\"fi\""));
    assert_true(body_has(&r, "class=\"notice\""));
    tresp_free(&r);
    free(loc);
    free(tok);
    tclient_free(&c);
}

static void unknown_news_is_404(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    static const char *const paths[] = {"/fi/news/999999", "/fi/news/abc", "/fi/news/-1", "/fi/news/1x"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        tresp r;
        http_get(&c, paths[i], NULL, &r);
        assert_int_equal(r.status, 404);
        tresp_free(&r);
    }
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_pages_forward_and_back),
        cmocka_unit_test(api_pages_with_cursors),
        cmocka_unit_test(staff_publish_with_errors_then_success),
        cmocka_unit_test(unknown_news_is_404),
    };
    return cmocka_run_group_tests_name("news", tests, setup, teardown);
}
