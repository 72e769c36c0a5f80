/* The FHIR R4 REST API: /fhir/metadata, Questionnaire create (API key),
 * read, vread and search, QuestionnaireResponse create (open like the
 * resident's form, same rate limit). Every answer is application/fhir+json;
 * every error an OperationOutcome.
 *
 * Who sees what: questionnaires are public instruments, so reading needs no
 * key, but without one only published questionnaires exist, at their
 * published version (and the versions before it); with a valid key every
 * questionnaire and version does, drafts included. A QuestionnaireResponse
 * can be created but never read back: the stored assessment is anonymous,
 * its ids are sequential, and no client owns it, so there is nobody a read
 * could be allowed to; the creating client gets everything in the 201. */
#include "rest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../app/app.h"
#include "../http/ratelimit.h"
#include "../open311/open311.h"
#include "../selfassess/selfassess.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include <microhttpd.h>

#define FHIR_CONTENT_TYPE "application/fhir+json; charset=utf-8"
/* Real instruments are tens of kilobytes; a 5 MB upload is refused before
 * it is parsed, whatever the server's --max-body allows for files. */
#define FHIR_MAX_BODY (2L * 1024 * 1024)

/* ---- answers and errors ---- */

static void fhir_respond(request *r, int status, json_t *value)
{
    r->status = status;
    r->content_type = FHIR_CONTENT_TYPE;
    r->out.len = 0;
    char *s = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(12));
    if (s) buf_puts(&r->out, s);
    json_text_free(s);
    json_decref(value);
    req_header(r, "Cache-Control", "no-store");
}

static const char *issue_code(int status)
{
    switch (status) {
    case 400: return "invalid";
    case 401: return "login";
    case 403: return "forbidden";
    case 404: return "not-found";
    case 405: case 415: return "not-supported";
    case 413: return "too-costly";
    case 422: return "processing";
    case 429: return "throttled";
    case 503: return "transient";
    default: return "exception";
    }
}

void fhir_error(request *r, int status, const char *message)
{
    json_t *issue = json_pack("{s:s, s:s}", "severity", "error", "code", issue_code(status));
    if (message && *message) json_object_set_new(issue, "diagnostics", json_string(message));
    fhir_respond(r, status, json_pack("{s:s, s:[o]}", "resourceType", "OperationOutcome", "issue", issue));
}

/* An OperationOutcome from the engine's issues (each names its linkId). */
static void respond_issues(request *r, int status, const q_issues *is)
{
    fhir_respond(r, status, q_operation_outcome(is));
}

/* ---- request checks ---- */

/* The API key of "Authorization: Bearer KEY": 1 when valid, 0 when there is
 * no Authorization header, and 401 (answered) when there is one that is not
 * a valid key; -1 on a database error. */
static int bearer_key(request *r)
{
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
    if (!h) return 0;
    const char *key = strncasecmp(h, "Bearer ", 7) == 0 ? h + 7 : NULL;
    while (key && *key == ' ') key++;
    int64_t id = key && *key ? api_key_check(r->db, &r->a, key) : 0;
    if (id < 0) return -1;
    if (id > 0) return 1;
    req_header(r, "WWW-Authenticate", "Bearer realm=\"kohtaamo-fhir\", error=\"invalid_token\"");
    fhir_error(r, 401, tr(r->lang, "The API key is not valid. Ask the county's administrators for an API key."));
    return 401;
}

/* application/fhir+json or application/json, with charset=utf-8 or
 * fhirVersion=4.0 (or no parameter). */
static bool content_type_ok(const char *ct)
{
    if (!ct) return false;
    while (*ct == ' ') ct++;
    size_t n = strcspn(ct, "; ");
    if (!((n == 21 && strncasecmp(ct, "application/fhir+json", n) == 0) ||
          (n == 16 && strncasecmp(ct, "application/json", n) == 0)))
        return false;
    for (const char *p = ct + n; *p;) {
        while (*p == ' ' || *p == ';') p++;
        if (!*p) break;
        size_t len = strcspn(p, ";");
        while (len > 0 && p[len - 1] == ' ') len--;
        if (!((len == 13 && strncasecmp(p, "charset=utf-8", len) == 0) ||
              (len == 15 && strncasecmp(p, "charset=\"utf-8\"", len) == 0) ||
              (len == 15 && strncmp(p, "fhirVersion=4.0", len) == 0)))
            return false;
        p += strcspn(p, ";");
    }
    return true;
}

/* The body as a resource of type want: 0 with *out, or 1 when answered
 * (415, 413, 400). */
static int read_resource(request *r, const char *want, json_t **out)
{
    *out = NULL;
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    if (!content_type_ok(ct)) {
        fhir_error(r, 415, tr(r->lang, "Send the resource as application/fhir+json."));
        return 1;
    }
    if ((long)r->body.len > FHIR_MAX_BODY) {
        fhir_error(r, 413, tr(r->lang, "What you sent is too large"));
        return 1;
    }
    char err[200];
    json_t *doc = q_json_load(r->body.data ? r->body.data : "", r->body.len, err, sizeof err);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        fhir_error(r, 400, arena_printf(&r->a, "%s %s", tr(r->lang, "The body is not a JSON resource:"),
                                        doc ? "not an object" : err));
        return 1;
    }
    const char *rt = json_string_value(json_object_get(doc, "resourceType"));
    if (!rt || strcmp(rt, want) != 0) {
        json_decref(doc);
        fhir_error(r, 400, arena_printf(&r->a, "resourceType %s, expected %s", rt ? rt : "(missing)", want));
        return 1;
    }
    *out = doc;
    return 0;
}

static const char *iso_instant(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- CapabilityStatement ---- */

int fhir_metadata(request *r)
{
    json_t *q = json_pack(
        "{s:s, s:[{s:s},{s:s},{s:s},{s:s}], s:s, s:b, s:[{s:s, s:s, s:s},{s:s, s:s, s:s},{s:s, s:s, s:s}]}",
        "type", "Questionnaire", "interaction", "code", "create", "code", "read", "code", "vread", "code",
        "search-type", "versioning", "versioned", "readHistory", 1, "searchParam",
        "name", "status", "type", "token", "documentation", "draft, active or retired",
        "name", "name", "type", "string", "documentation", "the start of the computable name, any case",
        "name", "url", "type", "uri", "documentation", "the canonical url, exactly");
    json_t *qr = json_pack("{s:s, s:[{s:s}]}", "type", "QuestionnaireResponse", "interaction", "code", "create");
    json_t *rest = json_pack(
        "{s:s, s:{s:s}, s:[o, o]}", "mode", "server", "security", "description",
        "Creating a Questionnaire needs an API key issued by the county's administrators, sent as "
        "'Authorization: Bearer KEY'. Without a key only published questionnaires can be read. "
        "A QuestionnaireResponse needs no key; it is rate limited like the resident's form.",
        "resource", q, qr);
    json_t *cs = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:[s, s], s:[o]}",
        "resourceType", "CapabilityStatement", "status", "active", "date", "2026-12-03", "publisher",
        "Kohtaamo", "kind", "instance", "description",
        "Self-assessment questionnaires of the first contact: import, read and search questionnaires, "
        "and have a completed response scored and given an urgency.",
        "implementation", "description", "Kohtaamo FHIR API", "url",
        arena_printf(&r->a, "%s/fhir", APP.cfg.base_url ? APP.cfg.base_url : ""), "fhirVersion", "4.0.1",
        "format", "application/fhir+json", "json", "rest", rest);
    if (!APP.cfg.base_url || !*APP.cfg.base_url)
        json_object_del(json_object_get(cs, "implementation"), "url");
    fhir_respond(r, 200, cs);
    return 0;
}

/* ---- Questionnaire ---- */

/* The stored resource as we serve it: id is the questionnaire's slug and
 * meta.versionId our version number. NULL when the stored text is bad. */
static json_t *served_questionnaire(request *r, const char *slug, const char *version, const char *text,
                                    int64_t created_at)
{
    json_t *doc = q_json_load(text, strlen(text), NULL, 0);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        return NULL;
    }
    json_object_set_new(doc, "id", json_string(slug));
    json_t *meta = json_object_get(doc, "meta");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(doc, "meta", meta);
    }
    json_object_set_new(meta, "versionId", json_string(version));
    json_object_set_new(meta, "lastUpdated", json_string(iso_instant(r, created_at)));
    return doc;
}

/* Columns of every version query below. */
#define VERSION_COLS "q.slug, v.version, v.resource, v.created_at, v.status, v.name, v.url, v.id"

static int respond_version_row(request *r, const db_result *res)
{
    char *version = arena_strdup(&r->a, db_cell(res, 0, 1));
    json_t *doc = served_questionnaire(r, db_cell(res, 0, 0), version, db_cell(res, 0, 2), db_cell_int(res, 0, 3));
    if (!doc) return -1;
    req_header(r, "ETag", arena_printf(&r->a, "W/\"%s\"", version));
    req_header(r, "Last-Modified", iso_instant(r, db_cell_int(res, 0, 3)));
    fhir_respond(r, 200, doc);
    return 0;
}

int fhir_questionnaire_create(request *r)
{
    int key = bearer_key(r);
    if (key < 0) return -1;
    if (key == 401) return 0;
    if (key == 0) {
        req_header(r, "WWW-Authenticate", "Bearer realm=\"kohtaamo-fhir\"");
        fhir_error(r, 401, tr(r->lang, "Creating a questionnaire needs an API key, sent as Authorization: Bearer KEY."));
        return 0;
    }
    json_t *doc;
    if (read_resource(r, "Questionnaire", &doc)) return 0;
    json_decref(doc);   /* checked; sa_import reads the text itself */
    q_issues is = {0};
    sa_imported imp;
    int rc = sa_import(r->db, &r->a, r->body.data, r->body.len, NULL, 0, r->now, &imp, &is);
    if (rc < 0) return -1;
    if (rc > 0) {
        respond_issues(r, 422, &is);
        return 0;
    }
    char *version = arena_printf(&r->a, "%d", imp.version);
    db_result res;
    db_param p[] = {DB_INT(imp.version_id)};
    if (db_query(r->db, &r->a, &res, "SELECT resource, created_at FROM questionnaire_versions WHERE id = $1", 1, p) < 0 ||
        res.nrows == 0)
        return -1;
    json_t *out = served_questionnaire(r, imp.slug, version, db_cell(&res, 0, 0), db_cell_int(&res, 0, 1));
    if (!out) return -1;
    req_header(r, "Location", arena_printf(&r->a, "/fhir/Questionnaire/%s/_history/%d", imp.slug, imp.version));
    req_header(r, "ETag", arena_printf(&r->a, "W/\"%d\"", imp.version));
    fhir_respond(r, 201, out);
    return 0;
}

/* A slug from the path that cannot be one (not UTF-8: PostgreSQL would
 * refuse it as a parameter) is simply not known. */
static bool id_readable(request *r, const char *id)
{
    if (id && utf8_valid(id, strlen(id)) && strlen(id) <= 200) return true;
    fhir_error(r, 404, tr(r->lang, "Page not found"));
    return false;
}

int fhir_questionnaire_read(request *r)
{
    int key = bearer_key(r);
    if (key < 0) return -1;
    if (key == 401) return 0;
    if (!id_readable(r, req_param(r, "id"))) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(req_param(r, "id"))};
    if (db_query(r->db, &r->a, &res,
                 key ? "SELECT " VERSION_COLS " FROM questionnaires q JOIN questionnaire_versions v ON v.questionnaire_id = q.id "
                       "WHERE q.slug = $1 ORDER BY v.version DESC LIMIT 1"
                     : "SELECT " VERSION_COLS " FROM questionnaires q JOIN questionnaire_versions v ON v.id = q.published_version_id "
                       "WHERE q.slug = $1",
                 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        fhir_error(r, 404, arena_printf(&r->a, "Questionnaire/%s is not known", req_param(r, "id")));
        return 0;
    }
    return respond_version_row(r, &res);
}

static bool positive_int(const char *s, long *out)
{
    char *end;
    long v = s && *s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || v <= 0 || v > 1000000) return false;
    *out = v;
    return true;
}

int fhir_questionnaire_vread(request *r)
{
    int key = bearer_key(r);
    if (key < 0) return -1;
    if (key == 401) return 0;
    if (!id_readable(r, req_param(r, "id"))) return 0;
    long vid;
    db_result res;
    res.nrows = 0;
    if (positive_int(req_param(r, "vid"), &vid)) {
        db_param p[] = {DB_TEXT(req_param(r, "id")), DB_INT(vid)};
        /* Without a key: the published version and those before it; a newer
         * one is a draft staff have not published. */
        if (db_query(r->db, &r->a, &res,
                     key ? "SELECT " VERSION_COLS " FROM questionnaires q JOIN questionnaire_versions v ON v.questionnaire_id = q.id "
                           "WHERE q.slug = $1 AND v.version = $2"
                         : "SELECT " VERSION_COLS " FROM questionnaires q "
                           "JOIN questionnaire_versions pv ON pv.id = q.published_version_id "
                           "JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.version <= pv.version "
                           "WHERE q.slug = $1 AND v.version = $2",
                     2, p) < 0)
            return -1;
    }
    if (res.nrows == 0) {
        fhir_error(r, 404, arena_printf(&r->a, "Questionnaire/%s/_history/%s is not known", req_param(r, "id"),
                                        req_param(r, "vid")));
        return 0;
    }
    return respond_version_row(r, &res);
}

/* FHIR token search with a comma meaning "or". */
static bool token_matches(const char *param, const char *value)
{
    size_t vlen = strlen(value);
    for (const char *p = param; *p;) {
        size_t n = strcspn(p, ",");
        if (n == vlen && strncmp(p, value, n) == 0) return true;
        p += n;
        if (*p) p++;
    }
    return false;
}

int fhir_questionnaire_search(request *r)
{
    int key = bearer_key(r);
    if (key < 0) return -1;
    if (key == 401) return 0;
    const char *status = req_query(r, "status"), *name = req_query(r, "name"), *url = req_query(r, "url");
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 key ? "SELECT " VERSION_COLS " FROM questionnaires q JOIN questionnaire_versions v ON v.questionnaire_id = q.id "
                       "WHERE v.version = (SELECT MAX(m.version) FROM questionnaire_versions m WHERE m.questionnaire_id = q.id) "
                       "ORDER BY q.sort_order, q.id"
                     : "SELECT " VERSION_COLS " FROM questionnaires q JOIN questionnaire_versions v ON v.id = q.published_version_id "
                       "ORDER BY q.sort_order, q.id",
                 0, NULL) < 0)
        return -1;
    const char *base = APP.cfg.base_url ? APP.cfg.base_url : "";
    json_t *entries = json_array();
    for (int i = 0; i < res.nrows; i++) {
        /* a handful of questionnaires: filtered here, no LIKE to escape */
        if (status && *status && !token_matches(status, db_cell(&res, i, 4))) continue;
        if (name && *name && strncasecmp(db_cell(&res, i, 5), name, strlen(name)) != 0) continue;
        if (url && *url && strcmp(db_cell(&res, i, 6), url) != 0) continue;
        const char *slug = db_cell(&res, i, 0);
        json_t *doc = served_questionnaire(r, slug, arena_strdup(&r->a, db_cell(&res, i, 1)), db_cell(&res, i, 2),
                                           db_cell_int(&res, i, 3));
        if (!doc) continue;
        json_array_append_new(entries, json_pack("{s:s, s:o, s:{s:s}}", "fullUrl",
                                                 arena_printf(&r->a, "%s/fhir/Questionnaire/%s", base, slug),
                                                 "resource", doc, "search", "mode", "match"));
    }
    json_t *bundle = json_pack("{s:s, s:s, s:I, s:[{s:s, s:s}]}", "resourceType", "Bundle", "type", "searchset",
                               "total", (json_int_t)json_array_size(entries), "link", "relation", "self", "url",
                               arena_printf(&r->a, "%s/fhir/Questionnaire", base));
    if (json_array_size(entries)) json_object_set(bundle, "entry", entries);
    json_decref(entries);
    fhir_respond(r, 200, bundle);
    return 0;
}

/* ---- QuestionnaireResponse ---- */

/* The version a response's `questionnaire` names, answered by residents:
 * "Questionnaire/{slug}" or a canonical url: the published version;
 * "Questionnaire/{slug}/_history/{n}": our version n; "url|version": the
 * latest of ours with that business version. Never a version newer than the
 * published one (an unpublished draft is not for residents). 0 with *out;
 * 1 when answered (404); -1 on a database error. */
static int resolve_questionnaire(request *r, const char *ref, const sa_version **out)
{
    db_result res;
    res.nrows = 0;
    int rc = 0;
    if (strncmp(ref, "Questionnaire/", 14) == 0) {
        const char *rest = ref + 14;
        const char *hist = strstr(rest, "/_history/");
        long n = 0;
        if (!hist) {
            db_param p[] = {DB_TEXT(rest)};
            rc = db_query(r->db, &r->a, &res, "SELECT published_version_id FROM questionnaires WHERE slug = $1 "
                                              "AND published_version_id IS NOT NULL", 1, p);
        } else if (positive_int(hist + 10, &n)) {
            db_param p[] = {DB_TEXT(arena_strndup(&r->a, rest, (size_t)(hist - rest))), DB_INT(n)};
            rc = db_query(r->db, &r->a, &res,
                          "SELECT v.id FROM questionnaires q JOIN questionnaire_versions pv ON pv.id = q.published_version_id "
                          "JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.version <= pv.version "
                          "WHERE q.slug = $1 AND v.version = $2", 2, p);
        }
    } else {
        const char *bar = strchr(ref, '|');
        const char *url = bar ? arena_strndup(&r->a, ref, (size_t)(bar - ref)) : ref;
        if (!bar) {
            db_param p[] = {DB_TEXT(url)};
            rc = db_query(r->db, &r->a, &res,
                          "SELECT q.published_version_id FROM questionnaires q WHERE q.published_version_id IS NOT NULL "
                          "AND q.id IN (SELECT questionnaire_id FROM questionnaire_versions WHERE url = $1) "
                          "ORDER BY q.id LIMIT 1", 1, p);
        } else {
            db_param p[] = {DB_TEXT(url), DB_TEXT(bar + 1)};
            rc = db_query(r->db, &r->a, &res,
                          "SELECT v.id FROM questionnaires q JOIN questionnaire_versions pv ON pv.id = q.published_version_id "
                          "JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.version <= pv.version "
                          "WHERE v.url = $1 AND v.fhir_version = $2 ORDER BY v.version DESC LIMIT 1", 2, p);
        }
    }
    if (rc < 0) return -1;
    if (res.nrows > 0) {
        bool failed;
        *out = sa_version_get(r->db, &r->a, db_cell_int(&res, 0, 0), &failed);
        if (failed) return -1;
        if (*out) return 0;
    }
    fhir_error(r, 404, arena_printf(&r->a, "%s %s", tr(r->lang, "No published questionnaire matches"), ref));
    return 1;
}

/* A calculated item's answer, typed as the item says. */
static json_t *calculated_answer(const q_item *it, double value, json_t *given)
{
    if (it->type == QT_QUANTITY) {
        /* keep the client's unit and system, never its number */
        json_t *qty = json_object_get(json_array_get(json_object_get(given, "answer"), 0), "valueQuantity");
        qty = json_is_object(qty) ? json_deep_copy(qty) : json_object();
        json_object_set_new(qty, "value", json_real(value));
        return json_pack("[{s:o}]", "valueQuantity", qty);
    }
    if (it->type == QT_INTEGER) return json_pack("[{s:I}]", "valueInteger", (json_int_t)llround(value));
    return json_pack("[{s:f}]", "valueDecimal", value);
}

/* Whether key is an element of R4 (or the extension of a primitive one,
 * "_text") among names. */
static bool known_element(const char *key, const char *const *names)
{
    if (key[0] == '_') key++;
    for (; *names; names++)
        if (strcmp(key, *names) == 0) return true;
    return false;
}

/* Drops what R4 does not define from obj (the SDC example response gives
 * its items a "type"): the answer stays valid FHIR, and nothing we do not
 * understand is echoed as if we did. */
static void drop_unknown(json_t *obj, const char *const *names)
{
    const char *key;
    json_t *val;
    void *tmp;
    json_object_foreach_safe(obj, tmp, key, val) {
        if (!known_element(key, names)) json_object_del(obj, key);
    }
}

static const char *const RESPONSE_ELEMENTS[] = {
    "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension",
    "modifierExtension", "identifier", "basedOn", "partOf", "questionnaire", "status", "subject", "encounter",
    "authored", "author", "source", "item", NULL};
static const char *const ITEM_ELEMENTS[] = {"id", "extension", "modifierExtension", "linkId", "definition",
                                           "text", "answer", "item", NULL};

typedef struct echo_state {
    const questionnaire *q;
    const q_answers *ans;
    const q_result *res;
    bool *placed;          /* per item: a calculated item found in the response */
} echo_state;

/* Drops the items disabled by enableWhen (with everything under them) and
 * fills in the calculated ones, in place. */
static void echo_items(echo_state *st, json_t *items)
{
    if (!json_is_array(items)) return;
    for (size_t k = json_array_size(items); k-- > 0;) {
        json_t *obj = json_array_get(items, k);
        int i = q_find(st->q, json_string_value(json_object_get(obj, "linkId")));
        if (i < 0) continue;
        drop_unknown(obj, ITEM_ELEMENTS);
        if (!st->res->enabled[i]) {
            json_array_remove(items, k);
            continue;
        }
        if (st->q->items[i].calculated) {
            json_object_set_new(obj, "answer", calculated_answer(&st->q->items[i],
                                                                 q_calculated_value(st->q, st->ans, st->res, i), obj));
            st->placed[i] = true;
        }
        echo_items(st, json_object_get(obj, "item"));
    }
}

static json_t *find_item(json_t *items, const char *link_id)
{
    size_t k;
    json_t *obj;
    json_array_foreach(items, k, obj) {
        const char *lid = json_string_value(json_object_get(obj, "linkId"));
        if (lid && strcmp(lid, link_id) == 0) return obj;
        json_t *deeper = find_item(json_object_get(obj, "item"), link_id);
        if (deeper) return deeper;
    }
    return NULL;
}

static json_t *items_of(json_t *parent)
{
    json_t *items = json_object_get(parent, "item");
    if (!json_is_array(items)) {
        items = json_array();
        json_object_set_new(parent, "item", items);
    }
    return items;
}

static const char *urgency_display(const char *lang, q_urgency u)
{
    switch (u) {
    case QU_EMERGENCY: return tr(lang, "Emergency");
    case QU_URGENT: return tr(lang, "Urgent");
    case QU_DAYS: return tr(lang, "Contact within days");
    case QU_ROUTINE: return tr(lang, "Routine");
    default: return tr(lang, "Self-care");
    }
}

int fhir_response_create(request *r)
{
    json_t *doc;
    if (read_resource(r, "QuestionnaireResponse", &doc)) return 0;
    const char *ref = json_string_value(json_object_get(doc, "questionnaire"));
    if (!ref || !*ref) {
        json_decref(doc);
        fhir_error(r, 400, tr(r->lang, "The response does not say which questionnaire it answers (questionnaire)."));
        return 0;
    }
    const sa_version *v;
    int rc = resolve_questionnaire(r, ref, &v);
    if (rc) {
        json_decref(doc);
        return rc < 0 ? -1 : 0;
    }
    const questionnaire *q = v->q;
    q_issues is = {0};
    q_answers *ans = q_response_parse(&r->a, q, doc, &is);
    const char *status = json_string_value(json_object_get(doc, "status"));
    if (ans && status && strcmp(status, "completed") != 0 && strcmp(status, "amended") != 0)
        q_issue_add(&r->a, &is, "error", "business-rule", NULL, "QuestionnaireResponse.status",
                    "status is %s: only a completed response is assessed", status);
    q_result res;
    if (ans && !is.errors) {
        q_evaluate(&r->a, q, ans, &res);
        /* as on the form: a required question that is shown must be answered,
         * or the outcome could rest on a question never asked */
        for (int i = 0; i < q->n_items; i++) {
            const q_item *it = &q->items[i];
            if (it->required && res.enabled[i] && ans->n[i] == 0 && !it->calculated && !it->read_only &&
                it->type != QT_GROUP && it->type != QT_DISPLAY)
                q_issue_add(&r->a, &is, "error", "required", it->link_id, NULL, "%s is required and has no answer",
                            it->link_id);
        }
    }
    if (!ans || is.errors) {
        json_decref(doc);
        respond_issues(r, 422, &is);
        return 0;
    }

    int wait = ratelimit_hit(SA_RATELIMIT_BUCKET, r->client_key, sa_submit_limit(), SA_SUBMIT_WINDOW, r->now);
    if (wait > 0) {
        json_decref(doc);
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        fhir_error(r, 429, tr_fill(r, "Too many requests. Please try again in {n} seconds.", wait));
        return 0;
    }
    int64_t id;
    if (sa_assessment_store(r->db, &r->a, v, ans, &res, 0, r->lang, "fhir", NULL, r->now, &id) < 0) {
        json_decref(doc);
        return -1;
    }

    /* The response as we assessed it. The narrative and meta were the
     * client's and may state another score: they go. */
    char *sid = arena_printf(&r->a, "%lld", (long long)id);
    json_object_set_new(doc, "id", json_string(sid));
    json_object_set_new(doc, "status", json_string("completed"));
    json_object_del(doc, "text");
    json_object_del(doc, "meta");
    drop_unknown(doc, RESPONSE_ELEMENTS);
    echo_state st = {.q = q, .ans = ans, .res = &res, .placed = arena_alloc(&r->a, (size_t)q->n_items + 1)};
    memset(st.placed, 0, (size_t)q->n_items + 1);
    echo_items(&st, json_object_get(doc, "item"));
    for (int i = 0; i < q->n_items; i++) {
        const q_item *it = &q->items[i];
        if (!it->calculated || st.placed[i] || !res.enabled[i]) continue;
        json_t *parent = it->parent < 0 ? doc : find_item(json_object_get(doc, "item"), q->items[it->parent].link_id);
        if (!parent) continue;
        json_array_append_new(items_of(parent), json_pack("{s:s, s:o}", "linkId", it->link_id, "answer",
                                                          calculated_answer(it, q_calculated_value(q, ans, &res, i), NULL)));
    }
    json_t *exts = json_object_get(doc, "extension");
    if (!json_is_array(exts)) {
        exts = json_array();
        json_object_set_new(doc, "extension", exts);
    }
    for (size_t k = json_array_size(exts); k-- > 0;) {   /* a client's own claims of these are never kept */
        const char *u = json_string_value(json_object_get(json_array_get(exts, k), "url"));
        if (u && (!strcmp(u, Q_EXT_SCORE) || !strcmp(u, Q_EXT_OUTCOME) || !strcmp(u, FHIR_EXT_ADVICE)))
            json_array_remove(exts, k);
    }
    json_array_append_new(exts, json_pack("{s:s, s:f}", "url", Q_EXT_SCORE, "valueDecimal", res.total));
    json_array_append_new(exts, json_pack("{s:s, s:{s:s, s:s, s:s}}", "url", Q_EXT_OUTCOME, "valueCoding", "system",
                                          FHIR_URGENCY_SYSTEM, "code", q_urgency_code(res.urgency), "display",
                                          urgency_display(r->lang, res.urgency)));
    if (res.rule >= 0 && res.rule < q->n_rules) {
        const char *text_lang = NULL;
        const char *advice = q_text_get(&q->rules[res.rule].advice, r->lang, &text_lang);
        if (advice && *advice)
            json_array_append_new(exts, json_pack("{s:s, s:s}", "url", FHIR_EXT_ADVICE, "valueString", advice));
    }
    req_header(r, "Location", arena_printf(&r->a, "/fhir/QuestionnaireResponse/%s", sid));
    req_header(r, "Content-Language", r->lang);
    fhir_respond(r, 201, doc);
    return 0;
}
