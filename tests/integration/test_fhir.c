/* The FHIR R4 REST API over HTTP, on both databases: the CapabilityStatement;
 * the HL7 SDC peer set imported through POST /fhir/Questionnaire (PHQ-9
 * accepted, every other file accepted or refused with an OperationOutcome
 * naming the linkId and the feature, never a 500); its example response
 * scored by its answers; bad input of every kind as OperationOutcome with the
 * right status; read, vread and search with and without an API key; the demo
 * mental health questionnaire giving the same urgency and advice through the
 * API as through the resident's form; the shared rate limit. Every kind of
 * answer is written to a file and checked against the official FHIR R4 JSON
 * schema by an independent validator (tests/fhir/validator). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "testsrv.h"

#define PW "kohtaamo-demo-2026"
#define CT_FHIR "application/fhir+json"

static testsrv srv;
static char *api_key;          /* issued through the admin page in setup */
static int submitted;          /* finished assessments sent from 127.0.0.1 (form and API share a limit) */
static char saved[40][400];    /* our answers, as files for the validator */
static int nsaved;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static char *issue_key(tclient *c)
{
    char *tok = fetch_csrf(c, "/fi/admin/api-keys");
    const char *pairs[] = {"csrf", tok, "name", "FHIR kiosk", NULL};
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

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    testsrv_start(&srv);
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "admin@kohtaamo.example", PW);
    api_key = issue_key(&c);
    tclient_free(&c);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/fhir-answers", srv.dir);
    mkdir(dir, 0755);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(api_key);
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

/* ---- helpers ---- */

static void save(const char *name, const tresp *r)
{
    assert_true(nsaved < 40);
    snprintf(saved[nsaved], sizeof saved[nsaved], "%s/fhir-answers/%s.json", srv.dir, name);
    FILE *f = fopen(saved[nsaved], "wb");
    assert_non_null(f);
    fwrite(r->body.data, 1, r->body.len, f);
    fclose(f);
    nsaved++;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("%s is missing (set FHIR_SDC_DIR?)", path);
    buf b = BUF_INIT;
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
    fclose(f);
    buf_append(&b, "", 0);
    *len = b.len;
    return b.data;
}

static char *sdc_file(const char *name, size_t *len)
{
    const char *dir = getenv("FHIR_SDC_DIR");
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "../shared/testdata/fhir-sdc", name);
    return read_file(path, len);
}

/* POST with a content type, an optional key and Accept-Language. */
static void post(tclient *c, const char *path, const char *ctype, const char *body, size_t len, const char *key,
                 const char *lang, tresp *out)
{
    char auth[300], al[64];
    const char *headers[3] = {NULL, NULL, NULL};
    int n = 0;
    if (key) snprintf(auth, sizeof auth, "Authorization: Bearer %s", key), headers[n++] = auth;
    if (lang) snprintf(al, sizeof al, "Accept-Language: %s", lang), headers[n++] = al;
    http_request(c, "POST", path, ctype, body, len, headers, out);
}

static void get(tclient *c, const char *path, const char *key, tresp *out)
{
    char auth[300];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key ? key : "");
    const char *headers[] = {key ? auth : NULL, NULL};
    http_get(c, path, headers, out);
}

static json_t *body_json(const tresp *r)
{
    json_error_t e;
    json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &e);
    if (!j) fail_msg("not JSON (%s): %.400s", e.text, r->body.data ? r->body.data : "");
    return j;
}

static void expect_fhir(const tresp *r, long status, const char *resource_type)
{
    if (r->status != status)
        fail_msg("expected %ld, got %ld: %.600s", status, r->status, r->body.data ? r->body.data : "");
    char *ct = tresp_header(r, "Content-Type");
    assert_non_null(ct);
    assert_non_null(strstr(ct, "application/fhir+json"));
    free(ct);
    json_t *j = body_json(r);
    assert_string_equal(json_string_value(json_object_get(j, "resourceType")), resource_type);
    json_decref(j);
}

/* An OperationOutcome with status whose text holds every needle. */
static void expect_outcome(const tresp *r, long status, const char *needle1, const char *needle2)
{
    expect_fhir(r, status, "OperationOutcome");
    if (needle1 && !body_has(r, needle1)) fail_msg("no \"%s\" in %.800s", needle1, r->body.data);
    if (needle2 && !body_has(r, needle2)) fail_msg("no \"%s\" in %.800s", needle2, r->body.data);
}

static json_t *extension(json_t *res, const char *url)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(res, "extension"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "url")), url) == 0) return e;
    }
    return NULL;
}

/* ---- metadata ---- */

static void capability_statement(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fhir/metadata", NULL, &r);
    expect_fhir(&r, 200, "CapabilityStatement");
    json_t *j = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "fhirVersion")), "4.0.1");
    json_t *rest = json_array_get(json_object_get(j, "rest"), 0);
    assert_string_equal(json_string_value(json_object_get(rest, "mode")), "server");
    assert_true(body_has(&r, "\"type\":\"QuestionnaireResponse\""));
    assert_true(body_has(&r, "{\"code\":\"search-type\"}"));
    assert_true(body_has(&r, "{\"name\":\"url\""));
    json_decref(j);
    save("capability", &r);
    tresp_free(&r);
    tclient_free(&c);
}

/* ---- the SDC peer set ---- */

static void sdc_peer_set_is_accepted_or_refused_by_linkid(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    /* file, or NULL when accepted; else a linkId and the feature its OperationOutcome must name */
    static const struct { const char *file, *link_id, *feature; } set[] = {
        {"questionnaire-phq9.json", NULL, NULL},
        {"questionnaire-test-enablewhen.json", "datetime_question", "time"},
        {"questionnaire-test-all-data-types.json", "id-attachment", "attachment"},
        {"questionnaire-test-required-field.json", "radio", "external value set"},
        {"questionnaire-test-repeatable-nested-groups.json", "ba91450b-6e67-40dc-8629-0f1b60577774", "repeats"},
    };
    int64_t versions = scalar("SELECT COUNT(*) FROM questionnaire_versions", NULL);
    for (size_t i = 0; i < sizeof set / sizeof *set; i++) {
        size_t len;
        char *body = sdc_file(set[i].file, &len);   /* as published: three begin with a byte order mark */
        tresp r;
        post(&c, "/fhir/Questionnaire", CT_FHIR, body, len, api_key, NULL, &r);
        if (!set[i].link_id) {
            expect_fhir(&r, 201, "Questionnaire");
            char *loc = tresp_header(&r, "Location");
            assert_string_equal(loc, "/fhir/Questionnaire/sdcphq9/_history/1");
            free(loc);
            json_t *j = body_json(&r);
            assert_string_equal(json_string_value(json_object_get(j, "id")), "sdcphq9");
            assert_string_equal(json_string_value(json_object_get(json_object_get(j, "meta"), "versionId")), "1");
            json_decref(j);
            save("questionnaire-created", &r);
            versions++;
        } else {
            /* refused whole, naming the item and what it uses: never a silent skip */
            expect_outcome(&r, 422, set[i].link_id, set[i].feature);
            if (i == 1) save("outcome-422", &r);
        }
        assert_int_equal(scalar("SELECT COUNT(*) FROM questionnaire_versions", NULL), versions);
        tresp_free(&r);
        free(body);
    }
    /* the example response is no Questionnaire */
    size_t len;
    char *resp = sdc_file("questionnaireresponse-phq9.json", &len);
    tresp r;
    post(&c, "/fhir/Questionnaire", CT_FHIR, resp, len, api_key, NULL, &r);
    expect_outcome(&r, 400, "QuestionnaireResponse", NULL);
    tresp_free(&r);
    free(resp);
    /* the same canonical url again: a new version of the same questionnaire, not published */
    char *body = sdc_file("questionnaire-phq9.json", &len);
    post(&c, "/fhir/Questionnaire", "application/json; charset=UTF-8", body, len, api_key, NULL, &r);
    expect_fhir(&r, 201, "Questionnaire");
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fhir/Questionnaire/sdcphq9/_history/2");
    free(loc);
    tresp_free(&r);
    free(body);
    assert_int_equal(scalar("SELECT COUNT(*) FROM questionnaires WHERE slug = 'sdcphq9' AND published_version_id IS NULL", NULL), 1);
    tclient_free(&c);
}

/* Staff publish in the UI; the fixture does it directly. */
static void publish(const char *slug, int version)
{
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_INT(version), DB_TEXT(slug)};
    testdb_exec(d, "UPDATE questionnaires SET published_version_id = (SELECT v.id FROM questionnaire_versions v "
                   "WHERE v.questionnaire_id = questionnaires.id AND v.version = $1) WHERE slug = $2", 2, p);
    db_close(d);
}

static void phq9_example_response_scores_10_by_its_own_answers(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    size_t len;
    char *resp = sdc_file("questionnaireresponse-phq9.json", &len);
    tresp r;
    /* not published yet: nothing for residents to answer */
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, resp, len, NULL, NULL, &r);
    expect_outcome(&r, 404, "questionnaire-sdc-profile-example-PHQ9", NULL);
    tresp_free(&r);
    publish("sdcphq9", 1);

    int64_t before = scalar("SELECT COUNT(*) FROM assessments WHERE channel = 'fhir'", NULL);
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, resp, len, NULL, "sv", &r);
    expect_fhir(&r, 201, "QuestionnaireResponse");
    submitted++;
    json_t *j = body_json(&r);
    const char *id = json_string_value(json_object_get(j, "id"));
    assert_non_null(id);
    char *loc = tresp_header(&r, "Location");
    char want[80];
    snprintf(want, sizeof want, "/fhir/QuestionnaireResponse/%s", id);
    assert_string_equal(loc, want);
    free(loc);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "completed");
    /* The response states a total of 13 in H1/TS, but its own answers are
     * 0+0+0+1+2+1+3+2+1 = 10 by the ValueSet's ordinal values: we compute
     * the score from the answers and never copy what a client states. */
    json_t *score = extension(j, "https://kohtaamo.fi/fhir/StructureDefinition/score");
    assert_non_null(score);
    assert_true(json_number_value(json_object_get(score, "valueDecimal")) == 10);
    assert_true(body_has(&r, "\"linkId\":\"H1/TS\""));
    assert_true(body_has(&r, "\"valueQuantity\":{\"value\":10"));
    json_t *outcome = json_object_get(extension(j, "https://kohtaamo.fi/fhir/StructureDefinition/outcome"), "valueCoding");
    assert_string_equal(json_string_value(json_object_get(outcome, "system")), "https://kohtaamo.fi/fhir/CodeSystem/urgency");
    assert_non_null(json_string_value(json_object_get(outcome, "code")));
    json_decref(j);
    save("response-phq9", &r);
    tresp_free(&r);
    /* stored anonymously, by the API's channel, with no receipt */
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE channel = 'fhir'", NULL), before + 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE channel = 'fhir' AND receipt_hash IS NOT NULL", NULL), 0);
    assert_int_equal(scalar("SELECT CAST(score AS INTEGER) FROM assessments WHERE id = (SELECT MAX(id) FROM assessments)",
                            NULL), 10);
    free(resp);

    /* the questionnaire named in other ways */
    static const struct { const char *ref; long status; } refs[] = {
        {"Questionnaire/sdcphq9", 201},
        {"Questionnaire/sdcphq9/_history/1", 201},
        {"http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9|0.0.1", 201},
        {"http://hl7.org/fhir/uv/sdc/Questionnaire/questionnaire-sdc-profile-example-PHQ9|9.9", 404},
        {"Questionnaire/sdcphq9/_history/2", 404},   /* newer than the published one: a draft */
        {"Questionnaire/no-such-thing", 404},
    };
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
        char body[400];
        snprintf(body, sizeof body,
                 "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"questionnaire\":\"%s\","
                 "\"item\":[{\"linkId\":\"H1/T1\",\"item\":[{\"linkId\":\"H1/T1/Q1\",\"answer\":[{\"valueCoding\":"
                 "{\"code\":\"Not-at-all\"}}]}]}]}", refs[i].ref);
        post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, body, strlen(body), NULL, NULL, &r);
        if (refs[i].status == 201) {
            expect_fhir(&r, 201, "QuestionnaireResponse");
            submitted++;
        } else {
            expect_outcome(&r, 404, NULL, NULL);
        }
        tresp_free(&r);
    }
    tclient_free(&c);
}

/* ---- bad input ---- */

static void bad_input_is_an_operation_outcome_with_the_right_status(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *good = "{\"resourceType\":\"Questionnaire\",\"url\":\"https://example.org/q/t1\",\"status\":\"draft\","
                       "\"item\":[{\"linkId\":\"a\",\"type\":\"boolean\",\"text\":\"A?\"}]}";

    /* no key, a wrong key, another scheme: 401 with the challenge */
    const char *keys[] = {NULL, "k311_not-a-real-key", "k311_demo-raasepori-pilotti-2025-revoked"};
    for (size_t i = 0; i < 3; i++) {
        post(&c, "/fhir/Questionnaire", CT_FHIR, good, strlen(good), keys[i], NULL, &r);
        expect_outcome(&r, 401, "API", NULL);
        char *www = tresp_header(&r, "WWW-Authenticate");
        assert_non_null(www);
        assert_true(strncmp(www, "Bearer", 6) == 0);
        free(www);
        if (i == 0) save("outcome-401", &r);
        tresp_free(&r);
    }
    const char *basic[] = {"Authorization: Basic YWRtaW46YWRtaW4=", NULL};
    http_request(&c, "POST", "/fhir/Questionnaire", CT_FHIR, good, strlen(good), basic, &r);
    expect_outcome(&r, 401, NULL, NULL);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM questionnaire_versions WHERE url = 'https://example.org/q/t1'", NULL), 0);

    /* wrong content type */
    post(&c, "/fhir/Questionnaire", "text/plain", good, strlen(good), api_key, NULL, &r);
    expect_outcome(&r, 415, "application/fhir+json", NULL);
    save("outcome-415", &r);
    tresp_free(&r);
    post(&c, "/fhir/Questionnaire", "application/fhir+json; charset=iso-8859-1", good, strlen(good), api_key, NULL, &r);
    expect_outcome(&r, 415, NULL, NULL);
    tresp_free(&r);
    post(&c, "/fhir/QuestionnaireResponse", "application/x-www-form-urlencoded", "a=b", 3, NULL, NULL, &r);
    expect_outcome(&r, 415, NULL, NULL);
    tresp_free(&r);

    /* malformed JSON, and JSON that is no object */
    post(&c, "/fhir/Questionnaire", CT_FHIR, "{\"resourceType\": \"Questionnaire\",", 33, api_key, NULL, &r);
    expect_outcome(&r, 400, NULL, NULL);
    save("outcome-400", &r);
    tresp_free(&r);
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, "[1,2]", 5, NULL, NULL, &r);
    expect_outcome(&r, 400, NULL, NULL);
    tresp_free(&r);

    /* wrong resourceType */
    const char *patient = "{\"resourceType\":\"Patient\",\"id\":\"x\"}";
    post(&c, "/fhir/Questionnaire", CT_FHIR, patient, strlen(patient), api_key, NULL, &r);
    expect_outcome(&r, 400, "Patient", NULL);
    tresp_free(&r);
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, patient, strlen(patient), NULL, NULL, &r);
    expect_outcome(&r, 400, "Patient", NULL);
    tresp_free(&r);

    /* unknown linkId in enableWhen; an unsupported item type */
    const char *bad_ew = "{\"resourceType\":\"Questionnaire\",\"status\":\"draft\",\"item\":["
                         "{\"linkId\":\"a\",\"type\":\"boolean\"},{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":"
                         "[{\"question\":\"ghost-item\",\"operator\":\"exists\",\"answerBoolean\":true}]}]}";
    post(&c, "/fhir/Questionnaire", CT_FHIR, bad_ew, strlen(bad_ew), api_key, NULL, &r);
    expect_outcome(&r, 422, "ghost-item", "item b");
    tresp_free(&r);
    const char *bad_type = "{\"resourceType\":\"Questionnaire\",\"status\":\"draft\",\"item\":["
                           "{\"linkId\":\"photo\",\"type\":\"attachment\"}]}";
    post(&c, "/fhir/Questionnaire", CT_FHIR, bad_type, strlen(bad_type), api_key, NULL, &r);
    expect_outcome(&r, 422, "photo", "attachment");
    tresp_free(&r);

    /* 5 MB: refused, as an OperationOutcome */
    size_t n = 5 * 1024 * 1024;
    char *big = malloc(n);
    memset(big, ' ', n);
    memcpy(big, good, strlen(good));
    post(&c, "/fhir/Questionnaire", CT_FHIR, big, n, api_key, NULL, &r);
    expect_outcome(&r, 413, NULL, NULL);
    save("outcome-413", &r);
    tresp_free(&r);
    free(big);
    /* past the server's own --max-body (8 MiB): the server answers, in the same shape */
    n = 9 * 1024 * 1024;
    big = malloc(n);
    memset(big, ' ', n);
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, big, n, NULL, NULL, &r);
    expect_outcome(&r, 413, NULL, NULL);
    tresp_free(&r);
    free(big);

    /* paths and methods the API does not have */
    http_get(&c, "/fhir/Patient/1", NULL, &r);
    expect_outcome(&r, 404, NULL, NULL);
    save("outcome-404", &r);
    tresp_free(&r);
    http_get(&c, "/fhir/QuestionnaireResponse/1", NULL, &r);   /* anonymous records are never read back */
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    http_request(&c, "DELETE", "/fhir/Questionnaire/mental-health", NULL, NULL, 0, NULL, &r);
    expect_outcome(&r, 405, NULL, NULL);
    char *allow = tresp_header(&r, "Allow");
    assert_non_null(allow);
    assert_non_null(strstr(allow, "GET"));
    free(allow);
    tresp_free(&r);

    /* a response with an unknown linkId, and one with a code not offered */
    const char *ghost = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
                        "\"questionnaire\":\"Questionnaire/mental-health\",\"item\":[{\"linkId\":\"ghost\","
                        "\"answer\":[{\"valueBoolean\":true}]}]}";
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, ghost, strlen(ghost), NULL, NULL, &r);
    expect_outcome(&r, 422, "ghost", NULL);
    tresp_free(&r);
    const char *nocode = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
                         "\"questionnaire\":\"Questionnaire/mental-health\",\"item\":[{\"linkId\":\"mood\",\"item\":["
                         "{\"linkId\":\"phq1\",\"answer\":[{\"valueCoding\":{\"code\":\"sometimes\"}}]}]}]}";
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, nocode, strlen(nocode), NULL, NULL, &r);
    expect_outcome(&r, 422, "sometimes", NULL);
    tresp_free(&r);
    /* required questions left out: refused, the outcome would rest on questions never asked */
    const char *partial = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
                          "\"questionnaire\":\"Questionnaire/mental-health\",\"item\":[{\"linkId\":\"mood\",\"item\":["
                          "{\"linkId\":\"phq1\",\"answer\":[{\"valueCoding\":{\"code\":\"not-at-all\"}}]}]}]}";
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, partial, strlen(partial), NULL, NULL, &r);
    expect_outcome(&r, 422, "phq2", "required");
    tresp_free(&r);
    tclient_free(&c);
}

/* ---- read, vread, search ---- */

static void read_vread_and_search_with_and_without_a_key(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* a draft only a key shows */
    const char *draft = "{\"resourceType\":\"Questionnaire\",\"id\":\"kiosk-draft\",\"name\":\"KioskDraft\","
                        "\"url\":\"https://example.org/q/kiosk\",\"status\":\"draft\","
                        "\"item\":[{\"linkId\":\"a\",\"type\":\"boolean\",\"text\":\"A?\"}]}";
    post(&c, "/fhir/Questionnaire", CT_FHIR, draft, strlen(draft), api_key, NULL, &r);
    expect_fhir(&r, 201, "Questionnaire");
    tresp_free(&r);

    get(&c, "/fhir/Questionnaire/kiosk-draft", NULL, &r);
    expect_outcome(&r, 404, "kiosk-draft", NULL);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/kiosk-draft", api_key, &r);
    expect_fhir(&r, 200, "Questionnaire");
    assert_true(body_has(&r, "\"id\":\"kiosk-draft\""));
    assert_true(body_has(&r, "\"versionId\":\"1\""));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/kiosk-draft", "k311_not-a-real-key", &r);
    expect_outcome(&r, 401, NULL, NULL);
    tresp_free(&r);

    /* published: anyone reads it */
    get(&c, "/fhir/Questionnaire/mental-health", NULL, &r);
    expect_fhir(&r, 200, "Questionnaire");
    assert_true(body_has(&r, "\"id\":\"mental-health\""));
    assert_true(body_has(&r, "\"url\":\"https://kohtaamo.fi/fhir/Questionnaire/mental-health\""));
    char *etag = tresp_header(&r, "ETag");
    assert_string_equal(etag, "W/\"1\"");
    free(etag);
    save("questionnaire-read", &r);
    tresp_free(&r);

    /* vread: sdcphq9 has versions 1 (published) and 2 (not) */
    get(&c, "/fhir/Questionnaire/sdcphq9/_history/1", NULL, &r);
    expect_fhir(&r, 200, "Questionnaire");
    assert_true(body_has(&r, "\"versionId\":\"1\""));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/sdcphq9/_history/2", NULL, &r);
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/sdcphq9/_history/2", api_key, &r);
    expect_fhir(&r, 200, "Questionnaire");
    assert_true(body_has(&r, "\"versionId\":\"2\""));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/sdcphq9/_history/x", api_key, &r);
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    /* read: the published version without a key, the latest with one */
    get(&c, "/fhir/Questionnaire/sdcphq9", NULL, &r);
    assert_true(body_has(&r, "\"versionId\":\"1\""));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/sdcphq9", api_key, &r);
    assert_true(body_has(&r, "\"versionId\":\"2\""));
    tresp_free(&r);

    /* search */
    get(&c, "/fhir/Questionnaire?name=mentalhealth", NULL, &r);
    expect_fhir(&r, 200, "Bundle");
    json_t *b = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(b, "type")), "searchset");
    assert_int_equal(json_integer_value(json_object_get(b, "total")), 1);
    json_t *e = json_array_get(json_object_get(b, "entry"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(e, "fullUrl")), "/fhir/Questionnaire/mental-health"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "search"), "mode")), "match");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "resource"), "id")), "mental-health");
    json_decref(b);
    save("bundle-search", &r);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire?url=https://kohtaamo.fi/fhir/Questionnaire/respiratory", NULL, &r);
    expect_fhir(&r, 200, "Bundle");
    assert_true(body_has(&r, "\"total\":1"));
    assert_true(body_has(&r, "\"id\":\"respiratory\""));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire?status=draft", NULL, &r);
    assert_false(body_has(&r, "kiosk-draft"));
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire?status=draft", api_key, &r);
    expect_fhir(&r, 200, "Bundle");
    assert_true(body_has(&r, "\"id\":\"kiosk-draft\""));
    assert_false(body_has(&r, "\"id\":\"mental-health\""));   /* active */
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire?name=nothing-like-this", NULL, &r);
    expect_fhir(&r, 200, "Bundle");
    assert_true(body_has(&r, "\"total\":0"));
    save("bundle-empty", &r);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/no-such-thing", NULL, &r);
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/%FF%FE", NULL, &r);   /* not UTF-8: no such slug, not a database error */
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    get(&c, "/fhir/Questionnaire/%FF%FE/_history/1", api_key, &r);
    expect_outcome(&r, 404, NULL, NULL);
    tresp_free(&r);
    tclient_free(&c);
}

/* ---- the same answers through the form and the API ---- */

/* Submits page as a browser would, going on to the next page. */
static void submit(tclient *c, const char *path, const tresp *page, const char *const *extra, tresp *out)
{
    http_submit_page(c, path, page, "next", extra, out);
}

/* As tests/integration/test_selfassess.c answers it: PHQ-9 in full (mood 11), a little anxiety,
 * no alcohol (the follow-ups given anyway, disabled), no self-harm: "days". */
static const char *const MOOD[] = {
    "a:phq1", "more-than-half", "a:phq2", "more-than-half", "a:phq3", "several-days", "a:phq4", "more-than-half",
    "a:phq5", "several-days", "a:phq6", "several-days", "a:phq7", "several-days", "a:phq8", "not-at-all",
    "a:phq9", "not-at-all", NULL};
static const char *const ANXIETY[] = {"a:gad1", "several-days", "a:gad2", "not-at-all", NULL};
static const char *const ALCOHOL[] = {"a:audit1", "never", "a:audit2", "10-or-more", "a:audit3", "daily", NULL};
static const char *const NOW[] = {"a:harm-now", "no", "a:someone", "yes", NULL};

static const char *MENTAL_HEALTH_RESPONSE =
    "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
    "\"questionnaire\":\"https://kohtaamo.fi/fhir/Questionnaire/mental-health\",\"item\":["
    "{\"linkId\":\"mood\",\"item\":["
    "{\"linkId\":\"phq1\",\"answer\":[{\"valueCoding\":{\"code\":\"more-than-half\"}}]},"
    "{\"linkId\":\"phq2\",\"answer\":[{\"valueCoding\":{\"code\":\"more-than-half\"}}]},"
    "{\"linkId\":\"mood-more\",\"item\":["
    "{\"linkId\":\"phq3\",\"answer\":[{\"valueCoding\":{\"code\":\"several-days\"}}]},"
    "{\"linkId\":\"phq4\",\"answer\":[{\"valueCoding\":{\"code\":\"more-than-half\"}}]},"
    "{\"linkId\":\"phq5\",\"answer\":[{\"valueCoding\":{\"code\":\"several-days\"}}]},"
    "{\"linkId\":\"phq6\",\"answer\":[{\"valueCoding\":{\"code\":\"several-days\"}}]},"
    "{\"linkId\":\"phq7\",\"answer\":[{\"valueCoding\":{\"code\":\"several-days\"}}]},"
    "{\"linkId\":\"phq8\",\"answer\":[{\"valueCoding\":{\"code\":\"not-at-all\"}}]},"
    "{\"linkId\":\"phq9\",\"answer\":[{\"valueCoding\":{\"code\":\"not-at-all\"}}]}]}]},"
    "{\"linkId\":\"anxiety\",\"item\":["
    "{\"linkId\":\"gad1\",\"answer\":[{\"valueCoding\":{\"code\":\"several-days\"}}]},"
    "{\"linkId\":\"gad2\",\"answer\":[{\"valueCoding\":{\"code\":\"not-at-all\"}}]}]},"
    "{\"linkId\":\"alcohol\",\"item\":["
    "{\"linkId\":\"audit1\",\"answer\":[{\"valueCoding\":{\"code\":\"never\"}}]},"
    "{\"linkId\":\"audit2\",\"answer\":[{\"valueCoding\":{\"code\":\"10-or-more\"}}]},"
    "{\"linkId\":\"audit3\",\"answer\":[{\"valueCoding\":{\"code\":\"daily\"}}]}]},"
    "{\"linkId\":\"now\",\"item\":["
    "{\"linkId\":\"harm-now\",\"answer\":[{\"valueCoding\":{\"code\":\"no\"}}]},"
    "{\"linkId\":\"someone\",\"answer\":[{\"valueCoding\":{\"code\":\"yes\"}}]}]}]}";

static void mental_health_through_the_api_gives_the_forms_urgency_and_advice(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *path = "/fi/self-assessment/mental-health";
    tresp start, p1, p2, p3, p4, p5, done;
    http_get(&c, path, NULL, &start);
    assert_int_equal(start.status, 200);
    const char *const muni[] = {"municipality", "710", NULL};
    submit(&c, path, &start, muni, &p1);
    submit(&c, path, &p1, MOOD, &p2);   /* the rest of PHQ-9 appears on the same page */
    submit(&c, path, &p2, MOOD, &p3);
    submit(&c, path, &p3, ANXIETY, &p4);
    submit(&c, path, &p4, ALCOHOL, &p5);
    submit(&c, path, &p5, NOW, &done);
    assert_int_equal(done.status, 303);
    submitted++;
    char *loc = tresp_header(&done, "Location");
    tresp page;
    http_get(&c, loc, NULL, &page);
    assert_int_equal(page.status, 200);
    free(loc);
    const char *form_urgency_sql = "SELECT CASE urgency WHEN 'days' THEN 3 ELSE 0 END FROM assessments "
                                   "WHERE id = (SELECT MAX(id) FROM assessments WHERE channel = 'form')";
    assert_int_equal(scalar(form_urgency_sql, NULL), 3);
    int64_t form_rule = scalar("SELECT rule_index FROM assessments WHERE id = (SELECT MAX(id) FROM assessments "
                               "WHERE channel = 'form')", NULL);

    tresp r;
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, MENTAL_HEALTH_RESPONSE, strlen(MENTAL_HEALTH_RESPONSE), NULL, "fi", &r);
    expect_fhir(&r, 201, "QuestionnaireResponse");
    submitted++;
    json_t *j = body_json(&r);
    json_t *coding = json_object_get(extension(j, "https://kohtaamo.fi/fhir/StructureDefinition/outcome"), "valueCoding");
    assert_string_equal(json_string_value(json_object_get(coding, "code")), "days");
    assert_string_equal(json_string_value(json_object_get(coding, "display")), "Yhteys muutaman päivän sisällä");
    const char *advice = json_string_value(
        json_object_get(extension(j, "https://kohtaamo.fi/fhir/StructureDefinition/advice"), "valueString"));
    assert_non_null(advice);
    /* the form's outcome page gives the same advice */
    char head[40];
    snprintf(head, sizeof head, "%.30s", advice);
    if (!body_has(&page, head)) fail_msg("the form's outcome has no \"%s\"", head);
    assert_int_equal(scalar("SELECT rule_index FROM assessments WHERE id = (SELECT MAX(id) FROM assessments "
                            "WHERE channel = 'fhir')", NULL), form_rule);
    /* the disabled alcohol follow-ups are gone from the echo and from the record */
    assert_false(body_has(&r, "audit2"));
    assert_false(body_has(&r, "10-or-more"));
    assert_true(body_has(&r, "\"linkId\":\"audit1\""));
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE channel = 'fhir' AND answers LIKE '%audit2%'", NULL), 0);
    json_decref(j);
    save("response-mental-health", &r);
    tresp_free(&r);
    /* in Swedish */
    post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, MENTAL_HEALTH_RESPONSE, strlen(MENTAL_HEALTH_RESPONSE), NULL, "sv", &r);
    expect_fhir(&r, 201, "QuestionnaireResponse");
    submitted++;
    assert_true(body_has(&r, "\"code\":\"days\""));
    assert_true(body_has(&r, "\"display\":\"Kontakt inom några dagar\""));
    tresp_free(&r);
    tresp *all[] = {&start, &p1, &p2, &p3, &p4, &p5, &done, &page};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tresp_free(all[i]);
    tclient_free(&c);
}

/* ---- validation by an independent library ---- */

static int run_validator(const char *const *files, int n)
{
    buf cmd = BUF_INIT;
    buf_puts(&cmd, "tests/fhir/validator/run.sh");
    for (int i = 0; i < n; i++) buf_printf(&cmd, " '%s'", files[i]);
    buf_append(&cmd, "", 0);
    int rc = system(cmd.data);
    buf_free(&cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void answers_validate_as_fhir_r4(void **state)
{
    (void)state;
    assert_true(nsaved >= 10);
    const char *files[40];
    for (int i = 0; i < nsaved; i++) files[i] = saved[i];
    assert_int_equal(run_validator(files, nsaved), 0);
    /* and the validator does catch a broken resource: a Bundle whose total is text
     * and an OperationOutcome issue with a code FHIR does not have */
    char broken[400];
    snprintf(broken, sizeof broken, "%s/fhir-answers/broken.json", srv.dir);
    FILE *f = fopen(broken, "wb");
    assert_non_null(f);
    fputs("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":\"four\"}", f);
    fclose(f);
    const char *one[] = {broken};
    assert_int_equal(run_validator(one, 1), 1);
}

/* ---- the rate limit the form and the API share (last: it uses the limit up) ---- */

static void responses_share_the_forms_rate_limit(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    int accepted = 0;
    for (int i = 0; i < 40; i++) {
        post(&c, "/fhir/QuestionnaireResponse", CT_FHIR, MENTAL_HEALTH_RESPONSE, strlen(MENTAL_HEALTH_RESPONSE), NULL,
             NULL, &r);
        if (r.status != 201) break;
        accepted++;
        tresp_free(&r);
    }
    /* 30 in ten minutes from one client, through the form and the API together */
    assert_int_equal(submitted + accepted, 30);
    expect_outcome(&r, 429, NULL, NULL);
    assert_true(body_has(&r, "\"code\":\"throttled\""));
    char *retry = tresp_header(&r, "Retry-After");
    assert_non_null(retry);
    assert_true(atoi(retry) > 0);
    free(retry);
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capability_statement),
        cmocka_unit_test(sdc_peer_set_is_accepted_or_refused_by_linkid),
        cmocka_unit_test(phq9_example_response_scores_10_by_its_own_answers),
        cmocka_unit_test(bad_input_is_an_operation_outcome_with_the_right_status),
        cmocka_unit_test(read_vread_and_search_with_and_without_a_key),
        cmocka_unit_test(mental_health_through_the_api_gives_the_forms_urgency_and_advice),
        cmocka_unit_test(answers_validate_as_fhir_r4),
        cmocka_unit_test(responses_share_the_forms_rate_limit),
    };
    return cmocka_run_group_tests_name("fhir", tests, setup, teardown);
}
