/* Open311 GeoReport v2: every endpoint in JSON and XML with a real HTTP
 * client, keys issued and revoked through the admin page, submissions stored
 * like the web form's, and bad input answered in the specification's error shape. */
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
static char *api_key;   /* issued through the admin page in setup */

static const char *const EN[] = {"Accept-Language: en", NULL};
static const char *const SV[] = {"Accept-Language: sv", NULL};

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    db_param a[] = {DB_TEXT("t311-paths"), DB_TEXT("Kävelytiet ja puistot"), DB_TEXT("Gångvägar och parker"),
                    DB_TEXT("Footpaths and parks"), DB_TEXT("Kunnossapito <&> talvella")};
    assert_int_equal(db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en, description_fi) "
                                "VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", 5, a), 0);
    db_param b[] = {DB_TEXT("t311-health"), DB_TEXT("Terveysasemat"), DB_TEXT("Hälsostationer"), DB_TEXT("")};
    assert_int_equal(db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en) "
                                "VALUES($1, $2, $3, $4) ON CONFLICT DO NOTHING", 4, b), 0);
    db_param c[] = {DB_TEXT("t311-retired"), DB_TEXT("Vanha aihe"), DB_TEXT("Gammalt ämne"), DB_TEXT("Old topic")};
    assert_int_equal(db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en, active) "
                                "VALUES($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING", 4, c), 0);
    db_close(d);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(api_key);
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

/* The specification's JSON error: [{"code": status, "description": "..."}]. Returns the description. */
static char *assert_json_error(const tresp *r, long status)
{
    assert_int_equal(r->status, status);
    char *ct = tresp_header(r, "Content-Type");
    assert_non_null(ct);
    assert_non_null(strstr(ct, "application/json"));
    free(ct);
    json_t *j = json_loads(r->body.data, 0, NULL);
    assert_non_null(j);
    assert_true(json_is_array(j));
    assert_true(json_array_size(j) >= 1);
    json_t *e = json_array_get(j, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "code")), status);
    const char *desc = json_string_value(json_object_get(e, "description"));
    assert_non_null(desc);
    assert_true(strlen(desc) > 0);
    char *out = strdup(desc);
    json_decref(j);
    return out;
}

static void assert_xml_error(const tresp *r, long status)
{
    assert_int_equal(r->status, status);
    char *ct = tresp_header(r, "Content-Type");
    assert_non_null(strstr(ct, "application/xml"));
    free(ct);
    char code[64];
    snprintf(code, sizeof code, "<errors><error><code>%ld</code><description>", status);
    assert_true(body_has(r, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert_true(body_has(r, code));
    assert_true(body_has(r, "</description></error></errors>"));
    assert_false(body_has(r, "<html"));
}

static json_t *json_body(const tresp *r, long status)
{
    assert_int_equal(r->status, status);
    json_t *j = json_loads(r->body.data, 0, NULL);
    assert_non_null(j);
    return j;
}

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *el;
    json_array_foreach(arr, i, el) {
        const char *v = json_string_value(json_object_get(el, key));
        if (v && strcmp(v, value) == 0) return el;
    }
    return NULL;
}

/* Issues a key through the admin page; returns it (malloc'd). */
static char *issue_key(tclient *c, const char *name)
{
    char *tok = fetch_csrf(c, "/fi/admin/api-keys");
    const char *pairs[] = {"csrf", tok, "name", name, NULL};
    tresp r;
    http_post_form(c, "/fi/admin/api-keys", pairs, &r);
    assert_int_equal(r.status, 201);
    const char *p = strstr(r.body.data, "value=\"k311_");
    assert_non_null(p);
    p += strlen("value=\"");
    char *key = strndup(p, strcspn(p, "\""));
    tresp_free(&r);
    free(tok);
    return key;
}

static void post_request(tclient *c, const char *path, const char *const *pairs, const char *const *headers,
                         tresp *out)
{
    buf body = BUF_INIT;
    buf_append(&body, "", 0);
    for (int i = 0; pairs[i] && pairs[i + 1]; i += 2) {
        char *k = curl_easy_escape(c->curl, pairs[i], 0);
        char *v = curl_easy_escape(c->curl, pairs[i + 1], 0);
        buf_printf(&body, "%s%s=%s", body.len ? "&" : "", k, v);
        curl_free(k);
        curl_free(v);
    }
    http_request(c, "POST", path, "application/x-www-form-urlencoded", body.data, body.len, headers, out);
    buf_free(&body);
}

/* Creates a request with the API key and returns its service_request_id (malloc'd). */
static char *create_request(tclient *c, const char *code, const char *description)
{
    const char *pairs[] = {"api_key", api_key, "service_code", code, "description", description, NULL};
    tresp r;
    post_request(c, "/open311/v2/requests.json", pairs, EN, &r);
    json_t *j = json_body(&r, 201);
    const char *id = json_string_value(json_object_get(json_array_get(j, 0), "service_request_id"));
    assert_non_null(id);
    char *out = strdup(id);
    json_decref(j);
    tresp_free(&r);
    return out;
}

static void admin_issues_key_shown_once_and_audited(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    /* Not signed in: sent to the login page; a resident: 403 */
    tresp r;
    http_get(&c, "/fi/admin/api-keys", NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    tclient resident;
    tclient_init(&resident, &srv);
    login_as(&resident, "fi", "asukas@kohtaamo.example", "kohtaamo-demo-2026");
    http_get(&resident, "/fi/admin/api-keys", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&resident);

    login_as(&c, "fi", "admin@kohtaamo.example", "kohtaamo-demo-2026");
    /* An empty name: 400, the error beside the field */
    char *tok = fetch_csrf(&c, "/fi/admin/api-keys");
    const char *empty[] = {"csrf", tok, "name", "  ", NULL};
    http_post_form(&c, "/fi/admin/api-keys", empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "f-name-error"));
    assert_true(body_has(&r, "Kirjoita avaimelle nimi tai käyttötarkoitus."));
    assert_false(body_has(&r, "value=\"k311_"));
    tresp_free(&r);
    /* Without the CSRF token nothing is created */
    const char *forged[] = {"name", "Väärennetty", NULL};
    http_post_form(&c, "/fi/admin/api-keys", forged, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    free(tok);

    api_key = issue_key(&c, "Palautekartta <testi> & Co");
    assert_true(strlen(api_key) > 40);
    /* The list names the key (escaped) but never shows it again */
    http_get(&c, "/fi/admin/api-keys", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Palautekartta &lt;testi&gt; &amp; Co"));
    assert_false(body_has(&r, api_key));
    assert_false(body_has(&r, "Väärennetty"));
    tresp_free(&r);
    /* Only a hash is stored */
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(api_key)};
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM api_keys WHERE key_hash = $1 OR name = $1", 1, p), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 0);
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM audit_log WHERE action = 'create_api_key'", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 1);
    arena_free_all(&a);
    db_close(d);
    tclient_free(&c);
}

static void services_in_json_and_xml(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/open311/v2/services.json", NULL, &r);
    json_t *j = json_body(&r, 200);
    json_t *s = find_by(j, "service_code", "t311-paths");
    assert_non_null(s);
    assert_string_equal(json_string_value(json_object_get(s, "service_name")), "Kävelytiet ja puistot");
    assert_true(json_is_false(json_object_get(s, "metadata")));
    assert_string_equal(json_string_value(json_object_get(s, "type")), "realtime");
    assert_non_null(json_object_get(s, "keywords"));
    assert_non_null(json_object_get(s, "group"));
    assert_null(find_by(j, "service_code", "t311-retired"));   /* inactive topics are not offered */
    json_decref(j);
    tresp_free(&r);

    http_get(&c, "/open311/v2/services.json", SV, &r);
    j = json_body(&r, 200);
    assert_string_equal(json_string_value(json_object_get(find_by(j, "service_code", "t311-paths"), "service_name")),
                        "Gångvägar och parker");
    json_decref(j);
    tresp_free(&r);
    /* English name missing: Finnish instead */
    http_get(&c, "/open311/v2/services.json?locale=en", NULL, &r);
    j = json_body(&r, 200);
    assert_string_equal(json_string_value(json_object_get(find_by(j, "service_code", "t311-health"), "service_name")),
                        "Terveysasemat");
    json_decref(j);
    tresp_free(&r);

    http_get(&c, "/open311/v2/services.xml", NULL, &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "application/xml"));
    free(ct);
    assert_true(body_has(&r, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>"));
    assert_true(body_has(&r, "<service_code>t311-paths</service_code><service_name>Kävelytiet ja puistot</service_name>"));
    assert_true(body_has(&r, "<description>Kunnossapito &lt;&amp;&gt; talvella</description>"));
    assert_false(body_has(&r, "<&>"));
    assert_true(body_has(&r, "<metadata>false</metadata><type>realtime</type>"));
    assert_true(body_has(&r, "</service></services>"));
    tresp_free(&r);
    tclient_free(&c);
}

static void service_definition_or_404(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/open311/v2/services/t311-paths.json", NULL, &r);
    json_t *j = json_body(&r, 200);
    assert_string_equal(json_string_value(json_object_get(j, "service_code")), "t311-paths");
    assert_true(json_is_array(json_object_get(j, "attributes")));
    assert_int_equal(json_array_size(json_object_get(j, "attributes")), 0);
    json_decref(j);
    tresp_free(&r);
    http_get(&c, "/open311/v2/services/t311-paths.xml", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<service_definition><service_code>t311-paths</service_code><attributes></attributes></service_definition>"));
    tresp_free(&r);

    http_get(&c, "/open311/v2/services/no-such.json", EN, &r);
    char *desc = assert_json_error(&r, 404);
    assert_string_equal(desc, "There is no service with this service_code.");
    free(desc);
    tresp_free(&r);
    http_get(&c, "/open311/v2/services/t311-retired.xml", NULL, &r);
    assert_xml_error(&r, 404);
    assert_true(body_has(&r, "Tällä service_code-koodilla ei löydy palvelua."));
    tresp_free(&r);
    http_get(&c, "/open311/v2/services/t311-paths", NULL, &r);   /* no format */
    free(assert_json_error(&r, 404));
    tresp_free(&r);
    tclient_free(&c);
}

static void anonymous_request_is_stored_like_the_form(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *pairs[] = {"api_key", api_key, "jurisdiction_id", "lansi-uusimaa.fi", "service_code", "t311-paths",
                           "description", "Valaisin rikki Lohjan rantapuistossa", "lat", "60.2494", "long", "24.0653",
                           "address_string", "Rantapuisto, Lohja", NULL};
    tresp r;
    post_request(&c, "/open311/v2/requests.json", pairs, EN, &r);   /* no session, no CSRF token */
    json_t *j = json_body(&r, 201);
    assert_int_equal(json_array_size(j), 1);
    const char *id = json_string_value(json_object_get(json_array_get(j, 0), "service_request_id"));
    assert_non_null(id);
    assert_int_equal(strncmp(id, "PA-", 3), 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "service_notice")),
                        "Thank you for your feedback. We will handle it as soon as we can.");
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(id)};
    assert_int_equal(db_query(d, &a, &res,
        "SELECT f.channel, f.contact_requested, f.contact_name, f.contact_email, f.contact_phone, f.message, t.code, f.status "
        "FROM feedback f JOIN feedback_topics t ON t.id = f.topic_id WHERE f.ref_code = $1", 1, p), 0);
    assert_int_equal(res.nrows, 1);
    assert_string_equal(db_cell(&res, 0, 0), "open311");
    assert_int_equal(db_cell_int(&res, 0, 1), 0);
    assert_null(db_cell(&res, 0, 2));
    assert_null(db_cell(&res, 0, 3));
    assert_null(db_cell(&res, 0, 4));
    assert_string_equal(db_cell(&res, 0, 5), "Valaisin rikki Lohjan rantapuistossa");
    assert_string_equal(db_cell(&res, 0, 6), "t311-paths");
    assert_string_equal(db_cell(&res, 0, 7), "new");
    arena_free_all(&a);
    db_close(d);
    json_decref(j);
    tresp_free(&r);

    /* multipart/form-data, answered in XML */
    char body[1024];
    snprintf(body, sizeof body,
             "--XyZ\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n%s\r\n"
             "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nt311-health\r\n"
             "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nJonot ovat pitkiä\r\n--XyZ--\r\n",
             api_key);
    http_request(&c, "POST", "/open311/v2/requests.xml", "multipart/form-data; boundary=XyZ", body, strlen(body),
                 NULL, &r);
    assert_int_equal(r.status, 201);
    assert_true(body_has(&r, "<service_requests><request><service_request_id>PA-"));
    assert_true(body_has(&r, "</service_request_id><service_notice>Kiitos palautteestasi."));
    tresp_free(&r);
    tclient_free(&c);
}

static void contact_details_are_kept_but_never_listed(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *pairs[] = {"api_key", api_key, "service_code", "t311-health", "description", "Soittakaa minulle",
                           "first_name", "Maija", "last_name", "Meikäläinen", "email", "maija.open311@example.fi",
                           "phone", "040 123 4567", NULL};
    tresp r;
    post_request(&c, "/open311/v2/requests.json", pairs, SV, &r);
    json_t *j = json_body(&r, 201);
    char *id = strdup(json_string_value(json_object_get(json_array_get(j, 0), "service_request_id")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "service_notice")),
                        "Tack för din respons. Vi behandlar den så snart vi kan.");
    json_decref(j);
    tresp_free(&r);
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(id)};
    assert_int_equal(db_query(d, &a, &res, "SELECT contact_requested, contact_name, contact_email, contact_phone, contact_lang "
                                           "FROM feedback WHERE ref_code = $1", 1, p), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 1);
    assert_string_equal(db_cell(&res, 0, 1), "Maija Meikäläinen");
    assert_string_equal(db_cell(&res, 0, 2), "maija.open311@example.fi");
    assert_string_equal(db_cell(&res, 0, 3), "040 123 4567");
    assert_string_equal(db_cell(&res, 0, 4), "sv");
    /* the same acknowledgement as the form's, in the sender's language */
    assert_int_equal(db_query(d, &a, &res, "SELECT subject FROM outbox WHERE to_addr = 'maija.open311@example.fi'", 0, NULL), 0);
    assert_int_equal(res.nrows, 1);
    assert_non_null(strstr(db_cell(&res, 0, 0), id));
    /* even when published, the public listing carries no contact details */
    assert_int_equal(db_exec(d, "UPDATE feedback SET published = 1, public_answer = 'Vi ringer' WHERE ref_code = $1", 1, p), 0);
    arena_free_all(&a);
    db_close(d);
    static const char *const paths[][2] = {{"/open311/v2/requests/", ".json"}, {"/open311/v2/requests/", ".xml"},
                                           {"/open311/v2/requests.json?service_request_id=", ""},
                                           {"/open311/v2/requests.xml?x=", ""}};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", paths[i][0], id, paths[i][1]);
        http_get(&c, path, NULL, &r);
        assert_int_equal(r.status, 200);
        assert_true(body_has(&r, id));
        assert_true(body_has(&r, "Vi ringer"));
        assert_false(body_has(&r, "Maija"));
        assert_false(body_has(&r, "Meikäläinen"));
        assert_false(body_has(&r, "maija.open311"));
        assert_false(body_has(&r, "123 4567"));
        tresp_free(&r);
    }
    free(id);
    tclient_free(&c);
}

static void bad_submissions_get_spec_errors(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *no_key[] = {"service_code", "t311-paths", "description", "x", NULL};
    post_request(&c, "/open311/v2/requests.json", no_key, EN, &r);
    char *desc = assert_json_error(&r, 403);
    assert_string_equal(desc, "api_key is missing or not valid. Ask the county for an API key.");
    free(desc);
    tresp_free(&r);
    const char *wrong_key[] = {"api_key", "k311_not-a-real-key", "service_code", "t311-paths", "description", "x", NULL};
    post_request(&c, "/open311/v2/requests.xml", wrong_key, NULL, &r);
    assert_xml_error(&r, 403);
    tresp_free(&r);

    const char *unknown[] = {"api_key", api_key, "service_code", "no-such", "description", "x", NULL};
    post_request(&c, "/open311/v2/requests.json", unknown, EN, &r);
    desc = assert_json_error(&r, 400);
    assert_string_equal(desc, "service_code: There is no service with this service_code.");
    free(desc);
    tresp_free(&r);
    const char *retired[] = {"api_key", api_key, "service_code", "t311-retired", "description", "x", NULL};
    post_request(&c, "/open311/v2/requests.json", retired, EN, &r);
    free(assert_json_error(&r, 400));
    tresp_free(&r);

    const char *no_desc[] = {"api_key", api_key, "service_code", "t311-paths", "description", " ", NULL};
    post_request(&c, "/open311/v2/requests.json", no_desc, EN, &r);
    desc = assert_json_error(&r, 400);
    assert_string_equal(desc, "description: Write your feedback.");
    free(desc);
    tresp_free(&r);
    post_request(&c, "/open311/v2/requests.xml", no_desc, NULL, &r);
    assert_xml_error(&r, 400);
    assert_true(body_has(&r, "<description>description: "));
    tresp_free(&r);

    const char *bad_geo[] = {"api_key", api_key, "service_code", "t311-paths", "description", "x", "lat", "95",
                             "long", "24.1", NULL};
    post_request(&c, "/open311/v2/requests.json", bad_geo, EN, &r);
    desc = assert_json_error(&r, 400);
    assert_non_null(strstr(desc, "lat, long"));
    free(desc);
    tresp_free(&r);
    const char *bad_email[] = {"api_key", api_key, "service_code", "t311-paths", "description", "x", "email", "ei-osoite",
                               NULL};
    post_request(&c, "/open311/v2/requests.json", bad_email, EN, &r);
    desc = assert_json_error(&r, 400);
    assert_int_equal(strncmp(desc, "email: ", 7), 0);
    free(desc);
    tresp_free(&r);
    /* several problems at once: each is listed */
    const char *many[] = {"api_key", api_key, "service_code", "", "description", "", NULL};
    post_request(&c, "/open311/v2/requests.json", many, EN, &r);
    json_t *j = json_body(&r, 400);
    assert_int_equal(json_array_size(j), 2);
    json_decref(j);
    tresp_free(&r);

    /* nothing of the above was stored */
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM feedback WHERE message = 'x'", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 0);
    arena_free_all(&a);
    db_close(d);
    tclient_free(&c);
}

static void revoked_key_is_refused(void **state)
{
    (void)state;
    tclient admin;
    tclient_init(&admin, &srv);
    login_as(&admin, "fi", "admin@kohtaamo.example", "kohtaamo-demo-2026");
    char *key = issue_key(&admin, "Lyhytaikainen avain");
    tclient c;
    tclient_init(&c, &srv);
    const char *pairs[] = {"api_key", key, "service_code", "t311-paths", "description", "Ennen perumista", NULL};
    tresp r;
    post_request(&c, "/open311/v2/requests.json", pairs, NULL, &r);
    assert_int_equal(r.status, 201);
    tresp_free(&r);

    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT id FROM api_keys WHERE name = 'Lyhytaikainen avain'", 0, NULL), 0);
    char path[128];
    snprintf(path, sizeof path, "/fi/admin/api-keys/%s/revoke", db_cell(&res, 0, 0));
    char *tok = fetch_csrf(&admin, "/fi/admin/api-keys");
    const char *form[] = {"csrf", tok, NULL};
    http_post_form(&admin, path, form, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&admin, "/fi/admin/api-keys?revoked=1", NULL, &r);
    assert_true(body_has(&r, "API-avain peruttiin."));
    tresp_free(&r);
    http_post_form(&admin, "/fi/admin/api-keys/999999/revoke", form, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    free(tok);
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM audit_log WHERE action = 'revoke_api_key'", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 1);
    arena_free_all(&a);
    db_close(d);

    const char *after[] = {"api_key", key, "service_code", "t311-paths", "description", "Perumisen jälkeen", NULL};
    post_request(&c, "/open311/v2/requests.json", after, NULL, &r);
    free(assert_json_error(&r, 403));
    tresp_free(&r);
    free(key);
    tclient_free(&c);
    tclient_free(&admin);
}

static void requests_are_listed_and_filtered(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *open_id = create_request(&c, "t311-paths", "Katu <3 & puisto > kaikki");
    char *closed_id = create_request(&c, "t311-health", "Suljettava palaute");
    db *d = testsrv_db(&srv);
    db_param pc[] = {DB_TEXT(closed_id)};
    assert_int_equal(db_exec(d, "UPDATE feedback SET status = 'closed', closed_at = created_at + 60 WHERE ref_code = $1", 1, pc), 0);

    tresp r;
    char path[512];
    /* one request: not yet published, so its text is not public */
    snprintf(path, sizeof path, "/open311/v2/requests/%s.json", open_id);
    http_get(&c, path, NULL, &r);
    json_t *j = json_body(&r, 200);
    json_t *item = json_array_get(j, 0);
    assert_string_equal(json_string_value(json_object_get(item, "service_request_id")), open_id);
    assert_string_equal(json_string_value(json_object_get(item, "status")), "open");
    assert_string_equal(json_string_value(json_object_get(item, "service_code")), "t311-paths");
    assert_string_equal(json_string_value(json_object_get(item, "service_name")), "Kävelytiet ja puistot");
    assert_true(json_is_null(json_object_get(item, "description")));
    assert_non_null(json_string_value(json_object_get(item, "requested_datetime")));
    assert_non_null(json_string_value(json_object_get(item, "updated_datetime")));
    assert_non_null(json_string_value(json_object_get(item, "agency_responsible")));
    json_decref(j);
    tresp_free(&r);
    /* published: the description appears, escaped in XML */
    db_param po[] = {DB_TEXT(open_id)};
    assert_int_equal(db_exec(d, "UPDATE feedback SET published = 1 WHERE ref_code = $1", 1, po), 0);
    db_close(d);
    snprintf(path, sizeof path, "/open311/v2/requests/%s.xml", open_id);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests><request><service_request_id>"));
    assert_true(body_has(&r, "<status>open</status>"));
    assert_true(body_has(&r, "<description>Katu &lt;3 &amp; puisto &gt; kaikki</description>"));
    assert_false(body_has(&r, "<3 &"));
    assert_true(body_has(&r, "</request></service_requests>"));
    tresp_free(&r);
    snprintf(path, sizeof path, "/open311/v2/requests/%s.json", open_id);
    http_get(&c, path, NULL, &r);
    j = json_body(&r, 200);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "description")), "Katu <3 & puisto > kaikki");
    json_decref(j);
    tresp_free(&r);

    /* comma-separated ids */
    snprintf(path, sizeof path, "/open311/v2/requests.json?service_request_id=%s,%s", open_id, closed_id);
    http_get(&c, path, NULL, &r);
    j = json_body(&r, 200);
    assert_int_equal(json_array_size(j), 2);
    assert_string_equal(json_string_value(json_object_get(find_by(j, "service_request_id", closed_id), "status")), "closed");
    json_decref(j);
    tresp_free(&r);
    /* status and service_code */
    http_get(&c, "/open311/v2/requests.json?status=closed", NULL, &r);
    j = json_body(&r, 200);
    assert_non_null(find_by(j, "service_request_id", closed_id));
    assert_null(find_by(j, "service_request_id", open_id));
    json_decref(j);
    tresp_free(&r);
    http_get(&c, "/open311/v2/requests.json?status=open&service_code=t311-paths", NULL, &r);
    j = json_body(&r, 200);
    assert_non_null(find_by(j, "service_request_id", open_id));
    assert_null(find_by(j, "service_request_id", closed_id));
    assert_null(find_by(j, "service_code", "t311-health"));
    json_decref(j);
    tresp_free(&r);
    /* dates: a window around now finds them, one in the past does not */
    http_get(&c, "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-01-31T00:00:00%2B02:00", NULL, &r);
    j = json_body(&r, 200);
    assert_int_equal(json_array_size(j), 0);
    json_decref(j);
    tresp_free(&r);
    http_get(&c, "/open311/v2/requests.json?start_date=2020-01-01&end_date=2100-01-01T00:00:00.000Z", NULL, &r);
    j = json_body(&r, 200);
    assert_non_null(find_by(j, "service_request_id", open_id));
    json_decref(j);
    tresp_free(&r);

    /* bad filters */
    static const char *const bad[] = {
        "/open311/v2/requests.json?start_date=yesterday",
        "/open311/v2/requests.json?end_date=2026-02-30T10:00:00Z",
        "/open311/v2/requests.json?start_date=2026-01-01T10:00:00",
        "/open311/v2/requests.json?start_date=2026-02-01&end_date=2026-01-01",
        "/open311/v2/requests.json?status=pending",
        "/open311/v2/requests.json?service_code=no-such",
        "/open311/v2/requests.json?service_request_id=,,",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        http_get(&c, bad[i], EN, &r);
        free(assert_json_error(&r, 400));
        tresp_free(&r);
    }
    http_get(&c, "/open311/v2/requests.json?start_date=2026-13-01", EN, &r);
    char *desc = assert_json_error(&r, 400);
    assert_string_equal(desc, "start_date: use a W3C date and time, for example 2026-01-31T12:00:00+02:00.");
    free(desc);
    tresp_free(&r);
    http_get(&c, "/open311/v2/requests.xml?end_date=31.1.2026", NULL, &r);
    assert_xml_error(&r, 400);
    tresp_free(&r);
    http_get(&c, "/open311/v2/requests/PA-NONE-NONE.json", EN, &r);
    desc = assert_json_error(&r, 404);
    assert_string_equal(desc, "There is no service request with this service_request_id.");
    free(desc);
    tresp_free(&r);
    http_get(&c, "/open311/v2/requests/PA-NONE-NONE.xml", NULL, &r);
    assert_xml_error(&r, 404);
    tresp_free(&r);
    free(open_id);
    free(closed_id);
    tclient_free(&c);
}

static void server_errors_under_open311_are_never_html(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/open311/v2/nothing.json", NULL, &r);
    free(assert_json_error(&r, 404));
    tresp_free(&r);
    http_get(&c, "/open311/v2/nothing.xml", NULL, &r);
    assert_xml_error(&r, 404);
    tresp_free(&r);
    http_request(&c, "POST", "/open311/v2/services.json", "application/x-www-form-urlencoded", "a=b", 3, NULL, &r);
    free(assert_json_error(&r, 405));
    char *allow = tresp_header(&r, "Allow");
    assert_non_null(allow);
    assert_non_null(strstr(allow, "GET"));
    free(allow);
    tresp_free(&r);
    http_request(&c, "DELETE", "/open311/v2/requests.xml", NULL, NULL, 0, NULL, &r);
    assert_xml_error(&r, 405);
    tresp_free(&r);
    /* a body that is not UTF-8 */
    http_request(&c, "POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
                 "description=%FF%FE", 18, NULL, &r);
    free(assert_json_error(&r, 400));
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admin_issues_key_shown_once_and_audited),
        cmocka_unit_test(services_in_json_and_xml),
        cmocka_unit_test(service_definition_or_404),
        cmocka_unit_test(anonymous_request_is_stored_like_the_form),
        cmocka_unit_test(contact_details_are_kept_but_never_listed),
        cmocka_unit_test(bad_submissions_get_spec_errors),
        cmocka_unit_test(revoked_key_is_refused),
        cmocka_unit_test(requests_are_listed_and_filtered),
        cmocka_unit_test(server_errors_under_open311_are_never_html),
    };
    return cmocka_run_group_tests_name("open311", tests, setup, teardown);
}
