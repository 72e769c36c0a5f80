/* Service directory, resident side: finding a service by inflected Finnish
 * and Swedish words and staff synonyms, the language, municipality and
 * channel filters, the service point page (hours, exceptions, JSON-LD, tap
 * to call), the JSON API with paging, and bad input. The server's clock is
 * set to Tuesday 1 December 2026 17:00 Helsinki time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"
#include "directory/directory.h"

#define TUESDAY_17 1796137200LL   /* 2026-12-01 15:00 UTC = 17:00 EET */

static testsrv srv;
static char clock_env[64];
static long long family_id, siuntio_id, sote_id;

static long long point_id(db *d, const char *code)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(code)};
    assert_int_equal(db_query(d, &a, &res, "SELECT id FROM service_points WHERE code = $1", 1, p), 0);
    assert_int_equal(res.nrows, 1);
    long long id = db_cell_int(&res, 0, 0);
    arena_free_all(&a);
    return id;
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    char err[256] = "";
    int rc = directory_demo_load(d, err, sizeof err);
    if (rc < 0) fprintf(stderr, "directory_demo_load: %s\n", err);
    assert_true(rc >= 0);
    family_id = point_id(d, "raasepori-family");
    siuntio_id = point_id(d, "siuntio-hs");
    sote_id = point_id(d, "raasepori-sote");
    /* an evening vaccination session in Siuntio today: special hours */
    db_param p[] = {DB_INT(siuntio_id)};
    assert_int_equal(db_exec(d, "INSERT INTO opening_exceptions(point_id, date_from, closed, opens_min, closes_min, "
                                "note_fi, note_sv) VALUES($1, '2026-12-01', 0, 990, 1080, 'Rokotusilta', 'Vaccinationskväll')",
                             1, p), 0);
    db_close(d);
    snprintf(clock_env, sizeof clock_env, "KOHTAAMO_CLOCK_OFFSET=%lld", TUESDAY_17 - (long long)time(NULL));
    srv.extra_env[0] = clock_env;
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static void get(tclient *c, const char *path, tresp *r, long status)
{
    http_get(c, path, NULL, r);
    if (r->status != status) fprintf(stderr, "%s -> %ld\n%s\n", path, r->status, r->body.data ? r->body.data : "");
    assert_int_equal(r->status, status);
}

/* Position of needle in the body, or -1. */
static long pos(const tresp *r, const char *needle)
{
    const char *p = strstr(r->body.data, needle);
    return p ? (long)(p - r->body.data) : -1;
}

static void finds_by_inflected_words_and_synonyms(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* Finnish: base form, illative and a staff synonym */
    static const char *const fi[] = {"/fi/services?q=perheneuvola", "/fi/services?q=perheneuvolaan",
                                     "/fi/services?q=kasvatusneuvola"};
    for (size_t i = 0; i < 3; i++) {
        get(&c, fi[i], &r, 200);
        assert_true(body_has(&r, "<h3 id=\"service-"));
        assert_true(body_has(&r, ">Perheneuvola</h3>"));
        assert_true(body_has(&r, "Raaseporin perhekeskus"));
        assert_false(body_has(&r, ">Hammashoito</h3>"));
        tresp_free(&r);
    }
    /* Swedish: definite form and a synonym; the page shows Swedish names */
    get(&c, "/sv/services?q=familjer%C3%A5dgivningen", &r, 200);
    assert_true(body_has(&r, ">Familjerådgivning</h3>"));
    assert_true(body_has(&r, "Familjecentret i Raseborg"));
    assert_true(body_has(&r, "value=\"familjerådgivningen\""));
    tresp_free(&r);
    get(&c, "/sv/services?q=tandl%C3%A4karen", &r, 200);
    assert_true(body_has(&r, ">Tandvård</h3>"));
    assert_false(body_has(&r, ">Familjerådgivning</h3>"));
    tresp_free(&r);
    /* a need rather than a name */
    get(&c, "/fi/services?q=verikokeeseen", &r, 200);
    assert_true(body_has(&r, ">Laboratorio</h3>"));
    tresp_free(&r);
    /* nothing found: said plainly */
    get(&c, "/fi/services?q=kuumailmapallo", &r, 200);
    assert_true(body_has(&r, "Haullasi ei löytynyt palveluja."));
    tresp_free(&r);
    /* without a search: every service as a link */
    get(&c, "/fi/services", &r, 200);
    assert_true(body_has(&r, "href=\"/fi/services?service=family-counselling\""));
    tresp_free(&r);
    tclient_free(&c);
}

static void language_and_municipality_filters(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* substance abuse services in Raasepori are given only in Finnish */
    get(&c, "/fi/services?q=p%C3%A4ihdepalvelut&municipality=710", &r, 200);
    assert_true(body_has(&r, "Raaseporin sosiaali- ja terveyskeskus"));
    tresp_free(&r);
    get(&c, "/sv/services?q=missbrukarv%C3%A5rd&municipality=710&language=sv", &r, 200);
    assert_false(body_has(&r, "Raseborgs social- och hälsocentral"));
    assert_true(body_has(&r, "Alberga social- och hälsocentral"));
    assert_true(body_has(&r, "<option value=\"sv\" selected>"));
    tresp_free(&r);
    /* nearest first: the chosen municipality's points lead */
    get(&c, "/fi/services?q=perheneuvola&municipality=710", &r, 200);
    assert_true(pos(&r, "Raaseporin perhekeskus") >= 0);
    assert_true(pos(&r, "Raaseporin perhekeskus") < pos(&r, "Kirkkonummen perhekeskus"));
    assert_true(pos(&r, "Karjaan terveysasema") < pos(&r, "Kirkkonummen perhekeskus"));
    assert_true(pos(&r, "Kirkkonummen perhekeskus") < pos(&r, "Leppävaaran sosiaali- ja terveyskeskus"));
    assert_true(body_has(&r, "km valitsemasi kunnan keskustasta"));
    tresp_free(&r);
    get(&c, "/fi/services?q=perheneuvola&municipality=257", &r, 200);
    assert_true(pos(&r, "Kirkkonummen perhekeskus") >= 0);
    assert_true(pos(&r, "Kirkkonummen perhekeskus") < pos(&r, "Raaseporin perhekeskus"));
    tresp_free(&r);
    /* channel: family counselling by video is only in Hanko */
    get(&c, "/fi/services?q=perheneuvola&channel=video", &r, 200);
    assert_true(body_has(&r, "Hangon terveysasema"));
    assert_false(body_has(&r, "Raaseporin perhekeskus"));
    tresp_free(&r);
    tclient_free(&c);
}

static void results_show_status_and_every_channel(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/sv/services?q=familjer%C3%A5dgivning&municipality=710&language=sv", &r, 200);
    /* Tuesday 17:00: the family centre's evening reception is open */
    long at = pos(&r, "Familjecentret i Raseborg");
    assert_true(at >= 0);
    const char *open = strstr(r.body.data + at, "open-status");
    assert_non_null(open);
    assert_true(strncmp(strstr(open, ">") + 1, "Öppet nu, till kl. 19.00", strlen("Öppet nu, till kl. 19.00")) == 0);
    assert_true(body_has(&r, "<a href=\"tel:+358291511210\">029 151 1210</a>"));      /* service line */
    assert_true(body_has(&r, "<a href=\"https://palvelut.kohtaamo.example/chat/perheneuvola\">"));   /* chat */
    tresp_free(&r);
    /* the health centre is closed at 17 and opens tomorrow */
    get(&c, "/fi/services?q=p%C3%A4ihdepalvelut&municipality=710", &r, 200);
    assert_true(body_has(&r, "Suljettu nyt. Aukeaa huomenna klo 8.00"));
    tresp_free(&r);
    tclient_free(&c);
}

static void bad_search_input_is_400_beside_the_field(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/fi/services?q=ab&municipality=710", &r, 400);
    assert_true(body_has(&r, "id=\"f-q-error\""));
    assert_true(body_has(&r, "Kirjoita vähintään 3 kirjainta"));
    assert_true(body_has(&r, "value=\"ab\""));
    assert_true(body_has(&r, "<option value=\"710\" selected>"));
    assert_true(body_has(&r, "href=\"#f-q\""));
    tresp_free(&r);
    get(&c, "/sv/services?q=tandv%C3%A5rd&municipality=999", &r, 400);
    assert_true(body_has(&r, "id=\"f-municipality-error\""));
    assert_true(body_has(&r, "Välj en kommun i listan."));
    assert_true(body_has(&r, "value=\"tandvård\""));
    tresp_free(&r);
    get(&c, "/fi/services?q=hammashoito&language=de", &r, 400);
    assert_true(body_has(&r, "id=\"f-language-error\""));
    tresp_free(&r);
    get(&c, "/fi/services?q=hammashoito&channel=pigeon", &r, 400);
    assert_true(body_has(&r, "id=\"f-channel-error\""));
    tresp_free(&r);
    char longq[300] = "/fi/services?q=";
    memset(longq + strlen(longq), 'a', 210);
    get(&c, longq, &r, 400);
    assert_true(body_has(&r, "enintään 200 merkkiä"));
    tresp_free(&r);
    tclient_free(&c);
}

static void point_page_hours_exceptions_jsonld_and_phone(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    char path[64];
    snprintf(path, sizeof path, "/fi/service-points/%lld", family_id);
    get(&c, path, &r, 200);
    assert_true(body_has(&r, "<h1>Raaseporin perhekeskus</h1>"));
    assert_true(body_has(&r, "hreflang=\"sv\" lang=\"sv\">Svenska</a>"));   /* the layout's language links intact */
    assert_true(body_has(&r, "Palvelukielet: suomi, ruotsi"));
    assert_true(body_has(&r, "Rantakatu 12<br>10600 Tammisaari"));
    assert_true(body_has(&r, "Torilta 300 metriä"));                       /* how to get there */
    assert_true(body_has(&r, "hoitopöytä ja esteetön WC"));                 /* accessibility */
    assert_true(body_has(&r, "Avoinna nyt, klo 19.00 asti"));
    assert_true(body_has(&r, "<th scope=\"row\">tiistai (tänään)</th><td>8.00–15.30, 16.00–19.00</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">lauantai</th><td>Suljettu</td>"));
    assert_true(body_has(&r, "24.12.2026–26.12.2026</time>: Suljettu (Joulu)"));
    assert_true(body_has(&r, "31.12.2026</time>: 8.00–12.00 (Uudenvuodenaatto)"));
    assert_true(body_has(&r, "Perheneuvola</a>: Ajanvarauksella. Kielet: suomi, ruotsi"));
    assert_true(body_has(&r, "<a href=\"tel:+358291511200\">029 151 1200</a>"));
    /* schema.org JSON-LD, not executable, parsable */
    const char *ld = strstr(r.body.data, "<script type=\"application/ld+json\">");
    assert_non_null(ld);
    ld += strlen("<script type=\"application/ld+json\">");
    const char *end = strstr(ld, "</script>");
    assert_non_null(end);
    json_error_t jerr;
    json_t *j = json_loadb(ld, (size_t)(end - ld), 0, &jerr);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "Raaseporin perhekeskus");
    assert_string_equal(json_string_value(json_object_get(j, "telephone")), "+358291511200");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "address"), "postalCode")), "10600");
    assert_true(json_real_value(json_object_get(json_object_get(j, "geo"), "latitude")) > 59.9);
    json_t *spec = json_object_get(j, "openingHoursSpecification");
    assert_int_equal(json_array_size(spec), 6);
    assert_string_equal(json_string_value(json_object_get(json_array_get(spec, 0), "dayOfWeek")),
                        "https://schema.org/Monday");
    assert_true(json_array_size(json_object_get(j, "specialOpeningHoursSpecification")) >= 3);
    json_decref(j);
    /* the survey feature does not exist yet: no link */
    assert_false(body_has(&r, "/surveys/"));
    tresp_free(&r);
    /* Swedish page */
    snprintf(path, sizeof path, "/sv/service-points/%lld", family_id);
    get(&c, path, &r, 200);
    assert_true(body_has(&r, "<h1>Familjecentret i Raseborg</h1>"));
    assert_true(body_has(&r, "Öppet nu, till kl. 19.00"));
    assert_true(body_has(&r, "Strandgatan 12<br>10600 Ekenäs"));
    assert_true(body_has(&r, "(Jul)"));
    tresp_free(&r);
    /* special hours today replace the regular ones */
    snprintf(path, sizeof path, "/fi/service-points/%lld", siuntio_id);
    get(&c, path, &r, 200);
    assert_true(body_has(&r, "Avoinna nyt, klo 18.00 asti"));
    assert_true(body_has(&r, "1.12.2026</time>: 16.30–18.00 (Rokotusilta)"));
    tresp_free(&r);
    snprintf(path, sizeof path, "/en/service-points/%lld", sote_id);
    get(&c, path, &r, 200);
    assert_true(body_has(&r, "Closed now. Opens tomorrow at 8:00"));
    tresp_free(&r);
    static const char *const missing[] = {"/fi/service-points/999999", "/fi/service-points/abc",
                                          "/fi/service-points/-1", "/sv/service-points/1x"};
    for (size_t i = 0; i < 4; i++) {
        get(&c, missing[i], &r, 404);
        tresp_free(&r);
    }
    tclient_free(&c);
}

static json_t *get_json(tclient *c, const char *path, long status)
{
    tresp r;
    get(c, path, &r, status);
    json_t *j = json_loads(r.body.data, 0, NULL);
    tresp_free(&r);
    assert_non_null(j);
    return j;
}

static void api_pages_and_filters(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    /* services, 5 a page, followed through next */
    char path[256] = "/api/v1/services?limit=5";
    int seen = 0, pages = 0;
    char codes[64][40];
    while (*path) {
        json_t *j = get_json(&c, path, 200);
        assert_int_equal(json_integer_value(json_object_get(j, "total")), 13);
        json_t *items = json_object_get(j, "items");
        for (size_t i = 0; i < json_array_size(items); i++) {
            const char *code = json_string_value(json_object_get(json_array_get(items, i), "code"));
            for (int k = 0; k < seen; k++) assert_string_not_equal(codes[k], code);
            snprintf(codes[seen++], sizeof codes[0], "%s", code);
        }
        pages++;
        json_t *next = json_object_get(j, "next");
        if (json_is_string(next)) snprintf(path, sizeof path, "%s", json_string_value(next));
        else path[0] = '\0';
        if (pages == 1) assert_true(json_is_null(json_object_get(j, "prev")));
        json_decref(j);
    }
    assert_int_equal(seen, 13);
    assert_int_equal(pages, 3);
    json_t *j = get_json(&c, "/api/v1/services?limit=1&offset=0", 200);
    json_t *fc = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(fc, "code")), "child-health-clinic");
    assert_string_equal(json_string_value(json_object_get(json_object_get(fc, "name"), "sv")), "Barnrådgivning");
    json_decref(j);

    /* points of one municipality */
    j = get_json(&c, "/api/v1/service-points?municipality=710", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/service-points/%lld", family_id);
    j = get_json(&c, path, 200);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "name"), "sv")), "Familjecentret i Raseborg");
    assert_true(json_is_true(json_object_get(json_object_get(j, "open_now"), "open")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "open_now"), "closes_at")), TUESDAY_17 + 7200);
    assert_true(json_array_size(json_object_get(json_object_get(j, "opening_hours"), "regular")) == 6);
    json_decref(j);

    /* the offer: substance abuse services in Raasepori, Finnish only */
    j = get_json(&c, "/api/v1/offer?service=substance-abuse&municipality=710", 200);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *o = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(o, "level")), "by_appointment");
    assert_int_equal(json_integer_value(json_object_get(o, "level_rank")), 2);
    assert_int_equal(json_array_size(json_object_get(o, "languages")), 1);
    json_decref(j);

    /* open now in Raasepori at 17: the family centre only */
    j = get_json(&c, "/api/v1/open-now?municipality=710", 200);
    items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 3);
    int open = 0;
    for (size_t i = 0; i < 3; i++) {
        json_t *it = json_array_get(items, i);
        if (json_is_true(json_object_get(it, "open"))) {
            open++;
            assert_string_equal(json_string_value(json_object_get(it, "code")), "raasepori-family");
        } else {
            assert_true(json_integer_value(json_object_get(it, "opens_at")) > TUESDAY_17);
        }
    }
    assert_int_equal(open, 1);
    json_decref(j);

    /* bad parameters are 400 in JSON, a missing point 404 */
    static const char *const bad[] = {"/api/v1/services?limit=0", "/api/v1/services?limit=101",
                                      "/api/v1/services?limit=abc", "/api/v1/services?offset=-1",
                                      "/api/v1/service-points?municipality=999", "/api/v1/offer?service=nope",
                                      "/api/v1/open-now?municipality=x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        j = get_json(&c, bad[i], 400);
        assert_int_equal(json_integer_value(json_object_get(j, "status")), 400);
        json_decref(j);
    }
    j = get_json(&c, "/api/v1/service-points/999999", 404);
    json_decref(j);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_by_inflected_words_and_synonyms),
        cmocka_unit_test(language_and_municipality_filters),
        cmocka_unit_test(results_show_status_and_every_channel),
        cmocka_unit_test(bad_search_input_is_400_beside_the_field),
        cmocka_unit_test(point_page_hours_exceptions_jsonld_and_phone),
        cmocka_unit_test(api_pages_and_filters),
    };
    return cmocka_run_group_tests_name("directory", tests, setup, teardown);
}
